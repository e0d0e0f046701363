/* http1: the HTTP/1.1 engine (see http1.h).
 *
 * A connection parses one request at a time. When a request's message is
 * complete but its response is not, the parser pauses and later bytes
 * (pipelined requests) wait in conn->pending; the response's end resumes
 * parsing. Responses therefore leave in request order without any queue of
 * responses. A request lives until its response ended, its body was read and
 * its last write completed. */
#include "http1.h"

#include <llhttp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "forwarded.h"
#include "http_internal.h"

#define READ_BUF_SIZE 65536
#define PENDING_MAX (1u << 20) /* unparsed bytes kept while a response is pending */
#define HIGH_WATER_MARK H1_HIGH_WATER_MARK

typedef struct h1_write_req {
  uv_write_t w;
  h1_req *req;
  h1_conn *conn;
  size_t bytes;
  h1_release_fn release;
  void *token;
  char *owned[2]; /* malloc'd pieces freed after the write */
  uv_buf_t bufs[4];
  struct h1_write_req *next_done; /* in the written-now list (write_now) */
} h1_write_req;

static _Thread_local llhttp_settings_t parser_settings;
static char *health_path; /* answered here, without JavaScript */
static bool health_down;  /* `shoal ctl drain`: 503 while still serving */
static _Thread_local char read_buf[READ_BUF_SIZE];
static _Thread_local bool read_buf_busy;

static void conn_close(h1_conn *c);
static void conn_fail(h1_conn *c, int err, const char *syscall);
static void conn_feed(h1_conn *c, const char *data, size_t len);
static void conn_arm_idle(h1_conn *c);
static void req_maybe_free(h1_req *r);
static void req_release(h1_req *r);
static void conn_finish(h1_conn *c);
static void conn_flush_tls(h1_conn *c);

/* --- small helpers ----------------------------------------------------- */

void h1_limits_default(h1_limits *l) {
  l->header_bytes = 16384;
  l->body_bytes = 10485760;
  l->headers_timeout_ms = 10000;
  l->keepalive_timeout_ms = 5000;
  l->request_timeout_ms = 0;
  l->response_timeout_ms = 0;
  l->max_headers = 0;
  l->h2_max_streams = 100;
}

static int grow(char **buf, size_t *cap, size_t need) {
  if (need <= *cap) return 0;
  size_t n = *cap ? *cap : 256;
  while (n < need) n *= 2;
  char *p = realloc(*buf, n);
  if (!p) return -1;
  *buf = p;
  *cap = n;
  return 0;
}

static int append(char **buf, size_t *len, size_t *cap, const char *data, size_t n) {
  if (n == 0) return 0;
  if (grow(buf, cap, *len + n) != 0) return -1;
  memcpy(*buf + *len, data, n);
  *len += n;
  return 0;
}

/* The Date header value, formatted once per second. */
static const char *http_date(void) {
  static _Thread_local char buf[64];
  static _Thread_local time_t cached;
  time_t now = time(NULL);
  if (now != cached) {
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    cached = now;
  }
  return buf;
}

static const char *status_reason(int status) {
  switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "unknown";
  }
}

/* --- writing ------------------------------------------------------------ */

static void on_write_done(uv_write_t *w, int status) {
  h1_write_req *wr = (h1_write_req *)w;
  h1_conn *c = wr->conn;
  h1_req *r = wr->req;
  if (wr->release) wr->release(wr->token);
  free(wr->owned[0]);
  free(wr->owned[1]);
  c->write_queued -= wr->bytes;
  free(wr);
  if (r) {
    r->writes_pending--;
    if (status != 0) r->write_failed = true;
    if (c->need_drain && c->write_queued < HIGH_WATER_MARK && !r->released && !r->ended &&
        r->delivered) {
      c->need_drain = false;
      /* The handler may end the response from 'drain', which would free r
       * if nothing held it: count the callback as one more pending write. */
      r->writes_pending++;
      if (c->server->cb.on_drain) c->server->cb.on_drain(r);
      r->writes_pending--;
    }
    if (r->release_when_written && r->writes_pending == 0) req_release(r);
    else req_maybe_free(r);
  }
  if (status < 0 && status != UV_ECANCELED && !c->tunnel) {
    conn_fail(c, status, "write"); /* (the peer is gone: EPIPE, ECONNRESET) */
    return;
  }
  if (c->proto == PROTO_H2 && !c->closing && status == 0) h2_on_write_done(c);
  if (c->close_when_flushed && c->write_queued == 0) conn_close(c);
}

/* No more requests on c: close once everything queued was written. */
static void conn_finish(h1_conn *c) {
  if (c->closing) return;
  if (c->reading) {
    uv_read_stop((uv_stream_t *)&c->tcp);
    c->reading = false;
  }
  if (c->tls && tls_conn_handshake_done(c->tls)) {
    tls_conn_shutdown(c->tls);
    conn_flush_tls(c);
    if (c->closing) return;
  }
  if (c->write_queued == 0) conn_close(c);
  else c->close_when_flushed = true;
}

/* --- transport: plain TCP or TLS ------------------------------------------- */

/* Writes that went out at once (uv_try_write) still complete through
 * on_write_done, as libuv's would, from a check handle later in the same
 * loop iteration: the caller's stack never sees 'finish', and a connection
 * closed meanwhile is only freed in the closing phase, after the check. A
 * uv_write would instead leave the socket's epoll registration rewritten
 * once per response (libuv re-arms it when its write queue drains). An idle
 * handle runs meanwhile only so that the poll phase does not block: libuv
 * waits for check handles no more than for nothing. */
static _Thread_local uv_check_t done_check;
static _Thread_local uv_idle_t done_idle;
static _Thread_local bool done_check_ready;
static _Thread_local h1_write_req *done_head, **done_tail; /* NULL: &done_head */

static void on_done_check(uv_check_t *h) {
  while (done_head) {
    h1_write_req *list = done_head;
    done_head = NULL;
    done_tail = &done_head;
    while (list) {
      h1_write_req *wr = list;
      list = wr->next_done;
      on_write_done(&wr->w, 0);
    }
  }
  uv_check_stop(h);
  uv_idle_stop(&done_idle);
}

static void on_done_idle(uv_idle_t *h) {
  (void)h;
}

/* Tries to write wr's bufs now; true when all went out (wr completes from
 * the check handle). Otherwise the bufs left, from *nbufs on, are what
 * remains to queue. */
static bool write_now(h1_conn *c, h1_write_req *wr, int *nbufs) {
  int n = uv_try_write((uv_stream_t *)&c->tcp, wr->bufs, (unsigned)*nbufs);
  if (n < 0) return false; /* UV_EAGAIN, or an error uv_write reports as usual */
  size_t left = (size_t)n;
  int i = 0;
  while (i < *nbufs && left >= wr->bufs[i].len) left -= wr->bufs[i++].len;
  if (i == *nbufs) {
    if (!done_check_ready) {
      uv_check_init(c->tcp.loop, &done_check);
      uv_idle_init(c->tcp.loop, &done_idle);
      done_check_ready = true;
    }
    wr->next_done = NULL;
    if (!done_tail) done_tail = &done_head;
    *done_tail = wr;
    done_tail = &wr->next_done;
    uv_check_start(&done_check, on_done_check);
    uv_idle_start(&done_idle, on_done_idle);
    return true;
  }
  wr->bufs[i].base += left;
  wr->bufs[i].len -= left;
  memmove(wr->bufs, wr->bufs + i, sizeof wr->bufs[0] * (size_t)(*nbufs - i));
  *nbufs -= i;
  return false;
}

/* Queues bufs as one writev on the socket, as they are. Ownership of owned[]
 * and token moves here. `bytes` is what the write counts for in
 * write_queued (the plaintext size when the bufs are ciphertext). */
static int raw_write(h1_conn *c, h1_req *r, uv_buf_t *bufs, int nbufs, size_t bytes, char *owned0,
                     char *owned1, h1_release_fn release, void *token) {
  h1_write_req *wr = calloc(1, sizeof *wr);
  if (!wr || c->closing) {
    free(wr);
    free(owned0);
    free(owned1);
    if (release) release(token);
    return -1;
  }
  wr->req = r;
  wr->conn = c;
  wr->release = release;
  wr->token = token;
  wr->owned[0] = owned0;
  wr->owned[1] = owned1;
  for (int i = 0; i < nbufs; i++) wr->bufs[i] = bufs[i];
  wr->bytes = bytes;
  c->write_queued += wr->bytes;
  if (r) r->writes_pending++;
  if (write_now(c, wr, &nbufs)) return 0;
  int err = uv_write(&wr->w, (uv_stream_t *)&c->tcp, wr->bufs, (unsigned)nbufs, on_write_done);
  if (err) {
    c->write_queued -= wr->bytes;
    if (r) r->writes_pending--;
    if (release) release(token);
    free(owned0);
    free(owned1);
    free(wr);
    conn_close(c);
    return -1;
  }
  return 0;
}

/* Sends the TLS engine's pending output (handshake, alerts, tickets). */
static void conn_flush_tls(h1_conn *c) {
  size_t len;
  char *out = tls_conn_take_output(c->tls, &len);
  if (!out) return;
  uv_buf_t b = uv_buf_init(out, (unsigned)len);
  raw_write(c, NULL, &b, 1, len, out, NULL, NULL, NULL);
}

/* Queues bufs as one write through the connection's transport. Ownership of
 * owned[] and token moves here. */
static int conn_write(h1_conn *c, h1_req *r, uv_buf_t *bufs, int nbufs, char *owned0, char *owned1,
                      h1_release_fn release, void *token) {
  size_t bytes = 0;
  for (int i = 0; i < nbufs; i++) bytes += bufs[i].len;
  if (!c->tls || c->closing) {
    return raw_write(c, r, bufs, nbufs, bytes, owned0, owned1, release, token);
  }
  /* TLS copies the plaintext; the caller still hears of the write (release)
   * only once its ciphertext left, which paces a tunnel's writer. */
  int rc = 0;
  for (int i = 0; i < nbufs && rc == 0; i++) {
    if (bufs[i].len) rc = tls_conn_encrypt(c->tls, bufs[i].base, bufs[i].len);
  }
  free(owned0);
  free(owned1);
  if (rc != 0) {
    if (release) release(token);
    h1i_log_conn(c, "TLS write failed");
    conn_close(c);
    return -1;
  }
  size_t len;
  char *out = tls_conn_take_output(c->tls, &len);
  if (!out) {
    if (release) release(token);
    return 0;
  }
  uv_buf_t b = uv_buf_init(out, (unsigned)len);
  return raw_write(c, r, &b, 1, bytes, out, NULL, release, token);
}

int h1i_conn_write(h1_conn *c, h1_req *r, uv_buf_t *bufs, int nbufs, char *owned0, char *owned1,
                   h1_release_fn release, void *token) {
  return conn_write(c, r, bufs, nbufs, owned0, owned1, release, token);
}

/* Rate limited per kind of message (its format): a flood of one kind does
 * not hide the others. */
void h1i_log_conn(h1_conn *c, const char *fmt, ...) {
  static struct {
    const char *fmt;
    uint64_t window_start;
    unsigned lines, suppressed;
  } kinds[16];
  uint64_t now = uv_hrtime();
  size_t k = 0;
  while (k < 15 && kinds[k].fmt && kinds[k].fmt != fmt) k++;
  kinds[k].fmt = fmt;
  if (now - kinds[k].window_start > 1000000000ull) {
    if (kinds[k].suppressed) {
      fprintf(stderr, "shoal: (%u similar messages suppressed)\n", kinds[k].suppressed);
    }
    kinds[k].window_start = now;
    kinds[k].lines = kinds[k].suppressed = 0;
  }
  if (++kinds[k].lines > 10) {
    kinds[k].suppressed++;
    return;
  }
  char ip[64] = "?";
  if (c->peer[0]) {
    snprintf(ip, sizeof ip, "%s", c->peer);
  } else {
    struct sockaddr_storage ss;
    int len = sizeof ss;
    if (uv_tcp_getpeername(&c->tcp, (struct sockaddr *)&ss, &len) == 0) {
      if (ss.ss_family == AF_INET6) uv_ip6_name((struct sockaddr_in6 *)&ss, ip, sizeof ip);
      else if (ss.ss_family == AF_INET) uv_ip4_name((struct sockaddr_in *)&ss, ip, sizeof ip);
    }
  }
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  fprintf(stderr, "shoal: connection from %s: %s\n", ip, msg);
}

static void on_idle_timeout(uv_timer_t *t);

/* A canned response for bad input (400, 408, 413, 431): the request, if any,
 * is dropped and the connection closes once the answer is written. */
static void conn_reject(h1_conn *c, int status, const char *code) {
  if (c->closing || c->rejecting) return;
  c->rejecting = true;
  if (c->server->cb.on_client_error) c->server->cb.on_client_error(c, code, status);
  h1i_conn_refuse(c, status);
}

/* conn_reject without the client error: also for an engine-made answer to a
 * request the user got (504 on the response timeout). */
void h1i_conn_refuse(h1_conn *c, int status) {
  if (c->closing) return;
  c->rejecting = true;
  h1_req *r = c->req;
  if (r) {
    if (r->delivered) {
      if (!r->ended && c->server->cb.on_aborted) c->server->cb.on_aborted(r);
      req_release(r);
    } else {
      c->req = NULL;
      r->released = true;
      req_maybe_free(r);
    }
  }
  c->parser_paused = true; /* swallow whatever else arrives */
  char *msg = malloc(128);
  int n = snprintf(msg, 128, "HTTP/1.1 %d %s\r\nConnection: close\r\n\r\n", status,
                   status_reason(status));
  uv_buf_t b = uv_buf_init(msg, (unsigned)n);
  if (conn_write(c, NULL, &b, 1, msg, NULL, NULL, NULL) != 0) return;
  conn_finish(c);
  /* A client that does not read its answer is not waited for long. */
  if (!c->closing) uv_timer_start(&c->timer, on_idle_timeout, 5000, 0);
}

/* --- requests ------------------------------------------------------------ */

static h1_req *req_new(h1_conn *c) {
  h1_req *r = calloc(1, sizeof *r);
  if (!r) return NULL;
  r->conn = c;
  r->remaining = -1;
  r->start_ns = uv_hrtime();
  r->proto = PROTO_H1;
  return r;
}

static void req_free(h1_req *r) {
  free(r->buf);
  free(r->fields);
  free(r->head);
  free(r->method_buf);
  free(r);
}

/* Frees r once the user is done with it and its writes completed. */
static void req_maybe_free(h1_req *r) {
  if (r->released && r->writes_pending == 0) req_free(r);
}

/* The user's last calls for r: on_finish when the whole response was
 * written, then on_request_done. Detaches r from its connection. */
static void req_release(h1_req *r) {
  if (r->released) return;
  h1_conn *c = r->conn;
  if (c->req == r) c->req = NULL;
  if (r->delivered && r->ended && !r->finish_sent && !r->write_failed && r->writes_pending == 0) {
    r->finish_sent = true;
    if (c->server->cb.on_finish) c->server->cb.on_finish(r);
  }
  if (r->delivered && c->server->cb.on_request_done) c->server->cb.on_request_done(r);
  r->released = true;
  req_maybe_free(r);
}

static void on_resume(uv_idle_t *idle);

static void schedule_resume(h1_conn *c) {
  h1_server *s = c->server;
  if (c->resume_scheduled) return;
  c->resume_scheduled = true;
  c->resume_next = s->resume_list;
  s->resume_list = c;
  uv_idle_start(&s->resume_idle, on_resume);
}

static void unschedule_resume(h1_conn *c) {
  if (!c->resume_scheduled) return;
  h1_conn **pp = &c->server->resume_list;
  while (*pp && *pp != c) pp = &(*pp)->resume_next;
  if (*pp) *pp = c->resume_next;
  c->resume_scheduled = false;
}

static void on_resume(uv_idle_t *idle) {
  h1_server *s = idle->data;
  h1_conn *list = s->resume_list;
  s->resume_list = NULL;
  uv_idle_stop(idle);
  while (list) {
    h1_conn *c = list;
    list = c->resume_next;
    c->resume_scheduled = false;
    char *data = c->pending;
    size_t len = c->pending_len;
    c->pending = NULL;
    c->pending_len = c->pending_cap = 0;
    conn_feed(c, data, len);
    free(data);
    if (c->closing) continue;
    if (!c->user_paused && !c->reading) h1_conn_resume(c);
    if (!c->req) {
      if (c->eof) conn_finish(c);
      else if (c->phase == PHASE_IDLE) conn_arm_idle(c);
    }
  }
}

/* After a response ended: with the request body read, the next request
 * may be parsed (or the connection closes). */
static void req_complete(h1_req *r) {
  h1_conn *c = r->conn;
  if (!r->ended || !r->body_done) return;
  bool close_after = r->close_after;
  /* The connection may take the next request now; the user hears of the
   * end (on_finish, on_request_done) once the response was written. */
  if (c->req == r) c->req = NULL;
  if (r->writes_pending == 0) req_release(r);
  else r->release_when_written = true;
  if (c->closing) return;
  if (close_after) {
    conn_finish(c);
    return;
  }
  c->phase = PHASE_IDLE;
  if (c->parser_paused) {
    c->parser_paused = false;
    llhttp_resume(&c->parser);
    /* Pipelined requests are parsed from the loop, not from inside the
     * caller (res.end()), so handlers never nest. */
    if (c->pending_len > 0) {
      schedule_resume(c);
      return;
    }
    if (!c->user_paused && !c->reading) h1_conn_resume(c);
  }
  if (c->closing || c->req) return;
  if (c->eof) conn_finish(c);
  else if (c->phase == PHASE_IDLE) conn_arm_idle(c);
}

/* --- parser callbacks ------------------------------------------------------ */

static h1_conn *conn_of(llhttp_t *p) {
  return p->data;
}

static int header_budget(h1_conn *c, size_t n) {
  c->header_bytes += n;
  if (c->header_bytes > c->server->limits.header_bytes) {
    conn_reject(c, 431, "HPE_HEADER_OVERFLOW");
    return -1;
  }
  return 0;
}

static void on_headers_timeout(uv_timer_t *t);

static int on_message_begin(llhttp_t *p) {
  h1_conn *c = conn_of(p);
  c->req = req_new(c);
  if (!c->req) return -1;
  c->requests++;
  c->phase = PHASE_HEADERS;
  c->header_bytes = 0;
  c->body_bytes = 0;
  c->in_field_value = false;
  c->value_complete = false;
  uint64_t t = c->server->limits.headers_timeout_ms;
  uint64_t rt = c->server->limits.request_timeout_ms;
  if (rt && (!t || rt < t)) t = rt;
  if (t) uv_timer_start(&c->timer, on_headers_timeout, t, 0);
  else uv_timer_stop(&c->timer);
  return 0;
}

static int on_url(llhttp_t *p, const char *at, size_t len) {
  h1_conn *c = conn_of(p);
  h1_req *r = c->req;
  if (header_budget(c, len) != 0) return HPE_USER;
  if (append(&r->buf, &r->buf_len, &r->buf_cap, at, len) != 0) return HPE_USER;
  r->url_len += len;
  return 0;
}

static int on_header_field(llhttp_t *p, const char *at, size_t len) {
  h1_conn *c = conn_of(p);
  h1_req *r = c->req;
  c->value_complete = false;
  if (header_budget(c, len + 4) != 0) return HPE_USER;
  if (c->in_field_value || r->nfields == 0) {
    uint32_t max = c->server->limits.max_headers;
    if (r->nfields == r->fields_cap) {
      size_t n = r->fields_cap ? r->fields_cap * 2 : 16;
      h1_field *f = realloc(r->fields, n * sizeof *f);
      if (!f) return HPE_USER;
      r->fields = f;
      r->fields_cap = n;
    }
    (void)max;
    h1_field *f = &r->fields[r->nfields++];
    f->name_off = r->buf_len;
    f->name_len = 0;
    f->value_off = 0;
    f->value_len = 0;
    c->in_field_value = false;
  }
  h1_field *f = &r->fields[r->nfields - 1];
  if (append(&r->buf, &r->buf_len, &r->buf_cap, at, len) != 0) return HPE_USER;
  f->name_len += len;
  return 0;
}

/* The blanks before a value's first span follow a line break: the value
 * began on a continuation line (an obs-fold after an empty first line). */
static bool value_starts_folded(h1_conn *c, const char *at) {
  const char *q = at;
  while (q > c->feed_start && (q[-1] == ' ' || q[-1] == '\t')) q--;
  return q > c->feed_start ? q[-1] == '\n' : c->feed_ends_in_fold;
}

/* Remembers whether this input ends in a line break then blanks (a fold
 * whose value arrives in the next read). */
static void note_feed_tail(h1_conn *c, const char *data, size_t len) {
  const char *q = data + len;
  while (q > data && (q[-1] == ' ' || q[-1] == '\t')) q--;
  if (q > data) c->feed_ends_in_fold = q[-1] == '\n';
}

/* Chunk extensions are parsed and dropped; more than Node's 16 KiB a chunk
 * is refused (CVE-2024-22019: they are not counted as body). */
#define CHUNK_EXT_MAX 16384

static int on_chunk_header(llhttp_t *p) {
  conn_of(p)->chunk_ext_bytes = 0;
  return 0;
}

static int on_chunk_extension(llhttp_t *p, const char *at, size_t len) {
  (void)at;
  h1_conn *c = conn_of(p);
  c->chunk_ext_bytes += len;
  if (c->chunk_ext_bytes <= CHUNK_EXT_MAX) return 0;
  conn_reject(c, 413, "HPE_CHUNK_EXTENSIONS_OVERFLOW");
  return HPE_USER;
}

static int on_header_value(llhttp_t *p, const char *at, size_t len) {
  h1_conn *c = conn_of(p);
  h1_req *r = c->req;
  if (header_budget(c, len) != 0) return HPE_USER;
  h1_field *f = &r->fields[r->nfields - 1];
  if (!c->in_field_value) {
    f->value_off = r->buf_len;
    c->in_field_value = true;
    if (value_starts_folded(c, at)) { /* "Name:\r\n value": obs-fold too */
      conn_reject(c, 400, "HPE_INVALID_HEADER_TOKEN");
      return HPE_USER;
    }
  }
  /* A value that goes on after its span stopped short of the end of the
   * input crossed a line break: obs-fold (RFC 9112 5.2), refused, as a
   * folded header can smuggle a request past a proxy. (A span that stopped
   * at the end of the input only continues in the next read.) */
  if (c->value_complete || (f->value_len > 0 && c->value_cut_short) || memchr(at, '\r', len) ||
      memchr(at, '\n', len)) {
    conn_reject(c, 400, "HPE_INVALID_HEADER_TOKEN");
    return HPE_USER;
  }
  c->value_cut_short = at + len != c->feed_end;
  if (append(&r->buf, &r->buf_len, &r->buf_cap, at, len) != 0) return HPE_USER;
  f->value_len += len;
  return 0;
}

static int on_header_value_complete(llhttp_t *p) {
  conn_of(p)->value_complete = true;
  return 0;
}

static bool header_is(h1_req *r, h1_field *f, const char *name, const char *value) {
  size_t nl = strlen(name), vl = strlen(value);
  return f->name_len == nl && strncasecmp(r->buf + f->name_off, name, nl) == 0 &&
         f->value_len == vl && strncasecmp(r->buf + f->value_off, value, vl) == 0;
}

/* The health path (load balancers, Kubernetes probes): 200 while serving,
 * 503 while draining, on every protocol. Returns true when r was that
 * request. */
bool h1i_answer_health(h1_req *r) {
  if (!health_path || !r->buf) return false;
  /* The URL lies in r->buf at url_off, without a terminating NUL. */
  const char *url = r->buf + r->url_off;
  const char *q = memchr(url, '?', r->url_len);
  size_t n = q ? (size_t)(q - url) : r->url_len;
  if (n == 0 || strlen(health_path) != n || memcmp(url, health_path, n) != 0) return false;
  bool draining = r->conn->server->closing || health_down;
  const char *body = draining ? "draining\n" : "ok\n";
  static const char head[] = "Content-Type: text/plain\r\nCache-Control: no-store\r\n";
  h1_write_head(r, draining ? 503 : 200, NULL, 0, head, sizeof head - 1, 0, (int64_t)strlen(body));
  h1_write(r, body, strlen(body), NULL, NULL, true);
  return true;
}

void h1_set_health_path(const char *path) {
  free(health_path);
  health_path = path ? strdup(path) : NULL;
}

void h1_set_health_down(bool down) {
  health_down = down;
}

/* requestTimeout: the body too must be in before the request's deadline;
 * a response already started is cut instead of answered 408. */
static void on_request_timeout(uv_timer_t *t) {
  h1_conn *c = t->data;
  h1_req *r = c->req;
  if (!r || r->body_done) return;
  if (r->head_written || r->head) conn_close(c);
  else conn_reject(c, 408, "ERR_HTTP_REQUEST_TIMEOUT");
}

static void arm_request_timeout(h1_conn *c) {
  uint64_t limit = c->server->limits.request_timeout_ms;
  if (!limit) return;
  uint64_t spent = (uv_hrtime() - c->req->start_ns) / 1000000u;
  uv_timer_start(&c->timer, on_request_timeout, spent < limit ? limit - spent : 1, 0);
}

static int on_headers_complete(llhttp_t *p) {
  h1_conn *c = conn_of(p);
  h1_req *r = c->req;
  h1_server *s = c->server;
  uv_timer_stop(&c->timer);
  c->phase = PHASE_BODY;
  arm_request_timeout(c);
  r->method = llhttp_method_name((llhttp_method_t)p->method);
  r->major = p->http_major;
  r->minor = p->http_minor;
  if (llhttp_should_keep_alive(p)) r->flags |= H1_KEEP_ALIVE;
  if (p->upgrade) r->flags |= H1_UPGRADE;
  bool chunked = (p->flags & F_CHUNKED) != 0;
  if ((p->flags & F_TRANSFER_ENCODING) && !chunked) {
    /* A request body must end in chunked (RFC 9112 6.3): any other
     * Transfer-Encoding leaves its length unknown, a smuggling vector. */
    conn_reject(c, 400, "HPE_INVALID_TRANSFER_ENCODING");
    return HPE_USER;
  }
  if (chunked || ((p->flags & F_CONTENT_LENGTH) && p->content_length > 0)) r->flags |= H1_HAS_BODY;
  for (size_t i = 0; i < r->nfields; i++) {
    if (header_is(r, &r->fields[i], "expect", "100-continue")) r->flags |= H1_EXPECT_CONTINUE;
  }
  if (s->limits.body_bytes && (p->flags & F_CONTENT_LENGTH) &&
      p->content_length > s->limits.body_bytes) {
    conn_reject(c, 413, "HPE_BODY_TOO_LARGE");
    return HPE_USER;
  }
  r->close_after = !(r->flags & H1_KEEP_ALIVE);
  h1i_forwarded_apply(r);
  if (h1i_answer_health(r)) return 0;
  r->delivered = true;
  if (s->cb.on_request) s->cb.on_request(r);
  if (c->closing) return HPE_USER;
  /* Taken over: no body, llhttp stops after the head (HPE_PAUSED_UPGRADE). */
  if (r->take_over) return 2;
  /* Bodies of requests we do not pass on (upgrade) end the connection. */
  return 0;
}

static int on_body(llhttp_t *p, const char *at, size_t len) {
  h1_conn *c = conn_of(p);
  h1_req *r = c->req;
  c->body_bytes += len;
  uint64_t limit = c->server->limits.body_bytes;
  if (limit && c->body_bytes > limit) {
    conn_reject(c, 413, "HPE_BODY_TOO_LARGE");
    return HPE_USER;
  }
  if (r && r->delivered && !r->released && c->server->cb.on_body) c->server->cb.on_body(r, at, len);
  return c->closing ? HPE_USER : 0;
}

static int on_message_complete(llhttp_t *p) {
  h1_conn *c = conn_of(p);
  h1_req *r = c->req;
  if (!r) return 0;
  r->body_done = true;
  if (r->take_over) return 0; /* the tunnel starts from conn_feed */
  /* A request without a body was told so with on_request (H1_HAS_BODY
   * clear): its end needs no call of its own. */
  if (r->delivered && !r->released && (r->flags & H1_HAS_BODY) && c->server->cb.on_body_end)
    c->server->cb.on_body_end(r);
  if (c->closing) return HPE_USER;
  if (r->ended) {
    req_complete(r);
    if (c->closing) return HPE_USER;
    /* The response closes the connection: nothing after it is parsed. */
    if (c->close_when_flushed) {
      c->parser_paused = true;
      return HPE_PAUSED;
    }
    return 0;
  }
  /* Wait for the response before reading the next request. */
  c->parser_paused = true;
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

/* --- connections -------------------------------------------------------- */

static void save_pending(h1_conn *c, const char *data, size_t len) {
  if (len == 0) return;
  if (append(&c->pending, &c->pending_len, &c->pending_cap, data, len) != 0) {
    conn_close(c);
    return;
  }
  if (c->pending_len > PENDING_MAX && c->reading) {
    uv_read_stop((uv_stream_t *)&c->tcp);
    c->reading = false;
  }
}

static void conn_feed(h1_conn *c, const char *data, size_t len) {
  if (c->tunnel) {
    h1i_tunnel_input(c, data, (ssize_t)len);
    return;
  }
  if (c->parser_paused || c->resume_scheduled) {
    save_pending(c, data, len);
    return;
  }
  c->feed_start = data;
  c->feed_end = data + len;
  llhttp_errno_t err = llhttp_execute(&c->parser, data, len);
  note_feed_tail(c, data, len);
  if (err == HPE_OK || c->closing) return;
  if (err == HPE_PAUSED) {
    const char *pos = llhttp_get_error_pos(&c->parser);
    if (pos && pos >= data && pos <= data + len) save_pending(c, pos, (size_t)(data + len - pos));
    return;
  }
  if (err == HPE_PAUSED_UPGRADE) {
    const char *pos = llhttp_get_error_pos(&c->parser);
    size_t rest = pos && pos >= data && pos <= data + len ? (size_t)(data + len - pos) : 0;
    h1i_tunnel_start(c, c->req, rest ? pos : NULL, rest);
    return;
  }
  if (err == HPE_USER) return; /* a limit already answered */
  conn_reject(c, 400, llhttp_errno_name(err));
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
  (void)h;
  (void)suggested;
  if (read_buf_busy) {
    *buf = uv_buf_init(malloc(READ_BUF_SIZE), READ_BUF_SIZE);
    return;
  }
  read_buf_busy = true;
  *buf = uv_buf_init(read_buf, READ_BUF_SIZE);
}

static void release_read_buf(const uv_buf_t *buf) {
  if (buf->base == read_buf) read_buf_busy = false;
  else free(buf->base);
}

static void conn_on_eof(h1_conn *c) {
  if (c->tunnel) {
    h1i_tunnel_input(c, NULL, UV_EOF);
    return;
  }
  h1_req *r = c->req;
  if (c->proto != PROTO_H2 && !c->closing && r && r->body_done &&
      (!r->delivered || r->ended || c->server->limits.allow_half_open)) {
    /* The client half-closed after complete requests whose answers are
     * written: finish them (pipelined ones too), then close. A request the
     * application is still answering is aborted instead (conn_close), as
     * Node's server does without httpAllowHalfOpen: the client went away,
     * and req/res hear 'aborted'/'close'. */
    c->eof = true;
    uv_read_stop((uv_stream_t *)&c->tcp);
    c->reading = false;
  } else if (c->proto != PROTO_H2 && r && r->delivered && !r->body_done) {
    conn_fail(c, UV_EOF, NULL); /* EOF inside a body: Node's HPE_INVALID_EOF_STATE */
  } else {
    conn_close(c);
  }
}

static const char h2_preface[] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

/* Plaintext from the peer, to the connection's protocol. Until it is known,
 * the HTTP/2 connection preface (prior knowledge) selects HTTP/2 and anything
 * else HTTP/1.1. */
static void conn_input(h1_conn *c, const char *data, size_t len) {
  if (c->proto == PROTO_SNIFF) {
    size_t have = c->sniff_len, take = sizeof h2_preface - 1 - have;
    if (take > len) take = len;
    if (memcmp(h2_preface + have, data, take) != 0) {
      c->proto = PROTO_H1;
      if (have) conn_feed(c, h2_preface, have);
      if (!c->closing) conn_feed(c, data, len);
      return;
    }
    c->sniff_len += take;
    if (c->sniff_len < sizeof h2_preface - 1) return;
    c->proto = PROTO_H2;
    if (h2_start(c) != 0) {
      conn_close(c);
      return;
    }
    h2_feed(c, h2_preface, sizeof h2_preface - 1);
    if (!c->closing && len > take) h2_feed(c, data + take, len - take);
    return;
  }
  if (c->proto == PROTO_H2) h2_feed(c, data, len);
  else conn_feed(c, data, len);
}

/* TLS: ciphertext in, handshake, plaintext to conn_input. */
static void tls_input(h1_conn *c, const char *data, size_t len) {
  static _Thread_local char plain[65536];
  static _Thread_local bool plain_busy;
  int rc = tls_conn_feed(c->tls, data, len);
  if (rc == TLS_NOT_TLS) {
    static const char msg[] =
        "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: text/plain\r\n"
        "Content-Length: 43\r\n\r\nThis port speaks HTTPS: use https:// here.\n";
    h1i_log_conn(c, "%s", tls_conn_error(c->tls));
    uv_buf_t b = uv_buf_init((char *)msg, sizeof msg - 1);
    c->rejecting = true;
    if (raw_write(c, NULL, &b, 1, b.len, NULL, NULL, NULL, NULL) == 0) conn_finish(c);
    if (!c->closing) uv_timer_start(&c->timer, on_idle_timeout, 5000, 0);
    return;
  }
  if (rc != TLS_OK) {
    conn_close(c);
    return;
  }
  if (!tls_conn_handshake_done(c->tls)) {
    rc = tls_conn_handshake(c->tls);
    conn_flush_tls(c); /* the handshake's answer, or its alert */
    if (c->closing || rc == TLS_WANT) return;
    if (rc != TLS_OK) {
      h1i_log_conn(c, "%s", tls_conn_error(c->tls));
      c->rejecting = true;
      conn_finish(c);
      if (!c->closing) uv_timer_start(&c->timer, on_idle_timeout, 5000, 0);
      return;
    }
    int alpn = tls_conn_alpn(c->tls);
    c->proto = alpn == 2 ? PROTO_H2 : alpn == 1 ? PROTO_H1 : PROTO_SNIFF;
    if (c->proto == PROTO_H2 && h2_start(c) != 0) {
      conn_close(c);
      return;
    }
  }
  char *buf = plain;
  if (plain_busy) buf = malloc(sizeof plain);
  else plain_busy = true;
  for (;;) {
    int n = tls_conn_read(c->tls, buf, sizeof plain);
    if (n > 0) {
      conn_input(c, buf, (size_t)n);
      if (c->closing) break;
      continue;
    }
    if (n == 0) break;
    if (n == TLS_EOF) {
      conn_on_eof(c);
    } else {
      h1i_log_conn(c, "%s", tls_conn_error(c->tls));
      conn_close(c);
    }
    break;
  }
  if (buf == plain) plain_busy = false;
  else free(buf);
  if (!c->closing) conn_flush_tls(c); /* session tickets, key updates */
}

/* A transport error ends the connection: the user hears of it first (Node's
 * socket 'error'), then of the requests it aborts. */
static void conn_fail(h1_conn *c, int err, const char *syscall) {
  if (c->closing) return;
  if (c->server->cb.on_conn_error && c->data) c->server->cb.on_conn_error(c, err, syscall);
  conn_close(c);
}

static void on_read(uv_stream_t *stream, ssize_t n, const uv_buf_t *buf) {
  h1_conn *c = stream->data;
  if (c->lingering) {
    /* Drained: what the client still sends is dropped; its EOF ends us. */
    if (n < 0) conn_close(c);
    release_read_buf(buf);
    return;
  }
  if (n > 0) {
    /* The shared read buffer stays busy while we parse: a nested read (none
     * expected) would get its own. */
    if (c->tls) tls_input(c, buf->base, (size_t)n);
    else if (c->proto == PROTO_H1) conn_feed(c, buf->base, (size_t)n);
    else conn_input(c, buf->base, (size_t)n);
  } else if (n < 0) {
    if (n == UV_EOF) conn_on_eof(c);
    else if (c->tunnel) h1i_tunnel_input(c, NULL, n);
    else conn_fail(c, (int)n, "read");
  }
  release_read_buf(buf);
}

static void on_idle_timeout(uv_timer_t *t) {
  h1_conn *c = t->data;
  if (c->proto == PROTO_H2 && !c->rejecting) {
    /* An idle HTTP/2 connection: GOAWAY, then a hard deadline. */
    c->rejecting = true;
    h2_shutdown(c);
    if (!c->closing) uv_timer_start(&c->timer, on_idle_timeout, 5000, 0);
    return;
  }
  /* (also the deadline for a rejected client to take its answer) */
  conn_close(c);
}

static void on_headers_timeout(uv_timer_t *t) {
  h1_conn *c = t->data;
  conn_reject(c, 408, "ERR_HTTP_REQUEST_TIMEOUT");
}

static void conn_arm_idle(h1_conn *c) {
  uint64_t t = c->server->limits.keepalive_timeout_ms;
  if (t) uv_timer_start(&c->timer, on_idle_timeout, t, 0);
}

static void on_handle_closed(uv_handle_t *h) {
  h1_conn *c = h->data;
  if (--c->open_handles > 0) return;
  h1_server *s = c->server;
  /* No longer counted when the user hears of it: the user may free a
   * closed server from on_conn_close once nconns is 0. */
  s->nconns--;
  if (s->cb.on_conn_close && c->data) s->cb.on_conn_close(c);
  if (c->h2) h2_free(c);
  tls_conn_free(c->tls);
  free(c->pending);
  free(c);
}

static void conn_unlink(h1_conn *c) {
  h1_server *s = c->server;
  if (c->prev) c->prev->next = c->next;
  else s->conns = c->next;
  if (c->next) c->next->prev = c->prev;
  c->prev = c->next = NULL;
}

static void conn_close(h1_conn *c) {
  if (c->closing) return;
  c->closing = true;
  conn_unlink(c);
  unschedule_resume(c);
  uv_timer_stop(&c->timer);
  h1_req *r = c->req;
  if (r && !r->released) {
    /* (a request still in its headers was never the user's) */
    if (r->delivered && !r->ended && c->server->cb.on_aborted) c->server->cb.on_aborted(r);
    req_release(r);
  }
  if (c->h2) h2_conn_closing(c);
  uv_close((uv_handle_t *)&c->tcp, on_handle_closed);
  uv_close((uv_handle_t *)&c->timer, on_handle_closed);
}

static h1_conn *conn_new(h1_server *s, tls_ctx *tls) {
  h1_conn *c = calloc(1, sizeof *c);
  if (!c) return NULL;
  c->server = s;
  if (tls && !(c->tls = tls_conn_new(tls))) {
    free(c);
    return NULL;
  }
  uv_tcp_init(s->loop, &c->tcp);
  uv_timer_init(s->loop, &c->timer);
  c->tcp.data = c;
  c->timer.data = c;
  c->open_handles = 2;
  llhttp_init(&c->parser, HTTP_REQUEST, &parser_settings);
  c->parser.data = c;
  return c;
}

static void conn_start(h1_conn *c) {
  h1_server *s = c->server;
  c->next = s->conns;
  if (s->conns) s->conns->prev = c;
  s->conns = c;
  uv_tcp_nodelay(&c->tcp, 1);
  if (c->tls) {
    /* TLS failures are logged, often after the peer left: note who it is. */
    struct sockaddr_storage ss;
    int len = sizeof ss;
    if (uv_tcp_getpeername(&c->tcp, (struct sockaddr *)&ss, &len) == 0) {
      if (ss.ss_family == AF_INET6)
        uv_ip6_name((struct sockaddr_in6 *)&ss, c->peer, sizeof c->peer);
      else if (ss.ss_family == AF_INET)
        uv_ip4_name((struct sockaddr_in *)&ss, c->peer, sizeof c->peer);
    }
  }
  if (s->cb.on_connection) s->cb.on_connection(c);
  if (c->closing) return;
  conn_arm_idle(c);
  h1_conn_resume(c);
}

/* libuv accepts in a loop and calls us once per connection (and backs off
 * on EMFILE with its reserve descriptor). */
static void on_connection(uv_stream_t *listener, int status) {
  h1_server *s = listener->data;
  if (status < 0) return;
  h1_conn *c = conn_new(s, s->tls);
  if (!c) return;
  s->nconns++;
  if (uv_accept(listener, (uv_stream_t *)&c->tcp) != 0) {
    c->closing = true;
    uv_close((uv_handle_t *)&c->tcp, on_handle_closed);
    uv_close((uv_handle_t *)&c->timer, on_handle_closed);
    return;
  }
  conn_start(c);
}

/* --- for h2.c ------------------------------------------------------------ */

void h1i_conn_close(h1_conn *c) {
  conn_close(c);
}

/* Closes once the queued bytes left, but waits 5 s at most for them. */
void h1i_conn_finish(h1_conn *c) {
  conn_finish(c);
  if (c->closing) return;
  c->rejecting = true;
  uv_timer_start(&c->timer, on_idle_timeout, 5000, 0);
}

h1_req *h1i_req_new(h1_conn *c) {
  return req_new(c);
}

void h1i_req_release(h1_req *r) {
  req_release(r);
}

void h1i_conn_arm_idle(h1_conn *c) {
  conn_arm_idle(c);
}

const char *h1i_http_date(void) {
  return http_date();
}

/* --- public API ----------------------------------------------------------- */

h1_server *h1_server_new(uv_loop_t *loop, const h1_callbacks *cb, void *data) {
  init_parser_settings();
  h1_server *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  s->loop = loop;
  s->cb = *cb;
  s->data = data;
  h1_limits_default(&s->limits);
  uv_tcp_init(loop, &s->listener);
  s->listener.data = s;
  uv_idle_init(loop, &s->resume_idle);
  s->resume_idle.data = s;
  h1i_response_timeout_init(s);
  return s;
}

void h1_server_set_limits(h1_server *s, const h1_limits *l) {
  s->limits = *l;
  h1i_response_timeout_arm(s);
}

const h1_limits *h1_server_limits(h1_server *s) {
  return &s->limits;
}

void *h1_server_data(h1_server *s) {
  return s->data;
}

static int resolve_host(const char *host, int port, struct sockaddr_storage *out) {
  if (!host || !*host) host = "::";
  if (uv_ip6_addr(host, port, (struct sockaddr_in6 *)out) == 0) return 0;
  if (uv_ip4_addr(host, port, (struct sockaddr_in *)out) == 0) return 0;
  struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
  uv_getaddrinfo_t req;
  int err = uv_getaddrinfo(uv_default_loop(), &req, NULL, host, NULL, &hints);
  if (err) return err;
  memcpy(out, req.addrinfo->ai_addr, req.addrinfo->ai_addrlen);
  ((struct sockaddr_in *)out)->sin_port = htons((uint16_t)port);
  uv_freeaddrinfo(req.addrinfo);
  return 0;
}

int h1_server_listen(h1_server *s, const char *host, int port, int backlog) {
  struct sockaddr_storage addr;
  int err = resolve_host(host, port, &addr);
  if (err) return err;
  err = uv_tcp_bind(&s->listener, (struct sockaddr *)&addr, 0);
  if (err == 0)
    err = uv_listen((uv_stream_t *)&s->listener, backlog > 0 ? backlog : 511, on_connection);
  if (err == UV_EAFNOSUPPORT && (!host || !*host)) {
    /* No IPv6: fall back to IPv4, as Node does. */
    return h1_server_listen(s, "0.0.0.0", port, backlog);
  }
  if (err == 0) s->listening = true;
  return err;
}

int h1_server_address(h1_server *s, struct sockaddr_storage *out) {
  int len = sizeof *out;
  return uv_tcp_getsockname(&s->listener, (struct sockaddr *)out, &len);
}

int h1_server_adopt(h1_server *s, uv_os_sock_t fd) {
  return h1_server_adopt_tls(s, fd, s->tls);
}

int h1_server_adopt_tls(h1_server *s, uv_os_sock_t fd, tls_ctx *tls) {
  return h1_server_adopt_from(s, fd, tls, NULL);
}

int h1_server_adopt_from(h1_server *s, uv_os_sock_t fd, tls_ctx *tls,
                         const struct sockaddr *remote) {
  /* No TLS of the listener's own: the server's (https.createServer). */
  h1_conn *c = conn_new(s, tls ? tls : s->tls);
  if (!c) return UV_ENOMEM;
  s->nconns++;
  int err = uv_tcp_open(&c->tcp, fd);
  if (err) {
    c->closing = true;
    uv_close((uv_handle_t *)&c->tcp, on_handle_closed);
    uv_close((uv_handle_t *)&c->timer, on_handle_closed);
    return err;
  }
  if (remote) {
    size_t n =
        remote->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
    memcpy(&c->remote, remote, n);
    c->has_remote = true;
  }
  conn_start(c);
  return 0;
}

static void on_listener_closed(uv_handle_t *h) {
  h1_server *s = h->data;
  if (h == (uv_handle_t *)&s->listener) {
    uv_close((uv_handle_t *)&s->resume_idle, on_listener_closed);
    return;
  }
  if (h == (uv_handle_t *)&s->resume_idle) {
    uv_close((uv_handle_t *)&s->response_timer, on_listener_closed);
    return;
  }
  s->closed = true;
  if (s->cb.on_server_close) s->cb.on_server_close(s);
}

/* Stops accepting. Connections live on (h1_server_close_idle/all end them);
 * the server's memory must outlive them: free it once nconns is 0. */
void h1_server_close(h1_server *s) {
  if (s->closing) return;
  s->closing = true;
  uv_close((uv_handle_t *)&s->listener, on_listener_closed);
  /* HTTP/2 connections get GOAWAY (as HTTP/1.1 ones get Connection: close
   * on their next response): open streams finish, no new ones start. */
  for (h1_conn *c = s->conns, *next; c; c = next) {
    next = c->next;
    if (c->proto == PROTO_H2) h2_shutdown(c);
  }
}

void h1_server_free(h1_server *s) {
  tls_ctx_unref(s->tls);
  free(s);
}

void h1_server_set_tls(h1_server *s, tls_ctx *tls) {
  if (tls) tls_ctx_ref(tls);
  tls_ctx_unref(s->tls);
  s->tls = tls;
}

static void on_linger_timeout(uv_timer_t *t) {
  conn_close(t->data);
}

/* Ends an idle keep-alive connection without a reset: FIN first, then the
 * client's last bytes (a request sent as we closed) are read and dropped
 * until its EOF or 1 s. The client sees a clean close, never a reset. */
static void conn_linger(h1_conn *c) {
  if (c->tls || c->write_queued > 0 || c->lingering) {
    conn_close(c);
    return;
  }
  c->lingering = true;
  c->parser_paused = true;
  if (uv_shutdown(&c->shutdown_req, (uv_stream_t *)&c->tcp, NULL) != 0) {
    conn_close(c);
    return;
  }
  if (!c->reading && uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read) == 0)
    c->reading = true;
  uv_timer_start(&c->timer, on_linger_timeout, 1000, 0);
}

static void on_drain_idle(uv_timer_t *t) {
  h1_conn *c = t->data;
  if (!c->req && c->phase == PHASE_IDLE) conn_linger(c);
}

void h1_server_close_idle(h1_server *s) {
  h1_conn *c = s->conns;
  while (c) {
    h1_conn *next = c->next;
    if (c->proto == PROTO_H2) {
      if (s->closing) h2_shutdown(c); /* GOAWAY; open streams finish */
      else if (h2_idle(c)) h2_shutdown(c);
    } else if (!c->req && c->phase == PHASE_IDLE && c->requests > 0) {
      /* Draining: a busy keep-alive client sends its next request at once,
       * which is answered with Connection: close; one that stays quiet for
       * a moment is let go without a reset. A connection that has not sent
       * its first request yet (just handed over) is kept for that request. */
      if (s->closing) uv_timer_start(&c->timer, on_drain_idle, 250, 0);
      else conn_close(c);
    }
    c = next;
  }
}

void h1_server_close_all(h1_server *s) {
  while (s->conns) conn_close(s->conns);
}

typedef struct unanswered_visit {
  h1_req_visit fn;
  void *arg;
} unanswered_visit;

static void visit_if_unanswered(h1_req *r, void *arg) {
  unanswered_visit *v = arg;
  if (r->delivered && !r->ended && !r->released) v->fn(r, v->arg);
}

void h1_server_each_request(h1_server *s, h1_req_visit fn, void *arg) {
  unanswered_visit v = {fn, arg};
  h1_conn *c = s->conns;
  while (c) {
    h1_conn *next = c->next; /* the visit may close c */
    if (c->closing || c->tunnel) {
      /* nothing to answer */
    } else if (c->proto == PROTO_H2) {
      h2_each_stream(c, visit_if_unanswered, &v);
    } else if (c->req) {
      visit_if_unanswered(c->req, &v);
    }
    c = next;
  }
}

int h1_server_conn_count(h1_server *s) {
  int n = 0;
  for (h1_conn *c = s->conns; c; c = c->next) n++;
  return n;
}

void *h1_conn_data(h1_conn *c) {
  return c->data;
}

void h1_conn_set_data(h1_conn *c, void *data) {
  c->data = data;
}

h1_server *h1_conn_server(h1_conn *c) {
  return c->server;
}

int h1_server_nconns(h1_server *s) {
  return s->nconns;
}

bool h1_conn_is_tls(h1_conn *c) {
  return c->tls != NULL;
}

tls_conn *h1_conn_tls(h1_conn *c) {
  return c->tls;
}

uv_tcp_t *h1_conn_tcp(h1_conn *c) {
  return &c->tcp;
}

int h1_conn_peername(h1_conn *c, struct sockaddr_storage *out) {
  if (c->has_client) {
    *out = c->client;
    return 0;
  }
  return h1i_conn_transport_peer(c, out);
}

int h1i_conn_transport_peer(h1_conn *c, struct sockaddr_storage *out) {
  if (c->has_remote) {
    *out = c->remote;
    return 0;
  }
  int len = sizeof *out;
  return uv_tcp_getpeername(&c->tcp, (struct sockaddr *)out, &len);
}

void h1_conn_destroy(h1_conn *c) {
  conn_close(c);
}

void h1_req_destroy(h1_req *r) {
  if (r->released) return;
  if (r->conn->proto == PROTO_H2) h2_reset(r);
  else conn_close(r->conn);
}

void h1_conn_pause(h1_conn *c) {
  if (c->proto == PROTO_H2) {
    /* HTTP/2: flow control holds back the streams' bodies instead. */
    h2_pause(c);
    return;
  }
  c->user_paused = true;
  if (c->reading) {
    uv_read_stop((uv_stream_t *)&c->tcp);
    c->reading = false;
  }
}

void h1_conn_resume(h1_conn *c) {
  if (c->proto == PROTO_H2) h2_resume(c);
  c->user_paused = false;
  if (c->closing || c->reading) return;
  if (c->parser_paused && c->pending_len > PENDING_MAX) return;
  if (uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read) == 0) c->reading = true;
}

void *h1_req_data(h1_req *r) {
  return r->data;
}

void h1_req_set_data(h1_req *r, void *data) {
  r->data = data;
}

h1_conn *h1_req_conn(h1_req *r) {
  return r->conn;
}

const char *h1_req_method(h1_req *r) {
  return r->method;
}

const char *h1_req_url(h1_req *r, size_t *len) {
  *len = r->url_len;
  return r->buf ? r->buf + r->url_off : "";
}

size_t h1_req_header_count(h1_req *r) {
  return r->nfields;
}

void h1_req_header(h1_req *r, size_t i, const char **name, size_t *nlen, const char **value,
                   size_t *vlen) {
  h1_field *f = &r->fields[i];
  *name = r->buf + f->name_off;
  *nlen = f->name_len;
  *value = f->value_len ? r->buf + f->value_off : "";
  *vlen = f->value_len;
}

void h1_req_version(h1_req *r, int *major, int *minor) {
  *major = r->major;
  *minor = r->minor;
}

unsigned h1_req_flags(h1_req *r) {
  return r->flags;
}

int h1_req_status(h1_req *r) {
  return r->status;
}

uint64_t h1_req_bytes_sent(h1_req *r) {
  return r->bytes_sent;
}

uint64_t h1_req_start_ns(h1_req *r) {
  return r->start_ns;
}

const char *h1_req_header_value(h1_req *r, const char *name, size_t *len) {
  size_t nl = strlen(name);
  for (size_t i = 0; i < r->nfields; i++) {
    h1_field *f = &r->fields[i];
    if (f->name_len == nl && strncasecmp(r->buf + f->name_off, name, nl) == 0) {
      *len = f->value_len;
      return r->buf + f->value_off;
    }
  }
  return NULL;
}

int h1_server_listen_fd(h1_server *s, uv_os_sock_t fd, int backlog) {
  int err = uv_tcp_open(&s->listener, fd);
  if (err == 0)
    err = uv_listen((uv_stream_t *)&s->listener, backlog > 0 ? backlog : 511, on_connection);
  if (err == 0) s->listening = true;
  return err;
}

bool h1_server_closing(h1_server *s) {
  return s->closing;
}

static bool status_has_body(int status) {
  return !(status == 204 || status == 304 || (status >= 100 && status < 200));
}

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

int h1_write_head(h1_req *r, int status, const char *reason, size_t reason_len, const char *headers,
                  size_t headers_len, unsigned flags, int64_t content_length) {
  if (r->proto == PROTO_H2) {
    return h2_write_head(r, status, headers, headers_len, flags, content_length);
  }
  if (r->head || r->head_written || r->ended || r->released) return -1;
  if (!reason) {
    reason = status_reason(status);
    reason_len = strlen(reason);
  }
  bool http10 = r->major == 1 && r->minor == 0;
  r->status = status;
  r->no_body = (flags & H1_NO_BODY) || !status_has_body(status) || strcmp(r->method, "HEAD") == 0;
  if (flags & H1_CLOSE) r->close_after = true;
  if (r->conn->server->closing) r->close_after = true;
  bool has_len = (flags & H1_HAS_CONTENT_LENGTH) != 0;
  if (!has_len && content_length >= 0 && status_has_body(status)) has_len = true;
  r->remaining = -1;
  r->chunked = false;
  bool user_chunked = (flags & H1_USER_CHUNKED) != 0; /* the header is the user's */
  if (!has_len && (!(flags & H1_HAS_TRANSFER_ENCODING) || user_chunked) &&
      status_has_body(status) && strcmp(r->method, "HEAD") != 0) {
    if (http10 && !user_chunked) r->close_after = true; /* length = until close */
    else r->chunked = true;
  }
  /* Every line below but the reason and the user's headers is bounded:
   * 160 bytes hold them all. No snprintf: this runs for every response. */
  char *h = malloc(160 + reason_len + headers_len);
  if (!h) return -1;
  size_t len = 0;
  PUT_LIT(h, len, "HTTP/1.1 ");
  len += put_uint(h + len, (uint64_t)(status > 0 && status < 1000 ? status : 500));
  h[len++] = ' ';
  put(h, &len, reason, reason_len);
  PUT_LIT(h, len, "\r\n");
  put(h, &len, headers, headers_len);
  if (!(flags & (H1_HAS_DATE | H1_NO_DATE))) {
    PUT_LIT(h, len, "Date: ");
    const char *date = http_date();
    put(h, &len, date, strlen(date));
    PUT_LIT(h, len, "\r\n");
  }
  if (!(flags & H1_HAS_CONNECTION)) {
    if (r->close_after) {
      PUT_LIT(h, len, "Connection: close\r\n");
    } else {
      PUT_LIT(h, len, "Connection: keep-alive\r\nKeep-Alive: timeout=");
      len += put_uint(h + len, r->conn->server->limits.keepalive_timeout_ms / 1000);
      PUT_LIT(h, len, "\r\n");
    }
  }
  if (!(flags & H1_HAS_CONTENT_LENGTH) && content_length >= 0 && status_has_body(status)) {
    PUT_LIT(h, len, "Content-Length: ");
    len += put_uint(h + len, (uint64_t)content_length);
    PUT_LIT(h, len, "\r\n");
  } else if (r->chunked && !user_chunked) {
    PUT_LIT(h, len, "Transfer-Encoding: chunked\r\n");
  }
  PUT_LIT(h, len, "\r\n");
  r->head = h;
  r->head_len = len;
  return 0;
}

/* The bytes that go before a body chunk: the pending head and, when
 * chunked, the chunk size line, in one malloc'd piece (NULL when none). */
static char *write_prefix(h1_req *r, size_t chunk_len, size_t *out_len) {
  char line[24];
  size_t line_len = chunk_len ? (size_t)snprintf(line, sizeof line, "%zx\r\n", chunk_len) : 0;
  size_t head_len = r->head ? r->head_len : 0;
  *out_len = head_len + line_len;
  if (*out_len == 0) return NULL;
  char *p;
  if (line_len == 0) {
    p = r->head;
  } else {
    p = realloc(r->head, *out_len);
    if (!p) return NULL;
    memcpy(p + head_len, line, line_len);
  }
  r->head = NULL;
  r->head_written = true;
  return p;
}

int h1_write(h1_req *r, const void *data, size_t len, h1_release_fn release, void *token,
             bool end) {
  static const char chunk_tail[] = "\r\n0\r\n\r\n";
  if (r->proto == PROTO_H2) return h2_write(r, data, len, release, token, end);
  h1_conn *c = r->conn;
  if (r->ended || r->released || c->closing) {
    if (release) release(token);
    return -1;
  }
  if (!r->head && !r->head_written)
    h1_write_head(r, 200, NULL, 0, "", 0, 0, end ? (int64_t)len : -1);
  bool send_body = len > 0 && !r->no_body;
  size_t prefix_len;
  char *prefix = write_prefix(r, send_body && r->chunked ? len : 0, &prefix_len);
  char *copy = NULL;
  if (send_body && !release) {
    copy = malloc(len);
    memcpy(copy, data, len);
    data = copy;
  }
  uv_buf_t bufs[3];
  int nb = 0;
  if (prefix) bufs[nb++] = uv_buf_init(prefix, (unsigned)prefix_len);
  if (send_body) {
    bufs[nb++] = uv_buf_init((char *)data, (unsigned)len);
    r->bytes_sent += len;
  }
  if (r->chunked) {
    if (send_body) bufs[nb++] = uv_buf_init((char *)chunk_tail, end ? 7 : 2);
    else if (end) bufs[nb++] = uv_buf_init((char *)chunk_tail + 2, 5);
  }
  if (!send_body && release) release(token);
  if (end) r->ended = true;
  int rc = 0;
  if (nb > 0) {
    rc = conn_write(c, r, bufs, nb, prefix, copy, send_body ? release : NULL, token);
  }
  if (rc != 0) return -1;
  if (end) {
    req_complete(r);
    return 1;
  }
  if (c->write_queued >= HIGH_WATER_MARK) {
    c->need_drain = true;
    return 0;
  }
  return 1;
}

int h1_write_continue(h1_req *r) {
  static const char msg[] = "HTTP/1.1 100 Continue\r\n\r\n";
  if (r->proto == PROTO_H2) return h2_write_continue(r);
  if (r->head_written || r->ended || r->released) return -1;
  uv_buf_t b = uv_buf_init((char *)msg, sizeof msg - 1);
  return conn_write(r->conn, r, &b, 1, NULL, NULL, NULL, NULL);
}
