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
