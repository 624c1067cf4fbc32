/// A claims file that cannot be used: where, and what was expected.
public struct ClaimError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
