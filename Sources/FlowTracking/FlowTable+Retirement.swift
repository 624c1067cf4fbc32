extension FlowTable {
    /// Retires every flow whose last packet is older than `lastSeenBefore` (a live capture's
    /// `--flow-idle`): each goes into `retired` (its figures into the per-member totals, the
    /// flow itself into the bounded list of the largest) and leaves the table; the flows that
    /// stay keep their order, moved down over the gaps, and the index is rebuilt for them.
    /// A flow for which `exempt` says true stays whatever its age. Pending member changes of a
    /// retired flow are confirmed first, as at the end of a capture. Returns nil when no flow
    /// was retired (then nothing moved). `leaving` sees each retired flow, by its index before
    /// the retirement, as it leaves (its moves confirmed).
    public func retire(lastSeenBefore cutoff: Int64, exempt: (FlowKey) -> Bool = { _ in false },
                       into retired: inout RetiredFlows, leaving: (Int, FlowRecord) -> Void = { _, _ in }) -> FlowRetirement? {
        var anyIdle = false
        for i in 0..<count {
            // SAFETY: i < count.
            let p = slot(i)
            if p.pointee.last < cutoff && !exempt(p.pointee.key) { anyIdle = true; break }
        }
        guard anyIdle else { return nil }
        var newIndex = [Int32](repeating: -1, count: count)
        var freed: [Int32] = []
        var kept = 0
        for i in 0..<count {
            // SAFETY: i < count; slots below `kept` hold the flows kept so far, i >= kept.
            let p = slot(i)
            if p.pointee.last < cutoff && !exempt(p.pointee.key) {
                var r = p.move()
                r.finishMoves(debounce: moveDebounce)
                r.releaseRings(rings)
                if r.extra >= 0 { freed.append(r.extra) }
                leaving(i, r)
                retired.add(r)
            } else {
                // SAFETY: kept < i here, and slot(kept) was moved out (retired or moved down).
                if kept != i { slot(kept).moveInitialize(from: p, count: 1) }
                newIndex[i] = Int32(kept)
                kept += 1
            }
        }
        let removed = count - kept
        count = kept
        // Chunks past the last kept flow hold nothing now.
        let needed = (kept + Self.chunkSize - 1) >> Self.chunkShift
        while chunks.count > needed { UnsafeMutableRawPointer(chunks.removeLast()).deallocate() }
        // The kept flows' keys are distinct: each goes into a slot of its own.
        var rebuilt = FlowIndex(capacity: max(64, kept))
        for i in 0..<kept {
            // SAFETY: i < kept == count.
            rebuilt.set(hash: FlowIndex.hash(slot(i).pointee.key), Int32(i), matches: { _ in false })
        }
        // FlowIndex owns raw memory, freed by its owner: the old one is freed here.
        index.deallocate()
        index = rebuilt
        return FlowRetirement(newIndex: newIndex, freedExtras: freed, retired: removed)
    }
}

extension FlowRecord {
    /// Gives every view's reordering rings back to `rings` (the flow leaves the table).
    mutating func releaseRings(_ rings: ArrivalRings) {
        firstObservation.forward.reordering.releaseRing(rings)
        firstObservation.reverse.reordering.releaseRing(rings)
        guard !rare.isEmpty else { return }
        rare.modify(or: FlowRareParts()) { p in
            for o in p.observations.indices {
                p.observations[o].forward.reordering.releaseRing(rings)
                p.observations[o].reverse.reordering.releaseRing(rings)
            }
        }
    }

    /// Confirms the pending member changes of every view (as `FlowTable.finish` does for all).
    mutating func finishMoves(debounce: Int64) {
        let clock = self.clock, cells = self.cells
        firstObservation.finishMoves(debounce: debounce, clock: clock, cells: cells)
        guard !rare.isEmpty else { return }
        rare.modify(or: FlowRareParts()) { p in
            for o in p.observations.indices { p.observations[o].finishMoves(debounce: debounce, clock: clock, cells: cells) }
        }
    }
}
