import TeamAnalysis

/// `flows[]` and `migration_streams[]`: one flow, with why it is a migration stream in words.
@dynamicMemberLookup
public struct FlowDocument: Codable, Sendable, Equatable {
    public var fact: FlowReport
    /// `migration` in words; nil for a flow that is no migration stream.
    public var migrationReason: String?

    public init(_ flow: FlowReport) {
        fact = flow
        migrationReason = flow.migration.map(Phrasebook.migration)
    }

    public subscript<T>(dynamicMember fact: KeyPath<FlowReport, T>) -> T { self.fact[keyPath: fact] }

    public func encode(to encoder: any Encoder) throws {
        try FactEncoder.encode(fact, to: encoder, omitting: ["migration"])
        var c = encoder.container(keyedBy: DocumentKey.self)
        try c.encodeIfPresent(migrationReason, forKey: "migration_reason")
    }

    public init(from decoder: any Decoder) throws {
        fact = try FlowReport(from: decoder)
        migrationReason = try decoder.container(keyedBy: DocumentKey.self).decodeIfPresent(String.self, forKey: "migration_reason")
    }
}
