/// Every teaming model TeamScope knows, in the order they are scored (and listed when they
/// explain the same).
public enum ModelRegistry {
    public static let all: [any TeamingModel] =
        LinuxHashPolicy.allCases.map { LinuxHashModel($0) as any TeamingModel } + [
            RoundRobinModel(), ActiveBackupModel(), TransportPortsModel(), DynamicModel(),
            IPAddressesModel(), MACAddressesModel(), HyperVPortModel(),
            AdaptiveLoadBalancingModel(.tlb), AdaptiveLoadBalancingModel(.alb),
        ]

    /// The model of that name, if there is one.
    public static func model(_ name: ModelName) -> (any TeamingModel)? {
        all.first { $0.name == name }
    }

    public static var names: [ModelName] { all.map(\.name) }
}
