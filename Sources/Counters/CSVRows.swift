/// The rows of a CSV text as RFC 4180 frames them (fields separated by commas, optionally in
/// double quotes with `""` for a quote; rows end in CRLF or LF), each field with its byte
/// offset. A quote left open, or text after a closing quote, is a `CounterError` at its offset.
public struct CSVRows: Sendable {
    public let bytes: [UInt8]
    public let file: String
    /// Maps an offset in `bytes` to the file's own offset when the file was transcoded (UTF-16).
    let fileOffset: @Sendable (Int) -> Int
    public private(set) var position: Int

    public init(bytes: [UInt8], file: String, start: Int = 0, fileOffset: @escaping @Sendable (Int) -> Int = { $0 }) {
        self.bytes = bytes
        self.file = file
        self.position = start
        self.fileOffset = fileOffset
    }

    /// The file's offset of `index` in `bytes`.
    public func offset(_ index: Int) -> Int { fileOffset(index) }

    /// The next row, or nil at the end; blank lines are skipped.
    public mutating func next() throws(CounterError) -> [CSVField]? {
        while position < bytes.count, bytes[position] == 0x0D || bytes[position] == 0x0A { position += 1 }
        guard position < bytes.count else { return nil }
        var fields: [CSVField] = []
        while true {
            let start = position
            var text: [UInt8] = []
            var quoted = false
            if position < bytes.count, bytes[position] == 0x22 {
                quoted = true
                position += 1
                while true {
                    guard position < bytes.count else {
                        throw CounterError(file: file, offset: offset(position), expected: "a closing quote for the field at byte \(offset(start))", found: "the end of the file")
                    }
                    let b = bytes[position]
                    if b == 0x22 {
                        if position + 1 < bytes.count, bytes[position + 1] == 0x22 {
                            text.append(0x22)
                            position += 2
                            continue
                        }
                        position += 1
                        break
                    }
                    text.append(b)
                    position += 1
                }
            } else {
                while position < bytes.count, bytes[position] != 0x2C, bytes[position] != 0x0A, bytes[position] != 0x0D {
                    text.append(bytes[position])
                    position += 1
                }
            }
            fields.append(CSVField(text: String(decoding: text, as: UTF8.self), offset: offset(start), quoted: quoted))
            guard position < bytes.count else { return fields }
            switch bytes[position] {
            case 0x2C:
                position += 1
            case 0x0D, 0x0A:
                if bytes[position] == 0x0D, position + 1 < bytes.count, bytes[position + 1] == 0x0A { position += 2 } else { position += 1 }
                return fields
            default:
                throw CounterError(file: file, offset: offset(position), expected: "a comma or the end of the line after a quoted field",
                                   found: "\(Self.describe(bytes[position]))")
            }
        }
    }

    static func describe(_ b: UInt8) -> String {
        (0x21...0x7E).contains(b) ? "'\(Character(UnicodeScalar(b)))'" : "byte 0x\(String(b, radix: 16))"
    }
}
