/* master: `shoal start`: life cycle, signals, the supervision tick, stop.
 * See master.h for how the work is split. */
#include "master.h"
#include "watch.h"
#include "zygote.h"

#include "inspect.h"
#include "metrics.h"
#include "notify.h"
#include "output.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#define TICK_MS 100
#define CRASH_BACKOFF_MAX_MS 10000

uint64_t master_now(shoal_master *m) {
  return uv_now(m->loop);
}

/* The master's own events on stderr: a JSON line each with log.format
 * "json" (the default), a plain line with "combined". */
void master_log(shoal_master *m, const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (m && m->cfg.log_format == LOG_FORMAT_JSON) {
    struct timeval tv;
    gettimeofday(&tv, NULL);
    struct tm tm;
    gmtime_r(&tv.tv_sec, &tm);
    char when[32];
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
    char stamp[48];
    snprintf(stamp, sizeof stamp, "%s.%03dZ", when, (int)(tv.tv_usec / 1000));
    json_t *line = json_pack("{s:s, s:s, s:i, s:s}", "time", stamp, "source", "master", "pid",
                             (int)getpid(), "msg", buf);
    char *text = json_dumps(line, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(line);
    if (text) {
      size_t n = strlen(text);
      text[n] = '\n'; /* over the terminator: written by length */
      output_write(OUTPUT_STDERR, text, n + 1);
    }
    free(text);
  } else {
    char line[1100];
    int n = snprintf(line, sizeof line, "shoal[%d]: %s\n", (int)getpid(), buf);
    output_write(OUTPUT_STDERR, line, n < (int)sizeof line ? (size_t)n : sizeof line - 1);
  }
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
  if (!uv_is_closing((uv_handle_t *)&m->sigchld))
    uv_close((uv_handle_t *)&m->sigchld, on_closed_noop);
  zygote_stop(m);
  listeners_close(m);
  control_close(m);
  metrics_close(m);
  output_close(); /* a stalled reader must not keep the loop alive */
}

/* TERM/INT: stop accepting, drain every worker, exit when they are gone or
 * drain_ms passed. QUIT (fast): kill them now. */
void master_stop(shoal_master *m, bool fast) {
  if (m->stopping && !fast) return;
  if (!m->stopping) {
    master_log(m, fast ? "stopping now" : "stopping: draining workers");
    watch_stop();
    notify_send("STOPPING=1");
  }
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
    case SIGHUP:
      if (m->op.kind == OP_NONE) master_reload(m, NULL);
      else master_log(m, "HUP ignored: an operation is in progress");
      break;
    case SIGUSR1: /* logrotate: workers reopen their access log */
      for (shoal_worker *w = m->workers; w; w = w->next) worker_kill(w, SIGUSR1);
      break;
    case SIGUSR2:
      if (m->op.kind == OP_NONE) master_upgrade(m, NULL);
      break;
    case SIGTTIN:
    case SIGTTOU:
      if (m->op.kind == OP_NONE) {
        int n = workers_count(m, false) + (signum == SIGTTIN ? 1 : -1);
        if (n >= 1) master_scale(m, n, NULL);
      }
      break;
    default: break;
  }
}

static void on_sigchld(uv_signal_t *h, int signum) {
  (void)signum;
  workers_reap_adopted(h->data);
}

static void install_signals(shoal_master *m) {
  static const int sigs[] = {SIGTERM, SIGINT, SIGQUIT, SIGHUP, SIGTTIN, SIGTTOU, SIGUSR2, SIGUSR1};
  signal(SIGPIPE, SIG_IGN);
  for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
    uv_signal_t *s = &m->signals[m->nsignals++];
    uv_signal_init(m->loop, s);
    s->data = m;
    uv_signal_start(s, on_signal, sigs[i]);
  }
  uv_signal_init(m->loop, &m->sigchld);
  m->sigchld.data = m;
  uv_signal_start(&m->sigchld, on_sigchld, SIGCHLD);
}

/* --- supervision ------------------------------------------------------------ */

/* A worker exited: a crash gets a replacement. */
static void op_finish(shoal_master *m, bool ok, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void retire_stats(shoal_master *m, shoal_worker *w) {
  retired_totals *r = &m->retired;
  r->requests += w->requests;
  for (int i = 0; i < REQUEST_STATUS_CLASSES; i++) r->by_status[i] += w->by_status[i];
  for (int i = 0; i < REQUEST_DURATION_BUCKETS; i++)
    r->duration_buckets[i] += w->duration_buckets[i];
  r->duration_sum += w->duration_sum;
  r->conns_sent += w->conns_sent;
}

void master_worker_exited(shoal_master *m, shoal_worker *w, int64_t status, int signal_no) {
  bool was_ready = w->ready_ms != 0;
  bool planned = w->state == WORKER_DRAINING || m->stopping;
  if (signal_no) master_log(m, "worker %d (pid %d) exited on signal %d", w->id, w->pid, signal_no);
  else master_log(m, "worker %d (pid %d) exited with code %lld", w->id, w->pid, (long long)status);
  retire_stats(m, w);
  exit_reason_record(m, w, status, signal_no, planned);
  if (w->op_role == OP_ROLE_NEW && m->op.kind != OP_NONE) {
    w->op_role = OP_ROLE_NONE;
    op_finish(m, false, "worker %d exited with %s %d before it was ready", w->id,
              signal_no ? "signal" : "code", signal_no ? signal_no : (int)status);
    return;
  }
  if (w->op_role == OP_ROLE_REMOVED && m->op.kind != OP_NONE) {
    w->op_role = OP_ROLE_NONE;
    if (m->op.pending_exit > 0) {
      control_progress(m->op.client, "worker %d drained and stopped", w->id);
      if (--m->op.pending_exit == 0 && m->op.pending_ready == 0)
        op_finish(m, true, "now %d workers", workers_count(m, false));
    }
  }
  if (planned) return;
  if (w->exit_cause && strcmp(w->exit_cause, "watchdog") == 0) m->restarts_watchdog++;
  else if (w->exit_cause && strcmp(w->exit_cause, "ready_timeout") == 0)
    m->restarts_ready_timeout++;
  else m->restarts_crash++;
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
      w->exit_cause = "ready_timeout";
      worker_kill(w, SIGKILL);
    } else if (w->state == WORKER_READY && now - w->last_heartbeat_ms > m->cfg.watchdog_ms &&
               !inspect_holds(w)) {
      master_log(m, "worker %d (pid %d) blocked for %llu ms: killed", w->id, w->pid,
                 (unsigned long long)(now - w->last_heartbeat_ms));
      w->exit_cause = "watchdog";
      worker_kill(w, SIGKILL);
    } else if (w->state == WORKER_DRAINING && now > w->drain_deadline_ms) {
      master_log(m, "worker %d (pid %d) still draining after %llu ms: killed", w->id, w->pid,
                 (unsigned long long)m->cfg.drain_ms);
      w->exit_cause = "drain_timeout";
      worker_kill(w, SIGKILL);
      w->drain_deadline_ms = UINT64_MAX;
    } else if (w->state == WORKER_READY && !w->replacing && !m->stopping) {
      bool too_many = w->max_requests && w->requests >= w->max_requests;
      bool too_big =
          m->cfg.limits.heap_mb && w->heap >= m->cfg.limits.heap_mb * 1024 * 1024 / 10 * 9;
      if (too_many || too_big) {
        master_log(m, "worker %d reached its %s limit: replacing it", w->id,
                   too_many ? "max_requests" : "heap");
        w->replacing = true;
        w->exit_cause = too_many ? "max_requests" : "memory";
        if (too_many) m->restarts_max_requests++;
        else m->restarts_heap++;
        worker_spawn(m, w);
      }
    }
  }
  while (m->spawn_debt > 0 && !m->stopping && now >= m->next_spawn_ms) {
    m->spawn_debt--;
    shoal_worker *w = worker_spawn(m, NULL);
    if (w) exit_reason_inherit(m, w);
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
  inspect_tick(m, now);
}

/* A worker became ready: accept connections from now on; a successor lets
 * its predecessor drain. */
static void reload_step(shoal_master *m);
static void reload_rollback(shoal_master *m);

void master_worker_ready(shoal_master *m, shoal_worker *w) {
  /* (before the line below: whoever reads "ready" in the log can connect) */
  if (!m->accepting) listeners_start_accepting(m);
  master_log(m, "worker %d (pid %d) ready in %.1f ms", w->id, w->pid, w->startup_ms);
  if (w->successor_of) {
    shoal_worker *old = w->successor_of;
    w->successor_of = NULL;
    worker_drain(old);
  }
  listeners_dispatch_parked(m);
  if (!m->notified_ready && workers_ready(m) >= m->cfg.workers) {
    m->notified_ready = true;
    notify_send("READY=1\nSTATUS=serving");
  }
  if (w->op_role != OP_ROLE_NEW || m->op.kind == OP_NONE) return;
  control_progress(m->op.client, "worker %d (pid %d, generation %d) ready", w->id, w->pid,
                   w->generation);
  w->op_role = OP_ROLE_NONE;
  if (m->op.kind == OP_RELOAD) {
    reload_step(m);
    return;
  }
  if (m->op.kind == OP_UPGRADE && m->op.pending_ready == 1) {
    for (shoal_worker *o = m->workers; o; o = o->next) {
      if (o->adopted) worker_drain(o);
    }
  }
  if (--m->op.pending_ready > 0 || m->op.pending_exit > 0) return;
  if (m->op.kind == OP_UPGRADE)
    op_finish(m, true, "master pid %d runs version %s; generation %d serving", (int)getpid(),
              SHOAL_VERSION, m->generation);
  else op_finish(m, true, "now %d workers", workers_count(m, false));
}

/* --- control operations ----------------------------------------------------- */

static void op_finish(shoal_master *m, bool ok, const char *fmt, ...) {
  char text[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  static const char *const names[] = {"-", "scale", "reload", "upgrade"};
  master_log(m, "%s %s: %s", names[m->op.kind], ok ? "done" : "failed", text);
  if (!ok && m->op.kind == OP_RELOAD) {
    reload_rollback(m);
    notify_send("READY=1");
  }
  if (ok)
    control_send(m->op.client, json_pack("{s:b, s:s, s:i, s:i}", "ok", 1, "result", text, "workers",
                                         workers_count(m, false), "generation", m->generation));
  else control_send(m->op.client, json_pack("{s:b, s:s}", "ok", 0, "error", text));
  for (shoal_worker *w = m->workers; w; w = w->next) w->op_role = OP_ROLE_NONE;
  if (m->op.kind == OP_RELOAD && ok) config_free(&m->op.old_cfg);
  if (m->op.kind == OP_RELOAD || m->op.kind == OP_UPGRADE) notify_send("READY=1");
  if (m->upgrade_state && m->op.kind == OP_UPGRADE) {
    json_decref(m->upgrade_state);
    m->upgrade_state = json_object();
  }
  m->op.kind = OP_NONE;
  m->op.client = NULL;
  m->op.pending_ready = m->op.pending_exit = 0;
}

void master_scale(shoal_master *m, int target, control_client *client) {
  int current = workers_count(m, false);
  if (target == current) {
    control_send(client, json_pack("{s:b, s:s, s:i}", "ok", 1, "result", "nothing to do", "workers",
                                   current));
    return;
  }
  m->op = (master_op){.kind = OP_SCALE, .client = client};
  m->cfg.workers = target;
  master_log(m, "scaling from %d to %d workers", current, target);
  if (target > current) {
    for (int i = current; i < target; i++) {
      shoal_worker *w = worker_spawn(m, NULL);
      if (!w) continue;
      w->op_role = OP_ROLE_NEW;
      m->op.pending_ready++;
      control_progress(client, "starting worker %d (pid %d)", w->id, w->pid);
    }
    if (m->op.pending_ready == 0) op_finish(m, false, "no worker could be started");
    return;
  }
  /* Scale down: drain the youngest workers first (starting ones before ready ones). */
  int excess = current - target;
  while (excess > 0) {
    shoal_worker *pick = NULL;
    for (shoal_worker *w = m->workers; w; w = w->next) {
      if (w->state != WORKER_STARTING && w->state != WORKER_READY) continue;
      if (!pick || w->started_ms >= pick->started_ms) pick = w;
    }
    if (!pick) break;
    if (pick->state == WORKER_STARTING) {
      pick->state = WORKER_DRAINING; /* never ready: simply stop it */
      worker_kill(pick, SIGTERM);
    } else {
      worker_drain(pick);
    }
    pick->op_role = OP_ROLE_REMOVED;
    pick->exit_cause = "scale";
    m->op.pending_exit++;
    control_progress(client, "draining worker %d (pid %d)", pick->id, pick->pid);
    excess--;
  }
}

/* Starts the next worker of the new generation, replacing an old one while
 * any are left; finishes when the new generation is complete. */
static void reload_step(shoal_master *m) {
  if (m->op.reload_started >= m->op.reload_total) {
    /* Complete: old workers beyond the new count drain now, and so do old
     * ones still starting (they would serve the old code once ready). */
    for (shoal_worker *w = m->workers; w; w = w->next) {
      if (w->generation < m->generation &&
          (w->state == WORKER_READY || w->state == WORKER_STARTING))
        worker_drain(w);
    }
    listeners_close_stale(m);
    op_finish(m, true, "generation %d serving with %d workers", m->generation, m->op.reload_total);
    return;
  }
  shoal_worker *old = NULL;
  for (shoal_worker *w = m->workers; w; w = w->next) {
    if (w->generation < m->generation && w->state == WORKER_READY && !w->replacing) {
      old = w;
      break;
    }
  }
  if (old) {
    old->replacing = true;
    old->exit_cause = "reload";
  }
  shoal_worker *w = worker_spawn(m, old);
  m->op.reload_started++;
  if (!w) {
    op_finish(m, false, "cannot start a worker of generation %d", m->generation);
    return;
  }
  w->op_role = OP_ROLE_NEW;
  control_progress(m->op.client, "starting worker %d (pid %d) of generation %d%s", w->id, w->pid,
                   w->generation, old ? " to replace an old one" : "");
}

json_t *master_sizing(shoal_master *m) {
  return json_pack("{s:i, s:s, s:I, s:s}", "workers", m->cfg.workers, "workers_source",
                   m->cfg.workers_source, "heap_mb", (json_int_t)m->cfg.limits.heap_mb,
                   "heap_mb_source", m->cfg.heap_source);
}

static void log_sizing(shoal_master *m) {
  master_log(m, "workers %d: %s", m->cfg.workers, m->cfg.workers_source);
  master_log(m, "limits.heap_mb %llu: %s", (unsigned long long)m->cfg.limits.heap_mb,
             m->cfg.heap_source);
}

void master_reload(shoal_master *m, control_client *client) {
  char err[2048];
  shoal_config next;
  config_init_defaults(&next);
  bool ok = true;
  if (m->cfg.path) ok = config_load(m->cfg.path, &next, err, sizeof err) == 0;
  if (ok) {
    ok = config_override(&next, m->opt_workers, m->opt_app, m->opt_listen, err, sizeof err) == 0 &&
         config_finish(&next, err, sizeof err) == 0;
  }
  if (!ok) {
    config_free(&next);
    master_log(m, "reload refused: %s", err);
    control_send(client, json_pack("{s:b, s:s}", "ok", 0, "error", err));
    return;
  }
  m->op = (master_op){.kind = OP_RELOAD, .client = client};
  notify_send("RELOADING=1");
  m->op.old_cfg = m->cfg;
  m->cfg = next;
  m->generation++;
  m->op.reload_total = m->cfg.workers;
  master_log(m, "reloading: generation %d with %d workers", m->generation, m->cfg.workers);
  log_sizing(m);
  control_progress(client, "config %s is valid; starting generation %d",
                   m->cfg.path ? m->cfg.path : "(command line)", m->generation);
  if (listeners_apply_config(m) != 0) {
    m->cfg = m->op.old_cfg;
    config_free(&next);
    m->generation--;
    m->op.kind = OP_NONE;
    control_send(client, json_pack("{s:b, s:s}", "ok", 0, "error",
                                   "reload failed: cannot bind the new listeners"));
    return;
  }
  reload_step(m);
}

/* A failed reload: the new generation's workers go, the old config returns. */
static void reload_rollback(shoal_master *m) {
  for (shoal_worker *w = m->workers; w; w = w->next) {
    if (w->generation == m->generation) {
      w->state = w->state == WORKER_READY ? w->state : WORKER_DRAINING;
      worker_drain(w);
      worker_kill(w, SIGTERM);
    } else {
      w->replacing = false;
      w->exit_cause = NULL;
      w->successor_id = 0;
    }
  }
  config_free(&m->cfg);
  m->cfg = m->op.old_cfg;
  memset(&m->op.old_cfg, 0, sizeof m->op.old_cfg);
  m->generation--;
  /* Old workers already replaced by now-removed new ones come back. */
  int live_old = 0;
  for (shoal_worker *w = m->workers; w; w = w->next) {
    bool live = w->state == WORKER_STARTING || w->state == WORKER_READY;
    if (live && w->generation <= m->generation) live_old++;
  }
  if (m->cfg.workers > live_old) m->spawn_debt += m->cfg.workers - live_old;
}

/* The path of the shoal binary now on disk (a rebuilt one was renamed over
 * the old: /proc/self/exe then ends in " (deleted)"). */
static int current_exe(char *buf, size_t cap) {
  ssize_t n = readlink("/proc/self/exe", buf, cap - 1);
  if (n <= 0) return -1;
  buf[n] = 0;
  char *del = strstr(buf, " (deleted)");
  if (del && del[10] == 0) *del = 0;
  return 0;
}

/* Runs EXE with ARGS (NULL-terminated), its stdout and stderr into out (a
 * one-line message); returns its exit status, -1 when it could not run. */
static int run_capture(const char *exe, char **args, char *out, size_t cap) {
  int fds[2];
  if (pipe(fds) != 0) return -1;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], 1);
    dup2(fds[1], 2);
    close(fds[0]);
    execv(exe, args);
    _exit(127);
  }
  close(fds[1]);
  size_t n = 0;
  ssize_t got;
  while (pid > 0 && n + 1 < cap && (got = read(fds[0], out + n, cap - 1 - n)) > 0) n += (size_t)got;
  close(fds[0]);
  out[n] = 0;
  char *nl = strchr(out, '\n');
  if (nl && nl[1] == 0) *nl = 0;
  int status = 0;
  if (pid > 0) waitpid(pid, &status, 0);
  return pid > 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Runs `exe version`: a binary that cannot even do that is not exec'd. */
static int check_binary(const char *exe, char *out, size_t cap) {
  char *args[] = {(char *)exe, "version", NULL};
  int rc = run_capture(exe, args, out, cap);
  return rc == 0 && strncmp(out, "shoal ", 6) == 0 ? 0 : -1;
}

/* The `start` command line of the next image: exe start ARGS... */
static char **start_args(shoal_master *m, const char *exe) {
  char **args = calloc((size_t)m->argc + 3, sizeof *args);
  args[0] = (char *)exe;
  args[1] = "start";
  for (int i = 0; i < m->argc; i++) args[i + 2] = m->argv[i];
  return args;
}

/* The new binary loads the config on disk as the exec'd image will
 * (SHOAL_UPGRADE_CHECK: `start` stops after loading it and finding
 * shoal-runtime), so a config it refuses refuses the upgrade instead of
 * ending the master after the exec. */
static int upgrade_check_config(shoal_master *m, const char *exe, char *err, size_t cap) {
  char **args = start_args(m, exe);
  setenv("SHOAL_UPGRADE_CHECK", "1", 1);
  int rc = run_capture(exe, args, err, cap);
  unsetenv("SHOAL_UPGRADE_CHECK");
  free(args);
  if (rc == -1) snprintf(err, cap, "cannot run %.300s", exe);
  return rc == 0 ? 0 : -1;
}

/* Binds, in this image, the listeners the new config adds: they pass the
 * exec like the others, so the new image never binds (a port held by
 * another process refuses the upgrade here). The current config stays. */
static int upgrade_bind_listeners(shoal_master *m, char *err, size_t cap) {
  shoal_config next;
  int rc = 0;
  if (m->cfg.path) rc = config_load(m->cfg.path, &next, err, cap);
  else config_init_defaults(&next);
  if (rc == 0) {
    rc = config_override(&next, m->opt_workers, m->opt_app, m->opt_listen, err, cap) == 0 &&
                 config_finish(&next, err, cap) == 0
             ? 0
             : -1;
  }
  if (rc == 0) {
    shoal_config cur = m->cfg;
    m->cfg = next;
    rc = listeners_apply_config(m);
    m->cfg = cur;
    if (rc != 0) {
      snprintf(err, cap, "cannot bind the new config's listeners (see the master's log)");
      listeners_close_stale(m); /* the ones bound before the failure */
    }
  }
  config_free(&next);
  return rc;
}

/* upgrade: exec the shoal binary now on disk in place (same pid). The
 * listening sockets, the control socket, the waiting client and the
 * workers' pipes survive the exec (SHOAL_UPGRADE_STATE describes them); the
 * new image starts a new generation of workers and drains the old one. */
void master_upgrade(shoal_master *m, control_client *client) {
  char exe[PATH_MAX], version[256];
  if (current_exe(exe, sizeof exe) != 0 || check_binary(exe, version, sizeof version) != 0) {
    control_send(client, json_pack("{s:b, s:s}", "ok", 0, "error",
                                   "upgrade refused: the new binary does not run"));
    return;
  }
  char err[2048];
  if (upgrade_check_config(m, exe, err, sizeof err) != 0 ||
      upgrade_bind_listeners(m, err, sizeof err) != 0) {
    master_log(m, "upgrade refused: %s", err);
    char msg[2100];
    snprintf(msg, sizeof msg, "upgrade refused: %s", err);
    control_send(client, json_pack("{s:b, s:s}", "ok", 0, "error", msg));
    return;
  }
  master_log(m, "upgrading in place to %s (%s)", exe, version);
  control_progress(client, "new binary %s answers \"%s\"; restarting the master in place", exe,
                   version);
  json_t *state =
      json_pack("{s:o, s:o, s:o, s:i, s:i, s:i}", "listeners", listeners_export(m), "workers",
                workers_export(m), "control", control_export(m, client), "generation",
                m->generation, "next_id", m->next_id, "target", m->cfg.workers);
  char *text = json_dumps(state, JSON_COMPACT);
  json_decref(state);
  setenv("SHOAL_UPGRADE_STATE", text, 1);
  free(text);
  char **args = start_args(m, exe);
  output_flush();
  fflush(stdout);
  fflush(stderr);
  zygote_stop(m); /* the new image starts its own, from the new binary */
  execv(exe, args);
  /* Still here: the old image keeps running as if nothing happened. */
  int exec_err = errno;
  free(args);
  unsetenv("SHOAL_UPGRADE_STATE");
  workers_unexport(m);
  control_unexport(m, client);
  master_log(m, "upgrade failed: exec %s: %s", exe, strerror(exec_err));
  control_send(client, json_pack("{s:b, s:s}", "ok", 0, "error", "upgrade failed: exec failed"));
}

/* In the image an upgrade exec'd: take over from the previous one. */
static void resume_upgrade(shoal_master *m) {
  json_t *st = m->upgrade_state;
  control_client *client = control_adopt(m, json_object_get(st, "control"));
  workers_adopt(m, json_object_get(st, "workers"));
  m->generation = (int)json_integer_value(json_object_get(st, "generation")) + 1;
  int next_id = (int)json_integer_value(json_object_get(st, "next_id"));
  if (next_id > m->next_id) m->next_id = next_id;
  /* A count set by `scale` survives the upgrade (a reload applies the config's). */
  int target = (int)json_integer_value(json_object_get(st, "target"));
  if (target > 0) m->cfg.workers = target;
  workers_reap_adopted(m); /* any that exited during the exec */
  m->op = (master_op){.kind = OP_UPGRADE, .client = client};
  master_log(m, "upgraded master running; starting generation %d", m->generation);
  control_progress(client, "master pid %d now runs version %s; starting generation %d",
                   (int)getpid(), SHOAL_VERSION, m->generation);
}

/* --- command line -------------------------------------------------------- */

static int usage(void) {
  fprintf(stderr,
          "usage: shoal start [CONFIG] [--workers N|auto] [--app FILE] [--listen [HOST:]PORT] "
          "[--watch] [--inspect[=PORT]]\n");
  return 2;
}

static bool opt_watch; /* --watch: reload on changes (watch.h) */

static int load_config(shoal_master *m, int argc, char **argv) {
  const char *path = NULL, *workers = NULL, *app = NULL, *listen = NULL;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    const char **opt = NULL;
    if (strcmp(a, "--watch") == 0) {
      opt_watch = true;
      continue;
    }
    if (strcmp(a, "--inspect") == 0 || strncmp(a, "--inspect=", 10) == 0) {
      if (inspect_parse_option(m, a) != 0) return usage();
      continue;
    }
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
  m->opt_workers = workers;
  m->opt_app = app;
  m->opt_listen = listen;
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

/* A start that fails after the fork server was started: it goes too. */
static int start_failed(shoal_master *m) {
  zygote_stop(m);
  return 1;
}

int master_main(int argc, char **argv) {
  shoal_master *m = calloc(1, sizeof *m);
  m->argc = argc;
  m->argv = argv;
  m->loop = uv_default_loop();
  m->next_id = 1;
  m->generation = 1;
  m->runtime_path = runtime_path();
  bool have_runtime = m->runtime_path && access(m->runtime_path, X_OK) == 0;
  /* The fork server first: its exec and the loading of libnode, the longest
   * step before the first worker, overlap reading the config and binding. */
  bool upgrade_check = getenv("SHOAL_UPGRADE_CHECK") != NULL;
  if (have_runtime && !upgrade_check) zygote_start(m);
  int rc = load_config(m, argc, argv);
  if (rc != 0) {
    zygote_stop(m);
    free(m->runtime_path);
    free(m);
    return rc;
  }
  if (!have_runtime) {
    fprintf(stderr, "shoal: cannot find shoal-runtime next to this executable\n");
    return 1;
  }
  if (upgrade_check) return 0; /* upgrade_check_config: config and runtime ok */
  const char *up = getenv("SHOAL_UPGRADE_STATE");
  if (up) {
    m->upgrade_state = json_loads(up, 0, NULL);
    unsetenv("SHOAL_UPGRADE_STATE");
  }
  if (listeners_bind_config(m) != 0) return start_failed(m);
  if (m->upgrade_state) resume_upgrade(m);
  else if (control_listen(m) != 0) return start_failed(m);
  /* After an upgrade's exec nothing may end the master: metrics are not
   * worth the service. */
  if (m->cfg.metrics_listen && metrics_listen(m) != 0 && !m->upgrade_state) return start_failed(m);
  install_signals(m);
  output_init(m->loop);
  uv_timer_init(m->loop, &m->tick);
  m->tick.data = m;
  m->started_ms = master_now(m);
  uv_timer_start(&m->tick, on_tick, TICK_MS, TICK_MS);
  master_log(m, "starting %d workers for %s", m->cfg.workers, m->cfg.app);
  log_sizing(m);
  /* The fork server (started above) loads as fast as a worker would:
   * waiting for it makes the first workers clones too, smaller and quicker
   * to replace. */
  zygote_wait_ready(m, 1000);
  if (opt_watch) watch_start(m);
  for (int i = 0; i < m->cfg.workers; i++) {
    shoal_worker *w = worker_spawn(m, NULL);
    if (w && m->op.kind == OP_UPGRADE) {
      w->op_role = OP_ROLE_NEW;
      m->op.pending_ready++;
    }
  }
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
