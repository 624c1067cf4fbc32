/// What decided the direction of most of a member's packets (`MemberReport.directionSource`):
/// a `DirectionMethod`, or nothing when the member counted no packet. In the JSON as the
/// method's name, or `none`.
public enum MemberDirectionSource: Sendable, Equatable, Codable {
    /// The member counted no packet.
    case none
    case method(DirectionMethod)

    /// The report's name for it: the method's, or `none`.
    public var name: String {
        switch self {
        case .none: return "none"
        case .method(let m): return m.rawValue
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        if text == Self.none.name {
            self = .none
        } else if let m = DirectionMethod(rawValue: text) {
            self = .method(m)
        } else {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: decoder.codingPath,
                                                                    debugDescription: "expected a direction method or none, found \(text)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(name)
    }
}
