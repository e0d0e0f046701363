/* internalBinding('threads'): worker_threads' Worker as OS threads, each
 * with its own isolate and libuv loop (worker/runtime.h,
 * runtime_thread_run); js-lib/internal/worker/threads.js is the JavaScript
 * side.
 *
 *   start(init, transferList, onExit) -> handle   init is cloned (with its
 *       transferList, e.g. the worker's ports) into the new thread, which
 *       boots js-lib and calls the bootstrap hook runWorkerThread(init).
 *       onExit(code) runs on this thread once the worker thread ended.
 *   terminate(handle), ref(handle, bool), idOf(handle) -> its threadId
 *   threadId()  this runtime's thread id (0 on the main thread)
 *
 * Ownership: a wt belongs to the parent runtime's loop (its exit_async);
 * it is freed after the thread was joined and onExit ran. The worker thread
 * reaches it only through `lock`-protected fields while it runs. */
#include <stdatomic.h>
#include <stdlib.h>
#include <uv.h>

#include "binding.h"
#include "handle_base.h"
#include "messaging.h"
#include "runtime.h"

typedef struct wt {
  uv_thread_t tid;
  uv_async_t exit_async; /* on the parent's loop */
  uv_mutex_t lock;
  shoal_runtime *r;      /* the thread's runtime while it runs (lock) */
  uv_async_t stop_async; /* on the thread's loop, valid while r is set */
  bool stop;             /* terminate() was asked (lock) */
  int exit_code;
  int thread_id;
  sh_msg *init; /* consumed by the thread */
  sh_rt *parent_rt;
  sh_ref *on_exit;
  handle_base base; /* the Worker's handle, closed when the thread ended */
} wt;

static atomic_int next_thread_id = 1;

static void on_stop(uv_async_t *a) {
  wt *w = a->data;
  uv_mutex_lock(&w->lock);
  shoal_runtime *r = w->r;
  uv_mutex_unlock(&w->lock);
  if (r) runtime_exit(r, 1);
}

static void before_teardown(shoal_runtime *r) {
  wt *w = r->thread;
  uv_mutex_lock(&w->lock);
  w->r = NULL;
  uv_mutex_unlock(&w->lock);
  /* Its ports first: their peers learn the thread is gone. */
  messaging_teardown(r->rt);
}

static void run_worker(sh_rt *rt, void *data) {
  wt *w = data;
  shoal_runtime *r = runtime_get(rt);
  uv_async_init(r->loop, &w->stop_async, on_stop);
  w->stop_async.data = w;
  uv_unref((uv_handle_t *)&w->stop_async);
  uv_mutex_lock(&w->lock);
  w->r = r;
  bool stop = w->stop;
  uv_mutex_unlock(&w->lock);
  sh_msg *init = w->init;
  w->init = NULL;
  if (stop) {
    messaging_msg_free(init);
    runtime_exit(r, 1);
    return;
  }
  runtime_hook(rt, "prepareWorkerThread", 0, NULL, NULL);
  sh_val value = sh_msg_deserialize(rt, init, messaging_revive, NULL);
  sh_msg_free(init);
  messaging_adopt_revived(rt);
  if (!value) return;
  runtime_hook(rt, "runWorkerThread", 1, &value, NULL);
  runtime_tick(rt);
}

static void thread_main(void *arg) {
  wt *w = arg;
  static char *no_args[] = {NULL};
  shoal_runtime r = {0};
  r.argv = no_args;
  r.thread = w;
  r.on_teardown = before_teardown;
  int code = runtime_thread_run(&r, run_worker, w);
  uv_mutex_lock(&w->lock);
  w->exit_code = w->stop ? 1 : code; /* terminate(): 1, as in Node */
  uv_mutex_unlock(&w->lock);
  uv_async_send(&w->exit_async);
}

static void wt_free(uv_handle_t *h) {
  wt *w = h->data;
  sh_ref_free(w->on_exit);
  uv_mutex_destroy(&w->lock);
  free(w);
}

static void on_exited(uv_async_t *a) {
  wt *w = a->data;
  sh_rt *rt = w->parent_rt;
  uv_thread_join(&w->tid);
  sh_scope *scope = sh_scope_open(rt, false);
  handle_base_close(&w->base, NULL);
  sh_val code = sh_int(rt, w->exit_code);
  runtime_callback(rt, sh_ref_get(rt, w->on_exit), sh_undefined(rt), 1, &code, NULL);
  sh_scope_close(scope);
  uv_close((uv_handle_t *)a, wt_free);
}

static wt *arg_wt(sh_cbinfo *ci) {
  return sh_obj_ptr(sh_ci_rt(ci), sh_arg(ci, 0));
}

static void start(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  wt *w = calloc(1, sizeof *w);
  if (!w) return;
  char *err = NULL;
  int rc = sh_msg_serialize(rt, sh_arg(ci, 0), sh_arg(ci, 1), &w->init, &err);
  if (rc != 0) {
    if (rc == -2) sh_throw_error(rt, SH_ERROR, "%s", err);
    free(err);
    free(w);
    return;
  }
  messaging_transfer_out(rt, sh_arg(ci, 1), w->init);
  w->thread_id = atomic_fetch_add(&next_thread_id, 1);
  w->parent_rt = rt;
  w->on_exit = sh_ref_new(rt, sh_arg(ci, 2));
  uv_mutex_init(&w->lock);
  uv_async_init(runtime_get(rt)->loop, &w->exit_async, on_exited);
  w->exit_async.data = w;
  sh_val obj = handle_base_init(&w->base, rt, w);
  uv_thread_options_t opts = {.flags = UV_THREAD_HAS_STACK_SIZE, .stack_size = 4u << 20};
  rc = uv_thread_create_ex(&w->tid, &opts, thread_main, w);
  if (rc != 0) {
    messaging_msg_free(w->init);
    handle_base_close(&w->base, NULL);
    uv_close((uv_handle_t *)&w->exit_async, wt_free);
    sh_throw_error(rt, SH_ERROR, "cannot start a worker thread: %s", uv_strerror(rc));
    return;
  }
  sh_ret(ci, obj);
}

static void terminate(sh_cbinfo *ci) {
  wt *w = arg_wt(ci);
  if (!w) return;
  uv_mutex_lock(&w->lock);
  w->stop = true;
  if (w->r) {
    sh_terminate(w->r->rt);
    uv_async_send(&w->stop_async);
  }
  uv_mutex_unlock(&w->lock);
}

static void set_ref(sh_cbinfo *ci) {
  wt *w = arg_wt(ci);
  if (!w) return;
  if (sh_to_bool(sh_ci_rt(ci), sh_arg(ci, 1))) uv_ref((uv_handle_t *)&w->exit_async);
  else uv_unref((uv_handle_t *)&w->exit_async);
}

static void id_of(sh_cbinfo *ci) {
  wt *w = arg_wt(ci);
  sh_ret(ci, sh_int(sh_ci_rt(ci), w ? w->thread_id : -1));
}

static void thread_id(sh_cbinfo *ci) {
  shoal_runtime *r = runtime_get(sh_ci_rt(ci));
  wt *w = r->thread;
  sh_ret(ci, sh_int(sh_ci_rt(ci), w ? w->thread_id : 0));
}

sh_val binding_threads_init(sh_rt *rt) {
  sh_val o = sh_obj(rt);
  bind_fn(rt, o, "start", start);
  bind_fn(rt, o, "terminate", terminate);
  bind_fn(rt, o, "ref", set_ref);
  bind_fn(rt, o, "threadId", thread_id);
  bind_fn(rt, o, "idOf", id_of);
  return o;
}
