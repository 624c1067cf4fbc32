/// active-backup: everything leaves on the active member; the others stand by.
public struct ActiveBackupModel: TeamingModel {
    public init() {}
    public var name: ModelName { .linuxActiveBackup }

    /// It predicts one member for every flow; when only one member carried anything at all,
    /// nothing predicts more.
    public func specificity(_ input: InferenceInput) -> Int {
        input.perMember.filter { $0 > 0 }.count == 1 ? 4 : 2
    }

    public func fit(_ input: InferenceInput) -> ModelFit? {
        let perMember = input.perMember
        guard let active = perMember.indices.max(by: { perMember[$0] < perMember[$1] }) else { return nil }
        let onActive = input.samples.indices.filter { input.pinned[$0] == active }
        return input.consistent(name, onActive, order: [input.memberNames[active]],
                                note: .activeMember(input.memberNames[active]))
    }
}

/// Its meaning for the verdict: switch-independent, no LACP, the bond's MAC on the active member,
/// nothing striped; sending everything on one member is what it does.
extension ActiveBackupModel {
    public var os: OperatingSystem { .linux }
    public var isExactHash: Bool { false }
    public func switchPart(_ e: TeamEvidence) -> SwitchPart { .independent }
    public func families(_ part: SwitchPart, _ e: TeamEvidence) -> [TeamFamily] { [.linuxActiveBackup] }

    public func contradiction(_ fit: ModelFit, samples: [FlowSample], _ e: TeamEvidence) -> TeamVerdict.Reason? {
        e.sourceMACRewritten ?? e.flowsStriped ?? e.lacpSent
    }

    public func distinctKeys(_ samples: [FlowSample], fit: ModelFit) -> Int { samples.count }
    public func tieBreak(with other: ModelName) -> TieBreak? { nil }
}
