import PacketWire

/// Windows Address Hash with MacAddresses: each source/destination MAC pair stays on one member.
public struct MACAddressesModel: TeamingModel {
    public init() {}
    public var name: ModelName { .windowsMACAddresses }
    public var layer2Needed: SampledFrame.Layer2 { .all }

    public func fit(_ input: InferenceInput) -> ModelFit? {
        input.grouped(name, note: .macPairPinned) { "\($0.teamSourceMAC ?? $0.sourceMAC)|\($0.destinationMAC)" }
    }
}
