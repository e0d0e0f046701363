#ifndef SHOAL_WORKER_WORKER_H
#define SHOAL_WORKER_WORKER_H
/* worker: a worker process of the cluster (`shoal-runtime worker`). It
 * talks to the master over the IPC pipe on fd 3 (ipc/PROTOCOL.md): receives
 * its init message, loads the app (js-lib/internal/worker_main.js), reports
 * ready, heartbeats every 100 ms, serves the connections the master hands
 * over, registers the ports the app listens on, and drains on request.
 *
 * The worker state is a single static object owned by this module. */
#include "v8shim.h"

int worker_main(int argc, char **argv);

/* internalBinding('worker') (worker/mod_worker.c), registered by main.c. */
sh_val binding_worker_init(sh_rt *rt);

/* For worker/mod_worker.c: */
void worker_send_ready(void);
void worker_set_default_server(sh_rt *rt, sh_val server_handle);
/* Asks the master for host:port; callback(err, {address, port, family})
 * runs when it answered. */
void worker_request_listen(sh_rt *rt, sh_val server_handle, const char *host, int port,
                           sh_val callback);
#endif
