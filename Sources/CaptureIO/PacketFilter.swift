import CPcap

/// A tcpdump-syntax BPF filter applied to packets read from files: compiled by libpcap's
/// `pcap_compile` once per link type (pcapng files mix them) and run with `pcap_offline_filter`.
public final class PacketFilter {
    public let expression: String
    private var programs: [UInt32: UnsafeMutablePointer<bpf_program>] = [:]
    private var header = pcap_pkthdr()

    /// Compiles `expression` for Ethernet once, so that a syntax error is reported before any
    /// file is read.
    public init(expression: String) throws(FilterError) {
        self.expression = expression
        _ = try program(for: LinkType.ethernet.rawValue)
    }

    deinit {
        for (_, p) in programs {
            pcap_freecode(p)
            p.deallocate()
        }
    }

    /// Whether the packet passes. `linkType` is the interface's LINKTYPE_ value.
    @inline(__always)
    public func matches(_ record: CaptureRecord, linkType: UInt32) throws(FilterError) -> Bool {
        let prog: UnsafeMutablePointer<bpf_program>
        if let cached = programs[linkType] { prog = cached } else { prog = try program(for: linkType) }
        header.caplen = bpf_u_int32(record.capturedLength)
        header.len = bpf_u_int32(record.wireLength)
        guard let base = record.bytes.baseAddress else { return false }
        return pcap_offline_filter(prog, &header, base.assumingMemoryBound(to: UInt8.self)) != 0
    }

    private func program(for linkType: UInt32) throws(FilterError) -> UnsafeMutablePointer<bpf_program> {
        if let p = programs[linkType] { return p }
        // pcap_open_dead takes a DLT_ value; they equal LINKTYPE_ values except for raw IP.
        let dlt = linkType == LinkType.raw.rawValue ? Int32(DLT_RAW) : Int32(linkType)
        guard let dead = pcap_open_dead(dlt, 262_144) else {
            throw FilterError(expression: expression, message: "libpcap could not open a handle for link type \(linkType)")
        }
        defer { pcap_close(dead) }
        let prog = UnsafeMutablePointer<bpf_program>.allocate(capacity: 1)
        prog.initialize(to: bpf_program())
        if pcap_compile(dead, prog, expression, 1, PCAP_NETMASK_UNKNOWN) != 0 {
            let message = String(cString: pcap_geterr(dead))
            prog.deallocate()
            throw FilterError(expression: expression,
                              message: "\(message) (for \(LinkType(rawValue: linkType)))")
        }
        programs[linkType] = prog
        return prog
    }
}

/// A BPF filter expression libpcap would not compile.
public struct FilterError: Error, Sendable, CustomStringConvertible {
    public var expression: String
    public var message: String
    public var description: String { "filter \"\(expression)\": \(message)" }
}
