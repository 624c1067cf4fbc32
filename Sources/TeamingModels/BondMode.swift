/// A Linux bond's mode as sysfs names it (`/sys/class/net/BOND/bonding/mode`, first word;
/// Documentation/networking/bonding.rst "mode").
public enum BondMode: String, Sendable, CaseIterable {
    case balanceRR = "balance-rr"
    case activeBackup = "active-backup"
    case balanceXOR = "balance-xor"
    case broadcast
    case ieee8023ad = "802.3ad"
    case balanceTLB = "balance-tlb"
    case balanceALB = "balance-alb"
}

extension ModelName {
    /// The traffic model a bond's configuration names: the hash policy's for balance-xor and
    /// 802.3ad (layer2 when sysfs gives none), the mode's own otherwise; nil for broadcast (it
    /// sends every frame on every member) or a hash policy this version does not know.
    public init?(bondMode: BondMode, hashPolicy: String?) {
        switch bondMode {
        case .balanceXOR, .ieee8023ad:
            guard let policy = hashPolicy.map(LinuxHashPolicy.init(rawValue:)) ?? .layer2 else { return nil }
            self = .linux(policy)
        case .balanceRR: self = .linuxRoundRobin
        case .activeBackup: self = .linuxActiveBackup
        case .balanceTLB: self = .linuxBalanceTLB
        case .balanceALB: self = .linuxBalanceALB
        case .broadcast: return nil
        }
    }
}

extension TeamFamily {
    /// The verdict's family for a Linux bond of this mode; nil for broadcast (no family names it).
    public init?(bondMode: BondMode) {
        switch bondMode {
        case .balanceRR: self = .linuxBalanceRR
        case .activeBackup: self = .linuxActiveBackup
        case .balanceXOR: self = .linuxBalanceXOR
        case .ieee8023ad: self = .linux8023ad
        case .balanceTLB: self = .linuxBalanceTLB
        case .balanceALB: self = .linuxBalanceALB
        case .broadcast: return nil
        }
    }
}
