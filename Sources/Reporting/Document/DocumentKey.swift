/// A key of a report document's JSON object, spelled as the JSON has it (`model_verdict` beside
/// the Swift property `modelVerdict`), as the facts' `CodingKeys` spell theirs.
struct DocumentKey: CodingKey, ExpressibleByStringLiteral {
    var stringValue: String
    var intValue: Int? { nil }

    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
    init(stringLiteral value: String) { stringValue = value }
}
