/* request_stats: see request_stats.h. */
#include "request_stats.h"

const double request_duration_bounds[REQUEST_DURATION_BUCKETS] = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

void request_stats_finished(request_stats *s, int status, uint64_t duration_ns) {
  if (status >= 100 && status < 600) s->by_status[status / 100 - 1]++;
  double seconds = (double)duration_ns / 1e9;
  s->duration_sum += seconds;
  /* Cumulative: every bound from the first one the duration fits under. */
  for (int i = REQUEST_DURATION_BUCKETS - 1; i >= 0 && seconds <= request_duration_bounds[i]; i--)
    s->duration_buckets[i]++;
}
