/* proxy_protocol: PROXY protocol v1 and v2 header parser. See
 * proxy_protocol.h. */
#include "proxy_protocol.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const unsigned char v2_sig[12] = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D,
                                         0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

static int invalid(const char **why, const char *text) {
  *why = text;
  return -1;
}

/* A decimal port of 1-5 digits without a leading zero (v1 says so). */
static bool parse_port(const char *s, uint16_t *out) {
  size_t n = strlen(s);
  if (n < 1 || n > 5 || (s[0] == '0' && n > 1)) return false;
  unsigned v = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (unsigned)(s[i] - '0');
  }
  if (v > 65535) return false;
  *out = (uint16_t)v;
  return true;
}

/* An address of the family in canonical text form. */
static bool canon_addr(int family, const char *s, char *out, size_t cap) {
  unsigned char bin[16];
  int af = family == 4 ? AF_INET : AF_INET6;
  return inet_pton(af, s, bin) == 1 && inet_ntop(af, bin, out, (socklen_t)cap) != NULL;
}

/* "PROXY TCP4 SRC DST SPORT DPORT\r\n" or "PROXY UNKNOWN ...\r\n". */
static int parse_v1(const unsigned char *buf, size_t len, proxy_addr *out, const char **why) {
  size_t cmp = len < 6 ? len : 6;
  if (memcmp(buf, "PROXY ", cmp) != 0) return invalid(why, "not a PROXY protocol header");
  const unsigned char *nl = memchr(buf, '\n', len < PROXY_V1_MAX ? len : PROXY_V1_MAX);
  if (!nl) {
    if (len >= PROXY_V1_MAX) return invalid(why, "PROXY v1 header longer than 107 bytes");
    return 0;
  }
  size_t hlen = (size_t)(nl - buf) + 1;
  if (hlen < 8 || buf[hlen - 2] != '\r') return invalid(why, "PROXY v1 header without CRLF");
  char line[PROXY_V1_MAX + 1];
  memcpy(line, buf, hlen - 2);
  line[hlen - 2] = 0;
  if (strlen(line) != hlen - 2) return invalid(why, "PROXY v1 header with a NUL byte");
  char proto[8], src[64], dst[64], sport[8], dport[8], extra[2];
  int n = sscanf(line, "PROXY %7s %63s %63s %7s %7s %1s", proto, src, dst, sport, dport, extra);
  memset(out, 0, sizeof *out);
  if (n >= 1 && strcmp(proto, "UNKNOWN") == 0) return (int)hlen;
  if (n != 5) return invalid(why, "PROXY v1 header: expected PROXY TCP4|TCP6 SRC DST SPORT DPORT");
  /* single spaces only: the re-printed line must be the same */
  char again[256];
  snprintf(again, sizeof again, "PROXY %s %s %s %s %s", proto, src, dst, sport, dport);
  if (strcmp(again, line) != 0) return invalid(why, "PROXY v1 header: bad spacing");
  if (strcmp(proto, "TCP4") == 0) out->family = 4;
  else if (strcmp(proto, "TCP6") == 0) out->family = 6;
  else return invalid(why, "PROXY v1 header: protocol is not TCP4, TCP6 or UNKNOWN");
  if (!canon_addr(out->family, src, out->src, sizeof out->src) ||
      !canon_addr(out->family, dst, out->dst, sizeof out->dst))
    return invalid(why, "PROXY v1 header: bad address");
  if (!parse_port(sport, &out->src_port) || !parse_port(dport, &out->dst_port))
    return invalid(why, "PROXY v1 header: bad port");
  return (int)hlen;
}

static int parse_v2(const unsigned char *buf, size_t len, proxy_addr *out, const char **why) {
  if (len < 16) return 0;
  unsigned ver = buf[12] >> 4, cmd = buf[12] & 0xF, fam = buf[13];
  size_t body = (size_t)buf[14] << 8 | buf[15];
  if (ver != 2) return invalid(why, "PROXY v2 header: version is not 2");
  if (cmd > 1) return invalid(why, "PROXY v2 header: command is not LOCAL or PROXY");
  if (16 + body > PROXY_V2_MAX) return invalid(why, "PROXY v2 header longer than 2064 bytes");
  if (len < 16 + body) return 0;
  memset(out, 0, sizeof *out);
  const unsigned char *a = buf + 16;
  if (cmd == 0) return (int)(16 + body); /* LOCAL: the proxy's own connection (health checks) */
  if (fam == 0x11 || fam == 0x12) {      /* TCP or UDP over IPv4 */
    if (body < 12) return invalid(why, "PROXY v2 header: IPv4 address block too short");
    out->family = 4;
    inet_ntop(AF_INET, a, out->src, sizeof out->src);
    inet_ntop(AF_INET, a + 4, out->dst, sizeof out->dst);
    out->src_port = (uint16_t)(a[8] << 8 | a[9]);
    out->dst_port = (uint16_t)(a[10] << 8 | a[11]);
  } else if (fam == 0x21 || fam == 0x22) { /* over IPv6 */
    if (body < 36) return invalid(why, "PROXY v2 header: IPv6 address block too short");
    out->family = 6;
    inet_ntop(AF_INET6, a, out->src, sizeof out->src);
    inet_ntop(AF_INET6, a + 16, out->dst, sizeof out->dst);
    out->src_port = (uint16_t)(a[32] << 8 | a[33]);
    out->dst_port = (uint16_t)(a[34] << 8 | a[35]);
  } else if (fam != 0x00 && fam != 0x31 && fam != 0x32) {
    return invalid(why, "PROXY v2 header: unknown address family");
  } /* UNSPEC and Unix sockets: no client address to report */
  return (int)(16 + body);
}

int proxy_parse(const unsigned char *buf, size_t len, proxy_addr *out, const char **why) {
  *why = NULL;
  if (len == 0) return 0;
  size_t cmp = len < sizeof v2_sig ? len : sizeof v2_sig;
  if (memcmp(buf, v2_sig, cmp) == 0) return len < sizeof v2_sig ? 0 : parse_v2(buf, len, out, why);
  return parse_v1(buf, len, out, why);
}
