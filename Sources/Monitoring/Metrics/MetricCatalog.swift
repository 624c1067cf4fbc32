/// Every metric `teamscope monitor` exports (README "Monitor"). Labels are bounded: `host` and
/// `member` by the team, `model` by the registry, `kind` and `severity` by the findings, and
/// `flow` by `--top-flows` (the N fastest flows only, never one series per flow beyond N).
public enum MetricCatalog {
    // Per member.
    public static let memberSentBytes = MetricFamily("member_sent_bytes_total", ["host", "member"], "Bytes the host sent on the member (frame lengths on the wire, without FCS).")
    public static let memberReceivedBytes = MetricFamily("member_received_bytes_total", ["host", "member"], "Bytes the host received on the member.")
    public static let memberSentPackets = MetricFamily("member_sent_packets_total", ["host", "member"], "Packets the host sent on the member.")
    public static let memberReceivedPackets = MetricFamily("member_received_packets_total", ["host", "member"], "Packets the host received on the member.")
    public static let memberKernelDrops = MetricFamily("member_kernel_dropped_packets_total", ["host", "member"], "Packets the capture's kernel buffer dropped on the member (pcap_stats ps_drop).")
    public static let memberInterfaceDrops = MetricFamily("member_interface_dropped_packets_total", ["host", "member"], "Packets the interface or its driver dropped (pcap_stats ps_ifdrop).")
    public static let memberLateRecords = MetricFamily("member_late_records_total", ["host", "member"], "Records the time-ordered merge got after a later one had been released (placed by time, counted).")
    public static let memberLinkUp = MetricFamily("member_link_up", ["host", "member"], "1 while the member's link is up (operstate), 0 while it is down or removed.")
    public static let memberLinkEvents = MetricFamily("member_link_events_total", ["host", "member", "event"], "Link events of the member: down, up, removed, added.")
    public static let memberLACPDistributing = MetricFamily("member_lacp_distributing", ["host", "member"], "1 while the host's LACP port on the member says collecting and distributing in its LACPDUs.")
    public static let memberLACPState = MetricFamily("member_lacp_state", ["host", "member", "side", "bit"], "LACP state bits of the member's last LACPDUs (IEEE 802.1AX 6.4.2.3): side actor (the host's port) or partner.")
    // Per team.
    public static let verdictInfo = MetricFamily("verdict_info", ["host", "family", "switch", "model", "confidence"], "The team verdict: family, switch part, model and confidence (always 1).")
    public static let modelFit = MetricFamily("model_fit_ratio", ["host", "model"], "Share of the flows the host sent that the model predicts, over the flows of the last --flow-idle.")
    public static let bondPolicyFit = MetricFamily("bond_policy_fit_ratio", ["host", "bond", "model"], "Share of the flows the host sent that fit the bond's configured mode and hash policy.")
    public static let flowsTracked = MetricFamily("flows_tracked", ["host"], "Flows in the flow table now (active within --flow-idle).")
    public static let flowsRetired = MetricFamily("flows_retired_total", ["host"], "Flows retired after --flow-idle without a packet.")
    public static let flowsPinned = MetricFamily("flows_pinned", ["host"], "Of the largest flows (4 x --top-flows), those whose every direction one member carried.")
    public static let flowsSplit = MetricFamily("flows_split", ["host"], "Of the largest flows (4 x --top-flows), those with a direction spread over members.")
    public static let flowMoves = MetricFamily("flow_moves_total", ["host"], "Moves of flows from one member to another (of the flows listed while they were listed).")
    public static let findingsActive = MetricFamily("findings_active", ["host", "kind", "severity"], "Findings of the report now, by kind and severity.")
    public static let migrationStreams = MetricFamily("migration_streams_active", ["host"], "Migration streams among the tracked flows.")
    public static let migrationPinned = MetricFamily("migration_streams_pinned", ["host"], "Migration streams one member carried.")
    public static let migrationSplit = MetricFamily("migration_streams_split", ["host"], "Migration streams spread over members.")
    public static let migrationMemberStreams = MetricFamily("migration_member_streams", ["host", "member"], "Pinned migration streams per carrying member.")
    // The N fastest flows.
    public static let topFlowRate = MetricFamily("top_flow_bytes_per_second", ["host", "flow", "member"], "The --top-flows fastest flows: bytes per second since the last update, labelled with the member that carried most of it.")
    public static let topFlowPinned = MetricFamily("top_flow_pinned", ["host", "flow", "member"], "The --top-flows fastest flows: 1 when one member carried every direction.")
    // The capture itself.
    public static let capturePackets = MetricFamily("capture_packets_total", ["host"], "Packets handed to the analysis.")
    public static let reportSeconds = MetricFamily("report_build_seconds", ["host"], "Time the last update took to build the report the metrics come from.")
    public static let buildInfo = MetricFamily("build_info", ["version"], "The teamscope version (always 1).")

    public static let all: [MetricFamily] = [
        memberSentBytes, memberReceivedBytes, memberSentPackets, memberReceivedPackets, memberKernelDrops, memberInterfaceDrops,
        memberLateRecords, memberLinkUp, memberLinkEvents, memberLACPDistributing, memberLACPState,
        verdictInfo, modelFit, bondPolicyFit, flowsTracked, flowsRetired, flowsPinned, flowsSplit, flowMoves, findingsActive,
        migrationStreams, migrationPinned, migrationSplit, migrationMemberStreams, topFlowRate, topFlowPinned,
        capturePackets, reportSeconds, buildInfo,
    ]

    /// LACP actor/partner state bits 0–7 (IEEE 802.1AX-2020 6.4.2.3), the `bit` label's values.
    public static let lacpBits = ["activity", "timeout", "aggregation", "synchronization", "collecting", "distributing", "defaulted", "expired"]
}
