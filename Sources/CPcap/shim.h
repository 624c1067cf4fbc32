#ifndef TEAMSCOPE_CPCAP_SHIM_H
#define TEAMSCOPE_CPCAP_SHIM_H
#include <pcap/pcap.h>
#endif
