import CPcap
import PacketWire

/// A tcpdump-syntax BPF filter applied to packets read from files: compiled by libpcap's
/// `pcap_compile` once per link type (pcapng files mix them) and run with `pcap_offline_filter`.
/// A link type the expression cannot apply to (`ether host …` on raw IP) is tried once: the
/// failure is kept, never recompiled per packet.
public final class PacketFilter {
    public let expression: String
    private var programs: [LinkType: UnsafeMutablePointer<bpf_program>] = [:]
    /// Link types the expression does not compile for, and why.
    public private(set) var failures: [LinkType: FilterError] = [:]
    private var header = pcap_pkthdr()

    /// Compiles `expression` for Ethernet once, so that a syntax error is reported before any
    /// file is read.
    public init(expression: String) throws(FilterError) {
        self.expression = expression
        _ = try program(for: .ethernet)
    }

    deinit {
        for (_, p) in programs {
            pcap_freecode(p)
            p.deallocate()
        }
    }

    /// Whether the packet passes; nil when the expression does not apply to `linkType` (see
    /// `failures`).
    @inline(__always)
    public func matches(_ record: CaptureRecord, linkType: LinkType) -> Bool? {
        let prog: UnsafeMutablePointer<bpf_program>
        if let cached = programs[linkType] {
            prog = cached
        } else {
            guard failures[linkType] == nil else { return nil }
            do {
                prog = try program(for: linkType)
            } catch {
                failures[linkType] = error
                return nil
            }
        }
        header.caplen = bpf_u_int32(record.capturedLength)
        header.len = bpf_u_int32(record.wireLength)
        guard let base = record.bytes.baseAddress else { return false }
        // SAFETY: libpcap reads at most header.caplen, the record's captured bytes.
        return pcap_offline_filter(prog, &header, base.assumingMemoryBound(to: UInt8.self)) != 0
    }

    private func program(for linkType: LinkType) throws(FilterError) -> UnsafeMutablePointer<bpf_program> {
        if let p = programs[linkType] { return p }
        // pcap_open_dead takes a DLT_ value; they equal LINKTYPE_ values except for raw IP.
        let dlt = linkType == .raw ? Int32(DLT_RAW) : Int32(linkType.rawValue)
        guard let dead = pcap_open_dead(dlt, 262_144) else {
            throw FilterError(expression: expression, message: "libpcap could not open a handle for \(linkType)")
        }
        defer { pcap_close(dead) }
        let prog = UnsafeMutablePointer<bpf_program>.allocate(capacity: 1)
        // SAFETY: prog is the one-element allocation just made.
        prog.initialize(to: bpf_program())
        if pcap_compile(dead, prog, expression, 1, PCAP_NETMASK_UNKNOWN) != 0 {
            let message = String(cString: pcap_geterr(dead))
            prog.deallocate()
            throw FilterError(expression: expression,
                              message: "\(message) (for \(linkType))")
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
