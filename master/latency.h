#ifndef SHOAL_MASTER_LATENCY_H
#define SHOAL_MASTER_LATENCY_H
/* latency: request-duration percentiles over a recent window, from the
 * cumulative histogram the workers send in every heartbeat (the buckets of
 * shoal_request_duration_seconds; their bounds are ipc/request_stats.h's).
 * The master keeps one snapshot of a worker's buckets a second in a ring;
 * the window is the difference between the newest counts and the oldest
 * snapshot (LATENCY_WINDOW_S seconds ago), and a percentile is interpolated
 * linearly inside the bucket that holds it, as Prometheus'
 * histogram_quantile() does. The precision is therefore the bucket's width
 * (5 ms below 5 ms, 10 ms to 25 ms, ... 5 s to 10 s); a percentile past the
 * last bound (10 s) is reported as 10 s. The ring is owned by its worker
 * (plain storage inside shoal_worker). */
#include <stdbool.h>
#include <stdint.h>

#include "request_stats.h"

#define LATENCY_WINDOW_S 10

/* counts[0..REQUEST_DURATION_BUCKETS-1] cumulative per bound,
 * counts[REQUEST_DURATION_BUCKETS] all requests (+Inf). */
typedef struct latency_window {
  uint64_t snap[LATENCY_WINDOW_S][REQUEST_DURATION_BUCKETS + 1];
  uint64_t snap_ms;
  int head, n;
} latency_window;

/* A worker the master just started: its counts begin at zero, so zero is
 * its first snapshot, and what it serves before its first heartbeat is in
 * the window. (A worker adopted from a previous image has no such start:
 * its first heartbeat is its first snapshot.) */
void latency_start(latency_window *lw, uint64_t now_ms);
/* Records counts as this second's snapshot (at most one a second). */
void latency_sample(latency_window *lw, const uint64_t *counts, uint64_t now_ms);
/* Requests in the window (newest counts minus the oldest snapshot) into
 * delta; false when there is no snapshot yet. */
bool latency_delta(const latency_window *lw, const uint64_t *counts, uint64_t *delta);
/* The q-quantile (0 < q < 1) of a window's delta in milliseconds; negative
 * when the window has no request. */
double latency_quantile(const uint64_t *delta, double q);
#endif
