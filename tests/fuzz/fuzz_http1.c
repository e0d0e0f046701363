/* fuzz_http1: the worker's HTTP/1.1 engine (worker/http/http1.c + llhttp), without
 * V8. A libuv loop and an http_server whose callbacks answer every request with
 * a small response; one end of a socketpair is adopted with http_server_adopt,
 * the input is written to the other end (in pieces whose size depends on the
 * input's length, so requests straddle reads), the loop runs with
 * UV_RUN_NOWAIT until quiet, the client half-closes (odd-length inputs only),
 * leaves, and the server is closed and freed.
 *
 * The handler varies its answer with the request so that more of the engine
 * runs: a body is read before answering when there is one; "/chunked" sends a
 * chunked response in two writes; "/nocopy" writes a body the engine must not
 * copy and must release exactly once; "/close" asks for Connection: close;
 * Expect: 100-continue gets http_write_continue; the health path "/healthz" is
 * answered by the engine itself.
 *
 * Checked besides memory safety (ASan, UBSan, LeakSanitizer): every request
 * gets exactly one on_request_done, every connection one on_conn_close, every
 * no-copy token is released exactly once, the server closes. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "engine_harness.h"

static const char nocopy_body[] = "no-copy body\n";

static void answer(http_req *r) {
  fz_req *st = http_req_data(r);
  if (!st || st->answered) return;
  st->answered = true;
  unsigned flags = fz_url_has(r, "/close") ? HTTP_CLOSE : 0;
  if (fz_url_has(r, "/chunked")) {
    http_write_head(r, 200, NULL, 0, "Content-Type: text/plain\r\n", 26, flags, -1);
    if (http_write(r, "hello ", 6, NULL, NULL, false) >= 0)
      http_write(r, "world\n", 6, NULL, NULL, true);
    return;
  }
  if (fz_url_has(r, "/nocopy")) {
    http_write_head(r, 200, NULL, 0, "", 0, flags, (int64_t)sizeof nocopy_body - 1);
    http_write(r, nocopy_body, sizeof nocopy_body - 1, fz_release_token, fz_token_new(), true);
    return;
  }
  if (fz_url_has(r, "/204")) {
    http_write_head(r, 204, NULL, 0, "", 0, flags, -1);
    http_write(r, NULL, 0, NULL, NULL, true);
    return;
  }
  char body[64];
  int n = snprintf(body, sizeof body, "%s %zu\n", http_req_method(r), st->body);
  http_write_head(r, 200, NULL, 0, "Content-Type: text/plain\r\n", 26, flags, n);
  http_write(r, body, (size_t)n, NULL, NULL, true);
}

static void on_request(http_req *r) {
  fz_req *st = fz_request_begin(r);
  unsigned flags = http_req_flags(r);
  if (flags & HTTP_EXPECT_CONTINUE) http_write_continue(r);
  if (!(flags & HTTP_HAS_BODY) || st->body_with_head) answer(r);
}

static http_callbacks callbacks;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  fz_init();
  fz_answer = answer;
  callbacks = fz_callbacks(on_request);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  http_server *s = fz_server_new(&callbacks, NULL);
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) abort();
  if (http_server_adopt(s, sv[0]) != 0) abort();
  size_t piece = size % 5 == 0 ? size + 1 : 1 + (size * 7) % 97;
  fz_run_until_quiet(sv[1], data, size, piece);
  fz_finish(s, sv[1], size, false);
  return 0;
}
