import CaptureIO
import PacketWire

/// One opened capture argument during a pass: its reader, the record it holds for the merge,
/// and how its interfaces map to members.
final class InputStream {
    let index: Int
    let spec: CaptureSpec
    let host: String
    let reader: any PacketReader
    /// The same reader when it runs on a thread of its own: records come decoded. Unmanaged:
    /// `reader` keeps it alive, and the per-packet path must not count references (an optional
    /// `unowned(unsafe)` one read with `if let` was retained and released for every packet).
    // SAFETY: `reader` keeps the object alive for as long as this stream.
    let prefetch: Unmanaged<PrefetchingReader>?
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
    /// Records with impossible lengths (caplen above len, or 0).
    var anomalies = RecordAnomalies()

    init(index: Int, spec: CaptureSpec, host: String, reader: any PacketReader) {
        self.index = index
        self.spec = spec
        self.host = host
        self.reader = reader
        // SAFETY: `reader` holds the same object strongly for as long as this stream.
        prefetch = (reader as? PrefetchingReader).map { Unmanaged.passUnretained($0) }
        stableBytes = reader.bytesOutliveRecord
    }

    /// Decodes `current` into `d` (freshly initialised): from the reader's thread when it has
    /// one. Into the caller's storage: a 200-byte result returned by value cost about 130
    /// instructions a packet more (callgrind), not the one copy it saves.
    @inline(__always)
    func decodeCurrent(_ rec: CaptureRecord, linkType: LinkType, into d: inout DecodedPacket) {
        // SAFETY: `reader` keeps the prefetching reader alive for as long as this stream, and
        // decodedPointer is the last record's decoded form, valid while its batch is held.
        if let prefetch { d = prefetch._withUnsafeGuaranteedRef { $0.decodedPointer.pointee }; return }
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

    /// The member name of interface `i` under the naming rules: the argument's `MEMBER=` names
    /// a file's first interface; otherwise an interface is named by its if_name, else its
    /// if_description, else (the first) by the file's stem or (the others) `if<N>`. Decided by
    /// the interface alone, never by how many the file has described so far: a pcapng file may
    /// describe a second interface after the first one's packets ([pcapng] 4.2).
    func memberName(forInterface i: Int) -> String {
        if i == 0, let member = spec.member { return member }
        let iface = reader.interfaces[i]
        if let name = iface.name, !name.isEmpty { return name }
        if let d = iface.description, !d.isEmpty { return d }
        return i == 0 ? spec.stem : "if\(i)"
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
