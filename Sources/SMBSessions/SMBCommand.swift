/// An SMB2 command code ([MS-SMB2] 2.2.1.2, Command). Open: unknown codes are carried as they are.
public struct SMBCommand: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static var negotiate: SMBCommand { SMBCommand(rawValue: 0x0000) }
    public static var sessionSetup: SMBCommand { SMBCommand(rawValue: 0x0001) }
    public static var logoff: SMBCommand { SMBCommand(rawValue: 0x0002) }
    public static var treeConnect: SMBCommand { SMBCommand(rawValue: 0x0003) }
    public static var treeDisconnect: SMBCommand { SMBCommand(rawValue: 0x0004) }
    public static var create: SMBCommand { SMBCommand(rawValue: 0x0005) }
    public static var close: SMBCommand { SMBCommand(rawValue: 0x0006) }
    public static var read: SMBCommand { SMBCommand(rawValue: 0x0008) }
    public static var write: SMBCommand { SMBCommand(rawValue: 0x0009) }
    public static var ioctl: SMBCommand { SMBCommand(rawValue: 0x000B) }

    static let names = ["NEGOTIATE", "SESSION_SETUP", "LOGOFF", "TREE_CONNECT", "TREE_DISCONNECT", "CREATE", "CLOSE",
                        "FLUSH", "READ", "WRITE", "LOCK", "IOCTL", "CANCEL", "ECHO", "QUERY_DIRECTORY", "CHANGE_NOTIFY",
                        "QUERY_INFO", "SET_INFO", "OPLOCK_BREAK"]

    public var description: String {
        Int(rawValue) < Self.names.count ? Self.names[Int(rawValue)] : "0x\(String(rawValue, radix: 16))"
    }
}
