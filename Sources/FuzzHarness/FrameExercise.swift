import PacketWire
import TeamingModels

/// One frame through the packet decoder, the sampler and the bonding hash, with the decoder's
/// promises checked: offsets inside the bytes, lengths not negative.
public enum FrameExercise {
    /// The link types the decoder reads; a decode target's first byte picks one.
    public static let linkTypes: [LinkType] = [
        .ethernet, .null, .raw, LinkType(rawValue: 12), LinkType(rawValue: 14), .loop,
        .linuxSLL, .ipv4, .ipv6, .linuxSLL2,
    ]

    public static func run(_ bytes: UnsafeRawBufferPointer, linkType: LinkType, wireLength: Int, into d: inout DecodedPacket) {
        d = DecodedPacket()  // decode(into:) wants fresh storage
        PacketDecoder.decode(bytes, linkType: linkType, wireLength: wireLength, into: &d)
        check(d.networkOffset >= 0 && d.networkOffset <= bytes.count, "network offset \(d.networkOffset) outside the \(bytes.count)-byte frame (\(d.status))")
        check(d.payloadLength >= 0, "negative payload length")
        if d.hasTransport {
            check(d.transportOffset >= d.networkOffset && d.transportOffset <= bytes.count, "transport offset \(d.transportOffset) outside the \(bytes.count)-byte frame (\(d.status))")
        }
        // Touch the payload the decoder points at, so a wrong offset is a sanitizer report.
        if d.payloadLength > 0, d.payloadOffset < bytes.count {
            var x: UInt8 = 0
            for b in bytes[d.payloadOffset..<min(bytes.count, d.payloadOffset + d.payloadLength)] { x ^= b }
            sink &+= UInt32(x)
        }
        // Slow protocols: the LACPDU reader where the decoder says one starts.
        if d.network == .slowProtocols, let pdu = LACPDU(bytes, at: d.networkOffset) {
            sink &+= UInt32(pdu.actor.state.rawValue) &+ UInt32(pdu.partner.key) &+ UInt32(pdu.actor.state.names.count)
        }
        guard let sample = SampledFrame(bytes, linkType: linkType, decoded: d) else { return }
        check(sample.bytes.count <= SampledFrame.maxLength, "sample longer than its bound")
        _ = sample.sourceMAC
        _ = sample.destinationMAC
        // SAFETY: the frame is used inside the closure only.
        sample.bytes.withUnsafeBytes { frame in
            for policy in LinuxHashPolicy.allCases {
                for era in LinuxKernelEra.allCases {
                    sink &+= LinuxBondHash.hash(frame: frame, policy: policy, era: era)
                }
            }
        }
    }

    /// A broken promise is a finding: stop with the message (kept in optimised builds, unlike
    /// `precondition`'s).
    public static func check(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fatalError(message()) }
    }

    /// Keeps the work from being optimised away.
    nonisolated(unsafe) public static var sink: UInt32 = 0
}
