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
    }

    public var name: String
    public var host: String?
    public var member: String?
    public var select: FlowSelector?
    public var check: Check

    static let checkKeys = ["mode", "pinned", "spread_members", "sent_share", "received_share", "sent_members",
                            "received_members", "reordered_ratio", "retransmissions"]
    static let scopeKeys = ["name", "host", "member", "select"]

    /// Parses one entry of the `claims:` list.
    static func parse(_ entry: Any, index: Int) throws(ClaimError) -> Claim {
        let path = "claims[\(index)]"
        guard let map = entry as? [String: Any] else { throw ClaimError("\(path): expected a mapping") }
        for key in map.keys where !checkKeys.contains(key) && !scopeKeys.contains(key) {
            if key == "smb_channels" {
                throw ClaimError("\(path).smb_channels: SMB session claims need the SMB analysis, which this version does not have yet")
            }
            throw ClaimError("\(path): unknown key '\(key)' (checks: \(checkKeys.joined(separator: ", ")); scope: \(scopeKeys.joined(separator: ", ")))")
        }
        let checks = map.keys.filter { checkKeys.contains($0) }
        guard checks.count == 1, let key = checks.first, let value = map[key] else {
            throw ClaimError("\(path): expected exactly one check (\(checkKeys.joined(separator: ", "))), found \(checks.count)")
        }
        let check: Check
        switch key {
        case "mode":
            guard let m = value as? String, m.contains("/") else { throw ClaimError("\(path).mode: expected a model name such as linux/layer3+4") }
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
        default: check = .retransmissions(try Bound.parse(value, at: "\(path).\(key)"))
        }
        if case .sentShare = check, map["member"] == nil { throw ClaimError("\(path).sent_share: needs a member") }
        if case .receivedShare = check, map["member"] == nil { throw ClaimError("\(path).received_share: needs a member") }
        let select = try map["select"].map { s throws(ClaimError) in try FlowSelector.parse(s, at: "\(path).select") }
        let name = (map["name"] as? String) ?? "\(key)" + ((map["host"] as? String).map { " on \($0)" } ?? "")
        return Claim(name: name, host: map["host"] as? String, member: map["member"] as? String, select: select, check: check)
    }
}
