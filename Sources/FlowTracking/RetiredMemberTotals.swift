/// What the retired flows carried on one member (a member slot of the counting pass): how many
/// of them it carried, and their packets and bytes there, both directions together.
public struct RetiredMemberTotals: Sendable, Equatable {
    public var flows = 0
    public var packets = 0
    public var bytes = 0
    /// The part of `bytes` the member's host sent.
    public var sentBytes = 0

    public init() {}
}
