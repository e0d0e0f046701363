#ifndef SHOAL_BINDINGS_CODE_CACHE_H
#define SHOAL_BINDINGS_CODE_CACHE_H
/* code_cache: V8 code caches of the js-lib built-ins, so that a runtime
 * deserialises the built-in modules instead of parsing and compiling them.
 *
 * The caches live in one file beside the binary (shoal-runtime.jscache),
 * written by `shoal-runtime run --build-code-cache FILE` (bindings/core/runtime.c;
 * CMake runs it after linking). A runtime opens it once at start-up and
 * code_cache_compile hands each built-in its blob. A missing, corrupt or
 * stale file, or a blob V8 refuses, only means compiling from source.
 *
 * The state is the process's (one runtime per process) and lives until
 * exit: this module owns the open file and its index. */
#include <stdbool.h>

#include "jslib.h"
#include "v8shim.h"

typedef struct code_cache_stats {
  bool loaded;       /* a valid cache file is open */
  unsigned accepted; /* built-ins deserialised from the cache */
  unsigned rejected; /* blobs V8 refused */
  unsigned corrupt;  /* blobs that failed our own checks (read error, hash) */
  unsigned missing;  /* built-ins compiled while a cache was loaded that it lacks */
} code_cache_stats;

/* Opens the cache file at `path`. Returns 0, or -1 when there is no usable
 * cache (absent, wrong format or V8, other js-lib, damaged index). */
int code_cache_open(const char *path);
/* From now on, code_cache_compile keeps every function it compiles for
 * code_cache_write. Call before the runtime boots; no file is opened then. */
void code_cache_record(void);
bool code_cache_recording(void);
/* Compiles built-in `e` as the body of function(params...) named
 * "node:NAME", from its cache when there is one. NULL after throwing. */
sh_val code_cache_compile(sh_rt *rt, const shoal_jslib_entry *e, int nparams,
                          const char *const *params);
/* Writes the code caches of the recorded functions to `path` (through a
 * temporary file and rename, so running processes never see a partial
 * file). Returns 0, or -1 after printing why. */
int code_cache_write(sh_rt *rt, const char *path);
void code_cache_stats_get(code_cache_stats *out);
#endif
