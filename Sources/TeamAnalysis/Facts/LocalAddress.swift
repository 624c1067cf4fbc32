import PacketWire

/// An address the user says belongs to a capturing host (`--local-mac [HOST=]MAC`,
/// `--local-ip [HOST=]IP`). `host` nil means the only host, or every host that sees it as source.
public struct LocalAddress<Address: Hashable & Sendable>: Hashable, Sendable {
    public var host: String?
    public var address: Address

    public init(host: String?, address: Address) {
        self.host = host
        self.address = address
    }
}

extension LocalAddress {
    /// Parses `ADDRESS` or `HOST=ADDRESS`, the address by `parse`.
    static func parse(_ text: String, _ parse: (String) -> Address?) -> LocalAddress? {
        if let eq = text.firstIndex(of: "=") {
            guard let address = parse(String(text[text.index(after: eq)...])) else { return nil }
            return LocalAddress(host: String(text[..<eq]), address: address)
        }
        return parse(text).map { LocalAddress(host: nil, address: $0) }
    }
}

extension LocalAddress where Address == MACAddress {
    /// Parses `MAC` or `HOST=MAC`.
    public static func parseMAC(_ text: String) -> LocalAddress<MACAddress>? { parse(text, MACAddress.init) }
}

extension LocalAddress where Address == IPAddress {
    /// Parses `IP` or `HOST=IP`.
    public static func parseIP(_ text: String) -> LocalAddress<IPAddress>? { parse(text, IPAddress.init) }
}
