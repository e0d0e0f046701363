/* fuzz_proxy_protocol: the master's PROXY protocol v1/v2 parser
 * (master/proxy_protocol.c), fed as the master's reader feeds it
 * (master/proxy_accept.c): the input arrives in pieces and the parser sees
 * the bytes so far each time. Invariants: a header length never exceeds the
 * bytes given or the bounds; "need more" is only said while every byte so
 * far can still be header (under the bound); the answer for the whole input
 * does not depend on how it was cut; addresses are NUL-terminated text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proxy_protocol.h"

static void check_addr(const proxy_addr *a) {
  if (memchr(a->src, 0, sizeof a->src) == NULL || memchr(a->dst, 0, sizeof a->dst) == NULL) abort();
  if (a->family != 0 && a->family != 4 && a->family != 6) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  proxy_addr whole, part;
  const char *why;
  int r = proxy_parse(data, size, &whole, &why);
  if (r > (int)size || (r < 0 && !why)) abort();
  if (r == 0 && size >= PROXY_V2_MAX) abort(); /* unbounded wait */
  if (r > 0) check_addr(&whole);
  /* Piece by piece (cut sizes from the first byte): the first definite
   * answer must agree with the whole input's. */
  size_t step = size ? (size_t)data[0] % 7 + 1 : 1;
  for (size_t len = 0; len <= size; len += step) {
    int p = proxy_parse(data, len, &part, &why);
    if (p == 0) continue;
    if (p != r) abort();
    if (p > 0 && memcmp(&part, &whole, sizeof part) != 0) abort();
    break;
  }
  return 0;
}
