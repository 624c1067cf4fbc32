import TeamingModels
import PacketWire

extension TeamAnalyzer {
    /// One report from the counting results of a lone host's hypotheses (`HostPlan.hypotheses`,
    /// one per candidate station): the one whose verdict is surest is shown (the first on
    /// a tie), with every hypothesis's verdict beside its direction, and the verdict lowered to
    /// what holds whichever station is the host's.
    static func judgedBothWays(_ reports: [AnalysisReport], plans: [[HostPlan]]) -> AnalysisReport {
        let ambiguous = plans[0].indices.filter { !plans[0][$0].hypotheses.isEmpty }
        func verdict(_ k: Int, _ h: Int) -> TeamVerdict? {
            reports[k].hosts.first { $0.name == plans[k][h].name }?.team
        }
        // Surest first: confidence, then how much the model explains, then the first station.
        func score(_ k: Int) -> (Int, Int, Int) {
            var c = 0, explained = 0
            for h in ambiguous {
                guard let v = verdict(k, h) else { continue }
                c += [Confidence.none, .low, .medium, .high, .certain].firstIndex(of: v.confidence)!
                if case .exactHash(_, let consistent, let total, _, _, _)? = v.evidence.first(where: { if case .exactHash = $0 { return true } else { return false } }) {
                    explained += total > 0 ? consistent * 1000 / total : 0
                }
            }
            return (c, explained, -k)
        }
        let shown = reports.indices.max { score($0) < score($1) }!
        var report = reports[shown]
        for h in ambiguous {
            guard let i = report.hosts.firstIndex(where: { $0.name == plans[shown][h].name }) else { continue }
            let stations = plans[0][h].hypotheses
            let order = [shown] + reports.indices.filter { $0 != shown }
            let each = order.filter { $0 < stations.count }.map { k in
                DirectionHypothesis(localMacs: stations[k].map { MACAddress(rawValue: $0).description }, verdict: verdict(k, h))
            }
            report.hosts[i].direction.hypotheses = each
            let agree = each.allSatisfy { $0.family == each[0].family && $0.model == each[0].model && $0.switch == each[0].switch }
            if let v = report.hosts[i].team {
                let dominant = each[0].confidence == .high && each.dropFirst().allSatisfy { $0.confidence <= .low || $0.family == nil }
                report.hosts[i].team = VerdictJudge.underDirectionHypotheses(v, hypotheses: each.count, agree: agree && each[0].family != nil,
                                                                             dominant: dominant)
            }
        }
        return report
    }
}
