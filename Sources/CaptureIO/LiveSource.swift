import CPcap
import PacketWire
#if canImport(Glibc)
import Glibc
#endif

/// One interface captured live with libpcap: `pcap_create`, immediate mode, a kernel buffer
/// of `bufferSize` bytes, `snapLength` bytes of each packet, nanosecond timestamps, an optional
/// BPF filter, non-blocking, with a file descriptor to poll. `dispatch` hands over what is
/// waiting into a `RecordQueue`; `statistics` is `pcap_stats`.
public final class LiveSource {
    public struct Settings: Sendable {
        public var snapLength: Int32
        public var bufferSize: Int32
        public var promiscuous: Bool
        public var filter: String?
        /// Only what the interface sent (`.outbound`) or received (`.inbound`), as the kernel's
        /// packet type says. Two layers, so that neither loses or doubles a packet: libpcap's
        /// `pcap_setdirection` checks each packet's type as it leaves the ring (on Linux it reads
        /// `sll_pkttype`), and on Linux the socket's kernel filter also tests it (the `inbound` /
        /// `outbound` primitives, a load of `SKF_AD_PKTTYPE`), so the other direction is never
        /// copied into this handle's ring — two handles of one interface cost the kernel about
        /// one copy per packet, not two. The kernel filter is attached with `SO_ATTACH_FILTER`
        /// behind libpcap's back: given to `pcap_setfilter`, libpcap would also run it in user
        /// space over the packets already in the ring, where that kernel-only load rejects every
        /// packet (the first packets were lost, seen in tests). `.unknown`: both directions.
        public var direction: CaptureDirection
        public init(snapLength: Int32 = 128, bufferSize: Int32 = 8 << 20, promiscuous: Bool = true, filter: String? = nil,
                    direction: CaptureDirection = .unknown) {
            self.snapLength = snapLength
            self.bufferSize = bufferSize
            self.promiscuous = promiscuous
            self.filter = filter
            self.direction = direction
        }


    }

    public let device: String
    public let settings: Settings
    public let linkType: LinkType
    /// The descriptor to poll for readability.
    public let fileDescriptor: Int32
    /// Whether the kernel drops the other direction before this handle's ring (see
    /// `Settings.direction`): then `pcap_stats`' `received` counts this direction only.
    public let kernelFiltersDirection: Bool
    private var handle: OpaquePointer?

    public init(device: String, settings: Settings) throws(LiveCaptureError) {
        self.device = device
        self.settings = settings
        var errbuf = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
        guard let h = pcap_create(device, &errbuf) else {
            // SAFETY: pcap_create wrote a NUL-terminated message into the zeroed errbuf.
            throw LiveCaptureError(device: device, kind: .other, message: errbuf.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
        }
        pcap_set_snaplen(h, settings.snapLength)
        pcap_set_promisc(h, settings.promiscuous ? 1 : 0)
        pcap_set_immediate_mode(h, 1)
        pcap_set_buffer_size(h, settings.bufferSize)
        pcap_set_tstamp_precision(h, Int32(PCAP_TSTAMP_PRECISION_NANO))
        let status = pcap_activate(h)
        if status < 0 {
            // SAFETY: libpcap's error strings are NUL-terminated and copied at once.
            let message = String(cString: pcap_geterr(h))
            pcap_close(h)
            let kind: LiveCaptureError.Kind
            switch status {
            case PCAP_ERROR_PERM_DENIED: kind = .permission
            case PCAP_ERROR_NO_SUCH_DEVICE: kind = .noSuchDevice
            case PCAP_ERROR_IFACE_NOT_UP: kind = .down
            default: kind = .other
            }
            throw LiveCaptureError(device: device, kind: kind, message: message.isEmpty ? String(cString: pcap_statustostr(status)) : message)
        }
        if settings.direction != .unknown {
            guard pcap_setdirection(h, settings.direction == .outbound ? PCAP_D_OUT : PCAP_D_IN) == 0 else {
                // SAFETY: libpcap's error string is NUL-terminated and copied at once.
                let message = String(cString: pcap_geterr(h))
                pcap_close(h)
                throw LiveCaptureError(device: device, kind: .direction, message: message)
            }
        }
        if let expression = settings.filter {
            var program = bpf_program()
            guard pcap_compile(h, &program, expression, 1, PCAP_NETMASK_UNKNOWN) == 0 else {
                // SAFETY: libpcap's error string is NUL-terminated and copied at once.
                let message = String(cString: pcap_geterr(h))
                pcap_close(h)
                throw LiveCaptureError(device: device, kind: .filter, message: message)
            }
            defer { pcap_freecode(&program) }
            guard pcap_setfilter(h, &program) == 0 else {
                // SAFETY: libpcap's error string is NUL-terminated and copied at once.
                let message = String(cString: pcap_geterr(h))
                pcap_close(h)
                throw LiveCaptureError(device: device, kind: .filter, message: message)
            }
        }
        kernelFiltersDirection = settings.direction != .unknown && Self.attachDirectionFilter(h, settings)
        pcap_setnonblock(h, 1, &errbuf)
        handle = h
        linkType = LinkType(rawValue: UInt32(bitPattern: pcap_datalink(h)))
        fileDescriptor = pcap_get_selectable_fd(h)
    }

    deinit { close() }

    /// The kernel filter for one direction (with the user's filter, when given): true when the
    /// kernel took it. Where it cannot (not Linux, or a libpcap that does not compile the
    /// primitives for this link type), the handle stays as `pcap_setdirection` made it.
    private static func attachDirectionFilter(_ h: OpaquePointer, _ settings: Settings) -> Bool {
        #if os(Linux)
        let primitive = settings.direction == .outbound ? "outbound" : "inbound"
        let expression = settings.filter.map { "(\($0)) and \(primitive)" } ?? primitive
        var program = bpf_program()
        guard pcap_compile(h, &program, expression, 1, PCAP_NETMASK_UNKNOWN) == 0 else { return false }
        defer { pcap_freecode(&program) }
        return teamscope_attach_kernel_filter(pcap_fileno(h), &program) == 0
        #else
        return false
        #endif
    }

    public func close() {
        if let handle { pcap_close(handle) }
        handle = nil
    }

    /// Appends the packets waiting now, at most `limit` (so that a busy member cannot hold up the
    /// caller's other work), to `queue`, their bytes copied once; returns how many. libpcap's
    /// callback appends to the queue itself: no closure call and no reference counted per
    /// packet. Throws when the interface failed: it went down or away.
    @discardableResult
    public func dispatch(limit: Int32 = 8192, into queue: inout RecordQueue) throws(LiveCaptureError) -> Int {
        guard let handle else { return 0 }
        // SAFETY: the pointer is libpcap's user argument for this call only (its callbacks run inside it).
        let n: Int32 = withUnsafeMutablePointer(to: &queue) { q in
            pcap_dispatch(handle, limit, { user, header, bytes in
                guard let user, let header, let bytes else { return }
                // SAFETY: user is the queue (exclusively ours for the call); header and caplen bytes are lent for this callback only.
                let q = UnsafeMutableRawPointer(user).assumingMemoryBound(to: RecordQueue.self)
                let h = header.pointee
                q.pointee.append(time: Int64(h.ts.tv_sec) * 1_000_000_000 + Int64(h.ts.tv_usec), wireLength: Int(h.len),
                                 UnsafeRawBufferPointer(start: bytes, count: Int(h.caplen)))
            }, UnsafeMutableRawPointer(q).assumingMemoryBound(to: UInt8.self))
        }
        if n < 0 {
            // SAFETY: libpcap's error strings are NUL-terminated and copied at once.
            let message = n == PCAP_ERROR ? String(cString: pcap_geterr(handle)) : String(cString: pcap_statustostr(n))
            throw LiveCaptureError(device: device, kind: n == PCAP_ERROR_IFACE_NOT_UP ? .down : .noSuchDevice, message: message)
        }
        return Int(n)
    }

    /// `pcap_stats`, nil when the handle is closed or the call fails. A handle for one direction
    /// counts in `received` its own direction's packets when the kernel filters the direction
    /// (`kernelFiltersDirection`), else every packet of the interface (libpcap drops the other
    /// direction after the kernel delivered it), and then its drops may be of either direction.
    public func statistics() -> LiveStatistics? {
        guard let handle else { return nil }
        var s = pcap_stat()
        guard pcap_stats(handle, &s) == 0 else { return nil }
        return LiveStatistics(received: UInt64(s.ps_recv), kernelDrops: UInt64(s.ps_drop), interfaceDrops: UInt64(s.ps_ifdrop))
    }
}
