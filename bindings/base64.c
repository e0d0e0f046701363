/* base64: see base64.h. */
#include "base64.h"

static int unbase64(uint8_t c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

size_t base64_decode(const uint8_t *src, size_t len, uint8_t *dst, size_t cap) {
  uint32_t acc = 0;
  int have = 0;
  size_t k = 0;
  for (size_t i = 0; i < len && k < cap; i++) {
    if (src[i] == '=') break;
    int v = unbase64(src[i]);
    if (v < 0) continue;
    acc = acc << 6 | (uint32_t)v;
    if (++have < 2) continue;
    /* each character after the first of a group completes one byte */
    dst[k++] = (uint8_t)(acc >> (2 * (4 - have)));
    acc &= (1u << (2 * (4 - have))) - 1;
    if (have == 4) have = 0;
  }
  return k;
}

size_t base64_encoded_max(size_t n) {
  return (n + 2) / 3 * 4;
}

size_t base64_encode(const uint8_t *p, size_t n, char *out, const char *table, bool pad) {
  size_t k = 0, i = 0;
  for (; i + 2 < n; i += 3) {
    uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
    out[k++] = table[v >> 18];
    out[k++] = table[(v >> 12) & 63];
    out[k++] = table[(v >> 6) & 63];
    out[k++] = table[v & 63];
  }
  if (i < n) {
    uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0);
    out[k++] = table[v >> 18];
    out[k++] = table[(v >> 12) & 63];
    if (i + 1 < n) out[k++] = table[(v >> 6) & 63];
    else if (pad) out[k++] = '=';
    if (pad) out[k++] = '=';
  }
  return k;
}
