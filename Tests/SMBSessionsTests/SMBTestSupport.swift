import CaptureIO
import Foundation
import PacketWire
import SMBSessions
import TestSupport

/// Runs every packet of the captures through one `SMBTracker`, in timestamp order.
func track(_ paths: [String]) throws -> SMBTracker {
    let tracker = SMBTracker()
    var packets: [(time: Int64, input: Int, frame: Int, bytes: [UInt8], link: LinkType, wire: Int)] = []
    for (i, path) in paths.enumerated() {
        let reader = try CaptureFile.open(path)
        var n = 0
        while let r = try reader.next() {
            n += 1
            packets.append((r.timestamp, i, n, Array(r.bytes), reader.interfaces[r.interface].linkType, r.wireLength))
        }
    }
    packets.sort { ($0.time, $0.input, $0.frame) < ($1.time, $1.input, $1.frame) }
    for p in packets {
        p.bytes.withUnsafeBytes { raw in
            let d = PacketDecoder.decode(raw, linkType: p.link, wireLength: p.wire)
            tracker.observe(d, bytes: raw, time: p.time, frame: SMBFrameRef(input: Int32(p.input), frame: Int64(p.frame)))
        }
    }
    tracker.finish()
    return tracker
}

/// An unordered TCP connection: "a:port-b:port" with the lower endpoint first.
func connectionName(_ a: String, _ ap: String, _ b: String, _ bp: String) -> String {
    let x = "\(a):\(ap)", y = "\(b):\(bp)"
    return x < y ? "\(x)-\(y)" : "\(y)-\(x)"
}

/// What TShark says of a capture's SMB2 sessions: session id → its TCP connections; session id
/// → the dialects of the NEGOTIATE responses on them; the advertised interfaces (index, rss,
/// rdma, rss queue count, link speed, address) in order.
struct TSharkSMB {
    var sessions: [String: Set<String>] = [:]
    var chosenDialects: [String: Set<String>] = [:]
    var connectionDialects: [String: (offered: Set<String>, chosen: Set<String>)] = [:]
    var interfaces: [String] = []

    init(_ file: String) throws {
        let lines = try TestEnvironment.tsharkFields(file, ["tcp.stream", "ip.src", "ipv6.src", "tcp.srcport", "ip.dst", "ipv6.dst", "tcp.dstport",
                                                            "smb2.sesid", "smb2.cmd", "smb2.flags.response", "smb2.dialect"], filter: "smb2")
        var streamName: [String: String] = [:]
        var streamSessions: [String: Set<String>] = [:]
        for line in lines {
            let f = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let src = f[1].isEmpty ? f[2] : f[1], dst = f[4].isEmpty ? f[5] : f[4]
            let name = connectionName(src, f[3], dst, f[6])
            streamName[f[0]] = name
            let ids = f[7].split(separator: ",").map(String.init)
            for id in ids where id != "0x0000000000000000" {
                sessions[id, default: []].insert(name)
                streamSessions[f[0], default: []].insert(id)
            }
            let cmds = f[8].split(separator: ",").map(String.init)
            let responses = f[9].split(separator: ",").map(String.init)
            let dialects = f[10].split(separator: ",").map(String.init)
            if cmds.first == "0", !dialects.isEmpty {
                var entry = connectionDialects[name] ?? ([], [])
                if responses.first == "1" { entry.chosen.formUnion(dialects) } else { entry.offered.formUnion(dialects) }
                connectionDialects[name] = entry
            }
        }
        for (name, entry) in connectionDialects {
            for (stream, n) in streamName where n == name {
                for id in streamSessions[stream] ?? [] { chosenDialects[id, default: []].formUnion(entry.chosen) }
            }
        }
        let ifLines = try TestEnvironment.tsharkFields(file, ["smb2.ioctl.network_interfaces.index", "smb2.ioctl.network_interfaces.capabilities.rss",
                                                              "smb2.ioctl.network_interfaces.capabilities.rdma", "smb2.ioctl.network_interfaces.rss_queue_count",
                                                              "smb2.ioctl.network_interfaces.link_speed", "smb2.windows.sockaddr.in.addr",
                                                              "smb2.windows.sockaddr.in6.addr"],
                                                       filter: "smb2.ioctl.network_interfaces.index")
        for line in ifLines {
            let f = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.split(separator: ",").map(String.init) }
            // IPv4 and IPv6 addresses come in two lists; TShark keeps each list's order.
            var v4 = f[5].makeIterator(), v6 = f[6].makeIterator()
            for i in f[0].indices {
                let address = i < f[5].count ? v4.next()! : (v6.next() ?? "")
                interfaces.append("\(f[0][i]) rss=\(f[1][i]) rdma=\(f[2][i]) queues=\(f[3][i]) speed=\(f[4][i]) \(address)")
            }
        }
    }
}
