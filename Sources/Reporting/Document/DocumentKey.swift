/// A key of a report document's JSON object, spelled as the Swift property it stands beside
/// (the encoder's snake_case strategy turns `modelVerdict` into `model_verdict`).
struct DocumentKey: CodingKey, ExpressibleByStringLiteral {
    var stringValue: String
    var intValue: Int? { nil }

    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
    init(stringLiteral value: String) { stringValue = value }
}
