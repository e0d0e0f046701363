#ifndef SHOAL_MASTER_EXIT_REASON_H
#define SHOAL_MASTER_EXIT_REASON_H
/* exit_reason: why the last worker of a slot ended, for `ctl top`,
 * /status.json and /dashboard. A slot is the line of workers that replace
 * one another: a worker replaced while alive (reload, max_requests, the heap
 * limit) hands its exit to its successor when it exits; a worker that dies
 * (crash, watchdog, ready timeout) leaves its exit in a small queue that the
 * next replacement started by the master takes. Each worker owns its
 * exit_reason by value; the queue is owned by the shoal_master. */
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct shoal_master;
struct shoal_worker;

typedef struct exit_reason {
  int worker_id, pid; /* 0: this slot had no worker before */
  char cause[16];     /* crash, watchdog, ready_timeout, memory, max_requests, reload,
                         scale, drain_timeout, drained */
  int code, signal_no;
  uint64_t at_ms;
} exit_reason;

#define EXIT_QUEUE 16

typedef struct exit_queue {
  exit_reason q[EXIT_QUEUE];
  int restarts[EXIT_QUEUE]; /* the slot's restarts so far */
  int head, n;
} exit_queue;

/* w exited (status, signal_no from waitpid): hands the reason to its
 * successor, or queues it for the replacement of a crash (planned false). */
void exit_reason_record(struct shoal_master *m, struct shoal_worker *w, int64_t status,
                        int signal_no, bool planned);
/* w was started to replace a worker that died: it takes the oldest queued
 * exit (none queued: nothing). */
void exit_reason_inherit(struct shoal_master *m, struct shoal_worker *w);
/* {"last_exit": {...} or null, "restarts": N} fields added to o. */
void exit_reason_add_json(json_t *o, const struct shoal_worker *w, uint64_t now_ms);
#endif
