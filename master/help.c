/* help: the text of `shoal help [COMMAND]` (see help.h). Longer references
 * are in docs/ (configuration.md, operations.md, deployment.md). */
#include "help.h"

#include <string.h>

typedef struct topic {
  const char *name;
  const char *text;
} topic;

static const topic topics[] = {
    {"run",
     "usage: shoal run FILE [ARGS...]\n"
     "       shoal run --test [--test-reporter=tap|spec|dot] [FILES/DIRS...]\n\n"
     "Runs FILE in one process, like `node FILE`: CommonJS or an ES module (.mjs, or .js in a\n"
     "\"type\": \"module\" package), with Node's built-in modules and globals. Exits 0 when the\n"
     "event loop is empty, 1 on an uncaught exception or unhandled rejection, or the code\n"
     "given to process.exit() / process.exitCode.\n\n"
     "--test, like `node --test`: runs the node:test files found as Node 20 finds them\n"
     "(*.test.js, *-test.js, *_test.js, test-*.js, test.js, anything under test/; .cjs/.mjs\n"
     "too; never node_modules), each in its own process, and exits 1 if a test failed.\n"},
    {"start",
     "usage: shoal start [CONFIG] [--workers N|auto] [--app FILE] [--listen [HOST:]PORT] "
     "[--watch] [--inspect[=PORT]]\n\n"
     "Starts the master in the foreground. CONFIG defaults to ./shoal.json; the options\n"
     "override it (without a config, --app is required). The master binds the listeners,\n"
     "starts the workers, hands them connections and keeps them alive.\n\n"
     "--workers auto (the default): the cgroup's CPU quota rounded up, at most the CPUs of\n"
     "the affinity mask. Without limits.heap_mb, a cgroup memory limit sets it (75% / workers).\n"
     "`shoal ctl status` says where both numbers came from.\n\n"
     "--watch: a change under the app's folder (not node_modules, dot-files, watch.ignore)\n"
     "reloads, debounced 200 ms; a broken save keeps the old generation serving.\n\n"
     "--inspect[=PORT]: each worker opens V8's inspector on 127.0.0.1 before the app runs\n"
     "(worker N on PORT+N-1, default any free port) and logs its ws:// URL, as\n"
     "node --inspect; `shoal ctl inspect WORKER debug` does it for a running worker.\n\n"
     "Behind a load balancer: \"proxy_protocol\": true on a listener (PROXY v1/v2) and\n"
     "\"trusted_proxies\" (X-Forwarded-For) make req.socket.remoteAddress the client.\n"
     "limits.queue_ms: while every worker is busy, connections wait in the master; past it\n"
     "the master answers 503 with Retry-After itself (TLS listeners: closed).\n\n"
     "Signals: TERM/INT drain and stop, QUIT stops at once, HUP reloads, TTIN/TTOU add or\n"
     "remove a worker, USR2 upgrades the binary in place, USR1 reopens access logs.\n"
     "Config reference: docs/configuration.md.\n"},
    {"check",
     "usage: shoal check CONFIG\n\n"
     "Validates CONFIG without starting anything: prints \"CONFIG: ok\" and exits 0, or prints\n"
     "FILE:LINE:COL: message (naming the key) and exits 1.\n"},
    {"ctl",
     "usage: shoal ctl [--socket PATH | --config CONFIG] COMMAND\n\n"
     "  status [--json]   workers: id, pid, generation, state, uptime, requests, in flight,\n"
     "                    RSS, heap, event-loop lag; where workers and heap_mb came from\n"
     "  scale N|+N|-N     set, add or remove workers (never below 1); waits until done\n"
     "  reload            rolling restart with the config and app read again; a config\n"
     "                    that does not validate or workers that fail to start leave the\n"
     "                    running generation alone (exit 1)\n"
     "  upgrade           exec the shoal binary now on disk in place, keeping the sockets\n"
     "  stop [--fast]     graceful drain, or immediate\n"
     "  drain | undrain   the health path answers 503 (every request is still served,\n"
     "                    so a load balancer moves away first) / 200 again\n"
     "  metrics           Prometheus text\n"
     "  top [--once] [--json] [--interval S]\n"
     "                    live per-worker view: req/s, p50/p99 latency (last 10 s), in\n"
     "                    flight, connections, RSS, heap, CPU %, lag, heartbeat age,\n"
     "                    restarts and last exit; redrawn until q on a\n"
     "                    terminal, one snapshot with --once/--json or without one\n"
     "  inspect WORKER stack\n"
     "                    the JavaScript the worker (pid or id) runs now, even when busy\n"
     "  inspect WORKER heap-snapshot [FILE]\n"
     "                    the worker writes a V8 .heapsnapshot (Chrome DevTools) to FILE,\n"
     "                    default heap-ID-PID-DATE-TIME.heapsnapshot in the config's folder\n"
     "  inspect WORKER debug [--port N]\n"
     "                    open the worker's V8 inspector (Chrome DevTools protocol, as\n"
     "                    node --inspect) on 127.0.0.1:N (default a free port) and print its\n"
     "                    ws:// and devtools:// URLs; while a debugger is attached the\n"
     "                    master sends that worker no new connection\n\n"
     "  heap-snapshot WORKER [FILE]\n"
     "                    the same as inspect WORKER heap-snapshot [FILE]\n\n"
     "The socket is --socket, else the config's control.socket (--config, or ./shoal.json),\n"
     "else ./shoal.sock. Exit codes: 0 done, 1 refused by the master, 2 usage, 3 no master.\n"
     "Protocol: ipc/CONTROL.md.\n"},
    {"version", "usage: shoal version\n\nPrints the version.\n"},
    {"help", "usage: shoal help [COMMAND]\n\nPrints the commands, or the help of one.\n"},
};

void help_usage(FILE *out) {
  fprintf(out,
          "usage: shoal COMMAND [ARGS...]\n"
          "\n"
          "  run FILE [ARGS...]              run a script in one process, like `node FILE`\n"
          "  start [CONFIG] [OPTIONS]        start the master (CONFIG defaults to ./shoal.json)\n"
          "        --workers N|auto --app FILE --listen [HOST:]PORT --watch --inspect[=PORT]\n"
          "  check CONFIG                    validate a config\n"
          "  ctl [--socket PATH | --config CONFIG] COMMAND\n"
          "        status [--json] | scale N|+N|-N | reload | upgrade | stop [--fast] | metrics\n"
          "        | drain | undrain | top [--once] [--json]\n"
          "        | inspect WORKER stack|heap-snapshot [FILE]|debug [--port N]\n"
          "        | heap-snapshot WORKER [FILE]\n"
          "  version                         print the version\n"
          "  help [COMMAND]                  this text, or a command's\n");
}

int help_main(int argc, char **argv) {
  if (argc == 0) {
    help_usage(stdout);
    return 0;
  }
  for (size_t i = 0; i < sizeof topics / sizeof topics[0]; i++) {
    if (strcmp(argv[0], topics[i].name) == 0) {
      fputs(topics[i].text, stdout);
      return 0;
    }
  }
  fprintf(stderr, "shoal help: no such command '%s'\n", argv[0]);
  help_usage(stderr);
  return 2;
}
