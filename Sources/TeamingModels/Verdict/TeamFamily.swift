/// The kind of team a host runs, as `hosts[].verdict.family` spells it: a Linux bonding mode
/// (`linux/802.3ad`, `linux/balance-xor`, …; bonding.rst) or a Windows teaming technology
/// (`windows/lbfo`, NIC Teaming; `windows/set`, Switch Embedded Teaming); `none` when the
/// interfaces do not behave as one team.
public enum TeamFamily: String, Codable, Sendable, CaseIterable, CustomStringConvertible {
    case linuxBalanceRR = "linux/balance-rr"
    case linuxActiveBackup = "linux/active-backup"
    case linuxBalanceXOR = "linux/balance-xor"
    case linux8023ad = "linux/802.3ad"
    case linuxBalanceTLB = "linux/balance-tlb"
    case linuxBalanceALB = "linux/balance-alb"
    case windowsLBFO = "windows/lbfo"
    case windowsSET = "windows/set"
    /// Interfaces that share no MAC, no address and no flow: not one team.
    case none

    public var description: String { rawValue }

    /// The operating system that runs this kind of team; nil for `none`.
    public var os: OperatingSystem? {
        switch self {
        case .linuxBalanceRR, .linuxActiveBackup, .linuxBalanceXOR, .linux8023ad, .linuxBalanceTLB, .linuxBalanceALB: return .linux
        case .windowsLBFO, .windowsSET: return .windows
        case .none: return nil
        }
    }
}
