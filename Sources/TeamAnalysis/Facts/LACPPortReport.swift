import PacketWire

/// `lacp[].ports[]`: one LACP port whose LACPDUs crossed a member while nothing said which side
/// of the link was the host's, as its own LACPDUs described it (IEEE 802.1AX-2020 6.4.2.2: the
/// actor fields are the sender's port, the partner fields what it knows of the other end).
public struct LACPPortReport: Codable, Sendable, Equatable {
    public var system: String
    public var key: Int
    public var port: Int
    public var pdus: Int
    /// The actor state octet of its last LACPDU, 0–255, and the names of its bits.
    public var state: Int
    public var flags: [String]
    public var partnerSystem: String
    public var partnerKey: Int
    public var partnerPort: Int

    /// The port `pdu` came from, its first LACPDU.
    init(_ pdu: LACPDU) {
        system = pdu.actor.system.description
        key = Int(pdu.actor.key)
        port = Int(pdu.actor.port)
        pdus = 0
        state = 0
        flags = []
        partnerSystem = ""
        partnerKey = 0
        partnerPort = 0
        observe(pdu)
    }

    mutating func observe(_ pdu: LACPDU) {
        pdus += 1
        key = Int(pdu.actor.key)
        state = Int(pdu.actor.state.rawValue)
        flags = pdu.actor.state.names
        partnerSystem = pdu.partner.system.description
        partnerKey = Int(pdu.partner.key)
        partnerPort = Int(pdu.partner.port)
    }

    enum CodingKeys: String, CodingKey {
        case system, key, port, pdus, state, flags, partnerSystem = "partner_system", partnerKey = "partner_key"
        case partnerPort = "partner_port"
    }
}
