/* master: `shoal start`: life cycle, signals, the supervision tick, stop.
 * See master.h for how the work is split. */
#include "master/master.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TICK_MS 100
#define CRASH_BACKOFF_MAX_MS 10000

uint64_t master_now(shoal_master *m) {
  return uv_now(m->loop);
}

void master_log(shoal_master *m, const char *fmt, ...) {
  (void)m;
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  fprintf(stderr, "shoal[%d]: %s\n", (int)getpid(), buf);
  fflush(stderr);
}

static char *runtime_path(void) {
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return NULL;
  buf[n] = 0;
  char *slash = strrchr(buf, '/');
  if (!slash) return NULL;
  snprintf(slash + 1, sizeof buf - (size_t)(slash + 1 - buf), "shoal-runtime");
  return strdup(buf);
}

/* --- stopping ----------------------------------------------------------- */

static void on_closed_noop(uv_handle_t *h) {
  (void)h;
}

/* Closes the master's own handles once every worker is gone: the loop
 * then ends and master_main returns. */
static void finish_if_done(shoal_master *m) {
  if (!m->stopping || m->workers) return;
  uv_timer_stop(&m->tick);
  if (!uv_is_closing((uv_handle_t *)&m->tick)) uv_close((uv_handle_t *)&m->tick, on_closed_noop);
  for (int i = 0; i < m->nsignals; i++) {
    if (!uv_is_closing((uv_handle_t *)&m->signals[i]))
      uv_close((uv_handle_t *)&m->signals[i], on_closed_noop);
  }
  listeners_close(m);
}

/* TERM/INT: stop accepting, drain every worker, exit when they are gone or
 * drain_ms passed. QUIT (fast): kill them now. */
static void master_stop(shoal_master *m, bool fast) {
  if (m->stopping && !fast) return;
  if (!m->stopping) master_log(m, fast ? "stopping now" : "stopping: draining workers");
  m->stopping = true;
  m->spawn_debt = 0;
  m->stop_deadline_ms = master_now(m) + m->cfg.drain_ms;
  listeners_close(m);
  for (shoal_worker *w = m->workers; w; w = w->next) {
    if (fast) worker_kill(w, SIGKILL);
    else worker_drain(w);
  }
  finish_if_done(m);
}

static void on_signal(uv_signal_t *h, int signum) {
  shoal_master *m = h->data;
  switch (signum) {
    case SIGTERM:
    case SIGINT: master_stop(m, false); break;
    case SIGQUIT: master_stop(m, true); break;
    default: break;
  }
}

static void install_signals(shoal_master *m) {
  static const int sigs[] = {SIGTERM, SIGINT, SIGQUIT};
  signal(SIGPIPE, SIG_IGN);
  for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
    uv_signal_t *s = &m->signals[m->nsignals++];
    uv_signal_init(m->loop, s);
    s->data = m;
    uv_signal_start(s, on_signal, sigs[i]);
  }
}

/* --- supervision ------------------------------------------------------------ */

/* A worker exited: a crash gets a replacement. */
void master_worker_exited(shoal_master *m, shoal_worker *w, int64_t status, int signal_no) {
  bool was_ready = w->ready_ms != 0;
  bool planned = w->state == WORKER_DRAINING || m->stopping;
  if (signal_no) master_log(m, "worker %d (pid %d) exited on signal %d", w->id, w->pid, signal_no);
  else master_log(m, "worker %d (pid %d) exited with code %lld", w->id, w->pid, (long long)status);
  if (planned) return;
  /* A crash: replace it, backing off while workers keep dying at start. */
  uint64_t now = master_now(m);
  if (!was_ready || now - w->ready_ms < 10000) m->crash_streak++;
  else m->crash_streak = 0;
  uint64_t delay = 0;
  if (m->crash_streak > 1) {
    delay = 100u << (m->crash_streak < 8 ? m->crash_streak - 1 : 7);
    if (delay > CRASH_BACKOFF_MAX_MS) delay = CRASH_BACKOFF_MAX_MS;
    master_log(m, "workers keep crashing (%d in a row): next start in %llu ms", m->crash_streak,
               (unsigned long long)delay);
  }
  m->next_spawn_ms = now + delay;
  m->spawn_debt++;
}

void master_worker_gone(shoal_master *m) {
  finish_if_done(m);
}

static void supervise(shoal_master *m, uint64_t now) {
  for (shoal_worker *w = m->workers; w; w = w->next) {
    if (w->state == WORKER_STARTING && now - w->started_ms > m->cfg.ready_timeout_ms) {
      master_log(m, "worker %d (pid %d) not ready after %llu ms: killed", w->id, w->pid,
                 (unsigned long long)m->cfg.ready_timeout_ms);
      worker_kill(w, SIGKILL);
    } else if (w->state == WORKER_READY && now - w->last_heartbeat_ms > m->cfg.watchdog_ms) {
      master_log(m, "worker %d (pid %d) blocked for %llu ms: killed", w->id, w->pid,
                 (unsigned long long)(now - w->last_heartbeat_ms));
      worker_kill(w, SIGKILL);
    } else if (w->state == WORKER_DRAINING && now > w->drain_deadline_ms) {
      master_log(m, "worker %d (pid %d) still draining after %llu ms: killed", w->id, w->pid,
                 (unsigned long long)m->cfg.drain_ms);
      worker_kill(w, SIGKILL);
      w->drain_deadline_ms = UINT64_MAX;
    } else if (w->state == WORKER_READY && !w->replacing && !m->stopping) {
      bool too_many = w->max_requests && w->requests >= w->max_requests;
      bool too_big = m->cfg.limits.heap_mb &&
                     w->heap >= m->cfg.limits.heap_mb * 1024 * 1024 / 10 * 9;
      if (too_many || too_big) {
        master_log(m, "worker %d reached its %s limit: replacing it", w->id,
                   too_many ? "max_requests" : "heap");
        w->replacing = true;
        worker_spawn(m, w);
      }
    }
  }
  while (m->spawn_debt > 0 && !m->stopping && now >= m->next_spawn_ms) {
    m->spawn_debt--;
    worker_spawn(m, NULL);
  }
}

static void on_tick(uv_timer_t *t) {
  shoal_master *m = t->data;
  uint64_t now = master_now(m);
  if (m->stopping) {
    if (now > m->stop_deadline_ms) {
      for (shoal_worker *w = m->workers; w; w = w->next) worker_kill(w, SIGKILL);
    }
    return;
  }
  supervise(m, now);
}

/* A worker became ready: accept connections from now on; a successor lets
 * its predecessor drain. */
void master_worker_ready(shoal_master *m, shoal_worker *w) {
  master_log(m, "worker %d (pid %d) ready", w->id, w->pid);
  if (w->successor_of) {
    shoal_worker *old = w->successor_of;
    w->successor_of = NULL;
    worker_drain(old);
  }
  if (!m->accepting) listeners_start_accepting(m);
  listeners_dispatch_parked(m);
}

/* --- command line -------------------------------------------------------- */

static int usage(void) {
  fprintf(stderr,
          "usage: shoal start [CONFIG] [--workers N|auto] [--app FILE] [--listen [HOST:]PORT]\n");
  return 2;
}

static int load_config(shoal_master *m, int argc, char **argv) {
  const char *path = NULL, *workers = NULL, *app = NULL, *listen = NULL;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    const char **opt = NULL;
    if (strcmp(a, "--workers") == 0) opt = &workers;
    else if (strcmp(a, "--app") == 0) opt = &app;
    else if (strcmp(a, "--listen") == 0) opt = &listen;
    if (opt) {
      if (++i >= argc) return usage();
      *opt = argv[i];
    } else if (a[0] == '-' || path) {
      return usage();
    } else {
      path = a;
    }
  }
  char err[2048];
  if (!path && access("shoal.json", F_OK) == 0) path = "shoal.json";
  if (path) {
    if (config_load(path, &m->cfg, err, sizeof err) != 0) {
      fprintf(stderr, "%s\n", err);
      return 1;
    }
  } else {
    config_init_defaults(&m->cfg);
  }
  if (config_override(&m->cfg, workers, app, listen, err, sizeof err) != 0 ||
      config_finish(&m->cfg, err, sizeof err) != 0) {
    fprintf(stderr, "shoal: %s\n", err);
    return 1;
  }
  return 0;
}

int master_main(int argc, char **argv) {
  shoal_master *m = calloc(1, sizeof *m);
  m->loop = uv_default_loop();
  m->next_id = 1;
  m->generation = 1;
  int rc = load_config(m, argc, argv);
  if (rc != 0) {
    free(m);
    return rc;
  }
  m->runtime_path = runtime_path();
  if (!m->runtime_path || access(m->runtime_path, X_OK) != 0) {
    fprintf(stderr, "shoal: cannot find shoal-runtime next to this executable\n");
    return 1;
  }
  if (listeners_bind_config(m) != 0) return 1;
  install_signals(m);
  uv_timer_init(m->loop, &m->tick);
  m->tick.data = m;
  uv_timer_start(&m->tick, on_tick, TICK_MS, TICK_MS);
  master_log(m, "starting %d workers for %s", m->cfg.workers, m->cfg.app);
  for (int i = 0; i < m->cfg.workers; i++) worker_spawn(m, NULL);
  uv_run(m->loop, UV_RUN_DEFAULT);
  master_log(m, "stopped");
  int code = m->exit_code;
  config_free(&m->cfg);
  free(m->runtime_path);
  free(m->parked);
  free(m->parked_listener);
  for (size_t i = 0; i < m->nlisteners; i++) {
    free(m->listeners[i]->host);
    free(m->listeners[i]);
  }
  free(m->listeners);
  free(m);
  return code;
}
