import PacketWire

/// Hyper-V Port (LBFO, SET): each virtual switch port — each VM's source MAC — stays on one
/// member, which also receives its traffic.
public struct HyperVPortModel: TeamingModel {
    public init() {}
    public var name: ModelName { .windowsHyperVPort }
    public var layer2Needed: SampledFrame.Layer2 { .sourceMAC }

    public func fit(_ input: InferenceInput) -> ModelFit? {
        input.grouped(name, note: "each source MAC (vPort) stays on one member") { "\($0.sourceMAC)" }
    }
}
