/* Unit tests of master/latency.c: percentiles interpolated inside the
 * histogram's buckets (as Prometheus' histogram_quantile), the window as the
 * difference with the snapshot of LATENCY_WINDOW_S seconds ago, and counters
 * that went backwards (a restarted worker) clamped to 0. */
#include <math.h>
#include <string.h>

#include "latency.h"
#include "unit_test.h"

static int near(double a, double b) {
  return fabs(a - b) < 1e-9;
}

static void test_quantiles(void) {
  uint64_t d[LATENCY_BUCKETS + 1] = {0};
  CHECK(latency_quantile(d, 0.5) < 0); /* no request */
  /* 100 requests: 50 at <= 5 ms, 50 more at <= 10 ms (cumulative 100) */
  for (int i = 0; i < LATENCY_BUCKETS; i++) d[i] = i == 0 ? 50 : 100;
  d[LATENCY_BUCKETS] = 100;
  CHECK(near(latency_quantile(d, 0.5), 5));    /* the 50th is the last of the first bucket */
  CHECK(near(latency_quantile(d, 0.99), 9.9)); /* 49/50 of the way from 5 to 10 ms */
  CHECK(near(latency_quantile(d, 0.25), 2.5));
  /* all past the last bound: reported as the last bound */
  memset(d, 0, sizeof d);
  d[LATENCY_BUCKETS] = 10;
  CHECK(near(latency_quantile(d, 0.5), 10000));
}

static void test_window(void) {
  latency_window lw = {0};
  uint64_t c[LATENCY_BUCKETS + 1] = {0}, d[LATENCY_BUCKETS + 1];
  CHECK(!latency_delta(&lw, c, d));
  for (uint64_t s = 0; s < 30; s++) {
    for (int i = 0; i <= LATENCY_BUCKETS; i++) c[i] = s * 10; /* 10 requests a second */
    latency_sample(&lw, c, 1000 * s);
    latency_sample(&lw, c, 1000 * s + 500); /* at most one snapshot a second */
  }
  CHECK(latency_delta(&lw, c, d));
  /* the newest counts (290) minus the oldest kept snapshot (s = 20) */
  CHECK(d[LATENCY_BUCKETS] == 10 * (LATENCY_WINDOW_S - 1));
  uint64_t lower[LATENCY_BUCKETS + 1] = {0};
  CHECK(latency_delta(&lw, lower, d) && d[LATENCY_BUCKETS] == 0);
}

int main(void) {
  test_quantiles();
  test_window();
  return unit_finish("unit/latency");
}
