/// An HTML table from rows of plain strings: the first row is the header, every cell escaped;
/// cells of the `numeric` columns align right.
struct HTMLTable {
    var header: [String]
    var rows: [[String]] = []
    var numeric: Set<Int> = []
    /// Per row, an optional class (`pass`, `fail`, a severity).
    var rowClasses: [String?] = []

    init(_ header: [String], numeric: Set<Int> = []) {
        self.header = header
        self.numeric = numeric
    }

    mutating func add(_ row: [String], class rowClass: String? = nil) {
        rows.append(row)
        rowClasses.append(rowClass)
    }

    func rendered() -> String {
        var out = "<div class=\"scroll\"><table><thead><tr>"
        for (i, h) in header.enumerated() { out += "<th\(numeric.contains(i) ? " class=\"num\"" : "")>\(HTMLEscape.text(h))</th>" }
        out += "</tr></thead><tbody>"
        for (r, row) in rows.enumerated() {
            out += rowClasses[r].map { "<tr class=\"\(HTMLEscape.attribute($0))\">" } ?? "<tr>"
            for (i, cell) in row.enumerated() { out += "<td\(numeric.contains(i) ? " class=\"num\"" : "")>\(HTMLEscape.text(cell))</td>" }
            out += "</tr>"
        }
        return out + "</tbody></table></div>\n"
    }
}
