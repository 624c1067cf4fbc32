/// Windows Dynamic load balancing (LBFO, SET): hashed like TransportPorts, but a flow may move
/// between flowlets — after an idle gap — never while it is busy, and never back and forth.
public struct DynamicModel: TeamingModel {
    public init() {}
    public var name: ModelName { .windowsDynamic }
    public func specificity(_ input: InferenceInput) -> Int { 0 }

    /// The quiet time that separates flowlets.
    public static let flowletGap: Int64 = 500_000

    public func fit(_ input: InferenceInput) -> ModelFit? {
        let samples = input.samples
        let dynamic = samples.indices.filter { i in
            !samples[i].striped && samples[i].moveGaps.allSatisfy { $0 >= Self.flowletGap } && (input.pinned[i] != nil || !samples[i].moveGaps.isEmpty)
        }
        return input.consistent(name, dynamic, note: .flowlets(gapNanoseconds: Self.flowletGap))
    }
}
