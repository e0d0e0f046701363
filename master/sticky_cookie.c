/* sticky_cookie: peeking at a connection's Cookie header (see sticky_cookie.h). */
#include "sticky_cookie.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "conn_watch.h"
#include "proxy_accept.h"

#define PEEKS_MAX 4096 /* connections peeked at once; more go by balance at once */
#define RETRY_MS 5     /* a partial head: look again this soon (a peek does not drain) */

typedef struct peek {
  conn_watch w; /* first: the handles' data; its timer is the deadline, then the retry */
  sticky_cookie_cb done;
  uint64_t deadline_ms;
  char buf[STICKY_PEEK_MAX];
} peek;

static size_t npeeks;

/* The value of cookie NAME in one Cookie header's value, as a worker id. */
static int id_in_cookie_line(const char *p, const char *end) {
  const size_t nlen = strlen(STICKY_COOKIE_NAME);
  while (p < end) {
    while (p < end && (*p == ' ' || *p == '\t' || *p == ';')) p++;
    const char *pair = p;
    while (p < end && *p != ';') p++;
    if ((size_t)(p - pair) > nlen && memcmp(pair, STICKY_COOKIE_NAME, nlen) == 0 &&
        pair[nlen] == '=') {
      int id = 0;
      for (const char *d = pair + nlen + 1; d < p && *d >= '0' && *d <= '9' && id < 100000000; d++)
        id = id * 10 + (*d - '0');
      return id;
    }
  }
  return 0;
}

int sticky_cookie_parse(const char *buf, size_t len, bool *complete) {
  *complete = false;
  const char *p = buf, *end = buf + len;
  const char *eol = memchr(p, '\n', len);
  if (!eol) return 0; /* not even the request line yet */
  p = eol + 1;
  int id = 0;
  while (p < end) {
    eol = memchr(p, '\n', (size_t)(end - p));
    if (!eol) return id; /* the head goes on beyond what arrived */
    const char *line_end = eol > p && eol[-1] == '\r' ? eol - 1 : eol;
    if (line_end == p) {
      *complete = true;
      return id;
    }
    if (line_end - p > 7 && strncasecmp(p, "cookie:", 7) == 0 && !id)
      id = id_in_cookie_line(p + 7, line_end);
    p = eol + 1;
  }
  return id;
}

static void finish(peek *k, int id) {
  npeeks--;
  conn_watch_close(&k->w); /* k is freed once its handles closed: after this callback */
  if (id < 0) proxy_conn_free(k->w.conn);
  else k->done(k->w.m, k->w.conn, k->w.l, id);
}

static void on_readable(uv_poll_t *h, int status, int events);

static void on_retry(uv_timer_t *t) {
  peek *k = t->data;
  uv_poll_start(&k->w.poll, UV_READABLE | UV_DISCONNECT, on_readable);
}

static void on_readable(uv_poll_t *h, int status, int events) {
  (void)events;
  peek *k = h->data;
  if (status < 0) return finish(k, -1);
  ssize_t n = recv(k->w.fd, k->buf, sizeof k->buf, MSG_PEEK);
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
  if (n <= 0) return finish(k, -1); /* gone before it asked anything */
  bool complete;
  int id = sticky_cookie_parse(k->buf, (size_t)n, &complete);
  if (id || complete || (size_t)n == sizeof k->buf || master_now(k->w.m) >= k->deadline_ms)
    return finish(k, id);
  /* A partial head stays readable: look again shortly instead of spinning. */
  uv_poll_stop(&k->w.poll);
  uv_timer_start(&k->w.timer, on_retry, RETRY_MS, 0);
}

/* Nothing (or not the whole head) in time: balance decides. */
static void on_deadline(uv_timer_t *t) {
  finish(t->data, 0);
}

void sticky_cookie_start(shoal_master *m, uv_tcp_t *conn, shoal_listener *l,
                         sticky_cookie_cb done) {
  peek *k = npeeks < PEEKS_MAX ? calloc(1, sizeof *k) : NULL;
  /* the timer is the deadline while nothing arrives */
  if (!k || conn_watch_start(&k->w, m, conn, l, on_readable, on_deadline, STICKY_PEEK_MS) != 0) {
    free(k);
    done(m, conn, l, 0);
    return;
  }
  k->done = done;
  k->deadline_ms = master_now(m) + STICKY_PEEK_MS;
  npeeks++;
}
