#ifndef SHOAL_BINDINGS_JSLIB_H
#define SHOAL_BINDINGS_JSLIB_H
/* jslib: the js-lib sources embedded into shoal-runtime by scripts/js2c.c.
 * The table is static data: nothing to free. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct shoal_jslib_entry {
  const char *name; /* "events", "internal/inspect", ... */
  const char *source;
  int length;
  bool ascii;    /* the source is 7-bit: usable in place as a one-byte string */
  uint64_t hash; /* jslib_hash64(source, length, 0) */
} shoal_jslib_entry;

extern const shoal_jslib_entry shoal_jslib[]; /* ends with a NULL name */
/* A hash over every entry's name and source hash, in table order: tells
 * which js-lib a code cache file was made for (bindings/core/code_cache.c). */
extern const uint64_t shoal_jslib_hash;

const shoal_jslib_entry *jslib_find(const char *name, size_t len);

/* A fast 64-bit hash (not cryptographic) that js2c stores for each source and
 * the code cache uses to detect stale or corrupt data. `seed` chains calls. */
static inline uint64_t jslib_hash64(const void *data, size_t len, uint64_t seed) {
  const unsigned char *p = data;
  uint64_t h = seed ^ (len * 0x9e3779b97f4a7c15ull);
  for (; len >= 8; p += 8, len -= 8) {
    uint64_t w;
    memcpy(&w, p, 8);
    h = (h ^ w) * 0xff51afd7ed558ccdull;
    h ^= h >> 32;
  }
  uint64_t w = 0;
  memcpy(&w, p, len);
  h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
  return h ^ (h >> 29);
}
#endif
