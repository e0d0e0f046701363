/* uverr: see uverr.h. */
#include "uverr.h"

#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

#include "binding.h"

sh_val uverr_new(sh_rt *rt, int err, const char *syscall, const char *path, const char *dest) {
  char msg[8192];
  int n = snprintf(msg, sizeof msg, "%s: %s, %s", uv_err_name(err), uv_strerror(err), syscall);
  if (path && n < (int)sizeof msg) n += snprintf(msg + n, sizeof msg - (size_t)n, " '%s'", path);
  if (dest && n < (int)sizeof msg) snprintf(msg + n, sizeof msg - (size_t)n, " -> '%s'", dest);
  sh_val e = sh_error(rt, SH_ERROR, msg);
  bind_int(rt, e, "errno", err);
  bind_str(rt, e, "code", uv_err_name(err));
  bind_str(rt, e, "syscall", syscall);
  if (path) bind_str(rt, e, "path", path);
  if (dest) bind_str(rt, e, "dest", dest);
  return e;
}

void uverr_throw(sh_rt *rt, int err, const char *syscall, const char *path, const char *dest) {
  sh_throw(rt, uverr_new(rt, err, syscall, path, dest));
}
