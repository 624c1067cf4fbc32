import NIOCore
import NIOHTTP1

/// Answers one request per connection, then closes it: `GET /metrics` with the exposition,
/// `GET /` with a page linking to it, 404 for any other path, 405 for any other method, 413
/// for a request that announces a body. No answer repeats anything the client sent.
final class MetricsRequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let exposition: @Sendable () -> [UInt8]
    private var answered = false

    init(exposition: @escaping @Sendable () -> [UInt8]) {
        self.exposition = exposition
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(let head) = unwrapInboundIn(data), !answered else { return }
        answered = true
        let answer = MetricsAnswer.to(method: head.method, uri: head.uri, announcesBody: Self.announcesBody(head.headers),
                                      exposition: exposition)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: answer.contentType)
        headers.add(name: "Content-Length", value: String(answer.body.count))
        headers.add(name: "Connection", value: "close")
        if answer.status == .methodNotAllowed { headers.add(name: "Allow", value: "GET") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: answer.status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: answer.body)))), promise: nil)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in bound.value.close(promise: nil) }
    }

    /// A Content-Length above 0 or any Transfer-Encoding: the client means to send a body.
    static func announcesBody(_ headers: HTTPHeaders) -> Bool {
        if !headers[canonicalForm: "transfer-encoding"].isEmpty { return true }
        return headers[canonicalForm: "content-length"].contains { $0 != "0" }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
