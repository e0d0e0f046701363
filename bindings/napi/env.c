/* Node-API: environments, statuses, instance data, cleanup hooks, versions,
 * the event loop, deferred finalizers and scripts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "napi_exit.h"
#include "napi_internal.h"
#include "runtime.h"

/* Node's messages, indexed by napi_status. */
static const char *const error_messages[] = {
    NULL,
    "Invalid argument",
    "An object was expected",
    "A string was expected",
    "A string or symbol was expected",
    "A function was expected",
    "A number was expected",
    "A boolean was expected",
    "An array was expected",
    "Unknown failure",
    "An exception is pending",
    "The async work item was cancelled",
    "napi_escape_handle already called on scope",
    "Invalid handle scope usage",
    "Invalid callback scope usage",
    "Thread-safe function queue is full",
    "Thread-safe function handle is closing",
    "A bigint was expected",
    "A date was expected",
    "An arraybuffer was expected",
    "A detachable arraybuffer was expected",
    "Main thread would deadlock",
    "External buffers are not allowed",
    "Cannot run JavaScript",
};

napi_status snapi_status(napi_env env, napi_status status) {
  env->last_error.error_code = status;
  env->last_error.engine_error_code = 0;
  env->last_error.engine_reserved = NULL;
  env->last_error.error_message = NULL;
  return status;
}

napi_status snapi_fail(napi_env env, napi_status status, const char *why) {
  snapi_status(env, status);
  snprintf(env->last_message, sizeof env->last_message, "%s", why);
  env->last_error.engine_reserved = env->last_message;
  return status;
}

napi_status napi_get_last_error_info(node_api_nogc_env env,
                                     const napi_extended_error_info **result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  napi_status s = env->last_error.error_code;
  if ((size_t)s < sizeof error_messages / sizeof error_messages[0])
    env->last_error.error_message = error_messages[s];
  /* Our own explanation (an unsupported call, say) wins over the generic one. */
  if (env->last_error.engine_reserved == env->last_message)
    env->last_error.error_message = env->last_message;
  *result = &env->last_error;
  return napi_ok;
}

/* --- environments -------------------------------------------------------- */

typedef struct cleanup_hook {
  napi_cleanup_hook fn;
  void *arg;
  napi_async_cleanup_hook async_fn;
  struct napi_async_cleanup_hook_handle__ *handle;
  napi_env env;
  struct cleanup_hook *next;
} cleanup_hook;

struct napi_async_cleanup_hook_handle__ {
  cleanup_hook *hook;
};

/* Hooks of the main thread's environments, newest first; they run at exit,
 * in reverse order of registration, as in Node. */
static cleanup_hook *g_hooks;

void snapi_exit_cleanup(void) {
  while (g_hooks) {
    cleanup_hook *h = g_hooks;
    g_hooks = h->next;
    if (h->fn) h->fn(h->arg);
    if (h->async_fn) h->async_fn(h->handle, h->arg);
    free(h);
  }
}

static cleanup_hook *add_hook(napi_env env, napi_cleanup_hook fn, void *arg) {
  static bool at_exit;
  if (!at_exit) at_exit = runtime_at_exit(snapi_exit_cleanup) == 0;
  cleanup_hook *h = calloc(1, sizeof *h);
  if (!h) return NULL;
  h->fn = fn;
  h->arg = arg;
  h->env = env;
  h->next = g_hooks;
  g_hooks = h;
  return h;
}

static void remove_hook(cleanup_hook *target) {
  for (cleanup_hook **p = &g_hooks; *p; p = &(*p)->next) {
    if (*p == target) {
      *p = target->next;
      free(target);
      return;
    }
  }
}

napi_status napi_add_env_cleanup_hook(node_api_nogc_env env, napi_cleanup_hook fun, void *arg) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, fun);
  if (!add_hook(env, fun, arg)) return snapi_status(env, napi_generic_failure);
  return NAPI_OK(env);
}

napi_status napi_remove_env_cleanup_hook(node_api_nogc_env env, napi_cleanup_hook fun, void *arg) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, fun);
  for (cleanup_hook *h = g_hooks; h; h = h->next) {
    if (h->env == env && h->fn == fun && h->arg == arg) {
      remove_hook(h);
      break;
    }
  }
  return NAPI_OK(env);
}

napi_status napi_add_async_cleanup_hook(node_api_nogc_env env, napi_async_cleanup_hook hook,
                                        void *arg, napi_async_cleanup_hook_handle *remove_handle) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, hook);
  cleanup_hook *h = add_hook(env, NULL, arg);
  struct napi_async_cleanup_hook_handle__ *handle = malloc(sizeof *handle);
  if (!h || !handle) {
    free(handle);
    if (h) remove_hook(h);
    return snapi_status(env, napi_generic_failure);
  }
  h->async_fn = hook;
  h->handle = handle;
  handle->hook = h;
  if (remove_handle) *remove_handle = handle;
  return NAPI_OK(env);
}

napi_status napi_remove_async_cleanup_hook(napi_async_cleanup_hook_handle remove_handle) {
  if (!remove_handle) return napi_invalid_arg;
  remove_hook(remove_handle->hook);
  free(remove_handle);
  return napi_ok;
}

static void on_finalize_async(uv_async_t *async);

napi_env snapi_env_new(sh_rt *rt, uv_loop_t *loop, const char *filename, sh_val buffer_proto) {
  napi_env env = calloc(1, sizeof *env);
  if (!env) return NULL;
  env->rt = rt;
  env->loop = loop;
  env->module_api_version = 8;
  size_t n = strlen(filename) + sizeof "file://";
  env->filename = malloc(n);
  if (env->filename) snprintf(env->filename, n, "file://%s", filename);
  if (buffer_proto) env->buffer_proto = sh_ref_new(rt, buffer_proto);
  uv_mutex_init(&env->finalize_lock);
  uv_async_init(loop, &env->finalize_async, on_finalize_async);
  env->finalize_async.data = env;
  uv_unref((uv_handle_t *)&env->finalize_async);
  return env;
}

/* --- instance data, versions, loop ---------------------------------------- */

napi_status napi_set_instance_data(node_api_nogc_env env, void *data, napi_finalize finalize_cb,
                                   void *finalize_hint) {
  NAPI_CHECK_ENV(env);
  env->instance_data = data;
  env->instance_finalize = finalize_cb;
  env->instance_hint = finalize_hint;
  return NAPI_OK(env);
}

napi_status napi_get_instance_data(node_api_nogc_env env, void **data) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, data);
  *data = env->instance_data;
  return NAPI_OK(env);
}

napi_status napi_get_version(node_api_nogc_env env, uint32_t *result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  *result = NAPI_VERSION;
  return NAPI_OK(env);
}

/* shoal's answer: the Node release it is compatible with (process.version). */
static const napi_node_version shoal_node_version = {20, 0, 0, "node"};

napi_status napi_get_node_version(node_api_nogc_env env, const napi_node_version **version) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, version);
  *version = &shoal_node_version;
  return NAPI_OK(env);
}

napi_status napi_get_uv_event_loop(node_api_nogc_env env, struct uv_loop_s **loop) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, loop);
  *loop = env->loop;
  return NAPI_OK(env);
}

napi_status node_api_get_module_file_name(node_api_nogc_env env, const char **result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  *result = env->filename;
  return NAPI_OK(env);
}

napi_status napi_adjust_external_memory(node_api_nogc_env env, int64_t change_in_bytes,
                                        int64_t *adjusted_value) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, adjusted_value);
  *adjusted_value = sh_adjust_external_memory(env->rt, change_in_bytes);
  return NAPI_OK(env);
}

void napi_fatal_error(const char *location, size_t location_len, const char *message,
                      size_t message_len) {
  if (location && location_len == NAPI_AUTO_LENGTH) location_len = strlen(location);
  if (message && message_len == NAPI_AUTO_LENGTH) message_len = strlen(message);
  fprintf(stderr, "FATAL ERROR: %.*s %.*s\n", location ? (int)location_len : 0,
          location ? location : "", message ? (int)message_len : 0, message ? message : "");
  fflush(stderr);
  abort();
}

/* --- scripts ---------------------------------------------------------------- */

napi_status napi_run_script(napi_env env, napi_value script, napi_value *result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, script);
  NAPI_CHECK_ARG(env, result);
  sh_val s = (sh_val)script;
  if (!sh_is(s, SH_STRING)) return snapi_status(env, napi_string_expected);
  size_t len = 0;
  char *src = sh_to_utf8(env->rt, s, &len);
  if (!src) return NAPI_THREW(env);
  sh_val v = sh_run_script(env->rt, src, len, "evalmachine.<anonymous>");
  free(src);
  if (!v) return NAPI_THREW(env);
  *result = (napi_value)v;
  return NAPI_OK(env);
}

/* --- finalizers and macrotasks ----------------------------------------------- */

typedef struct finalize_call {
  napi_env env;
  napi_finalize cb;
  void *data, *hint;
} finalize_call;

static void finalize_guarded(sh_rt *rt, void *p) {
  finalize_call *c = p;
  (void)rt;
  c->cb(c->env, c->data, c->hint);
}

void snapi_finalize(napi_env env, napi_finalize cb, void *data, void *hint) {
  if (!cb) return;
  finalize_call c = {env, cb, data, hint};
  sh_guarded(env->rt, finalize_guarded, &c);
}

/* Finalizers that V8 asked for (weak callbacks, or the deleter of an
 * external ArrayBuffer, which may run on a GC thread): they run from the loop
 * through the environment's async handle (unreferenced, so it never keeps a
 * process alive), because JavaScript must not run inside garbage collection. */
typedef struct deferred {
  finalize_call call;
  struct deferred *next;
} deferred;

static void drain_deferred(sh_rt *rt, void *data) {
  napi_env env = data;
  (void)rt;
  for (;;) {
    uv_mutex_lock(&env->finalize_lock);
    deferred *d = env->finalize_queue;
    if (d) env->finalize_queue = d->next;
    uv_mutex_unlock(&env->finalize_lock);
    if (!d) return;
    snapi_finalize(d->call.env, d->call.cb, d->call.data, d->call.hint);
    free(d);
  }
}

static void on_finalize_async(uv_async_t *async) {
  snapi_macrotask(async->data, drain_deferred, async->data);
}

void snapi_defer_finalize(napi_env env, napi_finalize cb, void *data, void *hint) {
  if (!cb) return;
  deferred *d = malloc(sizeof *d);
  if (!d) return;
  d->call = (finalize_call){env, cb, data, hint};
  uv_mutex_lock(&env->finalize_lock);
  d->next = env->finalize_queue; /* order among finalizers is unspecified */
  env->finalize_queue = d;
  uv_mutex_unlock(&env->finalize_lock);
  uv_async_send(&env->finalize_async);
}

void snapi_macrotask(napi_env env, sh_rt_fn fn, void *data) {
  sh_scope *scope = sh_scope_open(env->rt, false);
  sh_guarded(env->rt, fn, data);
  runtime_tick(env->rt);
  sh_scope_close(scope);
}
