#ifndef SHOAL_BINDINGS_NAPI_INTERNAL_H
#define SHOAL_BINDINGS_NAPI_INTERNAL_H
/* napi_internal: what the Node-API files (bindings/napi/) share: the
 * environment structure behind napi_env, status reporting and the argument
 * checks every call starts with.
 *
 * Node-API is implemented in C over the V8 shim (bindings/v8shim.h). The ABI
 * is Node's own js_native_api.h/node_api.h. A napi_value is a sh_val. One
 * napi_env exists per loaded addon per runtime (as in Node); it lives as long
 * as the runtime, which frees nothing at exit (its cleanup hooks run then). */
#define NAPI_VERSION 9
#include <node_api.h>
#include <uv.h>

#include "v8shim.h"

/* Statuses are kept per environment for napi_get_last_error_info. */
struct napi_env__ {
  sh_rt *rt;
  uv_loop_t *loop;
  char *filename; /* file:// URL of the addon (node_api_get_module_file_name); owned */
  int32_t module_api_version;
  napi_extended_error_info last_error;
  char last_message[160];
  sh_ref *buffer_proto; /* Buffer.prototype, to make Buffers; owned */
  void *instance_data;
  napi_finalize instance_finalize;
  void *instance_hint;
  int open_scopes; /* handle scopes the addon opened and has not closed */
  int open_callback_scopes;
  /* Finalizers waiting to run from the loop (snapi_defer_finalize). */
  uv_mutex_t finalize_lock;
  void *finalize_queue;
  uv_async_t finalize_async;
};

/* --- status ------------------------------------------------------------- */
napi_status snapi_status(napi_env env, napi_status status);
/* A failure with a message of our own for napi_get_last_error_info. */
napi_status snapi_fail(napi_env env, napi_status status, const char *why);
#define NAPI_OK(env) snapi_status((env), napi_ok)
#define NAPI_CHECK_ENV(env)              \
  do {                                   \
    if (!(env)) return napi_invalid_arg; \
  } while (0)
#define NAPI_CHECK_ARG(env, arg)                              \
  do {                                                        \
    if (!(arg)) return snapi_status((env), napi_invalid_arg); \
  } while (0)
/* Calls that may run JavaScript refuse to while an exception is pending. */
#define NAPI_PREAMBLE(env)                                                               \
  do {                                                                                   \
    NAPI_CHECK_ENV(env);                                                                 \
    if (sh_guard_pending((env)->rt)) return snapi_status((env), napi_pending_exception); \
  } while (0)
/* After a shim call that returns NULL/-1 when JavaScript threw. */
#define NAPI_THREW(env) \
  snapi_status((env), sh_guard_pending((env)->rt) ? napi_pending_exception : napi_generic_failure)

/* --- shared helpers ------------------------------------------------------- */
/* A string value from (str, length) with NAPI_AUTO_LENGTH; NULL when too long. */
sh_val snapi_str(napi_env env, const char *str, size_t length);
/* Runs a finalizer callback of the addon under a guard (exceptions it throws
 * become uncaught exceptions, as in Node). */
void snapi_finalize(napi_env env, napi_finalize cb, void *data, void *hint);
/* Defines one property descriptor on obj (napi_define_properties, and the
 * static members of classes). */
napi_status snapi_define(napi_env env, sh_val obj, const napi_property_descriptor *p);
sh_val snapi_property_key(napi_env env, const napi_property_descriptor *p);
/* Queues fn to run from the loop soon, outside garbage collection. */
void snapi_defer_finalize(napi_env env, napi_finalize cb, void *data, void *hint);
/* Makes a JavaScript function that calls cb with Node-API's callback info. */
sh_val snapi_function(napi_env env, sh_val name, napi_callback cb, void *data);
/* Keeps cb+data for a function made from a template (classes); never freed. */
void *snapi_callback_data(napi_env env, napi_callback cb, void *data);
void snapi_trampoline(sh_cbinfo *ci);
/* Runs cb(env, data, hint) when the object v is collected (deferred to the
 * loop); returns a handle for snapi_cancel_finalizer, NULL on failure. */
void *snapi_on_collect(napi_env env, sh_val v, napi_finalize cb, void *data, void *hint);
void snapi_cancel_finalizer(void *handle);
/* Runs fn under a guard with JavaScript's nextTicks/microtasks afterwards
 * when no JavaScript is below (a macrotask, as Node's MakeCallback). */
void snapi_macrotask(napi_env env, sh_rt_fn fn, void *data);

/* The environment of a fresh addon load (mod_napi.c). */
napi_env snapi_env_new(sh_rt *rt, uv_loop_t *loop, const char *filename, sh_val buffer_proto);
#endif
