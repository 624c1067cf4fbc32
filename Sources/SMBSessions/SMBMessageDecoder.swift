/// Decodes one framed message: an SMB2 message or compound chain (NextCommand, [MS-SMB2]
/// 2.2.1), an encrypted message (TRANSFORM_HEADER, 2.2.41), a compressed one (2.2.42) or an SMB1
/// message (counted, not decoded).
enum SMBMessageDecoder {
    enum Item {
        case operation(SMBOperation)
        case encrypted(SMBTransformHeader)
        case compressed(SMBCompressionHeader)
        case smb1
        /// The message (or the rest of a chain) could not be read.
        case problem(SMBParse)
    }

    /// Longest compound chain followed; the rest of a longer one is reported as malformed.
    static let maxChain = 128

    static let statusMoreProcessing: UInt32 = 0xC000_0016
    static let statusBufferOverflow: UInt32 = 0x8000_0005

    static func decode(_ bytes: UnsafeRawBufferPointer, length: Int, _ sink: (Item) -> Void) {
        let b = SMBBytes(bytes, declared: length)
        let id: UInt32
        do { id = try b.u32(0) } catch { sink(.problem(error)); return }
        switch id {
        case 0x424D_53FE:
            chain(b, sink)
        case 0x424D_53FD:
            do { sink(.encrypted(try SMBTransformHeader(b))) } catch { sink(.problem(error)) }
        case 0x424D_53FC:
            do {
                let c = try SMBCompressionHeader(b)
                sink(.compressed(c))
                if let start = c.plainStart {
                    // The uncompressed part starts with an SMB2 header; its body may be compressed.
                    let plain = try b.slice(start, c.plainLength)
                    if let op = try? SMBHeader(plain) { sink(.operation(SMBOperation(header: op, body: .other, problem: nil))) }
                }
            } catch { sink(.problem(error)) }
        case 0x424D_53FF:
            sink(.smb1)
        default:
            sink(.problem(.malformed("protocol id 0x\(String(id.byteSwapped, radix: 16)) is not SMB (expected 0xFE/0xFD/0xFC/0xFF 'SMB')")))
        }
    }

    static func chain(_ b: SMBBytes, _ sink: (Item) -> Void) {
        var offset = 0
        var steps = 0
        var lastSession: UInt64 = 0
        while true {
            steps += 1
            if steps > maxChain {
                sink(.problem(.malformed("compound chain longer than \(maxChain) operations")))
                return
            }
            let rest: SMBBytes
            do { rest = try b.slice(offset, b.declared - offset) } catch { sink(.problem(error)); return }
            var header: SMBHeader
            do { header = try SMBHeader(rest) } catch { sink(.problem(error)); return }
            let next = Int(header.nextCommand)
            var element = rest
            if next != 0 {
                guard next >= SMBHeader.size, next % 8 == 0, next < rest.declared else {
                    // The header is good; the chain is not.
                    sink(.operation(SMBOperation(header: header, body: .other, problem: nil)))
                    sink(.problem(.malformed("NextCommand \(next) at offset \(offset) is not a multiple of 8 of at least 64 within the message (\(rest.declared) bytes left)")))
                    return
                }
                element = (try? rest.slice(0, next)) ?? rest
            }
            // Related operations may name the session as all ones: "the previous one".
            if header.isRelated && header.sessionID == UInt64.max { header.sessionID = lastSession }
            lastSession = header.sessionID
            sink(.operation(operation(header, element)))
            if next == 0 { return }
            offset += next
        }
    }

    /// The 32-bit length at body offset 4 of READ/WRITE requests and responses (2.2.19–2.2.22),
    /// after checking the body's StructureSize.
    static func length(_ b: SMBBytes, _ what: String, structureSize: UInt16) throws(SMBParse) -> Int {
        let size = try b.u16(64)
        guard size == structureSize else { throw .malformed("\(what) StructureSize \(size), expected \(structureSize)") }
        return Int(try b.u32(68))
    }

    static func operation(_ h: SMBHeader, _ b: SMBBytes) -> SMBOperation {
        var op = SMBOperation(header: h, body: .other, problem: nil)
        var partial: [SMBNetworkInterface] = []
        do throws(SMBParse) {
            if h.isResponse {
                let ok = h.status == 0 || (h.command == .sessionSetup && h.status == statusMoreProcessing)
                    || (h.status == statusBufferOverflow && (h.command == .ioctl || h.command == .read))
                if !ok {
                    op.body = try b.u16(64) == 9 ? .error : .other
                    return op
                }
                switch h.command {
                case .negotiate: op.body = .negotiateResponse(try SMBNegotiateResponse(b))
                case .sessionSetup: op.body = .sessionSetupResponse(try SMBSessionSetupResponse(b))
                case .treeConnect: op.body = .treeConnectResponse(try SMBTreeConnectResponse(b))
                case .ioctl: op.body = .ioctlResponse(try SMBIoctlResponse(b, partial: &partial))
                case .read: op.body = .readResponse(try length(b, "READ response", structureSize: 17))
                case .write: op.body = .writeResponse(try length(b, "WRITE response", structureSize: 17))
                default: break
                }
            } else {
                switch h.command {
                case .negotiate: op.body = .negotiateRequest(try SMBNegotiateRequest(b))
                case .sessionSetup: op.body = .sessionSetupRequest(try SMBSessionSetupRequest(b))
                case .treeConnect: op.body = .treeConnectRequest(try SMBTreeConnectRequest(b))
                case .logoff: op.body = .logoff
                case .read: op.body = .readRequest(try length(b, "READ request", structureSize: 49))
                case .write: op.body = .writeRequest(try length(b, "WRITE request", structureSize: 49))
                default: break
                }
            }
        } catch {
            op.problem = error
            if !partial.isEmpty {
                op.body = .ioctlResponse(SMBIoctlResponse(controlCode: SMBIoctlResponse.queryNetworkInterfaceInfo, interfaces: partial))
            }
        }
        return op
    }
}
