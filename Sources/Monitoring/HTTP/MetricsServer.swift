import NIOCore
import NIOHTTP1
import NIOPosix

/// The `/metrics` listener: SwiftNIO's HTTP/1.1 server on one event-loop thread of its own,
/// each connection guarded (`RequestGuard`: bytes and deadline), answered once
/// (`MetricsRequestHandler`) and closed; at most `limits.connections` open at once.
public final class MetricsServer: Sendable {
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    private let count: ConnectionCount
    public let limits: ListenerLimits
    /// Where it listens (the port chosen by the system when 0 was asked for).
    public let address: ListenAddress

    /// Binds `address` and serves at once; `exposition` is called on the listener's thread for
    /// every `GET /metrics`.
    public init(address: ListenAddress, limits: ListenerLimits = ListenerLimits(), exposition: @escaping @Sendable () -> [UInt8]) throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let count = ConnectionCount()
        self.group = group
        self.count = count
        self.limits = limits
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                guard count.enter(limit: limits.connections) else {
                    return channel.close()
                }
                return channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(RequestGuard(limits: limits, count: count))
                    try sync.configureHTTPServerPipeline(withPipeliningAssistance: false, withErrorHandling: true)
                    try sync.addHandler(MetricsRequestHandler(exposition: exposition))
                }
            }
            .childChannelOption(.maxMessagesPerRead, value: 1)
            .childChannelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 2048))
        do {
            channel = try bootstrap.bind(host: address.host, port: address.port).wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw error
        }
        self.address = ListenAddress(host: address.host, port: channel.localAddress?.port ?? address.port)
    }

    /// Connections open now, the most ever open at once, and those closed at once for want of room.
    public var connections: (open: Int, peak: Int, refused: Int) { count.snapshot }

    /// Stops listening, closes every connection and the thread.
    public func shutdown() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }
}
