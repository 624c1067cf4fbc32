import PacketWire

/// Windows Address Hash with MacAddresses: each source/destination MAC pair stays on one member.
public struct MACAddressesModel: AddressHashModel {
    public init() {}
    public var name: ModelName { .windowsMACAddresses }
    public var layer2Needed: SampledFrame.Layer2 { .all }

    public func fit(_ input: InferenceInput) -> ModelFit? {
        input.grouped(name, note: .macPairPinned) { KeyPair($0.teamSourceMAC ?? $0.sourceMAC, $0.destinationMAC) }
    }
}

/// Its meaning for the verdict: Address Hash's (`AddressHashModel`) over the MAC pair.
extension MACAddressesModel {
    public func distinctKeys(_ samples: [FlowSample], fit: ModelFit) -> Int {
        Set(samples.map { KeyPair($0.sourceMAC, $0.destinationMAC) }).count
    }

    public func tieBreak(with other: ModelName) -> TieBreak? { nil }
}
