/// What a captured interface is to its host's team (`inputs[].interfaces[].role`): a `member`
/// whose packets count, or an `aggregate` (a bond/team master or other aggregate capture point)
/// whose packets are matched against the members' copies.
public enum InterfaceRole: String, Codable, Sendable {
    case member, aggregate
}
