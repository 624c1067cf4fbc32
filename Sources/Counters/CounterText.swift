/// A counter file's bytes as UTF-8, whatever Windows wrote: UTF-16LE with a BOM (what some
/// `relog` and PowerShell `Export-Counter` runs give), UTF-8 with or without a BOM, or the
/// ANSI code page (`typeperf -f CSV` on a localised system: `réseau` as 0xE9), read as
/// Windows-1252. Offsets are kept so that errors name the file's own byte.
public struct CounterText: Sendable {
    public var bytes: [UInt8]
    /// For transcoded text: the file offset of each byte of `bytes` (nil: the same offsets).
    public var offsets: [Int]?
    /// Where the text starts (after a UTF-8 BOM).
    public var start: Int

    public init(file raw: [UInt8]) {
        if raw.count >= 2, raw[0] == 0xFF, raw[1] == 0xFE {
            var out: [UInt8] = []
            var map: [Int] = []
            var units: [UInt16] = []
            var unitOffsets: [Int] = []
            var i = 2
            while i + 1 < raw.count {
                units.append(UInt16(raw[i]) | UInt16(raw[i + 1]) << 8)
                unitOffsets.append(i)
                i += 2
            }
            var index = 0
            var it = units.makeIterator()
            var decoder = UTF16()
            decode: while true {
                switch decoder.decode(&it) {
                case .scalarValue(let s):
                    let at = unitOffsets[min(index, unitOffsets.count - 1)]
                    for b in String(s).utf8 { out.append(b); map.append(at) }
                    index += s.value > 0xFFFF ? 2 : 1
                case .error:
                    let at = unitOffsets[min(index, unitOffsets.count - 1)]
                    for b in "\u{FFFD}".utf8 { out.append(b); map.append(at) }
                    index += 1
                case .emptyInput:
                    break decode
                }
            }
            bytes = out
            offsets = map
            start = 0
            return
        }
        if raw.count >= 3, raw[0] == 0xEF, raw[1] == 0xBB, raw[2] == 0xBF {
            bytes = raw
            offsets = nil
            start = 3
            return
        }
        if String(validating: raw, as: UTF8.self) != nil {
            bytes = raw
            offsets = nil
            start = 0
            return
        }
        var out: [UInt8] = []
        var map: [Int] = []
        out.reserveCapacity(raw.count)
        for (i, b) in raw.enumerated() {
            let scalar = b < 0x80 ? UnicodeScalar(b) : Self.windows1252(b)
            for u in String(scalar).utf8 { out.append(u); map.append(i) }
        }
        bytes = out
        offsets = map
        start = 0
    }

    /// The file's offset of `index` in `bytes`.
    public func fileOffset(_ index: Int) -> Int {
        guard let offsets else { return index }
        return index < offsets.count ? offsets[index] : (offsets.last.map { $0 + 1 } ?? index)
    }

    /// Windows-1252's characters for 0x80…0xFF (0x80…0x9F differ from Latin-1).
    static func windows1252(_ b: UInt8) -> UnicodeScalar {
        let high: [UInt32] = [0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
                              0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178]
        if b >= 0xA0 { return UnicodeScalar(b) }
        return UnicodeScalar(high[Int(b) - 0x80])!
    }
}
