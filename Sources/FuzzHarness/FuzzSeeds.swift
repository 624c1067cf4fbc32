import CaptureIO
import PacketWire
import SMBSessions

/// Seed inputs for the fuzz targets, cut from a capture:
/// - `pcap` or `pcapng`: the capture's (decompressed) bytes, its first `limit`;
/// - `decode`: up to 64 frames of different shape (link type, EtherType, protocol, tags,
///   fragment, decode status), each behind its link-type byte (`FrameExercise.linkTypes`);
/// - `smb`: each SMB connection's segments as a `TCPStreamInput`, its first `limit`;
/// - `smbDirect`: the same for connections to port 5445 (SMB Direct over iWARP);
/// - `roce`: up to 64 RoCEv2 datagrams (UDP 4791) of different opcodes as `RoCEExercise` inputs.
public struct FuzzSeeds {
    public var pcap: [[UInt8]] = []
    public var pcapng: [[UInt8]] = []
    public var decode: [[UInt8]] = []
    public var smb: [[UInt8]] = []
    public var roce: [[UInt8]] = []
    public var smbDirect: [[UInt8]] = []

    public static let limit = 64 << 10

    public init() {}

    public init(capture path: String, limit: Int = FuzzSeeds.limit) throws(CaptureError) {
        let bytes = try Self.rawBytes(path, limit: limit)
        if bytes.count >= 4 {
            // SAFETY: bytes.count >= 4 was just checked.
            let magic = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self).littleEndian }
            if CaptureFile.format(magic: magic) == .pcapng { pcapng.append(bytes) } else { pcap.append(bytes) }
        }
        let reader = try CaptureFile.open(path)
        var shapes = Set<[Int]>()
        var streams: [Connection: [UInt8]] = [:]
        var order: [Connection] = []
        var opcodes = Set<UInt8>()
        while let r = try? reader.next() {
            let linkType = reader.interfaces[r.interface].linkType
            var d = DecodedPacket()
            PacketDecoder.decode(r.bytes, linkType: linkType, wireLength: r.wireLength, into: &d)
            let shape = [Int(linkType.rawValue), Int(d.etherType.rawValue), Int(d.ipProtocol.rawValue), Int(d.vlanTagCount),
                         Int(d.mplsLabelCount), d.pppoe ? 1 : 0, d.isFragment ? 1 : 0, Int(d.status.rawValue)]
            if shapes.count < 64, let index = FrameExercise.linkTypes.firstIndex(of: linkType), shapes.insert(shape).inserted {
                decode.append([UInt8(index)] + Array(r.bytes))
            }
            if d.isUDP, d.destinationPort == RoCEv2Packet.udpPort, d.payloadOffset < r.bytes.count, roce.count < 64,
               opcodes.insert(r.bytes[d.payloadOffset]).inserted {
                roce.append(RoCEExercise.input(declared: min(d.payloadLength, 0xFFFF), payload: Array(r.bytes[d.payloadOffset...])))
            }
            guard d.isTCP, d.payloadLength > 0, d.payloadOffset < r.bytes.count else { continue }
            let toServer = SMBTracker.isSMBPort(d.destinationPort)
            guard toServer || SMBTracker.isSMBPort(d.sourcePort) else { continue }
            let key = toServer ? Connection(client: d.source, clientPort: d.sourcePort, server: d.destination, serverPort: d.destinationPort)
                               : Connection(client: d.destination, clientPort: d.destinationPort, server: d.source, serverPort: d.sourcePort)
            if streams[key] == nil { order.append(key); streams[key] = [] }
            guard streams[key]!.count < limit else { continue }
            let payload = r.bytes[d.payloadOffset..<min(r.bytes.count, d.payloadOffset + d.payloadLength)]
            streams[key]!.append(contentsOf: TCPStreamInput.record(toServer: toServer, payload: payload))
        }
        smb = order.filter { $0.serverPort != SMBTracker.smbDirectPort }.map { Array(streams[$0]!.prefix(limit)) }
        smbDirect = order.filter { $0.serverPort == SMBTracker.smbDirectPort }.map { Array(streams[$0]!.prefix(limit)) }
    }

    private struct Connection: Hashable {
        var client: IPAddress, clientPort: UInt16, server: IPAddress, serverPort: UInt16
    }

    /// The capture's bytes as its reader sees them (gzip decompressed), at most `limit`.
    static func rawBytes(_ path: String, limit: Int) throws(CaptureError) -> [UInt8] {
        let mapped = try MappedFile(path: path)
        let gzip = try mapped.bytes(at: 0, count: 2).map(CaptureFile.isGzip) ?? false
        let source: any ByteSource = gzip ? try StreamSource(path: path, gzip: true) : mapped
        let n = try source.available(from: 0, limit: limit)
        guard n > 0, let p = try source.bytes(at: 0, count: n) else { return [] }
        // SAFETY: the source lent n bytes at p; they are copied at once.
        return Array(UnsafeRawBufferPointer(start: p, count: n))
    }
}
