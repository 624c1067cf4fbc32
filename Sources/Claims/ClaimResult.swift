/// One claim's verdict, with the numbers behind it.
public struct ClaimResult: Codable, Sendable, Equatable {
    public var name: String
    public var passed: Bool
    /// What was measured, in words and numbers.
    public var evidence: String
}
