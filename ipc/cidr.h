#ifndef SHOAL_IPC_CIDR_H
#define SHOAL_IPC_CIDR_H
/* cidr: address ranges such as "10.0.0.0/8", "2001:db8::/32" or a single
 * address ("127.0.0.1"), for `trusted_proxies`: the master validates the
 * config with cidr_parse, the worker matches peers with cidr_match. Plain
 * data, nothing owned. */
#include <stdbool.h>
#include <sys/socket.h>

typedef struct cidr {
  int family; /* AF_INET or AF_INET6 */
  unsigned char addr[16];
  int bits;
} cidr;

/* Returns 0, or -1 when s is not an address with an optional /BITS. */
int cidr_parse(const char *s, cidr *out);
/* Is sa (AF_INET or AF_INET6; an IPv4-mapped IPv6 address counts as IPv4)
 * inside c? */
bool cidr_match(const cidr *c, const struct sockaddr *sa);
#endif
