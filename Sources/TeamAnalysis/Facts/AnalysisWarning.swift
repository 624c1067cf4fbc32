/// Something worth knowing that is not a figure of the report, as a fact with the figures behind
/// it; Reporting words it (`warnings[]` in JSON, "Problems" in the text report). Each is said
/// once, with a count, never once per packet.
public struct AnalysisWarning: Codable, Sendable, Equatable, Hashable {
    public enum Kind: String, Codable, Sendable {
        /// An interface of a link type the decoder does not know: its frames are counted only.
        case undecodedLinkType = "undecoded_link_type"
        /// Two interfaces of a host repeat each other, neither known to be the aggregate.
        case ambiguousCopies = "ambiguous_copies"
        /// A member's packets fell in more distinct time bins than are kept.
        case throughputBinsFull = "throughput_bins_full"
        /// The `--filter` expression does not apply to a link type (`ether host` on raw IP).
        case filterNotApplicable = "filter_not_applicable"
        /// More flows than `--max-flows`: the rest are counted per member only.
        case flowTableFull = "flow_table_full"
        /// A file with no interface and no packet.
        case emptyInput = "empty_input"
        /// `--aggregate NAME` named no interface of the captures (`member`: the name given).
        case unknownAggregate = "unknown_aggregate"
        /// A Linux SLL (v1) capture records no interface index: a `tcpdump -i any` capture in it
        /// cannot be split by member.
        case sllWithoutIndex = "sll_without_index"
        /// `--members` is not the member list of any host (`member`: the order given).
        case memberOrderUnmatched = "member_order_unmatched"
        /// Records that captured more bytes than the frame had on the wire (`packets` of them,
        /// the first at byte `offset`): counted at their recorded wire length, as TShark does.
        case capturedBeyondWire = "captured_beyond_wire"
        /// Records that captured no byte (`packets` of them, the first at byte `offset`): counted
        /// as packets of their wire length, as TShark does, with nothing to decode.
        case emptyRecords = "empty_records"
        /// A gzip capture inflated whole but its trailer's CRC-32 or length disagrees (`packets`:
        /// all read and kept).
        case gzipTrailerMismatch = "gzip_trailer_mismatch"
        /// A split SLL2 capture's members are named `if<N>` by interface index (`indices`): no
        /// `--ifname N=NAME` names them.
        case interfacesUnnamed = "interfaces_unnamed"
        /// `--ifname N=NAME` (`interface`: N, `member`: NAME) names an index no split SLL2
        /// capture carried (`indices`: those it did).
        case interfaceNameUnmatched = "ifname_unmatched"
        /// `--link-speed` names no member (`member`: the name given; `reason`: the members).
        case linkSpeedUnmatched = "link_speed_unmatched"
        /// Most of a member's frames are malformed (`packets` of `total`): a capture whose link
        /// type says something else than its frames hold (e.g. rewritten with `editcap -T`).
        case malformedFrames = "malformed_frames"
    }

    public var kind: Kind
    public var path: String?
    public var host: String?
    public var member: String?
    public var interface: Int?
    public var linkType: String?
    public var packets: Int?
    public var flows: Int?
    public var capacity: Int?
    /// Where in the file (its first such record's byte offset).
    public var offset: Int?
    /// The words of another tool (libpcap's reason a filter does not compile), kept as given.
    public var reason: String?
    /// Interface indices (split SLL2 captures).
    public var indices: [Int]?
    /// The whole a count is part of (a member's frames).
    public var total: Int?

    public init(_ kind: Kind, path: String? = nil, host: String? = nil, member: String? = nil, interface: Int? = nil,
                linkType: String? = nil, packets: Int? = nil, flows: Int? = nil, capacity: Int? = nil, offset: Int? = nil, reason: String? = nil,
                indices: [Int]? = nil, total: Int? = nil) {
        self.kind = kind
        self.path = path
        self.host = host
        self.member = member
        self.interface = interface
        self.linkType = linkType
        self.packets = packets
        self.flows = flows
        self.capacity = capacity
        self.offset = offset
        self.reason = reason
        self.indices = indices
        self.total = total
    }

    enum CodingKeys: String, CodingKey {
        case kind, path, host, member, interface, linkType = "link_type", packets, flows, capacity, offset, reason, indices
        case total
    }
}
