/// The teaming models TeamScope scores, in the order they are scored (and listed when they
/// explain the same). `standard` is every model TeamScope knows; a registry of its own (a test's
/// model added) is passed to `ModelInference.rank` and `VerdictJudge.judge`.
public struct ModelRegistry: Sendable {
    public var models: [any TeamingModel]

    public init(_ models: [any TeamingModel]) { self.models = models }

    /// Every model TeamScope knows. A new model is its file plus a line here.
    public static let standard = ModelRegistry(
        LinuxHashPolicy.allCases.map { LinuxHashModel($0) as any TeamingModel } + [
            RoundRobinModel(), ActiveBackupModel(), TransportPortsModel(), DynamicModel(),
            IPAddressesModel(), MACAddressesModel(), HyperVPortModel(),
            AdaptiveLoadBalancingModel(.tlb), AdaptiveLoadBalancingModel(.alb),
        ])

    /// The model of that name, if the registry has it.
    public func model(_ name: ModelName) -> (any TeamingModel)? { models.first { $0.name == name } }

    public var names: [ModelName] { models.map(\.name) }

    /// The standard registry's models.
    public static var all: [any TeamingModel] { standard.models }
    /// The standard model of that name, if there is one.
    public static func model(_ name: ModelName) -> (any TeamingModel)? { standard.model(name) }
    public static var names: [ModelName] { standard.names }
}
