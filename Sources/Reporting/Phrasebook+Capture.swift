extension Phrasebook {
    /// What `capture --no-analysis` says at its end, as tcpdump does: the packets written to the
    /// file and what the kernel dropped on each member (`members`: name and kernel drops).
    public static func captureWritten(packets: Int, path: String, members: [(name: String, kernelDrops: UInt64)]) -> String {
        let drops = members.map { "\($0.name) \($0.kernelDrops)" }.joined(separator: ", ")
        return "\(packets) packet\(packets == 1 ? "" : "s") written to \(path), not analysed (teamscope analyze \(path) reports on them); dropped by the kernel: \(drops.isEmpty ? "none" : drops)"
    }
}
