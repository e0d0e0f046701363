#ifndef SHOAL_MASTER_PROXY_PROTOCOL_H
#define SHOAL_MASTER_PROXY_PROTOCOL_H
/* proxy_protocol: the parser of the PROXY protocol header (HAProxy's
 * proxy-protocol.txt, versions 1 and 2) that a load balancer sends at the
 * start of a connection to say who the client is. Pure: no I/O, no
 * allocation; the caller owns every buffer. The master reads the header
 * (proxy_accept.c) before it hands the connection to a worker. */
#include <stddef.h>
#include <stdint.h>

/* The longest header accepted: v1 is at most 107 bytes; v2 is 16 bytes and
 * an address block with TLVs (ALPN, authority, unique id...), bounded here. */
#define PROXY_V1_MAX 107
#define PROXY_V2_MAX (16 + 2048)

typedef struct proxy_addr {
  int family;   /* 4 or 6; 0 when the header names no client (LOCAL, UNKNOWN, UNSPEC) */
  char src[46]; /* the client's address, as text ("203.0.113.7", "2001:db8::1") */
  uint16_t src_port;
  char dst[46]; /* the address the client connected to */
  uint16_t dst_port;
} proxy_addr;

/* Parses the start of a connection's bytes. Returns the header's length
 * (> 0) with *out filled; 0 when more bytes are needed (every byte so far
 * belongs to the header); -1 when it is not a valid header, with *why set
 * to a static description. */
int proxy_parse(const unsigned char *buf, size_t len, proxy_addr *out, const char **why);
#endif
