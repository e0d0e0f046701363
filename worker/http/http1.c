/* http1: HTTP/1.1 on a connection, with llhttp (strict).
 *
 * A connection parses one request at a time. When a request's message is
 * complete but its response is not, the parser pauses and later bytes
 * (pipelined requests) wait in `pending`; the response's end resumes
 * parsing. Responses therefore leave in request order without any queue of
 * responses. A request lives until its response ended, its body was read and
 * its last write completed.
 *
 * The transport is conn.c's: this file only frames. It owns its state of a
 * connection (h1_conn, at conn->p, freed with the connection) and its
 * requests (h1_req, an http_req first; request.h frees them). */
#include <llhttp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conn_file.h"
#include "request.h"

#define PENDING_MAX (1u << 20)  /* unparsed bytes kept while a response is pending */
#define BODY_WITH_HEAD_MAX 4096 /* a body up to this size is copied into its head's buffer */
#define SPARE_BUF_MAX 8192      /* a request's buffer a connection keeps for the next (req_free) */
#define SPARE_FIELDS_MAX 64     /* the same for its field array */

enum conn_phase { PHASE_IDLE, PHASE_HEADERS, PHASE_BODY };

typedef struct h1_req {
  http_req super;
  char *head; /* status line and headers, not yet written */
  size_t head_len;
  size_t head_cap; /* head's size: room left after it takes a short body's copy */
  bool chunked, close_after;
  /* A file's chunk (h1_write_file) still owes its CRLF: it leads the next
   * bytes written (one write less; they leave after the file anyway). */
  bool crlf_owed;
  bool take_over; /* the user takes the connection after the head (http_req_take_over) */
  /* A Content-Length request held back from its user until the read that
   * completed its head ends or its body is seen whole (deliver_held). */
  bool held;
  uint64_t content_length;
  const char *body_at; /* its whole body, in the read being parsed */
  size_t body_len;
} h1_req;

/* HTTP/1.1's state of a connection. */
typedef struct h1_conn {
  llhttp_t parser; /* .data: the http_conn */
  enum conn_phase phase;
  h1_req *req;   /* the request being parsed or answered */
  h1_req *spare; /* the last request's record, kept for the next (req_new) */
  char *pending;
  size_t pending_len, pending_cap;
  bool parser_paused;    /* waiting for the current response */
  bool eof;              /* the client sent FIN: finish what is queued, then close */
  bool resume_scheduled; /* pending bytes wait for the resume pass */
  http_conn *resume_next;
  size_t header_bytes;
  bool in_field_value;  /* llhttp splits fields across reads */
  bool value_complete;  /* the current header's value ended (a fold after it is refused) */
  bool value_cut_short; /* its last span ended before the end of the input */
  const char *feed_end; /* end of the input llhttp is parsing */
  const char *feed_start;
  bool feed_ends_in_fold; /* the input so far ends in a line break and blanks */
  size_t chunk_ext_bytes; /* chunk extensions of the current chunk */
  unsigned requests;      /* requests begun on this connection */
  bool idle_after_flush;  /* the keep-alive timer waits for the queued bytes (arm_idle) */
  bool headers_timer_due; /* a head began in the input being parsed (arm_headers_timeout) */
} h1_conn;

static _Thread_local llhttp_settings_t parser_settings;

static void conn_feed(http_conn *c, const char *data, size_t len);
static void req_complete(h1_req *r);
static const http_req_ops h1_req_ops;
static const http_proto h1_proto;

static h1_conn *h1_of(http_conn *c) {
  return c->p;
}

/* Releases r (request.h), first detaching it from its connection. */
static void req_release(h1_req *r) {
  h1_conn *h = h1_of(r->super.conn);
  if (h->req == r) h->req = NULL;
  http_req_release(&r->super);
}

/* The current request, if any, is dropped (its user hears on_aborted and
 * on_request_done) and the parser stops: later input is swallowed. */
static void drop_request(http_conn *c) {
  h1_conn *h = h1_of(c);
  h1_req *r = h->req;
  if (r) {
    if (r->super.delivered) {
      http_req_abort(&r->super);
      req_release(r);
    } else {
      h->req = NULL;
      r->super.released = true;
      http_req_maybe_free(&r->super);
    }
  }
  h->parser_paused = true; /* swallow whatever else arrives */
}

/* A canned response (`status`, Connection: close) in place of the current
 * request's, if any, which is dropped (its user hears on_aborted and
 * on_request_done); the connection closes once the answer is written. */
static void conn_refuse(http_conn *c, int status) {
  if (c->closing) return;
  c->rejecting = true;
  /* A response already on its way is not followed by another (Node's
   * socketOnError: no answer once the head was sent). */
  h1_req *r = h1_of(c)->req;
  bool answered = r && r->super.head_written;
  drop_request(c);
  if (answered) {
    conn_finish_bounded(c);
    return;
  }
  char *msg = malloc(128);
  int n = snprintf(msg, 128, "HTTP/1.1 %d %s\r\nConnection: close\r\n\r\n", status,
                   http_status_reason(status));
  uv_buf_t b = uv_buf_init(msg, (unsigned)n);
  if (conn_write(c, NULL, &b, 1, msg, NULL, NULL, NULL) != 0) return;
  conn_finish_bounded(c);
}

/* Bad input (400, 408, 413, 431): the user hears on_client_error, then the
 * canned response, unless the user answers it (Node's 'clientError'
 * listener writes what it wants). */
static void conn_reject(http_conn *c, int status, const char *code) {
  if (c->closing || c->rejecting) return;
  c->rejecting = true;
  c->user_answers = false;
  if (c->server->cb.on_client_error) c->server->cb.on_client_error(c, code, status);
  if (!c->user_answers) {
    conn_refuse(c, status);
  } else if (!c->closing) {
    drop_request(c);
    conn_await_user(c);
  }
}

/* --- requests ------------------------------------------------------------ */

/* A connection keeps the record of its last request, with its URL/field
 * buffer and field array, for the next one (h1_conn.spare): a keep-alive
 * request allocates none of the three. Records with large buffers are not
 * kept, so an idle connection holds at most SPARE_BUF_MAX + the fields. */
static h1_req *req_new(http_conn *c) {
  h1_conn *h = h1_of(c);
  h1_req *r = h->spare;
  if (r) {
    h->spare = NULL;
    http_req kept = r->super;
    memset(r, 0, sizeof *r);
    r->super.buf = kept.buf;
    r->super.buf_cap = kept.buf_cap;
    r->super.fields = kept.fields;
    r->super.fields_cap = kept.fields_cap;
  } else {
    r = http_zalloc(sizeof *r);
    if (!r) return NULL;
  }
  http_req_init(&r->super, &h1_req_ops, c);
  return r;
}

static void req_free(http_req *r) {
  h1_req *q = (h1_req *)r;
  http_conn *c = r->conn;
  free(q->head);
  h1_conn *h = c->proto == &h1_proto ? h1_of(c) : NULL;
  if (h && !h->spare && !c->closing && r->buf_cap <= SPARE_BUF_MAX &&
      r->fields_cap <= SPARE_FIELDS_MAX) {
    free(r->trailers);
    r->trailers = NULL;
    q->head = NULL;
    h->spare = q;
    return;
  }
  http_req_dispose(r);
  free(r);
}

static void spare_free(h1_conn *h) {
  if (!h->spare) return;
  http_req_dispose(&h->spare->super);
  free(h->spare);
  h->spare = NULL;
}

static void on_resume(uv_idle_t *idle);

static void schedule_resume(http_conn *c) {
  h1_conn *h = h1_of(c);
  http_server *s = c->server;
  if (h->resume_scheduled) return;
  h->resume_scheduled = true;
  h->resume_next = s->resume_list;
  s->resume_list = c;
  uv_idle_start(&s->resume_idle, on_resume);
}

static void unschedule_resume(http_conn *c) {
  h1_conn *h = h1_of(c);
  if (!h->resume_scheduled) return;
  http_conn **pp = &c->server->resume_list;
  while (*pp && *pp != c) pp = &h1_of(*pp)->resume_next;
  if (*pp) *pp = h->resume_next;
  h->resume_scheduled = false;
}

static size_t bytes_queued(http_conn *c) {
  return uv_stream_get_write_queue_size((uv_stream_t *)&c->tcp);
}

/* The keep-alive timer of an idle connection. It starts once the kernel
 * took the last response, as Node's does at 'finish': a slow client still
 * downloading a large body is not idle (h1_written arms it then). */
static void arm_idle(http_conn *c) {
  h1_conn *h = h1_of(c);
  if (bytes_queued(c) == 0) {
    conn_arm_idle(c);
    return;
  }
  /* The last phase's timer stops too: the server's response-timeout sweep
   * bounds a client that takes none of the queued bytes. */
  h->idle_after_flush = true;
  uv_timer_stop(&c->timer);
}

static void h1_written(http_conn *c) {
  h1_conn *h = h1_of(c);
  if (!h->idle_after_flush || bytes_queued(c) > 0) return;
  h->idle_after_flush = false;
  if (!h->req && h->phase == PHASE_IDLE && !h->eof) conn_arm_idle(c);
}

/* After the current request: the next one, the end (EOF) or the keep-alive
 * timer. */
static void after_request(http_conn *c) {
  h1_conn *h = h1_of(c);
  if (c->closing || h->req) return;
  if (h->eof) conn_finish(c);
  else if (h->phase == PHASE_IDLE) arm_idle(c);
}

static void on_resume(uv_idle_t *idle) {
  http_server *s = idle->data;
  http_conn *list = s->resume_list;
  s->resume_list = NULL;
  uv_idle_stop(idle);
  while (list) {
    http_conn *c = list;
    h1_conn *h = h1_of(c);
    list = h->resume_next;
    h->resume_scheduled = false;
    char *data = h->pending;
    size_t len = h->pending_len;
    h->pending = NULL;
    h->pending_len = h->pending_cap = 0;
    conn_feed(c, data, len);
    free(data);
    if (c->closing) continue;
    if (!c->user_paused && !c->reading) http_conn_resume(c);
    after_request(c);
  }
}

/* After a response ended: with the request body read, the next request
 * may be parsed (or the connection closes). */
static void req_complete(h1_req *r) {
  http_conn *c = r->super.conn;
  h1_conn *h = h1_of(c);
  if (!r->super.ended || !r->super.body_done) return;
  bool close_after = r->close_after;
  /* The connection may take the next request now; the user hears of the
   * end (on_finish, on_request_done) once the response was written. */
  if (h->req == r) h->req = NULL;
  if (r->super.writes_pending == 0) req_release(r);
  else r->super.release_when_written = true;
  if (c->closing) return;
  if (close_after) {
    conn_finish(c);
    return;
  }
  h->phase = PHASE_IDLE;
  if (h->parser_paused) {
    h->parser_paused = false;
    llhttp_resume(&h->parser);
    /* Pipelined requests are parsed from the loop, not from inside the
     * caller (res.end()), so handlers never nest. */
    if (h->pending_len > 0) {
      schedule_resume(c);
      return;
    }
    if (!c->user_paused && !c->reading) http_conn_resume(c);
  }
  after_request(c);
}

/* --- parser callbacks ------------------------------------------------------ */

static http_conn *conn_of(llhttp_t *p) {
  return p->data;
}

static int header_budget(http_conn *c, size_t n) {
  h1_conn *h = h1_of(c);
  h->header_bytes += n;
  if (h->header_bytes > c->server->limits.header_bytes) {
    conn_reject(c, 431, "HPE_HEADER_OVERFLOW");
    return -1;
  }
  return 0;
}

static void on_headers_timeout(uv_timer_t *t) {
  conn_reject(t->data, 408, "ERR_HTTP_REQUEST_TIMEOUT");
}

/* The head's deadline (headersTimeout, or requestTimeout when sooner),
 * armed once the input that began the head is parsed and the head is still
 * incomplete: a head that came whole in one read (the usual request) starts
 * no timer, where arming it at the head's first byte cost a uv_timer_start
 * that the head's end undid at once. No timer runs while input is parsed. */
static void arm_headers_timeout(http_conn *c) {
  h1_conn *h = h1_of(c);
  if (!h->headers_timer_due) return;
  h->headers_timer_due = false;
  if (c->closing || c->rejecting || h->phase != PHASE_HEADERS || !h->req) return;
  uint64_t t = c->server->limits.headers_timeout_ms;
  uint64_t rt = c->server->limits.request_timeout_ms;
  if (rt && (!t || rt < t)) t = rt;
  if (t) conn_start_timer(c, on_headers_timeout, t);
  else uv_timer_stop(&c->timer);
}

static int on_message_begin(llhttp_t *p) {
  http_conn *c = conn_of(p);
  h1_conn *h = h1_of(c);
  h->req = req_new(c);
  if (!h->req) return -1;
  h->requests++;
  h->phase = PHASE_HEADERS;
  h->header_bytes = 0;
  h->in_field_value = false;
  h->value_complete = false;
  h->headers_timer_due = true;
  return 0;
}

static int append(char **buf, size_t *len, size_t *cap, const char *data, size_t n) {
  if (n == 0) return 0;
  if (http_grow(buf, cap, *len + n) != 0) return -1;
  memcpy(*buf + *len, data, n);
  *len += n;
  return 0;
}

static int on_url(llhttp_t *p, const char *at, size_t len) {
  http_conn *c = conn_of(p);
  http_req *r = &h1_of(c)->req->super;
  if (header_budget(c, len) != 0) return HPE_USER;
  if (append(&r->buf, &r->buf_len, &r->buf_cap, at, len) != 0) return HPE_USER;
  r->url_len += len;
  return 0;
}

static int on_header_field(llhttp_t *p, const char *at, size_t len) {
  http_conn *c = conn_of(p);
  h1_conn *h = h1_of(c);
  http_req *r = &h->req->super;
  h->value_complete = false;
  if (header_budget(c, len + 4) != 0) return HPE_USER;
  if (h->in_field_value || r->nfields == 0) {
    if (r->nfields == r->fields_cap) {
      size_t n = r->fields_cap ? r->fields_cap * 2 : 16;
      http_field *f = realloc(r->fields, n * sizeof *f);
      if (!f) return HPE_USER;
      r->fields = f;
      r->fields_cap = n;
    }
    http_field *f = &r->fields[r->nfields++];
    f->name_off = r->buf_len;
    f->name_len = 0;
    f->value_off = 0;
    f->value_len = 0;
    h->in_field_value = false;
  }
  http_field *f = &r->fields[r->nfields - 1];
  if (append(&r->buf, &r->buf_len, &r->buf_cap, at, len) != 0) return HPE_USER;
  f->name_len += len;
  return 0;
}

/* The blanks before a value's first span follow a line break: the value
 * began on a continuation line (an obs-fold after an empty first line). */
static bool value_starts_folded(h1_conn *h, const char *at) {
  const char *q = at;
  while (q > h->feed_start && (q[-1] == ' ' || q[-1] == '\t')) q--;
  return q > h->feed_start ? q[-1] == '\n' : h->feed_ends_in_fold;
}

/* Remembers whether this input ends in a line break then blanks (a fold
 * whose value arrives in the next read). */
static void note_feed_tail(h1_conn *h, const char *data, size_t len) {
  const char *q = data + len;
  while (q > data && (q[-1] == ' ' || q[-1] == '\t')) q--;
  if (q > data) h->feed_ends_in_fold = q[-1] == '\n';
}

/* Chunk extensions are parsed and dropped; more than Node's 16 KiB a chunk
 * is refused (CVE-2024-22019: they are not counted as body). */
#define CHUNK_EXT_MAX 16384

static int on_chunk_header(llhttp_t *p) {
  h1_of(conn_of(p))->chunk_ext_bytes = 0;
  return 0;
}

static int on_chunk_extension(llhttp_t *p, const char *at, size_t len) {
  (void)at;
  http_conn *c = conn_of(p);
  h1_conn *h = h1_of(c);
  h->chunk_ext_bytes += len;
  if (h->chunk_ext_bytes <= CHUNK_EXT_MAX) return 0;
  conn_reject(c, 413, "HPE_CHUNK_EXTENSIONS_OVERFLOW");
  return HPE_USER;
}

static int on_header_value(llhttp_t *p, const char *at, size_t len) {
  http_conn *c = conn_of(p);
  h1_conn *h = h1_of(c);
  http_req *r = &h->req->super;
  if (header_budget(c, len) != 0) return HPE_USER;
  http_field *f = &r->fields[r->nfields - 1];
  if (!h->in_field_value) {
    f->value_off = r->buf_len;
    h->in_field_value = true;
    /* (An empty value is a span of 0 bytes at the start of the next line:
     * no fold.) */
    if (len > 0 && value_starts_folded(h, at)) { /* "Name:\r\n value": obs-fold too */
      conn_reject(c, 400, "HPE_INVALID_HEADER_TOKEN");
      return HPE_USER;
    }
  }
  /* A value that goes on after its span stopped short of the end of the
   * input crossed a line break: obs-fold (RFC 9112 5.2), refused, as a
   * folded header can smuggle a request past a proxy. (A span that stopped
   * at the end of the input only continues in the next read.) */
  if (h->value_complete || (f->value_len > 0 && h->value_cut_short) || memchr(at, '\r', len) ||
      memchr(at, '\n', len)) {
    conn_reject(c, 400, "HPE_INVALID_HEADER_TOKEN");
    return HPE_USER;
  }
  h->value_cut_short = at + len != h->feed_end;
  if (append(&r->buf, &r->buf_len, &r->buf_cap, at, len) != 0) return HPE_USER;
  f->value_len += len;
  return 0;
}

/* A value ends without its trailing blanks (OWS, RFC 9112 5.1), as Node's
 * parser gives it; llhttp leaves those that came in another read. */
static int on_header_value_complete(llhttp_t *p) {
  http_conn *c = conn_of(p);
  h1_conn *h = h1_of(c);
  h->value_complete = true;
  http_req *r = &h->req->super;
  if (r->nfields == 0 || !h->in_field_value) return 0;
  http_field *f = &r->fields[r->nfields - 1];
  while (f->value_len > 0) {
    char last = r->buf[f->value_off + f->value_len - 1];
    if (last != ' ' && last != '\t') break;
    f->value_len--;
    r->buf_len--; /* (the value is the buffer's last bytes) */
  }
  return 0;
}

static bool header_is(http_req *r, http_field *f, const char *name, const char *value) {
  size_t nl = strlen(name), vl = strlen(value);
  return f->name_len == nl && strncasecmp(r->buf + f->name_off, name, nl) == 0 &&
         f->value_len == vl && strncasecmp(r->buf + f->value_off, value, vl) == 0;
}

/* requestTimeout: the body too must be in before the request's deadline;
 * a response already started is cut instead of answered 408. */
static void on_request_timeout(uv_timer_t *t) {
  http_conn *c = t->data;
  h1_req *r = h1_of(c)->req;
  if (!r || r->super.body_done) return;
  if (r->super.head_written || r->head) conn_close(c);
  else conn_reject(c, 408, "ERR_HTTP_REQUEST_TIMEOUT");
}

static void arm_request_timeout(http_conn *c) {
  uint64_t limit = c->server->limits.request_timeout_ms;
  if (!limit) return;
  uint64_t spent = (uv_hrtime() - h1_of(c)->req->super.start_ns) / 1000000u;
  conn_start_timer(c, on_request_timeout, spent < limit ? limit - spent : 1);
}

/* Hands a held request to its user, with its body when `body` is all of
 * it (http_req_body_with_head): a small POST is then one call into the
 * user instead of three (on_request, on_body, on_body_end). Returns 0, or
 * HPE_USER when the connection is closing. */
static int deliver_held(http_conn *c, h1_req *q, const char *body, size_t len) {
  http_req *r = &q->super;
  q->held = false;
  r->body_with_head = body;
  r->body_with_head_len = len;
  http_req_deliver(r); /* (false: the engine answered it, the health path) */
  r->body_with_head = NULL;
  r->body_with_head_len = 0;
  return c->closing ? HPE_USER : 0;
}

static int on_headers_complete(llhttp_t *p) {
  http_conn *c = conn_of(p);
  h1_conn *h = h1_of(c);
  h1_req *q = h->req;
  http_req *r = &q->super;
  http_server *s = c->server;
  conn_stop_timer(c);
  h->headers_timer_due = false;
  h->phase = PHASE_BODY;
  arm_request_timeout(c);
  r->method = llhttp_method_name((llhttp_method_t)p->method);
  r->major = p->http_major;
  r->minor = p->http_minor;
  if (llhttp_should_keep_alive(p)) r->flags |= HTTP_KEEP_ALIVE;
  if (p->upgrade) r->flags |= HTTP_UPGRADE;
  bool chunked = (p->flags & F_CHUNKED) != 0;
  /* A request body must end in chunked (RFC 9112 6.3): any other
   * Transfer-Encoding leaves its length unknown, a smuggling vector. As
   * Node's llhttp, the head is delivered first, then refused (400). */
  bool bad_te = (p->flags & F_TRANSFER_ENCODING) && !chunked;
  if (chunked || bad_te || ((p->flags & F_CONTENT_LENGTH) && p->content_length > 0))
    r->flags |= HTTP_HAS_BODY;
  for (size_t i = 0; i < r->nfields; i++) {
    http_field *f = &r->fields[i];
    if (f->name_len == 4 && strncasecmp(r->buf + f->name_off, "host", 4) == 0) {
      r->flags |= HTTP_HAS_HOST;
    } else if (f->name_len == 6 && strncasecmp(r->buf + f->name_off, "expect", 6) == 0) {
      r->flags |= HTTP_HAS_EXPECT;
      if (header_is(r, f, "expect", "100-continue")) r->flags |= HTTP_EXPECT_CONTINUE;
    }
  }
  if (s->limits.body_bytes && (p->flags & F_CONTENT_LENGTH) &&
      p->content_length > s->limits.body_bytes) {
    conn_reject(c, 413, "HPE_BODY_TOO_LARGE");
    return HPE_USER;
  }
  q->close_after = !(r->flags & HTTP_KEEP_ALIVE);
  if (bad_te) {
    http_req_deliver(r);
    if (!c->closing) conn_reject(c, 400, "HPE_INVALID_TRANSFER_ENCODING");
    return HPE_USER;
  }
  if ((r->flags & HTTP_HAS_BODY) && !chunked &&
      !(r->flags & (HTTP_EXPECT_CONTINUE | HTTP_UPGRADE))) {
    /* Delivered by on_body or on_message_complete, or at the end of this
     * read (conn_feed) when its body comes later. */
    q->held = true;
    q->content_length = p->content_length;
    return 0;
  }
  if (!http_req_deliver(r)) return 0; /* answered by the engine (health) */
  if (c->closing) return HPE_USER;
  /* Taken over: no body, llhttp stops after the head (HPE_PAUSED_UPGRADE). */
  if (q->take_over) return 2;
  /* Bodies of requests we do not pass on (upgrade) end the connection. */
  return 0;
}

static int on_body(llhttp_t *p, const char *at, size_t len) {
  http_conn *c = conn_of(p);
  h1_conn *h = h1_of(c);
  if (!h->req) return 0;
  http_req *r = &h->req->super;
  r->body_bytes += len;
  uint64_t limit = c->server->limits.body_bytes;
  if (limit && r->body_bytes > limit) {
    conn_reject(c, 413, "HPE_BODY_TOO_LARGE");
    return HPE_USER;
  }
  h1_req *q = h->req;
  if (q->held) {
    if (r->body_bytes == len && len == q->content_length) {
      q->body_at = at; /* the whole body: on_message_complete follows */
      q->body_len = len;
      return 0;
    }
    if (deliver_held(c, q, NULL, 0) != 0) return HPE_USER;
  }
  if (r->delivered && !r->released && c->server->cb.on_body) c->server->cb.on_body(r, at, len);
  return c->closing ? HPE_USER : 0;
}

static int on_message_complete(llhttp_t *p) {
  http_conn *c = conn_of(p);
  h1_conn *h = h1_of(c);
  h1_req *q = h->req;
  if (!q) return 0;
  http_req *r = &q->super;
  /* (Delivered before body_done, as from on_headers_complete: a response
   * ended by the handler completes below.) */
  bool with_head = q->held;
  if (with_head && deliver_held(c, q, q->body_at, q->body_len) != 0) return HPE_USER;
  r->body_done = true;
  if (q->take_over) return 0; /* the tunnel starts from conn_feed */
  /* A request without a body was told so with on_request (HTTP_HAS_BODY
   * clear), one whose body came with its head too: its end needs no call
   * of its own. */
  if (!with_head && r->delivered && !r->released && (r->flags & HTTP_HAS_BODY) &&
      c->server->cb.on_body_end)
    c->server->cb.on_body_end(r);
  if (c->closing) return HPE_USER;
  if (r->ended) {
    req_complete(q);
    if (c->closing) return HPE_USER;
    /* The response closes the connection: nothing after it is parsed. */
    if (c->close_when_flushed) {
      h->parser_paused = true;
      return HPE_PAUSED;
    }
    return 0;
  }
  /* Wait for the response before reading the next request. */
  h->parser_paused = true;
  return HPE_PAUSED;
}

static void init_parser_settings(void) {
  static _Thread_local bool done;
  if (done) return;
  llhttp_settings_init(&parser_settings);
  parser_settings.on_message_begin = on_message_begin;
  parser_settings.on_url = on_url;
  parser_settings.on_header_field = on_header_field;
  parser_settings.on_header_value = on_header_value;
  parser_settings.on_header_value_complete = on_header_value_complete;
  parser_settings.on_headers_complete = on_headers_complete;
  parser_settings.on_body = on_body;
  parser_settings.on_chunk_header = on_chunk_header;
  parser_settings.on_chunk_extension_name = on_chunk_extension;
  parser_settings.on_chunk_extension_value = on_chunk_extension;
  parser_settings.on_message_complete = on_message_complete;
  done = true;
}

/* --- input ---------------------------------------------------------------- */

static void save_pending(http_conn *c, const char *data, size_t len) {
  h1_conn *h = h1_of(c);
  if (len == 0) return;
  if (append(&h->pending, &h->pending_len, &h->pending_cap, data, len) != 0) {
    conn_close(c);
    return;
  }
  if (h->pending_len > PENDING_MAX) conn_read_stop(c);
}

/* llhttp stopped after r's head for an upgrade: `rest` is what followed in
 * this read. A tunnel when the user took r over. */
static void upgrade(http_conn *c, h1_req *r, const char *rest, size_t len) {
  h1_conn *h = h1_of(c);
  if (!r || !r->take_over) {
    /* Nobody took the upgrade: it was an ordinary request, answered as such.
     * As Node does, what followed it in this read is dropped. */
    llhttp_resume_after_upgrade(&h->parser);
    return;
  }
  h->req = NULL; /* a close from on_upgrade does not touch r */
  tunnel_start(c, &r->super, rest, len);
}

static void conn_feed(http_conn *c, const char *data, size_t len) {
  h1_conn *h = h1_of(c);
  if (c->tunnel) {
    tunnel_input(c, data, (ssize_t)len);
    return;
  }
  if (h->parser_paused || h->resume_scheduled) {
    save_pending(c, data, len);
    return;
  }
  h->feed_start = data;
  h->feed_end = data + len;
  llhttp_errno_t err = llhttp_execute(&h->parser, data, len);
  arm_headers_timeout(c);
  note_feed_tail(h, data, len);
  /* A request held for its body that this read did not complete. */
  if (err == HPE_OK && !c->closing && h->req && h->req->held) deliver_held(c, h->req, NULL, 0);
  if (err == HPE_OK || c->closing) return;
  if (err == HPE_PAUSED) {
    const char *pos = llhttp_get_error_pos(&h->parser);
    if (pos && pos >= data && pos <= data + len) save_pending(c, pos, (size_t)(data + len - pos));
    return;
  }
  if (err == HPE_PAUSED_UPGRADE) {
    const char *pos = llhttp_get_error_pos(&h->parser);
    size_t rest = pos && pos >= data && pos <= data + len ? (size_t)(data + len - pos) : 0;
    upgrade(c, h->req, rest ? pos : NULL, rest);
    return;
  }
  if (err == HPE_USER) return; /* a limit already answered */
  const char *pos = llhttp_get_error_pos(&h->parser);
  c->reject_reason = llhttp_get_error_reason(&h->parser);
  c->reject_input = data;
  c->reject_input_len = len;
  c->reject_parsed = pos && pos >= data && pos <= data + len ? (size_t)(pos - data) : 0;
  conn_reject(c, 400, llhttp_errno_name(err));
  c->reject_reason = NULL;
}

static void h1_eof(http_conn *c) {
  h1_conn *h = h1_of(c);
  http_req *r = h->req ? &h->req->super : NULL;
  if (!c->closing && r && r->body_done &&
      (!r->delivered || r->ended || c->server->limits.allow_half_open)) {
    /* The client half-closed after complete requests whose answers are
     * written: finish them (pipelined ones too), then close. A request the
     * application is still answering is aborted instead (conn_close), as
     * Node's server does without httpAllowHalfOpen: the client went away,
     * and req/res hear 'aborted'/'close'. */
    h->eof = true;
    conn_read_stop(c);
  } else if (r && r->delivered && !r->body_done) {
    conn_fail(c, UV_EOF, NULL); /* EOF inside a body: Node's HPE_INVALID_EOF_STATE */
  } else if (r && !r->delivered && !c->rejecting) {
    conn_reject(c, 400, "HPE_INVALID_EOF_STATE"); /* inside a head, as Node's parser.finish() */
  } else {
    conn_close(c);
  }
}

/* --- the connection's life ------------------------------------------------ */

static void h1_closing(http_conn *c) {
  h1_conn *h = h1_of(c);
  unschedule_resume(c);
  h1_req *r = h->req;
  if (r && !r->super.released) {
    /* (a request still in its headers was never the user's) */
    http_req_abort(&r->super);
    req_release(r);
  }
}

static void h1_free(http_conn *c) {
  h1_conn *h = h1_of(c);
  spare_free(h);
  free(h->pending);
  free(h);
  c->p = NULL;
}

static void on_drain_idle(uv_timer_t *t) {
  http_conn *c = t->data;
  h1_conn *h = h1_of(c);
  if (h->req || h->phase != PHASE_IDLE) return;
  h->parser_paused = true;
  conn_linger(c);
}

static void h1_close_idle(http_conn *c) {
  h1_conn *h = h1_of(c);
  if (h->req || h->phase != PHASE_IDLE || h->requests == 0) return;
  /* Draining: a busy keep-alive client sends its next request at once,
   * which is answered with Connection: close; one that stays quiet for a
   * moment is let go without a reset. A connection that has not sent its
   * first request yet (just handed over) is kept for that request. */
  if (c->server->closing) conn_start_timer(c, on_drain_idle, 250);
  else conn_close(c);
}

static void h1_each_request(http_conn *c, http_req_visit fn, void *arg) {
  h1_conn *h = h1_of(c);
  if (h->req) fn(&h->req->super, arg);
}

static bool h1_resume(http_conn *c) {
  h1_conn *h = h1_of(c);
  return !(h->parser_paused && h->pending_len > PENDING_MAX);
}

static const http_proto h1_proto = {
    .input = conn_feed,
    .eof = h1_eof,
    .written = h1_written,
    .closing = h1_closing,
    .free = h1_free,
    .close_idle = h1_close_idle,
    .drain = h1_close_idle,
    .each_request = h1_each_request,
    .resume = h1_resume,
};

bool h1_first_request_late(http_conn *c) {
  if (c->proto && c->proto != &h1_proto) return false;
  if (!c->proto && h1_start(c) != 0) {
    conn_close(c);
    return true;
  }
  conn_reject(c, 408, "ERR_HTTP_REQUEST_TIMEOUT");
  return true;
}

int h1_start(http_conn *c) {
  init_parser_settings();
  h1_conn *h = http_zalloc(sizeof *h);
  if (!h) return -1;
  llhttp_init(&h->parser, HTTP_REQUEST, &parser_settings);
  h->parser.data = c;
  c->p = h;
  c->proto = &h1_proto;
  return 0;
}

/* --- responses ------------------------------------------------------------- */

/* Appending to a buffer known to be large enough (h1_write_head). */
#define PUT_LIT(buf, len, lit)                  \
  do {                                          \
    memcpy((buf) + (len), lit, sizeof lit - 1); \
    (len) += sizeof lit - 1;                    \
  } while (0)

static void put(char *buf, size_t *len, const char *s, size_t n) {
  memcpy(buf + *len, s, n);
  *len += n;
}

/* Writes v in decimal at out (at most 20 bytes); returns the length. */
static size_t put_uint(char *out, uint64_t v) {
  char tmp[20];
  size_t n = 0;
  do {
    tmp[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  for (size_t i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
  return n;
}

static int h1_write_head(http_req *r, int status, const char *reason, size_t reason_len,
                         const char *headers, size_t headers_len, unsigned flags,
                         int64_t content_length) {
  h1_req *q = (h1_req *)r;
  if (q->head || r->head_written || r->ended || r->released) return -1;
  if (!reason) {
    reason = http_status_reason(status);
    reason_len = strlen(reason);
  }
  bool http10 = r->major == 1 && r->minor == 0;
  bool has_body = http_status_has_body(status);
  r->status = status;
  r->no_body = http_req_no_body(r, status, flags);
  if (flags & HTTP_CLOSE) q->close_after = true;
  if (r->conn->server->closing) q->close_after = true;
  bool has_len = (flags & HTTP_HAS_CONTENT_LENGTH) != 0;
  if (!has_len && content_length >= 0 && has_body) has_len = true;
  q->chunked = false;
  bool user_chunked = (flags & HTTP_USER_CHUNKED) != 0; /* the header is the user's */
  if (!has_len && (!(flags & HTTP_HAS_TRANSFER_ENCODING) || user_chunked) && has_body &&
      strcmp(r->method, "HEAD") != 0) {
    if (http10 && !user_chunked) q->close_after = true; /* length = until close */
    else q->chunked = true;
  }
  /* Every line below but the reason and the user's headers is bounded:
   * 160 bytes hold them all. No snprintf: this runs for every response.
   * A short body of a known length gets room after them: a body the
   * engine must copy (http_write without release) is copied there and goes
   * out in the head's buffer (one allocation and one iovec less). */
  size_t body_room = content_length >= 0 && content_length <= BODY_WITH_HEAD_MAX && has_body
                         ? (size_t)content_length
                         : 0;
  size_t cap = 160 + reason_len + headers_len + body_room;
  char *h = malloc(cap);
  if (!h) return -1;
  size_t len = 0;
  PUT_LIT(h, len, "HTTP/1.1 ");
  len += put_uint(h + len, (uint64_t)(status > 0 && status < 1000 ? status : 500));
  h[len++] = ' ';
  put(h, &len, reason, reason_len);
  PUT_LIT(h, len, "\r\n");
  put(h, &len, headers, headers_len);
  if (!(flags & (HTTP_HAS_DATE | HTTP_NO_DATE))) {
    PUT_LIT(h, len, "Date: ");
    const char *date = http_date();
    put(h, &len, date, strlen(date));
    PUT_LIT(h, len, "\r\n");
  }
  if (!(flags & HTTP_HAS_CONNECTION)) {
    if (q->close_after) {
      PUT_LIT(h, len, "Connection: close\r\n");
    } else {
      PUT_LIT(h, len, "Connection: keep-alive\r\n");
      /* (no timeout: none announced, as Node) */
      if (!(flags & HTTP_HAS_KEEP_ALIVE) && r->conn->server->limits.keepalive_timeout_ms) {
        PUT_LIT(h, len, "Keep-Alive: timeout=");
        len += put_uint(h + len, r->conn->server->limits.keepalive_timeout_ms / 1000);
        PUT_LIT(h, len, "\r\n");
      }
    }
  }
  if (!(flags & HTTP_HAS_CONTENT_LENGTH) && content_length >= 0 && has_body) {
    PUT_LIT(h, len, "Content-Length: ");
    len += put_uint(h + len, (uint64_t)content_length);
    PUT_LIT(h, len, "\r\n");
  } else if (q->chunked && !user_chunked) {
    PUT_LIT(h, len, "Transfer-Encoding: chunked\r\n");
  }
  PUT_LIT(h, len, "\r\n");
  q->head = h;
  q->head_len = len;
  q->head_cap = cap;
  return 0;
}

/* The bytes that go before a body chunk: the pending head and, when
 * chunked, the chunk size line (after an owed CRLF), in one malloc'd piece
 * (NULL when none) of *out_cap bytes, which may leave room after them
 * (h1_write_head). */
static char *write_prefix(h1_req *q, size_t chunk_len, size_t *out_len, size_t *out_cap) {
  char line[26];
  size_t line_len = 0;
  if (chunk_len) {
    line_len =
        (size_t)snprintf(line, sizeof line, "%s%zx\r\n", q->crlf_owed ? "\r\n" : "", chunk_len);
    q->crlf_owed = false;
  }
  size_t head_len = q->head ? q->head_len : 0;
  *out_len = head_len + line_len;
  *out_cap = 0;
  if (*out_len == 0) return NULL;
  char *p = q->head;
  size_t cap = q->head ? q->head_cap : 0;
  if (*out_len > cap) {
    p = realloc(q->head, *out_len);
    if (!p) return NULL;
    cap = *out_len;
  }
  memcpy(p + head_len, line, line_len);
  q->head = NULL;
  q->super.head_written = true;
  *out_cap = cap;
  return p;
}

/* The last chunk with the trailer fields: "0\r\n" lines "\r\n" (malloc'd),
 * after an owed CRLF; *len its length. */
static char *trailer_tail(h1_req *q, size_t *len) {
  http_req *r = &q->super;
  size_t lead = q->crlf_owed ? 2 : 0;
  q->crlf_owed = false;
  *len = lead + 5 + r->trailers_len;
  char *p = malloc(*len);
  if (!p) return NULL;
  memcpy(p, "\r\n0\r\n" + 2 - lead, lead + 3);
  memcpy(p + lead + 3, r->trailers, r->trailers_len);
  memcpy(p + lead + 3 + r->trailers_len, "\r\n", 2);
  return p;
}

static int h1_write(http_req *r, const void *data, size_t len, http_release_fn release, void *token,
                    bool end) {
  static const char chunk_tail[] = "\r\n0\r\n\r\n";
  h1_req *q = (h1_req *)r;
  http_conn *c = r->conn;
  if (r->ended || r->released || c->closing) {
    if (release) release(token);
    return -1;
  }
  if (!q->head && !r->head_written)
    h1_write_head(r, 200, NULL, 0, "", 0, 0, end ? (int64_t)len : -1);
  bool send_body = len > 0 && !r->no_body;
  size_t prefix_len, prefix_cap;
  char *prefix = write_prefix(q, send_body && q->chunked ? len : 0, &prefix_len, &prefix_cap);
  char *copy = NULL;
  bool body_in_prefix = false;
  if (send_body && !release) {
    if (prefix && prefix_cap - prefix_len >= len) {
      memcpy(prefix + prefix_len, data, len);
      body_in_prefix = true;
    } else {
      copy = malloc(len);
      memcpy(copy, data, len);
      data = copy;
    }
  }
  uv_buf_t bufs[3];
  int nb = 0;
  if (prefix) bufs[nb++] = uv_buf_init(prefix, (unsigned)(prefix_len + (body_in_prefix ? len : 0)));
  if (send_body) {
    if (!body_in_prefix) bufs[nb++] = uv_buf_init((char *)data, (unsigned)len);
    r->bytes_sent += len;
  }
  size_t tail_len = 0;
  char *tail = q->chunked && end && r->trailers ? trailer_tail(q, &tail_len) : NULL;
  if (q->chunked) {
    if (send_body) {
      bufs[nb++] = uv_buf_init((char *)chunk_tail, end && !tail ? 7 : 2);
    } else if (end && !tail) {
      size_t lead = q->crlf_owed ? 2 : 0; /* (a file's chunk before) */
      bufs[nb++] = uv_buf_init((char *)chunk_tail + 2 - lead, (unsigned)(5 + lead));
      q->crlf_owed = false;
    }
  }
  if (!send_body && release) release(token);
  if (end) r->ended = true;
  /* The connection ends with this response, now (req_complete below, or
   * on_message_complete right after for a request without a body whose
   * handler answered at once): its FIN goes with these bytes. */
  if (end && q->close_after && !tail && (r->body_done || !(r->flags & HTTP_HAS_BODY)))
    conn_last_write(c);
  int rc = 0;
  if (nb > 0) {
    rc = conn_write(c, r, bufs, nb, prefix, copy, send_body ? release : NULL, token);
  }
  if (tail) {
    uv_buf_t b = uv_buf_init(tail, (unsigned)tail_len);
    if (rc == 0) rc = conn_write(c, r, &b, 1, tail, NULL, NULL, NULL);
    else free(tail);
  }
  if (rc != 0) return -1;
  if (end) {
    req_complete(q);
    return 1;
  }
  if (c->write_queued >= HTTP_HIGH_WATER_MARK) {
    c->need_drain = true;
    return 0;
  }
  return 1;
}

/* A file's bytes as body (conn_file.h): the pending head and, chunked, the
 * line of one chunk for all of them go first; the chunk's CRLF leads the
 * next write (crlf_owed), which the connection keeps behind the file. */
static int h1_write_file(http_req *r, int fd, uint64_t offset, uint64_t length,
                         http_file_done_fn done, void *token) {
  h1_req *q = (h1_req *)r;
  http_conn *c = r->conn;
  if (r->ended || r->released || c->closing || c->tls || c->file || length == 0) return -1;
  if (!q->head && !r->head_written) h1_write_head(r, 200, NULL, 0, "", 0, 0, -1);
  if (r->no_body) return -1;
  size_t prefix_len, prefix_cap;
  char *prefix = write_prefix(q, q->chunked ? (size_t)length : 0, &prefix_len, &prefix_cap);
  if (prefix) {
    uv_buf_t b = uv_buf_init(prefix, (unsigned)prefix_len);
    if (conn_write(c, r, &b, 1, prefix, NULL, NULL, NULL) != 0) return -1;
  }
  if (conn_write_file(c, r, fd, offset, length, done, token) != 0) {
    conn_close(c); /* (out of memory: the framing is announced) */
    return -1;
  }
  if (q->chunked) q->crlf_owed = true;
  return 0;
}

static int h1_write_continue(http_req *r) {
  static const char msg[] = "HTTP/1.1 100 Continue\r\n\r\n";
  if (r->head_written || r->ended || r->released) return -1;
  uv_buf_t b = uv_buf_init((char *)msg, sizeof msg - 1);
  return conn_write(r->conn, r, &b, 1, NULL, NULL, NULL, NULL);
}

/* An HTTP/1.1 request cannot be cut alone: its connection goes. */
static void h1_destroy(http_req *r) {
  conn_close(r->conn);
}

/* The engine answers in place of the user (the response timeout); the
 * answer ends the connection. A request that is not the connection's
 * current one cannot be answered alone: the connection goes. */
static void h1_refuse(http_req *r, int status) {
  if (h1_of(r->conn)->req == (h1_req *)r) conn_refuse(r->conn, status);
  else conn_close(r->conn);
}

static int h1_take_over(http_req *r) {
  if (!(r->flags & HTTP_UPGRADE) || r->head_written || r->ended) return -1;
  ((h1_req *)r)->take_over = true;
  return 0;
}

/* HTTP/1.1 answers one request at a time and queues nothing of its own. */
static bool h1_flushed(http_req *r) {
  return conn_flushed(r->conn);
}

static const http_req_ops h1_req_ops = {
    .flushed = h1_flushed,
    .write_head = h1_write_head,
    .write = h1_write,
    .write_continue = h1_write_continue,
    .write_file = h1_write_file,
    .destroy = h1_destroy,
    .take_over = h1_take_over,
    .refuse = h1_refuse,
    .free = req_free,
};
