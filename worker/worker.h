#ifndef SHOAL_WORKER_WORKER_H
#define SHOAL_WORKER_WORKER_H
/* worker: a worker process of the cluster (`shoal-runtime worker`). It
 * talks to the master over the IPC pipe on fd 3 (ipc/PROTOCOL.md): receives
 * its init message, loads the app (js-lib/internal/worker_main.js), reports
 * ready, heartbeats every 100 ms, serves the connections the master hands
 * over, registers the ports the app listens on, and drains on request.
 *
 * The worker state is a single static object owned by this module. */
#include "http_engine.h"
#include "v8shim.h"

int worker_main(int argc, char **argv);

/* internalBinding('worker') (worker/mod_worker.c), registered by main.c. */
sh_val binding_worker_init(sh_rt *rt);

/* For worker/mod_worker.c: */
void worker_send_ready(void);
/* Names the engine server for the config's listeners (the app's export).
 * The worker keeps engine servers, not JavaScript objects: a connection
 * reaches its server without entering V8. mod_http reports a server's close
 * (http_set_server_close_hook), which removes it. NULL: a closed server
 * (its connections are refused). */
void worker_set_default_server(http_server *server);
/* Asks the master for host:port for `server`; callback(err, {address, port,
 * family}) runs when it answered, and the listener's connections go to
 * `server` from then on. */
void worker_request_listen(sh_rt *rt, http_server *server, const char *host, int port,
                           sh_val callback);
#endif
