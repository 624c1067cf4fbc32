import NIOHTTP1

/// What the listener answers a request with, decided from its method, path and whether it
/// announces a body; never from anything else the client sent, and never repeating it.
struct MetricsAnswer {
    var status: HTTPResponseStatus
    var contentType: String
    var body: [UInt8]

    /// The Prometheus text exposition format, version 0.0.4.
    static let expositionType = "text/plain; version=0.0.4; charset=utf-8"

    static func to(method: HTTPMethod, uri: String, announcesBody: Bool, exposition: () -> [UInt8]) -> MetricsAnswer {
        let path = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? uri
        if announcesBody { return plain(.payloadTooLarge, "request bodies are not accepted\n") }
        guard method == .GET else { return plain(.methodNotAllowed, "only GET is served\n") }
        switch path {
        case "/metrics": return MetricsAnswer(status: .ok, contentType: expositionType, body: exposition())
        case "/": return MetricsAnswer(status: .ok, contentType: "text/html; charset=utf-8", body: Array(index.utf8))
        default: return plain(.notFound, "not found: this server serves /metrics\n")
        }
    }

    static func plain(_ status: HTTPResponseStatus, _ text: String) -> MetricsAnswer {
        MetricsAnswer(status: status, contentType: "text/plain; charset=utf-8", body: Array(text.utf8))
    }

    static let index = """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>teamscope monitor</title></head>
        <body><h1>teamscope monitor</h1><p><a href="/metrics">Metrics</a></p></body></html>

        """
}
