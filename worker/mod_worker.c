/* internalBinding('worker'): the cluster worker seen from
 * js-lib/internal/worker.js (see worker.h). It belongs to the worker
 * process, not to bindings/: it calls into worker.c. */
#include <stdlib.h>

#include "binding.h"
#include "mod_http.h"
#include "worker.h"

static void ready(sh_cbinfo *ci) {
  (void)ci;
  worker_send_ready();
}

/* setDefaultServer(serverHandle): serves the config's listeners */
static void set_default_server(sh_cbinfo *ci) {
  worker_set_default_server(http_server_from_handle(sh_ci_rt(ci), sh_arg(ci, 0)));
}

/* listen(serverHandle, host|undefined, port, callback(err, address)) */
static void listen_port(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  char *host = sh_is(sh_arg(ci, 1), SH_STRING) ? arg_utf8(ci, 1) : NULL;
  worker_request_listen(rt, http_server_from_handle(rt, sh_arg(ci, 0)), host, (int)arg_i64(ci, 2),
                        sh_arg(ci, 3));
  free(host);
}

sh_val binding_worker_init(sh_rt *rt) {
  sh_val o = sh_obj(rt);
  bind_fn(rt, o, "ready", ready);
  bind_fn(rt, o, "setDefaultServer", set_default_server);
  bind_fn(rt, o, "listen", listen_port);
  return o;
}
