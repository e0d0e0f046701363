/* worker: the cluster side of a worker process (see worker.h). */
#include "worker.h"

#include <jansson.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uv.h>

#include "mod_http.h"
#include "busy_page.h"
#include "cidr.h"
#include "forwarded.h"
#include "ipc.h"
#include "cpu_guard.h"
#include "inspector_server.h"
#include "introspect.h"
#include "messaging.h"
#include "request_accounting.h"
#include "runtime.h"
#include "tls.h"

#define HEARTBEAT_MS 100
#define IPC_FD 3

/* An engine server named to serve connections (the app's export, or the
 * server that called listen()). `set` stays true when that server closes:
 * server is then NULL and its connections are refused, not given to
 * another server. The binding reports the close (http_set_server_close_hook). */
typedef struct server_slot {
  http_server *server;
  bool set;
} server_slot;

typedef struct listener_route {
  int index;               /* the master's listener index */
  server_slot slot;        /* the engine server serving it */
  uv_os_sock_t pending_fd; /* balance "kernel": a listening socket waiting for its server */
  bool has_pending_fd;
  tls_ctx *tls;    /* the config listener's TLS context, or NULL */
  bool tls_failed; /* its certificates did not load: connections are refused */
} listener_route;

typedef struct pending_listen {
  int id;
  server_slot slot;
  sh_ref *callback;
  struct pending_listen *next;
} pending_listen;

static struct {
  sh_rt *rt;
  uv_loop_t *loop;
  ipc_channel ipc;
  uv_timer_t heartbeat;
  uv_timer_t drain_check;
  uint64_t drain_close_ns;  /* uv_hrtime() at which open connections are closed; 0: never */
  uint64_t drain_goaway_ns; /* ... at which busy HTTP/2 connections get GOAWAY; 0: done or never */
  bool drain_closed;
  uint64_t last_beat_ns;
  double lag_ms;
  int id;
  bool initialised, ready_sent, draining;
  server_slot default_server;
  listener_route *routes;
  size_t nroutes;
  pending_listen *pending;
  int next_listen_id;
  uint64_t conns_received; /* reported in heartbeats: the master's load estimate */
  uv_signal_t usr1;
  busy_page *busy; /* shared with the master (ipc/busy_page.h); NULL without one */
} W;

/* USR1 (logrotate): reopen the access log. */
static void on_usr1(uv_signal_t *h, int signum) {
  (void)h;
  (void)signum;
  request_accounting_reopen_log();
}

static void send_msg(json_t *msg) {
  ipc_send(&W.ipc, msg, NULL);
  json_decref(msg);
}

/* --- heartbeat ------------------------------------------------------------- */

static void on_heartbeat(uv_timer_t *t) {
  (void)t;
  uint64_t now = uv_hrtime();
  if (W.last_beat_ns) {
    double late = (double)(now - W.last_beat_ns) / 1e6 - HEARTBEAT_MS;
    W.lag_ms = late > 0 ? late : 0;
  }
  W.last_beat_ns = now;
  cpu_guard_loop_alive();
  const request_stats *rs = request_accounting_stats();
  sh_heap_stats hs;
  sh_heap_stats_get(W.rt, &hs);
  size_t rss = 0;
  uv_resident_set_memory(&rss);
  json_t *status = json_array(), *hist = json_array();
  for (int i = 0; i < REQUEST_STATUS_CLASSES; i++)
    json_array_append_new(status, json_integer((json_int_t)rs->by_status[i]));
  for (int i = 0; i < REQUEST_DURATION_BUCKETS; i++)
    json_array_append_new(hist, json_integer((json_int_t)rs->duration_buckets[i]));
  uv_rusage_t ru;
  json_int_t cpu_us = 0;
  if (uv_getrusage(&ru) == 0)
    cpu_us = (json_int_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000 + ru.ru_utime.tv_usec +
             ru.ru_stime.tv_usec;
  send_msg(json_pack("{s:s, s:I, s:I, s:I, s:I, s:f, s:o, s:o, s:f, s:I, s:i, s:I}", "type",
                     "heartbeat", "inflight", (json_int_t)rs->inflight, "requests",
                     (json_int_t)rs->started, "heap", (json_int_t)hs.used, "rss", (json_int_t)rss,
                     "lag_ms", W.lag_ms, "status", status, "hist", hist, "duration_sum",
                     rs->duration_sum, "conns", (json_int_t)W.conns_received, "open",
                     http_open_connections(), "cpu_us", cpu_us));
}

/* --- trusted proxies (forwarded.h) ---------------------------------------------- */

static cidr *trusted_ranges;
static size_t ntrusted_ranges;

static bool is_trusted_proxy(const struct sockaddr *sa) {
  for (size_t i = 0; i < ntrusted_ranges; i++) {
    if (cidr_match(&trusted_ranges[i], sa)) return true;
  }
  return false;
}

/* The init message's "trusted_proxies" (validated by the master). */
static void load_trusted_proxies(json_t *list) {
  size_t n = json_array_size(list), k = 0;
  if (n == 0) return;
  trusted_ranges = calloc(n, sizeof *trusted_ranges);
  for (size_t i = 0; trusted_ranges && i < n; i++) {
    const char *s = json_string_value(json_array_get(list, i));
    if (s && cidr_parse(s, &trusted_ranges[k]) == 0) k++;
  }
  ntrusted_ranges = k;
  http_set_trusted_proxies(is_trusted_proxy);
}

/* --- routing connections ---------------------------------------------------------- */

static listener_route *route_for(int index, bool create) {
  for (size_t i = 0; i < W.nroutes; i++) {
    if (W.routes[i].index == index) return &W.routes[i];
  }
  if (!create) return NULL;
  W.routes = realloc(W.routes, (W.nroutes + 1) * sizeof *W.routes);
  listener_route *r = &W.routes[W.nroutes++];
  memset(r, 0, sizeof *r);
  r->index = index;
  return r;
}

/* The server for a connection of listener `index`: the route's own, else the
 * default (the app's export), else any route's (no handler export: the
 * config's listeners go to a server the app created itself with listen()). */
static server_slot *server_for(listener_route *r) {
  if (r && r->slot.set) return &r->slot;
  if (W.default_server.set) return &W.default_server;
  for (size_t i = 0; i < W.nroutes; i++) {
    if (W.routes[i].slot.set) return &W.routes[i].slot;
  }
  return NULL;
}

/* The conn message's "remote": {"address", "port"} (the client a PROXY
 * header named; the master read it) into *ss. */
static bool read_remote(json_t *remote, struct sockaddr_storage *ss) {
  const char *ip = json_string_value(json_object_get(remote, "address"));
  int port = (int)json_integer_value(json_object_get(remote, "port"));
  if (!ip) return false;
  return uv_ip4_addr(ip, port, (struct sockaddr_in *)ss) == 0 ||
         uv_ip6_addr(ip, port, (struct sockaddr_in6 *)ss) == 0;
}

static int open_pending(uv_tcp_t *tcp, void *ch) {
  return ipc_accept(ch, (uv_stream_t *)tcp);
}

/* A connection from the master: the descriptor goes straight to the
 * listener's engine server, in C (no JavaScript runs until the engine
 * reports the connection). The socket is a plain descriptor (fd), or
 * still pending on the channel (ch, fd -1: taken as it came, ipc.h's
 * ipc_accept; if it is not, the channel closes it). */
static void on_conn(int listener, int fd, ipc_channel *ch, json_t *remote) {
  W.conns_received++;
  if (W.busy) atomic_fetch_add(&W.busy->conns_taken, 1);
  struct sockaddr_storage ss;
  bool has_remote = read_remote(remote, &ss);
  listener_route *r = route_for(listener, false);
  server_slot *slot = server_for(r);
  const struct sockaddr *peer = has_remote ? (struct sockaddr *)&ss : NULL;
  tls_ctx *tls = r ? r->tls : NULL;
  int err;
  /* (the master's listeners have TCP_NODELAY on, which the accepted
   * sockets inherit: master/listeners.c) */
  if (!slot || !slot->server) err = UV_ENOENT;
  else if (r && r->tls_failed) err = UV_EPROTO;
  else if (fd >= 0) err = http_server_adopt_from(slot->server, fd, tls, peer, HTTP_ADOPT_NODELAY);
  else err = http_server_adopt_with(slot->server, open_pending, ch, tls, peer, HTTP_ADOPT_NODELAY);
  if (err) {
    fprintf(stderr, "shoal worker %d: cannot serve a connection: %s\n", W.id, uv_strerror(err));
    if (fd >= 0) close(fd);
  }
}

/* balance "kernel": listen on the shared socket once its server is known. */
static void attach_listener(listener_route *r) {
  server_slot *slot = r->slot.set ? &r->slot : &W.default_server;
  if (!r->has_pending_fd || !slot->server) return;
  r->has_pending_fd = false;
  if (r->tls) http_server_set_tls(slot->server, r->tls);
  if (http_server_listen_fd(slot->server, r->pending_fd, 511) != 0) close(r->pending_fd);
}

static void on_listener(int listener, int fd) {
  listener_route *r = route_for(listener, true);
  r->pending_fd = fd;
  r->has_pending_fd = true;
  attach_listener(r);
}

/* A server closed (mod_http's hook): forget it wherever it was named. */
static void forget_server(http_server *s) {
  if (W.default_server.server == s) W.default_server.server = NULL;
  for (size_t i = 0; i < W.nroutes; i++) {
    if (W.routes[i].slot.server == s) W.routes[i].slot.server = NULL;
  }
  for (pending_listen *p = W.pending; p; p = p->next) {
    if (p->slot.server == s) p->slot.server = NULL;
  }
}

/* --- the master's answers and orders ------------------------------------------------- */

/* The master's answer to a listen: the route takes the server, then the
 * app's callback runs. */
static void on_listening(json_t *msg) {
  sh_rt *rt = W.rt;
  int id = (int)json_integer_value(json_object_get(msg, "id"));
  pending_listen **pp = &W.pending, *p;
  while ((p = *pp) && p->id != id) pp = &p->next;
  if (!p) return;
  *pp = p->next;
  sh_scope *scope = sh_scope_open(rt, false);
  sh_val argv[2];
  if (json_is_true(json_object_get(msg, "ok"))) {
    int index = (int)json_integer_value(json_object_get(msg, "listener"));
    listener_route *r = route_for(index, true);
    if (!r->slot.set) r->slot = p->slot;
    attach_listener(r);
    const char *address = json_string_value(json_object_get(msg, "address"));
    sh_val addr = sh_obj(rt);
    sh_set_s(rt, addr, "address", sh_str(rt, address ? address : "::", SIZE_MAX));
    sh_set_s(rt, addr, "family",
             sh_str(rt, address && strchr(address, ':') ? "IPv6" : "IPv4", SIZE_MAX));
    sh_set_s(rt, addr, "port", sh_int(rt, json_integer_value(json_object_get(msg, "port"))));
    argv[0] = sh_null(rt);
    argv[1] = addr;
  } else {
    const char *code = json_string_value(json_object_get(msg, "code"));
    const char *error = json_string_value(json_object_get(msg, "error"));
    char text[256];
    snprintf(text, sizeof text, "listen %s: %s", code ? code : "EINVAL", error ? error : "failed");
    argv[0] = sh_error(rt, SH_ERROR, text);
    sh_set_s(rt, argv[0], "code", sh_str(rt, code ? code : "EINVAL", SIZE_MAX));
    sh_set_s(rt, argv[0], "syscall", sh_str(rt, "listen", SIZE_MAX));
    argv[1] = sh_undefined(rt);
  }
  runtime_callback(rt, sh_ref_get(rt, p->callback), sh_undefined(rt), 2, argv, NULL);
  sh_scope_close(scope);
  sh_ref_free(p->callback);
  free(p);
}

static void on_drain_check(uv_timer_t *t) {
  (void)t;
  uint64_t now = uv_hrtime();
  if (W.drain_goaway_ns && now >= W.drain_goaway_ns) {
    W.drain_goaway_ns = 0;
    http_goaway_all();
  }
  if (W.drain_close_ns && !W.drain_closed && now >= W.drain_close_ns) {
    /* The deadline: what the app did not close (upgraded sockets, slow
     * responses) is closed now, before the master would kill us. */
    W.drain_closed = true;
    http_close_all();
  }
  if (http_open_connections() == 0) {
    sh_scope *scope = sh_scope_open(W.rt, false);
    runtime_hook(W.rt, "exit", 0, NULL, NULL);
    sh_scope_close(scope);
    runtime_exit(runtime_get(W.rt), 0);
  }
}

/* process.emit('shoal:drain', { deadlineMs }) (docs/websocket.md): the app
 * may close its long-lived connections (WebSocket close 1001). */
static void emit_drain(sh_rt *rt, int64_t deadline_ms) {
  sh_scope *scope = sh_scope_open(rt, false);
  sh_val hooks = sh_ref_get(rt, runtime_get(rt)->hooks);
  sh_val arg = sh_int(rt, deadline_ms);
  runtime_callback(rt, sh_get_s(rt, hooks, "drain"), hooks, 1, &arg, NULL);
  sh_scope_close(scope);
}

/* An HTTP/2 connection of a draining worker that had no open stream this
 * long gets GOAWAY (http_server_drain). Not shorter: a sequential client
 * has none open between two requests, and its next request after a GOAWAY
 * would fail in the client. */
#define H2_DRAIN_IDLE_MS 1000
/* The drain's last phase: busy HTTP/2 connections get GOAWAY a quarter of
 * drain_ms (at most this) before the close, for their last streams. */
#define H2_DRAIN_FINAL_MAX_MS 10000

static uint64_t min_u64(uint64_t a, uint64_t b) {
  return a < b ? a : b;
}

/* deadline_ms: the master's drain_ms (0: none, e.g. the master is gone). */
static void start_drain(uint64_t deadline_ms) {
  if (W.draining) return;
  W.draining = true;
  http_drain_all(H2_DRAIN_IDLE_MS);
  if (deadline_ms) {
    uint64_t margin = min_u64(deadline_ms / 10, 1000);
    uint64_t final = min_u64(deadline_ms / 4, H2_DRAIN_FINAL_MAX_MS);
    W.drain_close_ns = uv_hrtime() + (deadline_ms - margin) * 1000000u;
    W.drain_goaway_ns = W.drain_close_ns - final * 1000000u;
  } else {
    http_goaway_all(); /* no master to wait for: no reason to keep serving */
  }
  if (W.rt) emit_drain(W.rt, (int64_t)deadline_ms);
  uv_timer_init(W.loop, &W.drain_check);
  uv_timer_start(&W.drain_check, on_drain_check, 0, 20);
}

/* The init message's limits the engine takes: the rows of the master's
 * schema (master/config.c config_limit_keys) marked CONFIG_WORKER, but for
 * request_cpu_ms (the CPU guard's, see on_init). */
#define ENGINE_LIMIT(key, field) \
  { key, offsetof(http_limits, field), sizeof(((http_limits *)0)->field) }
static const struct {
  const char *key;
  size_t offset, size;
} engine_limits[] = {
    ENGINE_LIMIT("header_bytes", header_bytes),
    ENGINE_LIMIT("body_bytes", body_bytes),
    ENGINE_LIMIT("header_timeout_ms", headers_timeout_ms),
    ENGINE_LIMIT("idle_timeout_ms", keepalive_timeout_ms),
    ENGINE_LIMIT("h2_max_streams", h2_max_streams),
    ENGINE_LIMIT("response_timeout_ms", response_timeout_ms),
};

static void apply_limits(json_t *limits) {
  http_limits l;
  http_limits_default(&l);
  for (size_t i = 0; i < sizeof engine_limits / sizeof engine_limits[0]; i++) {
    json_t *v = json_object_get(limits, engine_limits[i].key);
    if (!v) continue;
    char *field = (char *)&l + engine_limits[i].offset;
    uint64_t n = (uint64_t)json_integer_value(v);
    if (engine_limits[i].size == sizeof(uint32_t)) {
      uint32_t n32 = (uint32_t)n;
      memcpy(field, &n32, sizeof n32);
    } else {
      memcpy(field, &n, sizeof n);
    }
  }
  http_set_default_limits(&l);
}

/* Loads the app (js-lib/internal/worker_main.js) with the init message. */
static void run_app(sh_rt *rt, const char *text) {
  sh_scope *scope = sh_scope_open(rt, false);
  sh_val arg = sh_str(rt, text, SIZE_MAX);
  runtime_hook(rt, "runWorker", 1, &arg, NULL);
  runtime_tick(rt);
  sh_scope_close(scope);
}

/* The config's TLS listeners: one context each (certificates by SNI). */
static void load_tls_listeners(json_t *listeners) {
  size_t i;
  json_t *l;
  json_array_foreach(listeners, i, l) {
    json_t *certs = json_object_get(l, "tls");
    size_t n = json_array_size(certs);
    if (n == 0) continue;
    tls_cert_spec specs[16];
    if (n > 16) n = 16;
    for (size_t k = 0; k < n; k++) {
      json_t *c = json_array_get(certs, k);
      specs[k] = (tls_cert_spec){
          .cert = json_string_value(json_object_get(c, "cert")),
          .key = json_string_value(json_object_get(c, "key")),
          .ca = json_string_value(json_object_get(c, "ca")),
          .servername = json_string_value(json_object_get(c, "servername")),
      };
    }
    char err[300];
    tls_ctx *ctx = tls_ctx_new(specs, n, true, true, err, sizeof err);
    int index = (int)json_integer_value(json_object_get(l, "index"));
    listener_route *r = route_for(index, true);
    if (!ctx) {
      fprintf(stderr, "shoal worker %d: listener %d: TLS: %s\n", W.id, index, err);
      r->tls_failed = true;
      continue;
    }
    tls_ctx_unref(r->tls);
    r->tls = ctx;
  }
}

/* The init message's config members the worker acts on (the rows of
 * master/config.c config_keys with `wire`), decoded by one table. */
typedef struct init_config {
  json_t *limits, *trusted_proxies;
  const char *access_log, *log_format, *health;
  uint64_t log_slow_ms, watchdog_ms;
} init_config;
typedef enum { INIT_JSON, INIT_STRING, INIT_UINT } init_kind;
#define INIT_KEY(wire, field, kind) \
  { wire, offsetof(init_config, field), kind }
static const struct {
  const char *wire;
  size_t offset;
  init_kind kind;
} init_keys[] = {
    INIT_KEY("limits", limits, INIT_JSON),
    INIT_KEY("trusted_proxies", trusted_proxies, INIT_JSON),
    INIT_KEY("access_log", access_log, INIT_STRING),
    INIT_KEY("log_format", log_format, INIT_STRING),
    INIT_KEY("health", health, INIT_STRING),
    INIT_KEY("log_slow_ms", log_slow_ms, INIT_UINT),
    INIT_KEY("watchdog_ms", watchdog_ms, INIT_UINT),
};

/* Fills OUT from MSG; members missing or of another type stay zero. The
 * pointers borrow from MSG. */
static void decode_init(json_t *msg, init_config *out) {
  memset(out, 0, sizeof *out);
  for (size_t i = 0; i < sizeof init_keys / sizeof init_keys[0]; i++) {
    json_t *v = json_object_get(msg, init_keys[i].wire);
    char *field = (char *)out + init_keys[i].offset;
    if (init_keys[i].kind == INIT_JSON) *(json_t **)field = v;
    else if (init_keys[i].kind == INIT_STRING) *(const char **)field = json_string_value(v);
    else *(uint64_t *)field = (uint64_t)json_integer_value(v);
  }
}

static void on_init(json_t *msg) {
  if (W.initialised) return;
  W.initialised = true;
  W.id = (int)json_integer_value(json_object_get(msg, "id"));
  tls_set_ticket_keys_hex(json_string_value(json_object_get(msg, "ticket_keys")));
  load_tls_listeners(json_object_get(msg, "listeners"));
  init_config cfg;
  decode_init(msg, &cfg);
  apply_limits(cfg.limits);
  bool combined = cfg.log_format && strcmp(cfg.log_format, "combined") == 0;
  if (request_accounting_open_log(cfg.access_log, combined, W.id) != 0) {
    fprintf(stderr, "shoal worker %d: cannot open the access log %s\n", W.id, cfg.access_log);
  }
  http_set_health_path(cfg.health);
  http_set_health_down(json_is_true(json_object_get(msg, "health_down")));
  load_trusted_proxies(cfg.trusted_proxies);
  json_t *inspect_port = json_object_get(msg, "inspect_port"); /* start --inspect */
  if (json_is_integer(inspect_port))
    inspector_open_announced(W.rt, (int)json_integer_value(inspect_port),
                             json_string_value(json_object_get(msg, "app")));
  uint64_t request_cpu_ms =
      (uint64_t)json_integer_value(json_object_get(cfg.limits, "request_cpu_ms"));
  char *text = json_dumps(msg, JSON_COMPACT);
  run_app(W.rt, text);
  free(text);
  /* After the app's first run: the master's watchdog is for a ready worker. */
  cpu_guard_start(W.rt, request_cpu_ms, cfg.log_slow_ms, cfg.watchdog_ms);
}

/* The master's messages (ipc/PROTOCOL.md), one row each. */
static int msg_listener(json_t *msg) {
  return (int)json_integer_value(json_object_get(msg, "listener"));
}

static void msg_conn(ipc_channel *ch, json_t *msg, int fd) {
  (void)ch;
  on_conn(msg_listener(msg), fd, NULL, json_object_get(msg, "remote"));
}

/* The same, for a conn frame the channel read without JSON (ipc.h). */
static void on_conn_frame(ipc_channel *ch, int listener, int port, bool has_fd) {
  (void)port;
  if (has_fd) on_conn(listener, -1, ch, NULL);
}

static void msg_listener_fd(ipc_channel *ch, json_t *msg, int fd) {
  (void)ch;
  on_listener(msg_listener(msg), fd);
}

static void msg_init(ipc_channel *ch, json_t *msg, int fd) {
  (void)ch, (void)fd;
  on_init(msg);
}

static void msg_listening(ipc_channel *ch, json_t *msg, int fd) {
  (void)ch, (void)fd;
  on_listening(msg);
}

static void msg_health(ipc_channel *ch, json_t *msg, int fd) {
  (void)ch, (void)fd;
  http_set_health_down(json_is_true(json_object_get(msg, "down")));
}

static void msg_inspect(ipc_channel *ch, json_t *msg, int fd) {
  (void)ch, (void)fd;
  introspect_on_message(msg);
}

static void msg_drain(ipc_channel *ch, json_t *msg, int fd) {
  (void)ch, (void)fd;
  start_drain((uint64_t)json_integer_value(json_object_get(msg, "deadline_ms")));
}

static void msg_broadcast(ipc_channel *ch, json_t *msg, int fd) {
  (void)ch, (void)fd;
  messaging_cluster_receive(msg);
}

static const ipc_handler master_messages[] = {
    {"conn", msg_conn, true},      {"listener", msg_listener_fd, true},
    {"init", msg_init, false},     {"listening", msg_listening, false},
    {"health", msg_health, false}, {"inspect", msg_inspect, false},
    {"drain", msg_drain, false},   {"broadcast", msg_broadcast, false},
};

static void on_message(ipc_channel *ch, json_t *msg, int fd) {
  ipc_dispatch(master_messages, sizeof master_messages / sizeof master_messages[0], ch, msg, fd);
}

/* The master went away: nothing else will come; finish and leave. */
static void on_ipc_close(ipc_channel *ch, int err) {
  (void)ch;
  (void)err;
  messaging_cluster_detach();
  uv_close((uv_handle_t *)&W.ipc.pipe, NULL);
  uv_timer_stop(&W.heartbeat);
  start_drain(0);
}

/* --- for the binding ------------------------------------------------------------- */

void worker_send_ready(void) {
  if (W.ready_sent) return;
  W.ready_sent = true;
  send_msg(json_pack("{s:s, s:i}", "type", "ready", "pid", (int)getpid()));
}

void worker_set_default_server(http_server *server) {
  W.default_server = (server_slot){server, true};
  for (size_t i = 0; i < W.nroutes; i++) attach_listener(&W.routes[i]);
}

void worker_request_listen(sh_rt *rt, http_server *server, const char *host, int port,
                           sh_val callback) {
  pending_listen *p = calloc(1, sizeof *p);
  if (!p) return;
  p->id = ++W.next_listen_id;
  p->slot = (server_slot){server, true};
  p->callback = sh_ref_new(rt, callback);
  p->next = W.pending;
  W.pending = p;
  send_msg(json_pack("{s:s, s:i, s:s?, s:i}", "type", "listen", "id", p->id, "host", host, "port",
                     port));
}

/* --- start ------------------------------------------------------------------------- */

/* V8's inspector is made before js-lib boots, as Node makes it: it reads
 * globalThis.console as it is made, which after the boot is js-lib's lazy
 * console, loaded for it into every worker (2.5 M instructions). The
 * scripts a debugger sees are those compiled after it: js-lib's and the
 * app's. */
static void worker_before_boot(sh_rt *rt, void *data) {
  (void)data;
  W.busy = busy_page_attach();
  introspect_init(rt, W.busy, send_msg);
}

static void worker_start(sh_rt *rt, void *data) {
  (void)data;
  W.rt = rt;
  request_accounting_start(W.busy);
  cpu_guard_set_poll(introspect_poll);
  http_set_server_close_hook(forget_server);
  W.loop = runtime_get(rt)->loop;
  uv_pipe_init(W.loop, &W.ipc.pipe, 1);
  if (uv_pipe_open(&W.ipc.pipe, IPC_FD) != 0 ||
      ipc_start(&W.ipc, on_message, on_ipc_close, NULL) != 0) {
    fprintf(stderr, "shoal worker: no IPC channel on fd %d (run by `shoal start`)\n", IPC_FD);
    runtime_exit(runtime_get(rt), 2);
  }
  W.ipc.on_conn = on_conn_frame;
  messaging_cluster_attach(W.loop, &W.ipc);
  uv_signal_init(W.loop, &W.usr1);
  uv_signal_start(&W.usr1, on_usr1, SIGUSR1);
  uv_unref((uv_handle_t *)&W.usr1);
  uv_timer_init(W.loop, &W.heartbeat);
  uv_timer_start(&W.heartbeat, on_heartbeat, HEARTBEAT_MS, HEARTBEAT_MS);
  uv_unref((uv_handle_t *)&W.heartbeat);
}

int worker_main(int argc, char **argv) {
  (void)argc;
  (void)argv;
  static char *worker_argv[] = {NULL};
  runtime_before_boot(worker_before_boot, NULL);
  return runtime_start(0, worker_argv, worker_start, NULL);
}
