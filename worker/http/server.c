/* server: the engine's servers (http_engine.h): listeners, connections
 * accepted or handed over, draining, and walking their requests. The
 * connections themselves are conn.c's; their protocols http1.c's and h2.c's. */
#include <stdlib.h>
#include <string.h>

#include "request.h"
#include "response_timeout.h"

void http_limits_default(http_limits *l) {
  /* One initializer: a field not named here is 0/false, never whatever
   * the caller's stack held (allow_half_open once was). */
  *l = (http_limits){
      .header_bytes = 16384,
      .body_bytes = 10485760,
      .headers_timeout_ms = 10000,
      .keepalive_timeout_ms = 5000,
      .h2_max_streams = 100,
  };
}

http_server *http_server_new(uv_loop_t *loop, const http_callbacks *cb, void *data) {
  http_server *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  s->loop = loop;
  s->cb = *cb;
  s->data = data;
  http_limits_default(&s->limits);
  uv_tcp_init(loop, &s->listener);
  s->listener.data = s;
  uv_idle_init(loop, &s->resume_idle);
  s->resume_idle.data = s;
  response_timeout_init(s);
  return s;
}

void http_server_set_limits(http_server *s, const http_limits *l) {
  s->limits = *l;
  response_timeout_arm(s);
}

const http_limits *http_server_limits(http_server *s) {
  return &s->limits;
}

void *http_server_data(http_server *s) {
  return s->data;
}

/* libuv accepts in a loop and calls us once per connection (and backs off
 * on EMFILE with its reserve descriptor). */
static void on_connection(uv_stream_t *listener, int status) {
  http_server *s = listener->data;
  if (status < 0) return;
  http_conn *c = conn_new(s, s->tls);
  if (!c) return;
  s->nconns++;
  if (uv_accept(listener, (uv_stream_t *)&c->tcp) != 0) {
    conn_discard(c);
    return;
  }
  conn_start(c);
}

static int resolve_host(const char *host, int port, struct sockaddr_storage *out) {
  if (!host || !*host) host = "::";
  if (uv_ip6_addr(host, port, (struct sockaddr_in6 *)out) == 0) return 0;
  if (uv_ip4_addr(host, port, (struct sockaddr_in *)out) == 0) return 0;
  struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
  uv_getaddrinfo_t req;
  int err = uv_getaddrinfo(uv_default_loop(), &req, NULL, host, NULL, &hints);
  if (err) return err;
  memcpy(out, req.addrinfo->ai_addr, req.addrinfo->ai_addrlen);
  ((struct sockaddr_in *)out)->sin_port = htons((uint16_t)port);
  uv_freeaddrinfo(req.addrinfo);
  return 0;
}

int http_server_listen(http_server *s, const char *host, int port, int backlog) {
  struct sockaddr_storage addr;
  int err = resolve_host(host, port, &addr);
  if (err) return err;
  err = uv_tcp_bind(&s->listener, (struct sockaddr *)&addr, 0);
  if (err == 0)
    err = uv_listen((uv_stream_t *)&s->listener, backlog > 0 ? backlog : 511, on_connection);
  if (err == UV_EAFNOSUPPORT && (!host || !*host)) {
    /* No IPv6: fall back to IPv4, as Node does. */
    return http_server_listen(s, "0.0.0.0", port, backlog);
  }
  if (err == 0) s->listening = true;
  return err;
}

int http_server_listen_fd(http_server *s, uv_os_sock_t fd, int backlog) {
  int err = uv_tcp_open(&s->listener, fd);
  if (err == 0)
    err = uv_listen((uv_stream_t *)&s->listener, backlog > 0 ? backlog : 511, on_connection);
  if (err == 0) s->listening = true;
  return err;
}

int http_server_address(http_server *s, struct sockaddr_storage *out) {
  int len = sizeof *out;
  return uv_tcp_getsockname(&s->listener, (struct sockaddr *)out, &len);
}

bool http_server_closing(http_server *s) {
  return s->closing;
}

int http_server_adopt(http_server *s, uv_os_sock_t fd) {
  return http_server_adopt_tls(s, fd, s->tls);
}

int http_server_adopt_tls(http_server *s, uv_os_sock_t fd, tls_ctx *tls) {
  return http_server_adopt_from(s, fd, tls, NULL, 0);
}

static int open_fd(uv_tcp_t *tcp, void *fd) {
  return uv_tcp_open(tcp, *(uv_os_sock_t *)fd);
}

int http_server_adopt_from(http_server *s, uv_os_sock_t fd, tls_ctx *tls,
                           const struct sockaddr *remote, unsigned flags) {
  return http_server_adopt_with(s, open_fd, &fd, tls, remote, flags);
}

int http_server_adopt_with(http_server *s, http_socket_open open, void *arg, tls_ctx *tls,
                           const struct sockaddr *remote, unsigned flags) {
  /* No TLS of the listener's own: the server's (https.createServer). */
  http_conn *c = conn_new(s, tls ? tls : s->tls);
  if (!c) return UV_ENOMEM;
  s->nconns++;
  int err = open(&c->tcp, arg);
  if (err) {
    conn_discard(c);
    return err;
  }
  if (remote) {
    size_t n =
        remote->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
    memcpy(&c->remote, remote, n);
    c->has_remote = true;
  }
  c->nodelay = (flags & HTTP_ADOPT_NODELAY) != 0;
  c->adopted = true;
  conn_start(c);
  return 0;
}

static void on_listener_closed(uv_handle_t *h) {
  http_server *s = h->data;
  if (h == (uv_handle_t *)&s->listener) {
    uv_close((uv_handle_t *)&s->resume_idle, on_listener_closed);
    return;
  }
  if (h == (uv_handle_t *)&s->resume_idle) {
    uv_close((uv_handle_t *)&s->response_timer, on_listener_closed);
    return;
  }
  s->closed = true;
  if (s->cb.on_server_close) s->cb.on_server_close(s);
}

/* Stops accepting. Connections live on (http_server_close_idle/all end
 * them); the server's memory must outlive them: free it once nconns is 0.
 * Returns false when s was already closing. */
static bool stop_accepting(http_server *s) {
  if (s->closing) return false;
  s->closing = true;
  uv_close((uv_handle_t *)&s->listener, on_listener_closed);
  return true;
}

void http_server_close(http_server *s) {
  if (stop_accepting(s)) http_server_goaway(s);
}

void http_server_goaway(http_server *s) {
  /* HTTP/2 connections get GOAWAY (as HTTP/1.1 ones get Connection: close
   * on their next response): open streams finish, no new ones start. */
  for (http_conn *c = s->conns, *next; c; c = next) {
    next = c->next;
    if (c->proto && c->proto->server_closing) c->proto->server_closing(c);
  }
}

void http_server_drain(http_server *s, uint64_t idle_grace_ms) {
  if (!s->closing) {
    s->draining = true;
    s->drain_idle_ms = idle_grace_ms ? idle_grace_ms : 1;
    stop_accepting(s);
  }
  for (http_conn *c = s->conns, *next; c; c = next) {
    next = c->next;
    if (c->proto && c->proto->drain) c->proto->drain(c);
  }
}

void http_server_free(http_server *s) {
  tls_ctx_unref(s->tls);
  free(s);
}

void http_server_set_tls(http_server *s, tls_ctx *tls) {
  if (tls) tls_ctx_ref(tls);
  tls_ctx_unref(s->tls);
  s->tls = tls;
}

void http_server_close_idle(http_server *s) {
  http_conn *c = s->conns;
  while (c) {
    http_conn *next = c->next;
    if (c->proto && c->proto->close_idle) c->proto->close_idle(c);
    c = next;
  }
}

void http_server_close_all(http_server *s) {
  while (s->conns) conn_close(s->conns);
}

typedef struct unanswered_visit {
  http_req_visit fn;
  void *arg;
} unanswered_visit;

static void visit_if_unanswered(http_req *r, void *arg) {
  unanswered_visit *v = arg;
  if (r->delivered && !r->ended && !r->released) v->fn(r, v->arg);
}

void http_server_each_request(http_server *s, http_req_visit fn, void *arg) {
  unanswered_visit v = {fn, arg};
  http_conn *c = s->conns;
  while (c) {
    http_conn *next = c->next; /* the visit may close c */
    if (!c->closing && !c->tunnel && c->proto && c->proto->each_request)
      c->proto->each_request(c, visit_if_unanswered, &v);
    c = next;
  }
}

static void note_unanswered(http_req *r, void *arg) {
  (void)r;
  *(bool *)arg = true;
}

bool conn_has_unanswered(http_conn *c) {
  bool any = false;
  unanswered_visit v = {note_unanswered, &any};
  if (c->proto && c->proto->each_request) c->proto->each_request(c, visit_if_unanswered, &v);
  return any;
}

int http_server_conn_count(http_server *s) {
  int n = 0;
  for (http_conn *c = s->conns; c; c = c->next) n++;
  return n;
}

int http_server_nconns(http_server *s) {
  return s->nconns;
}
