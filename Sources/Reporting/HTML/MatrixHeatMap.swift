import TeamAnalysis

/// With two hosts: bytes from each member of one host to each member of the other, as a grid
/// whose cells darken with their bytes (relative to the largest cell).
struct MatrixHeatMap {
    var cells: [MatrixCell]

    static let cell = 120.0
    static let labelWidth = 150.0
    static let headerHeight = 40.0

    /// Senders (rows) and receivers (columns), each "host/member", in first-seen order.
    var axes: (rows: [String], columns: [String]) {
        var rows: [String] = [], columns: [String] = []
        for c in cells {
            let r = "\(c.fromHost)/\(c.fromMember)", k = "\(c.toHost)/\(c.toMember)"
            if !rows.contains(r) { rows.append(r) }
            if !columns.contains(k) { columns.append(k) }
        }
        return (rows.sorted(), columns.sorted())
    }

    /// A cell's intensity, 0…1: its bytes over the largest cell's (0 when all are empty).
    static func intensity(_ bytes: Int, largest: Int) -> Double {
        largest > 0 ? Double(bytes) / Double(largest) : 0
    }

    func rendered() -> String {
        let (rows, columns) = axes
        let width = Self.labelWidth + Double(columns.count) * Self.cell + 10
        let height = Self.headerHeight + Double(rows.count) * (Self.cell / 2) + 10
        var c = SVGCanvas(width: width, height: height)
        let largest = cells.map(\.bytes).max() ?? 0
        c.text("sent by ↓  received by →", x: 4, y: 14, className: "unit")
        for (j, k) in columns.enumerated() {
            c.text(k, x: Self.labelWidth + (Double(j) + 0.5) * Self.cell, y: Self.headerHeight - 8, anchor: "middle")
        }
        for (i, r) in rows.enumerated() {
            let y = Self.headerHeight + Double(i) * Self.cell / 2
            c.text(r, x: Self.labelWidth - 8, y: y + Self.cell / 4 + 4, anchor: "end")
            for (j, k) in columns.enumerated() {
                let x = Self.labelWidth + Double(j) * Self.cell
                // A member to a member of its own host: not what the matrix measures.
                guard r.split(separator: "/").first != k.split(separator: "/").first else { continue }
                let bytes = cells.first { "\($0.fromHost)/\($0.fromMember)" == r && "\($0.toHost)/\($0.toMember)" == k }
                let v = bytes?.bytes ?? 0
                let level = Int((Self.intensity(v, largest: largest) * 5).rounded(.up))
                c.rect(x: x + 1, y: y + 1, width: Self.cell - 2, height: Self.cell / 2 - 2, className: "heat h\(level)",
                       title: "\(r) → \(k): \(TextFormat.bytes(v))\(bytes?.approximate == true ? " (approximate: both ends split)" : "")")
                c.text(TextFormat.bytes(v), x: x + Self.cell / 2, y: y + Self.cell / 4 + 4, anchor: "middle", className: level >= 3 ? "onfill" : "label")
            }
        }
        return c.rendered(label: "member-to-member bytes", natural: true)
    }
}
