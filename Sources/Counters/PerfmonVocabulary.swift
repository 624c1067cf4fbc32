/// The perfmon objects and counters a member's throughput is read from, in English and in the
/// localised names Windows writes on other display languages (as far as they are known here).
/// Names are compared lower-cased, with `.` and surrounding spaces dropped, so that
/// `Gesendete Byte/Sek.` and `Gesendete Bytes/s` both match.
public enum PerfmonVocabulary {
    /// Which object a column belongs to.
    public enum Object: Sendable, Equatable {
        /// `Network Interface` and `Network Adapter` (the same NDIS counters; the first listed wins).
        case network
        /// `RDMA Activity` (Windows Server 2012 and later: per RDMA-capable adapter).
        case rdma
    }

    /// Object names, by what they are.
    static let networkObjects: Set<String> = [
        "network interface", "network adapter",
        // German, French, Spanish, Italian, Portuguese (Brazil), Dutch.
        "netzwerkschnittstelle", "netzwerkadapter",
        "interface réseau", "carte réseau",
        "interfaz de red", "adaptador de red",
        "interfaccia di rete", "scheda di rete",
        "interface de rede", "adaptador de rede",
        "netwerkinterface", "netwerkadapter",
    ]
    static let rdmaObjects: Set<String> = ["rdma activity", "rdma-aktivität", "activité rdma", "actividad de rdma", "attività rdma", "atividade rdma"]

    static let sentCounters: Set<String> = [
        "bytes sent/sec",
        "gesendete bytes/s", "gesendete byte/sek", "bytes gesendet/s",
        "octets envoyés/s",
        "bytes enviados/s", "bytes enviados/seg",
        "byte inviati/sec", "byte inviati/s",
        "bytes enviados/s",
        "verzonden bytes/sec",
    ]
    static let receivedCounters: Set<String> = [
        "bytes received/sec",
        "empfangene bytes/s", "empfangene byte/sek", "bytes empfangen/s",
        "octets reçus/s",
        "bytes recibidos/s", "bytes recibidos/seg",
        "byte ricevuti/sec", "byte ricevuti/s",
        "bytes recebidos/s",
        "ontvangen bytes/sec",
    ]
    static let rdmaOutboundCounters: Set<String> = ["rdma outbound bytes/sec", "ausgehende rdma-bytes/s", "octets rdma sortants/s"]
    static let rdmaInboundCounters: Set<String> = ["rdma inbound bytes/sec", "eingehende rdma-bytes/s", "octets rdma entrants/s"]

    /// `name` compared as the tables spell it.
    static func normalised(_ name: String) -> String {
        var s = name.lowercased().filter { $0 != "." }
        while s.hasSuffix(" ") { s.removeLast() }
        while s.hasPrefix(" ") { s.removeFirst() }
        return s
    }

    /// The object a column's object name is, when it is one TeamScope reads.
    public static func object(_ name: String) -> Object? {
        let n = normalised(name)
        if networkObjects.contains(n) { return .network }
        if rdmaObjects.contains(n) || (n.contains("rdma") && !n.contains("qos")) { return .rdma }
        return nil
    }

    /// What a counter of `object` measures, when TeamScope reads it. Counters of a known object
    /// outside the tables are recognised by their words too (`sent`/`received` and `bytes`),
    /// in English only.
    public static func quantity(object: Object, counter: String) -> CounterQuantity? {
        let n = normalised(counter)
        switch object {
        case .network:
            if sentCounters.contains(n) { return .sent }
            if receivedCounters.contains(n) { return .received }
            return nil
        case .rdma:
            if rdmaOutboundCounters.contains(n) { return .rdmaSent }
            if rdmaInboundCounters.contains(n) { return .rdmaReceived }
            if n.contains("byte") || n.contains("octet") {
                if n.contains("outbound") || n.contains("ausgehend") || n.contains("sortant") || n.contains("saliente") { return .rdmaSent }
                if n.contains("inbound") || n.contains("eingehend") || n.contains("entrant") || n.contains("entrante") { return .rdmaReceived }
            }
            return nil
        }
    }

    /// Whether a counter name looks like a byte rate of a network object that the tables do not
    /// know (a localisation TeamScope lacks): said in the error when no column was recognised.
    static func looksLikeByteRate(_ counter: String) -> Bool {
        let n = normalised(counter)
        return (n.contains("byte") || n.contains("octet")) && n.contains("/")
    }
}
