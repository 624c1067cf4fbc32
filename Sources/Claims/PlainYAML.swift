import Foundation
import Yams

/// A claims file's YAML as plain values: `[String: Any]` mappings, `[Any]` sequences and the
/// scalars Yams' default constructor makes (String, Int, Double, Bool, …).
///
/// Built from the composed node tree instead of `Yams.load`, whose constructor traps on a
/// mapping key that is not a scalar (`{{a: b}: c}`) and on a base-60 integer that overflows
/// (`-7777000000018589944:3`); both found by the FuzzClaims target and kept in
/// Fuzz/Regressions/FuzzClaims. Keys must be plain values, each given once; scalars are
/// converted here with Swift's checked parsers (YAML 1.1's base-60 numbers stay strings).
enum PlainYAML {
    /// Deepest nesting read: Yams composes the tree recursively, so a file of a few thousand
    /// `{` overflows the stack (found by FuzzClaims). A claims file nests four levels or so.
    static let maxDepth = 64

    static func load(_ text: String) throws(ClaimError) -> Any? {
        try checkDepth(text)
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw ClaimError("not valid YAML: \(error)")
        }
        guard let node else { return nil }
        return try plain(node)
    }

    /// Refuses nesting deeper than `maxDepth`: flow collections (`{`, `[` outside quotes and
    /// comments) and block nesting (a line's indentation plus its leading `- ` markers).
    static func checkDepth(_ text: String) throws(ClaimError) {
        var depth = 0
        var quote: Character?
        var line = 1, column = 0
        var atLineStart = true, indent = 0, dashes = 0
        var comment = false
        var previous: Character = " "
        for c in text {
            column += 1
            if c == "\n" {
                line += 1; column = 0; atLineStart = true; indent = 0; dashes = 0; comment = false; previous = " "
                continue
            }
            if atLineStart {
                if c == " " { indent += 1; continue }
                if c == "-" { dashes += 1; continue }
                atLineStart = false
                if indent / 2 + dashes > maxDepth {
                    throw ClaimError("line \(line): nested more than \(maxDepth) levels deep")
                }
            }
            if comment { continue }
            if let q = quote {
                if c == q { quote = nil }
                continue
            }
            switch c {
            case "\"", "'": quote = c
            case "#" where previous == " ": comment = true
            case "{", "[":
                depth += 1
                if depth > maxDepth { throw ClaimError("line \(line), column \(column): nested more than \(maxDepth) levels deep") }
            case "}", "]": depth = max(0, depth - 1)
            default: break
            }
            previous = c
        }
    }

    static func plain(_ node: Node) throws(ClaimError) -> Any {
        switch node {
        case .scalar(let scalar):
            return value(scalar, tag: Tag.Name(rawValue: node.tag.description))
        case .sequence(let sequence):
            var out: [Any] = []
            for item in sequence { out.append(try plain(item)) }
            return out
        case .mapping(let mapping):
            var out: [String: Any] = [:]
            for (key, value) in mapping {
                guard case .scalar(let scalar) = key else {
                    throw ClaimError("\(place(key))a mapping key must be a plain value, not a \(kind(key))")
                }
                guard out[scalar.string] == nil else {
                    throw ClaimError("\(place(key))'\(scalar.string)' is given twice in one mapping")
                }
                out[scalar.string] = try plain(value)
            }
            return out
        }
    }

    /// A scalar as the type its resolved tag names: Int (decimal, 0x, 0o, 0b, underscores),
    /// Double, Bool, NSNull; anything that does not convert safely stays its string.
    static func value(_ scalar: Node.Scalar, tag: Tag.Name) -> Any {
        let text = scalar.string
        switch tag {
        case .int:
            if let i = integer(text) { return i }
        case .float:
            if !text.contains(":"), let d = Double.construct(from: scalar) { return d }
        case .bool:
            if let b = Bool.construct(from: scalar) { return b }
        case .null:
            return NSNull()
        default:
            break
        }
        return text
    }

    static func integer(_ text: String) -> Int? {
        var t = Substring(text.replacingOccurrences(of: "_", with: ""))
        var sign = 1
        if t.hasPrefix("-") { sign = -1; t = t.dropFirst() } else if t.hasPrefix("+") { t = t.dropFirst() }
        var radix = 10
        for (prefix, r) in [("0x", 16), ("0o", 8), ("0b", 2)] where t.hasPrefix(prefix) {
            radix = r
            t = t.dropFirst(2)
        }
        guard !t.isEmpty, let magnitude = Int(t, radix: radix) else { return nil }
        return sign == 1 ? magnitude : (magnitude == Int.min ? nil : -magnitude)
    }

    private static func kind(_ node: Node) -> String {
        switch node {
        case .scalar: return "scalar"
        case .mapping: return "mapping"
        case .sequence: return "list"
        }
    }

    private static func place(_ node: Node) -> String {
        node.mark.map { "line \($0.line), column \($0.column): " } ?? ""
    }
}
