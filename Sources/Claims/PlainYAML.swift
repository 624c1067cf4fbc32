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
    static func load(_ text: String) throws(ClaimError) -> Any? {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw ClaimError("not valid YAML: \(error)")
        }
        guard let node else { return nil }
        return try plain(node)
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
