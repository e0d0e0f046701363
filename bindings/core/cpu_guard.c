/* cpu_guard: see cpu_guard.h. */
#include "cpu_guard.h"

#include <stdatomic.h>
#include <uv.h>

static sh_rt *guard_rt;
static uint64_t limit_ns;
static _Atomic uint64_t entered_ns; /* 0: no request JavaScript running */
static atomic_bool fired;
static uv_thread_t thread;
static bool started;

static void watch(void *arg) {
  (void)arg;
  for (;;) {
    uv_sleep(5);
    uint64_t since = atomic_load(&entered_ns);
    if (since && uv_hrtime() - since > limit_ns && !atomic_load(&fired)) {
      atomic_store(&fired, true);
      sh_terminate(guard_rt);
    }
  }
}

void cpu_guard_start(sh_rt *rt, uint64_t limit_ms) {
  if (started || limit_ms == 0) return;
  guard_rt = rt;
  limit_ns = limit_ms * 1000000u;
  started = uv_thread_create(&thread, watch, NULL) == 0;
}

bool cpu_guard_enabled(void) {
  return started;
}

void cpu_guard_enter(void) {
  if (!started) return;
  atomic_store(&fired, false);
  atomic_store(&entered_ns, uv_hrtime());
}

bool cpu_guard_leave(void) {
  if (!started) return false;
  atomic_store(&entered_ns, 0);
  if (!atomic_load(&fired)) return false;
  atomic_store(&fired, false);
  sh_cancel_terminate(guard_rt);
  return true;
}
