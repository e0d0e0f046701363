/* cpu_guard: see cpu_guard.h. */
#include "cpu_guard.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <uv.h>

#define STACK_FRAMES 20
#define REQUEST_LINE_BYTES 512

/* Why an interrupt was asked for; read on the JavaScript thread. */
typedef enum { WHY_SLOW, WHY_LIMIT, WHY_STUCK } why;

typedef struct {
  sh_interrupt in; /* in.data points back here */
  why reason;
  _Atomic bool pending;   /* asked, not yet run: not asked again */
  _Atomic uint64_t token; /* what it was asked about: a request's seq, or a heartbeat */
} guard_interrupt;

static sh_rt *guard_rt;
static uint64_t limit_ns, slow_ns, stuck_ns;
static _Atomic uint64_t entered_ns; /* 0: no request JavaScript running */
static _Atomic uint64_t alive_ns;   /* the last heartbeat */
static _Atomic uint64_t seq;        /* requests entered so far */
static atomic_bool fired, terminated, slow_logged, stuck_logged;
static guard_interrupt interrupts[3];
/* The request line, written on the JavaScript thread before entered_ns is
 * set and read there by the interrupt: the watch thread never reads it. */
static char request_line[REQUEST_LINE_BYTES];
static uv_thread_t thread;
static bool started, watching_requests;
/* How often the thread looks: 5 ms when a request limit is on (the 503
 * comes within 5 ms of the limit), 100 ms for the watchdog alone, so that
 * an idle worker does not wake 200 times a second for a 15 s threshold. */
static unsigned period_ms;
static void (*poll_fn)(void); /* set before the thread starts */

static const char *what_of(why reason, uint64_t ms, char *buf, size_t cap) {
  switch (reason) {
    case WHY_SLOW:
      snprintf(buf, cap, "slow request (log.slow_ms %llu): %s has run JavaScript for over %llu ms",
               (unsigned long long)(slow_ns / 1000000u), request_line, (unsigned long long)ms);
      break;
    case WHY_LIMIT:
      snprintf(buf, cap,
               "request terminated (limits.request_cpu_ms %llu): %s, answered 503; it was running",
               (unsigned long long)(limit_ns / 1000000u), request_line);
      break;
    case WHY_STUCK:
      snprintf(buf, cap,
               "event loop blocked for over %llu ms (the master's watchdog kills the worker at "
               "%llu ms)%s%s; JavaScript now",
               (unsigned long long)ms, (unsigned long long)(stuck_ns * 2 / 1000000u),
               atomic_load(&entered_ns) ? " in " : "",
               atomic_load(&entered_ns) ? request_line : "");
      break;
  }
  return buf;
}

/* What an interrupt is about now: it still applies when unchanged since the
 * ask (V8 runs an interrupt at the next JavaScript, which may be later and
 * for something else). */
static uint64_t token_now(why reason) {
  if (reason == WHY_STUCK) return atomic_load(&alive_ns);
  return atomic_load(&entered_ns) ? atomic_load(&seq) : 0;
}

/* On the JavaScript thread: the stack of what runs now, as one record. */
static void on_interrupt(void *data) {
  guard_interrupt *gi = data;
  bool current = token_now(gi->reason) == atomic_load(&gi->token);
  atomic_store(&gi->pending, false);
  if (!current) return;
  uint64_t since = gi->reason == WHY_STUCK ? atomic_load(&alive_ns) : atomic_load(&entered_ns);
  uint64_t ms = since ? (uv_hrtime() - since) / 1000000u : 0;
  char what[REQUEST_LINE_BYTES + 200], stack[4096];
  sh_current_stack(guard_rt, stack, sizeof stack, STACK_FRAMES);
  fprintf(stderr, "%s:\n%s", what_of(gi->reason, ms, what, sizeof what),
          stack[0] ? stack : "    (no JavaScript frame)\n");
  fflush(stderr);
  if (gi->reason == WHY_LIMIT) {
    atomic_store(&terminated, true);
    sh_terminate(guard_rt);
  }
}

static void ask(why reason) {
  guard_interrupt *gi = &interrupts[reason];
  uint64_t token = token_now(reason);
  if (!token || atomic_exchange(&gi->pending, true)) return;
  atomic_store(&gi->token, token);
  sh_request_interrupt(guard_rt, &gi->in);
}

static bool over(uint64_t since, uint64_t now, uint64_t limit) {
  return limit && since && now - since > limit;
}

static void watch(void *arg) {
  (void)arg;
  for (;;) {
    uv_sleep(period_ms);
    if (poll_fn) poll_fn();
    uint64_t now = uv_hrtime(), since = atomic_load(&entered_ns);
    if (over(since, now, slow_ns) && !atomic_exchange(&slow_logged, true)) ask(WHY_SLOW);
    if (over(since, now, limit_ns) && !atomic_exchange(&fired, true))
      ask(WHY_LIMIT); /* logs the stack, then terminates */
    if (over(atomic_load(&alive_ns), now, stuck_ns) && !atomic_exchange(&stuck_logged, true))
      ask(WHY_STUCK);
  }
}

void cpu_guard_start(sh_rt *rt, uint64_t limit_ms, uint64_t slow_ms, uint64_t watchdog_ms) {
  if (started || (!limit_ms && !slow_ms && !watchdog_ms)) return;
  guard_rt = rt;
  limit_ns = limit_ms * 1000000u;
  slow_ns = slow_ms * 1000000u;
  stuck_ns = watchdog_ms * 1000000u / 2;
  for (int i = 0; i < 3; i++) {
    interrupts[i].reason = (why)i;
    interrupts[i].in = (sh_interrupt){on_interrupt, &interrupts[i]};
  }
  atomic_store(&alive_ns, uv_hrtime());
  period_ms = limit_ms || slow_ms ? 5 : 100;
  started = uv_thread_create(&thread, watch, NULL) == 0;
  watching_requests = started && (limit_ms || slow_ms);
}

bool cpu_guard_enabled(void) {
  return watching_requests;
}

void cpu_guard_enter(const char *method, const char *url, size_t url_len) {
  if (!watching_requests) return;
  snprintf(request_line, sizeof request_line, "%s %.*s", method ? method : "?",
           (int)(url_len > 400 ? 400 : url_len), url ? url : "");
  atomic_store(&fired, false);
  atomic_store(&slow_logged, false);
  atomic_fetch_add(&seq, 1);
  atomic_store(&entered_ns, uv_hrtime());
}

bool cpu_guard_leave(void) {
  if (!watching_requests) return false;
  atomic_store(&entered_ns, 0);
  atomic_store(&fired, false);
  if (!atomic_exchange(&terminated, false)) return false;
  sh_cancel_terminate(guard_rt);
  return true;
}

void cpu_guard_set_poll(void (*fn)(void)) {
  poll_fn = fn;
}

void cpu_guard_paused(void) {
  cpu_guard_loop_alive();
  /* Only this thread enters and leaves a request: no race with leave. */
  if (atomic_load(&entered_ns)) atomic_store(&entered_ns, uv_hrtime());
}

void cpu_guard_loop_alive(void) {
  if (!started) return;
  atomic_store(&alive_ns, uv_hrtime());
  atomic_store(&stuck_logged, false);
}
