/* internalBinding('module'): compiling code for the module loaders in
 * js-lib/internal/loader.js and js-lib/internal/modules/: built-ins (from
 * the code cache when there is one), CommonJS function wrappers, ES module
 * records, microtasks, and the source position of an error for Node's
 * uncaught-exception header. */
#include <stdlib.h>
#include <string.h>

#include "binding.h"
#include "code_cache.h"
#include "jslib.h"
#include "runtime.h"

/* The js-lib entry named by argument 0, or NULL. */
static const shoal_jslib_entry *arg_builtin(sh_cbinfo *ci) {
  size_t len;
  char *name = sh_to_utf8(sh_ci_rt(ci), sh_arg(ci, 0), &len);
  const shoal_jslib_entry *e = name ? jslib_find(name, len) : NULL;
  free(name);
  return e;
}

/* hasBuiltin(name) -> boolean */
static void has_builtin(sh_cbinfo *ci) {
  sh_ret(ci, sh_bool(sh_ci_rt(ci), arg_builtin(ci) != NULL));
}

/* compileBuiltin(name) -> function(exports, require, module, __filename,
 * __dirname, internalBinding) | undefined, from the code cache when it has
 * the built-in (bindings/core/code_cache.h). */
static void compile_builtin(sh_cbinfo *ci) {
  static const char *const params[] = {"exports",    "require",   "module",
                                       "__filename", "__dirname", "internalBinding"};
  const shoal_jslib_entry *e = arg_builtin(ci);
  if (!e) return;
  sh_val fn = code_cache_compile(sh_ci_rt(ci), e, 6, params);
  if (fn) sh_ret(ci, fn);
}

/* codeCacheStats() -> {loaded, accepted, rejected, corrupt, missing} */
static void cache_stats(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  code_cache_stats st;
  code_cache_stats_get(&st);
  sh_val o = sh_obj(rt);
  sh_set_s(rt, o, "loaded", sh_bool(rt, st.loaded));
  bind_int(rt, o, "accepted", st.accepted);
  bind_int(rt, o, "rejected", st.rejected);
  bind_int(rt, o, "corrupt", st.corrupt);
  bind_int(rt, o, "missing", st.missing);
  sh_ret(ci, o);
}

/* writeCodeCache() -> whether the code caches were written (only while
 * `run --build-code-cache FILE` runs: internal/code_cache). */
static void write_code_cache(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  sh_ret(ci, sh_bool(rt, runtime_write_code_cache(rt) == 0));
}

/* builtinNames() -> array of every js-lib module name */
static void builtin_names(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  sh_val arr = sh_arr(rt, 0);
  uint32_t n = 0;
  for (const shoal_jslib_entry *e = shoal_jslib; e->name; e++) {
    sh_set_i(rt, arr, n++, sh_str(rt, e->name, SIZE_MAX));
  }
  sh_ret(ci, arr);
}

/* compileFunction(source, filename, [params]) -> function */
static void compile_function(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  size_t len;
  char *src = sh_to_utf8(rt, sh_arg(ci, 0), &len);
  char *file = arg_utf8(ci, 1);
  sh_val params = sh_arg(ci, 2);
  uint32_t n = sh_arr_length(rt, params);
  char **names = calloc(n + 1, sizeof *names);
  for (uint32_t i = 0; src && file && i < n; i++)
    names[i] = sh_to_utf8(rt, sh_get_i(rt, params, i), NULL);
  if (src && file) {
    sh_val fn = sh_compile_function(rt, src, len, file, (int)n, (const char *const *)names);
    if (fn) sh_ret(ci, fn);
  }
  for (uint32_t i = 0; i < n; i++) free(names[i]);
  free(names);
  free(src);
  free(file);
}

/* runScript(source, filename) -> completion value */
static void run_script(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  size_t len;
  char *src = sh_to_utf8(rt, sh_arg(ci, 0), &len);
  char *file = arg_utf8(ci, 1);
  if (src && file) {
    sh_val v = sh_run_script(rt, src, len, file);
    if (v) sh_ret(ci, v);
  }
  free(src);
  free(file);
}

static void compile_module(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  sh_val src = sh_to_string(rt, sh_arg(ci, 0));
  sh_val url = sh_to_string(rt, sh_arg(ci, 1));
  if (!src || !url) return;
  sh_val m = sh_module_compile(rt, src, url);
  if (m) sh_ret(ci, m);
}

/* syntheticModule(url, exportNames, valuesObject) */
static void synthetic_module(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  sh_val url = sh_to_string(rt, sh_arg(ci, 0));
  if (!url || !sh_is(sh_arg(ci, 1), SH_ARRAY)) return;
  sh_ret(ci, sh_module_synthetic(rt, url, sh_arg(ci, 1), sh_arg(ci, 2)));
}

/* setSyntheticExport(wrapper, name, value): true when set. */
static void set_synthetic_export(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  sh_ret(ci,
         sh_bool(rt, sh_module_set_export(rt, sh_arg(ci, 0), sh_arg(ci, 1), sh_arg(ci, 2)) == 0));
}

static void module_requests(sh_cbinfo *ci) {
  sh_ret(ci, sh_module_requests(sh_ci_rt(ci), sh_arg(ci, 0)));
}

/* The JavaScript linker stores resolved dependencies on the referrer's
 * wrapper as wrapper.links[specifier] before instantiation. */
static sh_val resolve_linked(sh_rt *rt, sh_val specifier, sh_val referrer, void *data) {
  (void)data;
  sh_val links = sh_get_s(rt, referrer, "links");
  if (!links) return NULL;
  sh_val dep = sh_get(rt, links, specifier);
  if (!dep || !sh_is(dep, SH_OBJECT)) {
    char *s = sh_to_utf8(rt, specifier, NULL);
    sh_throw_error(rt, SH_ERROR, "module '%s' was not linked", s ? s : "?");
    free(s);
    return NULL;
  }
  return dep;
}

static void module_instantiate(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  if (sh_module_instantiate(rt, sh_arg(ci, 0), resolve_linked, NULL) == 0)
    sh_ret(ci, sh_bool(rt, true));
}

static void module_evaluate(sh_cbinfo *ci) {
  sh_val p = sh_module_evaluate(sh_ci_rt(ci), sh_arg(ci, 0));
  if (p) sh_ret(ci, p);
}

/* graphAsync(module) -> 1 when its instantiated graph has a top-level await,
 * 0 when not, -1 when it is not instantiated. */
static void module_graph_async(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  sh_ret(ci, sh_int(rt, sh_module_graph_async(rt, sh_arg(ci, 0))));
}

/* evaluateSync(module) -> namespace, for require(esm): the caller checked
 * with graphAsync that the graph has no top-level await, so the promise
 * Evaluate returns is already settled. Its rejection is thrown here, so the
 * promise is marked handled (never an unhandled rejection). */
static void module_evaluate_sync(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  sh_val p = sh_module_evaluate(rt, sh_arg(ci, 0));
  if (!p) return;
  sh_val result = NULL;
  switch (sh_promise_state(p, &result)) {
    case 1: sh_ret(ci, sh_module_namespace(rt, sh_arg(ci, 0))); return;
    case 2:
      sh_promise_mark_handled(rt, p);
      sh_throw(rt, result);
      return;
    default: sh_throw_error(rt, SH_ERROR, "module evaluation did not settle synchronously");
  }
}

static void module_namespace(sh_cbinfo *ci) {
  sh_ret(ci, sh_module_namespace(sh_ci_rt(ci), sh_arg(ci, 0)));
}

static void module_status(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  sh_ret(ci, sh_int(rt, sh_module_status(rt, sh_arg(ci, 0))));
}

static void module_exception(sh_cbinfo *ci) {
  sh_ret(ci, sh_module_exception(sh_ci_rt(ci), sh_arg(ci, 0)));
}

static void run_microtasks(sh_cbinfo *ci) {
  sh_run_microtasks(sh_ci_rt(ci));
}

/* getErrorSource(error) -> {file, line, sourceLine, startColumn, endColumn} | undefined */
static void get_error_source(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  sh_source_pos pos;
  if (sh_exception_pos(rt, sh_arg(ci, 0), &pos) != 0) return;
  sh_val o = sh_obj(rt);
  if (pos.file) bind_str(rt, o, "file", pos.file);
  if (pos.source_line) bind_str(rt, o, "sourceLine", pos.source_line);
  bind_int(rt, o, "line", pos.line);
  bind_int(rt, o, "startColumn", pos.start_col);
  bind_int(rt, o, "endColumn", pos.end_col);
  sh_source_pos_free(&pos);
  sh_ret(ci, o);
}

/* tickInfo: the flags the runtime reads to skip entering JavaScript after a
 * macrotask (see shoal_runtime.tick_info). */
static sh_val tick_info(sh_rt *rt) {
  shoal_runtime *r = runtime_get(rt);
  void *data;
  sh_val ab = sh_arraybuffer(rt, 4, &data);
  r->tick_info = data;
  r->tick_info_ref = sh_ref_new(rt, ab); /* keeps the memory alive */
  return sh_uint8array(rt, ab, 0, 4);
}

sh_val binding_module_init(sh_rt *rt) {
  sh_val o = sh_obj(rt);
  sh_set_s(rt, o, "tickInfo", tick_info(rt));
  bind_fn(rt, o, "builtinNames", builtin_names);
  bind_fn(rt, o, "hasBuiltin", has_builtin);
  bind_fn(rt, o, "compileBuiltin", compile_builtin);
  bind_fn(rt, o, "codeCacheStats", cache_stats);
  bind_fn(rt, o, "writeCodeCache", write_code_cache);
  bind_fn(rt, o, "compileFunction", compile_function);
  bind_fn(rt, o, "runScript", run_script);
  bind_fn(rt, o, "compileModule", compile_module);
  bind_fn(rt, o, "syntheticModule", synthetic_module);
  bind_fn(rt, o, "setSyntheticExport", set_synthetic_export);
  bind_fn(rt, o, "moduleRequests", module_requests);
  bind_fn(rt, o, "instantiate", module_instantiate);
  bind_fn(rt, o, "evaluate", module_evaluate);
  bind_fn(rt, o, "graphAsync", module_graph_async);
  bind_fn(rt, o, "evaluateSync", module_evaluate_sync);
  bind_fn(rt, o, "namespace", module_namespace);
  bind_fn(rt, o, "status", module_status);
  bind_fn(rt, o, "exception", module_exception);
  bind_fn(rt, o, "runMicrotasks", run_microtasks);
  bind_fn(rt, o, "getErrorSource", get_error_source);
  return o;
}
