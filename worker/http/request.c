/* request: the protocol-neutral request (see request.h). */
#include "request.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "forwarded.h"

static char *health_path; /* answered here, without JavaScript */
static bool health_down;  /* `shoal ctl drain`: 503 while still serving */
static _Thread_local const http_request_hooks *hooks; /* accounting (http_set_request_hooks) */

void http_set_request_hooks(const http_request_hooks *h) {
  hooks = h;
}

void http_req_handler_enter(http_req *r) {
  if (hooks && hooks->handler_enter) hooks->handler_enter(r);
}

void http_req_handler_leave(http_req *r) {
  if (hooks && hooks->handler_leave) hooks->handler_leave(r);
}

/* The accounting's end of a request the user had. */
static void report_end(http_req *r, bool finished) {
  if (!hooks || !hooks->end) return;
  http_req_summary sum = {r->status, finished, r->body_bytes, r->bytes_sent,
                          uv_hrtime() - r->start_ns};
  hooks->end(r, &sum);
}

/* --- lifecycle ------------------------------------------------------------ */

void http_req_init(http_req *r, const http_req_ops *ops, http_conn *c) {
  r->ops = ops;
  r->conn = c;
  r->start_ns = uv_hrtime();
}

void http_req_dispose(http_req *r) {
  free(r->buf);
  free(r->fields);
  free(r->trailers);
}

void http_req_maybe_free(http_req *r) {
  if (r->released && r->writes_pending == 0) r->ops->free(r);
}

void http_req_release(http_req *r) {
  if (r->released) return;
  http_server *s = r->conn->server;
  bool finished =
      r->delivered && r->ended && !r->finish_sent && !r->write_failed && r->writes_pending == 0;
  if (r->delivered) report_end(r, finished);
  if (finished) {
    r->finish_sent = true;
    if (!r->finish_claimed && s->cb.on_finish) s->cb.on_finish(r);
  } else if (r->delivered && r->ended && !r->finish_sent && !r->finish_claimed &&
             s->cb.on_aborted) {
    /* Ended, but the connection went before its bytes did (a client that
     * left or took nothing): the user hears it as a client leaving, as
     * Node's res 'close' without 'finish'. */
    s->cb.on_aborted(r);
  }
  if (r->delivered && s->cb.on_request_done) s->cb.on_request_done(r);
  r->released = true;
  http_req_maybe_free(r);
}

bool http_req_claim_finish(http_req *r) {
  bool body_known = r->body_done || !(r->flags & HTTP_HAS_BODY) || r->body_with_head;
  if (!r->delivered || !r->ended || r->released || r->finish_sent || r->write_failed ||
      !body_known || !r->ops->flushed || !r->ops->flushed(r))
    return false;
  r->finish_claimed = true;
  return true;
}

void http_req_abort(http_req *r) {
  http_server *s = r->conn->server;
  if (r->delivered && !r->released && !r->ended && s->cb.on_aborted) s->cb.on_aborted(r);
}

void http_req_written(http_req *r, int status) {
  http_conn *c = r->conn;
  r->writes_pending--;
  if (status != 0) r->write_failed = true;
  if (c->need_drain && c->write_queued < HTTP_HIGH_WATER_MARK && !r->released && !r->ended &&
      r->delivered) {
    c->need_drain = false;
    /* The handler may end the response from 'drain', which would free r
     * if nothing held it: count the callback as one more pending write. */
    r->writes_pending++;
    if (c->server->cb.on_drain) c->server->cb.on_drain(r);
    r->writes_pending--;
  }
  if (r->release_when_written && r->writes_pending == 0) http_req_release(r);
  else http_req_maybe_free(r);
}

/* --- the head ----------------------------------------------------------------- */

void *http_zalloc(size_t n) {
  void *p = malloc(n);
  /* (explicit_bzero: GCC turns malloc + memset back into calloc) */
  if (p) explicit_bzero(p, n);
  return p;
}

int http_grow(char **buf, size_t *cap, size_t need) {
  if (need <= *cap) return 0;
  size_t n = *cap ? *cap : 256;
  while (n < need) n *= 2;
  char *p = realloc(*buf, n);
  if (!p) return -1;
  *buf = p;
  *cap = n;
  return 0;
}

int http_req_add_field(http_req *r, const char *name, size_t nlen, const char *value, size_t vlen) {
  if (r->nfields == r->fields_cap) {
    size_t n = r->fields_cap ? r->fields_cap * 2 : 16;
    http_field *f = realloc(r->fields, n * sizeof *f);
    if (!f) return -1;
    r->fields = f;
    r->fields_cap = n;
  }
  if (http_grow(&r->buf, &r->buf_cap, r->buf_len + nlen + vlen) != 0) return -1;
  http_field *f = &r->fields[r->nfields++];
  f->name_off = r->buf_len;
  f->name_len = nlen;
  memcpy(r->buf + r->buf_len, name, nlen);
  r->buf_len += nlen;
  f->value_off = r->buf_len;
  f->value_len = vlen;
  memcpy(r->buf + r->buf_len, value, vlen);
  r->buf_len += vlen;
  return 0;
}

/* --- the health path -------------------------------------------------------- */

/* A write of static bytes: nothing to release (and no copy to make). */
static void static_bytes(void *token) {
  (void)token;
}

/* The health path (load balancers, Kubernetes probes): 200 while serving,
 * 503 while draining, on every protocol. Returns true when r was that
 * request. */
static bool answer_health(http_req *r) {
  if (!health_path || !r->buf) return false;
  /* The URL lies in r->buf at url_off, without a terminating NUL. */
  const char *url = r->buf + r->url_off;
  const char *q = memchr(url, '?', r->url_len);
  size_t n = q ? (size_t)(q - url) : r->url_len;
  if (n == 0 || strlen(health_path) != n || memcmp(url, health_path, n) != 0) return false;
  bool draining = r->conn->server->closing || health_down;
  const char *body = draining ? "draining\n" : "ok\n";
  static const char head[] = "Content-Type: text/plain\r\nCache-Control: no-store\r\n";
  http_write_head(r, draining ? 503 : 200, NULL, 0, head, sizeof head - 1, 0,
                  (int64_t)strlen(body));
  http_write(r, body, strlen(body), static_bytes, NULL, true);
  return true;
}

void http_set_health_path(const char *path) {
  free(health_path);
  health_path = path ? strdup(path) : NULL;
}

void http_set_health_down(bool down) {
  health_down = down;
}

bool http_req_deliver(http_req *r) {
  http_forwarded_apply(r);
  if (answer_health(r)) return false;
  r->delivered = true;
  if (hooks && hooks->begin) hooks->begin(r);
  http_server *s = r->conn->server;
  if (s->cb.on_request) s->cb.on_request(r);
  return true;
}

/* --- responses ------------------------------------------------------------- */

bool http_status_has_body(int status) {
  return !(status == 204 || status == 304 || (status >= 100 && status < 200));
}

bool http_req_no_body(http_req *r, int status, unsigned flags) {
  return (flags & HTTP_NO_BODY) || !http_status_has_body(status) || strcmp(r->method, "HEAD") == 0;
}

const char *http_date(void) {
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

const char *http_status_reason(int status) {
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

int http_write_head(http_req *r, int status, const char *reason, size_t reason_len,
                    const char *headers, size_t headers_len, unsigned flags,
                    int64_t content_length) {
  return r->ops->write_head(r, status, reason, reason_len, headers, headers_len, flags,
                            content_length);
}

int http_write(http_req *r, const void *data, size_t len, http_release_fn release, void *token,
               bool end) {
  return r->ops->write(r, data, len, release, token, end);
}

int http_write_file(http_req *r, int fd, uint64_t offset, uint64_t length, http_file_done_fn done,
                    void *token) {
  return r->ops->write_file ? r->ops->write_file(r, fd, offset, length, done, token) : -1;
}

int http_set_trailers(http_req *r, const char *lines, size_t len) {
  if (r->ended) return -1;
  char *copy = len ? malloc(len) : NULL;
  if (len && !copy) return -1;
  if (len) memcpy(copy, lines, len);
  free(r->trailers);
  r->trailers = copy;
  r->trailers_len = len;
  return 0;
}

int http_write_continue(http_req *r) {
  return r->ops->write_continue(r);
}

void http_req_want_body(http_req *r) {
  r->body_wanted = true;
}

void http_req_destroy(http_req *r) {
  if (!r->released) r->ops->destroy(r);
}

int http_req_take_over(http_req *r) {
  return r->ops->take_over ? r->ops->take_over(r) : -1;
}

/* --- accessors ---------------------------------------------------------------- */

void *http_req_data(http_req *r) {
  return r->data;
}

void http_req_set_data(http_req *r, void *data) {
  r->data = data;
}

http_conn *http_req_conn(http_req *r) {
  return r->conn;
}

const char *http_req_method(http_req *r) {
  return r->method;
}

const char *http_req_url(http_req *r, size_t *len) {
  *len = r->url_len;
  return r->buf ? r->buf + r->url_off : "";
}

size_t http_req_header_count(http_req *r) {
  return r->nfields;
}

void http_req_header(http_req *r, size_t i, const char **name, size_t *nlen, const char **value,
                     size_t *vlen) {
  http_field *f = &r->fields[i];
  *name = r->buf + f->name_off;
  *nlen = f->name_len;
  *value = f->value_len ? r->buf + f->value_off : "";
  *vlen = f->value_len;
}

void http_req_version(http_req *r, int *major, int *minor) {
  *major = r->major;
  *minor = r->minor;
}

const char *http_req_body_with_head(http_req *r, size_t *len) {
  *len = r->body_with_head_len;
  return r->body_with_head;
}

unsigned http_req_flags(http_req *r) {
  return r->flags;
}

int http_req_status(http_req *r) {
  return r->status;
}

uint64_t http_req_bytes_sent(http_req *r) {
  return r->bytes_sent;
}

uint64_t http_req_start_ns(http_req *r) {
  return r->start_ns;
}

const char *http_req_header_value(http_req *r, const char *name, size_t *len) {
  size_t nl = strlen(name);
  for (size_t i = 0; i < r->nfields; i++) {
    http_field *f = &r->fields[i];
    if (f->name_len == nl && strncasecmp(r->buf + f->name_off, name, nl) == 0) {
      *len = f->value_len;
      return r->buf + f->value_off;
    }
  }
  return NULL;
}
