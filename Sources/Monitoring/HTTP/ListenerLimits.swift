/// How much the `/metrics` listener gives any client: a request of a few KiB and no body, a
/// few seconds from connecting to the end of the answer, a bounded number of connections at
/// once. Past any of them the connection is closed: a slow or hostile client costs a bounded
/// amount of memory and never holds up the capture (which runs on its own thread).
public struct ListenerLimits: Sendable {
    /// Bytes a connection may send: the request line and headers of one GET (4 KiB).
    public var requestBytes: Int
    /// From accepting a connection to closing it, whatever the client does (nanoseconds).
    public var connectionDeadlineNs: Int64
    /// Connections open at once; more are closed as soon as they are accepted.
    public var connections: Int

    public init(requestBytes: Int = 4096, connectionDeadlineNs: Int64 = 5_000_000_000, connections: Int = 32) {
        self.requestBytes = requestBytes
        self.connectionDeadlineNs = connectionDeadlineNs
        self.connections = connections
    }
}
