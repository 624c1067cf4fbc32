import PacketWire

/// Which MAC each IP address's frames came from, learned from captures that record only the
/// source MAC (Linux SLL/SLL2): the address a host's frames to that IP were sent to (the peer's,
/// or the gateway's for a routed peer, whose frames arrive from the gateway's MAC too). The first
/// MAC seen for an address is kept; the table holds at most `capacity` addresses.
struct NeighbourTable {
    private var table: [IPAddress: MACAddress] = [:]
    private var last = IPAddress.none
    static let capacity = 4096

    @inline(__always)
    mutating func observe(_ ip: IPAddress, _ mac: MACAddress) {
        guard ip != last else { return }
        last = ip
        guard table.count < Self.capacity, table[ip] == nil, !mac.isMulticast, mac != .zero else { return }
        table[ip] = mac
    }

    func mac(of ip: IPAddress) -> MACAddress? { table[ip] }
}
