#ifndef SHOAL_WORKER_HTTP_RESPONSE_TIMEOUT_H
#define SHOAL_WORKER_HTTP_RESPONSE_TIMEOUT_H
/* response_timeout: limits.response_timeout_ms, the engine's bound on a
 * request its user never answers (an app that forgot res.end(), a handler
 * waiting on a dead dependency). One timer per server (its response_timer,
 * owned by the server and closed with it) sweeps the server's unanswered
 * requests a few times per timeout, so a request costs nothing to track.
 * Internal to worker/http/. */
#include "conn.h"

/* From http_server_new: sets up the server's timer (not armed). */
void response_timeout_init(http_server *s);
/* The limits changed: starts, restarts or stops the sweep. */
void response_timeout_arm(http_server *s);
/* How often a check against TIMEOUT_MS runs: a tenth of it (at most 10 %
 * late), at least every 5 s, at most every 10 ms. Also HTTP/1.1's bound on
 * a response's last bytes that a client does not take (http1.c). */
uint64_t response_timeout_every_ms(uint64_t timeout_ms);
#endif
