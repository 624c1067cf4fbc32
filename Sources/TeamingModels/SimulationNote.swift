/// What a simulated policy's figures rest on; Reporting words it (`note` in `simulate`'s output).
public enum SimulationNote: Codable, Sendable, Equatable {
    /// The kernel's hash of each flow's first frame, exactly.
    case exactHash
    /// Round robin: every flow striped packet by packet.
    case striped
    /// Active-backup: everything on the active member.
    case activeMember
    /// The Windows address-hash modes: the RSS Toeplitz hash stands in for Microsoft's
    /// unpublished one, so the spread's shape is right, not the exact member.
    case standInHash

    enum CodingKeys: String, CodingKey {
        case exactHash = "exact_hash", striped, activeMember = "active_member", standInHash = "stand_in_hash"
    }
}
