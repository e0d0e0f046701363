/* zygote: the master's side of the fork server (ipc/zygote_wire.h).
 *
 * The master starts `shoal-runtime zygote` once and asks it for workers: a
 * clone of a process that has already loaded libnode starts in a fraction of
 * the time an exec takes. Until the zygote said it is ready, or when it is
 * gone (it is restarted at most every ZYGOTE_RESTART_MS), zygote_fork()
 * fails and the caller execs shoal-runtime as before: the zygote is only
 * ever a shortcut. SHOAL_NO_ZYGOTE=1 turns it off.
 *
 * The shoal_zygote belongs to the master (m->zygote); zygote_stop() ends the
 * process and frees it once its handles closed. */
#ifndef SHOAL_MASTER_ZYGOTE_H
#define SHOAL_MASTER_ZYGOTE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "zygote_wire.h"

typedef struct shoal_master shoal_master;

typedef struct {
  int fds[ZYGOTE_FDS]; /* the worker's fds 0..5; -1: left closed. Still the caller's. */
  uint32_t flags;      /* ZYGOTE_SET_UID, ZYGOTE_SET_GID */
  uid_t uid;
  gid_t gid;
  char **env; /* NULL-terminated; still the caller's */
} zygote_spawn_spec;

/* Starts the zygote unless one runs or was started too recently. */
void zygote_start(shoal_master *m);
/* Waits (blocking, at most timeout_ms) for a just-started zygote to be
 * ready: at start-up, so that the first workers are clones too. */
bool zygote_wait_ready(shoal_master *m, int timeout_ms);
/* A worker cloned per spec: its pid, or -1 (not ready, gone, or failed). */
pid_t zygote_fork(shoal_master *m, const zygote_spawn_spec *spec);
/* Ends the zygote now (SIGKILL, reaped before returning). */
void zygote_stop(shoal_master *m);

#endif
