#ifndef SHOAL_WORKER_CPU_GUARD_H
#define SHOAL_WORKER_CPU_GUARD_H
/* cpu_guard: a watch thread over the worker's JavaScript.
 *
 * - limits.request_cpu_ms: the JavaScript of a request that runs longer is
 *   terminated (V8's TerminateExecution); the HTTP binding then answers that
 *   request with 503 and the worker carries on.
 * - log.slow_ms: a request whose JavaScript has run longer gets its stack
 *   logged, once, while it still runs.
 * - the master's watchdog: when the event loop has not turned for half of
 *   watchdog_ms (JavaScript stuck outside any request, or a request without
 *   the guards above), the stack is logged before the master kills the worker.
 *
 * Each log is one record on stderr (the master tags it with the worker):
 * what happened, the request line, then the stack, "    at fn (file:l:c)".
 * The stack is read on the JavaScript thread by a V8 interrupt, so a worker
 * blocked in C (a synchronous syscall) logs when it gets back to JavaScript.
 * The module owns its thread and its state (one a process: one isolate). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "v8shim.h"

/* Each 0: off. Starts the thread when any is set. */
void cpu_guard_start(sh_rt *rt, uint64_t limit_ms, uint64_t slow_ms, uint64_t watchdog_ms);
/* True when requests are to be watched (request_cpu_ms or slow_ms set). */
bool cpu_guard_enabled(void);
/* Around JavaScript run for one request; method and url are copied (for logs). */
void cpu_guard_enter(const char *method, const char *url, size_t url_len);
/* Returns true when the guard terminated the JavaScript since enter. */
bool cpu_guard_leave(void);
/* fn is called from the watch thread at each look (before start; the
 * worker's `ctl inspect` stack requests, worker/introspect.h). */
void cpu_guard_set_poll(void (*fn)(void));
/* The event loop turned (the worker's heartbeat). */
void cpu_guard_loop_alive(void);
/* JavaScript is paused in the debugger (JavaScript thread): the time
 * paused counts neither as a stuck loop nor towards the running request's
 * request_cpu_ms and slow_ms. */
void cpu_guard_paused(void);
#endif
