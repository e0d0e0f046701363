/* internalBinding('timers'): one libuv timer for every JavaScript timer and
 * one check handle for setImmediate, as in Node: the lists themselves live in
 * js-lib/internal/timers.js.
 *
 * processTimers(now) returns the next expiry in loop milliseconds: positive
 * when that timer keeps the loop alive, negative when unref'd, 0 for none. */
#include <math.h>
#include <stdlib.h>

#include "binding.h"
#include "runtime.h"

typedef struct timers_state {
  sh_rt *rt;
  uv_timer_t timer;
  uv_check_t check;
  uv_idle_t idle; /* keeps the poll phase from blocking while immediates wait */
  sh_ref *process_timers;
  sh_ref *process_immediates;
  bool immediate_pending;
  bool timer_ref;
} timers_state;

static _Thread_local timers_state *state; /* one runtime per thread */

static void on_timer(uv_timer_t *t);

static void schedule(timers_state *s, double next) {
  if (next == 0) return;
  double now = (double)uv_now(s->timer.loop);
  double at = fabs(next);
  /* At least 1 ms, as Node: a timer armed with 0 while libuv is running
   * timers would run in this same pass (libuv compares with the loop time
   * cached when the pass began), before the immediates that its neighbours
   * queued; a slow callback (ASan, a loaded machine) made that happen. */
  uint64_t delay = at >= now + 1 ? (uint64_t)(at - now) : 1;
  /* processTimers returned before the ticks and microtasks that follow it
   * ran: a timer they set earlier than `next` has armed the (one-shot, so
   * inactive until then) handle through scheduleTimer, and stays armed. */
  if (uv_is_active((uv_handle_t *)&s->timer) && uv_timer_get_due_in(&s->timer) < delay) return;
  uv_timer_start(&s->timer, on_timer, delay, 0);
  if (next > 0) uv_ref((uv_handle_t *)&s->timer);
  else uv_unref((uv_handle_t *)&s->timer);
}

/* Runs the expired timers (js-lib's processTimers) and arms the next one.
 * Runs in a scope its caller opened. */
static void run_timers(timers_state *s) {
  sh_rt *rt = s->rt;
  sh_val fn = sh_ref_get(rt, s->process_timers);
  sh_val next = NULL;
  /* A timer callback that threw has been reported: process the rest. */
  for (;;) {
    sh_val now = sh_num(rt, (double)uv_now(s->timer.loop));
    if (runtime_callback(rt, fn, sh_undefined(rt), 1, &now, &next) == 0) break;
    if (sh_is_terminating(rt)) return;
  }
  if (next) schedule(s, sh_to_num(rt, next));
}

static void on_timer(uv_timer_t *t) {
  timers_state *s = t->data;
  sh_scope *scope = sh_scope_open(s->rt, false);
  run_timers(s);
  sh_scope_close(scope);
}

static void on_check(uv_check_t *c) {
  timers_state *s = c->data;
  if (!s->immediate_pending) return;
  s->immediate_pending = false;
  sh_scope *scope = sh_scope_open(s->rt, false);
  sh_val fn = sh_ref_get(s->rt, s->process_immediates);
  /* As in Node, a pass whose immediate threw drains nothing after it (a
   * failed callback scope): the nextTicks it queued run after the first of
   * the remaining immediates, in the next check phase. */
  int rc = sh_call(s->rt, fn, sh_undefined(s->rt), 0, NULL, NULL);
  if (rc == 0 || !s->immediate_pending) runtime_tick(s->rt);
  sh_scope_close(scope);
}

static void on_idle(uv_idle_t *i) {
  (void)i;
}

/* setup(processTimers, processImmediates) */
static void setup(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  timers_state *s = state;
  s->process_timers = sh_ref_new(rt, sh_arg(ci, 0));
  s->process_immediates = sh_ref_new(rt, sh_arg(ci, 1));
}

/* scheduleTimer(delayMs): (re)arms the timer for the earliest JS timer */
static void schedule_timer(sh_cbinfo *ci) {
  double ms = arg_num(ci, 0);
  if (!(ms >= 1)) ms = 1;
  uv_update_time(state->timer.loop);
  uv_timer_start(&state->timer, on_timer, (uint64_t)ms, 0);
  if (state->timer_ref) uv_ref((uv_handle_t *)&state->timer);
  else uv_unref((uv_handle_t *)&state->timer);
}

static void toggle_timer_ref(sh_cbinfo *ci) {
  state->timer_ref = sh_to_bool(sh_ci_rt(ci), sh_arg(ci, 0));
  if (state->timer_ref) uv_ref((uv_handle_t *)&state->timer);
  else uv_unref((uv_handle_t *)&state->timer);
}

/* scheduleImmediate(): the check phase will call processImmediates */
static void schedule_immediate(sh_cbinfo *ci) {
  (void)ci;
  state->immediate_pending = true;
}

/* toggleImmediateRef(bool): whether pending immediates keep the loop alive */
static void toggle_immediate_ref(sh_cbinfo *ci) {
  if (sh_to_bool(sh_ci_rt(ci), sh_arg(ci, 0))) uv_idle_start(&state->idle, on_idle);
  else uv_idle_stop(&state->idle);
}

/* The loop's clock, refreshed first (as Node's GetNow does): the cached
 * time can be far behind after a long synchronous stretch of JavaScript. */
static void get_now(sh_cbinfo *ci) {
  uv_update_time(state->timer.loop);
  sh_ret(ci, sh_num(sh_ci_rt(ci), (double)uv_now(state->timer.loop)));
}

sh_val binding_timers_init(sh_rt *rt) {
  if (!state) {
    uv_loop_t *loop = runtime_get(rt)->loop;
    state = calloc(1, sizeof *state);
    state->rt = rt;
    uv_timer_init(loop, &state->timer);
    state->timer.data = state;
    uv_check_init(loop, &state->check);
    state->check.data = state;
    uv_check_start(&state->check, on_check);
    uv_unref((uv_handle_t *)&state->check);
    uv_idle_init(loop, &state->idle);
  }
  sh_val o = sh_obj(rt);
  bind_fn(rt, o, "setup", setup);
  bind_fn(rt, o, "scheduleTimer", schedule_timer);
  bind_fn(rt, o, "toggleTimerRef", toggle_timer_ref);
  bind_fn(rt, o, "scheduleImmediate", schedule_immediate);
  bind_fn(rt, o, "toggleImmediateRef", toggle_immediate_ref);
  bind_fn(rt, o, "getLibuvNow", get_now);
  return o;
}
