import Prometheus

/// The series of the registry, made on first use and kept by family and label values:
/// counters fed with running totals (each update adds what the total grew by), gauges set, and
/// series of a family that an update did not mention unregistered (`keepOnly`), so a flow that
/// left the top N or a verdict that changed leaves no stale series behind.
final class MetricSeries {
    let registry: PrometheusCollectorRegistry
    private var counters: [Key: (counter: Counter, total: Double)] = [:]
    private var gauges: [Key: Gauge] = [:]
    private var touched: Set<Key> = []

    struct Key: Hashable {
        var family: String
        var values: [String]
    }

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    /// A counter whose running total is now `total` (a total that went down, as after a
    /// restart of what it counts, starts the counter's growth over from there).
    func count(_ f: MetricFamily, _ values: [String], total: Double) {
        let key = Key(family: f.name, values: values)
        touched.insert(key)
        if let c = counters[key] {
            if total > c.total { c.counter.increment(by: total - c.total) }
            counters[key] = (c.counter, total)
            return
        }
        let counter = registry.makeCounter(descriptor: f.descriptor, labels: Array(zip(f.labels, values)))
        if total > 0 { counter.increment(by: total) }
        counters[key] = (counter, total)
    }

    func set(_ f: MetricFamily, _ values: [String], _ value: Double) {
        let key = Key(family: f.name, values: values)
        touched.insert(key)
        if let g = gauges[key] {
            g.set(value)
            return
        }
        let gauge = registry.makeGauge(descriptor: f.descriptor, labels: Array(zip(f.labels, values)))
        gauge.set(value)
        gauges[key] = gauge
    }

    /// Unregisters every gauge of `families` not set since the last call, and starts over.
    func keepOnlyTouched(_ families: [MetricFamily]) {
        let names = Set(families.map(\.name))
        for (key, g) in gauges where names.contains(key.family) && !touched.contains(key) {
            registry.unregisterGauge(g)
            gauges[key] = nil
        }
        touched.removeAll(keepingCapacity: true)
    }

    /// Series now registered (for tests of the label bound).
    var seriesCount: Int { counters.count + gauges.count }
}
