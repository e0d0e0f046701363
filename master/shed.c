/* shed: queueing connections in the master while every worker is
 * saturated, and answering 503 past limits.queue_ms. See shed.h. */
#include "shed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "busy_page.h"
#include "proxy_accept.h"

#define PUMP_MS 2
#define LINGER_MS 1000 /* after a 503: read what the client still sends, then close */

typedef struct queued {
  uv_tcp_t *conn;
  int listener;
  uint64_t since_ns;
} queued;

static struct {
  queued items[SHED_QUEUE_MAX]; /* a ring */
  size_t head, len;
  uv_timer_t pump;
  bool pump_ready;
  uint64_t shed_total, overflow_total, dispatched_total;
  double wait_sum; /* seconds waited by connections that left the queue */
} Q;

bool shed_enabled(shoal_master *m) {
  return m->cfg.limits.queue_ms > 0 && m->cfg.balance != BALANCE_KERNEL;
}

static bool saturated(shoal_worker *w) {
  if (!w->busy) return false;
  return atomic_load(&w->busy->js_since_ns) != 0 || atomic_load(&w->busy->debugger) ||
         w->conns_sent > atomic_load(&w->busy->conns_taken);
}

/* The ready, unsaturated worker serving l with the fewest connections
 * sent (a tie-break: they all look idle). */
static shoal_worker *free_worker(shoal_master *m, shoal_listener *l, bool *any_ready) {
  shoal_worker *best = NULL;
  *any_ready = false;
  for (shoal_worker *w = m->workers; w; w = w->next) {
    if (w->state != WORKER_READY || !listeners_worker_serves(w, l)) continue;
    *any_ready = true;
    if (saturated(w)) continue;
    if (!best || w->conns_sent < best->conns_sent) best = w;
  }
  return best;
}

/* --- answering 503 --------------------------------------------------------- */

static const char response_503[] =
    "HTTP/1.1 503 Service Unavailable\r\n"
    "Retry-After: 1\r\n"
    "Content-Type: text/plain\r\n"
    "Content-Length: 20\r\n"
    "Connection: close\r\n"
    "\r\n"
    "server overloaded.\r\n";

typedef struct lingering {
  uv_write_t write;
  uv_shutdown_t shutdown;
  uv_timer_t timer;
  uv_tcp_t *conn;
} lingering;

static void free_linger_timer(uv_handle_t *h) {
  free(h->data);
}

static void end_linger(lingering *g) {
  if (!g->conn) return;
  g->conn->data = NULL;
  proxy_conn_free(g->conn);
  g->conn = NULL;
  uv_close((uv_handle_t *)&g->timer, free_linger_timer);
}

static void on_linger_alloc(uv_handle_t *h, size_t size, uv_buf_t *buf) {
  (void)h;
  (void)size;
  static char sink[4096];
  *buf = uv_buf_init(sink, sizeof sink);
}

/* The client's request is read and dropped: closing with unread bytes
 * would reset the connection and could lose the 503 on its way. */
static void on_linger_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf) {
  (void)buf;
  if (n < 0) end_linger(s->data);
}

static void on_linger_timeout(uv_timer_t *t) {
  end_linger(t->data);
}

static void on_503_shutdown(uv_shutdown_t *req, int status) {
  (void)req;
  (void)status;
}

static void on_503_written(uv_write_t *req, int status) {
  lingering *g = req->data;
  if (status == UV_ECANCELED) return; /* closed already */
  if (status < 0 || uv_shutdown(&g->shutdown, (uv_stream_t *)g->conn, on_503_shutdown) != 0)
    end_linger(g);
}

static void answer_503(shoal_master *m, uv_tcp_t *conn) {
  lingering *g = calloc(1, sizeof *g);
  json_decref(conn->data); /* a PROXY client address: not needed any more */
  conn->data = g;
  g->conn = conn;
  g->write.data = g;
  uv_timer_init(m->loop, &g->timer);
  g->timer.data = g;
  uv_timer_start(&g->timer, on_linger_timeout, LINGER_MS, 0);
  uv_buf_t b = uv_buf_init((char *)response_503, sizeof response_503 - 1);
  if (uv_write(&g->write, (uv_stream_t *)conn, &b, 1, on_503_written) != 0 ||
      uv_read_start((uv_stream_t *)conn, on_linger_alloc, on_linger_read) != 0) {
    conn->data = NULL;
    end_linger(g);
  }
}

/* Past queue_ms: the master answers (cleartext) or closes (TLS). */
static void shed(shoal_master *m, uv_tcp_t *conn, shoal_listener *l) {
  Q.shed_total++;
  shoal_listen *cl = listeners_config_of(m, l);
  if (cl && cl->ntls > 0) proxy_conn_free(conn);
  else answer_503(m, conn);
}

/* --- the queue -------------------------------------------------------------- */

static void pump(uv_timer_t *t);

static void leave_queue(uint64_t now_ns) {
  Q.wait_sum += (double)(now_ns - Q.items[Q.head].since_ns) / 1e9;
  Q.head = (Q.head + 1) % SHED_QUEUE_MAX;
  Q.len--;
}

/* Sends the queue's head while a worker is free; sheds what waited too long. */
static void pump(uv_timer_t *t) {
  shoal_master *m = t->data;
  uint64_t now = uv_hrtime(), limit = m->cfg.limits.queue_ms * 1000000u;
  while (Q.len) {
    queued *q = &Q.items[Q.head];
    shoal_listener *l = m->listeners[q->listener];
    bool any_ready;
    shoal_worker *w = l->closed ? NULL : free_worker(m, l, &any_ready);
    uv_tcp_t *conn = q->conn;
    if (w) {
      leave_queue(now);
      Q.dispatched_total++;
      worker_send_conn(w, conn, l);
    } else if (l->closed || now - q->since_ns > limit) {
      leave_queue(now);
      shed(m, conn, l);
    } else {
      break; /* first come, first served: the head waits for a worker */
    }
  }
  if (!Q.len) uv_timer_stop(&Q.pump);
}

bool shed_dispatch(shoal_master *m, uv_tcp_t *conn, shoal_listener *l) {
  bool any_ready;
  shoal_worker *w = free_worker(m, l, &any_ready);
  if (!any_ready) return false;
  if (w && Q.len == 0) {
    worker_send_conn(w, conn, l);
    return true;
  }
  if (Q.len == SHED_QUEUE_MAX) {
    Q.overflow_total++;
    shed(m, conn, l);
    return true;
  }
  Q.items[(Q.head + Q.len++) % SHED_QUEUE_MAX] =
      (queued){.conn = conn, .listener = l->index, .since_ns = uv_hrtime()};
  if (!Q.pump_ready) {
    uv_timer_init(m->loop, &Q.pump);
    uv_unref((uv_handle_t *)&Q.pump);
    Q.pump_ready = true;
  }
  Q.pump.data = m;
  if (!uv_is_active((uv_handle_t *)&Q.pump)) uv_timer_start(&Q.pump, pump, PUMP_MS, PUMP_MS);
  return true;
}

void shed_close(shoal_master *m) {
  (void)m;
  while (Q.len) {
    proxy_conn_free(Q.items[Q.head].conn);
    Q.head = (Q.head + 1) % SHED_QUEUE_MAX;
    Q.len--;
  }
  if (Q.pump_ready) {
    uv_timer_stop(&Q.pump);
    uv_close((uv_handle_t *)&Q.pump, NULL);
    Q.pump_ready = false;
  }
}

json_t *shed_status(shoal_master *m) {
  unsigned long long waited = Q.dispatched_total + Q.shed_total - Q.overflow_total;
  return json_pack("{s:b, s:I, s:I, s:f, s:I}", "enabled", shed_enabled(m), "length",
                   (json_int_t)Q.len, "waited", (json_int_t)waited, "wait_avg_ms",
                   waited ? Q.wait_sum * 1000 / (double)waited : 0.0, "shed",
                   (json_int_t)Q.shed_total);
}

void shed_metrics(shoal_master *m, char *buf, size_t cap) {
  (void)m;
  snprintf(buf, cap,
           "# HELP shoal_queue_length Connections waiting in the master for a free worker.\n"
           "# TYPE shoal_queue_length gauge\n"
           "shoal_queue_length %zu\n"
           "# HELP shoal_queue_wait_seconds Time connections waited in the master's queue.\n"
           "# TYPE shoal_queue_wait_seconds summary\n"
           "shoal_queue_wait_seconds_sum %.6f\n"
           "shoal_queue_wait_seconds_count %llu\n"
           "# HELP shoal_shed_total Connections the master answered 503 (or closed, TLS) after "
           "limits.queue_ms.\n"
           "# TYPE shoal_shed_total counter\n"
           "shoal_shed_total %llu\n",
           Q.len, Q.wait_sum,
           (unsigned long long)(Q.dispatched_total + Q.shed_total - Q.overflow_total),
           (unsigned long long)Q.shed_total);
}
