/* Unit tests of the HTTP engine (worker/http/, linked from shoal_engine)
 * without V8: one end of a socketpair is adopted by an http_server, the test
 * writes request bytes to the other end and reads the responses. The loop,
 * the server and the lifecycle checks are the fuzz targets' harness
 * (tests/fuzz/engine_harness.h); requests are answered with their URL.
 * The request hooks (what the worker's request accounting hangs on) are
 * checked over the same exchanges. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "engine_harness.h"
#include "unit_test.h"

/* What the client end received. */
static char got[65536];
static size_t ngot;

static void sink(void *arg, const char *data, size_t len) {
  (void)arg;
  if (len > sizeof got - 1 - ngot) len = sizeof got - 1 - ngot;
  memcpy(got + ngot, data, len);
  ngot += len;
  got[ngot] = 0;
}

static void answer(http_req *r) {
  fz_req *st = http_req_data(r);
  if (!st || st->answered) return;
  st->answered = true;
  size_t len;
  const char *url = http_req_url(r, &len);
  http_write_head(r, 200, NULL, 0, "Content-Type: text/plain\r\n", 26, 0, (int64_t)len);
  http_write(r, url, len, NULL, NULL, true);
}

static void on_request(http_req *r) {
  fz_req *st = fz_request_begin(r);
  if (fz_url_has(r, "/hang")) return; /* never answered */
  if (fz_url_has(r, "/started")) {    /* a response begun, then silent */
    st->answered = true;
    http_write_head(r, 200, NULL, 0, "", 0, 0, -1);
    http_write(r, "first", 5, NULL, NULL, false);
    return;
  }
  if (!(http_req_flags(r) & HTTP_HAS_BODY)) answer(r);
}

static http_callbacks callbacks;

/* One connection: CHUNKS are written one after the other (the loop runs
 * until quiet after each), then the client leaves. Returns what came back. */
static const char *exchange(const char *const *chunks, size_t n) {
  ngot = 0;
  got[0] = 0;
  http_server *s = fz_server_new(&callbacks, NULL);
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) abort();
  CHECK(http_server_adopt(s, sv[0]) == 0);
  for (size_t i = 0; i < n; i++) {
    size_t len = strlen(chunks[i]);
    fz_run_until_quiet(sv[1], (const uint8_t *)chunks[i], len, len);
  }
  fz_finish(s, sv[1], 0, false); /* aborts on a lifecycle leak */
  return got;
}

static int count(const char *hay, const char *needle) {
  int n = 0;
  for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle)) n++;
  return n;
}

static void test_keep_alive(void) {
  const char *req[] = {"GET /first HTTP/1.1\r\nHost: x\r\n\r\n",
                       "GET /second HTTP/1.1\r\nHost: x\r\n\r\n"};
  const char *out = exchange(req, 2);
  CHECK(count(out, "HTTP/1.1 200 OK\r\n") == 2);
  const char *a = strstr(out, "\r\n\r\n/first"), *b = strstr(out, "\r\n\r\n/second");
  CHECK(a && b && a < b);
  CHECK(!strstr(out, "Connection: close"));
}

static void test_pipelined(void) {
  const char *req[] = {
      "GET /one HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /two HTTP/1.1\r\nHost: x\r\n\r\n"};
  const char *out = exchange(req, 1);
  CHECK(count(out, "HTTP/1.1 200 OK\r\n") == 2);
  const char *a = strstr(out, "/one"), *b = strstr(out, "/two");
  CHECK(a && b && a < b); /* answered in request order */
}

static void test_bad_request(void) {
  const char *req[] = {"GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n"};
  const char *out = exchange(req, 1);
  CHECK(strncmp(out, "HTTP/1.1 400 ", 13) == 0);
  CHECK(strstr(out, "Connection: close") != NULL);
}

static void test_header_too_large(void) {
  /* the harness's server allows 2048 bytes of head */
  static char big[4096];
  int n = snprintf(big, sizeof big, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: ");
  memset(big + n, 'a', 3000);
  memcpy(big + n + 3000, "\r\n\r\n", 5);
  const char *req[] = {big};
  const char *out = exchange(req, 1);
  CHECK(strncmp(out, "HTTP/1.1 431 ", 13) == 0);
}

/* limits.response_timeout_ms (20 ms here): one request on a connection,
 * then the loop runs (its timers too) until the server closed the
 * connection or 5 s passed. Returns what came back. */
static const char *timed_out(const char *request) {
  ngot = 0;
  got[0] = 0;
  http_limits limits;
  http_limits_default(&limits);
  limits.response_timeout_ms = 20;
  http_server *s = fz_server_new(&callbacks, &limits);
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) abort();
  CHECK(http_server_adopt(s, sv[0]) == 0);
  CHECK(send(sv[1], request, strlen(request), 0) == (ssize_t)strlen(request));
  bool closed = false;
  for (int i = 0; i < 2500 && !closed; i++) {
    uv_run(&fz_loop, UV_RUN_NOWAIT);
    char buf[4096];
    ssize_t n;
    while ((n = recv(sv[1], buf, sizeof buf, MSG_DONTWAIT)) > 0) sink(NULL, buf, (size_t)n);
    closed = n == 0;
    usleep(2000);
  }
  CHECK(closed);
  fz_finish(s, sv[1], 0, false); /* aborts unless the user heard on_request_done */
  return got;
}

static void test_response_timeout(void) {
  const char *out = timed_out("GET /hang HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(strcmp(out, "HTTP/1.1 504 Gateway Timeout\r\nConnection: close\r\n\r\n") == 0);
  out = timed_out("GET /started HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(strncmp(out, "HTTP/1.1 200 OK\r\n", 17) == 0); /* cut: no 504, no last chunk */
  CHECK(strstr(out, "\r\n5\r\nfirst\r\n") && !strstr(out, "0\r\n\r\n") && !strstr(out, "504"));
}

/* --- the request hooks (request accounting, http_request_hooks) ------------ */

/* What the hooks saw, and how many on_finish the user got. */
static struct {
  int begins, ends, finished, finishes, handler_enters, handler_leaves;
  int last_status;
  uint64_t bytes_in, bytes_out;
  bool duration_ok;
} seen;

static void hook_begin(http_req *r) {
  (void)r;
  seen.begins++;
}

static void hook_end(http_req *r, const http_req_summary *sum) {
  seen.ends++;
  seen.last_status = sum->status;
  seen.bytes_in += sum->bytes_in;
  seen.bytes_out += sum->bytes_out;
  if (sum->finished) seen.finished++;
  /* the request began before its end, and not before this test started */
  if (sum->duration_ns > 5000000000ull || sum->status != http_req_status(r))
    seen.duration_ok = false;
}

static void hook_handler_enter(http_req *r) {
  (void)r;
  seen.handler_enters++;
}

static void hook_handler_leave(http_req *r) {
  (void)r;
  seen.handler_leaves++;
}

static const http_request_hooks test_hooks = {hook_begin, hook_end, hook_handler_enter,
                                              hook_handler_leave};

static void (*harness_on_finish)(http_req *r);

static void counting_on_finish(http_req *r) {
  seen.finishes++;
  if (harness_on_finish) harness_on_finish(r);
}

/* Runs exchange() with the hooks set; the user marks its handler of every
 * request (as the HTTP binding does around the JavaScript listener). */
static void hooked(const char *const *chunks, size_t n) {
  memset(&seen, 0, sizeof seen);
  seen.duration_ok = true;
  http_set_request_hooks(&test_hooks);
  exchange(chunks, n);
  http_set_request_hooks(NULL);
}

static void marked_on_request(http_req *r) {
  http_req_handler_enter(r);
  on_request(r);
  http_req_handler_leave(r);
}

static void test_request_hooks(void) {
  http_callbacks plain = callbacks;
  harness_on_finish = callbacks.on_finish;
  callbacks.on_finish = counting_on_finish;
  callbacks.on_request = marked_on_request;
  /* keep-alive: each request begins and ends once, finished, with its
   * status and body bytes both ways */
  const char *two[] = {"GET /first HTTP/1.1\r\nHost: x\r\n\r\n",
                       "POST /second HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"};
  hooked(two, 2);
  CHECK(seen.begins == 2 && seen.ends == 2 && seen.finished == 2 && seen.finishes == 2);
  CHECK(seen.last_status == 200 && seen.duration_ok);
  CHECK(seen.bytes_in == 5 && seen.bytes_out == strlen("/first") + strlen("/second"));
  CHECK(seen.handler_enters == 2 && seen.handler_leaves == 2);
  /* what the engine answers itself is not handed over: not counted */
  const char *health[] = {"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
                          "GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n"};
  hooked(health, 2);
  CHECK(strstr(got, "\r\n\r\nok\n") && strstr(got, "HTTP/1.1 400 "));
  CHECK(seen.begins == 0 && seen.ends == 0);
  /* a response never finished: it ends (no longer in flight) without
   * counting as finished, exactly when the user gets no on_finish */
  const char *hang[] = {"GET /started HTTP/1.1\r\nHost: x\r\n\r\n"};
  hooked(hang, 1);
  CHECK(seen.begins == 1 && seen.ends == 1 && seen.finished == 0 && seen.finishes == 0);
  CHECK(seen.last_status == 200 && seen.bytes_out == 5);
  callbacks = plain;
}

int main(void) {
  fz_init();
  fz_answer = answer;
  fz_sink = sink;
  callbacks = fz_callbacks(on_request);
  test_keep_alive();
  test_pipelined();
  test_bad_request();
  test_header_too_large();
  test_response_timeout();
  test_request_hooks();
  return unit_finish("engine_unit");
}
