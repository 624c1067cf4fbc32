/// How sure a decision is: `certain` (the capture or the user said), `high`, `medium`, `low`
/// (a guess), or `none`.
public enum Confidence: String, Codable, Sendable, Comparable {
    case none, low, medium, high, certain

    private var order: Int {
        switch self {
        case .none: return 0
        case .low: return 1
        case .medium: return 2
        case .high: return 3
        case .certain: return 4
        }
    }

    public static func < (a: Confidence, b: Confidence) -> Bool { a.order < b.order }
}
