/// One framed message, lent to the decoder: the captured bytes from its protocol id on (at most
/// the buffered prefix), and the length its transport header declares.
struct SMBMessageView {
    var bytes: UnsafeRawBufferPointer
    var length: Int
    var frame: SMBFrameRef
    /// Some bytes within the buffered prefix were not captured (snaplen or a lost segment); the
    /// prefix stops where they start.
    var truncated: Bool
}
