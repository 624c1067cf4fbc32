#if os(Linux)
import CPacketRing
import CPcap
import Glibc
import PacketWire

/// One Ethernet interface captured live with one Linux packet socket (packet(7): `SOCK_RAW`,
/// `ETH_P_ALL`, bound to the interface) and a TPACKET_V3 receive ring mapped into this process
/// (Documentation/networking/packet_mmap.rst): the kernel copies each packet once into a block of
/// the ring, with its nanosecond time stamp and its packet type (`sll_pkttype`), and hands the
/// block over when it is full or `retireMilliseconds` after its first packet. The packet type
/// says each packet's direction — `PACKET_OUTGOING` sent, `PACKET_HOST`, `PACKET_BROADCAST`,
/// `PACKET_MULTICAST`, `PACKET_OTHERHOST` received — so one handle captures both directions of a
/// member, where libpcap's Ethernet handles need one per direction (`pcap_setdirection`: two
/// sockets, each running its filter over every packet). Whole Ethernet frames, cut to the snap
/// length by the kernel filter's return value; a VLAN tag the driver took off (`tp_vlan_tci`) is
/// put back, as libpcap does.
///
/// The filter: the user's expression compiled by libpcap for Ethernet (`pcap_open_dead`) and
/// attached before the socket is bound, so that it applies from the first packet (the socket is
/// opened for no protocol and receives nothing until bound). Known difference with libpcap's own
/// handles: libpcap compiles `vlan` for a live Linux handle with the kernel's VLAN extensions
/// (the tag as metadata); compiled for Ethernet here, `vlan` tests the tag in the frame, which a
/// driver that strips tags has taken off before the filter runs.
public final class PacketRing {
    public let device: String
    public let linkType = LinkType.ethernet
    /// The descriptor to poll for readability (a block handed over); -1 once closed.
    public var fileDescriptor: Int32 { fd }

    /// The ring's geometry.
    public let blockSize: Int
    public let blockCount: Int
    public let retireMilliseconds: Int
    private let snapLength: Int
    private let promiscuous: Bool
    private var fd: Int32
    private var ring: UnsafeMutableRawPointer?
    /// The block read next, and within it the packets left and the next one's offset (-1: the
    /// block not begun).
    private var block = 0
    private var packetsLeft = -1
    private var offset = 0
    /// `PACKET_STATISTICS` resets at every read: its counts summed since the handle opened.
    private var counted = LiveStatistics()
    /// The interface's own drops (sysfs `rx_dropped` + `rx_missed_errors`, libpcap's `ps_ifdrop`
    /// in promiscuous mode) at the open and as last read; read at most once a second.
    private var interfaceDropsAtOpen: UInt64 = 0
    private var interfaceDropsRead: (value: UInt64, at: Int64) = (0, .min)
    /// The socket's error (the interface went down or away) seen while a block may still be in
    /// the kernel's hands: thrown once no block has come for `failureGraceNs` after it.
    private var failure: (error: LiveCaptureError, seenAt: Int64)?
    private let failureGraceNs: Int64

    /// Opens the socket, the ring and the filter on `device`. Throws `.linkType` when the
    /// interface is not Ethernet, `.permission` without CAP_NET_RAW, `.down` when it is down,
    /// `.noSuchDevice`, `.filter`, `.other`.
    public init(device: String, settings: LiveSource.Settings, blockSize requestedBlock: Int? = nil, retireMilliseconds: Int = 4) throws(LiveCaptureError) {
        self.device = device
        snapLength = Int(settings.snapLength)
        promiscuous = settings.promiscuous
        self.retireMilliseconds = retireMilliseconds
        failureGraceNs = Int64(retireMilliseconds) * 5_000_000
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        // A block holds at least one packet of the snap length with its headers; 256 KiB where
        // the buffer has room for four (libpcap's blocks, so the ring is handed back to the kernel
        // at the grain tcpdump's is), smaller for a small buffer (a page at least).
        var size = requestedBlock ?? (256 << 10)
        while size > page, size * 4 > Int(settings.bufferSize) { size >>= 1 }
        while size < snapLength + 256 { size <<= 1 }
        blockSize = size
        blockCount = max(2, Int(settings.bufferSize) / size)
        fd = -1
        let s = socket(AF_PACKET, Int32(SOCK_RAW.rawValue), 0)
        guard s >= 0 else { throw Self.error(device, "socket", errno) }
        fd = s
        do throws(LiveCaptureError) {
            try open(device, settings)
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    private func open(_ device: String, _ settings: LiveSource.Settings) throws(LiveCaptureError) {
        let type = teamscope_interface_hardware_type(fd, device)
        guard type >= 0 else { throw Self.error(device, "SIOCGIFHWADDR", errno) }
        guard type == ARPHRD_ETHER else {
            throw LiveCaptureError(device: device, kind: .linkType, message: "hardware type \(type), not Ethernet")
        }
        let index = teamscope_interface_index(fd, device)
        guard index > 0 else { throw Self.error(device, "SIOCGIFINDEX", errno) }
        // A TPACKET_V3 "frame" is only the kernel's bookkeeping unit: a block's worth.
        guard teamscope_ring_request(fd, UInt32(blockSize), UInt32(blockCount), UInt32(retireMilliseconds), UInt32(blockSize)) == 0 else {
            throw Self.error(device, "PACKET_RX_RING", errno)
        }
        let length = blockSize * blockCount
        let mapped = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)
        guard let mapped, mapped != MAP_FAILED else { throw Self.error(device, "mmap", errno) }
        ring = mapped
        try attachFilter(settings.filter)
        if settings.promiscuous {
            guard teamscope_packet_promiscuous(fd, index) == 0 else { throw Self.error(device, "PACKET_ADD_MEMBERSHIP", errno) }
        }
        interfaceDropsAtOpen = readInterfaceDrops()
        guard teamscope_packet_bind(fd, index) == 0 else { throw Self.error(device, "bind", errno) }
        // Bound to an interface that is down, the socket takes no packets and says ENETDOWN.
        let e = teamscope_socket_error(fd)
        guard e == 0 else { throw Self.error(device, "bind", e) }
        guard fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == 0 else { throw Self.error(device, "fcntl", errno) }
    }

    /// The user's filter (or none: every packet) compiled for Ethernet with the snap length as
    /// its accept value — the kernel keeps that many bytes of each packet — and attached
    /// (`SO_ATTACH_FILTER`) while the socket is not yet bound, so that no packet comes before it.
    private func attachFilter(_ expression: String?) throws(LiveCaptureError) {
        guard let dead = pcap_open_dead(DLT_EN10MB, Int32(snapLength)) else {
            throw LiveCaptureError(device: device, kind: .other, message: "pcap_open_dead failed")
        }
        defer { pcap_close(dead) }
        var program = bpf_program()
        guard pcap_compile(dead, &program, expression ?? "", 1, PCAP_NETMASK_UNKNOWN) == 0 else {
            // SAFETY: libpcap's error string is NUL-terminated and copied at once.
            throw LiveCaptureError(device: device, kind: .filter, message: String(cString: pcap_geterr(dead)))
        }
        defer { pcap_freecode(&program) }
        guard teamscope_attach_kernel_filter(fd, &program) == 0 else { throw Self.error(device, "SO_ATTACH_FILTER", errno) }
    }

    public func close() {
        if let ring { munmap(ring, blockSize * blockCount) }
        ring = nil
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }

    /// Copies the packets of the blocks the kernel has handed over, at most `limit`, into
    /// `queue` (each with its direction), giving every block back once read; returns how many.
    /// A read cut short by `limit` resumes within its block. Throws when the socket says its
    /// interface went away — once no block has come for a few retire timeouts after, so that
    /// the packets the kernel still held are read first. A link that goes down and comes back
    /// up keeps the handle: its packets resume with the link.
    @discardableResult
    public func read(limit: Int = 8192, into queue: inout RecordQueue) throws(LiveCaptureError) -> Int {
        guard let ring else { return 0 }
        var n = 0
        let addressOffset = Int(teamscope_ring_address_offset())
        // Read once: a global's accessor on Linux calls swift_once at every use.
        let typeOffset = Self.packetTypeOffset
        while n < limit {
            let b = ring + block * blockSize
            // SAFETY: b is the start of block `block` of the mapped ring (block < blockCount); the
            // status is read with acquire ordering before any of the block's bytes.
            guard teamscope_ring_block_ready(b) != 0 else { break }
            if packetsLeft < 0 {
                // SAFETY: a ready block's descriptor is the kernel's, stable until released.
                packetsLeft = Int(teamscope_ring_block_packets(b))
                offset = Int(teamscope_ring_block_first(b))
            }
            while n < limit, packetsLeft > 0 {
                // A slot that would not fit the block ends it (the kernel never writes one).
                guard offset >= 0, offset + addressOffset + MemoryLayout<sockaddr_ll>.size <= blockSize else {
                    packetsLeft = 0
                    break
                }
                // SAFETY: offset lies within this ready block (checked against blockSize); the
                // kernel aligns each tpacket3_hdr to TPACKET_ALIGNMENT (16), enough for its loads.
                let h = (b + offset).load(as: tpacket3_hdr.self)
                // SAFETY: the sockaddr_ll follows the aligned header within the block (checked above).
                let type = (b + offset + addressOffset).load(fromByteOffset: typeOffset, as: UInt8.self)
                let start = offset + Int(h.tp_mac)
                let captured = max(0, min(Int(h.tp_snaplen), blockSize - start))
                // SAFETY: start..<start+captured lies within the block (clamped to blockSize).
                let bytes = UnsafeRawBufferPointer(start: b + start, count: captured)
                let time = Int64(h.tp_sec) * 1_000_000_000 + Int64(h.tp_nsec)
                let way = Self.direction(type)
                if h.tp_status & UInt32(TP_STATUS_VLAN_VALID) != 0 {
                    let tpid = h.tp_status & UInt32(TP_STATUS_VLAN_TPID_VALID) != 0 ? h.hv1.tp_vlan_tpid : 0x8100
                    queue.append(time: time, wireLength: Int(h.tp_len) + 4, direction: way, bytes,
                                 insertingTag: UInt32(tpid) << 16 | UInt32(h.hv1.tp_vlan_tci), at: 12, keeping: snapLength)
                } else {
                    queue.append(time: time, wireLength: Int(h.tp_len), direction: way, bytes)
                }
                n += 1
                packetsLeft -= 1
                offset += Int(h.tp_next_offset)
                // The next packet's header and first bytes, on their way while this one is handed on.
                if packetsLeft > 0, offset >= 0, offset + 256 <= blockSize {
                    // SAFETY: a prefetch of bytes within this ready block; it reads nothing.
                    teamscope_prefetch(b + offset, 256)
                }
            }
            // Cut short by the limit: the block stays ours, the next read resumes in it.
            guard packetsLeft <= 0 else { break }
            // SAFETY: every packet of the block has been copied; the kernel may refill it.
            teamscope_ring_block_release(b)
            block = (block + 1) % blockCount
            packetsLeft = -1
        }
        if n < limit { try checkFailure(readAny: n > 0) }
        return n
    }

    /// The socket's pending error, once the ring is empty: remembered when first seen, thrown
    /// when no block has come for `failureGraceNs` since.
    private func checkFailure(readAny: Bool) throws(LiveCaptureError) {
        let now = Self.now()
        if let failure {
            if !readAny, now - failure.seenAt >= failureGraceNs { throw failure.error }
            return
        }
        let e = teamscope_socket_error(fd)
        guard e != 0 else { return }
        // ENETDOWN for a removal too (packet_notifier): an interface that is gone has no index.
        let gone = teamscope_interface_index(fd, device) < 0 && errno == ENODEV
        // A link that went down keeps the socket: the kernel hooks it in again when the link
        // comes up (packet_notifier, NETDEV_UP: `register_prot_hook` for a socket bound to the
        // interface), as tcpdump's survives. Closing it and opening another after the up lost
        // the packets between (21 ms of the 6600 stream in ../shared/bondvm's balance-xor
        // failover); the link's down and up are the link watcher's to record.
        guard gone || e != ENETDOWN else { return }
        var error = Self.error(device, "recv", e)
        if gone { error.kind = .noSuchDevice }
        failure = (error, now)
    }

    /// Where `sll_pkttype` lies in a `sockaddr_ll`.
    static let packetTypeOffset = MemoryLayout<sockaddr_ll>.offset(of: \.sll_pkttype) ?? 10

    /// `sll_pkttype`'s direction (linux/if_packet.h): what the interface sent, or received (for
    /// this host, broadcast, multicast, or another host's in promiscuous mode).
    static func direction(_ packetType: UInt8) -> CaptureDirection {
        switch Int32(packetType) {
        case PACKET_OUTGOING: return .outbound
        case PACKET_HOST, PACKET_BROADCAST, PACKET_MULTICAST, PACKET_OTHERHOST: return .inbound
        default: return .unknown
        }
    }

    /// `PACKET_STATISTICS` summed since the open (received counts the drops too, as libpcap's
    /// `ps_recv`), with the interface's drops since the open in promiscuous mode.
    public func statistics() -> LiveStatistics? {
        guard fd >= 0 else { return nil }
        var packets: UInt64 = 0, drops: UInt64 = 0
        guard teamscope_ring_statistics(fd, &packets, &drops) == 0 else { return nil }
        counted.received += packets
        counted.kernelDrops += drops
        if promiscuous {
            let now = Self.now()
            if interfaceDropsRead.at == .min || now - interfaceDropsRead.at >= 1_000_000_000 {
                interfaceDropsRead = (readInterfaceDrops(), now)
            }
            counted.interfaceDrops = interfaceDropsRead.value &- interfaceDropsAtOpen
        }
        return counted
    }

    /// CLOCK_REALTIME in nanoseconds, the clock the ring's time stamps are in.
    static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    private func readInterfaceDrops() -> UInt64 {
        let folder = "/sys/class/net/\(device)/statistics/"
        return ["rx_dropped", "rx_missed_errors"].reduce(0) { $0 + (BondConfiguration.field(folder + $1).flatMap { UInt64($0) } ?? 0) }
    }

    /// A failed system call's error, typed by its errno.
    static func error(_ device: String, _ call: String, _ code: Int32) -> LiveCaptureError {
        let kind: LiveCaptureError.Kind
        switch code {
        case EPERM, EACCES: kind = .permission
        case ENODEV, ENXIO: kind = .noSuchDevice
        case ENETDOWN: kind = .down
        default: kind = .other
        }
        // SAFETY: strerror returns a NUL-terminated message, copied at once.
        return LiveCaptureError(device: device, kind: kind, message: "\(call): \(String(cString: strerror(code)))")
    }
}
#endif
