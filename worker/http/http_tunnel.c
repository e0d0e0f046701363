/* http_tunnel: upgraded connections (WebSocket, CONNECT). A request the user
 * took over (h1_req_take_over, from on_request) ends at its head: llhttp
 * stops there (HPE_PAUSED_UPGRADE) and the connection becomes a tunnel. The
 * engine keeps the socket and its transport (TLS stays here), so a tunnel
 * works the same on plain TCP and TLS, on a worker's own listener and on
 * connections handed over by the master, and it still counts among the
 * server's connections. Bytes read go straight to on_tunnel_read: the engine
 * keeps none, and the user stops reading (h1_conn_pause) when its own buffer
 * is full, so a peer that sends without the app reading stops being read. A
 * write's release runs only once its bytes left for the socket, so the user
 * sees how much the peer has not taken (h1_tunnel_write_queued). */
#include <stdlib.h>

#include "http_internal.h"

int h1_req_take_over(h1_req *r) {
  if (r->proto != PROTO_H1 || !(r->flags & H1_UPGRADE) || r->head_written || r->ended) return -1;
  r->take_over = true;
  return 0;
}

bool h1_conn_is_tunnel(h1_conn *c) {
  return c->tunnel;
}

void h1i_tunnel_start(h1_conn *c, h1_req *r, const char *rest, size_t len) {
  if (!r || !r->take_over) {
    /* Nobody took the upgrade: it was an ordinary request, answered as such.
     * As Node does, what followed it in this read is dropped. */
    llhttp_resume_after_upgrade(&c->parser);
    return;
  }
  c->tunnel = true;
  uv_timer_stop(&c->timer); /* no keep-alive or request timeouts any more */
  c->req = NULL;            /* a close from on_upgrade does not touch r */
  r->body_done = r->ended = true;
  r->finish_sent = true; /* no response: no on_finish */
  if (c->server->cb.on_upgrade) c->server->cb.on_upgrade(r, rest, len);
  h1i_req_release(r);
}

void h1i_tunnel_input(h1_conn *c, const char *data, ssize_t n) {
  if (c->closing) return;
  if (n < 0 && c->reading) {
    uv_read_stop((uv_stream_t *)&c->tcp);
    c->reading = false;
  }
  if (c->server->cb.on_tunnel_read) c->server->cb.on_tunnel_read(c, data, n);
}

int h1_tunnel_write(h1_conn *c, const void *data, size_t len, h1_release_fn release, void *token) {
  if (!c->tunnel || c->closing) {
    if (release) release(token);
    return -1;
  }
  uv_buf_t b = uv_buf_init((char *)data, (unsigned)len);
  return h1i_conn_write(c, NULL, &b, 1, NULL, NULL, release, token);
}

static void on_shutdown(uv_shutdown_t *req, int status) {
  h1_conn *c = req->data;
  if (!c->closing && c->server->cb.on_tunnel_shutdown) c->server->cb.on_tunnel_shutdown(c, status);
}

int h1_tunnel_shutdown(h1_conn *c) {
  if (!c->tunnel || c->closing) return UV_ENOTCONN;
  if (c->tls) {
    tls_conn_shutdown(c->tls);
    h1i_conn_write(c, NULL, NULL, 0, NULL, NULL, NULL, NULL); /* the close_notify */
    if (c->closing) return UV_ENOTCONN;
  }
  c->shutdown_req.data = c;
  return uv_shutdown(&c->shutdown_req, (uv_stream_t *)&c->tcp, on_shutdown);
}

size_t h1_tunnel_write_queued(h1_conn *c) {
  return c->write_queued;
}

void h1_tunnel_ref(h1_conn *c, bool ref) {
  if (c->closing) return;
  if (ref) {
    uv_ref((uv_handle_t *)&c->tcp);
    uv_ref((uv_handle_t *)&c->timer);
  } else {
    uv_unref((uv_handle_t *)&c->tcp);
    uv_unref((uv_handle_t *)&c->timer);
  }
}
