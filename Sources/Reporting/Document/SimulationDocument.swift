import TeamingModels

/// `simulate`'s JSON: one policy's spread of the flows, with what the figures rest on in words.
@dynamicMemberLookup
public struct SimulationDocument: Codable, Sendable, Equatable {
    public var fact: SimulationResult
    /// `basis` in words (empty when there is none).
    public var note: String

    public init(_ result: SimulationResult) {
        fact = result
        note = result.basis.map(SimulationReport.note) ?? ""
    }

    public subscript<T>(dynamicMember fact: KeyPath<SimulationResult, T>) -> T { self.fact[keyPath: fact] }

    public func encode(to encoder: any Encoder) throws {
        try FactEncoder.encode(fact, to: encoder, omitting: ["basis"])
        var c = encoder.container(keyedBy: DocumentKey.self)
        try c.encode(note, forKey: "note")
    }

    public init(from decoder: any Decoder) throws {
        fact = try SimulationResult(from: decoder)
        note = try decoder.container(keyedBy: DocumentKey.self).decode(String.self, forKey: "note")
    }
}
