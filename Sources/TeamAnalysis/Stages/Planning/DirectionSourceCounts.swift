/// Packets per `DirectionSource`, stored inline: the per-packet count must not go through an
/// array's copy-on-write check.
struct DirectionSourceCounts: Sendable {
    private var c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0

    subscript(_ i: Int) -> Int {
        @inline(__always) get {
            switch i {
            case 0: return c0
            case 1: return c1
            case 2: return c2
            case 3: return c3
            case 4: return c4
            default: return c5
            }
        }
        @inline(__always) set {
            switch i {
            case 0: c0 = newValue
            case 1: c1 = newValue
            case 2: c2 = newValue
            case 3: c3 = newValue
            case 4: c4 = newValue
            default: c5 = newValue
            }
        }
    }
}
