import CaptureIO
import PacketWire
import SMBSessions

/// The fuzz targets, one per parser; each libFuzzer executable in Fuzz/ is `run` of one case,
/// and the regression test runs the same code on the inputs kept in Fuzz/Regressions.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// A classic pcap file in memory (both byte orders, micro- and nanosecond magic), read to its
    /// end or first error with every record decoded (`CaptureDrain`).
    case pcap = "FuzzPcap"
    /// A pcapng file in memory (sections of either byte order, every block type), the same way.
    case pcapng = "FuzzPcapng"
    /// One frame behind a link-type byte (`FrameExercise.linkTypes`): decoder, sampler, bonding hash.
    case decode = "FuzzDecode"
    /// TCP connections to an SMB server (`TCPStreamInput`): reassembly, framing, SMB2/3 decoding.
    case smb = "FuzzSMB"
    /// A claims file (`ClaimsExercise`).
    case claims = "FuzzClaims"
    /// A RoCEv2 datagram's declared UDP payload length and captured payload (`RoCEExercise`):
    /// the InfiniBand BTH, RETH and AETH reader.
    case roce = "FuzzRoCE"
    /// TCP connections to port 5445 (`TCPStreamInput`): SMB Direct over iWARP — MPA frames,
    /// FPDUs, DDP segments, Sends, SMB Direct messages and the SMB2 inside them.
    case smbDirect = "FuzzSMBDirect"

    public func run(_ bytes: UnsafeRawBufferPointer) {
        switch self {
        case .pcap, .pcapng:
            guard bytes.count >= 4 else { return }
            // Inputs of the other format are left to its own target.
            // SAFETY: bytes.count >= 4 was just checked.
            guard CaptureFile.format(magic: bytes.loadUnaligned(as: UInt32.self).littleEndian) == (self == .pcap ? .pcap : .pcapng) else { return }
            guard let reader = try? CaptureFile.reader(bytes: bytes, path: "fuzz-input") else { return }
            CaptureDrain.run(reader)
        case .decode:
            guard let first = bytes.first else { return }
            let linkType = FrameExercise.linkTypes[Int(first) % FrameExercise.linkTypes.count]
            // SAFETY: a slice of bytes, used inside this call only.
            let frame = UnsafeRawBufferPointer(rebasing: bytes.dropFirst())
            var d = DecodedPacket()
            FrameExercise.run(frame, linkType: linkType, wireLength: frame.count, into: &d)
        case .smb:
            var feeder = SMBStreamFeeder()
            feeder.feed(TCPStreamInput.segments(bytes), to: SMBTracker())
        case .claims:
            ClaimsExercise.run(bytes)
        case .roce:
            RoCEExercise.run(bytes)
        case .smbDirect:
            var feeder = SMBStreamFeeder(serverPort: SMBTracker.smbDirectPort)
            feeder.feed(TCPStreamInput.segments(bytes), to: SMBTracker())
        }
    }
}
