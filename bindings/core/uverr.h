#ifndef SHOAL_BINDINGS_UVERR_H
#define SHOAL_BINDINGS_UVERR_H
/* uverr: Node-style error objects for libuv failures:
 *   Error: ENOENT: no such file or directory, open 'x'
 * with errno (negative), code, syscall, path and dest properties. */
#include "v8shim.h"

/* path and dest may be NULL. */
sh_val uverr_new(sh_rt *rt, int err, const char *syscall, const char *path, const char *dest);
void uverr_throw(sh_rt *rt, int err, const char *syscall, const char *path, const char *dest);
#endif
