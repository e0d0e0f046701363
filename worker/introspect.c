/* introspect: see introspect.h. */
#define _GNU_SOURCE
#include "introspect.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uv.h>

#include "cpu_guard.h"
#include "inspector_server.h"
#include "runtime.h"

#define STACK_FRAMES 30
#define STACK_BYTES 8192

static sh_rt *rt;
static busy_page *page;
static void (*send_answer)(json_t *msg);
static sh_interrupt stack_interrupt;
static atomic_bool interrupt_pending;

typedef struct snapshot_write {
  uv_fs_t req;
  uint64_t id;
  int fd;
  char *path, *buf;
  size_t len, done;
} snapshot_write;

static snapshot_write *writing; /* one snapshot at a time */

static void answer(json_t *msg) {
  send_answer(msg);
}

static void answer_error(uint64_t id, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void answer_error(uint64_t id, const char *fmt, ...) {
  char text[600];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  answer(json_pack("{s:s, s:I, s:b, s:s}", "type", "inspected", "id", (json_int_t)id, "ok", 0,
                   "error", text));
}

/* --- stack -------------------------------------------------------------------------- */

static void answer_stack(uint64_t id) {
  char stack[STACK_BYTES];
  sh_current_stack(rt, stack, sizeof stack, STACK_FRAMES);
  answer(json_pack("{s:s, s:I, s:b, s:s, s:s, s:b}", "type", "inspected", "id", (json_int_t)id,
                   "ok", 1, "what", "stack", "stack", stack, "idle", stack[0] == 0));
}

/* On the JavaScript thread, inside whatever runs (its event loop may be blocked). */
static void on_stack_interrupt(void *data) {
  (void)data;
  atomic_store(&interrupt_pending, false);
  uint64_t id = page ? atomic_exchange(&page->stack_req, 0) : 0;
  if (id) answer_stack(id);
}

void introspect_poll(void) {
  if (!page || !atomic_load(&page->stack_req)) return;
  if (atomic_exchange(&interrupt_pending, true)) return;
  sh_request_interrupt(rt, &stack_interrupt);
}

/* Paused in the debugger: the loop does not read the master's message,
 * the busy page still asks; the stack is where JavaScript is paused. */
static void on_paused(void) {
  uint64_t id = page ? atomic_exchange(&page->stack_req, 0) : 0;
  if (id) answer_stack(id);
}

/* From the IPC message: the loop turns, so no JavaScript runs now. */
static void stack_from_loop(uint64_t id) {
  if (page) {
    uint64_t want = id;
    if (!atomic_compare_exchange_strong(&page->stack_req, &want, 0)) return; /* answered */
  }
  sh_scope *scope = sh_scope_open(rt, false);
  answer_stack(id);
  sh_scope_close(scope);
}

/* --- heap snapshot ------------------------------------------------------------------- */

static void snapshot_done(snapshot_write *s, int err) {
  close(s->fd);
  if (err) {
    unlink(s->path);
    answer_error(s->id, "cannot write %s: %s", s->path, uv_strerror(err));
  } else {
    answer(json_pack("{s:s, s:I, s:b, s:s, s:s, s:I}", "type", "inspected", "id", (json_int_t)s->id,
                     "ok", 1, "what", "heap-snapshot", "file", s->path, "bytes",
                     (json_int_t)s->len));
  }
  free(s->path);
  free(s->buf);
  free(s);
  writing = NULL;
}

static void write_more(snapshot_write *s);

static void on_written(uv_fs_t *req) {
  snapshot_write *s = req->data;
  ssize_t n = req->result;
  uv_fs_req_cleanup(req);
  if (n < 0) return snapshot_done(s, (int)n);
  s->done += (size_t)n;
  if (s->done < s->len) write_more(s);
  else snapshot_done(s, 0);
}

static void write_more(snapshot_write *s) {
  uv_buf_t b = uv_buf_init(s->buf + s->done,
                           (unsigned)(s->len - s->done > (1u << 30) ? 1u << 30 : s->len - s->done));
  s->req.data = s;
  int err = uv_fs_write(runtime_get(rt)->loop, &s->req, s->fd, &b, 1, (int64_t)s->done, on_written);
  if (err) snapshot_done(s, err);
}

static void heap_snapshot(uint64_t id, const char *path) {
  if (!path || path[0] != '/') return answer_error(id, "heap-snapshot needs an absolute file path");
  if (writing) return answer_error(id, "a heap snapshot is being written (%s)", writing->path);
  /* A new file only: never through a symlink, never over an existing file. */
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0640);
  if (fd < 0) return answer_error(id, "cannot create %s: %s", path, strerror(errno));
  snapshot_write *s = calloc(1, sizeof *s);
  s->id = id;
  s->fd = fd;
  s->path = strdup(path);
  writing = s;
  sh_scope *scope = sh_scope_open(rt, false);
  s->buf = sh_heap_snapshot(rt, &s->len);
  sh_scope_close(scope);
  cpu_guard_loop_alive(); /* the loop stood still for the snapshot, not stuck */
  if (!s->buf) {
    s->len = 0;
    return snapshot_done(s, UV_ENOMEM);
  }
  write_more(s);
}

/* --- debugger ------------------------------------------------------------------------ */

/* Opens the inspector (or names the one open): the URLs as Node prints them. */
static void debug(uint64_t id, int port, const char *app) {
  char url[128];
  if (port < 0 || port > 65535) return answer_error(id, "debug: port %d is not 0..65535", port);
  int bound = inspector_open(rt, port, app, url, sizeof url);
  if (bound < 0)
    return answer_error(id, "cannot open the inspector on 127.0.0.1:%d: %s", port,
                        uv_strerror(bound));
  char devtools[200];
  snprintf(devtools, sizeof devtools,
           "devtools://devtools/bundled/js_app.html?experiments=true&v8only=true&ws=%s",
           url + strlen("ws://"));
  answer(json_pack("{s:s, s:I, s:b, s:s, s:i, s:s, s:s}", "type", "inspected", "id", (json_int_t)id,
                   "ok", 1, "what", "debug", "port", bound, "url", url, "devtools", devtools));
}

/* --- the master's message ----------------------------------------------------------------- */

void introspect_on_message(json_t *msg) {
  uint64_t id = (uint64_t)json_integer_value(json_object_get(msg, "id"));
  const char *what = json_string_value(json_object_get(msg, "what"));
  if (what && strcmp(what, "stack") == 0) stack_from_loop(id);
  else if (what && strcmp(what, "heap-snapshot") == 0)
    heap_snapshot(id, json_string_value(json_object_get(msg, "file")));
  else if (what && strcmp(what, "debug") == 0)
    debug(id, (int)json_integer_value(json_object_get(msg, "port")),
          json_string_value(json_object_get(msg, "app")));
  else answer_error(id, "unknown inspection \"%s\"", what ? what : "");
}

void introspect_init(sh_rt *r, busy_page *p, void (*send)(json_t *msg)) {
  rt = r;
  page = p;
  send_answer = send;
  stack_interrupt = (sh_interrupt){on_stack_interrupt, NULL};
  inspector_init(r, p, on_paused);
}
