/// Terminal text laid out to a width: prose lines wrap at spaces with a hanging indent, tables
/// fit by moving a long column under its row or by splitting into column groups; `width` nil
/// (`--wide`) keeps every line whole. Words longer than the width (a path, a long endpoint) are
/// never cut: such a line stays long.
struct TextPage {
    let width: Int?
    private var lines: [String] = []
    private var pending = ""

    init(width: Int?) { self.width = width.map { max(40, $0) } }

    /// Adds prose: every "\n" ends a line; a line is wrapped when the page is rendered.
    static func += (page: inout TextPage, text: String) {
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let last = parts.popLast() else { return }
        for p in parts {
            page.lines += page.wrap(TextFormat.visible(page.pending + String(p)))
            page.pending = ""
        }
        page.pending += String(last)
    }

    /// Lays out `rows` (the first is the header) as columns. Too wide for the page: the `detail`
    /// column (when given) leaves the grid and is written, wrapped, under each row; failing
    /// that, `groups` (column indexes; each group after the first repeats column 0) are laid out
    /// one under the other.
    mutating func table(_ rows: [[String]], indent: String = "  ", detail: Int? = nil, groups: [[Int]] = []) {
        flush()
        let rows = rows.map { $0.map(TextFormat.visible) }
        let whole = TextFormat.table(rows, indent: indent)
        guard let width, whole.split(separator: "\n").contains(where: { $0.count > width }) else {
            lines += whole.split(separator: "\n").map(String.init)
            return
        }
        if let detail {
            let grid = rows.map { r in r.enumerated().filter { $0.offset != detail }.map(\.element) }
            let laid = TextFormat.table(grid, indent: indent).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for (i, line) in laid.enumerated() where i < rows.count {
                lines.append(line)
                // The header names the column under its row too.
                if detail < rows[i].count, !rows[i][detail].isEmpty {
                    lines += wrap(indent + "    " + rows[i][detail])
                }
            }
            return
        }
        if !groups.isEmpty {
            for (g, columns) in groups.enumerated() {
                if g > 0 { lines.append("") }
                let cols = columns.first == 0 ? columns : [0] + columns
                lines += TextFormat.table(rows.map { r in cols.map { $0 < r.count ? r[$0] : "" } }, indent: indent)
                    .split(separator: "\n").map(String.init)
            }
            return
        }
        lines += whole.split(separator: "\n").map(String.init)
    }

    /// The page, every line ended by "\n". With colour, headings (lines that start in column
    /// one) are bold and each word of `tones` is coloured wherever it stands alone; widths were
    /// counted before, so colour never changes the layout.
    mutating func rendered(style: TerminalStyle = .plain, tones: [String: TerminalStyle.Tone] = [:]) -> String {
        flush()
        guard style.enabled else { return lines.map { $0 + "\n" }.joined() }
        return lines.map { line -> String in
            if let first = line.first, first != " " { return style.apply(line, .bold) + "\n" }
            guard !tones.isEmpty else { return line + "\n" }
            return line.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
                let w = String(word)
                return tones[w].map { style.apply(w, $0) } ?? w
            }.joined(separator: " ") + "\n"
        }.joined()
    }

    private mutating func flush() {
        if !pending.isEmpty {
            lines += wrap(TextFormat.visible(pending))
            pending = ""
        }
    }

    /// One prose line as lines no longer than the width where spaces allow: continuation lines
    /// are indented four more than the first.
    func wrap(_ line: String) -> [String] {
        guard let width, line.count > width else { return [line] }
        let indent = String(line.prefix { $0 == " " })
        let hanging = indent + "    "
        var out: [String] = []
        var current = ""
        for word in line.dropFirst(indent.count).split(separator: " ", omittingEmptySubsequences: false) {
            let lead = out.isEmpty ? indent : hanging
            if current.isEmpty {
                current = lead + word
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                out.append(current)
                current = hanging + word
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }
}
