import CPrefetch
import PacketWire

/// Every flow of a capture, keyed canonically; each packet updates its flow's counters, its
/// member's share and the observing host's TCP analysis, reordering metrics and member moves.
/// Memory grows with flows, never with packets; past `capacity` flows new ones are not tracked
/// but counted (`untrackedFlows`, an estimate of the distinct ones, and `untrackedPackets`).
public final class FlowTable {
    /// The records live in fixed-size chunks the table owns: the per-packet update needs no
    /// copy-on-write check, and growing never moves (or doubles) what is already there.
    /// `flows` copies them out for reporting.
    var chunks: [UnsafeMutablePointer<FlowRecord>] = []
    static let chunkShift = 12
    static let chunkSize = 1 << chunkShift
    public internal(set) var count = 0
    /// Every record, read in place (each element access copies that record only).
    public var flows: FlowRecords { FlowRecords(table: self) }

    @inline(__always)
    func slot(_ i: Int) -> UnsafeMutablePointer<FlowRecord> {
        // SAFETY: i < count, or i == count from append after it grew chunks: the chunk exists.
        chunks[i >> Self.chunkShift] + (i & (Self.chunkSize - 1))
    }
    var index = FlowIndex()
    /// The reordering rings of every flow direction (`ReorderingMetrics`).
    let rings = ArrivalRings()
    public let capacity: Int
    public let udpIdleTimeout: Int64
    public let moveDebounce: Int64
    /// About how many distinct flows were not tracked (HyperLogLog over their keys: within a
    /// few per cent, nearly exact for small counts).
    public var untrackedFlows: Int { untracked.estimate }
    public private(set) var untrackedPackets = 0
    private var untracked = DistinctCount()
    /// TCP segments whose header was impossible (data offset < 5) or cut short.
    public private(set) var malformedSegments = 0
    /// 4-tuples reused after their connection closed (each starts a new flow).
    public private(set) var reusedTuples = 0

    public init(capacity: Int = 1 << 18, udpIdleTimeout: Int64 = 120_000_000_000, moveDebounce: Int64 = 50_000_000) {
        self.capacity = capacity
        self.udpIdleTimeout = udpIdleTimeout
        self.moveDebounce = moveDebounce
    }

    deinit {
        index.deallocate()
        for (k, chunk) in chunks.enumerated() {
            // SAFETY: records 0..<count were initialised in order, filling chunk after chunk.
            chunk.deinitialize(count: min(Self.chunkSize, count - k * Self.chunkSize))
            UnsafeMutableRawPointer(chunk).deallocate()
        }
    }

    private func append(_ record: consuming FlowRecord) {
        if count == chunks.count * Self.chunkSize {
            // Aligned to cache lines: a record (256 bytes, four lines) then straddles none, and
            // the per-packet update and its prefetch touch four lines, no more.
            let raw = UnsafeMutableRawPointer.allocate(byteCount: Self.chunkSize * MemoryLayout<FlowRecord>.stride, alignment: 64)
            // SAFETY: fresh memory of chunkSize records' strides, aligned beyond FlowRecord's
            // alignment; bound once here, freed as raw memory (deinit, retire).
            chunks.append(raw.bindMemory(to: FlowRecord.self, capacity: Self.chunkSize))
        }
        // SAFETY: the line above grew chunks to hold slot `count`, not yet initialised.
        slot(count).initialize(to: record)
        count += 1
    }

    /// Accounts one decoded packet seen by `host` on `member`; `sent` is whether that host sent
    /// it. Returns the flow and the direction the packet went, or `.none` when it belongs to no
    /// flow (not TCP/UDP/ICMP/SCTP, a non-first fragment, a malformed header) or to an untracked one.
    @inline(__always)
    public func observe(_ d: DecodedPacket, wireLength: Int, time: Int64, host: Int32, member: Int32, sent: Bool) -> FlowHit {
        observe(FlowPacket(d), wireLength: wireLength, time: time, host: host, member: member, sent: sent)
    }

    /// `observe` with what the table reads of the packet copied already (`FlowPacket(d)`): no
    /// packet bytes are read.
    @inline(__always)
    public func observe(_ d: FlowPacket, wireLength: Int, time: Int64, host: Int32, member: Int32, sent: Bool) -> FlowHit {
        observe(d, probe: FlowProbe(d), wireLength: wireLength, time: time, host: host, member: member, sent: sent)
    }

    /// `observe` with the packet's probe worked out already (`FlowProbe(d)`).
    @inline(__always)
    public func observe(_ d: FlowPacket, probe: FlowProbe, wireLength: Int, time: Int64, host: Int32, member: Int32,
                        sent: Bool) -> FlowHit {
        guard d.hasTransport else {
            if d.ipProtocol == .tcp && d.status == .malformed { malformedSegments += 1 }
            return .none
        }
        let isTCP = d.ipProtocol == .tcp
        if isTCP && d.status == .malformed { malformedSegments += 1; return .none }
        let key = probe.key, aToB = probe.aToB, hash = probe.hash
        // SAFETY: the index holds only flows < count.
        var i = Int(index.find(hash: hash) { slot(Int($0)).pointee.key == key })
        if i >= 0 {
            let syn = isTCP && d.tcpFlags.contains(.syn) && !d.tcpFlags.contains(.ack)
            // A SYN after FIN or RST opens a new connection on the same 4-tuple, unless it
            // repeats the first SYN's sequence number (a retransmitted SYN; TShark keeps it in
            // the same conversation).
            // SAFETY: i came from the index, which holds only flows < count.
            let newConnection = syn && slot(i).pointee.isClosed && slot(i).pointee.synSequence != d.tcpSequence
            if newConnection || (!isTCP && time &- slot(i).pointee.last > udpIdleTimeout) {
                if syn { reusedTuples += 1 }
                i = -1
            }
        }
        if i < 0 {
            guard count < capacity else {
                untracked.insert(hash: DistinctCount.mix(UInt64(bitPattern: Int64(hash))))
                untrackedPackets += 1
                return .none
            }
            // Forward is the SYN's direction; without a SYN, the first packet's.
            let synAck = isTCP && d.tcpFlags.contains(.syn) && d.tcpFlags.contains(.ack)
            i = count
            append(FlowRecord(key: key, forwardIsAToB: synAck ? !aToB : aToB, time: time, host: host))
            // SAFETY: the index holds only flows < count, and count now includes i.
            index.set(hash: hash, Int32(i)) { slot(Int($0)).pointee.key == key }
        }
        // SAFETY: i < count: found in the index or just appended.
        let forward = aToB == slot(i).pointee.forwardIsAToB
        let retransmission = slot(i).pointee.update(d, aToB: aToB, wireLength: wireLength, time: time, host: host, member: member,
                                                    sent: sent, debounce: moveDebounce, rings: rings)
        // SAFETY: as above.
        return FlowHit(index: i, forward: forward, retransmission: retransmission, extra: slot(i).pointee.extra,
                       sampled: slot(i).pointee.sampled)
    }

    /// Starts fetching the index slot where `probe`'s flow is looked up first (a hint: the
    /// lookup is the same without it, only its cache miss overlaps with other work).
    @inline(__always) public func prefetchSlot(_ probe: FlowProbe) { index.prefetch(hash: probe.hash) }

    /// Starts fetching the record that `probe`'s first index slot names, if its tag matches: the
    /// likeliest match, which `observe` then finds in the cache. Best issued after `prefetchSlot`
    /// had time to arrive.
    @inline(__always) public func prefetchRecord(_ probe: FlowProbe) { prefetch(flow: Int(index.candidate(hash: probe.hash))) }

    /// Starts fetching flow `flow`'s record, every line of it (a hint: nothing when `flow` is
    /// not one of the table's), for a reader that visits the flows in an order of its own.
    @inline(__always) public func prefetch(flow v: Int) {
        guard v >= 0 && v < count else { return }
        // SAFETY: v < count, an initialised record; the pointer only feeds prefetch hints.
        let p = UnsafeRawPointer(slot(v))
        var offset = 0
        while offset < MemoryLayout<FlowRecord>.size {
            // SAFETY: a prefetch is a hint that never faults; p + offset lies inside record v.
            teamscope_prefetch(p + offset)
            offset += 64
        }
        // SAFETY: as above, the record's last byte (its last line when it straddles one more).
        teamscope_prefetch(p + (MemoryLayout<FlowRecord>.size - 1))
    }

    /// Starts fetching the recent arrivals of the direction `probe`'s packet goes in its flow's
    /// first observation (their ring is in `rings`, named by a handle in the record): best
    /// issued once `prefetchRecord` had time to arrive.
    @inline(__always) public func prefetchHistory(_ probe: FlowProbe) {
        let v = Int(index.candidate(hash: probe.hash))
        guard v >= 0 && v < count else { return }
        // SAFETY: v < count, an initialised record.
        let r = slot(v)
        if probe.aToB == r.pointee.forwardIsAToB {
            r.pointee.firstObservation.forward.reordering.prefetch(rings)
        } else {
            r.pointee.firstObservation.reverse.reordering.prefetch(rings)
        }
    }

    /// Confirms pending member changes at the end of the capture, and frees the reordering rings
    /// (`ArrivalRings.removeAll`): no packet is observed after it, no flow retired.
    public func finish() {
        for i in 0..<count {
            // SAFETY: i < count.
            slot(i).pointee.finishMoves(debounce: moveDebounce)
        }
        rings.removeAll()
    }

    // SAFETY: `flow` is an index this table handed out, so < count (not checked).
    /// Sets the owner's per-flow extra index.
    public func setExtra(_ flow: Int, _ value: Int32) { slot(flow).pointee.extra = value }

    /// True the first time it is asked for a (flow, host, direction): the caller then keeps that
    /// packet as the direction's sample. Hosts beyond the fourth get none.
    @inline(__always) public func claimSample(_ flow: Int, host: Int32, forward: Bool) -> Bool {
        guard host < 4 else { return false }
        let bit = FlowHit.sampleBit(host: host, forward: forward)
        // SAFETY: `flow` is an index this table handed out, so < count.
        if slot(flow).pointee.sampled & bit != 0 { return false }
        slot(flow).pointee.sampled |= bit
        return true
    }

    // SAFETY: `flow` is an index this table handed out, so < count.
    /// One flow's record (a copy of that record only; `flows` copies them all).
    public func record(_ flow: Int) -> FlowRecord { slot(flow).pointee }

    /// Lends `body` one flow's record where it lies, not a copy (`record` copies its 256 bytes
    /// and retains what it holds): for a reader that visits every flow, such as the report's
    /// migration streams.
    public func withRecord<R>(_ flow: Int, _ body: (FlowRecord) throws -> R) rethrows -> R {
        precondition(flow >= 0 && flow < count, "flow \(flow) is not in the table")
        // SAFETY: flow < count, checked above.
        return try body(slot(flow).pointee)
    }

    // SAFETY: each `flow` below is an index this table handed out, so < count.
    /// A flow's bytes, first time, payload flag and key, read without copying the record.
    @inline(__always) public func bytes(_ flow: Int) -> Int { slot(flow).pointee.bytes }
    /// The flow's bytes once, as one host saw them (`FlowRecord.once`).
    @inline(__always) public func bytesOnce(_ flow: Int) -> Int { slot(flow).pointee.once.bytes }
    @inline(__always) public func firstTime(_ flow: Int) -> Int64 { slot(flow).pointee.first }
    @inline(__always) public func carriesPayload(_ flow: Int) -> Bool { slot(flow).pointee.carriesPayload }
    @inline(__always) public func key(_ flow: Int) -> FlowKey { slot(flow).pointee.key }
}

extension FlowRecord {
    @inline(__always)
    /// Returns whether TCP analysis flagged the packet as a retransmission.
    @discardableResult
    mutating func update(_ d: FlowPacket, aToB: Bool, wireLength: Int, time: Int64, host: Int32, member: Int32, sent: Bool,
                         debounce: Int64, rings: ArrivalRings) -> Bool {
        let forward = aToB == forwardIsAToB
        let clock = self.clock(at: time)
        var cells = takeCells()
        if d.payloadLength > 0 { notePayload() }
        extend(to: time, clock: clock, cells: &cells)
        // Member counters: the record's own slot first; others in order (the previous packet's
        // is the likeliest). Each part's update is written once, so that it inlines here; the
        // other members' and hosts' are out of line.
        if firstMember.member < 0 && firstMember.member != member {
            firstMember = FlowMemberState(member: member, host: host, time: time, clock: clock, cells: &cells)
        }
        if firstMember.member == member {
            let wrapped = firstMember.add(forward: forward, wireLength: wireLength, sent: sent, time: time, clock: clock,
                                          cells: &cells)
            if !wrapped.isEmpty { rare.modify(or: FlowRareParts()) { $0.carry(wrapped, member: member) } }
        } else {
            addToOtherMember(member, host: host, forward: forward, wireLength: wireLength, sent: sent, time: time, clock: clock,
                             cells: &cells)
        }
        let isTCP = d.ipProtocol == .tcp
        let flags = d.tcpFlags
        if isTCP {
            if flags.contains(.syn) {
                sawSYN = true
                if !flags.contains(.ack) && synSequence == nil { synSequence = d.tcpSequence }
            }
            if flags.contains(.fin) { if forward { forwardFIN = true } else { reverseFIN = true } }
            if flags.contains(.rst) { reset = true }
        }
        // The observing host's view: the record's own slot first.
        if firstObservation.host < 0 && firstObservation.host != host { firstObservation = ObservationState(host: host) }
        let retransmission: Bool
        if firstObservation.host == host {
            retransmission = firstObservation.observe(d, forward: forward, isTCP: isTCP, wireLength: wireLength, time: time,
                                                      member: member, debounce: debounce, rings: rings, clock: clock, cells: &cells)
        } else {
            retransmission = observeOther(d, host: host, forward: forward, isTCP: isTCP, wireLength: wireLength, time: time,
                                          member: member, debounce: debounce, rings: rings, clock: clock, cells: &cells)
        }
        // Not in a `defer`: there the cells (nearly always none) were released after the call,
        // a runtime call per packet; consumed here, none is known to need no release.
        keepCells(cells)
        return retransmission
    }

    /// A packet on a member after the first.
    @inline(never)
    private mutating func addToOtherMember(_ member: Int32, host: Int32, forward: Bool, wireLength: Int, sent: Bool, time: Int64,
                                           clock: FlowClock, cells: inout FlowTimeCells) {
        let previous = Int(lastMemberIndex)
        // One mutating access: each `members[m].x +=` would check uniqueness again.
        lastMemberIndex = rare.modify(or: FlowRareParts()) { p in
            var m = previous
            if m >= p.members.count || p.members[m].member != member {
                m = -1
                for k in p.members.indices where p.members[k].member == member { m = k; break }
            }
            if m < 0 {
                p.members.append(FlowMemberState(member: member, host: host, time: time, clock: clock, cells: &cells))
                m = p.members.count - 1
            }
            let wrapped = p.members[m].add(forward: forward, wireLength: wireLength, sent: sent, time: time, clock: clock,
                                           cells: &cells)
            if !wrapped.isEmpty { p.carry(wrapped, member: member) }
            return UInt8(truncatingIfNeeded: m)
        }
    }

    /// A packet seen by a host after the first.
    @inline(never)
    private mutating func observeOther(_ d: FlowPacket, host: Int32, forward: Bool, isTCP: Bool, wireLength: Int, time: Int64,
                                       member: Int32, debounce: Int64, rings: ArrivalRings, clock: FlowClock,
                                       cells: inout FlowTimeCells) -> Bool {
        let previous = Int(lastObservationIndex)
        let (o, retransmission) = rare.modify(or: FlowRareParts()) { p in
            var o = previous
            if o >= p.observations.count || p.observations[o].host != host {
                o = -1
                for k in p.observations.indices where p.observations[k].host == host { o = k; break }
            }
            if o < 0 {
                p.observations.append(ObservationState(host: host))
                o = p.observations.count - 1
            }
            return (UInt8(truncatingIfNeeded: o),
                    p.observations[o].observe(d, forward: forward, isTCP: isTCP, wireLength: wireLength, time: time, member: member,
                                              debounce: debounce, rings: rings, clock: clock, cells: &cells))
        }
        lastObservationIndex = o
        return retransmission
    }
}

extension ObservationState {
    @inline(__always)
    mutating func observe(_ d: FlowPacket, forward isForward: Bool, isTCP: Bool, wireLength: Int, time: Int64, member: Int32,
                          debounce: Int64, rings: ArrivalRings, clock: FlowClock, cells: inout FlowTimeCells) -> Bool {
        let rtt = firstRTT(clock, cells)
        let retransmission: Bool
        if isForward {
            retransmission = forward.observe(d, isTCP: isTCP, wireLength: wireLength, time: time, member: member, firstRTT: rtt,
                                             debounce: debounce, rings: rings, reverse: &reverse, clock: clock, cells: &cells)
        } else {
            retransmission = reverse.observe(d, isTCP: isTCP, wireLength: wireLength, time: time, member: member, firstRTT: rtt,
                                             debounce: debounce, rings: rings, reverse: &forward, clock: clock, cells: &cells)
        }
        if isTCP {
            noteHandshake(syn: d.tcpFlags.contains(.syn), ack: d.tcpFlags.contains(.ack), time: time, clock: clock, cells: &cells)
        }
        return retransmission
    }
}

extension DirectionState {
    @inline(__always)
    mutating func observe(_ d: FlowPacket, isTCP: Bool, wireLength: Int, time: Int64, member: Int32, firstRTT: Int64,
                          debounce: Int64, rings: ArrivalRings, reverse: inout DirectionState, clock: FlowClock,
                          cells: inout FlowTimeCells) -> Bool {
        let previousTime = clock.time(lastTime, cells)
        clock.set(&lastTime, time, &cells)
        if moves.current < 0 { clock.set(&firstTime, time, &cells) }
        noteMember(member, time: time, previousTime: previousTime, debounce: debounce)
        guard isTCP else { return false }
        let f = d.tcpFlags
        let seglen = UInt32(max(0, d.payloadLength))
        let advanced = clock.time(self.nextSeqTime, cells)
        var nextSeqTime = advanced
        let result = TCPSequenceAnalysis.analyze(seq: d.tcpSequence, ack: d.tcpAcknowledgment, seglen: seglen,
                                                 syn: f.contains(.syn), fin: f.contains(.fin), rst: f.contains(.rst),
                                                 ackFlag: f.contains(.ack), window: UInt32(d.tcpWindow), time: time,
                                                 firstRTT: firstRTT, reverseLastTime: clock.time(reverse.lastTime, cells),
                                                 nextSeqTime: &nextSeqTime, fwd: &tcp, rev: &reverse.tcp)
        if nextSeqTime != advanced { clock.set(&self.nextSeqTime, nextSeqTime, &cells) }
        count(result)
        if seglen > 0 { noteData(seq: d.tcpSequence, length: seglen, member: member, time: time, clock: clock, rings: rings) }
        return result.isRetransmission
    }
}
