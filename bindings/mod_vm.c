/* internalBinding('vm'): the native side of the `vm` module (js-lib/vm.js):
 * contextified sandboxes, scripts, functions compiled in a context. The
 * values and their lifetimes are V8's (see the vm section of v8shim.h). */
#include <stdlib.h>

#include "binding.h"

/* makeContext(sandbox) -> global of the new context */
static void make_context(sh_cbinfo *ci) {
  sh_val g = sh_vm_make_context(sh_ci_rt(ci), sh_arg(ci, 0));
  if (g) sh_ret(ci, g);
}

/* contextGlobal(sandbox) -> global | undefined (not contextified) */
static void context_global(sh_cbinfo *ci) {
  sh_val g = sh_vm_context_global(sh_ci_rt(ci), sh_arg(ci, 0));
  if (g) sh_ret(ci, g);
}

/* compileScript(source, filename, lineOffset, columnOffset, cachedData)
 *   -> [script, cachedDataRejected] */
static void compile_script(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  uint8_t *cache = NULL;
  size_t cache_len = 0;
  if (sh_bytes(sh_arg(ci, 4), &cache, &cache_len) != 0) cache_len = 0;
  int rejected = 0;
  sh_val s = sh_vm_script_new(rt, sh_arg(ci, 0), sh_arg(ci, 1), (int)arg_i64(ci, 2),
                              (int)arg_i64(ci, 3), cache, cache_len, &rejected);
  if (!s) return;
  sh_val out[2] = {s, sh_bool(rt, rejected != 0)};
  sh_ret(ci, sh_arr_of(rt, out, 2));
}

/* runScript(script, global | null, timeoutMs) -> result; a timeout returns
 * the binding's `timedOut` marker. */
static void run_script(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  sh_val global = sh_arg(ci, 1);
  if (!sh_is(global, SH_OBJECT)) global = NULL;
  double ms = arg_num(ci, 2);
  bool timed_out = false;
  sh_val r = sh_vm_script_run(rt, sh_arg(ci, 0), global, ms > 0 ? (uint64_t)ms : 0, &timed_out);
  if (r) sh_ret(ci, r);
  else if (timed_out) sh_ret(ci, sh_get_s(rt, sh_this(ci), "timedOut"));
}

static void free_cache(void *data, size_t len, void *hint) {
  (void)len;
  (void)hint;
  free(data);
}

/* createCachedData(script) -> ArrayBuffer */
static void create_cached_data(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  size_t len = 0;
  uint8_t *data = sh_vm_script_cache(rt, sh_arg(ci, 0), &len);
  if (!data) {
    sh_ret(ci, sh_arraybuffer(rt, 0, NULL));
    return;
  }
  sh_ret(ci, sh_arraybuffer_external(rt, data, len, free_cache, NULL));
}

/* compileFunction(source, filename, lineOffset, columnOffset, params,
 *                 global | null, extensions) -> function */
static void compile_function(sh_cbinfo *ci) {
  sh_val global = sh_arg(ci, 5);
  if (!sh_is(global, SH_OBJECT)) global = NULL;
  sh_val fn =
      sh_vm_compile_function(sh_ci_rt(ci), sh_arg(ci, 0), sh_arg(ci, 1), sh_arg(ci, 4), global,
                             sh_arg(ci, 6), (int)arg_i64(ci, 2), (int)arg_i64(ci, 3));
  if (fn) sh_ret(ci, fn);
}

sh_val binding_vm_init(sh_rt *rt) {
  sh_val b = sh_obj(rt);
  bind_fn(rt, b, "makeContext", make_context);
  bind_fn(rt, b, "contextGlobal", context_global);
  bind_fn(rt, b, "compileScript", compile_script);
  bind_fn(rt, b, "runScript", run_script);
  bind_fn(rt, b, "createCachedData", create_cached_data);
  bind_fn(rt, b, "compileFunction", compile_function);
  sh_set_s(rt, b, "timedOut", sh_obj(rt));
  return b;
}
