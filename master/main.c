/* shoal: the command-line entry. This process never links V8: commands that
 * run JavaScript exec shoal-runtime, found next to /proc/self/exe.
 *
 *   shoal run FILE [ARGS...]    run a script in one process, like `node FILE`
 *   shoal [NODE-OPTIONS] FILE [ARGS...]   the same when the first argument is
 *                               no command (worker/cli.h: -e, -p, --expose-gc ...)
 *   shoal start [CONFIG] [OPTIONS]   start the master (see master.c)
 *   shoal check CONFIG          validate a config
 *   shoal ctl ... COMMAND       talk to a running master (ctl.c)
 *   shoal version
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "ctl.h"
#include "help.h"
#include "master.h"

/* The path of shoal-runtime: beside this executable. */
static int runtime_path(char *buf, size_t cap) {
  ssize_t n = readlink("/proc/self/exe", buf, cap - 1);
  if (n <= 0) return -1;
  buf[n] = 0;
  char *slash = strrchr(buf, '/');
  if (!slash) return -1;
  const char name[] = "shoal-runtime";
  if ((size_t)(slash + 1 - buf) + sizeof name > cap) return -1;
  memcpy(slash + 1, name, sizeof name);
  return 0;
}

/* Replaces this process with `shoal-runtime SUBCOMMAND ARGS...`. */
static int exec_runtime(const char *subcommand, int argc, char **argv) {
  char path[PATH_MAX];
  if (runtime_path(path, sizeof path) != 0) {
    fprintf(stderr, "shoal: cannot locate this executable\n");
    return 70;
  }
  char **args = calloc((size_t)argc + 3, sizeof *args);
  args[0] = path;
  args[1] = (char *)subcommand;
  for (int i = 0; i < argc; i++) args[i + 2] = argv[i];
  execv(path, args);
  fprintf(stderr, "shoal: cannot run %s: %s\n", path, strerror(errno));
  free(args);
  return 70;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    help_usage(stderr);
    return 2;
  }
  const char *cmd = argv[1];
  if (strcmp(cmd, "run") == 0) {
    if (argc < 3) {
      fprintf(stderr, "usage: shoal run FILE [ARGS...]\n");
      return 2;
    }
    return exec_runtime("run", argc - 2, argv + 2);
  }
  if (strcmp(cmd, "start") == 0) return master_main(argc - 2, argv + 2);
  if (strcmp(cmd, "ctl") == 0) return ctl_main(argc - 2, argv + 2);
  if (strcmp(cmd, "check") == 0) return config_check_main(argc - 1, argv + 1);
  if (strcmp(cmd, "worker") == 0) return exec_runtime("worker", argc - 2, argv + 2);
  if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
    printf("shoal %s\n", SHOAL_VERSION);
    return 0;
  }
  if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0)
    return help_main(argc - 2, argv + 2);
  /* Anything else is a node command line: `shoal FILE` is `shoal run FILE`. */
  return exec_runtime("run", argc - 1, argv + 1);
}
