/// An analysis that cannot start: the options contradict each other or the inputs.
public struct AnalysisError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
