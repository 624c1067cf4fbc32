import CaptureIO
import PacketWire
import FlowTracking
import SMBSessions

/// What the counting pass found, handed to the report builder whole: every member's counters,
/// what the flow stage found, what was read of each input, and the pass's own counters. A value:
/// the pass goes on (a live capture) without changing what the builder reads.
struct PassResult {
    let members: [MemberState]
    let flows: FlowStageResult
    let inputs: [InputSummary]
    /// First packet's timestamp (the origin of every time bin) and the last one's.
    let origin: Int64
    let captureEnd: Int64
    let packetsRead: Int
    let packetsFiltered: Int
    let duplicatesRemoved: Int
    /// Warnings of the passes, each once.
    let warnings: [AnalysisWarning]
    /// Packets left out because the filter does not apply to their link type, per input, and why.
    let filterNotApplicable: [FilterMiss: Int]
    let filterFailures: [LinkType: FilterError]
}

/// One input and how reading it went: the reader's interfaces and counters, the member slot of
/// each interface, or the error that kept it from being opened.
struct InputSummary {
    let spec: CaptureSpec
    let host: String
    /// Nil when the file could not be opened (then `openError` says why).
    var format: CaptureFormat?
    var compressed = false
    var packets = 0
    var error: CaptureError?
    var openError: CaptureError?
    var interfaces: [CaptureInterface] = []
    var statistics: [Int: InterfaceStatistics] = [:]
    var slots: [Int32] = []
    /// Member names by interface index (as the naming rules give them).
    var memberNames: [String] = []
    var interfacePackets: [Int] = []
    var interfaceDrops: [UInt64] = []
    var anomalies = RecordAnomalies()
    /// The interface indices a split SLL2 capture's packets carried (`tcpdump -i any`).
    var splitIndices: [UInt32] = []
}

/// Packets of one input and link type that the filter could not judge.
struct FilterMiss: Hashable { var input: Int; var linkType: LinkType }
