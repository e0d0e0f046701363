/* fuzz_h2: HTTP/2 frames through the worker's server session (worker/h2.c +
 * nghttp2, with worker/http1.c's connection layer), without V8.
 *
 * A libuv loop and an h1_server adopt one end of a socketpair (plain TCP
 * path, protocol sniffing). The client writes the HTTP/2 connection preface
 * ("PRI * HTTP/2.0...", which selects HTTP/2 by prior knowledge) and then the
 * fuzzer's input: frames, normally starting with the client's SETTINGS (the
 * seeds are captured from nghttp, curl and h2load, see make_corpus.py). The
 * input arrives in pieces whose size depends on its length, the loop runs
 * with UV_RUN_NOWAIT until quiet, the client drains whatever the server
 * sends; for lengths = 2 mod 4 the server then drains as in a reload
 * (h1_server_close + h1_server_close_idle: GOAWAY, open streams finish); the
 * client half-closes (odd lengths), leaves, and the server is closed and
 * freed.
 *
 * The handler varies its answer with the :path so that more of h2.c runs:
 * "/chunked" answers in two writes, "/nocopy" with a body the engine must not
 * copy, "/big" with 320 KiB (over the stream window: the data provider
 * defers and h1_write returns 0 / on_drain), "/pause" pauses the connection
 * (request bodies held by flow control) and resumes it a few loop turns
 * later, "/continue" sends a 100 interim response, "/204" has no body,
 * "/never" is not answered (the stream ends by reset, GOAWAY or the
 * connection closing). Requests with a body are answered after their body
 * ends. "/healthz" is the engine's own health path.
 *
 * Checked besides memory safety (ASan, UBSan, LeakSanitizer): every delivered
 * request gets exactly one on_request_done, on_aborted only before it, every
 * connection one on_conn_close, every no-copy body is released exactly once,
 * the server closes. FUZZ_VERBOSE=1 prints the requests delivered per input. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "worker/http1.h"

static uv_loop_t loop;
static int events;
static int requests_seen; /* FUZZ_VERBOSE=1: printed per input */
static int live_reqs, live_conns, live_tokens;
static bool server_closed;
static h1_conn *paused_conn;
static int paused_rounds;

typedef struct req_state {
  size_t body;
  bool answered, aborted;
  int big_left; /* "/big": 64 KiB pieces still to write */
} req_state;

static const char nocopy_body[] = "no-copy body\n";
static char big_piece[65536];

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

/* "/big": writes pieces until h1_write asks to wait (on_drain continues). */
static void pump_big(h1_req *r) {
  req_state *st = h1_req_data(r);
  while (st->big_left > 0) {
    st->big_left--;
    int rc = h1_write(r, big_piece, sizeof big_piece, NULL, NULL, st->big_left == 0);
    if (rc <= 0) return; /* 0: wait for on_drain; -1: gone */
  }
}

static void answer(h1_req *r) {
  req_state *st = h1_req_data(r);
  if (!st || st->answered || st->aborted) return;
  if (url_has(r, "/never")) return;
  st->answered = true;
  if (url_has(r, "/chunked")) {
    h1_write_head(r, 200, NULL, 0, "Content-Type: text/plain\r\nX-Two: a\r\n", 36, 0, -1);
    if (h1_write(r, "hello ", 6, NULL, NULL, false) >= 0)
      h1_write(r, "world\n", 6, NULL, NULL, true);
    return;
  }
  if (url_has(r, "/nocopy")) {
    int *token = malloc(sizeof *token);
    *token = 0x5eed;
    live_tokens++;
    h1_write_head(r, 200, NULL, 0, "", 0, 0, (int64_t)sizeof nocopy_body - 1);
    h1_write(r, nocopy_body, sizeof nocopy_body - 1, release_token, token, true);
    return;
  }
  if (url_has(r, "/big")) {
    st->big_left = 5;
    h1_write_head(r, 200, NULL, 0, "Content-Type: application/octet-stream\r\n", 40, 0,
                  (int64_t)(5 * sizeof big_piece));
    pump_big(r);
    return;
  }
  if (url_has(r, "/204")) {
    h1_write_head(r, 204, NULL, 0, "Connection: keep-alive\r\n", 24, 0, -1);
    h1_write(r, NULL, 0, NULL, NULL, true);
    return;
  }
  char body[64];
  int n = snprintf(body, sizeof body, "%s %zu\n", h1_req_method(r), st->body);
  /* headers HTTP/2 must drop (connection-specific) and a malformed line */
  static const char head[] =
      "Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n"
      "Upgrade: h2c\r\nno colon here\r\n: empty name\r\nX-Ok:  v \r\n";
  h1_write_head(r, 200, NULL, 0, head, sizeof head - 1, 0, n);
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
  requests_seen++;
  req_state *st = calloc(1, sizeof *st);
  h1_req_set_data(r, st);
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
  (void)h1_req_header_value(r, "content-type", &len);
  int major, minor;
  h1_req_version(r, &major, &minor);
  if (major != 2) abort();
  if (url_has(r, "/continue")) h1_write_continue(r);
  if (url_has(r, "/pause") && !paused_conn) {
    paused_conn = h1_req_conn(r);
    paused_rounds = 0;
    h1_conn_pause(paused_conn);
  }
  if (!(h1_req_flags(r) & H1_HAS_BODY)) answer(r);
}

static void on_body(h1_req *r, const char *data, size_t len) {
  events++;
  req_state *st = h1_req_data(r);
  if (!st || st->aborted) abort(); /* body after on_aborted / on_request_done */
  if (len) {
    volatile char sink = data[0] ^ data[len - 1];
    (void)sink;
  }
  st->body += len;
}

static void on_body_end(h1_req *r) {
  events++;
  answer(r);
}

static void on_drain(h1_req *r) {
  events++;
  req_state *st = h1_req_data(r);
  if (!st || st->aborted) abort();
  pump_big(r);
}

static void on_aborted(h1_req *r) {
  events++;
  req_state *st = h1_req_data(r);
  if (!st || st->aborted) abort(); /* aborted twice, or never delivered */
  st->aborted = true;
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
  if (c == paused_conn) paused_conn = NULL;
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
    .on_drain = on_drain,
    .on_aborted = on_aborted,
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

static void run_until_quiet(int client, const uint8_t *data, size_t size, size_t piece) {
  size_t off = 0;
  int idle = 0;
  for (int i = 0; i < 20000 && (off < size || idle < 4 || paused_conn); i++) {
    bool progressed = false;
    if (off < size) {
      size_t n = size - off < piece ? size - off : piece;
      ssize_t w = send(client, data + off, n, MSG_DONTWAIT | MSG_NOSIGNAL);
      if (w > 0) {
        off += (size_t)w;
        progressed = true;
      } else if (errno != EAGAIN || idle > 50) {
        off = size;
      }
    }
    if (paused_conn && ++paused_rounds > 3) {
      h1_conn *c = paused_conn;
      paused_conn = NULL;
      h1_conn_resume(c);
      progressed = true;
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
  memset(big_piece, 'b', sizeof big_piece);
  return 0;
}

static const char preface[] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  h1_server *s = h1_server_new(&loop, &callbacks, NULL);
  h1_limits limits;
  h1_limits_default(&limits);
  limits.header_bytes = 2048; /* small, so that fuzz-sized inputs reach 431 and 413 */
  limits.body_bytes = 1024;
  limits.max_headers = 32;
  limits.h2_max_streams = 8;
  h1_server_set_limits(s, &limits);
  server_closed = false;
  paused_conn = NULL;

  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) abort();
  if (h1_server_adopt(s, sv[0]) != 0) abort();
  /* the preface, split as the input's length says (the sniffing path) */
  size_t cut = size % (sizeof preface - 1);
  run_until_quiet(sv[1], (const uint8_t *)preface, cut, sizeof preface);
  run_until_quiet(sv[1], (const uint8_t *)preface + cut, sizeof preface - 1 - cut, sizeof preface);
  size_t piece = size % 3 == 0 ? size + 1 : 1 + (size * 7) % 193;
  run_until_quiet(sv[1], data, size, piece);
  if (size % 4 == 2) {
    /* the worker drains (reload): stop accepting, GOAWAY / close idle
     * connections, let open requests finish while the client stays */
    h1_server_close(s);
    h1_server_close_idle(s);
    run_until_quiet(sv[1], NULL, 0, 1);
  }
  if (size & 1) {
    shutdown(sv[1], SHUT_WR); /* half-close: open streams still finish */
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
  if (getenv("FUZZ_VERBOSE"))
    fprintf(stderr, "input of %zu bytes: %d requests\n", size, requests_seen);
  requests_seen = 0;
  if (live_reqs != 0 || live_conns != 0 || live_tokens != 0) {
    fprintf(stderr,
            "lifecycle: %d requests without on_request_done, %d connections without "
            "on_conn_close, %d no-copy bodies never released\n",
            live_reqs, live_conns, live_tokens);
    abort();
  }
  return 0;
}
