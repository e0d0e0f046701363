/* metrics: the Prometheus text exposition of the cluster (see metrics.h).
 * Per-worker series carry a worker="ID" label; totals include workers that
 * are gone. */
#include "metrics.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "broadcast.h"
#include "dashboard.h"
#include "master.h"
#include "output.h"
#include "shed.h"

typedef struct text {
  char *buf;
  size_t len, cap;
} text;

static void put(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(text *t, const char *fmt, ...) {
  for (;;) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < t->cap - t->len) {
      t->len += (size_t)n;
      return;
    }
    t->cap = t->cap ? t->cap * 2 : 8192;
    t->buf = realloc(t->buf, t->cap);
  }
}

char *metrics_render(struct shoal_master *m) {
  text t = {0};
  put(&t, "%s", "");
  retired_totals tot = m->retired;
  put(&t, "# HELP shoal_requests_total Requests answered, by status class.\n");
  put(&t, "# TYPE shoal_requests_total counter\n");
  for (shoal_worker *w = m->workers; w; w = w->next) {
    for (int c = 0; c < REQUEST_STATUS_CLASSES; c++) {
      put(&t, "shoal_requests_total{worker=\"%d\",code=\"%dxx\"} %llu\n", w->id, c + 1,
          (unsigned long long)w->by_status[c]);
      tot.by_status[c] += w->by_status[c];
    }
    for (int b = 0; b < REQUEST_DURATION_BUCKETS; b++)
      tot.duration_buckets[b] += w->duration_buckets[b];
    tot.duration_sum += w->duration_sum;
    tot.requests += w->requests;
    tot.conns_sent += w->conns_sent;
  }
  for (int c = 0; c < REQUEST_STATUS_CLASSES; c++) {
    put(&t, "shoal_requests_total{worker=\"all\",code=\"%dxx\"} %llu\n", c + 1,
        (unsigned long long)tot.by_status[c]);
  }
  put(&t, "# HELP shoal_requests_in_flight Requests being answered.\n");
  put(&t, "# TYPE shoal_requests_in_flight gauge\n");
  for (shoal_worker *w = m->workers; w; w = w->next) {
    put(&t, "shoal_requests_in_flight{worker=\"%d\"} %llu\n", w->id,
        (unsigned long long)w->inflight);
  }
  put(&t,
      "# HELP shoal_request_duration_seconds Time from the request's first byte to the "
      "response's last.\n");
  put(&t, "# TYPE shoal_request_duration_seconds histogram\n");
  uint64_t count = 0;
  for (int b = 0; b < REQUEST_DURATION_BUCKETS; b++) {
    put(&t, "shoal_request_duration_seconds_bucket{le=\"%g\"} %llu\n", request_duration_bounds[b],
        (unsigned long long)tot.duration_buckets[b]);
  }
  for (int c = 0; c < REQUEST_STATUS_CLASSES; c++) count += tot.by_status[c];
  put(&t, "shoal_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n", (unsigned long long)count);
  put(&t, "shoal_request_duration_seconds_sum %.6f\n", tot.duration_sum);
  put(&t, "shoal_request_duration_seconds_count %llu\n", (unsigned long long)count);
  put(&t,
      "# HELP shoal_output_dropped_total Lines of output dropped: stdout or stderr did not "
      "keep up.\n");
  put(&t, "# TYPE shoal_output_dropped_total counter\n");
  put(&t, "shoal_output_dropped_total %llu\n", (unsigned long long)output_dropped());
  put(&t, "# HELP shoal_worker_restarts_total Workers replaced, by cause.\n");
  put(&t, "# TYPE shoal_worker_restarts_total counter\n");
  put(&t, "shoal_worker_restarts_total{cause=\"crash\"} %llu\n",
      (unsigned long long)m->restarts_crash);
  put(&t, "shoal_worker_restarts_total{cause=\"watchdog\"} %llu\n",
      (unsigned long long)m->restarts_watchdog);
  put(&t, "shoal_worker_restarts_total{cause=\"ready_timeout\"} %llu\n",
      (unsigned long long)m->restarts_ready_timeout);
  put(&t, "shoal_worker_restarts_total{cause=\"max_requests\"} %llu\n",
      (unsigned long long)m->restarts_max_requests);
  put(&t, "shoal_worker_restarts_total{cause=\"heap\"} %llu\n",
      (unsigned long long)m->restarts_heap);
  put(&t, "# HELP shoal_worker_heap_bytes V8 heap in use.\n# TYPE shoal_worker_heap_bytes gauge\n");
  for (shoal_worker *w = m->workers; w; w = w->next)
    put(&t, "shoal_worker_heap_bytes{worker=\"%d\"} %llu\n", w->id, (unsigned long long)w->heap);
  put(&t, "# HELP shoal_worker_rss_bytes Resident memory.\n# TYPE shoal_worker_rss_bytes gauge\n");
  for (shoal_worker *w = m->workers; w; w = w->next)
    put(&t, "shoal_worker_rss_bytes{worker=\"%d\"} %llu\n", w->id, (unsigned long long)w->rss);
  put(&t, "# HELP shoal_connections_handed_total Connections the master passed to workers.\n");
  put(&t, "# TYPE shoal_connections_handed_total counter\n");
  put(&t, "shoal_connections_handed_total %llu\n", (unsigned long long)tot.conns_sent);
  put(&t, "# HELP shoal_workers Workers by state.\n# TYPE shoal_workers gauge\n");
  put(&t, "shoal_workers{state=\"ready\"} %d\n", workers_ready(m));
  put(&t, "shoal_workers{state=\"all\"} %d\n", workers_count(m, true));
  char shed[1024];
  shed_metrics(m, shed, sizeof shed);
  put(&t, "%s", shed);
  broadcast_metrics(shed, sizeof shed);
  put(&t, "%s", shed);
  return t.buf;
}

/* --- GET /metrics over HTTP ---------------------------------------------------------- */

/* A scraper has this long to send its request and take the answer, and
 * at most this many connections are open: the master's descriptors are for
 * listeners, workers and the control socket first. Event streams (GET
 * /events) count among them, and at most EVENTS_MAX_CONNS of them are open
 * so that a scrape always finds room; a stream whose reader does not keep up
 * (EVENTS_MAX_QUEUED bytes unsent) is closed. */
#define SCRAPE_TIMEOUT_MS 5000
#define SCRAPE_MAX_CONNS 32
#define EVENTS_MAX_CONNS 16
#define EVENTS_INTERVAL_MS 1000
#define EVENTS_MAX_QUEUED (256 * 1024)

static int scrapes_open, streams_open;

typedef struct scrape {
  uv_tcp_t tcp;
  uv_timer_t timer; /* the scrape's deadline; a stream's next event */
  int open_handles; /* freed when both are closed */
  shoal_master *m;
  char req[4096];
  size_t len;
  uv_write_t w;
  char *resp;
  bool stream;                    /* GET /events */
  struct scrape *prev_s, *next_s; /* the open streams (closed with the listener) */
} scrape;

static scrape *streams;

static void scrape_closed(uv_handle_t *h) {
  scrape *s = h->data;
  if (--s->open_handles > 0) return;
  scrapes_open--;
  free(s->resp);
  free(s);
}

static void scrape_end(scrape *s) {
  if (uv_is_closing((uv_handle_t *)&s->tcp)) return;
  if (s->stream) {
    streams_open--;
    if (s->prev_s) s->prev_s->next_s = s->next_s;
    else streams = s->next_s;
    if (s->next_s) s->next_s->prev_s = s->prev_s;
  }
  uv_close((uv_handle_t *)&s->tcp, scrape_closed);
  uv_close((uv_handle_t *)&s->timer, scrape_closed);
}

static void scrape_timeout(uv_timer_t *t) {
  scrape_end(t->data);
}

static void scrape_written(uv_write_t *w, int status) {
  (void)status;
  scrape_end(w->data);
}

static void scrape_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
  scrape *s = h->data;
  (void)suggested;
  *buf = uv_buf_init(s->req + s->len, (unsigned)(sizeof s->req - 1 - s->len));
}

/* --- GET /events: the status as server-sent events ------------------------------------ */

typedef struct event_write {
  uv_write_t w;
  char text[];
} event_write;

static void event_written(uv_write_t *w, int status) {
  scrape *s = w->data;
  free(w);
  if (status < 0) scrape_end(s);
}

/* Writes text (length n) to the stream; a reader that lets too much queue
 * up, or a failed write, ends it. */
static void stream_write(scrape *s, const char *text, size_t n) {
  if (uv_is_closing((uv_handle_t *)&s->tcp)) return;
  if (uv_stream_get_write_queue_size((uv_stream_t *)&s->tcp) > EVENTS_MAX_QUEUED) {
    scrape_end(s);
    return;
  }
  event_write *ew = malloc(sizeof *ew + n);
  memcpy(ew->text, text, n);
  ew->w.data = s;
  uv_buf_t b = uv_buf_init(ew->text, (unsigned)n);
  if (uv_write(&ew->w, (uv_stream_t *)&s->tcp, &b, 1, event_written) != 0) {
    free(ew);
    scrape_end(s);
  }
}

/* One "status" event: the JSON of /status.json on one data line. */
static void stream_tick(uv_timer_t *t) {
  scrape *s = t->data;
  const char *type;
  char *body = dashboard_render(s->m, "/status.json", &type);
  size_t n = strlen(body) + 32;
  char *ev = malloc(n);
  int len = snprintf(ev, n, "event: status\ndata: %s\n\n", body);
  stream_write(s, ev, (size_t)len);
  free(ev);
  free(body);
}

/* The reader sends nothing more; its EOF or error ends the stream. */
static void stream_read(uv_stream_t *st, ssize_t n, const uv_buf_t *buf) {
  scrape *s = st->data;
  (void)buf;
  s->len = 0;
  if (n < 0) scrape_end(s);
}

static void stream_start(scrape *s) {
  static const char head[] =
      "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
      "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n"
      "Connection: close\r\n\r\nretry: 1000\n\n";
  s->stream = true;
  streams_open++;
  s->next_s = streams;
  if (streams) streams->prev_s = s;
  streams = s;
  uv_timer_stop(&s->timer);
  s->len = 0;
  uv_read_start((uv_stream_t *)&s->tcp, scrape_alloc, stream_read);
  stream_write(s, head, sizeof head - 1);
  stream_tick(&s->timer);
  uv_timer_start(&s->timer, stream_tick, EVENTS_INTERVAL_MS, EVENTS_INTERVAL_MS);
}

/* One request per connection: answer once the request head is complete. */
static void scrape_read(uv_stream_t *st, ssize_t n, const uv_buf_t *buf) {
  scrape *s = st->data;
  (void)buf;
  if (n < 0 || (n == 0 && s->len >= sizeof s->req - 1)) {
    scrape_end(s);
    return;
  }
  s->len += (size_t)n;
  s->req[s->len] = 0;
  if (!strstr(s->req, "\r\n\r\n") && s->len < sizeof s->req - 1) return;
  uv_read_stop(st);
  const char *type = "text/plain; version=0.0.4";
  char *body = NULL;
  char path[64];
  bool parsed = sscanf(s->req, "GET %63[^? \r\n]", path) == 1;
  bool events = parsed && strcmp(path, "/events") == 0;
  if (events && streams_open < EVENTS_MAX_CONNS) {
    stream_start(s);
    return;
  }
  if (parsed && !events)
    body =
        strcmp(path, "/metrics") == 0 ? metrics_render(s->m) : dashboard_render(s->m, path, &type);
  bool ok = body != NULL;
  if (!ok) body = strdup(events ? "too many event streams\n" : "not found\n");
  size_t blen = strlen(body);
  s->resp = malloc(blen + 512);
  /* The dashboard's script may only ask this origin (no external asset). */
  int hl = snprintf(s->resp, 512,
                    "HTTP/1.1 %s\r\nContent-Type: %s\r\nCache-Control: no-store\r\n"
                    "Content-Security-Policy: default-src 'none'; script-src 'unsafe-inline'; "
                    "style-src 'unsafe-inline'; connect-src 'self'\r\n"
                    "X-Content-Type-Options: nosniff\r\n"
                    "Content-Length: %zu\r\nConnection: close\r\n\r\n",
                    ok       ? "200 OK"
                    : events ? "503 Service Unavailable"
                             : "404 Not Found",
                    ok ? type : "text/plain", blen);
  memcpy(s->resp + hl, body, blen);
  free(body);
  uv_buf_t b = uv_buf_init(s->resp, (unsigned)(hl + (int)blen));
  s->w.data = s;
  if (uv_write(&s->w, st, &b, 1, scrape_written) != 0) scrape_end(s);
}

static void on_scrape(uv_stream_t *server, int status) {
  shoal_master *m = server->data;
  if (status < 0) return;
  scrape *s = calloc(1, sizeof *s);
  s->m = m;
  s->open_handles = 2;
  scrapes_open++;
  uv_tcp_init(m->loop, &s->tcp);
  uv_timer_init(m->loop, &s->timer);
  s->tcp.data = s->timer.data = s;
  /* Over the cap the connection is still accepted (and closed at once):
   * left in the backlog it would be retried forever. */
  if (uv_accept(server, (uv_stream_t *)&s->tcp) != 0 || scrapes_open > SCRAPE_MAX_CONNS) {
    scrape_end(s);
    return;
  }
  uv_timer_start(&s->timer, scrape_timeout, SCRAPE_TIMEOUT_MS, 0);
  uv_read_start((uv_stream_t *)&s->tcp, scrape_alloc, scrape_read);
}

int metrics_listen(shoal_master *m) {
  char host[256];
  const char *spec = m->cfg.metrics_listen;
  const char *colon = strrchr(spec, ':');
  size_t hl = (size_t)(colon - spec);
  if (hl >= sizeof host) return -1;
  memcpy(host, spec, hl);
  host[hl] = 0;
  char *h = host;
  if (h[0] == '[' && hl > 1 && h[hl - 1] == ']') {
    h[hl - 1] = 0;
    h++;
  }
  int port = atoi(colon + 1);
  struct sockaddr_storage ss;
  int err = uv_ip4_addr(h, port, (struct sockaddr_in *)&ss);
  if (err) err = uv_ip6_addr(h, port, (struct sockaddr_in6 *)&ss);
  uv_tcp_init(m->loop, &m->metrics_server);
  m->metrics_server.data = m;
  if (err == 0) err = uv_tcp_bind(&m->metrics_server, (struct sockaddr *)&ss, 0);
  if (err == 0) err = uv_listen((uv_stream_t *)&m->metrics_server, 64, on_scrape);
  if (err) {
    fprintf(stderr, "shoal: cannot serve metrics on %s: %s\n", spec, uv_strerror(err));
    uv_close((uv_handle_t *)&m->metrics_server, NULL);
    return -1;
  }
  m->metrics_open = true;
  return 0;
}

void metrics_close(shoal_master *m) {
  if (!m->metrics_open) return;
  m->metrics_open = false;
  while (streams) scrape_end(streams);
  uv_close((uv_handle_t *)&m->metrics_server, NULL);
}
