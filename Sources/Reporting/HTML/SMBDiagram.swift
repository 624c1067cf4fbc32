import TeamAnalysis

/// One SMB session drawn: the session, its channels (first or bound, client to server), and for
/// each capturing host the member that carried each channel, joined by lines; the interfaces the
/// server advertised are listed beside it by the page.
struct SMBDiagram {
    var session: SMBSessionReport
    /// The capturing hosts, in report order.
    var hosts: [String]
    /// A member's colour slot on its host.
    var slot: (String, String) -> Int

    static let width = 960.0
    static let rowHeight = 34.0

    /// Per host, the members that carried any channel, in name order.
    var membersByHost: [(host: String, members: [String])] {
        hosts.map { h in (h, Array(Set(session.channels.compactMap { $0.carriedBy[h] })).sorted()) }.filter { !$0.members.isEmpty }
    }

    func rendered() -> String {
        let columns = membersByHost
        let rows = max(session.channels.count, columns.map(\.members.count).max() ?? 0, 4)
        let height = Double(rows) * Self.rowHeight + 30
        var c = SVGCanvas(width: Self.width, height: height)
        // The session.
        c.rect(x: 4, y: 20, width: 200, height: height - 26, className: "box")
        c.text("session", x: 12, y: 38, className: "label strong")
        c.text(session.sessionId, x: 12, y: 56, className: "label mono")
        c.text("SMB \(session.dialect ?? "?")", x: 12, y: 76)
        c.text((session.signed ? "signed" : "not signed") + ", " + (session.encrypted ? "encrypted" : "not encrypted"), x: 12, y: 94)
        c.text("\(session.channels.count) channel\(session.channels.count == 1 ? "" : "s")", x: 12, y: 112)
        c.text("channels", x: 240, y: 14, className: "unit")
        // Where each host's member boxes stand.
        let hostX = columns.indices.map { 600.0 + Double($0) * 180 }
        var memberY: [String: Double] = [:]
        for (k, col) in columns.enumerated() {
            c.text(col.host, x: hostX[k], y: 14, className: "unit")
            for (i, m) in col.members.enumerated() {
                let y = 20 + Double(i) * Self.rowHeight
                memberY["\(col.host)/\(m)"] = y + 13
                c.rect(x: hostX[k], y: y, width: 150, height: 26, className: "fill m\(slot(col.host, m) % 8)", title: "\(col.host)/\(m)")
                c.text(m, x: hostX[k] + 75, y: y + 17, anchor: "middle", className: "onfill")
            }
        }
        for (i, ch) in session.channels.enumerated() {
            let y = 20 + Double(i) * Self.rowHeight
            c.line(x1: 204, y1: 33, x2: 230, y2: y + 13, className: "link")
            c.rect(x: 230, y: y, width: 330, height: 26, className: "box",
                   title: "\(ch.client):\(ch.clientPort) → \(ch.server):\(ch.serverPort), \(TextFormat.bytes(Int(ch.bytes)))")
            let kind = ch.bound == true ? "bound" : (ch.bound == false ? "first" : "?")
            c.text("\(kind)  \(ch.client):\(ch.clientPort) → \(ch.server):\(ch.serverPort)", x: 238, y: y + 17)
            // Channel → its member on the first host → its member on the next.
            var from = (x: 560.0, y: y + 13)
            for (k, col) in columns.enumerated() {
                guard let m = ch.carriedBy[col.host], let my = memberY["\(col.host)/\(m)"] else { continue }
                c.line(x1: from.x, y1: from.y, x2: hostX[k], y2: my, className: "link m\(slot(col.host, m) % 8)")
                from = (hostX[k] + 150, my)
            }
        }
        return c.rendered(label: "SMB session \(session.sessionId)")
    }
}
