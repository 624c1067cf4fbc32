import TeamAnalysis

/// `aggregates[]`: a bond master or other aggregate capture point, with why it is one in words.
@dynamicMemberLookup
public struct AggregateDocument: Codable, Sendable, Equatable {
    public var fact: AggregateReport
    /// `basis` in words (empty when there is none).
    public var reason: String

    public init(_ aggregate: AggregateReport) {
        fact = aggregate
        reason = aggregate.basis.map(Phrasebook.aggregate) ?? ""
    }

    public subscript<T>(dynamicMember fact: KeyPath<AggregateReport, T>) -> T { self.fact[keyPath: fact] }

    public func encode(to encoder: any Encoder) throws {
        try FactEncoder.encode(fact, to: encoder, omitting: ["basis"])
        var c = encoder.container(keyedBy: DocumentKey.self)
        try c.encode(reason, forKey: "reason")
    }

    public init(from decoder: any Decoder) throws {
        fact = try AggregateReport(from: decoder)
        reason = try decoder.container(keyedBy: DocumentKey.self).decode(String.self, forKey: "reason")
    }
}
