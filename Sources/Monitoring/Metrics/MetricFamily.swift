import Prometheus

/// One metric of `teamscope monitor`: its name (in the `teamscope_` namespace, its unit in the
/// name, `_total` for counters) and help text, and the labels its series carry.
public struct MetricFamily: Sendable, Hashable {
    public var name: String
    public var help: String
    public var labels: [String]

    /// The name without the namespace, as the registry's descriptor takes it.
    private let base: String

    init(_ name: String, _ labels: [String], _ help: String) {
        self.name = "teamscope_" + name
        base = name
        self.labels = labels
        self.help = help
    }

    /// The name (namespace `teamscope`, the rest with its unit already in it) and help.
    var descriptor: MetricNameDescriptor {
        MetricNameDescriptor(namespace: "teamscope", metricName: base, unitName: "", helpText: help)
    }
}
