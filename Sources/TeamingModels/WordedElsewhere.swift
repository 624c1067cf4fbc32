/// A fact of the report that Reporting puts into words (in a sibling field) rather than into
/// the JSON: the fact stays typed for renderers, the JSON keeps its sentence. Encoding writes
/// nothing for it; decoding gives nil (a report read back from JSON has the words only).
@propertyWrapper
public struct WordedElsewhere<Value: Sendable & Equatable>: Codable, Sendable, Equatable {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }

    public init(from decoder: any Decoder) throws { wrappedValue = nil }
    public func encode(to encoder: any Encoder) throws {}
}

extension KeyedEncodingContainer {
    /// Nothing is written: the sibling field carries the words.
    public mutating func encode<Value>(_ value: WordedElsewhere<Value>, forKey key: Key) throws {}
}

extension KeyedDecodingContainer {
    public func decode<Value>(_ type: WordedElsewhere<Value>.Type, forKey key: Key) throws -> WordedElsewhere<Value> {
        WordedElsewhere(wrappedValue: nil)
    }
}
