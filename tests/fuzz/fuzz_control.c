/* fuzz_control: the master's control protocol parser (master/control.c).
 *
 * The real control.c is linked; the master around it is replaced by the
 * stubs below (no workers, no listeners), so every request line goes through
 * the master's own code: line splitting in on_read, the 64 KiB line limit,
 * json_loadb, dispatch, cmd_scale's argument checks, status/metrics replies,
 * and a scale that stays "in progress" across requests (the busy path and a
 * client that leaves while its operation runs).
 *
 * A client is injected with control_adopt (as after a binary upgrade) on one
 * end of a socketpair; the input is written to the other end in pieces, and
 * every line the master writes back must be a JSON object with "ok" or
 * "progress". */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "master.h"
#include "metrics.h"

static uv_loop_t loop;
static shoal_master master;
static int op_age; /* harness iterations since the pending scale began */

/* --- the master, stubbed ------------------------------------------------ */

json_t *master_sizing(shoal_master *m) {
  (void)m;
  return json_pack("{s:i}", "workers", 1);
}

uint64_t master_now(shoal_master *m) {
  (void)m;
  return uv_now(&loop);
}
bool worker_is_busy(shoal_worker *w, uint64_t now) {
  (void)w;
  (void)now;
  return false;
}
int workers_count(shoal_master *m, bool include_draining) {
  (void)m;
  (void)include_draining;
  return 2;
}
void master_log(shoal_master *m, const char *fmt, ...) {
  (void)m;
  (void)fmt;
}
char *metrics_render(shoal_master *m) {
  (void)m;
  return strdup("# TYPE shoal_workers gauge\nshoal_workers 2\n");
}
void master_scale(shoal_master *m, int target, control_client *client) {
  if (target % 2) { /* finishes at once */
    control_progress(client, "scaling to %d", target);
    control_send(client, json_pack("{s:b, s:i}", "ok", 1, "workers", target));
    return;
  }
  m->op.kind = OP_SCALE; /* stays in progress for a while */
  m->op.client = client;
  op_age = 0;
}
void master_reload(shoal_master *m, control_client *client) {
  (void)m;
  control_send(client, json_pack("{s:b, s:s}", "ok", 0, "error", "reload: stubbed"));
}
void master_upgrade(shoal_master *m, control_client *client) {
  (void)m;
  control_send(client, json_pack("{s:b, s:s}", "ok", 0, "error", "upgrade: not supported"));
}
void master_stop(shoal_master *m, bool fast) {
  (void)m;
  (void)fast;
}

static void op_finish(void) {
  if (master.op.kind == OP_NONE) return;
  control_send(master.op.client, json_pack("{s:b, s:s}", "ok", 1, "result", "scaled"));
  master.op.kind = OP_NONE;
  master.op.client = NULL;
}

/* --- harness -------------------------------------------------------------- */

static char reply[1 << 20];
static size_t reply_len, received;

static void check_replies(int fd) {
  for (;;) {
    if (reply_len == sizeof reply) reply_len = 0; /* a very long line: not checked */
    ssize_t n = recv(fd, reply + reply_len, sizeof reply - reply_len, MSG_DONTWAIT);
    if (n <= 0) break;
    reply_len += (size_t)n;
    received += (size_t)n;
  }
  char *start = reply, *nl;
  while ((nl = memchr(start, '\n', reply_len - (size_t)(start - reply)))) {
    json_error_t e;
    json_t *v = json_loadb(start, (size_t)(nl - start), 0, &e);
    if (!json_is_object(v) || (!json_object_get(v, "ok") && !json_object_get(v, "progress"))) {
      fprintf(stderr, "bad reply line: %.*s (%s)\n", (int)(nl - start), start, e.text);
      abort();
    }
    json_decref(v);
    start = nl + 1;
  }
  reply_len -= (size_t)(start - reply);
  memmove(reply, start, reply_len);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  uv_loop_init(&loop);
  master.loop = &loop;
  master.generation = 1;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) abort();
  json_t *state = json_pack("{s:i, s:i}", "listen_fd", -1, "client_fd", sv[0]);
  control_client *c = control_adopt(&master, state);
  json_decref(state);
  if (!c) abort();
  reply_len = 0;
  /* pieces of 1..64 bytes, chosen by the input's length, to split lines;
   * long inputs in 4 KiB pieces (control.c rescans its whole buffer on every
   * read, so a long line in tiny pieces costs O(n^2): see docs/reliability.md) */
  size_t piece = size % 9 == 0 ? size + 1 : 1 + size % 64;
  if (size > 4096) piece = 4096;
  size_t off = 0;
  int idle = 0;
  for (int i = 0; i < 20000 && (off < size || idle < 3); i++) {
    if (off < size) {
      size_t n = size - off < piece ? size - off : piece;
      ssize_t w = send(sv[1], data + off, n, MSG_DONTWAIT | MSG_NOSIGNAL);
      if (w > 0) off += (size_t)w;
      else if (errno != EAGAIN || idle > 50) off = size; /* closed, or not reading */
    }
    uv_run(&loop, UV_RUN_NOWAIT);
    if (master.op.kind != OP_NONE && ++op_age > 3) op_finish();
    size_t before = received;
    check_replies(sv[1]);
    idle = received != before ? 0 : idle + 1;
  }
  /* the client leaves, maybe while its scale is still running */
  close(sv[1]);
  for (int i = 0; i < 1000 && uv_loop_alive(&loop); i++) uv_run(&loop, UV_RUN_NOWAIT);
  op_finish(); /* the operation ends without its client */
  if (uv_loop_alive(&loop)) {
    fprintf(stderr, "the control client was not closed after EOF\n");
    abort();
  }
  return 0;
}
