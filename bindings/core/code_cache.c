/* code_cache: V8 code caches of the js-lib built-ins (see code_cache.h).
 *
 * File format, in native byte order (made and read on one machine):
 *
 *   cc_header  magic "SHOALJSC", format version, entry count, size of the
 *              names area, js-lib hash (shoal_jslib_hash), hash of index and
 *              names, V8 version string (NUL-padded)
 *   cc_index   one per entry: name (offset into the names area, length),
 *              source length and hash of the built-in it was made from,
 *              blob offset (from the start of the file), length and hash,
 *              hash of the parameter names it was compiled with
 *   names      the entries' names, not NUL-terminated
 *   blobs      V8 code caches, each starting 8-aligned
 *
 * Opening reads and checks header, index and names only; a blob is read
 * (pread) and checked against its hash when its built-in is compiled, so a
 * process reads only what it uses and a file replaced or truncated under a
 * running process yields a failed check, never a fault. V8 verifies on its
 * own that a blob matches its version, flags and source length. */
#include "code_cache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CC_MAGIC "SHOALJSC"
#define CC_FORMAT 1
#define CC_MAX_ENTRIES 65536
#define CC_MAX_NAMES (1u << 22)
#define CC_VERSION_LEN 32

typedef struct cc_header {
  char magic[8];
  uint32_t format;
  uint32_t count;
  uint32_t names_size;
  uint32_t reserved;
  uint64_t jslib_hash;
  uint64_t index_hash; /* of the index followed by the names */
  char v8_version[CC_VERSION_LEN];
} cc_header;

typedef struct cc_index {
  uint32_t name_off, name_len;
  uint32_t source_len;
  uint32_t data_len;
  uint64_t data_off;
  uint64_t source_hash;
  uint64_t data_hash;
  uint64_t params_hash; /* of the wrapper's parameter names (params_hash()) */
} cc_index;

_Static_assert(sizeof(cc_header) == 72, "cc_header has no padding");
_Static_assert(sizeof(cc_index) == 48, "cc_index has no padding");

typedef struct cc_slot {
  uint64_t off, hash, params_hash;
  uint32_t len; /* 0: no blob for this built-in */
} cc_slot;

typedef struct cc_recorded {
  sh_ref *fn; /* NULL: not compiled */
  uint64_t params_hash;
} cc_recorded;

static struct {
  int fd;         /* the open cache file, -1 when none */
  cc_slot *slots; /* one per js-lib entry, in table order */
  bool recording;
  cc_recorded *recorded; /* one per js-lib entry while recording */
  code_cache_stats stats;
} cc = {.fd = -1};

static size_t jslib_count(void) {
  size_t n = 0;
  while (shoal_jslib[n].name) n++;
  return n;
}

/* V8 takes a cached function's parameters from the cache, not from the
 * compile call: a blob is used only for the parameter list it was made with. */
static uint64_t params_hash(int nparams, const char *const *params) {
  uint64_t h = (uint64_t)nparams;
  for (int i = 0; i < nparams; i++) h = jslib_hash64(params[i], strlen(params[i]), h);
  return h;
}

static void version_field(char out[CC_VERSION_LEN]) {
  memset(out, 0, CC_VERSION_LEN);
  strncpy(out, sh_v8_version(), CC_VERSION_LEN - 1);
}

static bool read_at(int fd, void *buf, size_t len, uint64_t off) {
  char *p = buf;
  while (len > 0) {
    ssize_t n = pread(fd, p, len, (off_t)off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    off += (uint64_t)n;
    len -= (size_t)n;
  }
  return true;
}

/* --- opening ------------------------------------------------------------ */

static bool header_ok(const cc_header *h) {
  char version[CC_VERSION_LEN];
  version_field(version);
  return memcmp(h->magic, CC_MAGIC, 8) == 0 && h->format == CC_FORMAT &&
         h->count <= CC_MAX_ENTRIES && h->names_size <= CC_MAX_NAMES &&
         h->jslib_hash == shoal_jslib_hash && memcmp(h->v8_version, version, CC_VERSION_LEN) == 0;
}

/* Fills slots from a checked index: false when an entry points outside the
 * file or was made from another source than the built-in of its name. */
static bool fill_slots(const cc_header *h, const cc_index *idx, const char *names,
                       uint64_t file_size, cc_slot *slots) {
  for (uint32_t i = 0; i < h->count; i++) {
    const cc_index *x = &idx[i];
    if ((uint64_t)x->name_off + x->name_len > h->names_size) return false;
    if (x->data_len == 0 || x->data_off > file_size || x->data_len > file_size - x->data_off)
      return false;
    const shoal_jslib_entry *e = jslib_find(names + x->name_off, x->name_len);
    if (!e) continue; /* cannot happen while the js-lib hash matches */
    if ((uint32_t)e->length != x->source_len || e->hash != x->source_hash) return false;
    slots[e - shoal_jslib] = (cc_slot){.off = x->data_off,
                                       .hash = x->data_hash,
                                       .params_hash = x->params_hash,
                                       .len = x->data_len};
  }
  return true;
}

/* Reads and checks the index of an open file whose header is valid. */
static cc_slot *load_index(int fd, const cc_header *h, uint64_t file_size) {
  size_t index_size = (size_t)h->count * sizeof(cc_index);
  size_t size = index_size + h->names_size;
  char *buf = malloc(size + 1);
  cc_slot *slots = calloc(jslib_count() + 1, sizeof *slots);
  bool ok = buf && slots && size <= file_size - sizeof *h && read_at(fd, buf, size, sizeof *h) &&
            jslib_hash64(buf, size, 0) == h->index_hash &&
            fill_slots(h, (const cc_index *)(void *)buf, buf + index_size, file_size, slots);
  free(buf);
  if (ok) return slots;
  free(slots);
  return NULL;
}

int code_cache_open(const char *path) {
  if (cc.fd >= 0 || cc.recording) return -1;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  struct stat st;
  cc_header h;
  cc_slot *slots = NULL;
  if (fstat(fd, &st) == 0 && (uint64_t)st.st_size >= sizeof h && read_at(fd, &h, sizeof h, 0) &&
      header_ok(&h))
    slots = load_index(fd, &h, (uint64_t)st.st_size);
  if (!slots) {
    close(fd);
    return -1;
  }
  cc.fd = fd;
  cc.slots = slots;
  cc.stats.loaded = true;
  return 0;
}

/* --- compiling ---------------------------------------------------------- */

/* The checked blob of built-in e compiled with parameters `ph`: malloc'd,
 * NULL when there is none. */
static uint8_t *read_blob(const shoal_jslib_entry *e, uint64_t ph, size_t *len) {
  if (cc.fd < 0) return NULL;
  const cc_slot *s = &cc.slots[e - shoal_jslib];
  if (s->len == 0) {
    cc.stats.missing++;
    return NULL;
  }
  if (s->params_hash != ph) {
    cc.stats.rejected++;
    return NULL;
  }
  uint8_t *buf = malloc(s->len);
  if (!buf || !read_at(cc.fd, buf, s->len, s->off) || jslib_hash64(buf, s->len, 0) != s->hash) {
    free(buf);
    cc.stats.corrupt++;
    return NULL;
  }
  *len = s->len;
  return buf;
}

/* Keeps the first function compiled for e: a built-in compiled again after
 * its first run threw is the same code. */
static void record(sh_rt *rt, const shoal_jslib_entry *e, uint64_t ph, sh_val fn) {
  if (!cc.recording) return;
  if (!cc.recorded) cc.recorded = calloc(jslib_count() + 1, sizeof *cc.recorded);
  if (!cc.recorded || cc.recorded[e - shoal_jslib].fn) return;
  cc.recorded[e - shoal_jslib] = (cc_recorded){.fn = sh_ref_new(rt, fn), .params_hash = ph};
}

sh_val code_cache_compile(sh_rt *rt, const shoal_jslib_entry *e, int nparams,
                          const char *const *params) {
  sh_val source = e->ascii ? sh_str_static_latin1(rt, e->source, (size_t)e->length)
                           : sh_str(rt, e->source, (size_t)e->length);
  size_t name_len = strlen(e->name) + sizeof "node:";
  char *name = malloc(name_len);
  if (!source || !name) {
    free(name);
    sh_throw_error(rt, SH_ERROR, "cannot load built-in %s", e->name);
    return NULL;
  }
  snprintf(name, name_len, "node:%s", e->name);
  size_t len = 0;
  uint64_t ph = params_hash(nparams, params);
  uint8_t *blob = read_blob(e, ph, &len);
  sh_cache_result res;
  sh_val fn = sh_compile_function_cached(rt, source, name, nparams, params, blob, len, &res);
  free(blob);
  free(name);
  if (res == SH_CACHE_ACCEPTED) cc.stats.accepted++;
  if (res == SH_CACHE_REJECTED) cc.stats.rejected++;
  if (fn) record(rt, e, ph, fn);
  return fn;
}

void code_cache_record(void) {
  cc.recording = true;
}

bool code_cache_recording(void) {
  return cc.recording;
}

void code_cache_stats_get(code_cache_stats *out) {
  *out = cc.stats;
}

/* --- writing ------------------------------------------------------------ */

typedef struct cc_blob {
  const shoal_jslib_entry *e;
  uint64_t params_hash;
  uint8_t *data;
  size_t len;
} cc_blob;

/* The blobs of the recorded functions, in table order; *n gets the count. */
static cc_blob *collect_blobs(sh_rt *rt, size_t *n) {
  size_t total = jslib_count();
  cc_blob *blobs = calloc(total + 1, sizeof *blobs);
  *n = 0;
  for (size_t i = 0; blobs && cc.recorded && i < total; i++) {
    sh_val fn = cc.recorded[i].fn ? sh_ref_get(rt, cc.recorded[i].fn) : NULL;
    cc_blob *b = &blobs[*n];
    b->data = fn ? sh_code_cache_create(rt, fn, &b->len) : NULL;
    if (b->data && b->len > UINT32_MAX) free(b->data);
    if (!b->data || b->len > UINT32_MAX) continue;
    b->e = &shoal_jslib[i];
    b->params_hash = cc.recorded[i].params_hash;
    (*n)++;
  }
  return blobs;
}

static uint64_t align8(uint64_t x) {
  return (x + 7) & ~(uint64_t)7;
}

/* Header, index and names for blobs[0..n): one malloc'd buffer of *size bytes. */
static char *build_head(const cc_blob *blobs, size_t n, size_t *size) {
  size_t names_size = 0;
  for (size_t i = 0; i < n; i++) names_size += strlen(blobs[i].e->name);
  size_t index_size = n * sizeof(cc_index);
  *size = (size_t)align8(sizeof(cc_header) + index_size + names_size);
  char *buf = calloc(1, *size);
  if (!buf) return NULL;
  cc_index *idx = (cc_index *)(void *)(buf + sizeof(cc_header));
  char *names = buf + sizeof(cc_header) + index_size;
  uint64_t data_off = *size;
  uint32_t name_off = 0;
  for (size_t i = 0; i < n; i++) {
    const shoal_jslib_entry *e = blobs[i].e;
    uint32_t name_len = (uint32_t)strlen(e->name);
    memcpy(names + name_off, e->name, name_len);
    idx[i] = (cc_index){.name_off = name_off,
                        .name_len = name_len,
                        .source_len = (uint32_t)e->length,
                        .data_len = (uint32_t)blobs[i].len,
                        .data_off = data_off,
                        .source_hash = e->hash,
                        .data_hash = jslib_hash64(blobs[i].data, blobs[i].len, 0),
                        .params_hash = blobs[i].params_hash};
    name_off += name_len;
    data_off = align8(data_off + blobs[i].len);
  }
  cc_header h = {.format = CC_FORMAT,
                 .count = (uint32_t)n,
                 .names_size = (uint32_t)names_size,
                 .jslib_hash = shoal_jslib_hash,
                 .index_hash = jslib_hash64(idx, index_size + names_size, 0)};
  memcpy(h.magic, CC_MAGIC, 8);
  version_field(h.v8_version);
  memcpy(buf, &h, sizeof h);
  return buf;
}

static bool write_blobs(FILE *f, const cc_blob *blobs, size_t n) {
  static const char zeros[8];
  for (size_t i = 0; i < n; i++) {
    size_t pad = (size_t)(align8(blobs[i].len) - blobs[i].len);
    if (fwrite(blobs[i].data, 1, blobs[i].len, f) != blobs[i].len) return false;
    if (fwrite(zeros, 1, pad, f) != pad) return false;
  }
  return true;
}

static int write_file(const char *path, const char *head, size_t head_size, const cc_blob *blobs,
                      size_t n) {
  size_t tmp_len = strlen(path) + 32;
  char *tmp = malloc(tmp_len);
  if (!tmp) return -1;
  snprintf(tmp, tmp_len, "%s.tmp%ld", path, (long)getpid());
  FILE *f = fopen(tmp, "wb");
  bool ok = f && fwrite(head, 1, head_size, f) == head_size && write_blobs(f, blobs, n);
  if (f && fclose(f) != 0) ok = false;
  if (ok && rename(tmp, path) != 0) ok = false;
  if (!ok) {
    fprintf(stderr, "shoal: cannot write code cache %s: %s\n", path, strerror(errno));
    unlink(tmp);
  }
  free(tmp);
  return ok ? 0 : -1;
}

int code_cache_write(sh_rt *rt, const char *path) {
  size_t n, head_size = 0;
  cc_blob *blobs = collect_blobs(rt, &n);
  char *head = blobs ? build_head(blobs, n, &head_size) : NULL;
  int rc = head ? write_file(path, head, head_size, blobs, n) : -1;
  if (!head) fprintf(stderr, "shoal: out of memory writing the code cache\n");
  for (size_t i = 0; blobs && i < n; i++) free(blobs[i].data);
  free(blobs);
  free(head);
  return rc;
}
