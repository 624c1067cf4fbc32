/// A flow's place in the report's flow order, with its sort keys read out of the flow table once:
/// largest (as one host saw it) first, ties by first packet time, then by table position.
struct FlowRank {
    var bytes: Int
    var first: Int64
    var index: Int

    @inline(__always)
    func precedes(_ other: FlowRank) -> Bool {
        if bytes != other.bytes { return bytes > other.bytes }
        if first != other.first { return first < other.first }
        return index < other.index
    }
}
