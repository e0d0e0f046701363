#ifndef SHOAL_MASTER_PROXY_ACCEPT_H
#define SHOAL_MASTER_PROXY_ACCEPT_H
/* proxy_accept: the master reads the PROXY protocol header (v1 or v2) of a
 * connection accepted on a listener with "proxy_protocol": true before it
 * hands the connection to a worker. It never blocks: the header is read as
 * it arrives (peeking, so not one byte of the request behind it is taken),
 * within limits.header_timeout_ms and PROXY_V2_MAX bytes. A malformed or
 * late header closes the connection and is logged (at most one line a
 * second, with the count of the others).
 *
 * On success conn->data is a JSON object {"address", "port", "family"}
 * naming the client (owned by conn: worker_send_conn moves it into the conn
 * message; proxy_conn_free frees it with conn), or NULL when the header
 * named none (LOCAL, UNKNOWN), and done(conn, l) takes over conn. */
#include "master.h"

typedef void (*proxy_done_cb)(shoal_master *m, uv_tcp_t *conn, shoal_listener *l);

/* Takes ownership of conn (accepted on l). */
void proxy_accept_start(shoal_master *m, uv_tcp_t *conn, shoal_listener *l, proxy_done_cb done);

/* Closes and frees an accepted connection and its conn->data. */
void proxy_conn_free(uv_tcp_t *conn);

/* Connections whose header is still awaited. */
size_t proxy_accept_pending(void);
#endif
