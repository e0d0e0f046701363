/* response_timeout: limits.response_timeout_ms, the engine's bound on a
 * request its user never answers (an app that forgot res.end(), a handler
 * waiting on a dead dependency). One timer per server sweeps its unanswered
 * requests a few times per timeout, so a request costs nothing to track. A
 * request without progress for the timeout (counted from its start, then
 * from the last request body byte received or response byte written: a
 * long upload or a streamed answer is not cut while it moves) is
 * answered 504 by the engine when nothing of the response left yet, else
 * its response is cut (HTTP/1.1: the connection; HTTP/2: the stream). The
 * user hears on_aborted, as when the client leaves; one line on stderr. */
#include <inttypes.h>

#include "http_internal.h"

/* How often the sweep runs: a tenth of the timeout (so a request is
 * answered at most 10% late), at least every 5 s, at most every 10 ms. */
static uint64_t sweep_interval_ms(uint64_t timeout_ms) {
  uint64_t every = timeout_ms / 10;
  if (every < 10) every = 10;
  if (every > 5000) every = 5000;
  return every;
}

static void log_timeout(h1_req *r, uint64_t timeout_ms, const char *what) {
  size_t len;
  const char *url = h1_req_url(r, &len);
  if (!url) len = 0;
  h1i_log_conn(
      r->conn, "no response to %s %.*s for %" PRIu64 " ms (limits.response_timeout_ms): %s",
      r->method ? r->method : "?", (int)(len > 200 ? 200 : len), url ? url : "", timeout_ms, what);
}

static void expire(h1_req *r, uint64_t timeout_ms) {
  h1_conn *c = r->conn;
  bool head_left = r->proto == PROTO_H2 ? r->submitted : r->head_written;
  log_timeout(r, timeout_ms, head_left ? "cut" : "answered 504");
  if (head_left) h1_req_destroy(r);
  else if (r->proto == PROTO_H2) h2_refuse(r, 504);
  else if (c->req == r) h1i_conn_refuse(c, 504);
  else h1_req_destroy(r);
}

/* Bytes that moved for r: its body received, its response written. */
static uint64_t progress(h1_req *r) {
  uint64_t in = r->proto == PROTO_H2 ? r->body_bytes : r->conn->req == r ? r->conn->body_bytes : 0;
  return in + r->bytes_sent;
}

static void visit(h1_req *r, void *arg) {
  h1_server *s = arg;
  uint64_t now = uv_hrtime();
  uint64_t moved = progress(r);
  if (r->seen_ns == 0 || moved != r->seen_bytes) {
    /* first sight, or bytes moved since: the clock starts again */
    r->seen_bytes = moved;
    r->seen_ns = moved ? now : r->start_ns;
  }
  uint64_t timeout_ms = s->limits.response_timeout_ms;
  if (now - r->seen_ns >= timeout_ms * 1000000) expire(r, timeout_ms);
}

static void on_sweep(uv_timer_t *t) {
  h1_server *s = t->data;
  if (s->limits.response_timeout_ms == 0) return;
  h1_server_each_request(s, visit, s);
}

void h1i_response_timeout_init(h1_server *s) {
  uv_timer_init(s->loop, &s->response_timer);
  s->response_timer.data = s;
  uv_unref((uv_handle_t *)&s->response_timer); /* never what keeps a loop alive */
}

void h1i_response_timeout_arm(h1_server *s) {
  if (s->closing) return;
  uint64_t ms = s->limits.response_timeout_ms;
  if (ms == 0) {
    uv_timer_stop(&s->response_timer);
    return;
  }
  uint64_t every = sweep_interval_ms(ms);
  uv_timer_start(&s->response_timer, on_sweep, every, every);
}
