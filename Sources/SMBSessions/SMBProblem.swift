/// A message TeamScope could not decode, and where it was.
public struct SMBProblem: Sendable, Hashable {
    public var frame: SMBFrameRef
    public var what: String
}
