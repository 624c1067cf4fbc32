import TeamAnalysis

/// `findings[]`: a health finding with its advice.
@dynamicMemberLookup
public struct FindingDocument: Codable, Sendable, Equatable {
    public var fact: Finding
    /// What the finding means and what to do, from its kind, cause and figures (and, for a
    /// quiet member, whether a flow the report lists moved off it meanwhile).
    public var advice: String

    public init(_ finding: Finding, moves: [MoveReport]) {
        fact = finding
        // A quiet member's flows failed over only when the report saw them move off it then.
        var movedOff = false
        if case let .quietStretch(q, _) = finding.figures {
            movedOff = moves.contains { $0.host == finding.host && finding.members.contains($0.from) && $0.time >= q.startNs && $0.time <= q.endNs }
        }
        advice = Phrasebook.advice(finding, flowsMovedOff: movedOff)
    }

    public subscript<T>(dynamicMember fact: KeyPath<Finding, T>) -> T { self.fact[keyPath: fact] }

    public func encode(to encoder: any Encoder) throws {
        try FactEncoder.encode(fact, to: encoder, omitting: [])
        var c = encoder.container(keyedBy: DocumentKey.self)
        try c.encode(advice, forKey: "advice")
    }

    public init(from decoder: any Decoder) throws {
        fact = try Finding(from: decoder)
        advice = try decoder.container(keyedBy: DocumentKey.self).decode(String.self, forKey: "advice")
    }
}
