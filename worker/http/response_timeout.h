#ifndef SHOAL_WORKER_HTTP_RESPONSE_TIMEOUT_H
#define SHOAL_WORKER_HTTP_RESPONSE_TIMEOUT_H
/* response_timeout: limits.response_timeout_ms, the engine's bound on a
 * request its user never answers (an app that forgot res.end(), a handler
 * waiting on a dead dependency), and on the answered responses' bytes that a
 * client leaves in the socket's queue. One timer per server (its response_timer,
 * owned by the server and closed with it) sweeps the server's unanswered
 * requests a few times per timeout, so a request costs nothing to track.
 * Internal to worker/http/. */
#include "conn.h"

/* From http_server_new: sets up the server's timer (not armed). */
void response_timeout_init(http_server *s);
/* The limits changed: starts, restarts or stops the sweep. */
void response_timeout_arm(http_server *s);
#endif
