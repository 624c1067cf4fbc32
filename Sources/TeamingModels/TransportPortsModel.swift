/// Windows Address Hash with TransportPorts (LBFO and SET): each TCP/UDP 4-tuple stays on one
/// member. Microsoft does not publish the hash, so only that consistency is scored.
public struct TransportPortsModel: AddressHashModel {
    public init() {}
    public var name: ModelName { .windowsTransportPorts }
    public func specificity(_ input: InferenceInput) -> Int { 0 }

    public func fit(_ input: InferenceInput) -> ModelFit? {
        // Each sample is one direction of one 4-tuple: consistent when it stayed on one member.
        let onOne = input.samples.indices.filter { input.pinned[$0] != nil }
        return input.consistent(name, onOne, note: .tuplePinned)
    }
}

/// Its meaning for the verdict: Address Hash's (`AddressHashModel`) over the 4-tuple.
extension TransportPortsModel {
    public func distinctKeys(_ samples: [FlowSample], fit: ModelFit) -> Int { samples.count }

    /// Dynamic moves a busy flow at a flowlet boundary; Address Hash never moves it.
    public func tieBreak(with other: ModelName) -> TieBreak? { other == .windowsDynamic ? TieBreak(.flowletPauses) : nil }
}
