#ifndef SHOAL_MASTER_BROADCAST_H
#define SHOAL_MASTER_BROADCAST_H
/* broadcast: the master's relay of BroadcastChannel messages between the
 * workers of a cluster (the `broadcast` frame of ipc/PROTOCOL.md). A frame
 * from one worker goes to every other live worker, unread by the master
 * (the payload is the structured-clone bytes in base64; the workers
 * deliver it to their channels of that name).
 *
 * Bounded: a worker whose loop does not read its pipe (a busy loop) makes
 * the master's writes to it pile up in libuv's write queue; once that holds
 * BROADCAST_QUEUE_MAX bytes, further broadcasts to that worker are dropped
 * and counted (shoal_broadcast_dropped_total), so the master's memory stays
 * bounded whatever the workers do. Frames over IPC_BROADCAST_MAX bytes of
 * payload (the worker refuses to post those) are dropped too. */
#include <jansson.h>

#include "master.h"

#define BROADCAST_QUEUE_MAX (8u << 20) /* bytes waiting for one worker */

/* Relays a `broadcast` frame of `from` (borrowed). */
void broadcast_relay(shoal_master *m, shoal_worker *from, json_t *msg);
/* Appends the relay's metrics (Prometheus text) to buf (of cap bytes, NUL-terminated). */
void broadcast_metrics(char *buf, size_t cap);
#endif
