/// What one `FlowTable.retire` did, for the table's owner, which keeps flow indices of its own:
/// where each flow that stayed now is, and the extra indices the retired flows held.
public struct FlowRetirement: Sendable {
    /// By a flow's index before: its index now, or -1 when it was retired.
    public var newIndex: [Int32]
    /// `FlowRecord.extra` of every retired flow that had one.
    public var freedExtras: [Int32]
    public var retired: Int
}
