import TeamAnalysis

/// `hosts[].direction`: how the direction was decided, with what it rests on in words.
@dynamicMemberLookup
public struct DirectionDocument: Codable, Sendable, Equatable {
    public var fact: DirectionDecision
    /// `basis` in words (empty when there is none).
    public var explanation: String

    public init(_ decision: DirectionDecision, host: String, live: Bool) {
        fact = decision
        explanation = decision.basis.map { Phrasebook.direction($0, host: host, live: live) } ?? ""
    }

    public subscript<T>(dynamicMember fact: KeyPath<DirectionDecision, T>) -> T { self.fact[keyPath: fact] }

    public func encode(to encoder: any Encoder) throws {
        try FactEncoder.encode(fact, to: encoder, omitting: ["basis"])
        var c = encoder.container(keyedBy: DocumentKey.self)
        try c.encode(explanation, forKey: "explanation")
    }

    public init(from decoder: any Decoder) throws {
        fact = try DirectionDecision(from: decoder)
        explanation = try decoder.container(keyedBy: DocumentKey.self).decode(String.self, forKey: "explanation")
    }
}
