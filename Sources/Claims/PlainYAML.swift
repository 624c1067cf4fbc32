import Yams

/// A claims file's YAML as plain values: `[String: Any]` mappings, `[Any]` sequences and the
/// scalars Yams' default constructor makes (String, Int, Double, Bool, …).
///
/// Built from the composed node tree instead of `Yams.load`, whose constructor traps on a
/// mapping key that is not a scalar (`{{a: b}: c}`: found by the FuzzClaims target, kept in
/// Fuzz/Regressions/FuzzClaims). Keys must be plain values, each given once.
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
        case .scalar:
            return node.any
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
