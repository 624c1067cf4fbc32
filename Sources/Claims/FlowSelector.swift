import PacketWire
import TeamAnalysis

/// Which flows a claim is about: `{dst_port: 6600}`, `{port: 445}`, `{src: 192.0.2.1}`,
/// `{protocol: tcp}`, `{migration: true}`; all given fields must match.
public struct FlowSelector: Sendable {
    public var src: String?
    public var dst: String?
    public var srcPort: Int?
    public var dstPort: Int?
    public var port: Int?
    public var proto: IPProtocol?
    public var migration: Bool?

    static func parse(_ value: Any, at path: String) throws(ClaimError) -> FlowSelector {
        guard let map = value as? [String: Any] else { throw ClaimError("\(path): expected a mapping such as {dst_port: 6600}") }
        var s = FlowSelector()
        for (k, v) in map {
            switch k {
            case "src": s.src = "\(v)"
            case "dst": s.dst = "\(v)"
            case "src_port", "dst_port", "port":
                guard let n = v as? Int, (0...65535).contains(n) else { throw ClaimError("\(path).\(k): expected a port number") }
                if k == "src_port" { s.srcPort = n } else if k == "dst_port" { s.dstPort = n } else { s.port = n }
            case "protocol":
                guard let p = IPProtocol(name: "\(v)") else { throw ClaimError("\(path).protocol: expected tcp, udp, icmp, icmpv6, sctp or a protocol number") }
                s.proto = p
            case "migration":
                guard let b = v as? Bool else { throw ClaimError("\(path).migration: expected true or false") }
                s.migration = b
            default: throw ClaimError("\(path): unknown field '\(k)' (src, dst, src_port, dst_port, port, protocol, migration)")
            }
        }
        return s
    }

    func matches(_ f: FlowReport) -> Bool {
        if let src, f.src != src { return false }
        if let dst, f.dst != dst { return false }
        if let srcPort, f.srcPort != srcPort { return false }
        if let dstPort, f.dstPort != dstPort { return false }
        if let port, f.srcPort != port && f.dstPort != port { return false }
        if let proto, f.protocol != proto { return false }
        if let migration, (f.migration != nil) != migration { return false }
        return true
    }
}
