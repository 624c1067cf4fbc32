import PacketWire

/// Ranks the teaming models (`ModelRegistry`) by how much of a host's sent traffic each
/// explains. Linux bonding hashes are exact (the member is predicted from the frame, for every
/// member order tried); Windows modes, whose hash is unpublished, are consistency models (what
/// must share a member).
public enum ModelInference {
    public static func rank(samples: [FlowSample], memberNames: [String], order givenOrder: [String]? = nil,
                            threshold: Double = 0.999, era: LinuxKernelEra = .current,
                            receive: ReceivePattern? = nil, teamState: TeamState? = nil,
                            registry: ModelRegistry = .standard) -> [ModelFit] {
        guard !memberNames.isEmpty, !samples.isEmpty else { return [] }
        let input = InferenceInput(samples: samples, memberNames: memberNames, order: givenOrder, threshold: threshold,
                                   era: era, receive: receive, teamState: teamState)
        let missing = Set(undecidable(samples: samples, registry: registry).map(\.model))
        var scored: [(fit: ModelFit, specificity: Int)] = []
        for model in registry.models where !missing.contains(model.name) {
            guard let fit = model.fit(input) else { continue }
            // An exact hash that fits by luck more than 1 time in 100 predicts nothing a
            // consistency rule does not: it takes no precedence over one.
            let weak = model.isExactHash && (fit.chanceFit ?? 1) > 0.01
            scored.append((fit, weak ? 0 : model.specificity(input)))
        }
        // Models within 1 % of bytes of each other rank by how much they predict: a few frames
        // sent before an aggregator came up must not hand the lead to a looser model.
        let bestRatio = scored.map(\.fit.bytesConsistentRatio).max() ?? 0
        func key(_ i: Int) -> (Int, Int, Double, Int, Int) {
            let s = scored[i]
            let inBand = s.fit.bytesConsistentRatio >= bestRatio - 0.01
            // Equal keys keep the registry's order.
            return (inBand ? 1 : 0, inBand ? s.specificity : 0, s.fit.bytesConsistentRatio, s.fit.flowsConsistent, -i)
        }
        return scored.indices.sorted { key($0) > key($1) }.map { scored[$0].fit }
    }

    /// The models that read a layer-2 field some sample's capture did not record (a Linux SLL or
    /// SLL2 frame to a peer whose MAC was never seen has no destination MAC; raw IP has none):
    /// scoring them would score zeros. Left out of `rank`.
    public static func undecidable(samples: [FlowSample], registry: ModelRegistry = .standard) -> [UndecidableModel] {
        var known = SampledFrame.Layer2.all
        var linkTypes: Set<LinkType> = []
        for s in samples where s.frame.known != .all {
            known.formIntersection(s.frame.known)
            linkTypes.insert(s.frame.linkType)
        }
        guard known != .all else { return [] }
        let links = linkTypes.sorted { $0.rawValue < $1.rawValue }
        return registry.models.filter { !$0.layer2Needed.isSubset(of: known) }.map {
            UndecidableModel(model: $0.name, missing: $0.layer2Needed.subtracting(known), linkTypes: links)
        }
    }
}
