#ifndef SHOAL_MASTER_SHED_H
#define SHOAL_MASTER_SHED_H
/* shed: the master's bounded queue of connections and overload shedding
 * (`limits.queue_ms`). Without it the master hands every connection to a
 * worker at once, even when all of them are stuck in long handlers: the
 * connection then waits, unseen, in a busy worker. With it:
 *
 *   - a worker is *saturated* while it runs a request's JavaScript (the busy
 *     page's js_since_ns) or has not yet taken the last connection sent to
 *     it (conns_taken, also on the busy page);
 *   - while every ready worker is saturated, new connections wait in the
 *     master, first come first served (at most SHED_QUEUE_MAX); every 2 ms
 *     the queue's head goes to a worker that became free;
 *   - a connection that waited longer than queue_ms is answered by the
 *     master itself: `503 Service Unavailable` with `Retry-After: 1` and
 *     `Connection: close` on a cleartext listener; closed on a TLS listener
 *     (the master has no TLS; a client sees a reset and may retry).
 *
 * Queue time (a summary) and shed connections are in the metrics. The queue
 * owns its connections (uv_tcp_t) until they are sent or shed. */
#include <stdbool.h>

#include "master.h"

#define SHED_QUEUE_MAX 4096

/* Shedding is on: queue_ms > 0 and the master balances (not "kernel"). */
bool shed_enabled(shoal_master *m);
/* Handles a connection of l while shedding is on: to a free worker, or to
 * the queue (takes ownership of conn). Returns false when no worker is
 * ready at all (the caller parks conn, as without shedding). */
bool shed_dispatch(shoal_master *m, uv_tcp_t *conn, shoal_listener *l);
/* Closes the queued connections (stop). */
void shed_close(shoal_master *m);
/* Appends the queue's metrics (Prometheus text) to buf (of cap bytes, NUL-terminated). */
void shed_metrics(shoal_master *m, char *buf, size_t cap);
/* The same for `status` (ctl status/top, /status.json, the dashboard):
 * {enabled, length, waited, wait_avg_ms, shed}; a new object, the caller's. */
json_t *shed_status(shoal_master *m);
#endif
