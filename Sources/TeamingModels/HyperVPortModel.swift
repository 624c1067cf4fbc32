import PacketWire

/// Hyper-V Port (LBFO, SET): each virtual switch port — each VM's source MAC — stays on one
/// member, which also receives its traffic.
public struct HyperVPortModel: TeamingModel {
    public init() {}
    public var name: ModelName { .windowsHyperVPort }
    public var layer2Needed: SampledFrame.Layer2 { .sourceMAC }

    public func fit(_ input: InferenceInput) -> ModelFit? {
        input.grouped(name, note: .sourceMACPinned) { "\($0.sourceMAC)" }
    }
}
