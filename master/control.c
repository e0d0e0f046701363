/* control: the master's control socket (ipc/CONTROL.md). A Unix stream
 * socket created with mode 0600; a peer is served only when SO_PEERCRED
 * shows the master's own uid or root. One JSON object per line each way:
 * zero or more {"progress": "..."} lines, then one {"ok": ...} reply.
 *
 * Long operations (scale, reload) keep the client until they finished: the
 * client is parked in the master's pending operation and answered from
 * control_op_done. Each control_client is owned by this module and freed
 * when its handle closed. */
#define _GNU_SOURCE
#include "control.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "inspect.h"
#include "master.h"
#include "metrics.h"
#include "shed.h"

#define LINE_MAX_BYTES 65536

struct control_client {
  uv_pipe_t pipe;
  shoal_master *master;
  char *buf;
  size_t len, cap;
  bool closing;
};

static void client_closed(uv_handle_t *h) {
  control_client *c = h->data;
  free(c->buf);
  free(c);
}

static void client_close(control_client *c) {
  if (c->closing) return;
  c->closing = true;
  shoal_master *m = c->master;
  if (m->op.client == c) m->op.client = NULL; /* the operation goes on without it */
  inspect_client_gone(m, c);
  uv_close((uv_handle_t *)&c->pipe, client_closed);
}

typedef struct write_req {
  uv_write_t w;
  char *data;
} write_req;

static void on_written(uv_write_t *w, int status) {
  (void)status;
  write_req *r = (write_req *)w;
  free(r->data);
  free(r);
}

/* Sends one JSON line (steals msg). */
void control_send(control_client *c, json_t *msg) {
  if (!c || c->closing) {
    json_decref(msg);
    return;
  }
  char *text = json_dumps(msg, JSON_COMPACT);
  json_decref(msg);
  if (!text) return;
  size_t n = strlen(text);
  char *line = realloc(text, n + 2);
  line[n] = '\n';
  line[n + 1] = 0;
  write_req *r = malloc(sizeof *r);
  r->data = line;
  uv_buf_t b = uv_buf_init(line, (unsigned)n + 1);
  if (uv_write(&r->w, (uv_stream_t *)&c->pipe, &b, 1, on_written) != 0) {
    free(line);
    free(r);
  }
}

void control_progress(control_client *c, const char *fmt, ...) {
  char text[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  control_send(c, json_pack("{s:s}", "progress", text));
}

void control_error(control_client *c, const char *fmt, ...) {
  char text[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  control_send(c, json_pack("{s:b, s:s}", "ok", 0, "error", text));
}

/* --- commands --------------------------------------------------------------- */

static const char *state_name(worker_state s) {
  switch (s) {
    case WORKER_STARTING: return "starting";
    case WORKER_READY: return "ready";
    case WORKER_DRAINING: return "draining";
    default: return "exited";
  }
}

/* What `ctl top` and /dashboard add to a worker's status: rates over the
 * last second, open connections, CPU time and how old its heartbeat is. */
static void add_live_fields(json_t *o, shoal_worker *w, uint64_t now) {
  json_object_set_new(o, "rps", json_real(w->rps));
  json_object_set_new(o, "cpu_pct", json_real(w->cpu_pct));
  json_object_set_new(o, "cpu_s", json_real((double)w->cpu_us / 1e6));
  json_object_set_new(o, "open_conns", json_integer((json_int_t)w->open_conns));
  json_object_set_new(
      o, "heartbeat_age_ms",
      json_integer(w->last_heartbeat_ms ? (json_int_t)(now - w->last_heartbeat_ms) : -1));
  exit_reason_add_json(o, w, now);
}

static json_t *ms_or_null(double ms) {
  return ms < 0 ? json_null() : json_real(ms);
}

/* p50_ms/p99_ms (null: no request in the window) and the window's request
 * count from delta (latency.h). */
static void add_percentiles(json_t *o, const uint64_t *delta) {
  json_object_set_new(o, "p50_ms", ms_or_null(latency_quantile(delta, 0.5)));
  json_object_set_new(o, "p99_ms", ms_or_null(latency_quantile(delta, 0.99)));
  json_object_set_new(o, "window_requests",
                      json_integer((json_int_t)delta[REQUEST_DURATION_BUCKETS]));
}

json_t *control_status(shoal_master *m) {
  uint64_t now = master_now(m);
  json_t *workers = json_array();
  uint64_t all[REQUEST_DURATION_BUCKETS + 1] = {0};
  for (shoal_worker *w = m->workers; w; w = w->next) {
    if (w->state == WORKER_EXITED) continue;
    uint64_t counts[REQUEST_DURATION_BUCKETS + 1], delta[REQUEST_DURATION_BUCKETS + 1] = {0};
    worker_duration_counts(w, counts);
    latency_delta(&w->latency, counts, delta);
    for (int i = 0; i <= REQUEST_DURATION_BUCKETS; i++) all[i] += delta[i];
    const char *state = state_name(w->state);
    if (w->state == WORKER_READY && worker_is_busy(w, now)) state = "busy";
    if (w->state == WORKER_READY && inspect_debugged(w)) state = "debugging";
    json_t *o = json_pack(
        "{s:i, s:i, s:i, s:s, s:I, s:f, s:b, s:I, s:I, s:I, s:I, s:f}", "id", w->id, "pid", w->pid,
        "generation", w->generation, "state", state, "uptime_s",
        (json_int_t)((now - w->started_ms) / 1000), "startup_ms", w->startup_ms, "forked",
        w->forked, "requests", (json_int_t)w->requests, "inflight", (json_int_t)w->inflight, "rss",
        (json_int_t)w->rss, "heap", (json_int_t)w->heap, "lag_ms",
        w->state == WORKER_READY && worker_is_busy(w, now) ? (double)(now - w->last_heartbeat_ms)
                                                           : w->lag_ms);
    add_live_fields(o, w, now);
    add_percentiles(o, delta);
    json_array_append_new(workers, o);
  }
  json_t *listeners = json_array();
  for (size_t i = 0; i < m->nlisteners; i++) {
    shoal_listener *l = m->listeners[i];
    if (l->closed) continue;
    json_array_append_new(listeners, json_pack("{s:s, s:i, s:b}", "host", l->host, "port",
                                               l->bound_port, "from_config", l->from_config));
  }
  json_t *reply =
      json_pack("{s:b, s:i, s:{s:i, s:s, s:I, s:i}, s:o, s:o}", "ok", 1, "version",
                CONTROL_PROTOCOL_VERSION, "master", "pid", (int)getpid(), "version", SHOAL_VERSION,
                "uptime_s", (json_int_t)((now - m->started_ms) / 1000), "generation", m->generation,
                "workers", workers, "listeners", listeners);
  json_object_set_new(json_object_get(reply, "master"), "health_down",
                      json_boolean(m->health_down));
  json_object_set_new(reply, "sizing", master_sizing(m));
  json_t *latency = json_pack("{s:i}", "window_s", LATENCY_WINDOW_S);
  add_percentiles(latency, all);
  json_object_set_new(reply, "latency", latency);
  json_object_set_new(reply, "queue", shed_status(m));
  json_object_set_new(
      reply, "restarts",
      json_pack("{s:I, s:I, s:I, s:I, s:I}", "crash", (json_int_t)m->restarts_crash, "watchdog",
                (json_int_t)m->restarts_watchdog, "ready_timeout",
                (json_int_t)m->restarts_ready_timeout, "max_requests",
                (json_int_t)m->restarts_max_requests, "heap", (json_int_t)m->restarts_heap));
  return reply;
}

/* scale: {"workers": N} or {"delta": +-N} */
static void cmd_scale(control_client *c, json_t *msg) {
  shoal_master *m = c->master;
  int current = workers_count(m, false);
  json_t *n = json_object_get(msg, "workers"), *d = json_object_get(msg, "delta");
  int target;
  if (json_is_integer(n)) target = (int)json_integer_value(n);
  else if (json_is_integer(d)) target = current + (int)json_integer_value(d);
  else return control_error(c, "scale needs \"workers\" (a number) or \"delta\" (+N or -N)");
  if (target < 1) return control_error(c, "cannot scale below 1 worker (asked for %d)", target);
  if (target > 1024)
    return control_error(c, "cannot scale above 1024 workers (asked for %d)", target);
  master_scale(m, target, c);
}

static void cmd_reload(control_client *c) {
  master_reload(c->master, c);
}

static void cmd_stop(control_client *c, json_t *msg) {
  bool fast = json_is_true(json_object_get(msg, "fast"));
  control_send(c, json_pack("{s:b, s:s}", "ok", 1, "stopping", fast ? "fast" : "graceful"));
  master_stop(c->master, fast);
}

static void dispatch(control_client *c, const char *line, size_t len) {
  shoal_master *m = c->master;
  json_error_t jerr;
  json_t *msg = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
  if (!msg || !json_is_object(msg)) {
    control_error(c, "bad request: %s", msg ? "expected a JSON object" : jerr.text);
    json_decref(msg);
    return;
  }
  const char *cmd = json_string_value(json_object_get(msg, "cmd"));
  if (!cmd) {
    control_error(c, "bad request: missing \"cmd\"");
  } else if (m->op.kind != OP_NONE && (strcmp(cmd, "scale") == 0 || strcmp(cmd, "reload") == 0 ||
                                       strcmp(cmd, "upgrade") == 0)) {
    control_error(c, "busy: a %s is in progress", m->op.kind == OP_RELOAD ? "reload" : "scale");
  } else if (strcmp(cmd, "status") == 0) {
    control_send(c, control_status(m));
  } else if (strcmp(cmd, "scale") == 0) {
    cmd_scale(c, msg);
  } else if (strcmp(cmd, "reload") == 0) {
    cmd_reload(c);
  } else if (strcmp(cmd, "stop") == 0) {
    cmd_stop(c, msg);
  } else if (strcmp(cmd, "metrics") == 0) {
    char *text = metrics_render(m);
    control_send(c, json_pack("{s:b, s:s}", "ok", 1, "metrics", text));
    free(text);
  } else if (strcmp(cmd, "upgrade") == 0) {
    master_upgrade(m, c);
  } else if (strcmp(cmd, "inspect") == 0) {
    inspect_start(m, c, msg);
  } else if (strcmp(cmd, "drain") == 0 || strcmp(cmd, "undrain") == 0) {
    workers_set_health_down(m, cmd[0] == 'd');
    control_send(c, json_pack("{s:b, s:b}", "ok", 1, "health_down", m->health_down));
  } else {
    control_error(c, "unknown command \"%s\"", cmd);
  }
  json_decref(msg);
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
  control_client *c = h->data;
  (void)suggested;
  if (c->cap - c->len < 4096) {
    c->cap = c->cap ? c->cap * 2 : 8192;
    c->buf = realloc(c->buf, c->cap);
  }
  *buf = uv_buf_init(c->buf + c->len, (unsigned)(c->cap - c->len));
}

static void on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf) {
  control_client *c = s->data;
  (void)buf;
  if (n < 0) {
    client_close(c);
    return;
  }
  /* Only the new bytes are searched for line ends. */
  size_t start = 0, i = c->len;
  c->len += (size_t)n;
  for (; i < c->len && !c->closing; i++) {
    if (c->buf[i] != '\n') continue;
    if (i > start) dispatch(c, c->buf + start, i - start);
    start = i + 1;
  }
  memmove(c->buf, c->buf + start, c->len - start);
  c->len -= start;
  if (c->len > LINE_MAX_BYTES) {
    control_error(c, "bad request: line too long");
    client_close(c);
  }
}

/* With control.group set, its members may control the cluster too (the
 * peer's group, or a supplementary group of its user). The workers' user
 * never may by default: app code must not stop or reload its own cluster. */
static bool control_group_allowed(shoal_master *m, const struct ucred *cred) {
  struct group *gr = m->cfg.control_group ? getgrnam(m->cfg.control_group) : NULL;
  if (!gr) return false;
  if (cred->gid == gr->gr_gid) return true;
  struct passwd *pw = getpwuid(cred->uid);
  if (!pw) return false;
  gid_t groups[256];
  int n = 256;
  if (getgrouplist(pw->pw_name, pw->pw_gid, groups, &n) < 0) return false;
  for (int i = 0; i < n; i++) {
    if (groups[i] == gr->gr_gid) return true;
  }
  return false;
}

/* Only the master's own user, or root, may control it. */
static bool peer_allowed(uv_pipe_t *pipe, uid_t *peer_uid) {
  uv_os_fd_t fd;
  struct ucred cred;
  socklen_t len = sizeof cred;
  if (uv_fileno((uv_handle_t *)pipe, &fd) != 0) return false;
  if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) return false;
  *peer_uid = cred.uid;
  shoal_master *m = pipe->data ? ((control_client *)pipe->data)->master : NULL;
  return control_uid_allowed(cred.uid, getuid()) || (m && control_group_allowed(m, &cred));
}

bool control_uid_allowed(uid_t peer, uid_t self) {
  return peer == self || peer == 0;
}

static void on_connection(uv_stream_t *server, int status) {
  shoal_master *m = server->data;
  if (status < 0) return;
  control_client *c = calloc(1, sizeof *c);
  c->master = m;
  uv_pipe_init(m->loop, &c->pipe, 0);
  c->pipe.data = c;
  if (uv_accept(server, (uv_stream_t *)&c->pipe) != 0) {
    uv_close((uv_handle_t *)&c->pipe, client_closed);
    return;
  }
  uid_t uid = (uid_t)-1;
  if (!peer_allowed(&c->pipe, &uid)) {
    master_log(m, "control: refused a peer with uid %d", (int)uid);
    control_error(c, "permission denied: uid %d may not control this master", (int)uid);
    client_close(c);
    return;
  }
  uv_read_start((uv_stream_t *)&c->pipe, on_alloc, on_read);
}

int control_listen(shoal_master *m) {
  const char *path = m->cfg.control_socket;
  if (!path) return 0;
  /* A socket left by a dead master is removed; a live one is not stolen. */
  struct stat st;
  if (stat(path, &st) == 0 && S_ISSOCK(st.st_mode)) {
    int probe = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path);
    bool alive = connect(probe, (struct sockaddr *)&addr, sizeof addr) == 0;
    close(probe);
    if (alive) {
      fprintf(stderr, "shoal: another master answers on %s\n", path);
      return -1;
    }
    unlink(path);
  }
  uv_pipe_init(m->loop, &m->control, 0);
  m->control.data = m;
  mode_t old = umask(0177); /* the socket is created 0600 */
  int err = uv_pipe_bind(&m->control, path);
  umask(old);
  if (err == 0) err = chmod(path, 0600) == 0 ? 0 : uv_translate_sys_error(errno);
  if (err == 0 && m->cfg.control_group) {
    /* The configured group may control the cluster: root:group 0660. */
    struct group *gr = getgrnam(m->cfg.control_group);
    if (!gr || chown(path, (uid_t)-1, gr->gr_gid) != 0 || chmod(path, 0660) != 0)
      err = gr ? uv_translate_sys_error(errno) : UV_EINVAL;
  }
  if (err == 0) err = uv_listen((uv_stream_t *)&m->control, 64, on_connection);
  if (err) {
    fprintf(stderr, "shoal: cannot create the control socket %s: %s\n", path, uv_strerror(err));
    uv_close((uv_handle_t *)&m->control, NULL);
    return -1;
  }
  m->control_open = true;
  return 0;
}

void control_close(shoal_master *m) {
  if (!m->control_open) return;
  m->control_open = false;
  uv_close((uv_handle_t *)&m->control, NULL);
  if (m->cfg.control_socket) unlink(m->cfg.control_socket);
}

/* --- upgrade: the control socket and a waiting client survive exec --------------------- */

json_t *control_export(shoal_master *m, control_client *c) {
  uv_os_fd_t lfd = -1, cfd = -1;
  if (m->control_open && uv_fileno((uv_handle_t *)&m->control, &lfd) == 0) fcntl(lfd, F_SETFD, 0);
  if (c && !c->closing && uv_fileno((uv_handle_t *)&c->pipe, &cfd) == 0) {
    uv_read_stop((uv_stream_t *)&c->pipe);
    fcntl(cfd, F_SETFD, 0);
  }
  return json_pack("{s:i, s:i}", "listen_fd", lfd, "client_fd", cfd);
}

void control_unexport(shoal_master *m, control_client *c) {
  uv_os_fd_t fd;
  if (m->control_open && uv_fileno((uv_handle_t *)&m->control, &fd) == 0)
    fcntl(fd, F_SETFD, FD_CLOEXEC);
  if (c && !c->closing && uv_fileno((uv_handle_t *)&c->pipe, &fd) == 0) {
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    uv_read_start((uv_stream_t *)&c->pipe, on_alloc, on_read);
  }
}

control_client *control_adopt(shoal_master *m, json_t *state) {
  int lfd = (int)json_integer_value(json_object_get(state, "listen_fd"));
  int cfd = (int)json_integer_value(json_object_get(state, "client_fd"));
  if (lfd >= 0) {
    fcntl(lfd, F_SETFD, FD_CLOEXEC);
    uv_pipe_init(m->loop, &m->control, 0);
    m->control.data = m;
    if (uv_pipe_open(&m->control, lfd) == 0 &&
        uv_listen((uv_stream_t *)&m->control, 64, on_connection) == 0) {
      m->control_open = true;
    }
  }
  if (cfd < 0) return NULL;
  fcntl(cfd, F_SETFD, FD_CLOEXEC);
  control_client *c = calloc(1, sizeof *c);
  c->master = m;
  uv_pipe_init(m->loop, &c->pipe, 0);
  c->pipe.data = c;
  if (uv_pipe_open(&c->pipe, cfd) != 0) {
    uv_close((uv_handle_t *)&c->pipe, client_closed);
    return NULL;
  }
  uv_read_start((uv_stream_t *)&c->pipe, on_alloc, on_read);
  return c;
}
