/// Windows Address Hash with IPAddresses: each source/destination IP pair stays on one member.
public struct IPAddressesModel: AddressHashModel {
    public init() {}
    public var name: ModelName { .windowsIPAddresses }

    public func fit(_ input: InferenceInput) -> ModelFit? {
        input.grouped(name, note: .ipPairPinned) { KeyPair($0.source, $0.destination) }
    }
}

/// Its meaning for the verdict: Address Hash's (`AddressHashModel`) over the address pair.
extension IPAddressesModel {
    public func distinctKeys(_ samples: [FlowSample], fit: ModelFit) -> Int { Set(samples.map { KeyPair($0.source, $0.destination) }).count }
    public func tieBreak(with other: ModelName) -> TieBreak? { nil }
}
