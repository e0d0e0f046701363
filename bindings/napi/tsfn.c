/* Node-API: thread-safe functions. Any thread queues data; the runtime's
 * thread, woken by a uv_async, calls call_js_cb (or the function) for each
 * item. The function is finalized on the runtime's thread once every thread
 * released it (or one aborted) and the queue is empty. */
#include <stdlib.h>

#include "napi_internal.h"

#define V(x) ((sh_val)(x))
#define NV(x) ((napi_value)(x))

typedef struct item {
  void *data;
  struct item *next;
} item;

struct napi_threadsafe_function__ {
  uv_async_t async;
  uv_mutex_t lock;
  uv_cond_t not_full;
  napi_env env;
  sh_ref *func; /* may be NULL */
  void *context;
  napi_threadsafe_function_call_js call_js;
  napi_finalize finalize_cb;
  void *finalize_data;
  size_t max_queue, size, threads;
  item *head, *tail;
  bool closing, aborted, finalized;
  uv_thread_t owner;
};

static void on_async(uv_async_t *async);

napi_status napi_create_threadsafe_function(napi_env env, napi_value func,
                                            napi_value async_resource,
                                            napi_value async_resource_name, size_t max_queue_size,
                                            size_t initial_thread_count, void *thread_finalize_data,
                                            napi_finalize thread_finalize_cb, void *context,
                                            napi_threadsafe_function_call_js call_js_cb,
                                            napi_threadsafe_function *result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, async_resource_name);
  NAPI_CHECK_ARG(env, result);
  (void)async_resource;
  if (initial_thread_count == 0) return snapi_status(env, napi_invalid_arg);
  if (!func && !call_js_cb) return snapi_status(env, napi_invalid_arg);
  if (func && !sh_is(V(func), SH_FUNCTION)) return snapi_status(env, napi_function_expected);
  napi_threadsafe_function t = calloc(1, sizeof *t);
  if (!t) return snapi_status(env, napi_generic_failure);
  t->env = env;
  t->func = func ? sh_ref_new(env->rt, V(func)) : NULL;
  t->context = context;
  t->call_js = call_js_cb;
  t->finalize_cb = thread_finalize_cb;
  t->finalize_data = thread_finalize_data;
  t->max_queue = max_queue_size;
  t->threads = initial_thread_count;
  t->owner = uv_thread_self();
  uv_mutex_init(&t->lock);
  uv_cond_init(&t->not_full);
  t->async.data = t;
  if (uv_async_init(env->loop, &t->async, on_async) != 0) {
    sh_ref_free(t->func);
    free(t);
    return snapi_fail(env, napi_generic_failure, "uv_async_init failed");
  }
  *result = t;
  return NAPI_OK(env);
}

napi_status napi_get_threadsafe_function_context(napi_threadsafe_function func, void **result) {
  if (!func || !result) return napi_invalid_arg;
  *result = func->context;
  return napi_ok;
}

napi_status napi_call_threadsafe_function(napi_threadsafe_function func, void *data,
                                          napi_threadsafe_function_call_mode is_blocking) {
  if (!func) return napi_invalid_arg;
  uv_mutex_lock(&func->lock);
  while (func->max_queue > 0 && func->size >= func->max_queue && !func->closing) {
    if (is_blocking == napi_tsfn_nonblocking) {
      uv_mutex_unlock(&func->lock);
      return napi_queue_full;
    }
    if (uv_thread_equal(&func->owner, &(uv_thread_t){uv_thread_self()})) {
      uv_mutex_unlock(&func->lock);
      return napi_would_deadlock;
    }
    uv_cond_wait(&func->not_full, &func->lock);
  }
  if (func->closing) {
    bool released = func->threads == 0;
    uv_mutex_unlock(&func->lock);
    return released ? napi_invalid_arg : napi_closing;
  }
  item *it = malloc(sizeof *it);
  if (!it) {
    uv_mutex_unlock(&func->lock);
    return napi_generic_failure;
  }
  it->data = data;
  it->next = NULL;
  if (func->tail) func->tail->next = it;
  else func->head = it;
  func->tail = it;
  func->size++;
  uv_mutex_unlock(&func->lock);
  uv_async_send(&func->async);
  return napi_ok;
}

napi_status napi_acquire_threadsafe_function(napi_threadsafe_function func) {
  if (!func) return napi_invalid_arg;
  uv_mutex_lock(&func->lock);
  napi_status s = func->closing ? napi_closing : napi_ok;
  if (s == napi_ok) func->threads++;
  uv_mutex_unlock(&func->lock);
  return s;
}

napi_status napi_release_threadsafe_function(napi_threadsafe_function func,
                                             napi_threadsafe_function_release_mode mode) {
  if (!func) return napi_invalid_arg;
  uv_mutex_lock(&func->lock);
  if (func->threads == 0) {
    uv_mutex_unlock(&func->lock);
    return napi_invalid_arg;
  }
  func->threads--;
  if (func->threads == 0 || mode == napi_tsfn_abort) {
    if (!func->closing) {
      func->closing = true;
      func->aborted = mode == napi_tsfn_abort;
      uv_cond_broadcast(&func->not_full);
    }
  }
  uv_mutex_unlock(&func->lock);
  uv_async_send(&func->async);
  return napi_ok;
}

napi_status napi_unref_threadsafe_function(node_api_nogc_env env, napi_threadsafe_function func) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, func);
  uv_unref((uv_handle_t *)&func->async);
  return NAPI_OK(env);
}

napi_status napi_ref_threadsafe_function(node_api_nogc_env env, napi_threadsafe_function func) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, func);
  uv_ref((uv_handle_t *)&func->async);
  return NAPI_OK(env);
}

/* --- the runtime's side ------------------------------------------------------------ */

static void call_one(napi_threadsafe_function t, void *data) {
  napi_env env = t->env;
  napi_value fn = t->func ? NV(sh_ref_get(env->rt, t->func)) : NULL;
  if (t->call_js) {
    t->call_js(env, fn, t->context, data);
  } else if (fn) {
    napi_value recv;
    napi_get_undefined(env, &recv);
    napi_call_function(env, recv, fn, 0, NULL, NULL);
  }
}

static void free_tsfn(uv_handle_t *h) {
  napi_threadsafe_function t = h->data;
  uv_mutex_destroy(&t->lock);
  uv_cond_destroy(&t->not_full);
  free(t);
}

/* Runs on the runtime's thread under a guard: the queued calls, then the
 * finalizer once closing and drained. Aborted functions hand the remaining
 * data to call_js_cb with a NULL env, so the addon can free it. */
static void dispatch(sh_rt *rt, void *p) {
  napi_threadsafe_function t = p;
  (void)rt;
  for (;;) {
    uv_mutex_lock(&t->lock);
    item *it = t->head;
    if (it && !t->aborted) {
      t->head = it->next;
      if (!t->head) t->tail = NULL;
      t->size--;
      uv_cond_signal(&t->not_full);
    } else {
      it = NULL;
    }
    bool done = !it && t->closing;
    uv_mutex_unlock(&t->lock);
    if (it) {
      call_one(t, it->data);
      free(it);
      continue;
    }
    if (!done || t->finalized) return;
    t->finalized = true;
    for (item *rest = t->head; rest;) {
      item *next = rest->next;
      if (t->call_js) t->call_js(NULL, NULL, t->context, rest->data);
      free(rest);
      rest = next;
    }
    t->head = t->tail = NULL;
    if (t->finalize_cb) t->finalize_cb(t->env, t->finalize_data, t->context);
    sh_ref_free(t->func);
    t->func = NULL;
    uv_close((uv_handle_t *)&t->async, free_tsfn);
    return;
  }
}

static void on_async(uv_async_t *async) {
  napi_threadsafe_function t = async->data;
  if (t->finalized) return;
  snapi_macrotask(t->env, dispatch, t);
}
