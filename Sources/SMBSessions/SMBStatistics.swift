/// Counters of the SMB layer: what was framed and decoded, and what could not be.
public struct SMBStatistics: Sendable {
    public var connections = 0
    /// Connections beyond `SMBTracker.maxConnections`, not followed.
    public var untrackedConnections = 0
    public var messages = 0
    public var operations = 0
    public var encryptedMessages = 0
    public var compressedMessages = 0
    public var smb1Messages = 0
    /// Messages (or compound elements) that contradict themselves: lengths or offsets past the
    /// message, wrong structure sizes, broken chains, broken transport framing.
    public var malformed = 0
    /// Messages the capture cut (snaplen, lost segments) before the part TeamScope decodes.
    public var notCaptured = 0
    public var resyncs = 0
    public var huntedBytes: Int64 = 0
    public var lostBytes: Int64 = 0
    public var notCapturedBytes: Int64 = 0
    public var duplicateBytes: Int64 = 0
    /// The first problems, by kind, with their frames (at most `SMBTracker.maxProblems` each).
    public var malformedSamples: [SMBProblem] = []
    public var notCapturedSamples: [SMBProblem] = []

    public init() {}
}
