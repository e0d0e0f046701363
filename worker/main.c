/* shoal-runtime: the only executable that links V8.
 *
 *   shoal-runtime run FILE [ARGS...]   run a script, like `node FILE`
 *   shoal-runtime [NODE-OPTIONS] [FILE | -] [ARGS...]   the same (worker/cli.h), the
 *       program read from stdin without FILE or with `-`: this
 *       binary is process.execPath, so children run with it as with node. The
 *       first argument is a subcommand only when it is exactly one of run,
 *       worker, zygote, version (a script named so: ./run).
 *   shoal-runtime worker               a cluster worker (started by the master)
 *   shoal-runtime zygote               the master's fork server of workers
 *
 * The `shoal` command execs it for `shoal run` (and, later, for workers). */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "binding.h"
#include "modules.h"
#include "runtime.h"
#include "worker.h"
#include "zygote.h"

/* The worker process's own native module (worker/mod_worker.c). */
static const binding_entry worker_modules[] = {{"worker", binding_worker_init}};

static int usage(void) {
  fprintf(stderr, "usage: shoal-runtime run FILE [ARGS...]\n");
  return 2;
}

int main(int argc, char **argv) {
  /* A write to a peer that has gone away must fail with EPIPE on that one
   * connection, not kill the process. Node ignores SIGPIPE for the same reason;
   * the master's SIG_IGN does not reach us, because uv_spawn resets every signal
   * to its default in the child. */
  signal(SIGPIPE, SIG_IGN);
  /* As Node: a write past RLIMIT_FSIZE fails with EFBIG instead of killing
   * the process with SIGXFSZ. */
  signal(SIGXFSZ, SIG_IGN);
  modules_register();
  binding_register(worker_modules, sizeof worker_modules / sizeof worker_modules[0]);
  if (argc >= 2 && strcmp(argv[1], "version") == 0) {
    printf("shoal %s\n", SHOAL_VERSION);
    return 0;
  }
  if (argc >= 2 && strcmp(argv[1], "worker") == 0) return worker_main(argc - 2, argv + 2);
  if (argc >= 2 && strcmp(argv[1], "zygote") == 0) {
    int rc = zygote_main(argv);
    return rc == ZYGOTE_CHILD ? worker_main(argc - 2, argv + 2) : rc;
  }
  /* No arguments: the program comes from stdin, as with node (which starts
   * its REPL on a terminal instead; shoal has none). */
  if (argc < 2 && isatty(STDIN_FILENO)) return usage();
  if (argc < 2 || strcmp(argv[1], "run") != 0) {
    runtime_argv0 = argv[0];
    return runtime_run(argc - 1, argv + 1);
  }
  if (argc < 3) return usage();
  return runtime_run(argc - 2, argv + 2);
}
