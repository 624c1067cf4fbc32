import FlowTracking
import PacketWire
import SMBSessions

/// What the flow stage found, as the report builder reads it: a value taken when the pass
/// hands its result over (`FlowStage.result`). The flow table and the SMB and RDMA trackers are
/// the stage's own tables, read only from here on (a live capture builds each report between two
/// packets, on the thread that feeds them); the rest is copied.
struct FlowStageResult {
    let table: FlowTable
    let smb: SMBTracker
    let rdma: RDMAFlowTable
    /// Throughput series of the flows that may be migration streams (index: `FlowRecord.extra`).
    let series: [FlowSeries]
    /// Per member slot: TCP retransmissions of datagrams over 1500 bytes and of smaller ones.
    let retransmissions: [(large: Int, small: Int)]
    /// The first frame (headers) each host sent in each flow direction.
    let samples: [FlowStage.SampleKey: (member: Int32, frame: SampledFrame)]
    /// The same for flows retired for idleness, with each flow as it left.
    let retiredSamples: [FlowStage.SampledDirection]
    /// Source IP → source MAC from captures that record no destination MAC.
    let neighbours: NeighbourTable
    /// Flows retired for idleness: totals and the largest.
    let retired: RetiredFlows
    /// The direction hypothesis this result is of (`HypothesisFlows`), and what differs by
    /// hypothesis (nil without hypotheses).
    var hypothesis = 0
    let hypotheses: HypothesisFlows?

    /// Has the flow table, shared by every hypothesis, hold this one's sent bytes: called before
    /// the table is read for this hypothesis's report.
    func show() {
        hypotheses?.show(hypothesis, in: table)
    }
}

extension FlowStage {
    /// The stage's findings as they are now.
    var result: FlowStageResult { result(hypothesis: 0) }

    /// The stage's findings under direction hypothesis `k` (`HypothesisFlows`).
    func result(hypothesis k: Int) -> FlowStageResult {
        FlowStageResult(table: table, smb: smb, rdma: k == 0 ? rdma : hypotheses!.rdma[k - 1], series: series,
                        retransmissions: retransmissions, samples: k == 0 ? samples : hypotheses!.samples[k - 1],
                        retiredSamples: retiredSamples, neighbours: neighbours, retired: retired, hypothesis: k, hypotheses: hypotheses)
    }
}
