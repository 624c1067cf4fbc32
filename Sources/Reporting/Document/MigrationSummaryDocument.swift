import TeamAnalysis

/// `migration_summary[]`: the live migrations between a pair of hosts, answered in one line.
@dynamicMemberLookup
public struct MigrationSummaryDocument: Codable, Sendable, Equatable {
    public var fact: MigrationSummary
    /// The figures in one answer.
    public var answer: String

    public init(_ summary: MigrationSummary) {
        fact = summary
        answer = Phrasebook.migrationSummaryAnswer(summary)
    }

    public subscript<T>(dynamicMember fact: KeyPath<MigrationSummary, T>) -> T { self.fact[keyPath: fact] }

    public func encode(to encoder: any Encoder) throws {
        try FactEncoder.encode(fact, to: encoder, omitting: [])
        var c = encoder.container(keyedBy: DocumentKey.self)
        try c.encode(answer, forKey: "answer")
    }

    public init(from decoder: any Decoder) throws {
        fact = try MigrationSummary(from: decoder)
        answer = try decoder.container(keyedBy: DocumentKey.self).decode(String.self, forKey: "answer")
    }
}
