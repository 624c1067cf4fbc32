import CaptureIO

/// One packet as Windows' pktmon records it at one component (a NIC, the team adapter, a host
/// vNIC): the same packet at several components carries one packet id, and each record its
/// direction in `epb_flags` (1 inbound, 2 outbound; ../shared/docs/teaming-behaviour.md,
/// "Captures on Windows"). Written as one multi-interface pcapng.
struct PktmonRecord {
    var time: Int64
    var interface: Int
    var bytes: [UInt8]
    var wireLength: Int
    var outbound: Bool
    var packetID: UInt64

    /// A Hyper-V host's two team NICs, as pktmon names them.
    static let nics: [CaptureWriter.Interface] = [
        .init(name: "NIC1", description: "Mellanox ConnectX-4 Lx Ethernet Adapter", snapLength: 128),
        .init(name: "NIC2", description: "Mellanox ConnectX-4 Lx Ethernet Adapter #2", snapLength: 128),
    ]
    /// The LBFO team adapter.
    static let lbfoTeam = CaptureWriter.Interface(name: "Team", description: "Microsoft Network Adapter Multiplexor Driver", snapLength: 128)

    /// Writes `records` in time order (components in interface order within one time) to a
    /// pcapng at `path` with `interfaces`.
    static func write(_ records: [PktmonRecord], interfaces: [CaptureWriter.Interface], to path: String) throws {
        let w = try CaptureWriter(path: path, format: .pcapng, interfaces: interfaces)
        for r in records.sorted(by: { ($0.time, $0.interface) < ($1.time, $1.interface) }) {
            w.write(timestamp: r.time, interface: r.interface, bytes: r.bytes, wireLength: r.wireLength, flags: r.outbound ? 2 : 1, packetID: r.packetID)
        }
        w.close()
    }
}
