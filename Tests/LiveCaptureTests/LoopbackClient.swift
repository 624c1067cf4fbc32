#if canImport(Glibc)
import Glibc
#endif

/// A raw TCP client on 127.0.0.1 for the listener tests: connect, send whatever (a request, a
/// megabyte of headers, nothing), read until the server closes. Blocking sockets with a receive
/// timeout, so a server that never closes fails the test instead of hanging it.
struct LoopbackClient {
    let fd: Int32

    init?(port: Int, receiveTimeoutSeconds: Int = 10) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: receiveTimeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { Glibc.close(fd); return nil }
        self.fd = fd
    }

    /// Sends all of `bytes` unless the server closes first; returns how many went.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Int {
        var sent = 0
        while sent < bytes.count {
            // SAFETY: sent < bytes.count, so the slice from `sent` lies within the array.
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { break }
            sent += n
        }
        return sent
    }

    func send(_ text: String) { send(Array(text.utf8)) }

    /// Everything the server sends until it closes, and whether it closed (false: the receive
    /// timed out with the connection still open).
    func readToClose() -> (bytes: [UInt8], closed: Bool) {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n == 0 { return (out, true) }
            if n < 0 { return (out, errno == ECONNRESET) }
            out += buffer[0..<n]
        }
    }

    func close() { Glibc.close(fd) }

    /// One request, its whole answer as text.
    static func exchange(port: Int, _ request: String) -> String? {
        guard let c = LoopbackClient(port: port) else { return nil }
        defer { c.close() }
        c.send(request)
        return String(decoding: c.readToClose().bytes, as: UTF8.self)
    }
}
