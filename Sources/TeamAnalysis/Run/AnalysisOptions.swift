import CaptureIO
import PacketWire
import TeamingModels

/// Everything that steers one analysis run.
public struct AnalysisOptions: Sendable {
    /// Throughput bin width in nanoseconds (default 100 ms).
    public var binWidth: Int64 = 100_000_000
    /// tcpdump-syntax BPF filter applied to every packet.
    public var filter: String?
    public var localMACs: [LocalAddress<MACAddress>] = []
    /// `localMACs` are the captured interfaces' own (a live capture read them from sysfs), not
    /// the user's word: the report says so.
    public var localMACsFromInterfaces = false
    /// Every packet's direction flag came from the kernel (a live handle per direction): the
    /// report says so instead of naming pcapng epb_flags.
    public var directionFromKernel = false
    public var localIPs: [LocalAddress<IPAddress>] = []
    /// Interfaces that are a bond/team master or another aggregate capture point (`NAME` or
    /// `HOST/NAME`): their packets are matched against the members' and never counted as a member's.
    public var aggregates: [String] = []
    /// How far apart two copies of one packet on different interfaces of a host may be.
    public var duplicateWindow: Int64 = 10_000_000
    /// How far apart the copies of one frame captured on two hosts may be (clock offset plus latency).
    public var crossHostWindow: Int64 = 500_000_000
    /// Packets read before the main pass to learn interface roles and each host's addresses.
    public var evidencePackets = 200_000
    /// A flow direction is pinned when one member carries at least this share of its bytes.
    public var pinnedThreshold = 0.999
    /// How long a new member must carry a flow before a change of member counts as a move.
    public var moveDebounce: Int64 = 50_000_000
    /// Ports whose flows are migration streams besides the built-in ones.
    public var migrationPorts: [UInt16] = []
    /// Flows listed in the report besides the migration streams, largest first.
    public var topFlows = 20
    /// Track flows (TCP analysis, reordering, moves, migration streams); off gives member
    /// statistics only, in the fastest pass.
    public var trackFlows = true
    /// The member order (enslave order) for exact Linux prediction; nil: every order is tried.
    public var memberOrder: [String]?
    /// RSS at the receiver: queues and indirection-table size (Toeplitz, Microsoft key).
    public var rssQueues = 8
    public var rssTableSize = 128
    /// Which bond_main.c hashing to reproduce (`--kernel VERSION`).
    public var kernelEra: LinuxKernelEra = .current
    /// Keep a sample frame of every flow direction each host saw (sent or not), for `simulate`.
    public var sampleEveryDirection = false
    /// A live capture retires flows without a packet for this long (nanoseconds) into per-member
    /// totals and a bounded list of the largest (`--flow-idle`); nil keeps every flow (files).
    public var flowIdle: Int64?
    /// Largest number of flows tracked one by one.
    public var flowCapacity = 1 << 18
    /// Read and decode inputs on threads of their own (one each, up to 16) and track flows on
    /// another, beside the counting thread; false runs everything on one thread. The report is
    /// byte for byte the same either way.
    public var parallel = true
    /// Member names for the interface indices of split Linux SLL2 captures (`--ifname N=NAME`).
    public var interfaceNames: [UInt32: String] = [:]
    /// The same from the host's description (`--links`): every interface of the host, so an
    /// index no capture carried is no mistake. `interfaceNames` wins over it.
    public var describedInterfaceNames: [UInt32: String] = [:]
    /// Interfaces a host description (`--links`, `--bonding`) says are masters — bonds, teams,
    /// bridges —: aggregates like `aggregates`, but a master the captures do not hold is no
    /// mistake (`ip link` lists every interface of the host), so nothing is said about it.
    public var describedMasters: [String] = []
    /// Hosts' link lists (`--links`): a capture host whose interfaces one of them names has its
    /// MACs, which decide what it sent when nothing in the capture marks it.
    public var describedLinks: [LinkTable] = []
    /// Bonds as the host described them (`--links`, `--bonding`): written into the report
    /// (`hosts[].bond`) with how the traffic fits the model their mode and policy name.
    public var configuredBonds: [BondConfiguration] = []

    /// Member link speeds in bits per second (`--link-speed [HOST/]MEMBER=SPEED`): by
    /// "HOST/MEMBER" or by bare member name (any host).
    public var linkSpeeds: [String: Double] = [:]

    /// The speed given for a member, by host and name first.
    public func linkSpeed(host: String, member: String) -> Double? {
        linkSpeeds["\(host)/\(member)"] ?? linkSpeeds[member]
    }

    /// Counter series (`--counters`) and the member names of their instances (`--member-alias`).
    public var counters: [CounterInput] = []
    public var memberAliases: [String: String] = [:]

    public init() {}
}
