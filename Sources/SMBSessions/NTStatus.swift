/// An NTSTATUS value ([MS-ERREF] 2.3), as SMB2 headers carry it (MS-SMB2 2.2.1). Open: any
/// value survives. Encoded as the eight-digit hex TShark and Windows print (`0x00000000`).
public struct NTStatus: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// STATUS_SUCCESS.
    public static var success: NTStatus { NTStatus(rawValue: 0) }
    /// STATUS_MORE_PROCESSING_REQUIRED: a SESSION_SETUP round that is not the last.
    public static var moreProcessingRequired: NTStatus { NTStatus(rawValue: 0xC000_0016) }

    public var description: String {
        let h = String(rawValue, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - h.count) + h
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard text.hasPrefix("0x"), let v = UInt32(text.dropFirst(2), radix: 16) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected an NTSTATUS such as 0x00000000, found \(text)")
        }
        rawValue = v
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
