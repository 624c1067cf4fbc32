import Foundation

/// The one JSON encoding every command writes: sorted keys, pretty-printed, slashes left alone,
/// so the same input always gives byte-identical output (`SortedJSONEncoder`, which writes what
/// Foundation's `JSONEncoder` writes with those options: 116M instructions where Foundation took
/// 210M for a 200k-packet `analyze --format json`). The keys are
/// snake_case because every encoded type spells them so in its `CodingKeys`: no key strategy,
/// which rebuilt every key string on every object written (170M of 941M instructions for a
/// 200k-packet `analyze --format json`) and could not turn `given_ma_cs` back into `givenMACs`.
public enum JSONOutput {
    public static func render<T: Encodable>(_ value: T) throws -> String {
        var bytes = try SortedJSONEncoder.encode(value)
        bytes.append(UInt8(ascii: "\n"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Reads what `render` wrote back into its type.
    public static func parse<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
