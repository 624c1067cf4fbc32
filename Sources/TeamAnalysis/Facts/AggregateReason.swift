/// Why an interface is treated as an aggregate capture point (a bond/team master, the LBFO team
/// adapter) whose packets repeat the members' rather than as a member.
public enum AggregateReason: Sendable, Equatable, Hashable {
    /// `--aggregate` named it.
    case named
    /// Its name is a bond/team master's (bond*, team*, lagg*, port-channel*).
    case masterName(String)
    /// Windows' LBFO team adapter ("Microsoft Network Adapter Multiplexor").
    case lbfoAdapter(String)
    /// It repeats the packets of these two members, which do not repeat each other.
    case repeatsMembers(String, String)
}
