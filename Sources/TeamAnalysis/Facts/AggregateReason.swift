/// Why an interface is treated as an aggregate capture point (a bond/team master, the LBFO team
/// adapter) whose packets repeat the members' rather than as a member.
public enum AggregateReason: Codable, Sendable, Equatable, Hashable {
    /// `--aggregate` named it.
    case named
    /// The host's own description (`--links`, `--bonding`) says it is a master.
    case describedMaster(String)
    /// Its name is a bond/team master's (bond*, team*, lagg*, port-channel*).
    case masterName(String)
    /// Windows' LBFO team adapter ("Microsoft Network Adapter Multiplexor").
    case lbfoAdapter(String)
    /// It repeats the packets of these two members, which do not repeat each other.
    case repeatsMembers(String, String)
    /// The capture's direction marks show it stacked above this member: what it sends appears on
    /// it first and then on the member, what the member receives appears there first and then
    /// on it — how the kernel hands a bond master's packets to its members and back.
    case stackedAbove(String)

    enum CodingKeys: String, CodingKey {
        case named, describedMaster = "described_master", masterName = "master_name", lbfoAdapter = "lbfo_adapter"
        case repeatsMembers = "repeats_members", stackedAbove = "stacked_above"
    }
}
