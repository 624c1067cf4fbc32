import CaptureIO
import PacketWire

/// The members (and aggregates) the passes have met, one slot each, keyed by host and name: an
/// interface of any input maps to the slot of its member, so one member captured in two files
/// (or two sections) is one member. Both passes register into the same registry, so slots keep
/// their numbers from the evidence pass to the counting pass.
struct MemberRegistry {
    private(set) var members: [MemberState] = []
    /// Per slot, the fields the per-packet path reads: reading them from `members` would copy a
    /// whole `MemberState` out of the array.
    private(set) var slotHost: [Int] = []
    private(set) var slotIsAggregate: [Bool] = []
    /// Slots that hold several interfaces with nothing to tell them apart — a Linux SLL (v1)
    /// capture of `tcpdump -i any` records no interface index —, so that a bond's copy of a
    /// packet and its member's both land there: copies are matched within the slot too.
    private(set) var slotRepeatsItself: [Bool] = []
    private var memberIndex: [String: Int] = [:]
    let hostIndex: [String: Int]
    let binWidth: Int64
    /// Time bins of members registered from now on start here.
    var origin: Int64 = 0
    /// Interfaces of link types the decoder does not know, said once each.
    private(set) var warnings: [AnalysisWarning] = []

    init(hosts: [String], binWidth: Int64) {
        var index: [String: Int] = [:]
        for (i, h) in hosts.enumerated() { index[h] = i }
        hostIndex = index
        self.binWidth = binWidth
    }

    /// Names given with `--ifname N=NAME` for the interface indices of split SLL2 captures.
    var interfaceNames: [UInt32: String] = [:]

    /// The slot of record `rec` of stream `s`: its interface's member, or for a split SLL2
    /// capture the member of the packet's own interface index.
    @inline(__always)
    mutating func slot(_ s: InputStream, _ rec: CaptureRecord) -> Int {
        let i = rec.interface
        if i >= s.slots.count { register(s) }
        let base = s.slots[i]
        if base >= 0 { return Int(base) }
        return splitSlot(s, rec)
    }

    private mutating func splitSlot(_ s: InputStream, _ rec: CaptureRecord) -> Int {
        // SAFETY: four bytes at 4 are read only when the record holds them.
        let index: UInt32 = rec.bytes.count >= 8
            ? UInt32(bigEndian: rec.bytes.loadUnaligned(fromByteOffset: 4, as: UInt32.self)) : UInt32.max
        let key = rec.interface << 32 | Int(index)
        if key == s.lastSplitKey { return Int(s.lastSplitSlot) }
        let slot: Int32
        if let known = s.split[key] {
            slot = known
        } else {
            let name = index == .max ? "if?" : (interfaceNames[index] ?? "if\(index)")
            slot = Int32(member(host: s.host, name: name))
            s.split[key] = slot
        }
        s.lastSplitKey = key
        s.lastSplitSlot = slot
        return Int(slot)
    }

    /// The slot of member `name` of `host`, registered when new.
    private mutating func member(host: String, name: String) -> Int {
        let key = host + "\u{0}" + name
        if let existing = memberIndex[key] { return existing }
        let slot = members.count
        memberIndex[key] = slot
        members.append(MemberState(host: hostIndex[host]!, hostName: host, name: name, origin: origin, binWidth: binWidth))
        slotHost.append(hostIndex[host]!)
        slotIsAggregate.append(false)
        slotRepeatsItself.append(false)
        return slot
    }

    /// Registers every interface `s`'s reader has declared so far.
    mutating func register(_ s: InputStream) {
        let interfaces = s.reader.interfaces
        while s.slots.count < interfaces.count {
            let j = s.slots.count
            let name = s.memberName(forInterface: j)
            s.linkTypes.append(interfaces[j].linkType)
            // `tcpdump -i any` (SLL2) holds every member of the host: split by the packets'
            // own interface index, unless the argument named the member.
            if interfaces[j].linkType == .linuxSLL2 && s.spec.member == nil {
                s.slots.append(-1)
                continue
            }
            let slot = member(host: s.host, name: name)
            if interfaces[j].linkType == .linuxSLL && s.spec.member == nil {
                let w = AnalysisWarning(.sllWithoutIndex, path: s.spec.path, member: name, interface: j)
                if !warnings.contains(w) { warnings.append(w) }
                slotRepeatsItself[slot] = true
            }
            s.slots.append(Int32(slot))
            if !interfaces[j].linkType.isDecodable {
                let w = AnalysisWarning(.undecodedLinkType, path: s.spec.path, member: name, interface: j,
                                        linkType: interfaces[j].linkType.description)
                if !warnings.contains(w) { warnings.append(w) }
            }
        }
    }

    /// The members of each described bond (`--links`, `--bonding`) that no capture carried, on
    /// the one host whose interfaces carry the bond's name or a member's: an idle member has no
    /// packet in a `tcpdump -i any` capture, yet a hash spreads over every member of the team.
    /// Registered with no packet, so the models count them.
    mutating func registerIdleMembers(of bonds: [BondConfiguration]) {
        for bond in bonds {
            let names = Set([bond.name] + bond.members)
            let holders = Set(members.filter { names.contains($0.name) }.map(\.hostName))
            guard holders.count == 1, let host = holders.first else { continue }
            for m in bond.members { _ = member(host: host, name: m) }
        }
    }

    mutating func setRole(_ slot: Int, _ role: SlotRole) {
        members[slot].role = role
        slotIsAggregate[slot] = role.isAggregate
    }

    /// Fresh counters from `origin` on; slots, names, roles and undirected LACP stay.
    mutating func resetCounters(origin: Int64) {
        self.origin = origin
        members = members.map { m in
            var fresh = MemberState(host: m.host, hostName: m.hostName, name: m.name, origin: origin, binWidth: binWidth)
            fresh.role = m.role
            fresh.lacpUndirected = m.lacpUndirected
            return fresh
        }
        slotIsAggregate = members.map(\.isAggregate)
    }

    /// The per-packet path's access to one member's counters.
    @inline(__always)
    mutating func withMember<R>(_ slot: Int, _ body: (inout MemberState) -> R) -> R {
        body(&members[slot])
    }
}
