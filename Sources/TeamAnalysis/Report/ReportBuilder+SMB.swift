import FlowTracking
import PacketWire
import SMBSessions

extension ReportBuilder {
    /// The SMB part of the report: sessions with their channels and the members carrying them.
    func buildSMBSection() -> (sessions: [SMBSessionReport], summary: SMBSummaryReport?) {
        let st = smb.statistics
        guard st.connections > 0 else { return ([], nil) }
        var sessions: [SMBSessionReport] = []
        for s in smb.sessionSummaries() {
            var channels: [SMBChannelReport] = []
            var hostMemberBytes: [String: [String: Int]] = [:]
            for c in s.channels {
                var memberTraffic: [String: SMBChannelMemberTraffic] = [:]
                var carried: [String: String] = [:]
                var first = c.first, last = c.last
                if c.flowTag >= 0 && c.flowTag < flowTable.count {
                    let f = flowTable.record(Int(c.flowTag))
                    // The flow saw every packet (bare ACKs too); the SMB layer only those it needed.
                    first = f.first
                    last = f.last
                    let forward = f.forwardEndpoints
                    let clientIsForward = forward.source == c.client && forward.sourcePort == c.clientPort
                    var perHost: [String: [(String, Int)]] = [:]
                    for m in f.members {
                        let up = clientIsForward ? TrafficCount(packets: m.forwardPackets, bytes: m.forwardBytes) : TrafficCount(packets: m.reversePackets, bytes: m.reverseBytes)
                        let down = clientIsForward ? TrafficCount(packets: m.reversePackets, bytes: m.reverseBytes) : TrafficCount(packets: m.forwardPackets, bytes: m.forwardBytes)
                        memberTraffic[memberLabel(m.member)] = SMBChannelMemberTraffic(toServer: up, toClient: down)
                        let host = members[Int(m.member)].hostName, name = members[Int(m.member)].name
                        perHost[host, default: []].append((name, up.bytes + down.bytes))
                        hostMemberBytes[host, default: [:]][name, default: 0] += up.bytes + down.bytes
                    }
                    for (host, list) in perHost {
                        let total = list.map(\.1).reduce(0, +)
                        let best = list.max { ($0.1, $1.0) < ($1.1, $0.0) }!
                        carried[host] = total > 0 && Double(best.1) >= options.pinnedThreshold * Double(total) ? best.0 : "split"
                    }
                }
                channels.append(SMBChannelReport(
                    client: c.client.description, clientPort: Int(c.clientPort), server: c.server.description, serverPort: Int(c.serverPort),
                    bound: c.bound, setupStatus: c.setupStatus.map(NTStatus.init(rawValue:)), dialect: c.dialect?.name,
                    firstNs: first, lastNs: last, bytes: c.bytesToServer + c.bytesToClient,
                    bytesToServer: c.bytesToServer, bytesToClient: c.bytesToClient, readBytes: c.readBytes, writeBytes: c.writeBytes,
                    members: memberTraffic, carriedBy: carried))
            }
            var used: [String: Int] = [:]
            var shares: [String: Double] = [:]
            for (host, byMember) in hostMemberBytes {
                let total = byMember.values.reduce(0, +)
                used[host] = byMember.values.filter { $0 > 0 }.count
                for (m, b) in byMember where b > 0 { shares["\(host)/\(m)"] = total > 0 ? Self.round6(Double(b) / Double(total)) : 0 }
            }
            var interfaces: [SMBInterfaceReport] = []
            for i in s.interfaces {
                let address = i.address?.description ?? "family 0x\(String(i.otherFamily ?? 0, radix: 16))"
                if let k = interfaces.firstIndex(where: { $0.index == i.index }) {
                    if !interfaces[k].addresses.contains(address) { interfaces[k].addresses.append(address) }
                } else {
                    interfaces.append(SMBInterfaceReport(index: i.index, rss: i.rss, rdma: i.rdma, rssQueueCount: i.rssQueueCount,
                                                         linkSpeed: i.linkSpeed, addresses: [address]))
                }
            }
            sessions.append(SMBSessionReport(
                sessionId: s.idHex, dialect: s.dialect?.name, multichannelNegotiated: s.multichannelNegotiated, encrypted: s.encrypted,
                encryptedMessages: s.encryptedMessages, signed: s.signed, channels: channels, interfaces: interfaces, shares: s.shares,
                readBytes: s.readBytes, writeBytes: s.writeBytes, loggedOff: s.loggedOff, firstNs: s.first, lastNs: s.last,
                membersUsed: used, memberShares: shares,
                findings: Self.smbNotes(s, channels: channels, interfaces: interfaces, byHost: hostMemberBytes)))
        }
        func place(_ f: SMBFrameRef) -> String {
            let path = Int(f.input) < result.inputs.count ? result.inputs[Int(f.input)].spec.path : "input \(f.input)"
            return "\(path) frame \(f.frame)"
        }
        let problems = st.malformedSamples.map { "\(place($0.frame)): malformed: \($0.what)" }
            + st.notCapturedSamples.map { "\(place($0.frame)): not captured: \($0.what)" }
        let connections = smb.connectionSummaries().map { c in
            SMBConnectionReport(client: c.client.description, clientPort: Int(c.clientPort), server: c.server.description,
                                serverPort: Int(c.serverPort), dialectsOffered: c.dialectsOffered.map(\.name), dialect: c.dialect?.name,
                                clientCapabilities: c.clientCapabilities?.names ?? [], serverCapabilities: c.serverCapabilities?.names ?? [],
                                clientSecurityMode: c.clientSecurityMode.map(Self.securityMode),
                                serverSecurityMode: c.serverSecurityMode.map(Self.securityMode),
                                clientContexts: c.clientContexts.map(Self.contexts), serverContexts: c.serverContexts.map(Self.contexts),
                                sessions: c.sessions.map { SMBSessionSummary.hex($0) }, messages: c.messages,
                                bytesToServer: c.bytesToServer, bytesToClient: c.bytesToClient)
        }
        let summary = SMBSummaryReport(
            connections: st.connections, untrackedConnections: st.untrackedConnections, messages: st.messages, operations: st.operations,
            encryptedMessages: st.encryptedMessages, compressedMessages: st.compressedMessages, smb1Messages: st.smb1Messages,
            malformed: st.malformed, notCaptured: st.notCaptured, resyncs: st.resyncs, skippedBytes: st.huntedBytes,
            lostBytes: st.lostBytes, notCapturedBytes: st.notCapturedBytes, duplicateBytes: st.duplicateBytes,
            problems: problems, connectionDetails: connections)
        return (sessions, summary)
    }

    static func securityMode(_ m: UInt16) -> String {
        m & 2 != 0 ? "signing required" : (m & 1 != 0 ? "signing enabled" : "none")
    }

    static func contexts(_ c: SMBNegotiateContexts) -> [String: [String]] {
        var out: [String: [String]] = [:]
        if !c.preauthHashAlgorithms.isEmpty { out["preauth_integrity"] = c.preauthHashAlgorithms.map { $0 == 1 ? "SHA-512" : "0x" + String($0, radix: 16) } }
        if !c.ciphers.isEmpty { out["encryption"] = c.ciphers.map(SMBNegotiateContexts.cipherName) }
        if !c.compressionAlgorithms.isEmpty { out["compression"] = c.compressionAlgorithms.map(SMBNegotiateContexts.compressionName) }
        if !c.rdmaTransforms.isEmpty { out["rdma_transform"] = c.rdmaTransforms.map(SMBNegotiateContexts.rdmaTransformName) }
        if !c.signingAlgorithms.isEmpty { out["signing"] = c.signingAlgorithms.map(SMBNegotiateContexts.signingName) }
        if let n = c.netName { out["netname"] = [n] }
        if let t = c.transportFlags { out["transport"] = [t & 1 != 0 ? "accept transport-level security" : "0x" + String(t, radix: 16)] }
        return out
    }

    /// What an engineer should know about a session.
    static func smbNotes(_ s: SMBSessionSummary, channels: [SMBChannelReport], interfaces: [SMBInterfaceReport],
                         byHost: [String: [String: Int]]) -> [SMBNote] {
        var notes: [SMBNote] = []
        let n = channels.count
        notes.append(.channels(count: n, bound: channels.filter { $0.bound == true }.count))
        if s.multichannelNegotiated && n == 1 { notes.append(.multichannelButOneChannel) }
        let rdma = interfaces.filter(\.rdma)
        if !rdma.isEmpty { notes.append(.rdmaInterfaces(rdma.map { .init(index: Int($0.index), addresses: $0.addresses) })) }
        for host in byHost.keys.sorted() {
            let used = byHost[host]!.filter { $0.value > 0 }
            let total = used.values.reduce(0, +)
            if used.count == 1 {
                notes.append(.oneMember(host: host, member: used.keys.first!))
            } else if used.count > 1 {
                notes.append(.spread(host: host, shares: used.sorted { $0.key < $1.key }.map { .init(member: $0.key, share: Double($0.value) / Double(max(1, total))) }))
            }
        }
        for c in channels {
            guard let status = c.setupStatus, status != .success else { continue }
            notes.append(.setupFailed(client: c.client, clientPort: c.clientPort, status: status, binding: c.bound == true))
        }
        if s.encryptedMessages > 0 { notes.append(.encryptedMessages(s.encryptedMessages)) }
        return notes
    }
}
