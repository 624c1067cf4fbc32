/// A claims file: YAML with a `claims:` list (README "Claims").
public struct ClaimsFile: Sendable {
    public var claims: [Claim]

    public static func parse(_ text: String) throws(ClaimError) -> ClaimsFile {
        let loaded = try PlainYAML.load(text)
        guard let root = loaded as? [String: Any], let list = root["claims"] as? [Any] else {
            throw ClaimError("expected a top-level 'claims:' list")
        }
        guard !list.isEmpty else { throw ClaimError("the 'claims:' list is empty") }
        var claims: [Claim] = []
        for (i, entry) in list.enumerated() { claims.append(try Claim.parse(entry, index: i)) }
        return ClaimsFile(claims: claims)
    }
}
