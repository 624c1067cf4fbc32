#ifndef TEAMSCOPE_CPCAP_SHIM_H
#define TEAMSCOPE_CPCAP_SHIM_H
#include <pcap/pcap.h>

#ifdef __linux__
#include <linux/filter.h>
#include <sys/socket.h>

/// Replaces the kernel filter of libpcap's PF_PACKET socket `fd` with `program` (compiled by
/// `pcap_compile` on that handle: libpcap's `struct bpf_insn` is the kernel's `struct
/// sock_filter`, socket(7) SO_ATTACH_FILTER). libpcap does not learn of it, so it keeps
/// filtering in user space only with what `pcap_setfilter` gave it. Returns setsockopt's result.
static inline int teamscope_attach_kernel_filter(int fd, const struct bpf_program *program) {
    struct sock_fprog f;
    f.len = (unsigned short)program->bf_len;
    f.filter = (struct sock_filter *)program->bf_insns;
    return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &f, sizeof f);
}
#endif
#endif
