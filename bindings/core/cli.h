#ifndef SHOAL_WORKER_CLI_H
#define SHOAL_WORKER_CLI_H
/* cli: Node's command line, `shoal-runtime [NODE-OPTIONS] [FILE | -e CODE |
 * -p CODE] [--] [ARGS...]`, so that `spawn(process.execPath, [...])` and
 * child_process.fork() work as with node.
 *
 * Options before the script are process.execArgv. Understood: -e/--eval,
 * -p/--print, -v/--version (as -p process.version), -r/--require MODULE,
 * --input-type=commonjs|module, and the V8 flags (--expose-gc,
 * --max-old-space-size=N, --stack-size=N, --harmony*, --allow-natives-syntax,
 * --jitless ...), passed to V8. Other long options (--no-warnings,
 * --no-deprecation, --trace-warnings, --expose-internals,
 * --unhandled-rejections=..., --experimental-* ...) are kept in execArgv for
 * js-lib to read, or ignored. `--` ends the options.
 *
 * Every pointer in a runtime_cli points into the argv given to cli_parse (or
 * is a string literal), except the arrays and v8_flags, which cli_free frees. */
#include <stdbool.h>

typedef struct runtime_cli {
  char **exec_argv; /* the options, NULL-terminated */
  int exec_argc;
  const char *eval; /* -e/-p code, or NULL */
  bool print;       /* -p */
  const char *input_type;
  char **preload; /* -r modules, NULL-terminated */
  int npreload;
  char *v8_flags; /* for V8, space-separated (with $SHOAL_V8_FLAGS) */
  char **args;    /* [FILE, ARGS...], or [ARGS...] with -e/-p */
  int nargs;
  long long secure_heap;     /* --secure-heap=N: OpenSSL's secure heap size, 0 none */
  long long secure_heap_min; /* --secure-heap-min=N, as Node clamps it */
} runtime_cli;

/* Returns 0, or 9 (Node's "bad option" status) after printing why. */
int cli_parse(int argc, char **argv, runtime_cli *out);
void cli_free(runtime_cli *cli);
#endif
