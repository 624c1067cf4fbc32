import TeamAnalysis

/// The SMB section of the terminal report: each session, its channels and the members carrying
/// them, what the server advertised, and the SMB layer's problems.
enum SMBText {
    static func render(_ r: ReportDocument, into out: inout TextPage) {
        guard let smb = r.smb else { return }
        out += "\nSMB (\(TextFormat.count(smb.connections)) connection\(smb.connections == 1 ? "" : "s"), \(TextFormat.count(smb.messages)) messages"
        if smb.encryptedMessages > 0 { out += ", \(TextFormat.count(smb.encryptedMessages)) encrypted" }
        if smb.malformed > 0 { out += ", \(TextFormat.count(smb.malformed)) malformed" }
        if smb.notCaptured > 0 { out += ", \(TextFormat.count(smb.notCaptured)) cut by the capture" }
        if smb.resyncs > 0 { out += ", \(smb.resyncs) resynchronisation\(smb.resyncs == 1 ? "" : "s")" }
        out += ")\n"
        if r.smbSessions.isEmpty {
            if smb.messages == 0 && smb.notCapturedBytes > 0 {
                out += "  the capture holds no SMB message: \(TextFormat.bytes(Int(smb.notCapturedBytes))) of TCP payload were cut by the snap length\n"
            } else {
                out += "  no session id seen (NEGOTIATE only, or every SESSION_SETUP failed)\n"
            }
        }
        for s in r.smbSessions {
            var line = "  session \(s.sessionId)"
            if let d = s.dialect { line += ", SMB \(d)" }
            var flags: [String] = []
            if s.multichannelNegotiated { flags.append("multichannel") }
            if s.signed { flags.append("signed") }
            if s.encrypted { flags.append("encrypted") }
            if !flags.isEmpty { line += " (\(flags.joined(separator: ", ")))" }
            if !s.shares.isEmpty { line += ", shares \(s.shares.joined(separator: " "))" }
            if s.writeBytes > 0 || s.readBytes > 0 { line += ", wrote \(TextFormat.bytes(Int(s.writeBytes))), read \(TextFormat.bytes(Int(s.readBytes)))" }
            out += line + "\n"
            var rows: [[String]] = [["channel", "how", "bytes", "carried by"]]
            for c in s.channels {
                let how = c.bound == true ? "bound" : (c.bound == false ? "first" : "seen")
                let carried = c.carriedBy.sorted { $0.key < $1.key }.map { "\($0.key)/\($0.value)" }.joined(separator: ", ")
                rows.append(["\(c.client):\(c.clientPort) → \(c.server):\(c.serverPort)", how, TextFormat.bytes(Int(c.bytes)), carried.isEmpty ? "–" : carried])
            }
            out.table(rows, indent: "    ", detail: 3)
            for i in s.interfaces {
                var caps: [String] = []
                if i.rss { caps.append("RSS \(i.rssQueueCount) queues") }
                if i.rdma { caps.append("RDMA") }
                out += "    advertised interface \(i.index): \(i.addresses.joined(separator: ", ")), \(TextFormat.rate(Double(i.linkSpeed)))\(caps.isEmpty ? "" : ", " + caps.joined(separator: ", "))\n"
            }
            for n in s.notes { out += "    \(n)\n" }
        }
        for p in smb.problems.prefix(10) { out += "  \(p)\n" }
        if smb.problems.count > 10 { out += "  … \(smb.problems.count - 10) more in the JSON report\n" }
    }
}
