import Counters

/// One member's traffic as its counters tell it (`counters[]` in JSON; README "Counters"):
/// per direction the average and peak rate of its NIC and of its RDMA engine, its share of the
/// team, and how the samples went. Rates are bits per second over the counter log's intervals.
public struct CounterReport: Codable, Sendable, Equatable {
    public var host: String
    public var member: String
    /// `perfmon-csv` or `teamscope-counters`.
    public var source: String
    public var file: String
    /// The member as the file names it (a perfmon instance), when that is not the member's name.
    public var instance: String?
    /// `member`, or for a perfmon instance that is none, `team_interface` (LBFO's multiplexor)
    /// or `virtual_adapter` (a Hyper-V vNIC): listed, but outside the members' shares.
    public var role: CounterInstanceRole
    public var sentBitsPerSecondAvg: Double
    public var receivedBitsPerSecondAvg: Double
    public var sentBitsPerSecondPeak: Double
    public var receivedBitsPerSecondPeak: Double
    /// RDMA traffic (absent when the file has no RDMA counters for the member): it bypasses
    /// the host's network stack, so no packet capture on the host sees it.
    @NullWhenAbsent public var rdmaSentBitsPerSecondAvg: Double?
    @NullWhenAbsent public var rdmaReceivedBitsPerSecondAvg: Double?
    @NullWhenAbsent public var rdmaSentBitsPerSecondPeak: Double?
    @NullWhenAbsent public var rdmaReceivedBitsPerSecondPeak: Double?
    /// This member's fraction of its host's members' counted bytes per direction (NIC and
    /// RDMA together, 0…1), null when they counted none or this is no member.
    @NullWhenAbsent public var sentShare: Double?
    @NullWhenAbsent public var receivedShare: Double?
    /// RDMA's fraction of this member's bytes (both directions), null without RDMA counters.
    @NullWhenAbsent public var rdmaShare: Double?
    /// Whether the member's NIC carried a real part of its host's traffic (at least 5 % of the
    /// busiest member's NIC bytes), and the same for RDMA (null without RDMA counters).
    public var carried: Bool
    public var carriedRdma: Bool?
    /// Packets the NIC dropped over the log (a TeamScope log's drop and missed counters;
    /// absent for perfmon): frames a capture cannot have seen either.
    public var droppedPackets: Int?
    public var samples: Int
    /// Samples with a counter of the member blank or unreadable.
    public var missingSamples: Int
    public var startNs: Int64
    public var endNs: Int64
    public var intervalNs: Int64
    /// The series per direction (bits per second per interval of `intervalNs` from `startNs`;
    /// null where samples are missing).
    public var throughput: CounterThroughput
    /// Against the capture of the same member over the same span, when one was given.
    public var capture: CounterCaptureComparison?

    enum CodingKeys: String, CodingKey {
        case host, member, source, file, instance, role, sentBitsPerSecondAvg = "sent_bits_per_second_avg"
        case receivedBitsPerSecondAvg = "received_bits_per_second_avg", sentBitsPerSecondPeak = "sent_bits_per_second_peak"
        case receivedBitsPerSecondPeak = "received_bits_per_second_peak"
        case rdmaSentBitsPerSecondAvg = "rdma_sent_bits_per_second_avg"
        case rdmaReceivedBitsPerSecondAvg = "rdma_received_bits_per_second_avg"
        case rdmaSentBitsPerSecondPeak = "rdma_sent_bits_per_second_peak"
        case rdmaReceivedBitsPerSecondPeak = "rdma_received_bits_per_second_peak", sentShare = "sent_share"
        case receivedShare = "received_share", rdmaShare = "rdma_share", carried, carriedRdma = "carried_rdma"
        case droppedPackets = "dropped_packets", samples, missingSamples = "missing_samples", startNs = "start_ns"
        case endNs = "end_ns", intervalNs = "interval_ns", throughput, capture
    }
}

/// A member's counter series laid on a regular grid of the log's interval.
public struct CounterThroughput: Codable, Sendable, Equatable {
    public var startNs: Int64
    public var intervalNs: Int64
    public var sentBitsPerSecond: [UInt64?]
    public var receivedBitsPerSecond: [UInt64?]
    public var rdmaSentBitsPerSecond: [UInt64?]?
    public var rdmaReceivedBitsPerSecond: [UInt64?]?

    enum CodingKeys: String, CodingKey {
        case startNs = "start_ns", intervalNs = "interval_ns", sentBitsPerSecond = "sent_bits_per_second"
        case receivedBitsPerSecond = "received_bits_per_second", rdmaSentBitsPerSecond = "rdma_sent_bits_per_second"
        case rdmaReceivedBitsPerSecond = "rdma_received_bits_per_second"
    }
}

/// What the counters counted and the capture captured on one member over the intervals of the
/// counter log that lie wholly inside the capture.
public struct CounterCaptureComparison: Codable, Sendable, Equatable {
    /// Seconds compared (the intervals with every counter present).
    public var seconds: Double
    /// Bytes the NIC counted (both directions), and bytes of the member's captured frames.
    public var countedBytes: Int
    public var capturedBytes: Int
    /// RDMA bytes counted over the same intervals (no capture on the host sees them).
    public var rdmaBytes: Int
    /// What the capture did not see: NIC bytes beyond the captured ones, plus the RDMA bytes.
    public var unseenBytes: Int
    /// `unseenBytes` as a fraction of everything counted (NIC and RDMA).
    public var unseenShare: Double

    enum CodingKeys: String, CodingKey {
        case seconds, countedBytes = "counted_bytes", capturedBytes = "captured_bytes", rdmaBytes = "rdma_bytes"
        case unseenBytes = "unseen_bytes", unseenShare = "unseen_share"
    }
}
