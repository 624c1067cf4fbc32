import TeamAnalysis

extension HTMLReport {
    /// Per host its RDMA flows at a glance, then the flows as a table (at most `RDMAText.listed`).
    static func rdmaSection(_ r: ReportDocument, into out: inout String) {
        guard let flows = r.rdmaFlows, !flows.isEmpty else { return }
        out += "<h2>RDMA flows (RoCEv2)</h2>\n"
        for s in r.rdma ?? [] { out += "<p><b>\(HTMLEscape.text(hostName(s.host, r)))</b>: \(HTMLEscape.text(Phrasebook.rdmaHostLine(s)))</p>\n" }
        var t = HTMLTable(["flow", "host", "UDP src", "bytes", "packets", "verdict", "moves", "PSN gaps", "resent", "NAKs", "carried by"], numeric: [2, 3, 4, 6, 7, 8, 9])
        for f in flows.prefix(RDMAText.listed) {
            t.add([f.label, hostName(f.host, r), String(f.udpSrcPort), TextFormat.bytes(f.bytes), TextFormat.count(f.packets), f.pinned ? "pinned" : "split",
                   String(f.moves), String(f.psnGaps), String(f.resent), String(f.naks), Phrasebook.rdmaCarriers(f)])
        }
        out += t.rendered()
        if flows.count > RDMAText.listed { out += "<p class=\"muted\">\(flows.count - RDMAText.listed) more RDMA flows in the JSON report.</p>\n" }
    }
}
