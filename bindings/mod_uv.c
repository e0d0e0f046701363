/* internalBinding('uv'): libuv's error names and messages, for
 * util.getSystemErrorName / util.getSystemErrorMap (js-lib/util.js). */
#include <stdlib.h>
#include <uv.h>

#include "binding.h"

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

sh_val binding_uv_init(sh_rt *rt) {
  sh_val o = sh_obj(rt);
  bind_fn(rt, o, "errname", errname);
  bind_fn(rt, o, "errorList", error_list);
  return o;
}
