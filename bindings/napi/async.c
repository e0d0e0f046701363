/* Node-API: async work on the libuv thread pool, async contexts,
 * napi_make_callback and callback scopes. */
#include <stdlib.h>

#include "napi_internal.h"

#define V(x) ((sh_val)(x))
#define NV(x) ((napi_value)(x))

struct napi_async_work__ {
  uv_work_t req;
  napi_env env;
  napi_async_execute_callback execute;
  napi_async_complete_callback complete;
  void *data;
  bool queued;
  napi_status status; /* for complete: ok or cancelled */
};

napi_status napi_create_async_work(napi_env env, napi_value async_resource,
                                   napi_value async_resource_name,
                                   napi_async_execute_callback execute,
                                   napi_async_complete_callback complete, void *data,
                                   napi_async_work *result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, execute);
  NAPI_CHECK_ARG(env, result);
  (void)async_resource;
  (void)async_resource_name;
  napi_async_work w = calloc(1, sizeof *w);
  if (!w) return snapi_status(env, napi_generic_failure);
  w->env = env;
  w->execute = execute;
  w->complete = complete;
  w->data = data;
  w->req.data = w;
  *result = w;
  return NAPI_OK(env);
}

napi_status napi_delete_async_work(napi_env env, napi_async_work work) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, work);
  free(work);
  return NAPI_OK(env);
}

static void work_execute(uv_work_t *req) {
  napi_async_work w = req->data;
  w->execute(w->env, w->data);
}

static void work_complete_guarded(sh_rt *rt, void *p) {
  napi_async_work w = p;
  (void)rt;
  snapi_status(w->env, napi_ok);
  w->complete(w->env, w->status, w->data);
}

static void work_after(uv_work_t *req, int status) {
  napi_async_work w = req->data;
  w->queued = false;
  w->status = status == UV_ECANCELED ? napi_cancelled : napi_ok;
  /* complete may delete the work: nothing touches w after it. */
  if (w->complete) snapi_macrotask(w->env, work_complete_guarded, w);
}

napi_status napi_queue_async_work(node_api_nogc_env env, napi_async_work work) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, work);
  if (work->queued) return snapi_fail(env, napi_generic_failure, "async work already queued");
  if (uv_queue_work(env->loop, &work->req, work_execute, work_after) != 0)
    return snapi_fail(env, napi_generic_failure, "uv_queue_work failed");
  work->queued = true;
  return NAPI_OK(env);
}

napi_status napi_cancel_async_work(node_api_nogc_env env, napi_async_work work) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, work);
  if (uv_cancel((uv_req_t *)&work->req) != 0) return snapi_status(env, napi_generic_failure);
  return NAPI_OK(env);
}

/* --- async contexts and callbacks ---------------------------------------------
 * shoal has no async_hooks resources for native code: an async context is a
 * token, and a callback scope only counts nesting. */

struct napi_async_context__ {
  int unused;
};
struct napi_callback_scope__ {
  int unused;
};

napi_status napi_async_init(napi_env env, napi_value async_resource, napi_value async_resource_name,
                            napi_async_context *result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, async_resource_name);
  NAPI_CHECK_ARG(env, result);
  (void)async_resource;
  *result = calloc(1, sizeof **result);
  return *result ? NAPI_OK(env) : snapi_status(env, napi_generic_failure);
}

napi_status napi_async_destroy(napi_env env, napi_async_context async_context) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, async_context);
  free(async_context);
  return NAPI_OK(env);
}

napi_status napi_make_callback(napi_env env, napi_async_context async_context, napi_value recv,
                               napi_value func, size_t argc, const napi_value *argv,
                               napi_value *result) {
  (void)async_context;
  /* Every entry of the addon from the loop (async work, thread-safe
   * functions, finalizers) is a macrotask that runs nextTicks and microtasks
   * when it ends, as MakeCallback's scope does in Node. */
  return napi_call_function(env, recv, func, argc, argv, result);
}

napi_status napi_open_callback_scope(napi_env env, napi_value resource_object,
                                     napi_async_context context, napi_callback_scope *result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  (void)resource_object;
  (void)context;
  *result = calloc(1, sizeof **result);
  if (!*result) return snapi_status(env, napi_generic_failure);
  env->open_callback_scopes++;
  return NAPI_OK(env);
}

napi_status napi_close_callback_scope(napi_env env, napi_callback_scope scope) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, scope);
  if (env->open_callback_scopes == 0) return snapi_status(env, napi_callback_scope_mismatch);
  env->open_callback_scopes--;
  free(scope);
  return NAPI_OK(env);
}
