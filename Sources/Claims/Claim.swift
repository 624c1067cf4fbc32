import TeamingModels
import TeamAnalysis

/// One claim of a claims file ([README: claims]): an optional scope (`host`, `member`, a flow
/// `select`or), and exactly one check.
public struct Claim: Sendable {
    public enum Check: Sendable {
        case mode(String)
        case pinned(Bool)
        case spreadMembers(Bound)
        case sentShare(Bound)
        case receivedShare(Bound)
        case sentMembers(Bound)
        case receivedMembers(Bound)
        case reorderedRatio(Bound)
        case retransmissions(Bound)
        /// Channels of each SMB session (or of `session`).
        case smbChannels(Bound)
        /// Members carrying each SMB session's channels, per host.
        case smbChannelMembers(Bound)
        /// None of these finding kinds on the claim's hosts (or member).
        case findingsNoneOf([FindingKind])
        /// The most migration streams at once, per live migration summary.
        case migrationConcurrency(Bound)
        /// Members that carried the migrations, per host.
        case migrationMembers(Bound)
        /// Members of the host whose own LACP port said collecting and distributing in the last
        /// LACPDU the host sent on them (`lacp[]`).
        case lacpDistributing(Bound)
        /// Whether some member of the host sends with a source MAC no teammate uses (the rewrite
        /// of switch-independent Address Hash/Dynamic non-primary members, balance-tlb/alb's own
        /// addresses): `hosts[].mac_rewrite`.
        case macRewrite(Bool)
        /// The switch's part in the host's team as the verdict decides it (`hosts[].verdict.switch`).
        case switchPart(SwitchPart)
    }

    public var name: String
    public var host: String?
    public var member: String?
    public var select: FlowSelector?
    /// An SMB session id (hex, as TShark prints it) for the SMB checks.
    public var session: String?
    public var check: Check

    static let checkKeys = ["mode", "pinned", "spread_members", "sent_share", "received_share", "sent_members",
                            "received_members", "reordered_ratio", "retransmissions", "smb_channels",
                            "smb_channel_members", "findings", "migration_concurrency", "migration_members", "lacp_distributing", "mac_rewrite", "switch"]
    static let scopeKeys = ["name", "host", "member", "select", "session"]

    /// Parses one entry of the `claims:` list.
    static func parse(_ entry: Any, index: Int) throws(ClaimError) -> Claim {
        let path = "claims[\(index)]"
        guard let map = entry as? [String: Any] else { throw ClaimError("\(path): expected a mapping") }
        for key in map.keys where !checkKeys.contains(key) && !scopeKeys.contains(key) {
            throw ClaimError("\(path): unknown key '\(key)' (checks: \(checkKeys.joined(separator: ", ")); scope: \(scopeKeys.joined(separator: ", ")))")
        }
        let checks = map.keys.filter { checkKeys.contains($0) }
        guard checks.count == 1, let key = checks.first, let value = map[key] else {
            throw ClaimError("\(path): expected exactly one check (\(checkKeys.joined(separator: ", "))), found \(checks.count)")
        }
        let check: Check
        switch key {
        case "mode":
            guard let m = value as? String else { throw ClaimError("\(path).mode: expected a model name such as linux/layer3+4") }
            guard ModelName(m).isKnown else {
                throw ClaimError("\(path).mode: \(m) is not a teaming model TeamScope knows (expected one of \(ModelRegistry.names.map(\.rawValue).joined(separator: ", ")))")
            }
            check = .mode(m)
        case "pinned":
            guard let b = value as? Bool else { throw ClaimError("\(path).pinned: expected true or false") }
            check = .pinned(b)
        case "spread_members": check = .spreadMembers(try Bound.parse(value, at: "\(path).\(key)"))
        case "sent_share": check = .sentShare(try Bound.parse(value, at: "\(path).\(key)"))
        case "received_share": check = .receivedShare(try Bound.parse(value, at: "\(path).\(key)"))
        case "sent_members": check = .sentMembers(try Bound.parse(value, at: "\(path).\(key)"))
        case "received_members": check = .receivedMembers(try Bound.parse(value, at: "\(path).\(key)"))
        case "reordered_ratio": check = .reorderedRatio(try Bound.parse(value, at: "\(path).\(key)"))
        case "smb_channels": check = .smbChannels(try Bound.parse(value, at: "\(path).\(key)"))
        case "smb_channel_members": check = .smbChannelMembers(try Bound.parse(value, at: "\(path).\(key)"))
        case "findings":
            guard let map = value as? [String: Any], map.count == 1, let list = map["none_of"] as? [Any] else {
                throw ClaimError("\(path).findings: expected {none_of: [kind, …]} with kinds \(FindingKind.all.map(\.rawValue).joined(separator: ", "))")
            }
            var kinds: [FindingKind] = []
            for item in list {
                guard let name = item as? String, FindingKind.all.contains(FindingKind(rawValue: name)) else {
                    throw ClaimError("\(path).findings.none_of: \(item) is not a finding kind (expected \(FindingKind.all.map(\.rawValue).joined(separator: ", ")))")
                }
                kinds.append(FindingKind(rawValue: name))
            }
            guard !kinds.isEmpty else { throw ClaimError("\(path).findings.none_of: name at least one kind") }
            check = .findingsNoneOf(kinds)
        case "migration_concurrency": check = .migrationConcurrency(try Bound.parse(value, at: "\(path).\(key)"))
        case "migration_members": check = .migrationMembers(try Bound.parse(value, at: "\(path).\(key)"))
        case "mac_rewrite":
            guard let b = value as? Bool else { throw ClaimError("\(path).mac_rewrite: expected true or false") }
            check = .macRewrite(b)
        case "switch":
            let choices = SwitchPart.allCases.filter { $0 != .unknown }
            guard let text = value as? String, let part = SwitchPart(rawValue: text), part != .unknown else {
                throw ClaimError("\(path).switch: expected one of \(choices.map(\.rawValue).joined(separator: ", "))")
            }
            check = .switchPart(part)
        case "lacp_distributing":
            guard let map = value as? [String: Any], map.count == 1, let members = map["members"] else {
                throw ClaimError("\(path).lacp_distributing: expected {members: CONDITION}, e.g. {members: {at_least: 2}}")
            }
            check = .lacpDistributing(try Bound.parse(members, at: "\(path).lacp_distributing.members"))
        default: check = .retransmissions(try Bound.parse(value, at: "\(path).\(key)"))
        }
        if case .sentShare = check, map["member"] == nil { throw ClaimError("\(path).sent_share: needs a member") }
        if case .receivedShare = check, map["member"] == nil { throw ClaimError("\(path).received_share: needs a member") }
        let select = try map["select"].map { s throws(ClaimError) in try FlowSelector.parse(s, at: "\(path).select") }
        let name = (map["name"] as? String) ?? "\(key)" + ((map["host"] as? String).map { " on \($0)" } ?? "")
        var session: String?
        if let v = map["session"] {
            guard let text = v as? String, text.hasPrefix("0x"), UInt64(text.dropFirst(2), radix: 16) != nil else {
                throw ClaimError("\(path).session: expected an SMB session id in hex, such as 0x00001c0010000049")
            }
            session = text.lowercased()
        }
        return Claim(name: name, host: map["host"] as? String, member: map["member"] as? String, select: select, session: session, check: check)
    }
}
