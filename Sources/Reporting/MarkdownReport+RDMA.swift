import TeamAnalysis

extension MarkdownReport {
    /// Per host its RDMA flows at a glance, then the flows as a table (at most `RDMAText.listed`).
    static func rdmaSection(_ r: ReportDocument) -> String {
        guard let flows = r.rdmaFlows, !flows.isEmpty else { return "" }
        var out = "\n## RDMA flows (RoCEv2)\n\n"
        for s in r.rdma ?? [] { out += "- **\(cell(s.host)):** \(cell(Phrasebook.rdmaHostLine(s)))\n" }
        out += "\n" + table(["flow", "host", "UDP src", "bytes", "packets", "verdict", "moves", "PSN gaps", "resent", "NAKs", "carried by"], flows.prefix(RDMAText.listed).map { f in
            [f.label, f.host, String(f.udpSrcPort), TextFormat.bytes(f.bytes), TextFormat.count(f.packets), f.pinned ? "pinned" : "split",
             String(f.moves), String(f.psnGaps), String(f.resent), String(f.naks), Phrasebook.rdmaCarriers(f)]
        }, numeric: [2, 3, 4, 6, 7, 8, 9])
        if flows.count > RDMAText.listed { out += "\n\(flows.count - RDMAText.listed) more RDMA flows in the JSON report.\n" }
        return out
    }
}
