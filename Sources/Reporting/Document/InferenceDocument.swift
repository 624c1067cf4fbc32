import TeamAnalysis

/// `inference[]`: one teaming model's fit to one host, with what the fit rests on in words.
@dynamicMemberLookup
public struct InferenceDocument: Codable, Sendable, Equatable {
    public var fact: InferenceReport
    /// `basis` in words (empty when there is none).
    public var note: String

    public init(_ fit: InferenceReport) {
        fact = fit
        note = fit.basis.map(Phrasebook.modelNote) ?? ""
    }

    public subscript<T>(dynamicMember fact: KeyPath<InferenceReport, T>) -> T { self.fact[keyPath: fact] }

    public func encode(to encoder: any Encoder) throws {
        try FactEncoder.encode(fact, to: encoder, omitting: ["basis"])
        var c = encoder.container(keyedBy: DocumentKey.self)
        try c.encode(note, forKey: "note")
    }

    public init(from decoder: any Decoder) throws {
        fact = try InferenceReport(from: decoder)
        note = try decoder.container(keyedBy: DocumentKey.self).decode(String.self, forKey: "note")
    }
}
