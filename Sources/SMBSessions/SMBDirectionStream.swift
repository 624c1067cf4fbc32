/// One direction of an SMB connection: reassembly, then framing. A class so the tracker can
/// decode the messages it yields while the stream is being advanced.
final class SMBDirectionStream {
    var reassembler = SMBStreamReassembler()
    var framer: SMBFramer?
    let transport: SMBFramer.Transport

    init(transport: SMBFramer.Transport) { self.transport = transport }

    func push(seq: UInt32, captured: UnsafeRawBufferPointer, length: Int, frame: SMBFrameRef, _ sink: (SMBMessageView) -> Void) {
        // A stream whose SYN was seen starts at a message boundary; one caught mid-way is hunted.
        if framer == nil { framer = SMBFramer(transport: transport, synced: reassembler.synSeen) }
        reassembler.push(seq: seq, captured: captured, length: length, frame: frame) { chunk in
            framer!.feed(chunk, sink)
        }
    }

    func flush(_ sink: (SMBMessageView) -> Void) {
        guard framer != nil else { return }
        reassembler.flush { chunk in framer!.feed(chunk, sink) }
        framer!.end(sink)
    }
}
