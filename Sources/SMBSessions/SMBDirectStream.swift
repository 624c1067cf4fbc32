import PacketWire

/// One direction of SMB Direct over iWARP (TCP 5445, [MS-SMBD] 2.1): the MPA request or reply
/// frame, then MPA FPDUs (RFC 5044) read per TCP segment — iWARP senders align FPDUs with
/// segments (RFC 5044 8) — each a DDP segment (RFC 5041) with its RDMAP opcode (RFC 5040).
/// Untagged Sends to queue 0 are joined by message offset into SMB Direct messages; data
/// transfer messages' data is joined into SMB2 messages, which go to the SMB view. Tagged
/// segments (RDMA Write, Read Response: READ and WRITE data) are counted, not kept.
///
/// A segment already seen (a retransmission, another host's copy: one of the last 64 segments'
/// sequence numbers) is skipped; a Send whose
/// segments were not all captured in order is dropped, as is an SMB2 message missing a fragment.
/// With MPA markers negotiated (FPDUs no longer start where segments do) decoding stops.
final class SMBDirectStream {
    /// The sequence numbers of the last segments read.
    private var recent: [UInt32] = []
    private var recentNext = 0
    static let recentCount = 64
    /// MPA markers were negotiated: nothing more is read.
    private(set) var markers = false
    /// The Send being joined: its MSN and bytes (nil: none, or one that lost a piece).
    private var send: (msn: UInt32, bytes: [UInt8])?
    /// The SMB2 message being joined from data transfer messages, and the bytes still to come.
    private var smb2: [UInt8] = []
    private var remaining = 0
    var statistics = SMBDirectStatistics()
    /// The SMB Direct negotiate request or response this direction carried ([MS-SMBD] 2.2.1,
    /// 2.2.2), when seen.
    private(set) var negotiation: SMBDirectMessage?
    /// TCP payload bytes read (each segment once).
    private(set) var deliveredBytes: Int64 = 0

    /// Largest Send or SMB2 message joined (larger ones are counted and dropped).
    static let maxMessage = 1 << 20

    /// One TCP segment's payload: `captured` of its `length` bytes, from sequence number `seq`.
    func push(seq: UInt32, captured: UnsafeRawBufferPointer, length: Int, frame: SMBFrameRef, _ sink: (SMBMessageView) -> Void) {
        if recent.contains(seq) { return }
        if recent.count < Self.recentCount { recent.append(seq) } else { recent[recentNext] = seq }
        recentNext = (recentNext + 1) % Self.recentCount
        deliveredBytes += Int64(length)
        guard !markers else { return }
        do {
            if let mpa = try MPAFrame(captured, at: 0) {
                statistics.mpaFrames += 1
                if mpa.markers { markers = true }
                return
            }
            var o = 0
            while o < length {
                let segment = try DDPSegment(captured, at: o)
                statistics.fpdus += 1
                o += segment.fpduLength
                if segment.tagged {
                    statistics.taggedBytes += segment.payloadLength
                } else if segment.opcode.isSend, segment.queueNumber == 0 {
                    sendSegment(segment, captured, frame: frame, sink)
                }
            }
        } catch {
            // Cut by the snap length or not an FPDU: the rest of this segment is lost.
            statistics.unreadable += 1
            send = nil
        }
    }

    private func sendSegment(_ s: DDPSegment, _ bytes: UnsafeRawBufferPointer, frame: SMBFrameRef, _ sink: (SMBMessageView) -> Void) {
        let msn = s.messageSequenceNumber ?? 0, offset = Int(s.messageOffset ?? 0)
        if offset == 0 { send = (msn, []) }
        guard var current = send, current.msn == msn, current.bytes.count == offset,
              s.payloadOffset + s.payloadLength <= bytes.count, offset + s.payloadLength <= Self.maxMessage else {
            send = nil
            return
        }
        send = nil
        // SAFETY: payloadOffset + payloadLength <= bytes.count was just checked.
        current.bytes += UnsafeRawBufferPointer(rebasing: bytes[s.payloadOffset..<(s.payloadOffset + s.payloadLength)])
        guard s.last else {
            send = current
            return
        }
        statistics.sends += 1
        current.bytes.withUnsafeBytes { message in
            guard let m = SMBDirectMessage(message, length: message.count) else {
                statistics.notSMBDirect += 1
                return
            }
            guard case .dataTransfer(let d) = m else {
                negotiation = m
                return
            }
            statistics.dataTransfers += 1
            guard d.dataLength > 0 else { return }
            // SAFETY: SMBDirectMessage checked dataOffset + dataLength <= the message's length.
            let data = UnsafeRawBufferPointer(rebasing: message[Int(d.dataOffset)..<Int(d.dataOffset + d.dataLength)])
            if remaining == 0 { smb2 = [] }
            guard smb2.count + data.count + Int(d.remainingDataLength) <= Self.maxMessage,
                  remaining == 0 || remaining == data.count + Int(d.remainingDataLength) else {
                statistics.droppedMessages += 1
                smb2 = []
                remaining = 0
                return
            }
            smb2 += data
            remaining = Int(d.remainingDataLength)
            guard remaining == 0 else { return }
            statistics.smb2Messages += 1
            smb2.withUnsafeBytes { sink(SMBMessageView(bytes: $0, length: $0.count, frame: frame, truncated: false)) }
            smb2 = []
        }
    }
}

/// What one direction of SMB Direct over iWARP held.
struct SMBDirectStatistics: Sendable, Equatable {
    var mpaFrames = 0
    var fpdus = 0
    var sends = 0
    var dataTransfers = 0
    var smb2Messages = 0
    var taggedBytes = 0
    var notSMBDirect = 0
    var droppedMessages = 0
    var unreadable = 0
}
