/* listeners: the master's listening sockets. It accepts connections and
 * hands each to a worker chosen by the `balance` policy (least-busy,
 * round-robin); with `kernel` the workers accept on the shared socket
 * themselves. Connections that arrive while no worker is ready wait
 * (parked) until one is. libuv accepts in batches and, on EMFILE, backs off
 * with its reserve descriptor instead of spinning. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inspect.h"
#include "master.h"
#include "proxy_accept.h"
#include "sticky_cookie.h"
#include "shed.h"

#define PARK_MAX 4096

static void free_listener(uv_handle_t *h) {
  shoal_listener *l = h->data;
  free(l->host);
  free(l);
}

static int make_addr(const char *host, int port, struct sockaddr_storage *ss) {
  if (uv_ip4_addr(host, port, (struct sockaddr_in *)ss) == 0) return 0;
  return uv_ip6_addr(host, port, (struct sockaddr_in6 *)ss);
}

static shoal_listener *listener_new(shoal_master *m, const char *host, int port, bool from_config,
                                    int *err) {
  shoal_listener *l = calloc(1, sizeof *l);
  l->master = m;
  l->host = strdup(host);
  l->port = port;
  l->from_config = from_config;
  uv_tcp_init(m->loop, &l->tcp);
  l->tcp.data = l;
  struct sockaddr_storage ss;
  *err = make_addr(host, port, &ss);
  if (*err == 0) *err = uv_tcp_bind(&l->tcp, (struct sockaddr *)&ss, 0);
  /* bind errors of TCP surface at listen(): listen now with a zero backlog
   * trick is not portable, so probe with getsockname. */
  if (*err == 0) {
    struct sockaddr_storage bound;
    int len = sizeof bound;
    *err = uv_tcp_getsockname(&l->tcp, (struct sockaddr *)&bound, &len);
    if (*err == 0) {
      l->bound_port = bound.ss_family == AF_INET6
                          ? ntohs(((struct sockaddr_in6 *)&bound)->sin6_port)
                          : ntohs(((struct sockaddr_in *)&bound)->sin_port);
    }
  }
  if (*err) {
    uv_close((uv_handle_t *)&l->tcp, free_listener);
    return NULL;
  }
  l->index = (int)m->nlisteners;
  m->listeners = realloc(m->listeners, (m->nlisteners + 1) * sizeof *m->listeners);
  m->listeners[m->nlisteners++] = l;
  return l;
}

/* A listener around an already bound socket (socket activation, upgrade). */
static shoal_listener *listener_adopt(shoal_master *m, int fd, const char *host, bool from_config) {
  shoal_listener *l = calloc(1, sizeof *l);
  l->master = m;
  uv_tcp_init(m->loop, &l->tcp);
  l->tcp.data = l;
  if (uv_tcp_open(&l->tcp, fd) != 0) {
    uv_close((uv_handle_t *)&l->tcp, free_listener);
    return NULL;
  }
  struct sockaddr_storage ss;
  int len = sizeof ss;
  char ip[64] = "0.0.0.0";
  if (uv_tcp_getsockname(&l->tcp, (struct sockaddr *)&ss, &len) == 0) {
    if (ss.ss_family == AF_INET6) {
      uv_ip6_name((struct sockaddr_in6 *)&ss, ip, sizeof ip);
      l->bound_port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
    } else {
      uv_ip4_name((struct sockaddr_in *)&ss, ip, sizeof ip);
      l->bound_port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
    }
  }
  l->host = strdup(host ? host : ip);
  l->port = l->bound_port;
  l->from_config = from_config;
  l->index = (int)m->nlisteners;
  m->listeners = realloc(m->listeners, (m->nlisteners + 1) * sizeof *m->listeners);
  m->listeners[m->nlisteners++] = l;
  return l;
}

/* systemd socket activation: LISTEN_PID/LISTEN_FDS hand us bound sockets
 * (fds 3, 4, ...). They serve the config's listeners of the same port, or
 * stand in for them when the config lists none. Returns how many. */
static int adopt_activated(shoal_master *m) {
  const char *pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
  if (!pid || !fds || atoi(pid) != (int)getpid()) return 0;
  int n = atoi(fds);
  for (int i = 0; i < n; i++) {
    int fd = 3 + i;
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    const char *host = NULL;
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0) {
      int port = ss.ss_family == AF_INET6 ? ntohs(((struct sockaddr_in6 *)&ss)->sin6_port)
                                          : ntohs(((struct sockaddr_in *)&ss)->sin_port);
      for (size_t k = 0; k < m->cfg.nlisten; k++) {
        if (m->cfg.listen[k].port == port) host = m->cfg.listen[k].host;
      }
    }
    if (listener_adopt(m, fd, host, true)) {
      master_log(m, "listening on %s:%d (socket activation)", m->listeners[m->nlisteners - 1]->host,
                 m->listeners[m->nlisteners - 1]->bound_port);
    }
  }
  unsetenv("LISTEN_PID");
  unsetenv("LISTEN_FDS");
  unsetenv("LISTEN_FDNAMES");
  return n;
}

static bool have_listener(shoal_master *m, const char *host, int port) {
  for (size_t i = 0; i < m->nlisteners; i++) {
    shoal_listener *l = m->listeners[i];
    if (!l->closed && l->bound_port == port &&
        (strcmp(l->host, host) == 0 || strcmp(host, "0.0.0.0") == 0 || strcmp(host, "::") == 0))
      return true;
  }
  return false;
}

int listeners_bind_config(shoal_master *m) {
  adopt_activated(m);
  if (listeners_adopt_inherited(m) < 0) return -1;
  for (size_t i = 0; i < m->cfg.nlisten; i++) {
    shoal_listen *cl = &m->cfg.listen[i];
    if (have_listener(m, cl->host, cl->port)) continue;
    int err;
    shoal_listener *l = listener_new(m, cl->host, cl->port, true, &err);
    if (!l) {
      fprintf(stderr, "shoal: cannot listen on %s:%d: %s\n", cl->host, cl->port, uv_strerror(err));
      return -1;
    }
  }
  return 0;
}

shoal_listen *listeners_config_of(shoal_master *m, shoal_listener *l) {
  if (!l->from_config) return NULL;
  for (size_t i = 0; i < m->cfg.nlisten; i++) {
    shoal_listen *cl = &m->cfg.listen[i];
    if ((cl->port == l->port || cl->port == l->bound_port) && strcmp(cl->host, l->host) == 0)
      return cl;
  }
  return NULL;
}

/* "proxy_protocol": true on the config's entry of l. */
static bool listener_speaks_proxy(shoal_master *m, shoal_listener *l) {
  shoal_listen *cl = listeners_config_of(m, l);
  return cl && cl->proxy_protocol;
}

bool listeners_worker_serves(shoal_worker *w, shoal_listener *l) {
  if (l->from_config) return true;
  return (size_t)l->index < w->serves_len && w->serves[l->index];
}

/* The worker's load: its open connections at the last heartbeat (idle
 * WebSockets and keep-alive connections count, so long-lived connections
 * spread over the workers), plus the connections sent since that it had
 * not yet received, plus 3 for each request in flight (a running request
 * costs CPU, an idle connection only memory). */
static uint64_t worker_load(shoal_worker *w) {
  uint64_t unseen = w->conns_sent > w->conns_received ? w->conns_sent - w->conns_received : 0;
  return 3 * w->inflight + w->open_conns + unseen;
}

/* A heartbeat is due every 100 ms: one missing for 150 ms suggests the
 * loop is blocked, long before it counts as busy (300 ms). */
#define SUSPECT_AFTER_MS 150

static bool better(shoal_worker *w, shoal_worker *best, uint64_t now) {
  if (!best) return true;
  bool wj = worker_in_long_js(w), bj = worker_in_long_js(best);
  if (wj != bj) return !wj;
  bool ws = now - w->last_heartbeat_ms > SUSPECT_AFTER_MS;
  bool bs = now - best->last_heartbeat_ms > SUSPECT_AFTER_MS;
  if (ws != bs) return !ws;
  if (worker_load(w) != worker_load(best)) return worker_load(w) < worker_load(best);
  return w->last_heartbeat_ms > best->last_heartbeat_ms;
}

/* The worker for a new connection on l, or NULL when none is ready.
 * least-busy: workers heard from lately first, then the fewest requests in
 * flight; round-robin: the next one in turn; workers whose loop is blocked
 * (busy) or that a debugger is attached to are skipped while another can
 * take the connection. */
static shoal_worker *pick_worker(shoal_master *m, shoal_listener *l) {
  uint64_t now = master_now(m);
  shoal_worker *best = NULL, *fallback = NULL;
  int n = 0;
  for (shoal_worker *w = m->workers; w; w = w->next) {
    if (w->state != WORKER_READY || !listeners_worker_serves(w, l)) continue;
    n++;
    if (!fallback || w->last_heartbeat_ms > fallback->last_heartbeat_ms) fallback = w;
    if (worker_is_busy(w, now) || inspect_debugged(w)) continue;
    if (m->cfg.balance == BALANCE_ROUND_ROBIN) {
      if (!best) best = w;
    } else if (better(w, best, now)) {
      best = w;
    }
  }
  if (m->cfg.balance == BALANCE_ROUND_ROBIN && n > 0) {
    /* Rotate: the k-th eligible worker, k advancing each time. */
    unsigned k = m->rr_next++ % (unsigned)n, i = 0;
    for (shoal_worker *w = m->workers; w; w = w->next) {
      if (w->state != WORKER_READY || !listeners_worker_serves(w, l) || worker_is_busy(w, now) ||
          inspect_debugged(w))
        continue;
      if (i++ == k) return w;
    }
  }
  /* Every worker blocked: the one heard from most recently. */
  return best ? best : fallback;
}

/* The bytes of the peer's IP address (an IPv4-mapped IPv6 address as its
 * IPv4 one, so a client hashes the same either way); 0 if unknown. */
static size_t peer_ip(uv_tcp_t *conn, unsigned char out[16]) {
  struct sockaddr_storage ss;
  int len = sizeof ss;
  if (uv_tcp_getpeername(conn, (struct sockaddr *)&ss, &len) != 0) return 0;
  if (ss.ss_family == AF_INET) {
    memcpy(out, &((struct sockaddr_in *)&ss)->sin_addr, 4);
    return 4;
  }
  if (ss.ss_family != AF_INET6) return 0;
  const unsigned char *a = ((struct sockaddr_in6 *)&ss)->sin6_addr.s6_addr;
  static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (memcmp(a, mapped, 12) == 0) {
    memcpy(out, a + 12, 4);
    return 4;
  }
  memcpy(out, a, 16);
  return 16;
}

static uint64_t mix64(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  return h ^ (h >> 33);
}

/* sticky "ip": rendezvous hashing of the client address over the ready
 * workers serving l (by worker id). A client keeps its worker while that
 * worker lives; when it is gone (crash, reload, scale-down) its clients
 * alone move, each to the live worker that now scores highest. Busy
 * workers are not skipped: stickiness is the point. NULL: none ready. */
static shoal_worker *pick_sticky(shoal_master *m, shoal_listener *l, uv_tcp_t *conn) {
  unsigned char ip[16];
  size_t n = peer_ip(conn, ip);
  uint64_t key = 1469598103934665603ULL; /* FNV-1a */
  for (size_t i = 0; i < n; i++) key = (key ^ ip[i]) * 1099511628211ULL;
  shoal_worker *best = NULL;
  uint64_t best_score = 0;
  for (shoal_worker *w = m->workers; w; w = w->next) {
    if (w->state != WORKER_READY || !listeners_worker_serves(w, l)) continue;
    uint64_t score = mix64(key ^ mix64((uint64_t)w->id));
    if (!best || score > best_score) {
      best = w;
      best_score = score;
    }
  }
  return best;
}

static void park(shoal_master *m, uv_tcp_t *conn, shoal_listener *l) {
  if (m->nparked >= PARK_MAX) {
    proxy_conn_free(conn);
    return;
  }
  if (m->nparked == m->parked_cap) {
    m->parked_cap = m->parked_cap ? m->parked_cap * 2 : 64;
    m->parked = realloc(m->parked, m->parked_cap * sizeof *m->parked);
    m->parked_listener = realloc(m->parked_listener, m->parked_cap * sizeof *m->parked_listener);
  }
  m->parked[m->nparked] = conn;
  m->parked_listener[m->nparked++] = l->index;
}

/* Hands conn to w, or parks it when no worker is ready. */
static void send_or_park(shoal_master *m, uv_tcp_t *conn, shoal_listener *l, shoal_worker *w) {
  if (!w) {
    park(m, conn, l);
    return;
  }
  worker_send_conn(w, conn, l);
}

/* sticky "cookie": the ready worker serving l the cookie names, else balance. */
static void dispatch_by_cookie(shoal_master *m, uv_tcp_t *conn, shoal_listener *l, int id) {
  shoal_worker *w = m->workers;
  while (w && !(id && w->id == id && w->state == WORKER_READY && listeners_worker_serves(w, l)))
    w = w->next;
  send_or_park(m, conn, l, w ? w : pick_worker(m, l));
}

static void dispatch(shoal_master *m, uv_tcp_t *conn, shoal_listener *l) {
  if (shed_enabled(m) && shed_dispatch(m, conn, l)) return; /* limits.queue_ms */
  shoal_listen *cl = listeners_config_of(m, l);
  if (cl && cl->sticky_cookie) {
    sticky_cookie_start(m, conn, l, dispatch_by_cookie);
    return;
  }
  send_or_park(m, conn, l, cl && cl->sticky_ip ? pick_sticky(m, l, conn) : pick_worker(m, l));
}

void listeners_dispatch_parked(shoal_master *m) {
  size_t n = m->nparked;
  uv_tcp_t **conns = m->parked;
  int *idx = m->parked_listener;
  m->parked = NULL;
  m->parked_listener = NULL;
  m->nparked = m->parked_cap = 0;
  for (size_t i = 0; i < n; i++) dispatch(m, conns[i], m->listeners[idx[i]]);
  free(conns);
  free(idx);
}

static void on_connection(uv_stream_t *server, int status) {
  shoal_listener *l = server->data;
  shoal_master *m = l->master;
  if (status < 0) return;
  uv_tcp_t *conn = malloc(sizeof *conn);
  uv_tcp_init(m->loop, conn);
  conn->data = NULL; /* the client a PROXY header names (proxy_accept.h) */
  if (uv_accept(server, (uv_stream_t *)conn) != 0) {
    proxy_conn_free(conn);
    return;
  }
  if (m->stopping) {
    proxy_conn_free(conn);
    return;
  }
  if (listener_speaks_proxy(m, l)) {
    proxy_accept_start(m, conn, l, dispatch);
    return;
  }
  /* (libuv accepts in a loop: several calls may come in one wake-up) */
  m->batch_conns = true;
  dispatch(m, conn, l);
  m->batch_conns = false;
}

/* TCP_NODELAY on the listener: every accepted socket inherits it, so a
 * worker need not set it on each connection it is handed (worker.c). */
static int listener_listen(shoal_listener *l) {
  if (l->listening || l->closed) return 0;
  int err = uv_tcp_nodelay(&l->tcp, 1);
  if (err == 0) err = uv_listen((uv_stream_t *)&l->tcp, 511, on_connection);
  if (err == 0) l->listening = true;
  return err;
}

void listeners_start_accepting(shoal_master *m) {
  m->accepting = true;
  if (m->cfg.balance == BALANCE_KERNEL) return; /* the workers accept */
  for (size_t i = 0; i < m->nlisteners; i++) {
    int err = listener_listen(m->listeners[i]);
    if (err) {
      master_log(m, "cannot listen on %s:%d: %s", m->listeners[i]->host, m->listeners[i]->port,
                 uv_strerror(err));
    }
  }
}

void listeners_close(shoal_master *m) {
  for (size_t i = 0; i < m->nlisteners; i++) {
    shoal_listener *l = m->listeners[i];
    if (l->closed) continue;
    l->closed = true;
    uv_close((uv_handle_t *)&l->tcp, NULL);
  }
  for (size_t i = 0; i < m->nparked; i++) proxy_conn_free(m->parked[i]);
  shed_close(m);
  m->nparked = 0;
}

shoal_listener *listeners_for_app(shoal_master *m, const char *host, int port, int *err) {
  *err = 0;
  bool wildcard = strcmp(host, "::") == 0 || strcmp(host, "0.0.0.0") == 0;
  for (size_t i = 0; i < m->nlisteners; i++) {
    shoal_listener *l = m->listeners[i];
    if (l->closed) continue;
    bool same_port = l->port == port || (port != 0 && l->bound_port == port);
    /* listen(port) without a host takes a listener the config already has
     * on that port, whatever its address. */
    if (same_port && (wildcard || strcmp(l->host, host) == 0)) return l;
  }
  /* The config did not bind it: bind it now, for the whole cluster. */
  shoal_listener *l = listener_new(m, host, port, false, err);
  if (!l) return NULL;
  if (m->accepting) *err = listener_listen(l);
  return *err ? NULL : l;
}

static bool in_config(shoal_master *m, shoal_listener *l) {
  for (size_t i = 0; i < m->cfg.nlisten; i++) {
    if (m->cfg.listen[i].port == l->port && strcmp(m->cfg.listen[i].host, l->host) == 0)
      return true;
  }
  return false;
}

int listeners_apply_config(shoal_master *m) {
  for (size_t i = 0; i < m->cfg.nlisten; i++) {
    shoal_listen *cl = &m->cfg.listen[i];
    bool have = false;
    for (size_t k = 0; k < m->nlisteners && !have; k++) {
      shoal_listener *l = m->listeners[k];
      have = !l->closed && l->port == cl->port && strcmp(l->host, cl->host) == 0;
      if (have) l->from_config = true;
    }
    if (have) continue;
    int err;
    shoal_listener *l = listener_new(m, cl->host, cl->port, true, &err);
    if (!l) {
      master_log(m, "reload: cannot listen on %s:%d: %s", cl->host, cl->port, uv_strerror(err));
      return -1;
    }
    if (m->accepting && m->cfg.balance != BALANCE_KERNEL) listener_listen(l);
    master_log(m, "listening on %s:%d", cl->host, l->bound_port);
  }
  return 0;
}

void listeners_close_stale(shoal_master *m) {
  for (size_t i = 0; i < m->nlisteners; i++) {
    shoal_listener *l = m->listeners[i];
    if (l->closed || !l->from_config || in_config(m, l)) continue;
    master_log(m, "no longer listening on %s:%d", l->host, l->bound_port);
    l->closed = true;
    uv_close((uv_handle_t *)&l->tcp, NULL);
  }
}

/* --- upgrade: listeners survive an exec of the new binary -------------------------- */

/* Describes the listeners for the next image and lets their fds survive
 * exec. Returns a JSON array. */
json_t *listeners_export(shoal_master *m) {
  json_t *arr = json_array();
  for (size_t i = 0; i < m->nlisteners; i++) {
    shoal_listener *l = m->listeners[i];
    uv_os_fd_t fd;
    if (l->closed || uv_fileno((uv_handle_t *)&l->tcp, &fd) != 0) continue;
    fcntl(fd, F_SETFD, 0);
    json_array_append_new(
        arr, json_pack("{s:i, s:s, s:i, s:i, s:b}", "fd", fd, "host", l->host, "port", l->port,
                       "bound_port", l->bound_port, "from_config", l->from_config));
  }
  return arr;
}

/* In the new image: the listeners of SHOAL_UPGRADE_STATE. */
int listeners_adopt_inherited(shoal_master *m) {
  json_t *arr = json_object_get(m->upgrade_state, "listeners");
  size_t i;
  json_t *it;
  json_array_foreach(arr, i, it) {
    int fd = (int)json_integer_value(json_object_get(it, "fd"));
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    shoal_listener *l = listener_adopt(m, fd, json_string_value(json_object_get(it, "host")),
                                       json_is_true(json_object_get(it, "from_config")));
    if (!l) return -1;
    l->port = (int)json_integer_value(json_object_get(it, "port"));
  }
  return 0;
}
