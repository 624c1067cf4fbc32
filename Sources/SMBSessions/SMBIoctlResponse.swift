/// SMB2 IOCTL response ([MS-SMB2] 2.2.32): the control code and, for
/// FSCTL_QUERY_NETWORK_INTERFACE_INFO (0x001401FC), the interfaces the server advertises.
public struct SMBIoctlResponse: Sendable {
    public var controlCode: UInt32
    public var interfaces: [SMBNetworkInterface] = []

    public static let queryNetworkInterfaceInfo: UInt32 = 0x0014_01FC

    init(controlCode: UInt32, interfaces: [SMBNetworkInterface]) {
        self.controlCode = controlCode
        self.interfaces = interfaces
    }

    /// `partial` receives the interfaces decoded before a problem, so they are not lost.
    init(_ b: SMBBytes, partial: inout [SMBNetworkInterface]) throws(SMBParse) {
        guard try b.u16(64) == 49 else { throw .malformed("IOCTL response StructureSize \(try b.u16(64)), expected 49") }
        controlCode = try b.u32(68)
        guard controlCode == Self.queryNetworkInterfaceInfo else { return }
        let offset = Int(try b.u32(96)), count = Int(try b.u32(100))
        guard count > 0 else { return }
        guard offset >= SMBHeader.size else { throw .malformed("IOCTL OutputOffset \(offset) points inside the SMB2 header") }
        try SMBNetworkInterface.chain(try b.slice(offset, count), partial: &partial)
        interfaces = partial
    }
}
