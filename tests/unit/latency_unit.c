/* Unit tests of master/latency.c: percentiles interpolated inside the
 * histogram's buckets (as Prometheus' histogram_quantile), the window as the
 * difference with the snapshot of LATENCY_WINDOW_S seconds ago, and counters
 * that went backwards (a restarted worker) clamped to 0; and the workers'
 * side of the same buckets (ipc/request_stats.c): a finished response lands
 * in every bucket from the first bound it fits under, and the master's
 * percentile of what the worker recorded falls in that bucket. */
#include <math.h>
#include <string.h>

#include "latency.h"
#include "unit_test.h"

static int near(double a, double b) {
  return fabs(a - b) < 1e-9;
}

static void test_quantiles(void) {
  uint64_t d[REQUEST_DURATION_BUCKETS + 1] = {0};
  CHECK(latency_quantile(d, 0.5) < 0); /* no request */
  /* 100 requests: 50 at <= 5 ms, 50 more at <= 10 ms (cumulative 100) */
  for (int i = 0; i < REQUEST_DURATION_BUCKETS; i++) d[i] = i == 0 ? 50 : 100;
  d[REQUEST_DURATION_BUCKETS] = 100;
  CHECK(near(latency_quantile(d, 0.5), 5));    /* the 50th is the last of the first bucket */
  CHECK(near(latency_quantile(d, 0.99), 9.9)); /* 49/50 of the way from 5 to 10 ms */
  CHECK(near(latency_quantile(d, 0.25), 2.5));
  /* all past the last bound: reported as the last bound */
  memset(d, 0, sizeof d);
  d[REQUEST_DURATION_BUCKETS] = 10;
  CHECK(near(latency_quantile(d, 0.5), 10000));
}

static void test_window(void) {
  latency_window lw = {0};
  uint64_t c[REQUEST_DURATION_BUCKETS + 1] = {0}, d[REQUEST_DURATION_BUCKETS + 1];
  CHECK(!latency_delta(&lw, c, d));
  for (uint64_t s = 0; s < 30; s++) {
    for (int i = 0; i <= REQUEST_DURATION_BUCKETS; i++) c[i] = s * 10; /* 10 requests a second */
    latency_sample(&lw, c, 1000 * s);
    latency_sample(&lw, c, 1000 * s + 500); /* at most one snapshot a second */
  }
  CHECK(latency_delta(&lw, c, d));
  /* the newest counts (290) minus the oldest kept snapshot (s = 20) */
  CHECK(d[REQUEST_DURATION_BUCKETS] == 10 * (LATENCY_WINDOW_S - 1));
  uint64_t lower[REQUEST_DURATION_BUCKETS + 1] = {0};
  CHECK(latency_delta(&lw, lower, d) && d[REQUEST_DURATION_BUCKETS] == 0);
}

/* A worker the master started counts from zero: the requests it answered
 * before its first heartbeat are in the window (they were lost when its
 * first heartbeat was the oldest snapshot), and they leave it once the
 * window has moved past its start. */
static void test_window_from_start(void) {
  latency_window lw;
  latency_start(&lw, 5000);
  uint64_t c[REQUEST_DURATION_BUCKETS + 1], d[REQUEST_DURATION_BUCKETS + 1];
  for (int i = 0; i <= REQUEST_DURATION_BUCKETS; i++) c[i] = 20; /* served before the heartbeat */
  latency_sample(&lw, c, 5100);
  CHECK(latency_delta(&lw, c, d) && d[REQUEST_DURATION_BUCKETS] == 20);
  for (uint64_t s = 1; s <= LATENCY_WINDOW_S; s++) latency_sample(&lw, c, 5000 + 1000 * s);
  CHECK(latency_delta(&lw, c, d) && d[REQUEST_DURATION_BUCKETS] == 0);
}

static void test_recording(void) {
  request_stats st = {0};
  request_stats_finished(&st, 200, 3000000);        /* 3 ms: every bucket */
  request_stats_finished(&st, 404, 30000000);       /* 30 ms: from 0.05 s */
  request_stats_finished(&st, 503, 20000000000ull); /* 20 s: past every bound */
  request_stats_finished(&st, 99, 1000000);         /* no status class, still timed */
  CHECK(st.by_status[1] == 1 && st.by_status[3] == 1 && st.by_status[4] == 1);
  CHECK(st.by_status[0] == 0 && st.by_status[2] == 0);
  CHECK(st.duration_buckets[0] == 2);                                /* <= 5 ms */
  CHECK(st.duration_buckets[2] == 2 && st.duration_buckets[3] == 3); /* 25 ms, 50 ms */
  CHECK(st.duration_buckets[REQUEST_DURATION_BUCKETS - 1] == 3);     /* 10 s */
  CHECK(near(st.duration_sum, 0.003 + 0.030 + 20 + 0.001));
  /* the master's view: one request of 30 ms alone -> p50 in (25, 50] ms */
  uint64_t d[REQUEST_DURATION_BUCKETS + 1] = {0};
  request_stats one = {0};
  request_stats_finished(&one, 200, 30000000);
  memcpy(d, one.duration_buckets, sizeof one.duration_buckets);
  d[REQUEST_DURATION_BUCKETS] = 1;
  double p50 = latency_quantile(d, 0.5);
  CHECK(p50 > 25 && p50 <= 50);
}

int main(void) {
  test_quantiles();
  test_window();
  test_window_from_start();
  test_recording();
  return unit_finish("unit/latency");
}
