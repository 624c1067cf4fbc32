/// One host's split of one flow direction over its members: each member's share of the bytes,
/// and the member the direction is pinned to (nil when it is split).
struct MemberShares {
    var shares: [String: Double]
    var pinned: Bool
    var member: String?
}
