import Foundation

/// The one JSON encoding every command writes: sorted keys, pretty-printed, slashes left alone,
/// so the same input always gives byte-identical output. The keys are snake_case because every
/// encoded type spells them so in its `CodingKeys` — no key strategy: `.convertToSnakeCase`
/// rebuilt every key string on every object it wrote (170M of 941M instructions for a 200k-packet
/// `analyze --format json`), and it would turn an acronym such as `noLACP` into `no_lacp` on the
/// way out but not back into `noLACP` on the way in.
public enum JSONOutput {
    public static func render<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    /// Reads what `render` wrote back into its type.
    public static func parse<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
