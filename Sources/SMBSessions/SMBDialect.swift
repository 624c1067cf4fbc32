/// An SMB2 dialect revision ([MS-SMB2] 2.2.3, Dialects; 2.2.4, DialectRevision). Open: unknown
/// revisions are kept as they are; 0x02FF is the wildcard an SMB 2.1+ server answers an SMB1
/// multi-protocol negotiate with.
public struct SMBDialect: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static func < (a: SMBDialect, b: SMBDialect) -> Bool { a.rawValue < b.rawValue }

    /// "3.1.1" for 0x0311, "2.?" for the wildcard, else the hex value.
    public var name: String {
        switch rawValue {
        case 0x0202: return "2.0.2"
        case 0x0210: return "2.1"
        case 0x0222: return "2.2.2"
        case 0x0224: return "2.2.4"
        case 0x0300: return "3.0"
        case 0x0302: return "3.0.2"
        case 0x0310: return "3.1.0"
        case 0x0311: return "3.1.1"
        case 0x02FF: return "2.?"
        default: return hex
        }
    }

    /// As TShark prints `smb2.dialect`: `0x0311`.
    public var hex: String {
        let h = String(rawValue, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 4 - h.count)) + h
    }

    public var description: String { name }

    /// Multichannel, encryption and the 3.x capabilities exist from 3.0 on.
    public var isSMB3: Bool { rawValue >= 0x0300 && rawValue != 0x02FF }
}
