/* internalBinding('fs_watch'): libuv's file watchers for js-lib's
 * fs.watch (uv_fs_event_t, inotify) and fs.watchFile (uv_fs_poll_t, a stat
 * on a timer), Node's FSEvent and StatWatcher.
 *
 * Handles are handle_base objects (bindings/core/handle_base.h): a hidden
 * pointer to a watch_h, kept alive by a strong reference until close();
 * close clears the pointer, so calls on a closed handle return UV_EBADF.
 *
 * Events go to handle.onchange:
 *   fs.watch      onchange(status, eventType, filename)  eventType 'rename'
 *                 or 'change'; filename a string or undefined; status < 0:
 *                 a libuv error (then no eventType)
 *   fs.watchFile  onchange(status, current, previous)    the stat fields of
 *                 both (mod_fs.h); status < 0 when the stat failed
 * Functions return 0 or a negative libuv error code; JavaScript builds the
 * error objects. */
#include <stdlib.h>
#include <uv.h>

#include "binding.h"
#include "handle_base.h"
#include "mod_fs.h"
#include "runtime.h"

typedef struct watch_h {
  union {
    uv_handle_t handle;
    uv_fs_event_t event;
    uv_fs_poll_t poll;
  } u;
  handle_base base;
} watch_h;

static watch_h *handle_arg(sh_cbinfo *ci) {
  return sh_obj_ptr(sh_ci_rt(ci), sh_arg(ci, 0));
}

static void ret_int(sh_cbinfo *ci, int v) {
  sh_ret(ci, sh_int(sh_ci_rt(ci), v));
}

/* A watcher whose libuv handle `init` prepares on this runtime's loop. */
static void watch_new(sh_cbinfo *ci, bool poll) {
  sh_rt *rt = sh_ci_rt(ci);
  watch_h *w = calloc(1, sizeof *w);
  if (!w) return sh_throw_error(rt, SH_ERROR, "out of memory");
  uv_loop_t *loop = runtime_get(rt)->loop;
  if (poll) uv_fs_poll_init(loop, &w->u.poll);
  else uv_fs_event_init(loop, &w->u.event);
  w->u.handle.data = w;
  sh_ret(ci, handle_base_init(&w->base, rt, w));
}

/* eventNew() / pollNew() -> handle */
static void event_new(sh_cbinfo *ci) {
  watch_new(ci, false);
}
static void poll_new(sh_cbinfo *ci) {
  watch_new(ci, true);
}

static void on_event(uv_fs_event_t *ev, const char *filename, int events, int status) {
  watch_h *w = ev->data;
  sh_rt *rt = w->base.rt;
  sh_scope *scope = sh_scope_open(rt, false);
  sh_val argv[3] = {sh_int(rt, status), sh_undefined(rt), sh_undefined(rt)};
  if (status == 0) {
    /* A rename wins when libuv reports both, as in Node. */
    argv[1] = sh_str(rt, (events & UV_RENAME) ? "rename" : "change", SIZE_MAX);
    if (filename) argv[2] = sh_str(rt, filename, SIZE_MAX);
  }
  handle_base_emit(&w->base, "onchange", 3, argv);
  sh_scope_close(scope);
}

/* eventStart(handle, path) -> 0 or a libuv error */
static void event_start(sh_cbinfo *ci) {
  watch_h *w = handle_arg(ci);
  if (!w) return ret_int(ci, UV_EBADF);
  char *path = arg_utf8(ci, 1);
  if (!path) return;
  int err = uv_fs_event_start(&w->u.event, on_event, path, 0);
  free(path);
  ret_int(ci, err);
}

static void on_poll(uv_fs_poll_t *p, int status, const uv_stat_t *prev, const uv_stat_t *curr) {
  watch_h *w = p->data;
  sh_rt *rt = w->base.rt;
  sh_scope *scope = sh_scope_open(rt, false);
  sh_val argv[3] = {sh_int(rt, status), fs_stat_fields(rt, curr, false),
                    fs_stat_fields(rt, prev, false)};
  handle_base_emit(&w->base, "onchange", 3, argv);
  sh_scope_close(scope);
}

/* pollStart(handle, path, intervalMs) -> 0 or a libuv error */
static void poll_start(sh_cbinfo *ci) {
  watch_h *w = handle_arg(ci);
  if (!w) return ret_int(ci, UV_EBADF);
  char *path = arg_utf8(ci, 1);
  if (!path) return;
  int64_t interval = arg_i64(ci, 2);
  int err = uv_fs_poll_start(&w->u.poll, on_poll, path, interval > 0 ? (unsigned)interval : 1);
  free(path);
  ret_int(ci, err);
}

static void ref_(sh_cbinfo *ci) {
  watch_h *w = handle_arg(ci);
  if (w) uv_ref(&w->u.handle);
}
static void unref_(sh_cbinfo *ci) {
  watch_h *w = handle_arg(ci);
  if (w) uv_unref(&w->u.handle);
}
static void has_ref(sh_cbinfo *ci) {
  watch_h *w = handle_arg(ci);
  sh_ret(ci, sh_bool(sh_ci_rt(ci), w && uv_has_ref(&w->u.handle)));
}

static void on_closed(uv_handle_t *h) {
  watch_h *w = h->data;
  handle_base_closed(&w->base);
  free(w);
}

/* close(handle): stops the watcher; safe on a closed handle. */
static void close_(sh_cbinfo *ci) {
  watch_h *w = handle_arg(ci);
  if (!w) return;
  handle_base_close(&w->base, sh_undefined(sh_ci_rt(ci)));
  uv_close(&w->u.handle, on_closed);
}

sh_val binding_fs_watch_init(sh_rt *rt) {
  sh_val o = sh_obj(rt);
  bind_fn(rt, o, "eventNew", event_new);
  bind_fn(rt, o, "eventStart", event_start);
  bind_fn(rt, o, "pollNew", poll_new);
  bind_fn(rt, o, "pollStart", poll_start);
  bind_fn(rt, o, "ref", ref_);
  bind_fn(rt, o, "unref", unref_);
  bind_fn(rt, o, "hasRef", has_ref);
  bind_fn(rt, o, "close", close_);
  return o;
}
