#ifndef SHOAL_IPC_REQUEST_STATS_H
#define SHOAL_IPC_REQUEST_STATS_H
/* request_stats: a worker's request counters as both processes see them.
 * The worker keeps them (worker/request_accounting.c) and sends them in
 * every heartbeat (ipc/PROTOCOL.md: "requests", "inflight", "status",
 * "hist", "duration_sum"); the master sums them into
 * shoal_request_duration_seconds and shoal_requests_total
 * (master/metrics.c) and reads percentiles from the histogram
 * (master/latency.c). The bounds of the histogram are defined here once, for
 * both. Plain storage: the caller owns every request_stats. */
#include <stdint.h>

#define REQUEST_STATUS_CLASSES 5    /* 1xx..5xx */
#define REQUEST_DURATION_BUCKETS 11 /* finite bounds; the count is the +Inf bucket */

/* Upper bounds of the duration buckets, in seconds (Prometheus' defaults). */
extern const double request_duration_bounds[REQUEST_DURATION_BUCKETS];

typedef struct request_stats {
  uint64_t started;  /* requests handed to the application */
  uint64_t inflight; /* handed to it and not released yet */
  /* Responses written whole, by status class (index status / 100 - 1). */
  uint64_t by_status[REQUEST_STATUS_CLASSES];
  /* The same responses by duration: cumulative (bucket i counts every
   * response of at most request_duration_bounds[i]), as Prometheus wants. */
  uint64_t duration_buckets[REQUEST_DURATION_BUCKETS];
  double duration_sum; /* seconds */
} request_stats;

/* A response was written whole: its status class and its duration (from
 * the request's first byte to the response's last). */
void request_stats_finished(request_stats *s, int status, uint64_t duration_ns);
#endif
