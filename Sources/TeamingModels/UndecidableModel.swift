import PacketWire

/// A teaming model that a host's captures cannot score: its hash or consistency rule reads a
/// layer-2 field the capture's link type does not record (Linux SLL/SLL2 keep only the source
/// MAC; raw IP keeps no MAC), and the peer's own frames did not supply it.
public struct UndecidableModel: Sendable, Equatable {
    public var model: ModelName
    /// The fields it needs that some sampled frame lacked.
    public var missing: SampledFrame.Layer2
    /// The link types of the frames that lacked them.
    public var linkTypes: [LinkType]

    public init(model: ModelName, missing: SampledFrame.Layer2, linkTypes: [LinkType]) {
        self.model = model
        self.missing = missing
        self.linkTypes = linkTypes
    }
}
