/* proxy_accept: reading a connection's PROXY protocol header in the master.
 * See proxy_accept.h. */
#include "proxy_accept.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "conn_watch.h"
#include "proxy_protocol.h"

#define PENDING_MAX 4096 /* headers awaited at once; more connections are closed */
#define LOG_EVERY_MS 1000

typedef struct pending {
  conn_watch w; /* first: the handles' data */
  proxy_done_cb done;
  size_t len; /* header bytes consumed so far */
  unsigned char buf[PROXY_V2_MAX];
} pending;

static size_t npending;
static uint64_t last_log_ms, suppressed;

size_t proxy_accept_pending(void) {
  return npending;
}

static void free_conn(uv_handle_t *h) {
  json_decref(h->data);
  free(h);
}

void proxy_conn_free(uv_tcp_t *conn) {
  uv_close((uv_handle_t *)conn, free_conn);
}

/* One line a second at most: a flood of bad headers must not flood the log. */
static void log_bad(pending *p, const char *why) {
  uint64_t now = master_now(p->w.m);
  if (last_log_ms && now - last_log_ms < LOG_EVERY_MS) {
    suppressed++;
    return;
  }
  char more[64] = "";
  if (suppressed) snprintf(more, sizeof more, " (and %llu more)", (unsigned long long)suppressed);
  master_log(p->w.m, "listener %s:%d: connection closed: %s%s", p->w.l->host, p->w.l->bound_port,
             why, more);
  last_log_ms = now;
  suppressed = 0;
}

/* Ends the wait: conn goes to done (remote set) or is closed. */
static void finish(pending *p, bool ok, json_t *remote) {
  npending--;
  conn_watch_close(&p->w); /* p is freed once its handles closed: after this callback */
  if (!ok) {
    proxy_conn_free(p->w.conn);
    return;
  }
  p->w.conn->data = remote;
  p->done(p->w.m, p->w.conn, p->w.l);
}

static json_t *remote_json(const proxy_addr *a) {
  if (!a->family) return NULL;
  return json_pack("{s:s, s:i, s:s}", "address", a->src, "port", a->src_port, "family",
                   a->family == 4 ? "IPv4" : "IPv6");
}

static void on_readable(uv_poll_t *h, int status, int events) {
  (void)events;
  pending *p = h->data;
  if (status < 0) return finish(p, false, NULL);
  /* Peek: the bytes after the header are the request, the worker's. */
  ssize_t n = recv(p->w.fd, p->buf + p->len, sizeof p->buf - p->len, MSG_PEEK);
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
  if (n <= 0) return finish(p, false, NULL); /* gone before its header: nothing to log */
  proxy_addr a;
  const char *why;
  int r = proxy_parse(p->buf, p->len + (size_t)n, &a, &why);
  if (r < 0) {
    log_bad(p, why);
    return finish(p, false, NULL);
  }
  /* Complete: take the rest of the header. Incomplete: all of it is header. */
  size_t take = r > 0 ? (size_t)r - p->len : (size_t)n;
  if (recv(p->w.fd, p->buf + p->len, take, 0) != (ssize_t)take) return finish(p, false, NULL);
  p->len += take;
  if (r > 0) finish(p, true, remote_json(&a));
}

static void on_timeout(uv_timer_t *t) {
  pending *p = t->data;
  log_bad(p, "no complete PROXY protocol header in time");
  finish(p, false, NULL);
}

void proxy_accept_start(shoal_master *m, uv_tcp_t *conn, shoal_listener *l, proxy_done_cb done) {
  pending *p = npending < PENDING_MAX ? calloc(1, sizeof *p) : NULL;
  if (!p || conn_watch_start(&p->w, m, conn, l, on_readable, on_timeout,
                             m->cfg.limits.header_timeout_ms) != 0) {
    free(p);
    proxy_conn_free(conn);
    return;
  }
  p->done = done;
  npending++;
}
