/// `hosts[].verdict.platform`: the host's operating system as its capture tells it — `linux`,
/// `windows` or `unknown` — and each signal in words (written by Reporting from
/// `PlatformVerdict`).
public struct PlatformReport: Codable, Sendable, Equatable {
    public var os: String
    public var evidence: [String]

    public init(os: String, evidence: [String]) {
        self.os = os
        self.evidence = evidence
    }
}
