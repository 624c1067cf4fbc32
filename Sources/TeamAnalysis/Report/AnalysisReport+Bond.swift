import CaptureIO
import TeamingModels

extension AnalysisReport {
    /// Writes a bond's configuration as the kernel gave it (sysfs for a live capture, `ip -d -j
    /// link show` or /proc/net/bonding for files) into `hosts[].bond` of `host`, with the model
    /// its mode and policy name and how many of the host's flows that model explained.
    mutating func describe(_ bond: BondConfiguration, host: String) {
        guard let h = hosts.firstIndex(where: { $0.name == host }) else { return }
        let model = BondMode(rawValue: bond.mode).flatMap { ModelName(bondMode: $0, hashPolicy: bond.xmitHashPolicy) }
        let fit = model.flatMap { model in inference.first { $0.host == host && $0.model == model } }
        hosts[h].bond = BondReport(name: bond.name, mode: bond.mode, xmitHashPolicy: bond.xmitHashPolicy, members: bond.members,
                                   active: bond.active, model: model?.rawValue, flowsConsistent: fit?.flowsConsistent, flowsTotal: fit?.flowsTotal,
                                   aggregator: bond.aggregator, aggregatorMembers: bond.aggregatedMembers)
    }

    /// The host a described bond belongs to: the one whose interfaces carry its name or a
    /// member's, else the only host.
    func host(of bond: BondConfiguration) -> String? {
        let names = Set([bond.name] + bond.members)
        let holders = Set((members.map { ($0.host, $0.name) } + aggregates.map { ($0.host, $0.name) }).filter { names.contains($0.1) }.map(\.0))
        if holders.count == 1 { return holders.first }
        return hosts.count == 1 ? hosts[0].name : nil
    }
}
