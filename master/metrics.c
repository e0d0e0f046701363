/* metrics: the Prometheus text exposition of the cluster (see metrics.h).
 * Per-worker series carry a worker="ID" label; totals include workers that
 * are gone. */
#include "master/metrics.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "master/master.h"

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

static const double bucket_bounds[DURATION_BUCKETS] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                       0.5,   1,    2.5,   5,    10};

char *metrics_render(struct shoal_master *m) {
  text t = {0};
  put(&t, "%s", "");
  retired_totals tot = m->retired;
  put(&t, "# HELP shoal_requests_total Requests answered, by status class.\n");
  put(&t, "# TYPE shoal_requests_total counter\n");
  for (shoal_worker *w = m->workers; w; w = w->next) {
    for (int c = 0; c < STATUS_CLASSES; c++) {
      put(&t, "shoal_requests_total{worker=\"%d\",code=\"%dxx\"} %llu\n", w->id, c + 1,
          (unsigned long long)w->by_status[c]);
      tot.by_status[c] += w->by_status[c];
    }
    for (int b = 0; b < DURATION_BUCKETS; b++) tot.duration_buckets[b] += w->duration_buckets[b];
    tot.duration_sum += w->duration_sum;
    tot.requests += w->requests;
    tot.conns_sent += w->conns_sent;
  }
  for (int c = 0; c < STATUS_CLASSES; c++) {
    put(&t, "shoal_requests_total{worker=\"all\",code=\"%dxx\"} %llu\n", c + 1,
        (unsigned long long)tot.by_status[c]);
  }
  put(&t, "# HELP shoal_requests_in_flight Requests being answered.\n");
  put(&t, "# TYPE shoal_requests_in_flight gauge\n");
  for (shoal_worker *w = m->workers; w; w = w->next) {
    put(&t, "shoal_requests_in_flight{worker=\"%d\"} %llu\n", w->id,
        (unsigned long long)w->inflight);
  }
  put(&t, "# HELP shoal_request_duration_seconds Time from the request's first byte to the "
          "response's last.\n");
  put(&t, "# TYPE shoal_request_duration_seconds histogram\n");
  uint64_t count = 0;
  for (int b = 0; b < DURATION_BUCKETS; b++) {
    put(&t, "shoal_request_duration_seconds_bucket{le=\"%g\"} %llu\n", bucket_bounds[b],
        (unsigned long long)tot.duration_buckets[b]);
  }
  for (int c = 0; c < STATUS_CLASSES; c++) count += tot.by_status[c];
  put(&t, "shoal_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n", (unsigned long long)count);
  put(&t, "shoal_request_duration_seconds_sum %.6f\n", tot.duration_sum);
  put(&t, "shoal_request_duration_seconds_count %llu\n", (unsigned long long)count);
  put(&t, "# HELP shoal_worker_restarts_total Workers replaced, by cause.\n");
  put(&t, "# TYPE shoal_worker_restarts_total counter\n");
  put(&t, "shoal_worker_restarts_total{cause=\"crash\"} %llu\n", (unsigned long long)m->restarts_crash);
  put(&t, "shoal_worker_restarts_total{cause=\"watchdog\"} %llu\n",
      (unsigned long long)m->restarts_watchdog);
  put(&t, "shoal_worker_restarts_total{cause=\"ready_timeout\"} %llu\n",
      (unsigned long long)m->restarts_ready_timeout);
  put(&t, "shoal_worker_restarts_total{cause=\"max_requests\"} %llu\n",
      (unsigned long long)m->restarts_max_requests);
  put(&t, "shoal_worker_restarts_total{cause=\"heap\"} %llu\n", (unsigned long long)m->restarts_heap);
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
  return t.buf;
}
