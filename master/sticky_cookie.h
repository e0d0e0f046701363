#ifndef SHOAL_MASTER_STICKY_COOKIE_H
#define SHOAL_MASTER_STICKY_COOKIE_H
/* sticky_cookie: `"sticky": "cookie"` listeners. Before handing a new
 * connection over, the master peeks (MSG_PEEK: nothing is consumed, the
 * worker reads the request whole) at its first bytes for a request head
 * whose `Cookie:` header has STICKY_COOKIE_NAME=<worker id>, the cookie the
 * workers of such a cluster set on their responses (js-lib/_http_server.js).
 * At most STICKY_PEEK_MAX bytes, for at most STICKY_PEEK_MS: a client that
 * sends nothing in time, a head without the cookie, or one naming a worker
 * that is gone (crash, reload, scale-down) goes by `balance`, and the worker
 * it lands on sets its own cookie (the client moves there). Never blocks:
 * the peek runs on the master's loop. */
#include <stddef.h>

#include "master.h"

#define STICKY_COOKIE_NAME "shoal_worker"
#define STICKY_PEEK_MAX 8192
#define STICKY_PEEK_MS 500

/* done(m, conn, l, id): id is the worker id the cookie names, 0 for none;
 * done takes conn over. */
typedef void (*sticky_cookie_cb)(shoal_master *m, uv_tcp_t *conn, shoal_listener *l, int id);

/* Takes ownership of conn (accepted on l) until done. */
void sticky_cookie_start(shoal_master *m, uv_tcp_t *conn, shoal_listener *l, sticky_cookie_cb done);
/* The worker id the request head in buf names in its Cookie headers, 0 for
 * none. *complete says whether buf held the whole head. */
int sticky_cookie_parse(const char *buf, size_t len, bool *complete);
#endif
