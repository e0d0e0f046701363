/* exit_reason: see exit_reason.h. */
#define _GNU_SOURCE
#include "exit_reason.h"

#include <stdio.h>
#include <string.h>

#include "master.h"

static shoal_worker *live_worker(shoal_master *m, int id) {
  for (shoal_worker *w = m->workers; w; w = w->next)
    if (w->id == id && w->state != WORKER_EXITED) return w;
  return NULL;
}

void exit_reason_record(shoal_master *m, shoal_worker *w, int64_t status, int signal_no,
                        bool planned) {
  exit_reason r = {.worker_id = w->id,
                   .pid = w->pid,
                   .code = signal_no ? -1 : (int)status,
                   .signal_no = signal_no,
                   .at_ms = master_now(m)};
  /* What the master did to it names the cause; an end it did not ask for
   * is a crash. */
  const char *cause = w->exit_cause;
  bool killed = cause && (!strcmp(cause, "watchdog") || !strcmp(cause, "ready_timeout"));
  if (!killed) cause = planned ? (cause ? cause : "drained") : "crash";
  snprintf(r.cause, sizeof r.cause, "%s", cause);
  shoal_worker *next = w->successor_id ? live_worker(m, w->successor_id) : NULL;
  if (next) {
    next->last_exit = r;
    next->slot_restarts = w->slot_restarts + 1;
    return;
  }
  if (planned) return; /* scaled down or stopped: the slot is gone */
  exit_queue *eq = &m->exits;
  int at = (eq->head + eq->n) % EXIT_QUEUE;
  if (eq->n == EXIT_QUEUE) eq->head = (eq->head + 1) % EXIT_QUEUE; /* the oldest goes */
  else eq->n++;
  eq->q[at] = r;
  eq->restarts[at] = w->slot_restarts + 1;
}

void exit_reason_inherit(shoal_master *m, shoal_worker *w) {
  exit_queue *eq = &m->exits;
  if (!eq->n) return;
  w->last_exit = eq->q[eq->head];
  w->slot_restarts = eq->restarts[eq->head];
  eq->head = (eq->head + 1) % EXIT_QUEUE;
  eq->n--;
}

void exit_reason_add_json(json_t *o, const shoal_worker *w, uint64_t now_ms) {
  const exit_reason *r = &w->last_exit;
  json_object_set_new(o, "restarts", json_integer(w->slot_restarts));
  if (!r->worker_id) {
    json_object_set_new(o, "last_exit", json_null());
    return;
  }
  char text[96];
  const char *sig = r->signal_no ? sigabbrev_np(r->signal_no) : NULL;
  if (r->signal_no) snprintf(text, sizeof text, "%s (SIG%s)", r->cause, sig ? sig : "?");
  else snprintf(text, sizeof text, "%s (exit %d)", r->cause, r->code);
  json_t *e = json_pack("{s:i, s:i, s:s, s:s, s:I}", "worker", r->worker_id, "pid", r->pid, "cause",
                        r->cause, "text", text, "ago_s", (json_int_t)((now_ms - r->at_ms) / 1000));
  json_object_set_new(e, "code", r->signal_no ? json_null() : json_integer(r->code));
  json_object_set_new(e, "signal", r->signal_no ? json_integer(r->signal_no) : json_null());
  json_object_set_new(o, "last_exit", e);
}
