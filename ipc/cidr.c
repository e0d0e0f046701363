/* cidr: parsing and matching address ranges. See cidr.h. */
#include "cidr.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

int cidr_parse(const char *s, cidr *out) {
  char addr[64];
  const char *slash = strchr(s, '/');
  size_t n = slash ? (size_t)(slash - s) : strlen(s);
  if (n == 0 || n >= sizeof addr) return -1;
  memcpy(addr, s, n);
  addr[n] = 0;
  memset(out, 0, sizeof *out);
  if (inet_pton(AF_INET, addr, out->addr) == 1) out->family = AF_INET;
  else if (inet_pton(AF_INET6, addr, out->addr) == 1) out->family = AF_INET6;
  else return -1;
  int max = out->family == AF_INET ? 32 : 128;
  out->bits = max;
  if (slash) {
    const char *b = slash + 1;
    if (!*b || strlen(b) > 3 || strspn(b, "0123456789") != strlen(b)) return -1;
    out->bits = atoi(b);
    if (out->bits > max) return -1;
  }
  return 0;
}

static bool prefix_equal(const unsigned char *a, const unsigned char *b, int bits) {
  int whole = bits / 8, rest = bits % 8;
  if (memcmp(a, b, (size_t)whole) != 0) return false;
  if (!rest) return true;
  unsigned char mask = (unsigned char)(0xFF << (8 - rest));
  return (a[whole] & mask) == (b[whole] & mask);
}

bool cidr_match(const cidr *c, const struct sockaddr *sa) {
  static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
  const unsigned char *a;
  int family = sa->sa_family;
  if (family == AF_INET) {
    a = (const unsigned char *)&((const struct sockaddr_in *)sa)->sin_addr;
  } else if (family == AF_INET6) {
    a = ((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr;
    if (c->family == AF_INET && memcmp(a, mapped, sizeof mapped) == 0) {
      a += 12;
      family = AF_INET;
    }
  } else {
    return false;
  }
  return family == c->family && prefix_equal(a, c->addr, c->bits);
}
