/* fuzz_http1: the worker's HTTP/1.1 engine (worker/http1.c + llhttp), without
 * V8. A libuv loop and an h1_server whose callbacks answer every request with
 * a small response; one end of a socketpair is adopted with h1_server_adopt,
 * the input is written to the other end (in pieces whose size depends on the
 * input's length, so requests straddle reads), the loop runs with
 * UV_RUN_NOWAIT until quiet, the client half-closes (odd-length inputs only),
 * leaves, and the server is closed and freed.
 *
 * The handler varies its answer with the request so that more of the engine
 * runs: a body is read before answering when there is one; "/chunked" sends a
 * chunked response in two writes; "/nocopy" writes a body the engine must not
 * copy and must release exactly once; "/close" asks for Connection: close;
 * Expect: 100-continue gets h1_write_continue; the health path "/healthz" is
 * answered by the engine itself.
 *
 * Checked besides memory safety (ASan, UBSan, LeakSanitizer): every request
 * gets exactly one on_request_done, every connection one on_conn_close, every
 * no-copy token is released exactly once, the server closes. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "worker/http1.h"

static uv_loop_t loop;
static int events; /* callbacks seen: progress for the quiet test */
static int live_reqs, live_conns, live_tokens;
static bool server_closed;

typedef struct req_state {
  size_t body;
  bool answered;
} req_state;

static const char nocopy_body[] = "no-copy body\n";

static void release_token(void *token) {
  int *t = token;
  if (*t != 0x5eed) abort(); /* released twice (freed) or garbage */
  *t = 0;
  free(t);
  live_tokens--;
}

static bool url_has(h1_req *r, const char *what) {
  size_t len;
  const char *url = h1_req_url(r, &len);
  size_t n = strlen(what);
  for (size_t i = 0; i + n <= len; i++)
    if (memcmp(url + i, what, n) == 0) return true;
  return false;
}

static void answer(h1_req *r) {
  req_state *st = h1_req_data(r);
  if (!st || st->answered) return;
  st->answered = true;
  unsigned flags = url_has(r, "/close") ? H1_CLOSE : 0;
  if (url_has(r, "/chunked")) {
    h1_write_head(r, 200, NULL, 0, "Content-Type: text/plain\r\n", 26, flags, -1);
    if (h1_write(r, "hello ", 6, NULL, NULL, false) >= 0)
      h1_write(r, "world\n", 6, NULL, NULL, true);
    return;
  }
  if (url_has(r, "/nocopy")) {
    int *token = malloc(sizeof *token);
    *token = 0x5eed;
    live_tokens++;
    h1_write_head(r, 200, NULL, 0, "", 0, flags, (int64_t)sizeof nocopy_body - 1);
    h1_write(r, nocopy_body, sizeof nocopy_body - 1, release_token, token, true);
    return;
  }
  if (url_has(r, "/204")) {
    h1_write_head(r, 204, NULL, 0, "", 0, flags, -1);
    h1_write(r, NULL, 0, NULL, NULL, true);
    return;
  }
  char body[64];
  int n = snprintf(body, sizeof body, "%s %zu\n", h1_req_method(r), st->body);
  h1_write_head(r, 200, NULL, 0, "Content-Type: text/plain\r\n", 26, flags, n);
  h1_write(r, body, (size_t)n, NULL, NULL, true);
}

static void on_connection(h1_conn *c) {
  events++;
  live_conns++;
  h1_conn_set_data(c, malloc(16)); /* freed in on_conn_close */
}

static void on_request(h1_req *r) {
  events++;
  live_reqs++;
  req_state *st = calloc(1, sizeof *st);
  h1_req_set_data(r, st);
  /* look at everything the engine gives a user */
  size_t len;
  (void)h1_req_url(r, &len);
  for (size_t i = 0; i < h1_req_header_count(r); i++) {
    const char *name, *value;
    size_t nl, vl;
    h1_req_header(r, i, &name, &nl, &value, &vl);
    volatile char sink = 0;
    if (nl) sink ^= name[nl - 1];
    if (vl) sink ^= value[vl - 1];
    (void)sink;
  }
  (void)h1_req_header_value(r, "host", &len);
  int major, minor;
  h1_req_version(r, &major, &minor);
  unsigned flags = h1_req_flags(r);
  if (flags & H1_EXPECT_CONTINUE) h1_write_continue(r);
  if (!(flags & H1_HAS_BODY)) answer(r);
}

static void on_body(h1_req *r, const char *data, size_t len) {
  events++;
  req_state *st = h1_req_data(r);
  if (len) {
    volatile char sink = data[0] ^ data[len - 1];
    (void)sink;
  }
  if (st) st->body += len;
}

static void on_body_end(h1_req *r) {
  events++;
  answer(r);
}

static void on_request_done(h1_req *r) {
  events++;
  req_state *st = h1_req_data(r);
  if (!st) abort(); /* done twice, or for a request never delivered */
  free(st);
  h1_req_set_data(r, NULL);
  live_reqs--;
}

static void on_client_error(h1_conn *c, const char *code, int status) {
  (void)c;
  (void)code;
  events++;
  if (status != 400 && status != 408 && status != 413 && status != 431) {
    fprintf(stderr, "unexpected client error status %d (%s)\n", status, code);
    abort();
  }
}

static void on_conn_close(h1_conn *c) {
  events++;
  free(h1_conn_data(c));
  h1_conn_set_data(c, NULL);
  live_conns--;
}

static void on_server_close(h1_server *s) {
  (void)s;
  server_closed = true;
}

static const h1_callbacks callbacks = {
    .on_connection = on_connection,
    .on_request = on_request,
    .on_body = on_body,
    .on_body_end = on_body_end,
    .on_request_done = on_request_done,
    .on_client_error = on_client_error,
    .on_conn_close = on_conn_close,
    .on_server_close = on_server_close,
};

static size_t drain_client(int fd) {
  char buf[65536];
  size_t total = 0;
  for (;;) {
    ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n <= 0) break;
    total += (size_t)n;
  }
  return total;
}

/* Runs the loop until nothing happens for a few rounds (bounded). */
static void run_until_quiet(int client, const uint8_t *data, size_t size, size_t piece) {
  size_t off = 0;
  int idle = 0;
  for (int i = 0; i < 20000 && (off < size || idle < 4); i++) {
    bool progressed = false;
    if (off < size) {
      size_t n = size - off < piece ? size - off : piece;
      ssize_t w = send(client, data + off, n, MSG_DONTWAIT | MSG_NOSIGNAL);
      if (w > 0) {
        off += (size_t)w;
        progressed = true;
      } else if (errno != EAGAIN || idle > 50) {
        off = size; /* the server closed, or stopped reading: the rest is not sent */
      }
    }
    int before = events;
    uv_run(&loop, UV_RUN_NOWAIT);
    if (events != before) progressed = true;
    if (client >= 0 && drain_client(client) > 0) progressed = true;
    idle = progressed ? 0 : idle + 1;
  }
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  uv_loop_init(&loop);
  h1_set_health_path("/healthz");
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  h1_server *s = h1_server_new(&loop, &callbacks, NULL);
  h1_limits limits;
  h1_limits_default(&limits);
  limits.header_bytes = 2048; /* small, so that fuzz-sized inputs reach 431 and 413 */
  limits.body_bytes = 1024;
  h1_server_set_limits(s, &limits);
  server_closed = false;

  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) abort();
  if (h1_server_adopt(s, sv[0]) != 0) abort();
  size_t piece = size % 5 == 0 ? size + 1 : 1 + (size * 7) % 97;
  run_until_quiet(sv[1], data, size, piece);
  if (size & 1) {
    shutdown(sv[1], SHUT_WR); /* half-close: queued requests are still answered */
    run_until_quiet(sv[1], NULL, 0, 1);
  }
  close(sv[1]);
  run_until_quiet(-1, NULL, 0, 1);

  h1_server_close_all(s);
  h1_server_close(s);
  for (int i = 0; i < 1000 && (!server_closed || h1_server_nconns(s) > 0); i++)
    uv_run(&loop, UV_RUN_NOWAIT);
  if (!server_closed || h1_server_nconns(s) != 0) {
    fprintf(stderr, "server did not close (%d connections left)\n", h1_server_nconns(s));
    abort();
  }
  h1_server_free(s);
  if (live_reqs != 0 || live_conns != 0 || live_tokens != 0) {
    fprintf(stderr,
            "lifecycle: %d requests without on_request_done, %d connections without "
            "on_conn_close, %d no-copy bodies never released\n",
            live_reqs, live_conns, live_tokens);
    abort();
  }
  return 0;
}
