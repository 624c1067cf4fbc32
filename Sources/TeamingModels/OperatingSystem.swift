/// The operating system whose teaming a model or family describes: Linux bonding
/// (Documentation/networking/bonding.rst) or Windows NIC Teaming / Switch Embedded Teaming.
public enum OperatingSystem: String, Codable, Sendable, CaseIterable {
    case linux, windows
}
