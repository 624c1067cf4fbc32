#ifndef TEAMSCOPE_CPACKETRING_SHIM_H
#define TEAMSCOPE_CPACKETRING_SHIM_H
/// Linux packet sockets (packet(7)) with a TPACKET_V3 receive ring (the kernel's
/// Documentation/networking/packet_mmap.rst): the kernel headers' structures and constants for
/// `PacketRingHandle`, and the few steps Swift cannot take cleanly (the ring's block status, read
/// and handed back with the ordering the kernel pairs with; `ifreq`'s union). A header, no library.
#ifdef __linux__
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <net/if.h>
#include <linux/if_packet.h>
#include <linux/if_ether.h>
#include <net/if_arp.h>
#include <arpa/inet.h>

/// The ring's block `block`: whether the kernel handed it to user space (TP_STATUS_USER), read
/// with acquire ordering so that the block's packets are read after the status that says they are
/// there (the kernel writes them before it sets the status, with smp_wmb).
static inline int teamscope_ring_block_ready(const void *block) {
    const struct tpacket_block_desc *d = (const struct tpacket_block_desc *)block;
    return (__atomic_load_n(&d->hdr.bh1.block_status, __ATOMIC_ACQUIRE) & TP_STATUS_USER) != 0;
}

/// Packets in a ready block and the offset of the first from the block's start.
static inline uint32_t teamscope_ring_block_packets(const void *block) {
    return ((const struct tpacket_block_desc *)block)->hdr.bh1.num_pkts;
}
static inline uint32_t teamscope_ring_block_first(const void *block) {
    return ((const struct tpacket_block_desc *)block)->hdr.bh1.offset_to_first_pkt;
}

/// Hands block `block` back to the kernel (TP_STATUS_KERNEL) once its packets are copied, with
/// release ordering: every read of the block happens before the kernel may refill it.
static inline void teamscope_ring_block_release(void *block) {
    struct tpacket_block_desc *d = (struct tpacket_block_desc *)block;
    __atomic_store_n(&d->hdr.bh1.block_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
}

/// Asks the CPU to fetch the cache lines of `bytes` bytes at `p` (a packet the kernel wrote
/// from another CPU) while the current one is handled; never faults.
static inline void teamscope_prefetch(const void *p, unsigned bytes) {
    for (unsigned o = 0; o < bytes; o += 64) __builtin_prefetch((const char *)p + o, 0, 3);
}

/// The offset of a packet's `sockaddr_ll` from its `tpacket3_hdr` (the kernel puts it right
/// after the aligned header: tpacket_rcv, TPACKET_ALIGN(sizeof(struct tpacket3_hdr))).
static inline uint32_t teamscope_ring_address_offset(void) {
    return TPACKET_ALIGN(sizeof(struct tpacket3_hdr));
}

/// The hardware type of interface `name` (ARPHRD_ETHER, ARPHRD_LOOPBACK…; SIOCGIFHWADDR on
/// socket `fd`), or -1 with errno set.
static inline int teamscope_interface_hardware_type(int fd, const char *name) {
    struct ifreq r;
    memset(&r, 0, sizeof r);
    strncpy(r.ifr_name, name, sizeof r.ifr_name - 1);
    if (ioctl(fd, SIOCGIFHWADDR, &r) < 0) return -1;
    return r.ifr_hwaddr.sa_family;
}

/// The index of interface `name` in socket `fd`'s network namespace (SIOCGIFINDEX), or -1 with
/// errno set (ENODEV: no such interface).
static inline int teamscope_interface_index(int fd, const char *name) {
    struct ifreq r;
    memset(&r, 0, sizeof r);
    strncpy(r.ifr_name, name, sizeof r.ifr_name - 1);
    if (ioctl(fd, SIOCGIFINDEX, &r) < 0) return -1;
    return r.ifr_ifindex;
}

/// TPACKET_V3 on socket `fd`, then a receive ring of `blocks` blocks of `block_size` bytes,
/// each retired to user space when full or `retire_ms` after its first packet. 0, or -1 with errno.
static inline int teamscope_ring_request(int fd, unsigned block_size, unsigned blocks, unsigned retire_ms, unsigned frame_size) {
    int version = TPACKET_V3;
    if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &version, sizeof version) < 0) return -1;
    struct tpacket_req3 req;
    memset(&req, 0, sizeof req);
    req.tp_block_size = block_size;
    req.tp_block_nr = blocks;
    req.tp_frame_size = frame_size;
    req.tp_frame_nr = (unsigned)(((unsigned long)block_size * blocks) / frame_size);
    req.tp_retire_blk_tov = retire_ms;
    return setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof req);
}

/// Promiscuous mode for the socket's life (PACKET_ADD_MEMBERSHIP, PACKET_MR_PROMISC: the kernel
/// takes it back when the socket closes). 0, or -1 with errno.
static inline int teamscope_packet_promiscuous(int fd, int ifindex) {
    struct packet_mreq m;
    memset(&m, 0, sizeof m);
    m.mr_ifindex = ifindex;
    m.mr_type = PACKET_MR_PROMISC;
    return setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &m, sizeof m);
}

/// Binds `fd` to every protocol (ETH_P_ALL) of interface `ifindex`. 0, or -1 with errno.
static inline int teamscope_packet_bind(int fd, int ifindex) {
    struct sockaddr_ll a;
    memset(&a, 0, sizeof a);
    a.sll_family = AF_PACKET;
    a.sll_protocol = htons(ETH_P_ALL);
    a.sll_ifindex = ifindex;
    return bind(fd, (struct sockaddr *)&a, sizeof a);
}

/// The socket's pending error (SO_ERROR, which reading clears): ENETDOWN once its interface went
/// down or away; 0 when none.
static inline int teamscope_socket_error(int fd) {
    int e = 0;
    socklen_t n = sizeof e;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &n) < 0) return errno;
    return e;
}

/// The ring's counts since the last call (PACKET_STATISTICS resets them on every read): packets
/// that passed the filter (drops included) and those dropped for want of a free block. 0, or -1.
static inline int teamscope_ring_statistics(int fd, uint64_t *packets, uint64_t *drops) {
    struct tpacket_stats_v3 s;
    socklen_t n = sizeof s;
    memset(&s, 0, sizeof s);
    if (getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &s, &n) < 0) return -1;
    *packets = s.tp_packets;
    *drops = s.tp_drops;
    return 0;
}
#endif
#endif
