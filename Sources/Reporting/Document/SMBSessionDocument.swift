import TeamAnalysis

/// `smb_sessions[]`: one SMB session, with its findings in plain words.
@dynamicMemberLookup
public struct SMBSessionDocument: Codable, Sendable, Equatable {
    public var fact: SMBSessionReport
    /// `findings`, one sentence each.
    public var notes: [String]

    public init(_ session: SMBSessionReport) {
        fact = session
        notes = (session.findings ?? []).map(Phrasebook.smbNote)
    }

    public subscript<T>(dynamicMember fact: KeyPath<SMBSessionReport, T>) -> T { self.fact[keyPath: fact] }

    public func encode(to encoder: any Encoder) throws {
        try FactEncoder.encode(fact, to: encoder, omitting: ["findings"])
        var c = encoder.container(keyedBy: DocumentKey.self)
        try c.encode(notes, forKey: "notes")
    }

    public init(from decoder: any Decoder) throws {
        fact = try SMBSessionReport(from: decoder)
        notes = try decoder.container(keyedBy: DocumentKey.self).decode([String].self, forKey: "notes")
    }
}
