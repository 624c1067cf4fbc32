/// active-backup: everything leaves on the active member; the others stand by.
public struct ActiveBackupModel: TeamingModel {
    public init() {}
    public var name: ModelName { .linuxActiveBackup }

    /// It predicts one member for every flow; when only one member carried anything at all,
    /// nothing predicts more.
    public func specificity(_ input: InferenceInput) -> Int {
        input.perMember.filter { $0 > 0 }.count == 1 ? 4 : 2
    }

    /// Everything on one member at a time: the member carrying the most when the flows' times
    /// are unknown; else the active members over time (`ActiveTimeline`), a failover moving
    /// every flow at once.
    public func fit(_ input: InferenceInput) -> ModelFit? {
        let perMember = input.perMember
        guard let active = perMember.indices.max(by: { perMember[$0] < perMember[$1] }) else { return nil }
        guard let timeline = ActiveTimeline(input.samples, members: input.memberCount) else {
            let onActive = input.samples.indices.filter { input.pinned[$0] == active }
            return input.consistent(name, onActive, order: [input.memberNames[active]],
                                    note: .activeMember(input.memberNames[active]))
        }
        let agreeing = input.samples.indices.filter { timeline.agrees(input.samples[$0]) }
        let inTurn = timeline.members.map { input.memberNames[$0] }
        var order: [String] = []
        for m in inTurn where !order.contains(m) { order.append(m) }
        return input.consistent(name, agreeing, order: order,
                                note: inTurn.count == 1 ? .activeMember(inTurn[0]) : .activeInTurn(inTurn))
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
        e.sourceMACRewritten ?? e.flowsStriped ?? e.lacpSent ?? e.receivedOffTheSender
    }

    public func distinctKeys(_ samples: [FlowSample], fit: ModelFit) -> Int { samples.count }
    public func tieBreak(with other: ModelName) -> TieBreak? { nil }
}
