import CaptureIO
import PacketWire

/// The first, bounded look at the captures (`evidencePackets` packets in timestamp order): which
/// interfaces repeat each other, in which order copies appear, which MACs send where. Its result
/// decides the host plans; it also fixes the origin of every time bin (the first timestamp).
struct EvidencePass {
    let specs: [CaptureSpec]
    let hosts: [String]
    let options: AnalysisOptions

    struct Result {
        var evidence: DirectionEvidence
        /// The first packet's timestamp (0 when no packet could be read).
        var origin: Int64
    }

    /// `opened`: inputs that can be read only once, opened already (their first records are
    /// kept for the counting pass).
    func run(plans: [HostPlan], registry: inout MemberRegistry,
             opened: [Int: Swift.Result<any PacketReader, CaptureError>] = [:]) -> Result {
        var evidence = DirectionEvidence(duplicateWindow: options.duplicateWindow, crossHostWindow: options.crossHostWindow)
        let streams = InputStream.openAll(specs, hosts: hosts, registry: &registry, threads: false, opened: opened).compactMap { try? $0.get() }
        var merge = MemberMerge(streams)
        var seen = 0
        var origin: Int64?
        // One host with one interface: no copies to match and nothing to compare; only the
        // start time is needed (a pcapng may declare more interfaces later: then look; a Linux
        // SLL2 file holds every interface of `tcpdump -i any`, split by member: look; and
        // `--local-ip` needs the evidence to learn which MACs send from those addresses).
        let single = plans.count == 1 && streams.count == 1 && streams[0].reader.format == .pcap && plans[0].localIPs.isEmpty
            && !streams[0].reader.interfaces.contains { $0.linkType == .linuxSLL2 }
        let limit = single ? 1 : options.evidencePackets
        merge.forEach { s in
            let rec = s.current!
            if origin == nil { origin = rec.timestamp }
            let slot = registry.slot(s, rec)
            let d = PacketDecoder.decode(rec.bytes, linkType: s.linkTypes[rec.interface], wireLength: rec.wireLength)
            let frame = FrameIdentity(rec, d, input: s.index)
            // The capture's own mark, else the SLL packet type (4: outgoing, PACKET_OUTGOING).
            let direction = rec.direction != .unknown ? rec.direction
                : d.sllPacketType.map { $0 == 4 ? CaptureDirection.outbound : .inbound } ?? .unknown
            let host = registry.slotHost[slot]
            evidence.observe(slot: Int32(slot), host: Int32(host), timestamp: rec.timestamp, frame: frame, bytes: rec.bytes,
                             wireLength: rec.wireLength, decoded: d, direction: direction, localIPs: plans[host].localIPs)
            seen += 1
            return seen < limit
        }
        return Result(evidence: evidence, origin: origin ?? 0)
    }
}
