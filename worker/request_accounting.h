#ifndef SHOAL_WORKER_REQUEST_ACCOUNTING_H
#define SHOAL_WORKER_REQUEST_ACCOUNTING_H
/* request_accounting: everything the cluster worker does for a request
 * besides handing it to the application, in one place, behind the engine's
 * request hooks (http_engine.h http_request_hooks), so that it holds on
 * every protocol:
 *
 * - the counters and the latency histogram the heartbeat carries
 *   (ipc/request_stats.h: started, in flight, by status class, durations);
 * - the access log line of every finished response (access_log.h);
 * - while a request's handler runs: the busy page mark the master's
 *   balancer reads (ipc/busy_page.h) and the CPU guard
 *   (bindings/core/cpu_guard.h, limits.request_cpu_ms and log.slow_ms);
 *   a handler the guard terminated is answered 503 here.
 *
 * HTTP bindings only mark where their handler runs
 * (http_req_handler_enter/leave). One per process (the worker's main
 * thread); the module owns its state and the access log's descriptor; the
 * busy page is the caller's and must outlive it. `shoal run` does not
 * start it: nothing is counted there. */
#include <stdbool.h>

#include "busy_page.h"
#include "request_stats.h"

/* Registers the hooks with the engine. busy: the worker's page, or NULL. */
void request_accounting_start(busy_page *busy);
/* Opens the access log (access_log.h access_log_open): dest "stdout",
 * "off" or a path. Returns 0 or -errno. */
int request_accounting_open_log(const char *dest, bool combined, int worker_id);
/* Reopens the access log with the same settings (USR1, logrotate). */
void request_accounting_reopen_log(void);
/* The counters so far (the heartbeat). */
const request_stats *request_accounting_stats(void);
#endif
