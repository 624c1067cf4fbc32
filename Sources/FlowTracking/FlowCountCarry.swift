/// The high 32 bits of one member's counts of one flow (`FlowMemberState` keeps the low 32):
/// made when a count first passes 2^32 and kept in the flow's rare parts, so a flow whose counts
/// all fit (nearly every one) keeps none. 28 bytes.
struct FlowCountCarry: Sendable {
    /// The six counts of a member, as bits: which counts passed 2^32 on a packet, or which one
    /// to read.
    struct Counts: OptionSet, Sendable {
        var rawValue: UInt8
        static let forwardPackets = Counts(rawValue: 1 << 0)
        static let forwardBytes = Counts(rawValue: 1 << 1)
        static let reversePackets = Counts(rawValue: 1 << 2)
        static let reverseBytes = Counts(rawValue: 1 << 3)
        static let forwardSentBytes = Counts(rawValue: 1 << 4)
        static let reverseSentBytes = Counts(rawValue: 1 << 5)
    }

    /// The member whose counts these are (a member belongs to one host, so it names them).
    let member: Int32
    /// The high bits of each count, by its bit's position in `Counts`.
    private var words = InlineArray<6, UInt32>(repeating: 0)

    init(member: Int32) { self.member = member }

    /// The high bits of the one count `count` names.
    func high(_ count: Counts) -> UInt32 { words[count.rawValue.trailingZeroBitCount] }

    mutating func setHigh(_ count: Counts, _ value: UInt32) { words[count.rawValue.trailingZeroBitCount] = value }

    /// Adds 2^32 to each count in `wrapped` (its low 32 bits just passed it).
    mutating func carry(_ wrapped: Counts) {
        for bit in 0..<6 where wrapped.rawValue & (1 << bit) != 0 { words[bit] &+= 1 }
    }

    var isZero: Bool { words.indices.allSatisfy { words[$0] == 0 } }
}
