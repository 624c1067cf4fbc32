/// An SVG drawing written as text: every element the charts use, every string escaped
/// (`HTMLEscape`), every number written with at most two decimals so the output is the same
/// on every machine. Classes name colours; the page's stylesheet gives them (light and dark).
struct SVGCanvas {
    let width: Double
    let height: Double
    private(set) var body = ""

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    static func n(_ v: Double) -> String { ChartScale.trimmed(v, decimals: 2) }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, className: String, title: String? = nil) {
        body += "<rect x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(max(0, width)))\" height=\"\(Self.n(max(0, height)))\" class=\"\(HTMLEscape.attribute(className))\""
        if let title { body += "><title>\(HTMLEscape.text(title))</title></rect>" } else { body += "/>" }
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, className: String, title: String? = nil) {
        body += "<line x1=\"\(Self.n(x1))\" y1=\"\(Self.n(y1))\" x2=\"\(Self.n(x2))\" y2=\"\(Self.n(y2))\" class=\"\(HTMLEscape.attribute(className))\""
        if let title { body += "><title>\(HTMLEscape.text(title))</title></line>" } else { body += "/>" }
    }

    /// A path from points (straight segments).
    mutating func polyline(_ points: [(Double, Double)], className: String, title: String? = nil) {
        guard let first = points.first else { return }
        var d = "M\(Self.n(first.0)) \(Self.n(first.1))"
        for p in points.dropFirst() { d += "L\(Self.n(p.0)) \(Self.n(p.1))" }
        body += "<path d=\"\(d)\" class=\"\(HTMLEscape.attribute(className))\""
        if let title { body += "><title>\(HTMLEscape.text(title))</title></path>" } else { body += "/>" }
    }

    /// Text at a point; `anchor` start, middle or end.
    mutating func text(_ s: String, x: Double, y: Double, anchor: String = "start", className: String = "label") {
        body += "<text x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" text-anchor=\"\(anchor)\" class=\"\(HTMLEscape.attribute(className))\">\(HTMLEscape.text(s))</text>"
    }

    /// The drawing as an `<svg>` element scaled to its container's width; `label` is read by
    /// screen readers.
    /// `natural`: drawn at its own size (narrower than the page), shrunk only to fit.
    func rendered(label: String, natural: Bool = false) -> String {
        let size = natural ? " width=\"\(Self.n(width))\" height=\"\(Self.n(height))\" class=\"natural\"" : ""
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Self.n(width)) \(Self.n(height))\"\(size) role=\"img\" aria-label=\"\(HTMLEscape.attribute(label))\">" + body + "</svg>"
    }
}
