/* latency: see latency.h. */
#include "latency.h"

#include <string.h>

void latency_start(latency_window *lw, uint64_t now_ms) {
  memset(lw, 0, sizeof *lw);
  lw->snap_ms = now_ms;
  lw->head = 1;
  lw->n = 1;
}

void latency_sample(latency_window *lw, const uint64_t *counts, uint64_t now_ms) {
  if (lw->n && now_ms - lw->snap_ms < 1000) return;
  lw->snap_ms = now_ms;
  memcpy(lw->snap[lw->head], counts, sizeof lw->snap[0]);
  lw->head = (lw->head + 1) % LATENCY_WINDOW_S;
  if (lw->n < LATENCY_WINDOW_S) lw->n++;
}

bool latency_delta(const latency_window *lw, const uint64_t *counts, uint64_t *delta) {
  if (!lw->n) return false;
  /* The oldest snapshot: head once the ring is full, else slot 0. */
  const uint64_t *old = lw->snap[lw->n == LATENCY_WINDOW_S ? lw->head : 0];
  for (int i = 0; i <= REQUEST_DURATION_BUCKETS; i++)
    delta[i] = counts[i] >= old[i] ? counts[i] - old[i] : 0;
  return true;
}

double latency_quantile(const uint64_t *delta, double q) {
  uint64_t total = delta[REQUEST_DURATION_BUCKETS];
  if (total == 0) return -1;
  double rank = q * (double)total;
  uint64_t below = 0;
  for (int i = 0; i < REQUEST_DURATION_BUCKETS; i++) {
    if ((double)delta[i] >= rank) {
      double lo = i ? request_duration_bounds[i - 1] : 0, hi = request_duration_bounds[i];
      uint64_t in = delta[i] - below;
      double frac = in ? (rank - (double)below) / (double)in : 1;
      return (lo + (hi - lo) * frac) * 1000;
    }
    below = delta[i];
  }
  return request_duration_bounds[REQUEST_DURATION_BUCKETS - 1] * 1000;
}
