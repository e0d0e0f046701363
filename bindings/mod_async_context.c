/* internalBinding('async_context'): the context's continuation-preserved
 * data, which V8 carries across await and promise reactions. js-lib's
 * internal/async_context.js keeps the current AsyncLocalStorage frame there.
 *   get() -> value;  set(value) -> previous value */
#include "binding.h"

static void get(sh_cbinfo *ci) {
  sh_ret(ci, sh_async_context(sh_ci_rt(ci), NULL));
}

static void set(sh_cbinfo *ci) {
  sh_ret(ci, sh_async_context(sh_ci_rt(ci), sh_arg(ci, 0)));
}

sh_val binding_async_context_init(sh_rt *rt) {
  sh_val o = sh_obj(rt);
  bind_fn(rt, o, "get", get);
  bind_fn(rt, o, "set", set);
  return o;
}
