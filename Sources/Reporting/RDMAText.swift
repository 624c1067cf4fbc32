import TeamAnalysis

/// The RDMA section of the terminal report: per host its RDMA flows at a glance (members, UDP
/// source-port entropy, PSN gaps, resent packets, NAKs), then the largest flows one by one.
enum RDMAText {
    /// Flows listed one by one; the JSON report has them all.
    static let listed = 40

    static func render(_ r: ReportDocument, into out: inout TextPage) {
        guard let flows = r.rdmaFlows, !flows.isEmpty else { return }
        out += "\nRDMA (RoCEv2, UDP 4791: each flow is one direction to one queue pair)\n"
        for s in r.rdma ?? [] { out += "  \(TextReport.hostPrefix(s.host, r, separator: ": "))\(Phrasebook.rdmaHostLine(s))\n" }
        var rows: [[String]] = [["flow", "host", "UDP src", "bytes", "packets", "verdict", "moves", "PSN gaps", "resent", "NAKs", "carried by"]]
        for f in flows.prefix(Self.listed) {
            rows.append([f.label, TextReport.isUnnamed(f.host, r) ? "" : f.host, String(f.udpSrcPort) + (f.udpSrcPorts.map { " (+\($0.count - 1))" } ?? ""),
                         TextFormat.bytes(f.bytes), TextFormat.count(f.packets), f.pinned ? "pinned" : "split", String(f.moves),
                         String(f.psnGaps), String(f.resent), String(f.naks), Phrasebook.rdmaCarriers(f)])
        }
        out.table(rows, detail: 10)
        if flows.count > Self.listed { out += "  … \(flows.count - Self.listed) more RDMA flows in the JSON report\n" }
    }
}
