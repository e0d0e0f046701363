/* Node-API: references (strong while counted, weak at count 0), handle
 * scopes (escapable too), errors and pending exceptions. */
#include <stdlib.h>
#include <string.h>

#include "napi_internal.h"
#include "runtime.h"

#define V(x) ((sh_val)(x))
#define NV(x) ((napi_value)(x))

/* --- references ------------------------------------------------------------ */

struct napi_ref__ {
  napi_env env;
  sh_ref *ref;
  uint32_t count;
  bool weakable;
};

static void ref_collected(void *data) {
  (void)data; /* sh_ref_get now answers NULL; the napi_ref stays until deleted */
}

napi_status napi_create_reference(napi_env env, napi_value value, uint32_t initial_refcount,
                                  napi_ref *result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, result);
  sh_val v = V(value);
  /* Up to Node-API 9 only values that can be weak; addons declaring a later
   * version (node_api_module_get_api_version_v1) may hold any value, which
   * then stays strong at count 0 (a primitive is never collected). */
  bool weakable = sh_is(v, SH_OBJECT) || sh_is(v, SH_FUNCTION) || sh_is(v, SH_SYMBOL);
  if (!weakable && env->module_api_version <= 9 &&
      env->module_api_version != NAPI_VERSION_EXPERIMENTAL)
    return snapi_status(env, napi_invalid_arg);
  struct napi_ref__ *r = calloc(1, sizeof *r);
  if (!r) return snapi_status(env, napi_generic_failure);
  r->env = env;
  r->ref = sh_ref_new(env->rt, v);
  r->count = initial_refcount;
  r->weakable = weakable;
  if (r->count == 0 && weakable) sh_ref_weak(r->ref, ref_collected, r);
  *result = r;
  return NAPI_OK(env);
}

napi_status napi_delete_reference(napi_env env, napi_ref ref) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, ref);
  sh_ref_free(ref->ref);
  free(ref);
  return NAPI_OK(env);
}

napi_status napi_reference_ref(napi_env env, napi_ref ref, uint32_t *result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, ref);
  if (ref->count == 0) {
    if (!sh_ref_get(env->rt, ref->ref)) {
      /* collected: Node keeps the count at 0 */
      if (result) *result = 0;
      return NAPI_OK(env);
    }
    if (ref->weakable) sh_ref_strong(ref->ref);
  }
  ref->count++;
  if (result) *result = ref->count;
  return NAPI_OK(env);
}

napi_status napi_reference_unref(napi_env env, napi_ref ref, uint32_t *result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, ref);
  if (ref->count == 0) return snapi_status(env, napi_generic_failure);
  if (--ref->count == 0 && ref->weakable) sh_ref_weak(ref->ref, ref_collected, ref);
  if (result) *result = ref->count;
  return NAPI_OK(env);
}

napi_status napi_get_reference_value(napi_env env, napi_ref ref, napi_value *result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, ref);
  NAPI_CHECK_ARG(env, result);
  *result = NV(sh_ref_get(env->rt, ref->ref)); /* NULL once collected */
  return NAPI_OK(env);
}

/* --- handle scopes ------------------------------------------------------------ */

static napi_status open_scope(napi_env env, bool escapable, void **result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  *result = sh_scope_open(env->rt, escapable);
  env->open_scopes++;
  return NAPI_OK(env);
}

static napi_status close_scope(napi_env env, void *scope) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, scope);
  if (env->open_scopes == 0) return snapi_status(env, napi_handle_scope_mismatch);
  env->open_scopes--;
  sh_scope_close(scope);
  return NAPI_OK(env);
}

napi_status napi_open_handle_scope(napi_env env, napi_handle_scope *result) {
  return open_scope(env, false, (void **)result);
}

napi_status napi_close_handle_scope(napi_env env, napi_handle_scope scope) {
  return close_scope(env, scope);
}

napi_status napi_open_escapable_handle_scope(napi_env env, napi_escapable_handle_scope *result) {
  return open_scope(env, true, (void **)result);
}

napi_status napi_close_escapable_handle_scope(napi_env env, napi_escapable_handle_scope scope) {
  return close_scope(env, scope);
}

napi_status napi_escape_handle(napi_env env, napi_escapable_handle_scope scope, napi_value escapee,
                               napi_value *result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, scope);
  NAPI_CHECK_ARG(env, escapee);
  NAPI_CHECK_ARG(env, result);
  sh_val v = sh_scope_escape((sh_scope *)scope, V(escapee));
  if (!v) return snapi_status(env, napi_escape_called_twice);
  *result = NV(v);
  return NAPI_OK(env);
}

/* --- errors ------------------------------------------------------------------ */

static napi_status make_error(napi_env env, sh_error_kind kind, napi_value code, napi_value msg,
                              napi_value *result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, msg);
  NAPI_CHECK_ARG(env, result);
  if (!sh_is(V(msg), SH_STRING)) return snapi_status(env, napi_string_expected);
  sh_val err = sh_error_v(env->rt, kind, V(msg));
  if (code) {
    if (!sh_is(V(code), SH_STRING)) return snapi_status(env, napi_string_expected);
    if (sh_set_s(env->rt, err, "code", V(code)) != 0) return NAPI_THREW(env);
  }
  *result = NV(err);
  return NAPI_OK(env);
}

napi_status napi_create_error(napi_env env, napi_value code, napi_value msg, napi_value *result) {
  return make_error(env, SH_ERROR, code, msg, result);
}
napi_status napi_create_type_error(napi_env env, napi_value code, napi_value msg,
                                   napi_value *result) {
  return make_error(env, SH_TYPE_ERROR, code, msg, result);
}
napi_status napi_create_range_error(napi_env env, napi_value code, napi_value msg,
                                    napi_value *result) {
  return make_error(env, SH_RANGE_ERROR, code, msg, result);
}
napi_status node_api_create_syntax_error(napi_env env, napi_value code, napi_value msg,
                                         napi_value *result) {
  return make_error(env, SH_SYNTAX_ERROR, code, msg, result);
}

napi_status napi_throw(napi_env env, napi_value error) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, error);
  sh_throw(env->rt, V(error));
  return NAPI_OK(env);
}

static napi_status throw_error(napi_env env, sh_error_kind kind, const char *code,
                               const char *msg) {
  NAPI_PREAMBLE(env);
  sh_val m = msg ? snapi_str(env, msg, NAPI_AUTO_LENGTH) : NULL;
  if (!m) return snapi_status(env, napi_invalid_arg);
  sh_val err = sh_error_v(env->rt, kind, m);
  if (code) {
    sh_val c = snapi_str(env, code, NAPI_AUTO_LENGTH);
    if (!c || sh_set_s(env->rt, err, "code", c) != 0)
      return snapi_status(env, napi_generic_failure);
  }
  sh_throw(env->rt, err);
  return NAPI_OK(env);
}

napi_status napi_throw_error(napi_env env, const char *code, const char *msg) {
  return throw_error(env, SH_ERROR, code, msg);
}
napi_status napi_throw_type_error(napi_env env, const char *code, const char *msg) {
  return throw_error(env, SH_TYPE_ERROR, code, msg);
}
napi_status napi_throw_range_error(napi_env env, const char *code, const char *msg) {
  return throw_error(env, SH_RANGE_ERROR, code, msg);
}
napi_status node_api_throw_syntax_error(napi_env env, const char *code, const char *msg) {
  return throw_error(env, SH_SYNTAX_ERROR, code, msg);
}

napi_status napi_is_exception_pending(napi_env env, bool *result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  *result = sh_guard_pending(env->rt);
  return NAPI_OK(env);
}

napi_status napi_get_and_clear_last_exception(napi_env env, napi_value *result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  sh_val e = sh_guard_take(env->rt);
  *result = NV(e ? e : sh_undefined(env->rt));
  return NAPI_OK(env);
}

/* An exception the addon wants treated as uncaught: process
 * 'uncaughtException' (or the exit Node makes without a handler), now. */
napi_status napi_fatal_exception(napi_env env, napi_value err) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, err);
  sh_val e = V(err);
  if (runtime_hook(env->rt, "onUncaught", 1, &e, NULL) != 0) return NAPI_THREW(env);
  return NAPI_OK(env);
}
