/* response_timeout: see response_timeout.h. One rule, progress: a request
 * without progress for the timeout (counted from its start, then from the
 * last request body byte received or response byte written: a long upload
 * or a streamed answer is not cut while it moves) is refused with 504 by its
 * protocol when nothing of the response left yet (http_req_ops.refuse),
 * else its response is cut (http_req_destroy: HTTP/1.1 the connection,
 * HTTP/2 the stream). The user hears on_aborted, as when the client leaves;
 * one line on stderr. Once every request of a connection is answered, what
 * remains is the bytes queued on its socket: the connection is cut when the
 * client took none of them for the timeout (nginx's send_timeout), else a
 * client that reads nothing would pin the responses, and the app's memory,
 * for as long as it keeps the connection open. */
#include "response_timeout.h"

#include <inttypes.h>

#include "request.h"

/* How often the sweep runs: a tenth of the timeout (so a request is
 * answered at most 10% late), at least every 5 s, at most every 10 ms. */
static uint64_t every_ms(uint64_t timeout_ms) {
  uint64_t every = timeout_ms / 10;
  if (every < 10) every = 10;
  if (every > 5000) every = 5000;
  return every;
}

static void expire(http_req *r, uint64_t timeout_ms) {
  /* A head only buffered (HTTP/1.1 writeHead without a body yet) is not
   * out: the client can still get a clean 504. */
  bool started = r->head_written;
  size_t len;
  const char *url = http_req_url(r, &len);
  conn_log(r->conn, "no response to %s %.*s for %" PRIu64 " ms (limits.response_timeout_ms): %s",
           r->method ? r->method : "?", (int)(len > 200 ? 200 : len), url, timeout_ms,
           started ? "cut" : "answered 504");
  if (started) http_req_destroy(r);
  else r->ops->refuse(r, 504);
}

static void visit(http_req *r, void *arg) {
  http_server *s = arg;
  uint64_t now = uv_hrtime();
  uint64_t moved = r->body_bytes + r->bytes_sent;
  if (r->seen_ns == 0 || moved != r->seen_bytes) {
    /* first sight, or bytes moved since: the clock starts again */
    r->seen_bytes = moved;
    r->seen_ns = moved ? now : r->start_ns;
  }
  uint64_t timeout_ms = s->limits.response_timeout_ms;
  if (now - r->seen_ns >= timeout_ms * 1000000) expire(r, timeout_ms);
}

/* c's requests are answered; its socket's queue must still shrink. */
static void visit_queue(http_conn *c, uint64_t now, uint64_t timeout_ms) {
  size_t left = uv_stream_get_write_queue_size((uv_stream_t *)&c->tcp);
  if (left == 0 || conn_has_unanswered(c)) {
    c->stall_since_ns = 0;
    return;
  }
  if (c->stall_since_ns == 0 || left < c->stall_left) {
    c->stall_left = left;
    c->stall_since_ns = now;
    return;
  }
  if (now - c->stall_since_ns < timeout_ms * 1000000) return;
  conn_log(c,
           "a client took no byte of its response for %" PRIu64
           " ms (limits.response_timeout_ms): cut",
           timeout_ms);
  conn_close(c);
}

static void on_sweep(uv_timer_t *t) {
  http_server *s = t->data;
  uint64_t ms = s->limits.response_timeout_ms, now = uv_hrtime();
  if (ms == 0) return;
  http_server_each_request(s, visit, s);
  for (http_conn *c = s->conns; c; c = c->next) /* conn_close frees later */
    if (!c->closing && !c->tunnel && c->proto) visit_queue(c, now, ms);
}

void response_timeout_init(http_server *s) {
  uv_timer_init(s->loop, &s->response_timer);
  s->response_timer.data = s;
  uv_unref((uv_handle_t *)&s->response_timer); /* never what keeps a loop alive */
}

void response_timeout_arm(http_server *s) {
  if (s->closing) return;
  uint64_t ms = s->limits.response_timeout_ms;
  if (ms == 0) {
    uv_timer_stop(&s->response_timer);
    return;
  }
  uint64_t every = every_ms(ms);
  uv_timer_start(&s->response_timer, on_sweep, every, every);
}
