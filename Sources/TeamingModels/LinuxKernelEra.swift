/// Which version of bond_main.c's hashing to reproduce (its git history):
/// - `before2017`: no low-bit discard; the layer-2 term XORs the raw big-endian EtherType.
/// - `discardAll`: the late-2017 change discards the lowest bit (`hash >> 1`) for every policy.
/// - `current`: since the 2022 changes (also in 5.15 stable) only layer3+4/encap3+4 discard
///   the low bit, and the layer-2 term uses `be16_to_cpu(h_proto)`.
public enum LinuxKernelEra: String, CaseIterable, Sendable {
    case before2017 = "before-2017"
    case discardAll = "2017-2022"
    case current = "current"

    /// The era of a kernel release string such as "6.1.0" or "4.19".
    public init?(release: String) {
        let parts = release.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard parts.count >= 2 else { return nil }
        let (major, minor) = (parts[0], parts[1])
        // The discard landed in 4.15; the 2022 change in 5.19, backported to 5.15 stable.
        switch (major, minor) {
        case (..<4, _), (4, ..<15): self = .before2017
        case (5, 15): self = .current
        case (4, _), (5, ..<19): self = .discardAll
        default: self = .current
        }
    }
}
