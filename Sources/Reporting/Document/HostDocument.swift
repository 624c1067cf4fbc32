import TeamAnalysis

/// `hosts[]`: a host's facts with the verdicts, its direction and its migration answer in words.
@dynamicMemberLookup
public struct HostDocument: Codable, Sendable, Equatable {
    public var fact: HostReport
    public var direction: DirectionDocument
    public var migration: MigrationAnswerDocument
    /// `team` in words: the facts' names, the evidence and the reasons.
    public var verdict: VerdictReport?
    /// `model` in one sentence: the best model, and what the data cannot tell apart.
    public var modelVerdict: String?
    /// `receive` in one sentence: how inbound traffic reached the members.
    public var receiveVerdict: String?

    /// Said in words here (or documents of their own), so not encoded with the facts.
    static let worded: Set<String> = ["direction", "migration", "team", "model", "receive"]

    public init(_ host: HostReport, live: Bool) {
        fact = host
        direction = DirectionDocument(host.direction, host: host.name, live: live)
        migration = MigrationAnswerDocument(host.migration)
        verdict = host.team.map { Phrasebook.verdict($0, live: live) }
        modelVerdict = host.model.map(Phrasebook.modelVerdict)
        receiveVerdict = host.receive.map { Phrasebook.receiveVerdict($0, switchPart: host.team?.switchPart) }
    }

    public subscript<T>(dynamicMember fact: KeyPath<HostReport, T>) -> T { self.fact[keyPath: fact] }

    public func encode(to encoder: any Encoder) throws {
        try FactEncoder.encode(fact, to: encoder, omitting: Self.worded)
        var c = encoder.container(keyedBy: DocumentKey.self)
        try c.encode(direction, forKey: "direction")
        try c.encode(migration, forKey: "migration")
        try c.encodeIfPresent(verdict, forKey: "verdict")
        try c.encodeIfPresent(modelVerdict, forKey: "model_verdict")
        try c.encodeIfPresent(receiveVerdict, forKey: "receive_verdict")
    }

    public init(from decoder: any Decoder) throws {
        fact = try HostReport(from: decoder)
        let c = try decoder.container(keyedBy: DocumentKey.self)
        direction = try c.decode(DirectionDocument.self, forKey: "direction")
        migration = try c.decode(MigrationAnswerDocument.self, forKey: "migration")
        verdict = try c.decodeIfPresent(VerdictReport.self, forKey: "verdict")
        modelVerdict = try c.decodeIfPresent(String.self, forKey: "model_verdict")
        receiveVerdict = try c.decodeIfPresent(String.self, forKey: "receive_verdict")
    }
}
