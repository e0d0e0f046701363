/* Unit tests of the HTTP engine (worker/http/, linked from shoal_engine)
 * without V8: one end of a socketpair is adopted by an http_server, the test
 * writes request bytes to the other end and reads the responses. The loop,
 * the server and the lifecycle checks are the fuzz targets' harness
 * (tests/fuzz/engine_harness.h); requests are answered with their URL.
 * The request hooks (what the worker's request accounting hangs on) are
 * checked over the same exchanges.
 * HTTP/1.1 and HTTP/2 (by prior knowledge, frames and HPACK written by hand)
 * must give the user the same protocol-neutral request (request.h): method,
 * URL, fields, flags, body; the health path is answered below the user on
 * both. */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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

static void describe(http_req *r); /* records what the user is given */

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
  describe(r);
  if (fz_url_has(r, "/hang")) return; /* never answered */
  if (fz_url_has(r, "/started")) {    /* a response begun, then silent */
    st->answered = true;
    http_write_head(r, 200, NULL, 0, "", 0, 0, -1);
    http_write(r, "first", 5, NULL, NULL, false);
    return;
  }
  if (!(http_req_flags(r) & HTTP_HAS_BODY) || st->body_with_head) answer(r);
}

static http_callbacks callbacks;

/* One connection: CHUNKS (LENS bytes each) are written one after the other
 * (the loop runs until quiet after each), then the client leaves. Returns
 * what came back (ngot bytes). */
static const char *exchange_n(const char *const *chunks, const size_t *lens, size_t n) {
  ngot = 0;
  got[0] = 0;
  http_server *s = fz_server_new(&callbacks, NULL);
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) abort();
  CHECK(http_server_adopt(s, sv[0]) == 0);
  for (size_t i = 0; i < n; i++)
    fz_run_until_quiet(sv[1], (const uint8_t *)chunks[i], lens[i], lens[i]);
  fz_finish(s, sv[1], 0, false); /* aborts on a lifecycle leak */
  return got;
}

/* exchange_n of NUL-terminated text chunks. */
static const char *exchange(const char *const *chunks, size_t n) {
  size_t lens[8];
  if (n > 8) abort();
  for (size_t i = 0; i < n; i++) lens[i] = strlen(chunks[i]);
  return exchange_n(chunks, lens, n);
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
} hooks_seen;

static void hook_begin(http_req *r) {
  (void)r;
  hooks_seen.begins++;
}

static void hook_end(http_req *r, const http_req_summary *sum) {
  hooks_seen.ends++;
  hooks_seen.last_status = sum->status;
  hooks_seen.bytes_in += sum->bytes_in;
  hooks_seen.bytes_out += sum->bytes_out;
  if (sum->finished) hooks_seen.finished++;
  /* the request began before its end, and not before this test started */
  if (sum->duration_ns > 5000000000ull || sum->status != http_req_status(r))
    hooks_seen.duration_ok = false;
}

static void hook_handler_enter(http_req *r) {
  (void)r;
  hooks_seen.handler_enters++;
}

static void hook_handler_leave(http_req *r) {
  (void)r;
  hooks_seen.handler_leaves++;
}

static const http_request_hooks test_hooks = {hook_begin, hook_end, hook_handler_enter,
                                              hook_handler_leave};

static void (*harness_on_finish)(http_req *r);

static void counting_on_finish(http_req *r) {
  hooks_seen.finishes++;
  if (harness_on_finish) harness_on_finish(r);
}

/* Runs exchange() with the hooks set; the user marks its handler of every
 * request (as the HTTP binding does around the JavaScript listener). */
static void hooked(const char *const *chunks, size_t n) {
  memset(&hooks_seen, 0, sizeof hooks_seen);
  hooks_seen.duration_ok = true;
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
  CHECK(hooks_seen.begins == 2 && hooks_seen.ends == 2 && hooks_seen.finished == 2 &&
        hooks_seen.finishes == 2);
  CHECK(hooks_seen.last_status == 200 && hooks_seen.duration_ok);
  CHECK(hooks_seen.bytes_in == 5 && hooks_seen.bytes_out == strlen("/first") + strlen("/second"));
  CHECK(hooks_seen.handler_enters == 2 && hooks_seen.handler_leaves == 2);
  /* what the engine answers itself is not handed over: not counted */
  const char *health[] = {"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
                          "GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n"};
  hooked(health, 2);
  CHECK(strstr(got, "\r\n\r\nok\n") && strstr(got, "HTTP/1.1 400 "));
  CHECK(hooks_seen.begins == 0 && hooks_seen.ends == 0);
  /* a response never finished: it ends (no longer in flight) without
   * counting as finished, exactly when the user gets no on_finish */
  const char *hang[] = {"GET /started HTTP/1.1\r\nHost: x\r\n\r\n"};
  hooked(hang, 1);
  CHECK(hooks_seen.begins == 1 && hooks_seen.ends == 1 && hooks_seen.finished == 0 &&
        hooks_seen.finishes == 0);
  CHECK(hooks_seen.last_status == 200 && hooks_seen.bytes_out == 5);
  callbacks = plain;
}

/* --- the neutral request (request.h), as either protocol fills it -------- */

/* What the user was given of the last request: "METHOD URL [body]" then
 * one "name: value" line per header field (names lowercased; HTTP/2's
 * pseudo-header fields and Host, which the protocols carry differently, are
 * left out), then "|" and the body bytes. */
static char seen[4096];
static size_t nseen;
static int seen_requests, seen_major, seen_minor;
static unsigned seen_flags;
static char seen_host[64]; /* Host, or HTTP/2's :authority */

static void seen_add(const char *data, size_t len) {
  if (len > sizeof seen - 1 - nseen) len = sizeof seen - 1 - nseen;
  memcpy(seen + nseen, data, len);
  nseen += len;
  seen[nseen] = 0;
}

static void describe(http_req *r) {
  nseen = 0;
  seen[0] = 0;
  seen_host[0] = 0;
  seen_requests++;
  seen_flags = http_req_flags(r);
  http_req_version(r, &seen_major, &seen_minor);
  size_t ulen;
  const char *url = http_req_url(r, &ulen);
  seen_add(http_req_method(r), strlen(http_req_method(r)));
  seen_add(" ", 1);
  seen_add(url, ulen);
  seen_add(seen_flags & HTTP_HAS_BODY ? " body\n" : "\n", seen_flags & HTTP_HAS_BODY ? 6 : 1);
  for (size_t i = 0; i < http_req_header_count(r); i++) {
    const char *name, *value;
    size_t nl, vl;
    http_req_header(r, i, &name, &nl, &value, &vl);
    bool host = (nl == 4 && strncasecmp(name, "host", 4) == 0) ||
                (nl == 10 && memcmp(name, ":authority", 10) == 0);
    if (host && vl < sizeof seen_host) {
      memcpy(seen_host, value, vl);
      seen_host[vl] = 0;
    }
    if (host || (nl && name[0] == ':')) continue;
    for (size_t k = 0; k < nl; k++) {
      char lower = (char)tolower((unsigned char)name[k]);
      seen_add(&lower, 1);
    }
    seen_add(": ", 2);
    seen_add(value, vl);
    seen_add("\n", 1);
  }
  seen_add("|", 1);
  size_t blen;
  const char *body = http_req_body_with_head(r, &blen);
  if (body) seen_add(body, blen);
}

static void (*harness_on_body)(http_req *r, const char *data, size_t len);

static void record_body(http_req *r, const char *data, size_t len) {
  seen_add(data, len);
  harness_on_body(r, data, len);
}

#define POST_FIELDS "content-type: text/plain\nx-two: a\nx-two: b\ncontent-length: 11\n"

static void test_h1_request(void) {
  const char *req[] = {
      "POST /submit?q=1 HTTP/1.1\r\nHost: example\r\nContent-Type: text/plain\r\n"
      "X-Two: a\r\nX-Two: b\r\nContent-Length: 11\r\n\r\nhello world"};
  const char *out = exchange(req, 1);
  CHECK(strcmp(seen, "POST /submit?q=1 body\n" POST_FIELDS "|hello world") == 0);
  CHECK(seen_major == 1 && seen_minor == 1 && strcmp(seen_host, "example") == 0);
  CHECK(seen_flags == (HTTP_KEEP_ALIVE | HTTP_HAS_BODY | HTTP_HAS_HOST));
  CHECK(strstr(out, "HTTP/1.1 200 OK\r\n") == out && strstr(out, "\r\n\r\n/submit?q=1"));

  /* chunked body, joined; Expect: 100-continue is a flag */
  const char *chunked[] = {
      "PUT /c HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n",
      "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"};
  exchange(chunked, 2);
  CHECK(strcmp(seen,
               "PUT /c body\nexpect: 100-continue\ntransfer-encoding: chunked\n"
               "|hello world") == 0);
  CHECK(seen_flags ==
        (HTTP_KEEP_ALIVE | HTTP_HAS_BODY | HTTP_EXPECT_CONTINUE | HTTP_HAS_HOST | HTTP_HAS_EXPECT));

  /* HTTP/1.0 without keep-alive: no flags, no body; the header lookup
   * ignores case */
  const char *old[] = {"GET /old HTTP/1.0\r\nX-Case: v\r\n\r\n"};
  exchange(old, 1);
  CHECK(strcmp(seen, "GET /old\nx-case: v\n|") == 0);
  CHECK(seen_major == 1 && seen_minor == 0 && seen_flags == 0);
}

/* --- HTTP/2 by prior knowledge: frames and HPACK literals by hand -------- */

static const char preface[] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

static size_t h2_frame(char *out, int type, int flags, int stream, const char *payload,
                       size_t len) {
  const unsigned char hd[9] = {(unsigned char)(len >> 16),
                               (unsigned char)(len >> 8),
                               (unsigned char)len,
                               (unsigned char)type,
                               (unsigned char)flags,
                               0,
                               0,
                               0,
                               (unsigned char)stream};
  memcpy(out, hd, 9);
  if (len) memcpy(out + 9, payload, len); /* an empty SETTINGS has no payload (NULL) */
  return 9 + len;
}

/* An HPACK "literal header field without indexing, new name" (lengths < 127). */
static size_t hpack_literal(char *out, const char *name, const char *value) {
  size_t nl = strlen(name), vl = strlen(value), n = 0;
  out[n++] = 0;
  out[n++] = (char)nl;
  memcpy(out + n, name, nl);
  n += nl;
  out[n++] = (char)vl;
  memcpy(out + n, value, vl);
  return n + vl;
}

/* The preface, an empty SETTINGS, HEADERS of FIELDS (name, value pairs,
 * NULL-terminated) on stream 1 and, when BODY, one DATA frame ending the
 * stream. Returns the length written to OUT. */
static size_t h2_request(char *out, const char *const *fields, const char *body) {
  char block[1024];
  size_t nb = 0, n = sizeof preface - 1;
  memcpy(out, preface, n);
  n += h2_frame(out + n, 4, 0, 0, NULL, 0);
  for (size_t i = 0; fields[i]; i += 2) nb += hpack_literal(block + nb, fields[i], fields[i + 1]);
  n += h2_frame(out + n, 1, body ? 0x4 : 0x5, 1, block, nb); /* END_HEADERS (+END_STREAM) */
  if (body) n += h2_frame(out + n, 0, 0x1, 1, body, strlen(body));
  return n;
}

/* Whether the server's frames in got[0..ngot) hold a HEADERS frame of
 * stream 1 starting with HPACK's indexed ":status 200" (0x88) and a DATA
 * frame of stream 1 whose payload is BODY. */
static bool h2_answered_200(const char *body) {
  bool head = false, data = false;
  const unsigned char *p = (const unsigned char *)got;
  for (size_t off = 0; off + 9 <= ngot;) {
    size_t len = ((size_t)p[off] << 16) | ((size_t)p[off + 1] << 8) | p[off + 2];
    int type = p[off + 3], stream = p[off + 8] | (p[off + 7] << 8);
    const char *payload = got + off + 9;
    if (off + 9 + len > ngot) break;
    if (type == 1 && stream == 1 && len && p[off + 9] == 0x88) head = true;
    if (type == 0 && stream == 1 && len == strlen(body) && memcmp(payload, body, len) == 0)
      data = true;
    off += 9 + len;
  }
  return head && data;
}

/* The same request as test_h1_request's first over HTTP/2 (h2.c on
 * nghttp2): the user is given the same neutral request, version 2.0, the
 * authority for the Host, and the body. */
static void test_h2_request(void) {
  static const char *fields[] = {
      ":method",    "POST",    ":scheme",        "http",       ":path", "/submit?q=1",
      ":authority", "example", "content-type",   "text/plain", "x-two", "a",
      "x-two",      "b",       "content-length", "11",         NULL};
  char bytes[2048];
  const char *chunks[] = {bytes};
  size_t len = h2_request(bytes, fields, "hello world");
  exchange_n(chunks, &len, 1);
  CHECK(strcmp(seen, "POST /submit?q=1 body\n" POST_FIELDS "|hello world") == 0);
  CHECK(seen_major == 2 && seen_minor == 0 && strcmp(seen_host, "example") == 0);
  CHECK(seen_flags == (HTTP_KEEP_ALIVE | HTTP_HAS_BODY));
  CHECK(h2_answered_200("/submit?q=1"));
}

/* The health path is answered by the neutral request (request.c) for both
 * protocols; the user never sees it. */
static void test_health_path(void) {
  int before = seen_requests;
  const char *h1[] = {"GET /healthz?probe=1 HTTP/1.1\r\nHost: x\r\n\r\n"};
  const char *out = exchange(h1, 1);
  CHECK(strncmp(out, "HTTP/1.1 200 OK\r\n", 17) == 0 && strstr(out, "\r\n\r\nok\n"));
  static const char *fields[] = {":method",  "GET",        ":scheme", "http", ":path",
                                 "/healthz", ":authority", "x",       NULL};
  char bytes[1024];
  const char *chunks[] = {bytes};
  size_t len = h2_request(bytes, fields, NULL);
  exchange_n(chunks, &len, 1);
  CHECK(h2_answered_200("ok\n"));
  CHECK(seen_requests == before);
}

int main(void) {
  fz_init();
  fz_answer = answer;
  fz_sink = sink;
  callbacks = fz_callbacks(on_request);
  harness_on_body = callbacks.on_body;
  callbacks.on_body = record_body;
  test_keep_alive();
  test_pipelined();
  test_bad_request();
  test_header_too_large();
  test_response_timeout();
  test_request_hooks();
  test_h1_request();
  test_h2_request();
  test_health_path();
  return unit_finish("engine_unit");
}
