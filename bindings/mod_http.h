#ifndef SHOAL_BINDINGS_MOD_HTTP_H
#define SHOAL_BINDINGS_MOD_HTTP_H
/* mod_http: what the worker (worker/worker.c) needs from the HTTP binding:
 * the engine server behind a JS server handle, process-wide defaults, and
 * draining every server at once. Request accounting is not here: the engine
 * calls worker/request_accounting.c through its request hooks. */
#include <stdint.h>

#include "v8shim.h"
#include "http_engine.h"

/* The engine server of a handle from binding.createServer, or NULL (not
 * such a handle, or the server closed). */
http_server *http_server_from_handle(sh_rt *rt, sh_val handle);
/* hook(server) runs when an engine server of this thread's runtime closed,
 * before it is freed: a holder of the pointer (the worker's table of
 * servers by listener) forgets it. Per thread, like the servers. */
void http_set_server_close_hook(void (*hook)(http_server *s));
/* Limits every server created from now on starts with (the cluster config). */
void http_set_default_limits(const http_limits *l);
/* Drain (http_server_drain on every server): stop accepting, close idle
 * connections; HTTP/1.1 responses in flight get Connection: close; an
 * HTTP/2 connection gets GOAWAY once it had no open stream for
 * h2_idle_grace_ms. Returns open connections. */
int http_drain_all(uint64_t h2_idle_grace_ms);
/* The drain's last phase: GOAWAY on every HTTP/2 connection still open. */
void http_goaway_all(void);
/* The drain deadline: closes every connection of every server (upgraded
 * ones too). */
void http_close_all(void);
int http_open_connections(void);
#endif
