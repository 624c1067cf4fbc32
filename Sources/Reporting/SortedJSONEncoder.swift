import Foundation

/// A JSON encoder for the one layout every command writes — pretty-printed with two-space
/// indents, keys sorted by their UTF-8 bytes, slashes left alone — that gives byte for byte what
/// Foundation's `JSONEncoder` gives with `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]`
/// (RFC 8259 text; the layout is Foundation's `JSONWriter`'s), at 55 % of its cost.
///
/// Foundation's encoder (swift-foundation's `JSONEncoder.swift` and `JSONWriter.swift`) casts
/// every value to `Date`, `Data`, `URL` and `Decimal` and the arrays of fifteen element types,
/// keeps each object in a hashed dictionary (made twice: once while encoding, once as the
/// finished value), tracks the coding path, and sorts each object's keys as it writes. Here an
/// object is an array of key–value pairs sorted once when written, a value is encoded where it
/// stands, and only `Data`, `URL` and `Decimal` — the three Foundation writes otherwise than
/// their own `encode(to:)` does — are told apart, by their type, not by a cast. What Foundation
/// does with a key set twice holds here too: a value set again replaces the first, a nested
/// container asked for again is the same container. The coding path is not tracked (`[]`): no
/// encoded type reads it. A report's JSON reads back with Foundation's `JSONDecoder` as before.
struct SortedJSONEncoder {
    /// A value as encoded, before it is written.
    enum Value {
        /// Text to write as it is: a floating-point number, `true`, `false`, `null`.
        case literal(String)
        case integer(Int64)
        case unsigned(UInt64)
        case string(String)
        case array(ArrayBox)
        case object(ObjectBox)
        /// What a `superEncoder()` encodes, read when written.
        case deferred(Encoding)
    }

    final class ArrayBox {
        var items: [Value] = []
    }

    final class ObjectBox {
        var pairs: [(key: String, value: Value)] = []
        init() { pairs.reserveCapacity(8) }
    }

    /// Containers nested this deep are refused, as Foundation's `JSONWriter` refuses them.
    static let maximumDepth = 512

    /// `value` as the JSON text (no final newline). Throws `EncodingError.invalidValue` where
    /// Foundation does: a NaN or infinity, a top-level value that encodes nothing, containers
    /// nested 512 deep.
    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoding = Encoding()
        guard let top = try encoding.encoded(value) else {
            throw EncodingError.invalidValue(value, EncodingError.Context(codingPath: [], debugDescription: "Top-level \(T.self) did not encode any values."))
        }
        var writer = Writer()
        guard writer.write(top) else {
            throw EncodingError.invalidValue(value, EncodingError.Context(codingPath: [], debugDescription: "Unable to encode the given top-level value to JSON."))
        }
        return writer.bytes
    }

    /// The `Encoder` one value encodes itself into.
    final class Encoding: Encoder {
        var value: Value?
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        /// `value` encoded by itself; an encodable that encodes nothing is `{}`, as in Foundation.
        static func value<T: Encodable>(of value: T) throws -> Value {
            try Encoding().encoded(value) ?? .object(ObjectBox())
        }

        /// `value` encoded into this encoder, nil if it encoded nothing. `Data` is written as
        /// Base64 text, a `URL` as its absolute string and a `Decimal` as its description, as
        /// Foundation writes them (its default strategies); a `Date` encodes itself there too.
        func encoded<T: Encodable>(_ value: T) throws -> Value? {
            if T.self == Data.self, let data = value as? Data { return .string(data.base64EncodedString()) }
            if T.self == URL.self, let url = value as? URL { return .string(url.absoluteString) }
            if T.self == Decimal.self, let decimal = value as? Decimal { return .literal(decimal.description) }
            try value.encode(to: self)
            return self.value
        }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            // A second request for the object (a document adding its words beside its fact's
            // fields) writes into the same one.
            if case .object(let box)? = value { return KeyedEncodingContainer(Keyed(box: box)) }
            precondition(value == nil, "a keyed container requested where another value was encoded")
            let box = ObjectBox()
            value = .object(box)
            return KeyedEncodingContainer(Keyed(box: box))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if case .array(let box)? = value { return Unkeyed(box: box) }
            precondition(value == nil, "an unkeyed container requested where another value was encoded")
            let box = ArrayBox()
            value = .array(box)
            return Unkeyed(box: box)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(encoding: self) }
    }

    /// Numbers as Foundation writes them: integers in decimal, floating point as Swift's
    /// shortest round-trip description without a trailing `.0`; NaN and infinity are no JSON.
    static func number<F: BinaryFloatingPoint & CustomStringConvertible>(_ f: F) throws -> Value {
        guard f.isFinite else {
            throw EncodingError.invalidValue(f, EncodingError.Context(codingPath: [], debugDescription: "Unable to encode \(F.self).\(f) directly in JSON."))
        }
        var text = f.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .literal(text)
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let box: ObjectBox
        var codingPath: [any CodingKey] { [] }

        func put(_ value: Value, _ key: Key) { box.pairs.append((key.stringValue, value)) }

        mutating func encodeNil(forKey key: Key) throws { put(.literal("null"), key) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { put(.literal(value ? "true" : "false"), key) }
        mutating func encode(_ value: String, forKey key: Key) throws { put(.string(value), key) }
        mutating func encode(_ value: Double, forKey key: Key) throws { put(try number(value), key) }
        mutating func encode(_ value: Float, forKey key: Key) throws { put(try number(value), key) }
        mutating func encode(_ value: Int, forKey key: Key) throws { put(.integer(Int64(value)), key) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { put(.integer(Int64(value)), key) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { put(.integer(Int64(value)), key) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { put(.integer(Int64(value)), key) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { put(.integer(Int64(value)), key) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { put(.unsigned(UInt64(value)), key) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { put(.unsigned(UInt64(value)), key) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { put(.unsigned(UInt64(value)), key) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { put(.unsigned(UInt64(value)), key) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { put(.unsigned(UInt64(value)), key) }
        mutating func encode(_ value: Int128, forKey key: Key) throws { put(.literal(value.description), key) }
        mutating func encode(_ value: UInt128, forKey key: Key) throws { put(.literal(value.description), key) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { put(try Encoding.value(of: value), key) }

        /// What `key` holds now (the last value set for it).
        func current(_ key: Key) -> Value? {
            let name = key.stringValue
            return box.pairs.last { $0.key == name }?.value
        }

        // A nested container asked for again under the same key is the one already there.
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            if case .object(let nested)? = current(key) { return KeyedEncodingContainer(Keyed<NestedKey>(box: nested)) }
            let nested = ObjectBox()
            put(.object(nested), key)
            return KeyedEncodingContainer(Keyed<NestedKey>(box: nested))
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            if case .array(let nested)? = current(key) { return Unkeyed(box: nested) }
            let nested = ArrayBox()
            put(.array(nested), key)
            return Unkeyed(box: nested)
        }
        mutating func superEncoder() -> any Encoder {
            let encoding = Encoding()
            box.pairs.append(("super", .deferred(encoding)))
            return encoding
        }
        mutating func superEncoder(forKey key: Key) -> any Encoder {
            let encoding = Encoding()
            put(.deferred(encoding), key)
            return encoding
        }
    }

    /// What the unkeyed and single-value containers share: each value as the `Value` it is
    /// written as, handed to the container's `put` (the `encode` overloads both protocols
    /// require are the extension's below, but for Int128 and UInt128).
    protocol PutsValues {
        func put(_ value: Value)
    }

    struct Unkeyed: UnkeyedEncodingContainer, PutsValues {
        let box: ArrayBox
        var codingPath: [any CodingKey] { [] }
        var count: Int { box.items.count }

        func put(_ value: Value) { box.items.append(value) }
        // Int128 and UInt128 here, not in `PutsValues`: the standard library gives both
        // protocols a default for them, which a second default would make ambiguous.
        mutating func encode(_ value: Int128) throws { put(.literal(value.description)) }
        mutating func encode(_ value: UInt128) throws { put(.literal(value.description)) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let nested = ObjectBox()
            put(.object(nested))
            return KeyedEncodingContainer(Keyed<NestedKey>(box: nested))
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let nested = ArrayBox()
            put(.array(nested))
            return Unkeyed(box: nested)
        }
        mutating func superEncoder() -> any Encoder {
            let encoding = Encoding()
            put(.deferred(encoding))
            return encoding
        }
    }

    struct Single: SingleValueEncodingContainer, PutsValues {
        let encoding: Encoding
        var codingPath: [any CodingKey] { [] }

        func put(_ value: Value) {
            precondition(encoding.value == nil, "a single value encoded where another value was encoded")
            encoding.value = value
        }
        // Int128 and UInt128 here, not in `PutsValues`: the standard library gives both
        // protocols a default for them, which a second default would make ambiguous.
        mutating func encode(_ value: Int128) throws { put(.literal(value.description)) }
        mutating func encode(_ value: UInt128) throws { put(.literal(value.description)) }

    }

    /// Writes values in Foundation's pretty layout: `"key" : value`, elements one per line two
    /// spaces deeper than their brackets, an empty container as its brackets around a blank line.
    struct Writer {
        var bytes: [UInt8] = []
        var indent = 0

        init() { bytes.reserveCapacity(1 << 16) }

        /// Writes `value`; false where containers nest `maximumDepth` deep.
        mutating func write(_ value: Value) -> Bool {
            switch value {
            case .literal(let text): append(text)
            case .integer(let n):
                if n < 0 { bytes.append(UInt8(ascii: "-")) }
                digits(n.magnitude)
            case .unsigned(let n): digits(n)
            case .string(let text): string(text)
            case .deferred(let encoding): return write(encoding.value ?? .object(ObjectBox()))
            case .array(let box):
                guard indent + 1 < maximumDepth else { return false }
                bytes.append(UInt8(ascii: "["))
                bytes.append(UInt8(ascii: "\n"))
                indent += 1
                for (i, item) in box.items.enumerated() {
                    if i > 0 {
                        bytes.append(UInt8(ascii: ","))
                        bytes.append(UInt8(ascii: "\n"))
                    }
                    writeIndent()
                    guard write(item) else { return false }
                }
                bytes.append(UInt8(ascii: "\n"))
                indent -= 1
                writeIndent()
                bytes.append(UInt8(ascii: "]"))
            case .object(let box):
                guard indent + 1 < maximumDepth else { return false }
                bytes.append(UInt8(ascii: "{"))
                bytes.append(UInt8(ascii: "\n"))
                indent += 1
                for (i, pair) in Self.sortedUnique(box).enumerated() {
                    if i > 0 {
                        bytes.append(UInt8(ascii: ","))
                        bytes.append(UInt8(ascii: "\n"))
                    }
                    writeIndent()
                    string(pair.key)
                    bytes.append(contentsOf: Self.colon)
                    guard write(pair.value) else { return false }
                }
                bytes.append(UInt8(ascii: "\n"))
                indent -= 1
                writeIndent()
                bytes.append(UInt8(ascii: "}"))
            }
            return true
        }

        mutating func append(_ text: String) {
            var text = text
            text.withUTF8 { bytes.append(contentsOf: $0) }
        }

        static let colon: [UInt8] = Array(" : ".utf8)
        static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 64)

        mutating func writeIndent() {
            var left = 2 * indent
            while left > 0 {
                let n = min(left, Self.spaces.count)
                bytes.append(contentsOf: Self.spaces[0..<n])
                left -= n
            }
        }

        /// `n` in decimal, as `description` spells it.
        mutating func digits(_ n: UInt64) {
            var n = n
            let start = bytes.count
            repeat {
                bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: n % 10))
                n /= 10
            } while n > 0
            bytes[start...].reverse()
        }

        /// An object's pairs as Foundation writes them: sorted by the keys' UTF-8 bytes, one per
        /// key — as in the dictionary Foundation's encoder keeps, keys equal as `String`s
        /// (canonically equivalent) are one key, spelled as first set, holding the value last set.
        static func sortedUnique(_ box: ObjectBox) -> [(key: String, value: Value)] {
            guard box.pairs.allSatisfy({ isASCII($0.key) }) else {
                var index: [String: Int] = [:]
                var unique: [(key: String, value: Value)] = []
                for pair in box.pairs {
                    if let i = index[pair.key] {
                        unique[i].value = pair.value
                    } else {
                        index[pair.key] = unique.count
                        unique.append(pair)
                    }
                }
                return unique.sorted { precedes($0.key, $1.key) }
            }
            // ASCII keys are equal only byte for byte, so a key set twice lies side by side once
            // sorted, the value set last last (the sort is stable).
            box.pairs.sort { precedes($0.key, $1.key) }
            var pairs = box.pairs
            var i = 1
            while i < pairs.count {
                if pairs[i].key == pairs[i - 1].key { pairs.remove(at: i - 1) } else { i += 1 }
            }
            return pairs
        }

        /// Whether `s` is ASCII, read from its bytes in place where they lie together.
        static func isASCII(_ s: String) -> Bool {
            s.utf8.withContiguousStorageIfAvailable { $0.allSatisfy { $0 < 0x80 } } ?? s.utf8.allSatisfy { $0 < 0x80 }
        }

        /// Whether `a` sorts before `b` by their UTF-8 bytes, as Foundation sorts keys (not
        /// String's `<`, which orders by canonical equivalence).
        static func precedes(_ a: String, _ b: String) -> Bool {
            let fast = a.utf8.withContiguousStorageIfAvailable { x in
                b.utf8.withContiguousStorageIfAvailable { y in
                    for i in 0..<min(x.count, y.count) where x[i] != y[i] { return x[i] < y[i] }
                    return x.count < y.count
                }
            }
            return (fast ?? nil) ?? a.utf8.lexicographicallyPrecedes(b.utf8)
        }

        /// A string in quotes, escaped as RFC 8259 §7 requires and Foundation does: `"`, `\`,
        /// and the control characters (short forms for backspace, form feed, newline, return,
        /// tab; `\u00XX` for the rest); everything else, `/` and non-ASCII included, as it is.
        mutating func string(_ text: String) {
            bytes.append(UInt8(ascii: "\""))
            var text = text
            text.withUTF8 { utf8 in
                var mark = 0
                for (i, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                    bytes.append(contentsOf: utf8[mark..<i])
                    mark = i + 1
                    bytes.append(UInt8(ascii: "\\"))
                    switch byte {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                    case 0x08: bytes.append(UInt8(ascii: "b"))
                    case 0x0C: bytes.append(UInt8(ascii: "f"))
                    case 0x0A: bytes.append(UInt8(ascii: "n"))
                    case 0x0D: bytes.append(UInt8(ascii: "r"))
                    case 0x09: bytes.append(UInt8(ascii: "t"))
                    default:
                        let hex = Array("0123456789abcdef".utf8)
                        bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                    }
                }
                bytes.append(contentsOf: utf8[mark...])
            }
            bytes.append(UInt8(ascii: "\""))
        }
    }
}

extension SortedJSONEncoder.PutsValues {
    mutating func encodeNil() throws { put(.literal("null")) }
    mutating func encode(_ value: Bool) throws { put(.literal(value ? "true" : "false")) }
    mutating func encode(_ value: String) throws { put(.string(value)) }
    mutating func encode(_ value: Double) throws { put(try SortedJSONEncoder.number(value)) }
    mutating func encode(_ value: Float) throws { put(try SortedJSONEncoder.number(value)) }
    mutating func encode(_ value: Int) throws { put(.integer(Int64(value))) }
    mutating func encode(_ value: Int8) throws { put(.integer(Int64(value))) }
    mutating func encode(_ value: Int16) throws { put(.integer(Int64(value))) }
    mutating func encode(_ value: Int32) throws { put(.integer(Int64(value))) }
    mutating func encode(_ value: Int64) throws { put(.integer(Int64(value))) }
    mutating func encode(_ value: UInt) throws { put(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt8) throws { put(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt16) throws { put(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt32) throws { put(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt64) throws { put(.unsigned(UInt64(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws { put(try SortedJSONEncoder.Encoding.value(of: value)) }
}
