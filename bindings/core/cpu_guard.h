#ifndef SHOAL_WORKER_CPU_GUARD_H
#define SHOAL_WORKER_CPU_GUARD_H
/* cpu_guard: limits.request_cpu_ms. A watchdog thread terminates the
 * JavaScript of a request that runs longer than the limit (V8's
 * TerminateExecution, which is safe from another thread); the HTTP binding
 * then answers that request with 503 and the worker carries on. The module
 * owns its thread. */
#include <stdbool.h>
#include <stdint.h>

#include "v8shim.h"

/* limit_ms 0: off. */
void cpu_guard_start(sh_rt *rt, uint64_t limit_ms);
bool cpu_guard_enabled(void);
/* Around JavaScript run for one request. */
void cpu_guard_enter(void);
/* Returns true when the guard terminated the JavaScript since enter. */
bool cpu_guard_leave(void);
#endif
