/// How a flow's `FlowTime`s stand for nanoseconds: offsets from `base`, the time of the flow's
/// first packet, in whole microseconds when the base is a whole microsecond (every time of a
/// capture stamped in microseconds, as classic pcap files and most live captures are, which
/// 32 bits then hold for over 35 minutes), else in nanoseconds. A time the offset cannot hold
/// goes to the flow's cells in full, so that every time reads back exactly what was set: the
/// reports do not change by a nanosecond.
struct FlowClock: Sendable {
    let base: Int64
    let microseconds: Bool
    /// The time of the packet being accounted, which most of the times set are, and its raw
    /// value (`cellBit`: it needs a cell), worked out once for all of them.
    private let now: Int64
    private let nowRaw: UInt32

    /// `now`: the time of the packet the clock accounts (0 for reading).
    init(base: Int64, microseconds: Bool, now: Int64 = 0) {
        self.base = base
        self.microseconds = microseconds
        self.now = now
        nowRaw = Self.compact(now, base: base, microseconds: microseconds) ?? FlowTime.cellBit
    }

    /// The clock a flow whose first packet came at `base` keeps its times by, accounting that packet.
    init(base: Int64) { self.init(base: base, microseconds: base % 1000 == 0, now: base) }

    /// The time `t` stands for (`cells` are read only when `t` is in one).
    @inline(__always)
    func time(_ t: FlowTime, _ cells: @autoclosure () -> FlowTimeCells) -> Int64 {
        guard t.raw < FlowTime.cellBit else { return Self.cell(t, cells()) }
        guard t.raw != 0 else { return 0 }
        let units = Int64(t.raw &- 1)
        return base &+ (microseconds ? units &* 1000 : units)
    }

    /// The time in `t`'s cell: out of line, so that the per-packet code keeps only the offset's
    /// few instructions.
    @inline(never)
    private static func cell(_ t: FlowTime, _ cells: FlowTimeCells) -> Int64 { cells[t.raw & ~FlowTime.cellBit] }

    /// Sets `t` to `time`, in a cell when the offset cannot hold it (or when `t` has a cell
    /// already, which it keeps). Setting the packet's own time (`now`) costs a store; any other
    /// is worked out out of line.
    @inline(__always)
    func set(_ t: inout FlowTime, _ time: Int64, _ cells: inout FlowTimeCells) {
        if t.raw < FlowTime.cellBit && time == now && nowRaw < FlowTime.cellBit {
            t.raw = nowRaw
        } else {
            setOther(&t, time, &cells)
        }
    }

    @inline(never)
    private func setOther(_ t: inout FlowTime, _ time: Int64, _ cells: inout FlowTimeCells) {
        if t.raw < FlowTime.cellBit, let raw = compact(time) {
            t.raw = raw
        } else {
            setCell(&t, time, &cells)
        }
    }

    /// The raw value `set` stores for `time` outside a cell, or nil when it needs one: the
    /// packet's own time (`now`) costs a compare.
    @inline(__always)
    func raw(_ time: Int64) -> UInt32? {
        guard time == now else { return compact(time) }
        return nowRaw < FlowTime.cellBit ? nowRaw : nil
    }

    /// The raw value of `time` as an offset, or nil when it needs a cell. The offset is taken
    /// with wrapping arithmetic, as `time` adds it back: whatever the two times, the value read
    /// is the value set.
    @inline(__always)
    func compact(_ time: Int64) -> UInt32? { Self.compact(time, base: base, microseconds: microseconds) }

    @inline(__always)
    private static func compact(_ time: Int64, base: Int64, microseconds: Bool) -> UInt32? {
        if time == 0 { return 0 }
        let offset = time &- base
        guard offset >= 0 else { return nil }
        // Unsigned: dividing by the constant is then a multiply and a shift, no sign fix-up.
        var units = UInt64(bitPattern: offset)
        if microseconds {
            let q = units / 1000
            guard q &* 1000 == units else { return nil }
            units = q
        }
        guard units <= UInt64(FlowTime.maxOffset) else { return nil }
        return UInt32(truncatingIfNeeded: units) &+ 1
    }

    private func setCell(_ t: inout FlowTime, _ time: Int64, _ cells: inout FlowTimeCells) {
        if t.raw >= FlowTime.cellBit {
            cells[t.raw & ~FlowTime.cellBit] = time
        } else {
            t.raw = FlowTime.cellBit | cells.append(time)
        }
    }
}
