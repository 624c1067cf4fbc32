import CaptureIO

/// What `capture` captures on: the members (from `--bond`, `--team` or `-i`), the master when
/// asked for, the bond's configuration, and the device new members come from. Made by `resolve`,
/// a pure function of a sysfs tree and of teamdctl's output, so that tests give both.
public struct CapturePlan: Sendable, Equatable {
    public var host = "host"
    public var members: [String]
    public var master: String?
    public var bond: BondConfiguration?
    /// Where new members come from while capturing (the bond or team device).
    public var device: String?
    public var isTeam = false

    public init(host: String = "host", members: [String], master: String? = nil, bond: BondConfiguration? = nil, device: String? = nil, isTeam: Bool = false) {
        self.host = host
        self.members = members
        self.master = master
        self.bond = bond
        self.device = device
        self.isTeam = isTeam
    }

    /// Every interface captured: the members, then the master.
    public var interfaces: [String] { members + (master.map { [$0] } ?? []) }

    /// The plan for `--bond`, `--team` or `-i` (`interfaces` are added to a bond's or team's
    /// members). `teamdctl`: `teamdctl TEAM state dump`'s output, nil when it could not run
    /// (the team's `lower_*` links then name its ports).
    public static func resolve(bond: String?, team: String?, interfaces: [String], withMaster: Bool,
                               sysfs: SysfsTree = SysfsTree(), teamdctl: String? = nil) throws(CapturePlanError) -> CapturePlan {
        if let bond {
            guard let config = sysfs.bond(bond) else { throw .notABond(name: bond, path: "\(sysfs.net)/\(bond)/bonding") }
            let members = config.members + interfaces.filter { !config.members.contains($0) }
            guard !members.isEmpty else { throw .bondWithoutMembers(name: bond, path: "\(sysfs.net)/\(bond)/bonding/slaves") }
            return CapturePlan(members: members, master: withMaster ? bond : nil, bond: config, device: bond)
        }
        if let team {
            guard let ports = teamPorts(team, sysfs: sysfs, teamdctl: teamdctl), !ports.isEmpty else {
                throw .teamWithoutPorts(name: team, net: sysfs.net)
            }
            return CapturePlan(members: ports + interfaces.filter { !ports.contains($0) }, master: withMaster ? team : nil, device: team, isTeam: true)
        }
        for i in interfaces where !sysfs.exists(i) { throw .noSuchInterface(name: i, path: "\(sysfs.net)/\(i)") }
        return CapturePlan(members: interfaces)
    }

    /// A team's ports: the state dump's `ports` when given and readable, else the device's
    /// `lower_*` links.
    public static func teamPorts(_ team: String, sysfs: SysfsTree, teamdctl: String?) -> [String]? {
        teamdctl.flatMap { TeamPorts.parse(stateDump: $0) } ?? sysfs.lowerLinks(team)
    }

    /// The device's members now (a bond's `slaves`, a team's ports), for members enslaved while
    /// capturing; empty without a device.
    public func currentMembers(sysfs: SysfsTree, teamdctl: String?) -> [String] {
        guard let device else { return [] }
        return isTeam ? Self.teamPorts(device, sysfs: sysfs, teamdctl: teamdctl) ?? [] : sysfs.bond(device)?.members ?? []
    }
}
