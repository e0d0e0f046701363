/* h2: HTTP/2 on a connection, with nghttp2.
 *
 * One server session per connection (h2_session, at conn->p, freed with the
 * connection). Each stream is an h2_stream, an http_req first (request.h),
 * delivered through the engine's callbacks like an HTTP/1.1 request; its
 * response goes through http_write_head/http_write, which land here through
 * h2_req_ops. The transport is conn.c's.
 *
 * Flow control follows back-pressure both ways:
 *  - response bodies wait in the stream's queue; nghttp2 pulls them through
 *    a data provider as the peer's windows allow, and frames are produced
 *    only while the socket's write queue is short. http_write returns 0 above
 *    the high-water mark and on_drain follows when the queue went below.
 *  - request bodies are delivered as they come, but while the user paused
 *    the connection (http_conn_pause) the streams' windows are not reopened,
 *    so each sender is held to its stream window.
 *
 * Writes from the user are batched: frames are produced once per loop turn
 * (an idle handle), or at once after input was processed.
 *
 * Abuse: nghttp2 bounds HPACK tables, queued ACKs (PING/SETTINGS floods that
 * do not read) and refuses streams over SETTINGS_MAX_CONCURRENT_STREAMS; on
 * top, RST_STREAM, PING and SETTINGS frames and rejected header blocks are
 * counted per second, and a session over the limit gets GOAWAY
 * ENHANCE_YOUR_CALM (rapid reset, CVE-2023-44487), logged once. */
#include <ctype.h>
#include <nghttp2/nghttp2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "request.h"

#define H2_SEND_HIGH (256 * 1024)     /* socket bytes queued before frames wait */
#define H2_STREAM_WINDOW (256 * 1024) /* per stream: request body bytes in flight */
#define H2_CONN_WINDOW (1024 * 1024)
#define FLOOD_WINDOW_NS 1000000000ull
#define MAX_RST_PER_SEC 100
#define MAX_PING_PER_SEC 100
#define MAX_SETTINGS_PER_SEC 100
#define MAX_BAD_HEADERS_PER_SEC 50

typedef struct h2_chunk h2_chunk;
typedef struct h2_session h2_session;

/* A stream: a request and its response. */
typedef struct h2_stream {
  http_req super;
  int32_t stream_id;
  char *method_buf;
  char *head; /* the response's nghttp2_nv entries (head_len of them), not yet submitted */
  size_t head_len;
  size_t header_bytes;
  bool too_large;                /* header list over the limit: answered 431 */
  bool submitted;                /* response HEADERS submitted */
  bool deferred;                 /* the data provider waits for writes */
  bool need_drain;               /* http_write returned 0 */
  h2_chunk *out_head, *out_tail; /* body bytes not yet taken by nghttp2 */
  size_t out_queued;
  size_t unconsumed;                 /* request body bytes whose window update waits (paused) */
  struct h2_stream *s_prev, *s_next; /* the session's streams */
} h2_stream;

struct h2_chunk {
  h2_chunk *next;
  const char *data;
  size_t len, off;
  http_release_fn release;
  void *token;
};

struct h2_session {
  nghttp2_session *ng;
  http_conn *conn;
  h2_stream *streams;
  int nstreams;
  int depth; /* > 0 while inside nghttp2 */
  bool flushing, want_flush, flush_scheduled;
  bool paused;
  bool notice;                     /* first GOAWAY (2^31-1) sent, PING ACK awaited */
  bool goaway;                     /* final GOAWAY sent: close when the streams are done */
  bool terminated;                 /* a flood: GOAWAY ENHANCE_YOUR_CALM */
  bool stall_armed;                /* c->timer runs on_stall: response bytes wait and none left */
  uint64_t sent_total, stall_mark; /* response body bytes taken by nghttp2 */
  uint64_t win_start;
  unsigned rst, ping, settings, bad_headers;
  h2_session *flush_next;
};

static _Thread_local nghttp2_session_callbacks *callbacks;
static _Thread_local nghttp2_option *options;
static _Thread_local uv_idle_t flush_idle;
static _Thread_local bool flush_idle_init;
static _Thread_local h2_session *flush_list;

/* The opaque data of the PING that follows the shutdown notice (8 bytes). */
#define NOTICE_PING "shoal-GA"

static void h2_flush(http_conn *c);
static void watch_stall(http_conn *c, h2_session *h);
static void send_final_goaway(http_conn *c, h2_session *h);
static void arm_idle(http_conn *c);
static void h2_drain(http_conn *c);

static const http_req_ops h2_req_ops;
static const http_proto h2_proto;

static h2_session *h2_of(http_conn *c) {
  return c->p;
}

/* --- batching ---------------------------------------------------------------- */

static void on_flush_idle(uv_idle_t *idle) {
  h2_session *list = flush_list;
  flush_list = NULL;
  uv_idle_stop(idle);
  while (list) {
    h2_session *h = list;
    list = h->flush_next;
    h->flush_scheduled = false;
    h->flush_next = NULL;
    h2_flush(h->conn);
  }
}

static void schedule_flush(http_conn *c) {
  h2_session *h = h2_of(c);
  if (!h || h->flush_scheduled || c->closing) return;
  if (!flush_idle_init) {
    uv_idle_init(c->server->loop, &flush_idle);
    flush_idle_init = true;
  }
  h->flush_scheduled = true;
  h->flush_next = flush_list;
  flush_list = h;
  uv_idle_start(&flush_idle, on_flush_idle);
}

static void unschedule_flush(h2_session *h) {
  if (!h->flush_scheduled) return;
  for (h2_session **pp = &flush_list; *pp; pp = &(*pp)->flush_next) {
    if (*pp == h) {
      *pp = h->flush_next;
      break;
    }
  }
  h->flush_scheduled = false;
}

/* --- streams -------------------------------------------------------------------- */

static void stream_link(h2_session *h, h2_stream *r) {
  r->s_prev = NULL;
  r->s_next = h->streams;
  if (h->streams) h->streams->s_prev = r;
  h->streams = r;
  h->nstreams++;
}

static void stream_unlink(h2_session *h, h2_stream *r) {
  if (r->s_prev) r->s_prev->s_next = r->s_next;
  else h->streams = r->s_next;
  if (r->s_next) r->s_next->s_prev = r->s_prev;
  r->s_prev = r->s_next = NULL;
  h->nstreams--;
}

static void free_chunks(h2_stream *r) {
  h2_chunk *k = r->out_head;
  while (k) {
    h2_chunk *next = k->next;
    if (k->release) k->release(k->token);
    free(k);
    k = next;
  }
  r->out_head = r->out_tail = NULL;
  r->out_queued = 0;
}

/* A flood check: true (and GOAWAY ENHANCE_YOUR_CALM) when over the limit. */
static bool flooded(h2_session *h, unsigned *counter, unsigned max, const char *what) {
  uint64_t now = uv_hrtime();
  if (now - h->win_start > FLOOD_WINDOW_NS) {
    h->win_start = now;
    h->rst = h->ping = h->settings = h->bad_headers = 0;
  }
  if (++*counter <= max) return false;
  if (!h->terminated) {
    h->terminated = true;
    conn_log(h->conn, "HTTP/2 %s flood (over %u per second): GOAWAY ENHANCE_YOUR_CALM", what, max);
    nghttp2_session_terminate_session(h->ng, NGHTTP2_ENHANCE_YOUR_CALM);
  }
  return true;
}

/* An answer from the engine itself (431, 413): the user never sees it. */
static void respond_simple(h2_session *h, h2_stream *r, int status) {
  char s[4];
  snprintf(s, sizeof s, "%d", status);
  nghttp2_nv nv[] = {{(uint8_t *)":status", (uint8_t *)s, 7, 3, NGHTTP2_NV_FLAG_NONE}};
  r->super.status = status;
  r->super.ended = true;
  r->submitted = true;
  nghttp2_submit_response(h->ng, r->stream_id, nv, 1, NULL);
}

static void body_end(http_conn *c, h2_stream *r) {
  if (r->super.body_done) return;
  r->super.body_done = true;
  if (r->super.delivered && !r->super.released && c->server->cb.on_body_end)
    c->server->cb.on_body_end(&r->super);
}

static void deliver(h2_session *h, h2_stream *r, bool end_stream) {
  http_conn *c = h->conn;
  http_server *s = c->server;
  if (!r->method_buf || r->super.url_len == 0) {
    nghttp2_submit_rst_stream(h->ng, NGHTTP2_FLAG_NONE, r->stream_id, NGHTTP2_PROTOCOL_ERROR);
    return;
  }
  r->super.method = r->method_buf;
  if (r->too_large) {
    conn_log(c, "HTTP/2 header list over %zu bytes: 431", s->limits.header_bytes);
    respond_simple(h, r, 431);
    return;
  }
  size_t vl;
  const char *cl = http_req_header_value(&r->super, "content-length", &vl);
  if (cl && s->limits.body_bytes && strtoull(cl, NULL, 10) > s->limits.body_bytes) {
    respond_simple(h, r, 413);
    return;
  }
  r->super.flags = HTTP_KEEP_ALIVE | (end_stream ? 0 : HTTP_HAS_BODY);
  if (!http_req_deliver(&r->super)) return; /* answered by the engine (health) */
  if (c->closing) return;
  if (end_stream) body_end(c, r);
}

/* --- nghttp2 callbacks ------------------------------------------------------------ */

static int on_begin_headers(nghttp2_session *ng, const nghttp2_frame *frame, void *ud) {
  h2_session *h = ud;
  http_conn *c = h->conn;
  if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST) return 0;
  if (c->closing) return NGHTTP2_ERR_CALLBACK_FAILURE;
  h2_stream *r = http_zalloc(sizeof *r);
  if (!r) return NGHTTP2_ERR_CALLBACK_FAILURE;
  http_req_init(&r->super, &h2_req_ops, c);
  r->super.major = 2;
  r->super.minor = 0;
  r->stream_id = frame->hd.stream_id;
  stream_link(h, r);
  nghttp2_session_set_stream_user_data(ng, r->stream_id, r);
  /* Busy: no idle timeout (nor the drain's idle grace) runs; the notice's
   * deadline does. */
  if (!c->rejecting && !h->notice) uv_timer_stop(&c->timer);
  return 0;
}

static int on_header(nghttp2_session *ng, const nghttp2_frame *frame, const uint8_t *name,
                     size_t nlen, const uint8_t *value, size_t vlen, uint8_t flags, void *ud) {
  (void)flags;
  h2_session *h = ud;
  if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST) return 0;
  h2_stream *r = nghttp2_session_get_stream_user_data(ng, frame->hd.stream_id);
  if (!r || h->conn->closing) return 0;
  size_t limit = h->conn->server->limits.header_bytes;
  r->header_bytes += nlen + vlen + 32; /* as SETTINGS_MAX_HEADER_LIST_SIZE counts */
  if (r->header_bytes > limit) {
    r->too_large = true;
    /* Far over (an HPACK bomb expands a small block into a huge list): the
     * stream is reset and the session counts it. */
    if (r->header_bytes > 2 * limit + 65536) {
      flooded(h, &h->bad_headers, MAX_BAD_HEADERS_PER_SEC, "oversized header");
      return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
    }
    return 0;
  }
  uint32_t max = h->conn->server->limits.max_headers;
  if (max && r->super.nfields >= max && name[0] != ':') return 0;
  if (nlen == 5 && memcmp(name, ":path", 5) == 0) {
    r->super.url_off = r->super.buf_len + nlen;
    r->super.url_len = vlen;
  } else if (nlen == 7 && memcmp(name, ":method", 7) == 0) {
    free(r->method_buf);
    r->method_buf = strndup((const char *)value, vlen);
  }
  if (http_req_add_field(&r->super, (const char *)name, nlen, (const char *)value, vlen) != 0)
    return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
  return 0;
}

static int on_frame_recv(nghttp2_session *ng, const nghttp2_frame *frame, void *ud) {
  h2_session *h = ud;
  http_conn *c = h->conn;
  if (c->closing) return NGHTTP2_ERR_CALLBACK_FAILURE;
  h2_stream *r;
  switch (frame->hd.type) {
    case NGHTTP2_HEADERS:
      r = nghttp2_session_get_stream_user_data(ng, frame->hd.stream_id);
      if (!r) break;
      if (frame->headers.cat == NGHTTP2_HCAT_REQUEST) {
        deliver(h, r, (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) != 0);
      } else if (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) {
        body_end(c, r); /* trailers */
      }
      break;
    case NGHTTP2_DATA:
      if (!(frame->hd.flags & NGHTTP2_FLAG_END_STREAM)) break;
      r = nghttp2_session_get_stream_user_data(ng, frame->hd.stream_id);
      if (r) body_end(c, r);
      break;
    case NGHTTP2_RST_STREAM:
      flooded(h, &h->rst, MAX_RST_PER_SEC, "RST_STREAM (rapid reset)");
      break;
    case NGHTTP2_PING:
      if (!(frame->hd.flags & NGHTTP2_FLAG_ACK)) flooded(h, &h->ping, MAX_PING_PER_SEC, "PING");
      else if (h->notice && memcmp(frame->ping.opaque_data, NOTICE_PING, 8) == 0)
        send_final_goaway(c, h);
      break;
    case NGHTTP2_SETTINGS:
      if (!(frame->hd.flags & NGHTTP2_FLAG_ACK)) {
        flooded(h, &h->settings, MAX_SETTINGS_PER_SEC, "SETTINGS");
      }
      break;
    default: break;
  }
  return c->closing ? NGHTTP2_ERR_CALLBACK_FAILURE : 0;
}

static int on_data_chunk(nghttp2_session *ng, uint8_t flags, int32_t sid, const uint8_t *data,
                         size_t len, void *ud) {
  (void)flags;
  h2_session *h = ud;
  http_conn *c = h->conn;
  if (c->closing) return NGHTTP2_ERR_CALLBACK_FAILURE;
  h2_stream *r = nghttp2_session_get_stream_user_data(ng, sid);
  if (!r || !r->super.delivered || r->super.released) {
    nghttp2_session_consume(ng, sid, len);
    return 0;
  }
  r->super.body_bytes += len;
  uint64_t limit = c->server->limits.body_bytes;
  if (limit && r->super.body_bytes > limit) {
    nghttp2_session_consume(ng, sid, len);
    if (!r->too_large) {
      r->too_large = true;
      if (!r->submitted) respond_simple(h, r, 413);
      else nghttp2_submit_rst_stream(ng, NGHTTP2_FLAG_NONE, sid, NGHTTP2_CANCEL);
    }
    return 0;
  }
  if (c->server->cb.on_body) c->server->cb.on_body(&r->super, (const char *)data, len);
  if (c->closing) return NGHTTP2_ERR_CALLBACK_FAILURE;
  if (h->paused) {
    nghttp2_session_consume_connection(ng, len);
    r->unconsumed += len;
  } else {
    nghttp2_session_consume(ng, sid, len);
  }
  return 0;
}

static int on_frame_send(nghttp2_session *ng, const nghttp2_frame *frame, void *ud) {
  h2_session *h = ud;
  if (h->conn->closing) return 0;
  if ((frame->hd.type == NGHTTP2_DATA || frame->hd.type == NGHTTP2_HEADERS) &&
      (frame->hd.flags & NGHTTP2_FLAG_END_STREAM)) {
    h2_stream *r = nghttp2_session_get_stream_user_data(ng, frame->hd.stream_id);
    /* The response is complete but the request body is not, and the user
     * never read it: no need for the rest (as Node does). */
    if (r && !r->super.body_done && !r->super.body_wanted) {
      nghttp2_submit_rst_stream(ng, NGHTTP2_FLAG_NONE, frame->hd.stream_id, NGHTTP2_NO_ERROR);
    }
  }
  return 0;
}

static int on_stream_close(nghttp2_session *ng, int32_t sid, uint32_t error_code, void *ud) {
  h2_session *h = ud;
  http_conn *c = h->conn;
  h2_stream *r = nghttp2_session_get_stream_user_data(ng, sid);
  if (!r) return 0;
  nghttp2_session_set_stream_user_data(ng, sid, NULL);
  stream_unlink(h, r);
  if (!r->super.ended || r->out_head || (error_code != NGHTTP2_NO_ERROR && !r->super.finish_sent)) {
    r->super.write_failed = true;
  }
  free_chunks(r);
  http_req_abort(&r->super);
  http_req_release(&r->super);
  if (c->closing) return 0;
  if (h->nstreams == 0 && !h->goaway && !h->notice && !c->rejecting) arm_idle(c);
  return 0;
}

/* The response's trailer fields ("Name: value\r\n" lines) as a trailing
 * HEADERS frame that ends the stream; names lower case, as HTTP/2 wants.
 * Returns nghttp2's result (nghttp2 copies the fields). */
static int submit_trailers(nghttp2_session *ng, int32_t sid, const http_req *r) {
  enum { MAX_TRAILERS = 64 };
  nghttp2_nv nv[MAX_TRAILERS];
  char *block = malloc(r->trailers_len + 1);
  if (!block) return NGHTTP2_ERR_NOMEM;
  memcpy(block, r->trailers, r->trailers_len);
  block[r->trailers_len] = 0;
  size_t n = 0;
  for (char *line = block, *eol; n < MAX_TRAILERS && (eol = strstr(line, "\r\n")); line = eol + 2) {
    char *colon = memchr(line, ':', (size_t)(eol - line));
    if (!colon) continue;
    char *value = colon + 1;
    while (value < eol && *value == ' ') value++;
    for (char *p = line; p < colon; p++) *p = (char)tolower((unsigned char)*p);
    nv[n++] = (nghttp2_nv){(uint8_t *)line, (uint8_t *)value, (size_t)(colon - line),
                           (size_t)(eol - value), NGHTTP2_NV_FLAG_NONE};
  }
  int rv = nghttp2_submit_trailer(ng, sid, nv, n);
  free(block);
  return rv;
}

static ssize_t data_read(nghttp2_session *ng, int32_t sid, uint8_t *buf, size_t length,
                         uint32_t *data_flags, nghttp2_data_source *source, void *ud) {
  h2_session *h = ud;
  h2_stream *r = source->ptr;
  size_t n = 0;
  while (r->out_head && n < length) {
    h2_chunk *k = r->out_head;
    size_t take = k->len - k->off;
    if (take > length - n) take = length - n;
    memcpy(buf + n, k->data + k->off, take);
    k->off += take;
    n += take;
    if (k->off == k->len) {
      r->out_head = k->next;
      if (!r->out_head) r->out_tail = NULL;
      if (k->release) k->release(k->token);
      free(k);
    }
  }
  r->out_queued -= n;
  h->sent_total += n;
  if (!r->out_head) {
    if (r->super.ended) {
      *data_flags |= NGHTTP2_DATA_FLAG_EOF;
      if (r->super.trailers && submit_trailers(ng, sid, &r->super) == 0) {
        *data_flags |= NGHTTP2_DATA_FLAG_NO_END_STREAM;
      }
    } else if (n == 0) {
      r->deferred = true;
      return NGHTTP2_ERR_DEFERRED;
    }
  }
  return (ssize_t)n;
}

static void init_callbacks(void) {
  if (callbacks) return;
  nghttp2_session_callbacks_new(&callbacks);
  nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, on_begin_headers);
  nghttp2_session_callbacks_set_on_header_callback(callbacks, on_header);
  nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, on_frame_recv);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, on_data_chunk);
  nghttp2_session_callbacks_set_on_frame_send_callback(callbacks, on_frame_send);
  nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, on_stream_close);
  nghttp2_option_new(&options);
  nghttp2_option_set_no_auto_window_update(options, 1);
  nghttp2_option_set_max_outbound_ack(options, 1000);
  nghttp2_option_set_max_settings(options, 32);
  nghttp2_option_set_max_deflate_dynamic_table_size(options, 4096);
}

/* --- the session ---------------------------------------------------------------- */

int h2_start(http_conn *c) {
  init_callbacks();
  h2_session *h = http_zalloc(sizeof *h);
  if (!h) return -1;
  h->conn = c;
  h->win_start = uv_hrtime();
  if (nghttp2_session_server_new2(&h->ng, callbacks, h, options) != 0) {
    free(h);
    return -1;
  }
  const http_limits *l = &c->server->limits;
  nghttp2_settings_entry iv[] = {
      {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, l->h2_max_streams ? l->h2_max_streams : 100},
      {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, H2_STREAM_WINDOW},
      {NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, (uint32_t)l->header_bytes},
      {NGHTTP2_SETTINGS_ENABLE_PUSH, 0},
  };
  nghttp2_submit_settings(h->ng, NGHTTP2_FLAG_NONE, iv, sizeof iv / sizeof iv[0]);
  nghttp2_session_set_local_window_size(h->ng, NGHTTP2_FLAG_NONE, 0, H2_CONN_WINDOW);
  c->p = h;
  c->proto = &h2_proto;
  if (c->server->draining) h2_drain(c); /* (handed over just before the drain) */
  return 0;
}

/* Produces frames while the socket's queue is short; then tells streams
 * whose queue went below the high-water mark (on_drain). */
static void h2_flush(http_conn *c) {
  h2_session *h = h2_of(c);
  if (!h || c->closing) return;
  if (h->depth > 0 || h->flushing) {
    h->want_flush = true;
    if (h->depth > 0) schedule_flush(c);
    return;
  }
  h->flushing = true;
  do {
    h->want_flush = false;
    char *out = NULL;
    size_t out_len = 0, out_cap = 0;
    while (c->write_queued + out_len < H2_SEND_HIGH) {
      const uint8_t *data;
      h->depth++;
      ssize_t n = nghttp2_session_mem_send(h->ng, &data);
      h->depth--;
      if (c->closing) {
        free(out);
        return;
      }
      if (n < 0) {
        conn_log(c, "HTTP/2: %s", nghttp2_strerror((int)n));
        free(out);
        conn_close(c);
        return;
      }
      if (n == 0) break;
      if (out_len + (size_t)n > out_cap) {
        size_t cap = out_cap ? out_cap : 16384;
        while (cap < out_len + (size_t)n) cap *= 2;
        char *p = realloc(out, cap);
        if (!p) break;
        out = p;
        out_cap = cap;
      }
      memcpy(out + out_len, data, (size_t)n);
      out_len += (size_t)n;
    }
    if (out_len) {
      uv_buf_t b = uv_buf_init(out, (unsigned)out_len);
      if (conn_write(c, NULL, &b, 1, out, NULL, NULL, NULL) != 0) return;
    } else {
      free(out);
    }
    /* Streams waiting for their queue to drain. */
    for (h2_stream *r = h->streams; r && !c->closing;) {
      if (r->need_drain && r->out_queued < HTTP_HIGH_WATER_MARK && !r->super.ended &&
          r->super.delivered && !r->super.released) {
        r->need_drain = false;
        if (c->server->cb.on_drain) c->server->cb.on_drain(&r->super);
        r = h->streams;
        continue;
      }
      r = r->s_next;
    }
    if (c->closing) return;
  } while (h->want_flush);
  h->flushing = false;
  watch_stall(c, h);
  bool want_write = nghttp2_session_want_write(h->ng);
  if ((!nghttp2_session_want_read(h->ng) && !want_write) ||
      (h->goaway && h->nstreams == 0 && !want_write)) {
    conn_finish_bounded(c);
  }
}

/* A client that advertises a zero window (or stops reading) while response
 * bytes wait would pin them, and the app's memory, forever: after the idle
 * timeout without one byte of progress the connection is ended (GOAWAY,
 * then closed without waiting for a client that takes nothing). */
static void on_stall(uv_timer_t *t) {
  http_conn *c = t->data;
  h2_session *h = h2_of(c);
  if (!h || c->closing) return;
  h->stall_armed = false;
  conn_log(c, "HTTP/2: no response byte could be sent for %llu ms (flow control): GOAWAY",
           (unsigned long long)c->server->limits.keepalive_timeout_ms);
  h->terminated = true;
  nghttp2_session_terminate_session(h->ng, NGHTTP2_NO_ERROR);
  h2_flush(c);
  if (!c->closing) conn_close(c);
}

static bool bytes_waiting(h2_session *h) {
  for (h2_stream *r = h->streams; r; r = r->s_next) {
    if (r->out_head) return true;
  }
  return false;
}

/* After a flush: arm the stall deadline while bytes wait, restart it on
 * progress, stop it when nothing waits. */
static void watch_stall(http_conn *c, h2_session *h) {
  uint64_t ms = c->server->limits.keepalive_timeout_ms;
  if (c->closing || c->rejecting || h->notice || h->goaway || h->terminated || !ms) return;
  if (!bytes_waiting(h)) {
    if (!h->stall_armed) return;
    h->stall_armed = false;
    if (h->nstreams == 0) arm_idle(c); /* the timer is the idle one again */
    else uv_timer_stop(&c->timer);
    return;
  }
  if (h->stall_armed && h->sent_total == h->stall_mark) return;
  h->stall_mark = h->sent_total;
  h->stall_armed = true;
  conn_start_timer(c, on_stall, ms);
}

static void h2_feed(http_conn *c, const char *data, size_t len) {
  h2_session *h = h2_of(c);
  if (!h || c->closing) return;
  h->depth++;
  ssize_t rv = nghttp2_session_mem_recv(h->ng, (const uint8_t *)data, len);
  h->depth--;
  if (c->closing) return;
  if (rv < 0) {
    if (!h->terminated) {
      h->terminated = true;
      conn_log(c, "HTTP/2: %s", nghttp2_strerror((int)rv));
      nghttp2_session_terminate_session(
          h->ng, rv == NGHTTP2_ERR_FLOODED ? NGHTTP2_ENHANCE_YOUR_CALM : NGHTTP2_PROTOCOL_ERROR);
    }
  }
  h2_flush(c);
}

static void h2_written(http_conn *c) {
  h2_session *h = h2_of(c);
  if (h && c->write_queued < H2_SEND_HIGH / 2) h2_flush(c);
}

static void h2_closing(http_conn *c) {
  h2_session *h = h2_of(c);
  if (!h) return;
  unschedule_flush(h);
  h2_stream *r;
  while ((r = h->streams) != NULL) {
    stream_unlink(h, r);
    nghttp2_session_set_stream_user_data(h->ng, r->stream_id, NULL);
    free_chunks(r);
    r->super.write_failed = true;
    http_req_abort(&r->super);
    http_req_release(&r->super);
  }
}

static void h2_free(http_conn *c) {
  h2_session *h = h2_of(c);
  if (!h) return;
  unschedule_flush(h);
  nghttp2_session_del(h->ng);
  free(h);
  c->p = NULL;
}

/* The last GOAWAY: streams up to the last one processed finish, later ones
 * are refused (the client has already seen the notice and stopped opening
 * them), and the connection closes when the streams are done. */
static void send_final_goaway(http_conn *c, h2_session *h) {
  if (h->goaway) return;
  h->notice = false;
  h->goaway = true;
  uv_timer_stop(&c->timer);
  nghttp2_submit_goaway(h->ng, NGHTTP2_FLAG_NONE, nghttp2_session_get_last_proc_stream_id(h->ng),
                        NGHTTP2_NO_ERROR, NULL, 0);
  h2_flush(c);
}

static void on_notice_timeout(uv_timer_t *t) {
  http_conn *c = t->data;
  if (h2_of(c) && !c->closing) send_final_goaway(c, h2_of(c));
}

/* A client that never answers the PING gets the final GOAWAY after this:
 * long enough for a loaded client to answer, short beside drain_ms. */
#define NOTICE_TIMEOUT_MS 10000

/* RFC 9113 section 6.8's graceful shutdown in two steps: GOAWAY with the
 * largest stream id (no stream is refused yet) and a PING; when its ACK
 * comes back, the client has seen the notice and every stream it opened
 * before has arrived, so the final GOAWAY names the true last stream and
 * refuses nothing the client sent in good faith. An idle connection being
 * timed out (rejecting) gets the final GOAWAY at once. */
static void h2_shutdown(http_conn *c) {
  h2_session *h = h2_of(c);
  if (!h || c->closing) return;
  if (c->rejecting) {
    send_final_goaway(c, h);
    return;
  }
  if (!h->notice && !h->goaway) {
    h->notice = true;
    h->stall_armed = false;
    nghttp2_submit_shutdown_notice(h->ng);
    nghttp2_submit_ping(h->ng, NGHTTP2_FLAG_NONE, (const uint8_t *)NOTICE_PING);
    conn_start_timer(c, on_notice_timeout, NOTICE_TIMEOUT_MS);
  }
  h2_flush(c);
}

static void h2_reset(http_req *req) {
  h2_stream *r = (h2_stream *)req;
  http_conn *c = r->super.conn;
  h2_session *h = h2_of(c);
  if (!h || c->closing || r->super.released) return;
  nghttp2_submit_rst_stream(h->ng, NGHTTP2_FLAG_NONE, r->stream_id, NGHTTP2_CANCEL);
  schedule_flush(c);
}

/* The engine answers the stream in place of its user (the response
 * timeout); the connection's other streams go on. A request body still
 * coming is refused with RST_STREAM NO_ERROR once the answer is sent
 * (on_frame_send, RFC 9113 section 8.1). */
static void h2_refuse(http_req *req, int status) {
  h2_stream *r = (h2_stream *)req;
  http_conn *c = r->super.conn;
  h2_session *h = h2_of(c);
  if (!h || c->closing || r->super.released || r->submitted) return;
  http_req_abort(&r->super);
  if (c->closing || r->super.released) return;
  r->super.finish_sent = true; /* the user's response did not finish: no on_finish */
  free_chunks(r);
  respond_simple(h, r, status);
  schedule_flush(c);
}

static void h2_each_stream(http_conn *c, http_req_visit fn, void *arg) {
  if (!h2_of(c)) return;
  h2_stream *r = h2_of(c)->streams;
  while (r) {
    h2_stream *next = r->s_next; /* fn may end the stream */
    fn(&r->super, arg);
    r = next;
  }
}

static bool h2_idle(http_conn *c) {
  return !h2_of(c) || h2_of(c)->nstreams == 0;
}

/* The drain's idle grace ran out: no stream was open that long, so the
 * client is between requests (or gone): GOAWAY in two steps. */
static void on_drain_idle(uv_timer_t *t) {
  http_conn *c = t->data;
  if (h2_of(c) && !c->closing && h2_idle(c)) h2_shutdown(c);
}

/* No stream is open: the keep-alive timeout runs, or, while the server
 * drains, the drain's idle grace when that is shorter. Not the keep-alive's
 * one-step GOAWAY then: a sequential client may be sending its next
 * request, which the two steps still serve. */
static void arm_idle(http_conn *c) {
  http_server *s = c->server;
  uint64_t keepalive = s->limits.keepalive_timeout_ms;
  if (!s->draining || (keepalive && keepalive <= s->drain_idle_ms)) {
    conn_arm_idle(c);
    return;
  }
  conn_start_timer(c, on_drain_idle, s->drain_idle_ms);
}

/* http_server_drain: a busy connection keeps taking streams (http_engine.h
 * says why); an idle one gets GOAWAY after the grace. On a server its user
 * closed before, GOAWAY was already due: h2_shutdown. */
static void h2_drain(http_conn *c) {
  h2_session *h = h2_of(c);
  if (!h || c->closing) return;
  if (!c->server->draining) {
    h2_shutdown(c);
    return;
  }
  if (h->nstreams == 0 && !h->notice && !h->goaway && !h->terminated && !c->rejecting) arm_idle(c);
}

static void h2_pause(http_conn *c) {
  if (h2_of(c)) h2_of(c)->paused = true;
}

static bool h2_resume(http_conn *c) {
  h2_session *h = h2_of(c);
  if (!h || !h->paused) return true;
  h->paused = false;
  for (h2_stream *r = h->streams; r; r = r->s_next) {
    if (r->unconsumed) {
      nghttp2_session_consume_stream(h->ng, r->stream_id, r->unconsumed);
      r->unconsumed = 0;
    }
  }
  schedule_flush(c);
  return true;
}

/* --- responses ----------------------------------------------------------------------- */

static bool skip_header(const char *name, size_t len) {
  static const char *const names[] = {"connection", "keep-alive",        "proxy-connection",
                                      "upgrade",    "transfer-encoding", "http2-settings"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    if (strlen(names[i]) == len && strncasecmp(names[i], name, len) == 0) return true;
  }
  return false;
}

/* The response head as nghttp2_nv entries in one allocation (r->head;
 * r->head_len is the number of entries). */
static int h2_write_head(http_req *req, int status, const char *reason, size_t reason_len,
                         const char *headers, size_t headers_len, unsigned flags,
                         int64_t content_length) {
  (void)reason; /* HTTP/2 has no reason phrase */
  (void)reason_len;
  h2_stream *r = (h2_stream *)req;
  if (r->head || r->submitted || r->super.ended || r->super.released) return -1;
  size_t lines = 0;
  for (size_t i = 0; i < headers_len; i++) {
    if (headers[i] == '\n') lines++;
  }
  size_t n_max = lines + 3;
  size_t cap = n_max * sizeof(nghttp2_nv) + headers_len + 128;
  char *mem = malloc(cap);
  if (!mem) return -1;
  nghttp2_nv *nv = (nghttp2_nv *)mem;
  char *text = mem + n_max * sizeof(nghttp2_nv);
  size_t n = 0, used = 0;
  r->super.status = status;
  r->super.no_body = http_req_no_body(&r->super, status, flags);
  int sl = snprintf(text, 8, "%d", status);
  nv[n++] = (nghttp2_nv){(uint8_t *)":status", (uint8_t *)text, 7, (size_t)sl, 0};
  used = (size_t)sl + 1;
  const char *p = headers, *end = headers + headers_len;
  while (p < end) {
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    if (!eol) eol = end;
    const char *colon = memchr(p, ':', (size_t)(eol - p));
    const char *line_end = eol > p && eol[-1] == '\r' ? eol - 1 : eol;
    if (colon && colon > p && !skip_header(p, (size_t)(colon - p))) {
      size_t nl = (size_t)(colon - p);
      const char *v = colon + 1;
      while (v < line_end && (*v == ' ' || *v == '\t')) v++;
      size_t vl = (size_t)(line_end - v);
      char *name = text + used;
      for (size_t i = 0; i < nl; i++) {
        char ch = p[i];
        name[i] = (ch >= 'A' && ch <= 'Z') ? (char)(ch + 32) : ch;
      }
      used += nl;
      nv[n++] = (nghttp2_nv){(uint8_t *)name, (uint8_t *)v, nl, vl, NGHTTP2_NV_FLAG_NONE};
    }
    p = eol + 1;
  }
  /* (values point into `headers`: copy them next to the names) */
  for (size_t i = 1; i < n; i++) {
    memcpy(text + used, nv[i].value, nv[i].valuelen);
    nv[i].value = (uint8_t *)text + used;
    used += nv[i].valuelen;
  }
  if (!(flags & (HTTP_HAS_DATE | HTTP_NO_DATE))) {
    const char *d = http_date();
    size_t dl = strlen(d);
    memcpy(text + used, d, dl);
    nv[n++] = (nghttp2_nv){(uint8_t *)"date", (uint8_t *)text + used, 4, dl, 0};
    used += dl;
  }
  if (!(flags & HTTP_HAS_CONTENT_LENGTH) && content_length >= 0 && http_status_has_body(status)) {
    int ll = snprintf(text + used, 24, "%lld", (long long)content_length);
    nv[n++] = (nghttp2_nv){(uint8_t *)"content-length", (uint8_t *)text + used, 14, (size_t)ll, 0};
    used += (size_t)ll;
  }
  r->head = mem;
  r->head_len = n;
  return 0;
}

static int h2_write(http_req *req, const void *data, size_t len, http_release_fn release,
                    void *token, bool end) {
  h2_stream *r = (h2_stream *)req;
  http_conn *c = r->super.conn;
  h2_session *h = h2_of(c);
  if (r->super.ended || r->super.released || c->closing || !h) {
    if (release) release(token);
    return -1;
  }
  if (!r->head && !r->submitted)
    h2_write_head(req, 200, NULL, 0, "", 0, 0, end ? (int64_t)len : -1);
  bool send_body = len > 0 && !r->super.no_body;
  if (send_body) {
    h2_chunk *k = malloc(sizeof *k + (release ? 0 : len));
    if (!k) {
      if (release) release(token);
      return -1;
    }
    k->next = NULL;
    k->len = len;
    k->off = 0;
    if (release) {
      k->data = data;
      k->release = release;
      k->token = token;
    } else {
      memcpy(k + 1, data, len);
      k->data = (const char *)(k + 1);
      k->release = NULL;
      k->token = NULL;
    }
    if (r->out_tail) r->out_tail->next = k;
    else r->out_head = k;
    r->out_tail = k;
    r->out_queued += len;
    r->super.bytes_sent += len;
  } else if (release) {
    release(token);
  }
  if (end) r->super.ended = true;
  if (!r->submitted) {
    r->submitted = true;
    r->super.head_written = true;
    nghttp2_data_provider prd;
    prd.source.ptr = r;
    prd.read_callback = data_read;
    bool headers_only = r->super.ended && !r->out_head && !r->super.trailers;
    int rv = nghttp2_submit_response(h->ng, r->stream_id, (nghttp2_nv *)r->head, r->head_len,
                                     headers_only ? NULL : &prd);
    free(r->head);
    r->head = NULL;
    if (rv != 0) return -1;
  } else if (r->deferred && (r->out_head || r->super.ended)) {
    r->deferred = false;
    nghttp2_session_resume_data(h->ng, r->stream_id);
  }
  int ret = 1;
  if (!end && r->out_queued >= HTTP_HIGH_WATER_MARK) {
    r->need_drain = true;
    ret = 0;
  }
  schedule_flush(c);
  return ret;
}

static int h2_write_continue(http_req *req) {
  h2_stream *r = (h2_stream *)req;
  http_conn *c = r->super.conn;
  if (!h2_of(c) || r->submitted || r->super.released) return -1;
  nghttp2_nv nv[] = {{(uint8_t *)":status", (uint8_t *)"100", 7, 3, NGHTTP2_NV_FLAG_NONE}};
  int rv = nghttp2_submit_headers(h2_of(c)->ng, NGHTTP2_FLAG_NONE, r->stream_id, NULL, nv, 1, NULL);
  schedule_flush(c);
  return rv == 0 ? 0 : -1;
}

static void h2_close_idle(http_conn *c) {
  /* GOAWAY; open streams finish. While draining, busy connections are
   * left to the drain (an app's server.close() in 'shoal:drain' too). */
  bool end = c->server->draining ? h2_idle(c) : c->server->closing || h2_idle(c);
  if (end) h2_shutdown(c);
}

static void stream_free(http_req *r) {
  h2_stream *st = (h2_stream *)r;
  http_req_dispose(r);
  free(st->head);
  free(st->method_buf);
  free(st);
}

static const http_proto h2_proto = {
    .input = h2_feed,
    .written = h2_written,
    .closing = h2_closing,
    .free = h2_free,
    .idle_timeout = h2_shutdown,
    .server_closing = h2_shutdown,
    .drain = h2_drain,
    .close_idle = h2_close_idle,
    .each_request = h2_each_stream,
    .pause = h2_pause,
    .resume = h2_resume,
};

static const http_req_ops h2_req_ops = {
    .write_head = h2_write_head,
    .write = h2_write,
    .write_continue = h2_write_continue,
    .destroy = h2_reset,
    .refuse = h2_refuse,
    .free = stream_free,
};
