/* http_tunnel: upgraded connections (WebSocket, CONNECT). A request the user
 * took over (http_req_take_over, from on_request) ends at its head: its
 * protocol (HTTP/1.1: llhttp stops there, HPE_PAUSED_UPGRADE) hands the
 * connection over with tunnel_start and it becomes a tunnel. The connection
 * keeps the socket and its transport (TLS stays in conn.c), so a tunnel
 * works the same on plain TCP and TLS, on a worker's own listener and on
 * connections handed over by the master, and it still counts among the
 * server's connections. Bytes read go straight to on_tunnel_read: the engine
 * keeps none, and the user stops reading (http_conn_pause) when its own
 * buffer is full, so a peer that sends without the app reading stops being
 * read. A write's release runs only once its bytes left for the socket, so
 * the user sees how much the peer has not taken (http_tunnel_write_queued). */
#include "request.h"

bool http_conn_is_tunnel(http_conn *c) {
  return c->tunnel;
}

void tunnel_start(http_conn *c, http_req *r, const char *rest, size_t len) {
  c->tunnel = true;
  uv_timer_stop(&c->timer); /* no keep-alive or request timeouts any more */
  r->body_done = r->ended = true;
  r->finish_sent = true; /* no response: no on_finish */
  if (c->server->cb.on_upgrade) c->server->cb.on_upgrade(r, rest, len);
  http_req_release(r);
}

void tunnel_input(http_conn *c, const char *data, ssize_t n) {
  if (c->closing) return;
  if (n < 0) conn_read_stop(c);
  if (c->server->cb.on_tunnel_read) c->server->cb.on_tunnel_read(c, data, n);
}

int http_tunnel_write(http_conn *c, const void *data, size_t len, http_release_fn release,
                      void *token) {
  if (!c->tunnel || c->closing) {
    if (release) release(token);
    return -1;
  }
  uv_buf_t b = uv_buf_init((char *)data, (unsigned)len);
  return conn_write(c, NULL, &b, 1, NULL, NULL, release, token);
}

static void on_shutdown(uv_shutdown_t *req, int status) {
  http_conn *c = req->data;
  if (!c->closing && c->server->cb.on_tunnel_shutdown) c->server->cb.on_tunnel_shutdown(c, status);
}

int http_tunnel_shutdown(http_conn *c) {
  if (!c->tunnel || c->closing) return UV_ENOTCONN;
  if (c->tls) {
    tls_session_shutdown(c->tls);
    conn_write(c, NULL, NULL, 0, NULL, NULL, NULL, NULL); /* the close_notify */
    if (c->closing) return UV_ENOTCONN;
  }
  c->shutdown_req.data = c;
  return uv_shutdown(&c->shutdown_req, (uv_stream_t *)&c->tcp, on_shutdown);
}

size_t http_tunnel_write_queued(http_conn *c) {
  return c->write_queued;
}

void http_tunnel_ref(http_conn *c, bool ref) {
  if (c->closing) return;
  if (ref) {
    uv_ref((uv_handle_t *)&c->tcp);
    uv_ref((uv_handle_t *)&c->timer);
  } else {
    uv_unref((uv_handle_t *)&c->tcp);
    uv_unref((uv_handle_t *)&c->timer);
  }
}
