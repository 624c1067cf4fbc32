import Foundation

/// `-C`/`-G`: when the written file is replaced by the next one, and the next one's name.
public struct Rotation: Sendable, Equatable {
    /// A new file once the current one holds this many bytes.
    public var bytes: Int?
    /// A new file once the current one is this many seconds old.
    public var seconds: Int?

    public init(bytes: Int? = nil, seconds: Int? = nil) {
        self.bytes = bytes
        self.seconds = seconds
    }

    public func isDue(size: Int, openedAtNs: Int64, nowNs: Int64) -> Bool {
        (bytes.map { size >= $0 } ?? false) || (seconds.map { nowNs - openedAtNs >= Int64($0) * 1_000_000_000 } ?? false)
    }

    /// FILE, then FILE with ".1", ".2", … before its extension (as tcpdump -C numbers them).
    public static func path(_ base: String, _ n: Int) -> String {
        guard n > 0 else { return base }
        let ext = (base as NSString).pathExtension
        let stem = ext.isEmpty ? base : String(base.dropLast(ext.count + 1))
        return ext.isEmpty ? "\(stem).\(n)" : "\(stem).\(n).\(ext)"
    }
}
