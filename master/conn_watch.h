#ifndef SHOAL_MASTER_CONN_WATCH_H
#define SHOAL_MASTER_CONN_WATCH_H
/* conn_watch: how the master looks at an accepted connection's first bytes
 * before it hands the connection over (proxy_accept.c: the PROXY header;
 * sticky_cookie.c: the shoal_worker cookie): a uv_poll_t on its socket and
 * a timer, on the master's loop. A conn_watch is the first member of its
 * user's malloc'd struct (the handles' data point to it); closing frees that
 * struct once both handles closed. The connection stays its user's. */
#include <stdint.h>

#include "master.h"

typedef struct conn_watch {
  shoal_master *m;
  uv_tcp_t *conn;
  shoal_listener *l;
  uv_poll_t poll;
  uv_timer_t timer;
  int open_handles;
  int fd;
} conn_watch;

/* Polls conn for reading (on_readable) and starts the timer (on_timer after
 * timeout_ms). Returns 0, or -1 when nothing could start (w is untouched:
 * the caller frees it). */
int conn_watch_start(conn_watch *w, shoal_master *m, uv_tcp_t *conn, shoal_listener *l,
                     uv_poll_cb on_readable, uv_timer_cb on_timer, uint64_t timeout_ms);
/* Closes both handles; frees w's struct once they are closed. */
void conn_watch_close(conn_watch *w);
#endif
