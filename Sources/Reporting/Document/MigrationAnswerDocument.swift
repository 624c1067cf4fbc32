import TeamAnalysis

/// `hosts[].migration`: whether every migration stream stayed on one member, and the answer in
/// one line.
@dynamicMemberLookup
public struct MigrationAnswerDocument: Codable, Sendable, Equatable {
    public var fact: MigrationAnswer
    /// The one-line answer (empty when the split examples are unknown: a report read back).
    public var answer: String

    public init(_ migration: MigrationAnswer) {
        fact = migration
        answer = migration.splitExamples == nil ? "" : Phrasebook.migrationAnswer(migration)
    }

    public subscript<T>(dynamicMember fact: KeyPath<MigrationAnswer, T>) -> T { self.fact[keyPath: fact] }

    public func encode(to encoder: any Encoder) throws {
        try FactEncoder.encode(fact, to: encoder, omitting: ["split_examples"])
        var c = encoder.container(keyedBy: DocumentKey.self)
        try c.encode(answer, forKey: "answer")
    }

    public init(from decoder: any Decoder) throws {
        fact = try MigrationAnswer(from: decoder)
        answer = try decoder.container(keyedBy: DocumentKey.self).decode(String.self, forKey: "answer")
    }
}
