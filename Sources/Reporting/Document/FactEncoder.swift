/// Encodes a fact into its document's JSON object, leaving out the fields the document writes
/// itself: the facts said in words there (`basis` beside `reason`) and the parts that are
/// documents of their own (`hosts`). Only the object's own keys are filtered; what lies below
/// them is encoded by the underlying encoder as usual.
struct FactEncoder: Encoder {
    let base: any Encoder
    /// Keys as the fact's `CodingKeys` spell them: the JSON's snake_case names.
    let omitted: Set<String>

    var codingPath: [any CodingKey] { base.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { base.userInfo }

    /// Encodes `fact` into `encoder`'s object without the `omitted` fields.
    static func encode<Fact: Encodable>(_ fact: Fact, to encoder: any Encoder, omitting omitted: Set<String>) throws {
        try fact.encode(to: FactEncoder(base: encoder, omitted: omitted))
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(Omitting(base: base.container(keyedBy: Key.self), omitted: omitted))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer { base.unkeyedContainer() }
    func singleValueContainer() -> any SingleValueEncodingContainer { base.singleValueContainer() }

    /// The fact's keyed container with the omitted keys dropped.
    struct Omitting<Key: CodingKey>: KeyedEncodingContainerProtocol {
        var base: KeyedEncodingContainer<Key>
        let omitted: Set<String>

        var codingPath: [any CodingKey] { base.codingPath }
        func kept(_ key: Key) -> Bool { !omitted.contains(key.stringValue) }

        mutating func encodeNil(forKey key: Key) throws { if kept(key) { try base.encodeNil(forKey: key) } }
        mutating func encode(_ value: Bool, forKey key: Key) throws { if kept(key) { try base.encode(value, forKey: key) } }
        mutating func encode(_ value: String, forKey key: Key) throws { if kept(key) { try base.encode(value, forKey: key) } }
        mutating func encode(_ value: Double, forKey key: Key) throws { if kept(key) { try base.encode(value, forKey: key) } }
        mutating func encode(_ value: Float, forKey key: Key) throws { if kept(key) { try base.encode(value, forKey: key) } }
        mutating func encode(_ value: Int, forKey key: Key) throws { if kept(key) { try base.encode(value, forKey: key) } }
        mutating func encode(_ value: Int8, forKey key: Key) throws { if kept(key) { try base.encode(value, forKey: key) } }
        mutating func encode(_ value: Int16, forKey key: Key) throws { if kept(key) { try base.encode(value, forKey: key) } }
        mutating func encode(_ value: Int32, forKey key: Key) throws { if kept(key) { try base.encode(value, forKey: key) } }
        mutating func encode(_ value: Int64, forKey key: Key) throws { if kept(key) { try base.encode(value, forKey: key) } }
        mutating func encode(_ value: UInt, forKey key: Key) throws { if kept(key) { try base.encode(value, forKey: key) } }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { if kept(key) { try base.encode(value, forKey: key) } }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { if kept(key) { try base.encode(value, forKey: key) } }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { if kept(key) { try base.encode(value, forKey: key) } }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { if kept(key) { try base.encode(value, forKey: key) } }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { if kept(key) { try base.encode(value, forKey: key) } }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            base.nestedContainer(keyedBy: keyType, forKey: key)
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { base.nestedUnkeyedContainer(forKey: key) }
        mutating func superEncoder() -> any Encoder { base.superEncoder() }
        mutating func superEncoder(forKey key: Key) -> any Encoder { base.superEncoder(forKey: key) }
    }
}
