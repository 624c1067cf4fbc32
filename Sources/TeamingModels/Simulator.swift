import PacketWire

/// "What if": redistributes flows under teaming policies and member counts. Linux hashes are
/// exact; round robin splits every flow evenly; active-backup puts everything on one member;
/// the Windows address-hash modes use the RSS Toeplitz hash as a stand-in (Microsoft does not
/// publish theirs), so their figures show the shape of the spread, not the exact member.
public enum Simulator {
    public static let policies: [ModelName] = LinuxHashPolicy.allCases.map(ModelName.linux) + [
        .linuxRoundRobin, .linuxActiveBackup, .windowsTransportPorts, .windowsIPAddresses,
    ]

    public static func run(_ flows: [SimulatedFlow], policy: ModelName, members n: Int, era: LinuxKernelEra = .current) -> SimulationResult? {
        guard n > 0 else { return nil }
        var bytes = [Int](repeating: 0, count: n)
        var counts = [Int](repeating: 0, count: n)
        var note = SimulationNote.exactHash
        let rss = RSSToeplitz()
        for f in flows {
            var member: Int?
            switch policy {
            case .linuxRoundRobin:
                // packets_per_slave=1: packets take turns; a flow uses every member.
                for m in 0..<n {
                    bytes[m] += f.bytes / n + (m < f.bytes % n ? 1 : 0)
                    counts[m] += f.packets >= n || m < f.packets ? 1 : 0
                }
                note = .striped
                continue
            case .linuxActiveBackup:
                member = 0
                note = .activeMember
            case .windowsTransportPorts, .windowsIPAddresses:
                // SAFETY: the frame is read only inside the closure.
                let d = f.frame.bytes.withUnsafeBytes { PacketDecoder.decode($0, linkType: .ethernet) }
                guard d.isIP else { member = 0; break }
                let ports = policy == .windowsTransportPorts && d.hasTransport && (d.isTCP || d.isUDP)
                let h = ports ? rss.hash(source: d.source, destination: d.destination, sourcePort: d.sourcePort, destinationPort: d.destinationPort)
                              : rss.hash(source: d.source, destination: d.destination)
                member = Int(h % UInt32(n))
                note = .standInHash
            default:
                guard let p = policy.linuxHashPolicy else { return nil }
                // SAFETY: the frame is read only inside the closure.
                member = f.frame.bytes.withUnsafeBytes { LinuxBondHash.member(frame: $0, policy: p, count: n, era: era) }
            }
            if let member {
                bytes[member] += f.bytes
                counts[member] += 1
            }
        }
        let total = bytes.reduce(0, +)
        let largest = flows.map(\.bytes).max() ?? 0
        let mean = Double(total) / Double(n)
        return SimulationResult(policy: policy.rawValue, members: n, bytesPerMember: bytes, flowsPerMember: counts,
                                largestFlowShare: total > 0 ? (Double(largest) / Double(total) * 1e6).rounded() / 1e6 : 0,
                                imbalance: mean > 0 ? (Double(bytes.max() ?? 0) / mean * 1e4).rounded() / 1e4 : 0,
                                basis: note)
    }
}
