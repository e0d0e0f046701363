/* fuzz_h2: HTTP/2 frames through the worker's server session (worker/http/h2.c +
 * nghttp2, with worker/http/http1.c's connection layer), without V8.
 *
 * A libuv loop and an http_server adopt one end of a socketpair (plain TCP
 * path, protocol sniffing). The client writes the HTTP/2 connection preface
 * ("PRI * HTTP/2.0...", which selects HTTP/2 by prior knowledge) and then the
 * fuzzer's input: frames, normally starting with the client's SETTINGS (the
 * seeds are captured from nghttp, curl and h2load, see make_corpus.py). The
 * input arrives in pieces whose size depends on its length, the loop runs
 * with UV_RUN_NOWAIT until quiet, the client drains whatever the server
 * sends; for lengths = 2 mod 4 the server then drains as in a reload
 * (http_server_drain: GOAWAY once idle, then http_server_goaway: GOAWAY to
 * busy connections; open streams finish); the
 * client half-closes (odd lengths), leaves, and the server is closed and
 * freed.
 *
 * The handler varies its answer with the :path so that more of h2.c runs:
 * "/chunked" answers in two writes, "/nocopy" with a body the engine must not
 * copy, "/big" with 320 KiB (over the stream window: the data provider
 * defers and http_write returns 0 / on_drain), "/pause" pauses the connection
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "engine_harness.h"

static const char nocopy_body[] = "no-copy body\n";
static char big_piece[65536];

/* "/big": writes pieces until http_write asks to wait (on_drain continues). */
static void pump_big(http_req *r) {
  fz_req *st = http_req_data(r);
  while (st->big_left > 0) {
    st->big_left--;
    int rc = http_write(r, big_piece, sizeof big_piece, NULL, NULL, st->big_left == 0);
    if (rc <= 0) return; /* 0: wait for on_drain; -1: gone */
  }
}

static void answer(http_req *r) {
  fz_req *st = http_req_data(r);
  if (!st || st->answered || st->aborted) return;
  if (fz_url_has(r, "/never")) return;
  st->answered = true;
  if (fz_url_has(r, "/chunked")) {
    http_write_head(r, 200, NULL, 0, "Content-Type: text/plain\r\nX-Two: a\r\n", 36, 0, -1);
    if (http_write(r, "hello ", 6, NULL, NULL, false) >= 0)
      http_write(r, "world\n", 6, NULL, NULL, true);
    return;
  }
  if (fz_url_has(r, "/nocopy")) {
    http_write_head(r, 200, NULL, 0, "", 0, 0, (int64_t)sizeof nocopy_body - 1);
    http_write(r, nocopy_body, sizeof nocopy_body - 1, fz_release_token, fz_token_new(), true);
    return;
  }
  if (fz_url_has(r, "/big")) {
    st->big_left = 5;
    http_write_head(r, 200, NULL, 0, "Content-Type: application/octet-stream\r\n", 40, 0,
                    (int64_t)(5 * sizeof big_piece));
    pump_big(r);
    return;
  }
  if (fz_url_has(r, "/204")) {
    http_write_head(r, 204, NULL, 0, "Connection: keep-alive\r\n", 24, 0, -1);
    http_write(r, NULL, 0, NULL, NULL, true);
    return;
  }
  char body[64];
  int n = snprintf(body, sizeof body, "%s %zu\n", http_req_method(r), st->body);
  /* headers HTTP/2 must drop (connection-specific) and a malformed line */
  static const char head[] =
      "Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n"
      "Upgrade: h2c\r\nno colon here\r\n: empty name\r\nX-Ok:  v \r\n";
  http_write_head(r, 200, NULL, 0, head, sizeof head - 1, 0, n);
  http_write(r, body, (size_t)n, NULL, NULL, true);
}

static void on_request(http_req *r) {
  fz_request_begin(r);
  size_t len;
  (void)http_req_header_value(r, "content-type", &len);
  int major, minor;
  http_req_version(r, &major, &minor);
  if (major != 2) abort();
  if (fz_url_has(r, "/continue")) http_write_continue(r);
  if (fz_url_has(r, "/pause") && !fz_paused_conn) {
    fz_paused_conn = http_req_conn(r);
    http_conn_pause(fz_paused_conn);
  }
  if (!(http_req_flags(r) & HTTP_HAS_BODY)) answer(r);
}

static void on_drain(http_req *r) {
  fz_events++;
  fz_req *st = http_req_data(r);
  if (!st || st->aborted) abort();
  pump_big(r);
}

static http_callbacks callbacks;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  fz_init();
  fz_answer = answer;
  callbacks = fz_callbacks(on_request);
  callbacks.on_drain = on_drain;
  memset(big_piece, 'b', sizeof big_piece);
  return 0;
}

static const char preface[] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  http_limits limits;
  http_limits_default(&limits);
  limits.header_bytes = 2048; /* small, so that fuzz-sized inputs reach 431 and 413 */
  limits.body_bytes = 1024;
  limits.max_headers = 32;
  limits.h2_max_streams = 8;
  http_server *s = fz_server_new(&callbacks, &limits);
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) abort();
  if (http_server_adopt(s, sv[0]) != 0) abort();
  /* the preface, split as the input's length says (the sniffing path) */
  size_t cut = size % (sizeof preface - 1);
  fz_run_until_quiet(sv[1], (const uint8_t *)preface, cut, sizeof preface);
  fz_run_until_quiet(sv[1], (const uint8_t *)preface + cut, sizeof preface - 1 - cut,
                     sizeof preface);
  size_t piece = size % 3 == 0 ? size + 1 : 1 + (size * 7) % 193;
  fz_run_until_quiet(sv[1], data, size, piece);
  fz_finish(s, sv[1], size, size % 4 == 2);
  return 0;
}
