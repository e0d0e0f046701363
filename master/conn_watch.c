/* conn_watch: a poll and a timer on an accepted connection (see conn_watch.h). */
#include "conn_watch.h"

#include <stdlib.h>

int conn_watch_start(conn_watch *w, shoal_master *m, uv_tcp_t *conn, shoal_listener *l,
                     uv_poll_cb on_readable, uv_timer_cb on_timer, uint64_t timeout_ms) {
  uv_os_fd_t fd;
  if (uv_fileno((uv_handle_t *)conn, &fd) != 0 || uv_poll_init(m->loop, &w->poll, fd) != 0)
    return -1;
  w->m = m;
  w->conn = conn;
  w->l = l;
  w->fd = fd;
  w->poll.data = w;
  uv_timer_init(m->loop, &w->timer);
  w->timer.data = w;
  w->open_handles = 2;
  uv_poll_start(&w->poll, UV_READABLE | UV_DISCONNECT, on_readable);
  uv_timer_start(&w->timer, on_timer, timeout_ms, 0);
  return 0;
}

static void on_closed(uv_handle_t *h) {
  conn_watch *w = h->data;
  if (--w->open_handles == 0) free(w);
}

void conn_watch_close(conn_watch *w) {
  uv_close((uv_handle_t *)&w->poll, on_closed);
  uv_close((uv_handle_t *)&w->timer, on_closed);
}
