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

    /// The slot of interface `i` of stream `s`, registering the stream's interfaces up to it.
    @inline(__always)
    mutating func slot(_ s: InputStream, _ i: Int) -> Int {
        if i < s.slots.count { return Int(s.slots[i]) }
        register(s)
        return Int(s.slots[i])
    }

    /// Registers every interface `s`'s reader has declared so far.
    mutating func register(_ s: InputStream) {
        let interfaces = s.reader.interfaces
        while s.slots.count < interfaces.count {
            let j = s.slots.count
            let name = s.memberName(forInterface: j)
            let key = s.host + "\u{0}" + name
            let slot: Int
            if let existing = memberIndex[key] {
                slot = existing
            } else {
                slot = members.count
                memberIndex[key] = slot
                members.append(MemberState(host: hostIndex[s.host]!, hostName: s.host, name: name, origin: origin, binWidth: binWidth))
                slotHost.append(hostIndex[s.host]!)
                slotIsAggregate.append(false)
            }
            s.slots.append(Int32(slot))
            s.linkTypes.append(interfaces[j].linkType)
            if !interfaces[j].linkType.isDecodable {
                let w = AnalysisWarning(.undecodedLinkType, path: s.spec.path, member: name, interface: j,
                                        linkType: interfaces[j].linkType.description)
                if !warnings.contains(w) { warnings.append(w) }
            }
        }
    }

    mutating func setRole(_ slot: Int, _ role: InterfaceRole) {
        members[slot].role = role
        slotIsAggregate[slot] = role.isAggregate
    }

    /// Fresh counters from `origin` on; slots, names and roles stay.
    mutating func resetCounters(origin: Int64) {
        self.origin = origin
        members = members.map { m in
            var fresh = MemberState(host: m.host, hostName: m.hostName, name: m.name, origin: origin, binWidth: binWidth)
            fresh.role = m.role
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

extension InputStream {
    /// Opens every input of `specs`; one that cannot be opened comes back as its error. With
    /// `threads`, a compressed file or a pipe is read and decoded on a thread of its own (at
    /// most `maxThreads` of them); mapped files are cheap to read where they are.
    /// `opened`: readers opened already (inputs that can be read only once), by input index.
    static func openAll(_ specs: [CaptureSpec], hosts: [String], registry: inout MemberRegistry,
                        threads: Bool, maxThreads: Int = 16,
                        opened: [Int: Result<any PacketReader, CaptureError>] = [:]) -> [Result<InputStream, CaptureError>] {
        var out: [Result<InputStream, CaptureError>] = []
        var started = 0
        for (i, spec) in specs.enumerated() {
            do throws(CaptureError) {
                var reader: any PacketReader
                if let given = opened[i] { reader = try given.get() } else { reader = try CaptureFile.open(spec.path) }
                if threads && !reader.bytesOutliveRecord && started < maxThreads, let p = PrefetchingReader(reader) {
                    reader = p
                    started += 1
                }
                let stream = InputStream(index: i, spec: spec, host: hosts[i], reader: reader)
                // Register declared interfaces now: a member that carried nothing is a finding.
                registry.register(stream)
                out.append(.success(stream))
            } catch {
                out.append(.failure(error))
            }
        }
        return out
    }
}
