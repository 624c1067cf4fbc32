// Synthetic pcap of many distinct TCP flows, for the flow-table benchmark (make bench): like
// ../shared/bench/genpcap.c (Ethernet/IPv4/TCP, data one way with some ACKs back, a few segments
// swapped), but each flow has its own 4-tuple: one source address per 60,000 source ports, so a
// million flows need 17 addresses. Flows are picked at random, so they interleave.
// The server port is 6600 unless PORT is given: 6600 is Hyper-V live migration's, so every flow
// is also a migration stream and gets a full report (7000 measures the flow table without that).
// Build: gcc -O2 -o genflows genflows.c; run: genflows OUT PACKETS FLOWS FRAMELEN SNAPLEN [PORT]
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
static void put16(uint8_t*p,uint16_t v){p[0]=v>>8;p[1]=v;}
static void put32(uint8_t*p,uint32_t v){p[0]=v>>24;p[1]=v>>16;p[2]=v>>8;p[3]=v;}
// A 64-bit generator (splitmix64): rand() alone is too short for a million flows on every libc.
static uint64_t state=7;
static uint64_t next(void){uint64_t z=(state+=0x9E3779B97F4A7C15ull);z=(z^(z>>30))*0xBF58476D1CE4E5B9ull;z=(z^(z>>27))*0x94D049BB133111EBull;return z^(z>>31);}
int main(int c,char**v){
  if(c<6){fprintf(stderr,"usage: genflows OUT PACKETS FLOWS FRAMELEN SNAPLEN [PORT]\n");return 2;}
  FILE*f=fopen(v[1],"wb"); if(!f){perror(v[1]);return 1;}
  long n=atol(v[2]); long flows=atol(v[3]); int framelen=atoi(v[4]); int snap=atoi(v[5]);
  int port=c>6?atoi(v[6]):6600;
  if(flows<1||framelen<54||framelen>2000||snap<1||port<1||port>65535){fprintf(stderr,"bad arguments\n");return 2;}
  static char buf[1<<20]; setvbuf(f,buf,_IOFBF,sizeof buf);
  uint32_t gh[6]={0xa1b2c3d4,0x00040002,0,0,65535,1}; fwrite(gh,1,24,f);
  uint32_t *seq=calloc(flows,4); uint8_t fr[2048]; memset(fr,0,sizeof fr);
  uint64_t t=1700000000ull*1000000;
  uint8_t pend[2048]; int havepend=0; uint32_t pendhdr[4];
  for(long i=0;i<n;i++){
    uint64_t r=next();
    long fl=(long)(r%(uint64_t)flows); int dir=((r>>40)%16)==0; // mostly data one way, some acks back
    uint8_t*p=fr;
    uint8_t a[6]={0x02,0,0,0,0,1},b[6]={0x02,0,0,0,0,2};
    memcpy(p,dir?a:b,6); memcpy(p+6,dir?b:a,6); put16(p+12,0x0800);
    uint8_t*ip=p+14; int paylen=dir?0:framelen-54;
    ip[0]=0x45; put16(ip+2,20+20+paylen); ip[8]=64; ip[9]=6;
    uint32_t sa=0xC6120001+(uint32_t)(fl/60000), da=0xC0000202; // 198.18.0.1 + flow/60000 -> 192.0.2.2
    put32(ip+12,dir?da:sa); put32(ip+16,dir?sa:da);
    uint8_t*tcp=ip+20; uint16_t sp=(uint16_t)(1024+fl%60000), dp=(uint16_t)port;
    if(seq[fl]==0) seq[fl]=1000;
    put16(tcp,dir?dp:sp); put16(tcp+2,dir?sp:dp); put32(tcp+4,dir?1:seq[fl]); put32(tcp+8,dir?seq[fl]:1);
    tcp[12]=0x50; tcp[13]=0x10; put16(tcp+14,65535);
    if(!dir) seq[fl]+=paylen;
    int wire=14+20+20+paylen; int cap=wire<snap?wire:snap;
    t+=1+((r>>48)%3);
    uint32_t ph[4]={(uint32_t)(t/1000000),(uint32_t)(t%1000000),(uint32_t)cap,(uint32_t)wire};
    if(!dir && !havepend && ((r>>52)%200)==0){ memcpy(pend,fr,cap); memcpy(pendhdr,ph,16); havepend=1; continue; }
    fwrite(ph,1,16,f); fwrite(fr,1,cap,f);
    if(havepend){ pendhdr[0]=ph[0]; pendhdr[1]=ph[1]; fwrite(pendhdr,1,16,f); fwrite(pend,1,pendhdr[2],f); havepend=0; }
  }
  fclose(f); return 0;
}
