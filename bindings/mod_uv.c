/* internalBinding('uv'): libuv's error names and messages, for
 * util.getSystemErrorName / util.getSystemErrorMap (js-lib/util.js), and
 * Node's uvException for errors js-lib reports from a returned code. */
#include <stdlib.h>
#include <uv.h>

#include "binding.h"
#include "uverr.h"

/* errname(err) -> 'ENOENT' (or 'Unknown system error N') */
static void errname(sh_cbinfo *ci) {
  sh_ret(ci, sh_str(sh_ci_rt(ci), uv_err_name((int)arg_i64(ci, 0)), SIZE_MAX));
}

/* errorList() -> [[errno, name, message], ...] for every libuv error */
static void error_list(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  static const int codes[] = {
#define XX(code, _) UV_##code,
      UV_ERRNO_MAP(XX)
#undef XX
  };
  size_t n = sizeof codes / sizeof codes[0];
  sh_val arr = sh_arr(rt, (uint32_t)n);
  for (size_t i = 0; i < n; i++) {
    sh_val row[3] = {sh_int(rt, codes[i]), sh_str(rt, uv_err_name(codes[i]), SIZE_MAX),
                     sh_str(rt, uv_strerror(codes[i]), SIZE_MAX)};
    sh_set_i(rt, arr, (uint32_t)i, sh_arr_of(rt, row, 3));
  }
  sh_ret(ci, arr);
}

/* Argument i as a string, or NULL when it is undefined or null. */
static char *opt_utf8(sh_cbinfo *ci, int i) {
  sh_val v = sh_arg(ci, i);
  return sh_is(v, SH_UNDEFINED) || sh_is(v, SH_NULL) ? NULL : arg_utf8(ci, i);
}

/* uvException(err, syscall, path?, dest?) -> the error a failed fs call
 * throws: `ENOENT: no such file or directory, watch 'x'` */
static void uv_exception(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  char *syscall = arg_utf8(ci, 1);
  if (!syscall) return;
  char *path = opt_utf8(ci, 2), *dest = opt_utf8(ci, 3);
  sh_ret(ci, uverr_new(rt, (int)arg_i64(ci, 0), syscall, path, dest));
  free(syscall);
  free(path);
  free(dest);
}

sh_val binding_uv_init(sh_rt *rt) {
  sh_val o = sh_obj(rt);
  bind_fn(rt, o, "errname", errname);
  bind_fn(rt, o, "errorList", error_list);
  bind_fn(rt, o, "uvException", uv_exception);
  return o;
}
