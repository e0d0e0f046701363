/* request_accounting: see request_accounting.h. */
#include "request_accounting.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access_log.h"
#include "cpu_guard.h"
#include "http_engine.h"

static struct {
  request_stats stats;
  busy_page *busy;
  char *log_dest;
  bool log_combined;
  int worker_id;
} A;

static void on_begin(http_req *r) {
  (void)r;
  A.stats.started++;
  A.stats.inflight++;
}

static void on_end(http_req *r, const http_req_summary *sum) {
  if (A.stats.inflight > 0) A.stats.inflight--;
  if (!sum->finished) return; /* aborted, failed or taken over: no response to count */
  request_stats_finished(&A.stats, sum->status, sum->duration_ns);
  access_log_write(r, sum);
}

/* The handler of r ran past limits.request_cpu_ms and was terminated:
 * answer 503 if nothing was sent yet, else cut the connection. */
static void answer_terminated(http_req *r) {
  static const char body[] = "Service Unavailable: the request ran out of CPU time\n";
  static const char head[] = "Content-Type: text/plain\r\n";
  fprintf(stderr, "shoal: request %s terminated after limits.request_cpu_ms\n", http_req_method(r));
  if (http_write_head(r, 503, NULL, 0, head, sizeof head - 1, HTTP_CLOSE,
                      (int64_t)sizeof body - 1) == 0) {
    http_write(r, body, sizeof body - 1, NULL, NULL, true);
  } else {
    http_conn_destroy(http_req_conn(r));
  }
}

static void on_handler_enter(http_req *r) {
  if (A.busy) atomic_store(&A.busy->js_since_ns, uv_hrtime());
  if (!cpu_guard_enabled()) return;
  size_t url_len = 0;
  const char *url = http_req_url(r, &url_len);
  cpu_guard_enter(http_req_method(r), url, url_len);
}

/* r is only touched when the guard cut its handler short: a handler that
 * returned normally may have finished and released r already. */
static void on_handler_leave(http_req *r) {
  if (A.busy) atomic_store(&A.busy->js_since_ns, 0);
  if (cpu_guard_enabled() && cpu_guard_leave()) answer_terminated(r);
}

static const http_request_hooks hooks = {
    .begin = on_begin,
    .end = on_end,
    .handler_enter = on_handler_enter,
    .handler_leave = on_handler_leave,
};

void request_accounting_start(busy_page *busy) {
  A.busy = busy;
  http_set_request_hooks(&hooks);
}

int request_accounting_open_log(const char *dest, bool combined, int worker_id) {
  free(A.log_dest);
  A.log_dest = dest ? strdup(dest) : NULL;
  if (dest && !A.log_dest) return -ENOMEM;
  A.log_combined = combined;
  A.worker_id = worker_id;
  return access_log_open(dest, combined, worker_id);
}

void request_accounting_reopen_log(void) {
  access_log_open(A.log_dest, A.log_combined, A.worker_id);
}

const request_stats *request_accounting_stats(void) {
  return &A.stats;
}
