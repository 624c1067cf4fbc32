/// Windows Address Hash with IPAddresses: each source/destination IP pair stays on one member.
public struct IPAddressesModel: TeamingModel {
    public init() {}
    public var name: ModelName { .windowsIPAddresses }

    public func fit(_ input: InferenceInput) -> ModelFit? {
        input.grouped(name, note: .ipPairPinned) { "\($0.source)|\($0.destination)" }
    }
}
