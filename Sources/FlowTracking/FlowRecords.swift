/// The flow table's records as a collection, without copying them all out: a report over a
/// quarter million flows must not hold a second copy of the table.
public struct FlowRecords: RandomAccessCollection {
    let table: FlowTable

    public var startIndex: Int { 0 }
    public var endIndex: Int { table.count }
    public subscript(position: Int) -> FlowRecord { table.record(position) }
}
