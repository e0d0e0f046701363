/* workers: the master's side of each worker process: spawning
 * `shoal-runtime worker` with an IPC pipe on fd 3, the init message, the
 * worker's messages (ready, heartbeat, listen), its stdout/stderr (each line
 * tagged with the worker id), draining, killing and reaping. */
#include <ctype.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "broadcast.h"
#include "busy_page.h"
#include "inspect.h"
#include "master.h"
#include "output.h"
#include "zygote.h"

#define BUSY_AFTER_MS 300 /* three missed heartbeats: the loop is blocked */

extern char **environ;

bool worker_is_busy(shoal_worker *w, uint64_t now) {
  return now - w->last_heartbeat_ms > BUSY_AFTER_MS;
}

/* Inside a request's JavaScript for more than 2 ms right now (the busy page):
 * a new connection would wait behind it. */
bool worker_in_long_js(shoal_worker *w) {
  if (!w->busy) return false;
  uint64_t since = atomic_load(&w->busy->js_since_ns);
  return since && uv_hrtime() - since > 2000000u;
}

int workers_count(shoal_master *m, bool include_draining) {
  int n = 0;
  for (shoal_worker *w = m->workers; w; w = w->next) {
    if (w->state == WORKER_EXITED) continue;
    if (w->state == WORKER_DRAINING && !include_draining) continue;
    n++;
  }
  return n;
}

int workers_ready(shoal_master *m) {
  int n = 0;
  for (shoal_worker *w = m->workers; w; w = w->next) n += w->state == WORKER_READY;
  return n;
}

/* --- freeing ---------------------------------------------------------------- */

static void unlink_worker(shoal_worker *w) {
  shoal_master *m = w->master;
  for (shoal_worker **pp = &m->workers; *pp; pp = &(*pp)->next) {
    if (*pp == w) {
      *pp = w->next;
      break;
    }
  }
  for (shoal_worker *o = m->workers; o; o = o->next) {
    if (o->successor_of == w) o->successor_of = NULL;
  }
}

/* Every handle of a worker (the IPC pipe included) has data == w. */
static shoal_worker *worker_of(uv_handle_t *h) {
  return h->data;
}

/* Drops one of w's references (its open handles and, for a worker libuv
 * did not spawn, its process until reaped): the last one frees it. */
static void worker_release(shoal_worker *w) {
  if (--w->open_handles > 0) return;
  shoal_master *m = w->master;
  unlink_worker(w);
  ipc_release(&w->ipc);
  for (int i = 0; i < WORKER_NOUTPUT; i++) free(w->lines[i].buf);
  free(w->serves);
  inspect_worker_gone(w);
  busy_page_release(w->busy);
  free(w);
  master_worker_gone(m);
}

static void on_handle_closed(uv_handle_t *h) {
  worker_release(worker_of(h));
}

/* Every handle of a worker has data == the worker; the last close frees it. */
static void close_handle(uv_handle_t *h) {
  if (!uv_is_closing(h)) uv_close(h, on_handle_closed);
}

/* --- stdout / stderr / access log ---------------------------------------------- */

/* Whether `line`, read from the access-log pipe of worker `id`, is one of
 * that worker's access records as worker/access_log.c writes them: JSON
 * {"time":"...","worker":ID,"remote":...} or combined "ADDR - - [...] ...
 * worker=ID duration=...". Only those go out as they are; anything else the
 * app wrote to its fd 4 is tagged like its stdout, so it cannot pass for the
 * master's lines (master.c master_log) or another worker's. */
static bool is_access_record(int id, const char *line, size_t len) {
  char want[64];
  static const char json_head[] = "{\"time\":\"";
  size_t jl = sizeof json_head - 1;
  if (len > jl && memcmp(line, json_head, jl) == 0) {
    const char *q = memchr(line + jl, '"', len - jl);
    int n = snprintf(want, sizeof want, "\",\"worker\":%d,\"remote\":\"", id);
    return q && q - line < 64 && (size_t)(line + len - q) > (size_t)n &&
           memcmp(q, want, (size_t)n) == 0 && line[len - 1] == '}';
  }
  size_t a = 0; /* the client's address (or "-"), then " - - [" */
  while (a < len && a < 48 && (isxdigit((unsigned char)line[a]) || strchr(":.-", line[a]))) a++;
  if (a == 0 || a + 6 > len || memcmp(line + a, " - - [", 6) != 0) return false;
  int n = snprintf(want, sizeof want, " worker=%d duration=", id);
  for (size_t i = len; i-- > a;) { /* the last fields: the URL and agent come before */
    if (line[i] == '"') return false;
    if (len - i >= (size_t)n && memcmp(line + i, want, (size_t)n) == 0) return true;
  }
  return false;
}

/* One line of the worker's output as one record, tagged with its id unless
 * it is an access record (is_access_record). */
static void relay_line(shoal_worker *w, output_stream to, bool tagged, const char *line,
                       size_t len) {
  char tag[32];
  int n = tagged ? snprintf(tag, sizeof tag, "[worker %d] ", w->id) : 0;
  char *rec = malloc((size_t)n + len + 1);
  if (!rec) return;
  memcpy(rec, tag, (size_t)n);
  memcpy(rec + n, line, len);
  rec[(size_t)n + len] = '\n';
  output_write(to, rec, (size_t)n + len + 1);
  free(rec);
}

/* One line of output `which`: an access record goes to stdout untagged. */
static void relay(shoal_worker *w, worker_output which, const char *line, size_t len) {
  bool access = which == WORKER_ACCESS && is_access_record(w->id, line, len);
  relay_line(w, which == WORKER_STDERR ? OUTPUT_STDERR : OUTPUT_STDOUT, !access, line, len);
}

/* Passes on the complete lines of output `which` (all: the rest too). */
static void flush_lines(shoal_worker *w, worker_output which, bool all) {
  line_buffer *lb = &w->lines[which];
  size_t start = 0;
  for (size_t i = 0; i < lb->len; i++) {
    if (lb->buf[i] != '\n') continue;
    relay(w, which, lb->buf + start, i - start);
    start = i + 1;
  }
  if (all && start < lb->len) {
    relay(w, which, lb->buf + start, lb->len - start);
    start = lb->len;
  }
  if (start == 0) return;
  memmove(lb->buf, lb->buf + start, lb->len - start);
  lb->len -= start;
}

static void on_stdio_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
  (void)h;
  (void)suggested;
  static char chunk[65536];
  *buf = uv_buf_init(chunk, sizeof chunk);
}

static void on_stdio_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf) {
  shoal_worker *w = s->data;
  worker_output which = (worker_output)((uv_pipe_t *)s - w->output);
  line_buffer *lb = &w->lines[which];
  if (n < 0) {
    flush_lines(w, which, true);
    close_handle((uv_handle_t *)s);
    return;
  }
  if (lb->len + (size_t)n > lb->cap) {
    size_t cap = lb->cap ? lb->cap : 4096;
    while (cap < lb->len + (size_t)n) cap *= 2;
    lb->buf = realloc(lb->buf, cap);
    lb->cap = cap;
  }
  memcpy(lb->buf + lb->len, buf->base, (size_t)n);
  lb->len += (size_t)n;
  /* The complete lines; then a line still unfinished after 64 KiB is passed
   * on as it is (not one cut short because a read ended inside it). */
  flush_lines(w, which, false);
  if (lb->len > 65536) flush_lines(w, which, true);
}

static void init_pipes(shoal_master *m, shoal_worker *w) {
  uv_pipe_init(m->loop, &w->ipc.pipe, 1);
  w->ipc.pipe.data = w;
  for (int i = 0; i < WORKER_NOUTPUT; i++) {
    uv_pipe_init(m->loop, &w->output[i], 0);
    w->output[i].data = w;
  }
}

static void read_outputs(shoal_worker *w, bool on) {
  for (int i = 0; i < WORKER_NOUTPUT; i++) {
    uv_stream_t *s = (uv_stream_t *)&w->output[i];
    if (uv_is_closing((uv_handle_t *)s)) continue;
    if (on) uv_read_start(s, on_stdio_alloc, on_stdio_read);
    else uv_read_stop(s);
  }
}

static void close_outputs(shoal_worker *w) {
  for (int i = 0; i < WORKER_NOUTPUT; i++) close_handle((uv_handle_t *)&w->output[i]);
}

/* The pipes survive the exec of an upgrade (off) or are ours again (on). */
static void set_cloexec(shoal_worker *w, bool on) {
  uv_os_fd_t fd;
  if (uv_fileno((uv_handle_t *)&w->ipc.pipe, &fd) == 0) fcntl(fd, F_SETFD, on ? FD_CLOEXEC : 0);
  for (int i = 0; i < WORKER_NOUTPUT; i++) {
    if (uv_fileno((uv_handle_t *)&w->output[i], &fd) == 0) fcntl(fd, F_SETFD, on ? FD_CLOEXEC : 0);
  }
}

/* --- IPC -------------------------------------------------------------------- */

/* TLS session ticket keys shared by every worker (name 16, HMAC 32, AES 32
 * bytes, hex), so a ticket from one worker resumes on another. */
static const char *ticket_keys_hex(void) {
  static char hex[161];
  if (!hex[0]) {
    unsigned char k[80];
    if (uv_random(NULL, NULL, k, sizeof k, 0, NULL) != 0) return NULL;
    for (size_t i = 0; i < sizeof k; i++) snprintf(hex + 2 * i, 3, "%02x", k[i]);
  }
  return hex;
}

static json_t *init_message(shoal_worker *w) {
  shoal_master *m = w->master;
  shoal_config *c = &m->cfg;
  json_t *listeners = json_array();
  for (size_t i = 0; i < m->nlisteners; i++) {
    shoal_listener *l = m->listeners[i];
    json_t *o = json_pack("{s:i, s:s, s:i, s:b}", "index", l->index, "host", l->host, "port",
                          l->bound_port, "config", l->from_config);
    if (l->from_config && (size_t)l->index < c->nlisten && c->listen[l->index].sticky_cookie)
      json_object_set_new(o, "sticky_cookie", json_true());
    if (l->from_config && (size_t)l->index < c->nlisten && c->listen[l->index].ntls > 0) {
      json_t *tls = json_array();
      shoal_listen *cl = &c->listen[l->index];
      for (size_t k = 0; k < cl->ntls; k++) {
        shoal_tls_cert *t = &cl->tls[k];
        json_array_append_new(tls, json_pack("{s:s?, s:s?, s:s?, s:s?}", "cert", t->cert, "key",
                                             t->key, "ca", t->ca, "servername", t->servername));
      }
      json_object_set_new(o, "tls", tls);
    }
    json_array_append_new(listeners, o);
  }
  /* The config's members come from its schema (config.h `wire`); the rest
   * is this master's state. */
  json_t *msg = config_worker_json(c);
  json_t *own = json_pack("{s:s, s:i, s:i, s:i, s:o}", "type", "init", "v", IPC_PROTOCOL_VERSION,
                          "id", w->id, "generation", w->generation, "listeners", listeners);
  json_object_update(msg, own);
  json_decref(own);
  json_object_set_new(msg, "ticket_keys", json_string(ticket_keys_hex()));
  if (w->master->health_down) json_object_set_new(msg, "health_down", json_true());
  inspect_init_msg(w, msg);
  return msg;
}

static void send_json(shoal_worker *w, json_t *msg) {
  ipc_send(&w->ipc, msg, NULL);
  json_decref(msg);
}

void worker_send_msg(shoal_worker *w, json_t *msg) {
  send_json(w, msg);
}

static void free_handle(uv_handle_t *h) {
  free(h);
}

/* The check phase, after the poll that accepted: every worker's batch. */
static void on_send_check(uv_check_t *h) {
  shoal_master *m = h->data;
  for (shoal_worker *w = m->workers; w; w = w->next) ipc_flush_fds(&w->ipc);
  uv_check_stop(h);
}

/* From an accept callback (m->batch_conns), a connection joins w's batch,
 * sent once the poll phase's callbacks are done (on_send_check, the check
 * phase of the same iteration): a wake-up that accepted several gives each
 * worker one sendmsg, and one wake-up, for its share of them (a quarter
 * of the sendmsg calls under `wrk -c50` close load; docs/performance.md,
 * "third round"). Anywhere else it goes at once. */
static int send_conn_fd(shoal_worker *w, const char *frame, size_t len, int fd) {
  shoal_master *m = w->master;
  if (!m->batch_conns) return ipc_send_fd(&w->ipc, frame, len, fd);
  if (!m->send_check_ready) {
    uv_check_init(m->loop, &m->send_check);
    m->send_check.data = m;
    m->send_check_ready = true;
  }
  uv_check_start(&m->send_check, on_send_check);
  return ipc_batch_fd(&w->ipc, frame, len, fd);
}

int worker_send_conn(shoal_worker *w, uv_tcp_t *conn, shoal_listener *l) {
  /* The PROXY protocol's client (proxy_accept.h), if any. */
  char *remote = conn->data ? json_dumps(conn->data, JSON_COMPACT) : NULL;
  json_decref(conn->data);
  conn->data = NULL;
  /* The master's handle never watched the descriptor itself (PROXY and
   * sticky-cookie reads polled it with a uv_poll, closed by now): it goes
   * as a plain fd, the handle closed empty, which spares uv_close its
   * epoll_ctl(DEL) of a descriptor epoll never had. */
  uv_os_fd_t fd = -1;
  uv_fileno((uv_handle_t *)conn, &fd);
  conn->io_watcher.fd = -1;
  uv_close((uv_handle_t *)conn, free_handle);
  char small[IPC_CONN_FRAME_MAX];
  size_t cap = sizeof small + (remote ? strlen(remote) : 0);
  char *frame = remote ? malloc(cap) : small;
  size_t len = frame ? ipc_conn_frame(frame, cap, l->index, l->bound_port, remote) : 0;
  int err = fd < 0 ? UV_EBADF : len == 0 ? UV_ENOMEM : send_conn_fd(w, frame, len, fd);
  if (err && fd >= 0 && len == 0) close(fd);
  if (frame != small) free(frame);
  free(remote);
  if (err == 0) w->conns_sent++;
  return err;
}

/* The kernel balance: each worker accepts on the listening sockets itself. */
static void send_listeners(shoal_worker *w) {
  shoal_master *m = w->master;
  for (size_t i = 0; i < m->nlisteners; i++) {
    shoal_listener *l = m->listeners[i];
    if (l->closed) continue;
    uv_tcp_t *dup_handle = malloc(sizeof *dup_handle);
    uv_os_fd_t fd;
    uv_tcp_init(m->loop, dup_handle);
    if (uv_fileno((uv_handle_t *)&l->tcp, &fd) != 0 || uv_tcp_open(dup_handle, dup(fd)) != 0) {
      free(dup_handle);
      continue;
    }
    json_t *msg = json_pack("{s:s, s:b, s:i, s:i}", "type", "listener", "fd", 1, "listener",
                            l->index, "port", l->bound_port);
    ipc_send(&w->ipc, msg, (uv_stream_t *)dup_handle);
    json_decref(msg);
  }
}

/* With "user" set, app code runs with less privilege than the master: its
 * own listen() binds only the config's listener ports and those of
 * allow_app_listen (else an app could have the root master bind port 931
 * for it). Without "user" the app could bind the port itself anyway. */
static bool app_listen_allowed(shoal_master *m, int port) {
  shoal_config *c = &m->cfg;
  if (!c->user) return true;
  for (size_t i = 0; i < c->nlisten; i++) {
    if (c->listen[i].port == port) return true;
  }
  for (size_t i = 0; i < c->nallow_app_listen; i++) {
    if (c->allow_app_listen[i] == port) return true;
  }
  return false;
}

static void handle_listen(shoal_worker *w, json_t *msg) {
  shoal_master *m = w->master;
  const char *host = json_string_value(json_object_get(msg, "host"));
  int port = (int)json_integer_value(json_object_get(msg, "port"));
  json_t *id = json_object_get(msg, "id");
  if (!host || !*host) host = "::";
  int err = UV_EACCES;
  shoal_listener *l = NULL;
  if (app_listen_allowed(m, port)) l = listeners_for_app(m, host, port, &err);
  else
    master_log(m, "worker %d: listen on port %d refused (not a listener nor in allow_app_listen)",
               w->id, port);
  if (!l && err == UV_EAFNOSUPPORT && strcmp(host, "::") == 0) {
    host = "0.0.0.0";
    l = listeners_for_app(m, host, port, &err);
  }
  json_t *reply;
  if (!l) {
    reply = json_pack("{s:s, s:O, s:b, s:s, s:s}", "type", "listening", "id", id, "ok", 0, "code",
                      uv_err_name(err), "error", uv_strerror(err));
  } else {
    if ((size_t)l->index >= w->serves_len) {
      size_t n = (size_t)l->index + 1;
      w->serves = realloc(w->serves, n);
      memset(w->serves + w->serves_len, 0, n - w->serves_len);
      w->serves_len = n;
    }
    w->serves[l->index] = 1;
    reply = json_pack("{s:s, s:O, s:b, s:i, s:s, s:i}", "type", "listening", "id", id, "ok", 1,
                      "listener", l->index, "address", l->host, "port", l->bound_port);
  }
  send_json(w, reply);
  if (l && m->cfg.balance == BALANCE_KERNEL && !l->from_config) send_listeners(w);
}

/* Requests/s and CPU % over the last second or more (ctl top, /dashboard). */
static void update_rates(shoal_worker *w, uint64_t now) {
  if (w->rate_ms && now - w->rate_ms < 1000) return;
  if (w->rate_ms && w->requests >= w->rate_requests) {
    double s = (double)(now - w->rate_ms) / 1000;
    w->rps = (double)(w->requests - w->rate_requests) / s;
    w->cpu_pct = (double)(w->cpu_us - w->rate_cpu_us) / (s * 1e4);
  }
  w->rate_ms = now;
  w->rate_requests = w->requests;
  w->rate_cpu_us = w->cpu_us;
}

void worker_duration_counts(const shoal_worker *w, uint64_t *counts) {
  memcpy(counts, w->duration_buckets, sizeof w->duration_buckets);
  counts[REQUEST_DURATION_BUCKETS] = 0;
  for (int c = 0; c < REQUEST_STATUS_CLASSES; c++)
    counts[REQUEST_DURATION_BUCKETS] += w->by_status[c];
}

/* A worker's messages (ipc/PROTOCOL.md), one row each; ch->data is the
 * worker. */
static void msg_heartbeat(ipc_channel *ch, json_t *msg, int fd) {
  (void)fd;
  shoal_worker *w = ch->data;
  w->last_heartbeat_ms = master_now(w->master);
  w->inflight = (uint64_t)json_integer_value(json_object_get(msg, "inflight"));
  w->conns_received = (uint64_t)json_integer_value(json_object_get(msg, "conns"));
  w->open_conns = (uint64_t)json_integer_value(json_object_get(msg, "open"));
  w->requests = (uint64_t)json_integer_value(json_object_get(msg, "requests"));
  w->heap = (uint64_t)json_integer_value(json_object_get(msg, "heap"));
  w->rss = (uint64_t)json_integer_value(json_object_get(msg, "rss"));
  w->lag_ms = json_number_value(json_object_get(msg, "lag_ms"));
  json_t *status = json_object_get(msg, "status"), *hist = json_object_get(msg, "hist");
  for (size_t i = 0; i < REQUEST_STATUS_CLASSES && i < json_array_size(status); i++)
    w->by_status[i] = (uint64_t)json_integer_value(json_array_get(status, i));
  for (size_t i = 0; i < REQUEST_DURATION_BUCKETS && i < json_array_size(hist); i++)
    w->duration_buckets[i] = (uint64_t)json_integer_value(json_array_get(hist, i));
  w->duration_sum = json_number_value(json_object_get(msg, "duration_sum"));
  w->cpu_us = (uint64_t)json_integer_value(json_object_get(msg, "cpu_us"));
  update_rates(w, w->last_heartbeat_ms);
  uint64_t counts[REQUEST_DURATION_BUCKETS + 1];
  worker_duration_counts(w, counts);
  latency_sample(&w->latency, counts, w->last_heartbeat_ms);
}

static void msg_inspected(ipc_channel *ch, json_t *msg, int fd) {
  (void)fd;
  inspect_reply(ch->data, msg);
}

static void msg_ready(ipc_channel *ch, json_t *msg, int fd) {
  (void)msg, (void)fd;
  shoal_worker *w = ch->data;
  shoal_master *m = w->master;
  if (w->state != WORKER_STARTING) return;
  w->state = WORKER_READY;
  w->ready_ms = master_now(m);
  w->startup_ms = (double)(uv_hrtime() - w->spawn_ns) / 1e6;
  w->last_heartbeat_ms = w->ready_ms;
  if (m->stopping) worker_drain(w);
  else master_worker_ready(m, w);
}

static void msg_listen(ipc_channel *ch, json_t *msg, int fd) {
  (void)fd;
  handle_listen(ch->data, msg);
}

static void msg_broadcast(ipc_channel *ch, json_t *msg, int fd) {
  (void)fd;
  shoal_worker *w = ch->data;
  broadcast_relay(w->master, w, msg);
}

/* Workers send no descriptors: ipc_dispatch closes any. */
static const ipc_handler worker_messages[] = {
    {"heartbeat", msg_heartbeat, false}, {"inspected", msg_inspected, false},
    {"ready", msg_ready, false},         {"listen", msg_listen, false},
    {"broadcast", msg_broadcast, false},
};

static void on_message(ipc_channel *ch, json_t *msg, int fd) {
  ipc_dispatch(worker_messages, sizeof worker_messages / sizeof worker_messages[0], ch, msg, fd);
}

static void on_ipc_close(ipc_channel *ch, int err) {
  shoal_worker *w = ch->data;
  (void)err;
  close_handle((uv_handle_t *)&w->ipc.pipe);
}

/* --- life cycle ----------------------------------------------------------------- */

static void on_worker_exit(uv_process_t *p, int64_t status, int signal_no) {
  shoal_worker *w = p->data;
  /* master_worker_exited reads how it ended (state, ready_ms) first. */
  master_worker_exited(w->master, w, status, signal_no);
  w->state = WORKER_EXITED;
  close_handle((uv_handle_t *)&w->proc);
  close_handle((uv_handle_t *)&w->ipc.pipe);
}

static char **worker_env(shoal_master *m, shoal_worker *w) {
  size_t n = 0;
  while (environ[n]) n++;
  char **env = calloc(n + m->cfg.nenv + 3, sizeof *env);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) env[k++] = strdup(environ[i]);
  for (size_t i = 0; i < m->cfg.nenv; i++) env[k++] = strdup(m->cfg.env[i]);
  char buf[64];
  snprintf(buf, sizeof buf, "SHOAL_WORKER_ID=%d", w->id);
  env[k++] = strdup(buf);
  return env;
}

static void free_env(char **env) {
  for (char **e = env; *e; e++) free(*e);
  free(env);
}

/* The configured user and group for workers (the master bound the ports). */
static void worker_credentials(shoal_master *m, unsigned *flags, uid_t *uid, gid_t *gid) {
  *flags = 0;
  if (!m->cfg.user && !m->cfg.group) return;
  struct passwd *pw = m->cfg.user ? getpwnam(m->cfg.user) : NULL;
  struct group *gr = m->cfg.group ? getgrnam(m->cfg.group) : NULL;
  if (pw) {
    *flags = ZYGOTE_SET_UID | ZYGOTE_SET_GID;
    *uid = pw->pw_uid;
    *gid = gr ? gr->gr_gid : pw->pw_gid;
  } else if (gr) {
    *flags = ZYGOTE_SET_GID;
    *gid = gr->gr_gid;
  }
}

/* By exec of `shoal-runtime worker`: stdout, stderr, the IPC channel and the
 * access log (fd 4) are pipes libuv creates; the busy page is fd 5. */
static int spawn_by_exec(shoal_master *m, shoal_worker *w, char **env, int busy_fd) {
  uv_stdio_container_t stdio[6] = {
      {.flags = UV_INHERIT_FD, .data.fd = 0},
      {.flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE,
       .data.stream = (uv_stream_t *)&w->output[WORKER_STDOUT]},
      {.flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE,
       .data.stream = (uv_stream_t *)&w->output[WORKER_STDERR]},
      {.flags = UV_CREATE_PIPE | UV_READABLE_PIPE | UV_WRITABLE_PIPE,
       .data.stream = (uv_stream_t *)&w->ipc.pipe},
      {.flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE,
       .data.stream = (uv_stream_t *)&w->output[WORKER_ACCESS]},
      {.flags = busy_fd >= 0 ? UV_INHERIT_FD : UV_IGNORE, .data.fd = busy_fd},
  };
  char *args[] = {m->runtime_path, "worker", NULL};
  uv_process_options_t opt = {
      .exit_cb = on_worker_exit,
      .file = m->runtime_path,
      .args = args,
      .env = env,
      .stdio_count = 6,
      .stdio = stdio,
  };
  unsigned flags;
  worker_credentials(m, &flags, &opt.uid, &opt.gid);
  if (flags & ZYGOTE_SET_UID) opt.flags |= UV_PROCESS_SETUID;
  if (flags & ZYGOTE_SET_GID) opt.flags |= UV_PROCESS_SETGID;
  w->open_handles = 5; /* the process, ipc and the 3 outputs */
  int err = uv_spawn(m->loop, &w->proc, &opt);
  if (err == 0) w->pid = w->proc.pid;
  return err;
}

/* By the fork server: the same fds, made here (socket pairs, as libuv's
 * pipes are). Fails without side effects when there is no fork server. */
static int spawn_by_zygote(shoal_master *m, shoal_worker *w, char **env, int busy_fd) {
  int pairs[4][2]; /* out, err, access log, ipc: [0] ours, [1] the worker's */
  int made = 0;
  for (; made < 4; made++) {
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pairs[made]) != 0) break;
  }
  bool all = made == 4;
  zygote_spawn_spec spec = {
      .fds = {0, all ? pairs[0][1] : -1, all ? pairs[1][1] : -1, all ? pairs[3][1] : -1,
              all ? pairs[2][1] : -1, busy_fd},
      .env = env,
  };
  unsigned flags;
  worker_credentials(m, &flags, &spec.uid, &spec.gid);
  spec.flags = flags;
  pid_t pid = all ? zygote_fork(m, &spec) : -1;
  for (int i = 0; i < made; i++) close(pairs[i][1]);
  if (pid <= 0) {
    for (int i = 0; i < made; i++) close(pairs[i][0]);
    return -1;
  }
  for (int i = 0; i < WORKER_NOUTPUT; i++) {
    shutdown(pairs[i][0], SHUT_WR); /* the outputs are read-only here */
    uv_pipe_open(&w->output[i], pairs[i][0]);
  }
  uv_pipe_open(&w->ipc.pipe, pairs[3][0]);
  w->pid = pid;
  w->forked = true;
  w->open_handles = 5; /* the outputs, ipc and the process until reaped */
  return 0;
}

shoal_worker *worker_spawn(shoal_master *m, shoal_worker *successor_of) {
  shoal_worker *w = calloc(1, sizeof *w);
  w->master = m;
  w->id = m->next_id++;
  w->generation = m->generation;
  w->state = WORKER_STARTING;
  w->successor_of = successor_of;
  if (successor_of) successor_of->successor_id = w->id;
  w->started_ms = master_now(m);
  w->spawn_ns = uv_hrtime();
  latency_start(&w->latency, w->started_ms);
  if (m->cfg.limits.max_requests) {
    /* Jitter so that workers started together are not replaced together. */
    uint64_t mr = m->cfg.limits.max_requests;
    w->max_requests = mr + (uint64_t)rand() % (mr / 10 + 1);
  }
  init_pipes(m, w);
  w->proc.data = w;
  int busy_fd = busy_page_create(&w->busy);
  char **env = worker_env(m, w);
  int err = 0;
  zygote_start(m); /* (again, if it went) */
  if (spawn_by_zygote(m, w, env, busy_fd) != 0) err = spawn_by_exec(m, w, env, busy_fd);
  if (busy_fd >= 0) close(busy_fd); /* the child has its copy; the mapping stays */
  free_env(env);
  w->next = m->workers;
  m->workers = w;
  if (err) {
    master_log(m, "cannot start a worker: %s", uv_strerror(err));
    w->state = WORKER_EXITED;
    close_handle((uv_handle_t *)&w->proc);
    close_handle((uv_handle_t *)&w->ipc.pipe);
    close_outputs(w);
    m->crash_streak++;
    m->spawn_debt++;
    m->next_spawn_ms = master_now(m) + 1000;
    return NULL;
  }
  read_outputs(w, true);
  ipc_start(&w->ipc, on_message, on_ipc_close, w);
  send_json(w, init_message(w));
  if (m->cfg.balance == BALANCE_KERNEL) send_listeners(w);
  return w;
}

void worker_drain(shoal_worker *w) {
  if (w->state == WORKER_DRAINING || w->state == WORKER_EXITED) return;
  shoal_master *m = w->master;
  w->state = WORKER_DRAINING;
  w->drain_deadline_ms = master_now(m) + m->cfg.drain_ms;
  /* The worker closes what is still open a little before we would kill it. */
  send_json(w,
            json_pack("{s:s, s:I}", "type", "drain", "deadline_ms", (json_int_t)m->cfg.drain_ms));
}

void workers_set_health_down(shoal_master *m, bool down) {
  m->health_down = down;
  for (shoal_worker *w = m->workers; w; w = w->next)
    if (w->state != WORKER_EXITED)
      send_json(w, json_pack("{s:s, s:b}", "type", "health", "down", down));
}

void worker_kill(shoal_worker *w, int signum) {
  if (w->state == WORKER_EXITED) return;
  if (w->adopted || w->forked) {
    kill(w->pid, signum);
    return;
  }
  if (uv_is_closing((uv_handle_t *)&w->proc)) return;
  uv_process_kill(&w->proc, signum);
}

/* --- upgrade ---------------------------------------------------------------------- */

/* Describes the workers for the next image; their pipes survive exec. */
json_t *workers_export(shoal_master *m) {
  json_t *arr = json_array();
  for (shoal_worker *w = m->workers; w; w = w->next) {
    if (w->state == WORKER_EXITED) continue;
    uv_os_fd_t ipc, out, err, acc;
    if (uv_fileno((uv_handle_t *)&w->ipc.pipe, &ipc) != 0 ||
        uv_fileno((uv_handle_t *)&w->output[WORKER_STDOUT], &out) != 0 ||
        uv_fileno((uv_handle_t *)&w->output[WORKER_STDERR], &err) != 0)
      continue;
    ipc_stop(&w->ipc);
    read_outputs(w, false);
    set_cloexec(w, false);
    json_t *o = json_pack("{s:i, s:i, s:i, s:i, s:i, s:i}", "pid", w->pid, "id", w->id,
                          "generation", w->generation, "ipc", ipc, "out", out, "err", err);
    if (uv_fileno((uv_handle_t *)&w->output[WORKER_ACCESS], &acc) == 0)
      json_object_set_new(o, "acc", json_integer(acc));
    json_array_append_new(arr, o);
  }
  return arr;
}

/* Exec failed: the pipes are ours again. */
void workers_unexport(shoal_master *m) {
  for (shoal_worker *w = m->workers; w; w = w->next) {
    if (w->state == WORKER_EXITED) continue;
    set_cloexec(w, true);
    w->ipc.reading = false;
    ipc_start(&w->ipc, on_message, on_ipc_close, w);
    read_outputs(w, true);
  }
}

/* In the new image: the previous image's workers. They are drained once the
 * new generation is ready; their exit is seen through SIGCHLD (libuv only
 * reaps the children it spawned itself). Their IPC pipe is only written to:
 * a frame half-read by the old image must not be parsed. */
void workers_adopt(shoal_master *m, json_t *arr) {
  size_t i;
  json_t *it;
  json_array_foreach(arr, i, it) {
    shoal_worker *w = calloc(1, sizeof *w);
    w->master = m;
    w->adopted = true;
    w->id = (int)json_integer_value(json_object_get(it, "id"));
    w->pid = (int)json_integer_value(json_object_get(it, "pid"));
    w->generation = (int)json_integer_value(json_object_get(it, "generation"));
    w->state = WORKER_READY;
    w->started_ms = w->ready_ms = w->last_heartbeat_ms = master_now(m);
    init_pipes(m, w);
    w->ipc.data = w;
    uv_pipe_open(&w->ipc.pipe, (int)json_integer_value(json_object_get(it, "ipc")));
    uv_pipe_open(&w->output[WORKER_STDOUT], (int)json_integer_value(json_object_get(it, "out")));
    uv_pipe_open(&w->output[WORKER_STDERR], (int)json_integer_value(json_object_get(it, "err")));
    w->open_handles = 5; /* the outputs, ipc and the process until reaped */
    json_t *acc = json_object_get(it, "acc");
    /* (a worker of an image before the access-log pipe writes to stdout itself) */
    if (acc) uv_pipe_open(&w->output[WORKER_ACCESS], (int)json_integer_value(acc));
    else close_handle((uv_handle_t *)&w->output[WORKER_ACCESS]);
    read_outputs(w, true);
    w->next = m->workers;
    m->workers = w;
    if (w->id >= m->next_id) m->next_id = w->id + 1;
  }
}

/* SIGCHLD: reap the workers libuv did not spawn (adopted and forked ones).
 * Their process counts as one of their references until then, so that a
 * worker whose pipes all closed first is still here to be reaped. */
void workers_reap_adopted(shoal_master *m) {
  for (shoal_worker *w = m->workers, *next; w; w = next) {
    next = w->next;
    if (!(w->adopted || w->forked) || w->state == WORKER_EXITED) continue;
    int status;
    if (waitpid(w->pid, &status, WNOHANG) != w->pid) continue;
    master_worker_exited(m, w, WIFEXITED(status) ? WEXITSTATUS(status) : 0,
                         WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    w->state = WORKER_EXITED;
    close_handle((uv_handle_t *)&w->ipc.pipe);
    if (w->adopted) close_outputs(w);
    /* a forked worker's outputs close at their end: the last lines count */
    worker_release(w);
  }
}
