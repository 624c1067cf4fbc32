import NIOCore

/// First in each connection's pipeline, before the HTTP decoder: counts what the client sends
/// and closes the connection once it passes `ListenerLimits.requestBytes` (a 1 MB header never
/// reaches the decoder whole), and closes it at the deadline whatever state it is in (a client
/// that connects and sends nothing, or trickles). Gives the connection's place back on close.
final class RequestGuard: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let limits: ListenerLimits
    private let count: ConnectionCount
    private var received = 0
    private var deadline: Scheduled<Void>?

    init(limits: ListenerLimits, count: ConnectionCount) {
        self.limits = limits
        self.count = count
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: .nanoseconds(limits.connectionDeadlineNs)) {
            bound.value.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        count.leave()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        received += bytes.readableBytes
        guard received <= limits.requestBytes else {
            // Nothing more is read or answered: the request is over the limit.
            context.close(promise: nil)
            return
        }
        context.fireChannelRead(data)
    }
}
