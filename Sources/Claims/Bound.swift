/// A numeric condition in a claim: `{at_least: 2}`, `{at_most: 0.6}`, `{between: [0.4, 0.6]}`,
/// `{below: 0.001}`, `{above: 0}`, `{exactly: 1}`, or a bare number (exactly).
public struct Bound: Sendable, Equatable, CustomStringConvertible {
    public var lower: Double?
    public var upper: Double?
    public var lowerInclusive = true
    public var upperInclusive = true

    public func holds(_ x: Double) -> Bool {
        if let lower, lowerInclusive ? x < lower : x <= lower { return false }
        if let upper, upperInclusive ? x > upper : x >= upper { return false }
        return true
    }

    static func parse(_ value: Any, at path: String) throws(ClaimError) -> Bound {
        if let n = number(value) { return Bound(lower: n, upper: n) }
        guard let map = value as? [String: Any], map.count == 1, let (key, v) = map.first else {
            throw ClaimError("\(path): expected a number or one of at_least, at_most, between, below, above, exactly")
        }
        switch key {
        case "at_least": if let n = number(v) { return Bound(lower: n) }
        case "at_most": if let n = number(v) { return Bound(upper: n) }
        case "above": if let n = number(v) { return Bound(lower: n, lowerInclusive: false) }
        case "below": if let n = number(v) { return Bound(upper: n, upperInclusive: false) }
        case "exactly": if let n = number(v) { return Bound(lower: n, upper: n) }
        case "between":
            if let pair = v as? [Any], pair.count == 2, let a = number(pair[0]), let b = number(pair[1]) {
                guard a <= b else {
                    throw ClaimError("\(path).between: expected [low, high] with low ≤ high (found [\(format(a)), \(format(b))])")
                }
                return Bound(lower: a, upper: b)
            }
        default:
            throw ClaimError("\(path): unknown condition '\(key)' (expected at_least, at_most, between, below, above, exactly)")
        }
        throw ClaimError("\(path).\(key): expected a number (between: a list of two numbers, low first)")
    }

    static func number(_ v: Any) -> Double? {
        if let d = v as? Double { return d }
        if let i = v as? Int { return Double(i) }
        if let s = v as? String, s.hasSuffix("%"), let d = Double(s.dropLast()) { return d / 100 }
        return nil
    }

    public var description: String {
        switch (lower, upper) {
        case let (l?, u?) where l == u: return "= \(Self.format(l))"
        case let (l?, u?): return "between \(Self.format(l)) and \(Self.format(u))"
        case let (l?, nil): return (lowerInclusive ? "≥ " : "> ") + Self.format(l)
        case let (nil, u?): return (upperInclusive ? "≤ " : "< ") + Self.format(u)
        default: return "any"
        }
    }

    static func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }
}
