import CaptureIO
import PacketWire

/// One opened capture argument during a pass: its reader, the record it holds for the merge,
/// and how its interfaces map to members.
final class InputStream {
    let index: Int
    let spec: CaptureSpec
    let host: String
    let reader: any PacketReader
    /// The same reader when it runs on a thread of its own: records come decoded. Unowned:
    /// `reader` keeps it alive, and the per-packet path must not count references.
    unowned(unsafe) let prefetch: PrefetchingReader?
    /// Record bytes stay valid after the next record (a mapped file): the flow stage may read
    /// them later without a copy.
    let stableBytes: Bool
    /// Interface index → member slot (-1: split by the packets' own interface index).
    var slots: [Int32] = []
    /// Linux SLL2 interfaces of a file given without a member name (`tcpdump -i any`): each
    /// packet's interface index (SLL2 bytes 4–7) is its member. Key: interface << 32 | index.
    var split: [Int: Int32] = [:]
    var lastSplitKey = -1
    var lastSplitSlot: Int32 = -1
    var linkTypes: [LinkType] = []
    var current: CaptureRecord?
    var packets = 0
    var error: CaptureError?
    /// Per interface: packets read and drops the records reported (epb_dropcount).
    var interfacePackets: [Int] = []
    var interfaceDrops: [UInt64] = []

    init(index: Int, spec: CaptureSpec, host: String, reader: any PacketReader) {
        self.index = index
        self.spec = spec
        self.host = host
        self.reader = reader
        prefetch = reader as? PrefetchingReader
        stableBytes = reader.bytesOutliveRecord
    }

    /// Decodes `current` into `d` (freshly initialised): from the reader's thread when it has
    /// one. Into the caller's storage: a 200-byte result returned by value costs a copy.
    @inline(__always)
    func decodeCurrent(_ rec: CaptureRecord, linkType: LinkType, into d: inout DecodedPacket) {
        // SAFETY: decodedPointer is the last record's decoded form, valid while its batch is held.
        if let prefetch { d = prefetch.decodedPointer.pointee; return }
        PacketDecoder.decode(rec.bytes, linkType: linkType, wireLength: rec.wireLength, into: &d)
    }

    /// Reads the next record into `current`; on a fault keeps the error and ends the stream.
    @inline(__always)
    func advance() {
        do {
            current = try reader.next()
        } catch {
            var e = error
            // A gzip capture's offsets count decompressed bytes: say so.
            if reader.compressed { e.inDecompressedStream = true }
            self.error = e
            current = nil
        }
    }

    /// The member name of interface `i` under the naming rules: a file's single interface is
    /// named by the argument (`MEMBER=`) or the file's stem; in a multi-interface file each
    /// interface by if_name, else if_description, else `if<N>`.
    func memberName(forInterface i: Int) -> String {
        let interfaces = reader.interfaces
        if interfaces.count <= 1 { return spec.member ?? spec.stem }
        let iface = interfaces[i]
        if let name = iface.name, !name.isEmpty { return name }
        if let d = iface.description, !d.isEmpty { return d }
        return "if\(i)"
    }
}

extension InputStream {
    /// Opens every input of `specs`; one that cannot be opened comes back as its error. With
    /// `threads`, a compressed file or a pipe is read and decoded on a thread of its own (at
    /// most `maxThreads` of them); mapped files are cheap to read where they are.
    /// `opened`: readers opened already (inputs that can be read only once), by input index.
    static func openAll(_ specs: [CaptureSpec], hosts: [String], registry: inout MemberRegistry,
                        threads: Bool, maxThreads: Int = 16,
                        opened: [Int: Result<any PacketReader, CaptureError>] = [:]) -> [Result<InputStream, CaptureError>] {
        var out: [Result<InputStream, CaptureError>] = []
        var started = 0
        for (i, spec) in specs.enumerated() {
            do throws(CaptureError) {
                var reader: any PacketReader
                if let given = opened[i] { reader = try given.get() } else { reader = try CaptureFile.open(spec.path) }
                if threads && !reader.bytesOutliveRecord && started < maxThreads, let p = PrefetchingReader(reader) {
                    reader = p
                    started += 1
                }
                let stream = InputStream(index: i, spec: spec, host: hosts[i], reader: reader)
                // Register declared interfaces now: a member that carried nothing is a finding.
                registry.register(stream)
                out.append(.success(stream))
            } catch {
                out.append(.failure(error))
            }
        }
        return out
    }
}
