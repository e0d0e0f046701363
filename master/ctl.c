/* ctl: `shoal ctl`, the control client (protocol in ipc/CONTROL.md).
 *
 *   shoal ctl [--socket PATH | --config CONFIG] COMMAND
 *     status [--json] | scale N|+N|-N | reload | upgrade | stop [--fast] | metrics
 *     | drain | undrain | top [--once] [--json]
 *     | inspect WORKER stack|heap-snapshot [FILE]|debug [--port N]
 *     | heap-snapshot WORKER [FILE] (= inspect WORKER heap-snapshot [FILE])
 *
 * Exit codes: 0 done, 1 the master refused, 2 usage, 3 no master answers.
 * Plain blocking sockets: a client has nothing else to do. */
#include "ctl.h"

#include <errno.h>
#include <signal.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "config.h"

static int usage(void) {
  fprintf(stderr,
          "usage: shoal ctl [--socket PATH | --config CONFIG] COMMAND\n"
          "  status [--json]      workers: id, pid, generation, state, uptime, requests, ...\n"
          "  scale N|+N|-N        set, add or remove workers\n"
          "  reload               rolling restart with fresh app code and config\n"
          "  upgrade              replace the master binary in place\n"
          "  stop [--fast]        graceful (drain) or immediate stop\n"
          "  drain | undrain      health path 503 (still serving) / 200 again\n"
          "  metrics              Prometheus text exposition\n"
          "  top [--once] [--json]  live per-worker view (q quits); one snapshot with --once,\n"
          "                       --json, or when stdout is not a terminal\n"
          "  inspect WORKER stack  the JavaScript a worker (pid or id) runs now\n"
          "  inspect WORKER heap-snapshot [FILE]  V8 heap snapshot written by the worker\n"
          "  heap-snapshot WORKER [FILE]  the same\n"
          "                       (default heap-ID-PID-DATE-TIME.heapsnapshot in the config's "
          "folder)\n"
          "  inspect WORKER debug [--port N]  open the worker's V8 inspector to a DevTools\n"
          "                       client on 127.0.0.1 (port N, default any free one); no new\n"
          "                       connection goes to it while a debugger is attached\n");
  return 2;
}

/* The control socket: --socket, else the config's (--config, or ./shoal.json
 * when present), else ./shoal.sock. */
static int socket_path(const char *sock, const char *config, char *out, size_t cap) {
  if (sock) {
    snprintf(out, cap, "%s", sock);
    return 0;
  }
  if (!config && access("shoal.json", F_OK) == 0) config = "shoal.json";
  if (!config) {
    snprintf(out, cap, "shoal.sock");
    return 0;
  }
  shoal_config c;
  char err[2048];
  if (config_load(config, &c, err, sizeof err) != 0) {
    fprintf(stderr, "%s\n", err);
    return -1;
  }
  snprintf(out, cap, "%s", c.control_socket ? c.control_socket : "shoal.sock");
  config_free(&c);
  return 0;
}

/* A port number 0..65535 in text, else -1. */
static long port_arg(const char *text) {
  char *end;
  long port = strtol(text, &end, 10);
  return *text && !*end && port >= 0 && port <= 65535 ? port : -1;
}

/* inspect WORKER stack|heap-snapshot [FILE]|debug [--port N] [--json]: a
 * relative FILE is the caller's, so it is made absolute here. */
static json_t *inspect_request(int argc, char **argv, bool *json_out, int *rc) {
  *json_out = argc > 3 && strcmp(argv[argc - 1], "--json") == 0;
  if (*json_out) argc--;
  char *end;
  long w = argc >= 3 ? strtol(argv[1], &end, 10) : 0;
  bool stack = argc == 3 && strcmp(argv[2], "stack") == 0;
  bool snap = (argc == 3 || argc == 4) && strcmp(argv[2], "heap-snapshot") == 0;
  bool debug =
      (argc == 3 || (argc == 5 && strcmp(argv[3], "--port") == 0)) && strcmp(argv[2], "debug") == 0;
  long port = debug && argc == 5 ? port_arg(argv[4]) : 0;
  if (argc < 3 || !*argv[1] || *end || w <= 0 || !(stack || snap || debug) || port < 0) {
    *rc = usage();
    return NULL;
  }
  json_t *req =
      json_pack("{s:s, s:I, s:s}", "cmd", "inspect", "worker", (json_int_t)w, "what", argv[2]);
  if (debug) {
    json_object_set_new(req, "port", json_integer(port));
  } else if (argc == 4) {
    char cwd[4096], file[8192];
    if (argv[3][0] != '/' && getcwd(cwd, sizeof cwd))
      snprintf(file, sizeof file, "%s/%s", cwd, argv[3]);
    else snprintf(file, sizeof file, "%s", argv[3]);
    json_object_set_new(req, "file", json_string(file));
  }
  return req;
}

/* heap-snapshot WORKER [FILE] [--json]: inspect WORKER heap-snapshot [FILE]. */
static json_t *heap_snapshot_request(int argc, char **argv, bool *json_out, int *rc) {
  char *args[6] = {"inspect", argc > 1 ? argv[1] : "", "heap-snapshot"};
  if (argc < 2 || argc > 4) {
    *rc = usage();
    return NULL;
  }
  for (int i = 2; i < argc; i++) args[i + 1] = argv[i];
  return inspect_request(argc + 1, args, json_out, rc);
}

static json_t *build_request(int argc, char **argv, bool *json_out, int *rc) {
  const char *cmd = argv[0];
  *rc = 0;
  if (strcmp(cmd, "status") == 0) {
    *json_out = argc > 1 && strcmp(argv[1], "--json") == 0;
    if (argc > (*json_out ? 2 : 1)) goto bad;
    return json_pack("{s:s}", "cmd", "status");
  }
  if (strcmp(cmd, "scale") == 0) {
    if (argc != 2) goto bad;
    const char *n = argv[1];
    char *end;
    long v = strtol(n, &end, 10);
    if (*n == 0 || *end != 0) goto bad;
    if (n[0] == '+' || n[0] == '-') return json_pack("{s:s, s:i}", "cmd", "scale", "delta", (int)v);
    return json_pack("{s:s, s:i}", "cmd", "scale", "workers", (int)v);
  }
  if (strcmp(cmd, "stop") == 0) {
    bool fast = argc > 1 && strcmp(argv[1], "--fast") == 0;
    if (argc > (fast ? 2 : 1)) goto bad;
    return json_pack("{s:s, s:b}", "cmd", "stop", "fast", fast);
  }
  if (strcmp(cmd, "inspect") == 0) return inspect_request(argc, argv, json_out, rc);
  if (strcmp(cmd, "heap-snapshot") == 0) return heap_snapshot_request(argc, argv, json_out, rc);
  if (strcmp(cmd, "reload") == 0 || strcmp(cmd, "upgrade") == 0 || strcmp(cmd, "metrics") == 0 ||
      strcmp(cmd, "drain") == 0 || strcmp(cmd, "undrain") == 0) {
    if (argc != 1) goto bad;
    return json_pack("{s:s}", "cmd", cmd);
  }
bad:
  *rc = usage();
  return NULL;
}

void ctl_human_bytes(json_int_t v, char *out, size_t cap) {
  if (v >= 1 << 20) snprintf(out, cap, "%.1fM", (double)v / (1 << 20));
  else if (v >= 1 << 10) snprintf(out, cap, "%.1fK", (double)v / (1 << 10));
  else snprintf(out, cap, "%lld", (long long)v);
}

static void human_uptime(json_int_t s, char *out, size_t cap) {
  if (s >= 86400)
    snprintf(out, cap, "%lldd%lldh", (long long)(s / 86400), (long long)(s % 86400 / 3600));
  else if (s >= 3600)
    snprintf(out, cap, "%lldh%lldm", (long long)(s / 3600), (long long)(s % 3600 / 60));
  else if (s >= 60) snprintf(out, cap, "%lldm%llds", (long long)(s / 60), (long long)(s % 60));
  else snprintf(out, cap, "%llds", (long long)s);
}

static void print_status(json_t *reply) {
  json_t *master = json_object_get(reply, "master");
  printf("master pid %lld, generation %lld, version %s\n",
         (long long)json_integer_value(json_object_get(master, "pid")),
         (long long)json_integer_value(json_object_get(master, "generation")),
         json_string_value(json_object_get(master, "version")));
  json_t *sz = json_object_get(reply, "sizing");
  if (sz) {
    printf("workers %lld: %s\nheap_mb %lld: %s\n",
           (long long)json_integer_value(json_object_get(sz, "workers")),
           json_string_value(json_object_get(sz, "workers_source")),
           (long long)json_integer_value(json_object_get(sz, "heap_mb")),
           json_string_value(json_object_get(sz, "heap_mb_source")));
  }
  printf("%4s %8s %4s %-9s %8s %10s %8s %8s %8s %8s\n", "ID", "PID", "GEN", "STATE", "UPTIME",
         "REQUESTS", "INFLIGHT", "RSS", "HEAP", "LAG");
  size_t i;
  json_t *w;
  json_array_foreach(json_object_get(reply, "workers"), i, w) {
    char up[32], rss[32], heap[32];
    human_uptime(json_integer_value(json_object_get(w, "uptime_s")), up, sizeof up);
    ctl_human_bytes(json_integer_value(json_object_get(w, "rss")), rss, sizeof rss);
    ctl_human_bytes(json_integer_value(json_object_get(w, "heap")), heap, sizeof heap);
    printf("%4lld %8lld %4lld %-9s %8s %10lld %8lld %8s %8s %6.0fms\n",
           (long long)json_integer_value(json_object_get(w, "id")),
           (long long)json_integer_value(json_object_get(w, "pid")),
           (long long)json_integer_value(json_object_get(w, "generation")),
           json_string_value(json_object_get(w, "state")), up,
           (long long)json_integer_value(json_object_get(w, "requests")),
           (long long)json_integer_value(json_object_get(w, "inflight")), rss, heap,
           json_number_value(json_object_get(w, "lag_ms")));
  }
}

/* Reads one line (up to cap) from fd; returns its length or -1. */
static ssize_t read_line(int fd, char **buf, size_t *cap) {
  size_t n = 0;
  for (;;) {
    if (n + 1 >= *cap) {
      *cap = *cap ? *cap * 2 : 65536;
      *buf = realloc(*buf, *cap);
    }
    ssize_t r = read(fd, *buf + n, 1);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return n ? (ssize_t)n : -1;
    if ((*buf)[n] == '\n') break;
    n++;
  }
  (*buf)[n] = 0;
  return (ssize_t)n;
}

/* Connects to the master's socket; -1 (said on stderr) when none answers. */
static int ctl_connect(const char *path) {
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  if (strlen(path) >= sizeof addr.sun_path) {
    fprintf(stderr, "shoal ctl: socket path too long: %s\n", path);
    return -1;
  }
  memcpy(addr.sun_path, path, strlen(path) + 1);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
    fprintf(stderr, "shoal ctl: no master answers on %s: %s\n", path, strerror(errno));
    close(fd);
    return -1;
  }
  return fd;
}

json_t *ctl_exchange(int fd, json_t *req, int *rc) {
  char *text = json_dumps(req, JSON_COMPACT);
  size_t len = strlen(text);
  text[len] = '\n';
  ssize_t wrote = write(fd, text, len + 1);
  int write_err = errno;
  free(text);
  char *line = NULL;
  size_t cap = 0;
  json_t *reply = NULL;
  *rc = 3;
  while (read_line(fd, &line, &cap) >= 0) {
    json_t *msg = json_loads(line, 0, NULL);
    json_t *progress = json_object_get(msg, "progress");
    if (progress) fprintf(stderr, "  %s\n", json_string_value(progress));
    if (!msg || progress) {
      json_decref(msg);
      continue;
    }
    reply = msg;
    break;
  }
  free(line);
  if (reply && !json_is_true(json_object_get(reply, "ok"))) {
    /* A master that refused us answered before it hung up: show why. */
    fprintf(stderr, "shoal ctl: %s\n", json_string_value(json_object_get(reply, "error")));
    json_decref(reply);
    *rc = 1;
    return NULL;
  }
  if (!reply) {
    if (wrote != (ssize_t)len + 1)
      fprintf(stderr, "shoal ctl: cannot talk to the master: %s\n",
              wrote < 0 ? strerror(write_err) : "short write");
    else fprintf(stderr, "shoal ctl: the master closed the connection\n");
    return NULL;
  }
  *rc = 0;
  return reply;
}

static void print_inspected(json_t *msg) {
  const char *file = json_string_value(json_object_get(msg, "file"));
  const char *url = json_string_value(json_object_get(msg, "url"));
  if (url) { /* as Node prints it at --inspect */
    printf(
        "worker %lld (pid %lld): Debugger listening on %s\n"
        "For help, see: https://nodejs.org/en/docs/inspector\n"
        "DevTools: %s\n"
        "While a debugger is attached, the master sends this worker no new connection.\n",
        (long long)json_integer_value(json_object_get(msg, "worker")),
        (long long)json_integer_value(json_object_get(msg, "pid")), url,
        json_string_value(json_object_get(msg, "devtools")));
    return;
  }
  if (file) {
    printf("heap snapshot of worker %lld (pid %lld): %s (%lld bytes)\n",
           (long long)json_integer_value(json_object_get(msg, "worker")),
           (long long)json_integer_value(json_object_get(msg, "pid")), file,
           (long long)json_integer_value(json_object_get(msg, "bytes")));
    return;
  }
  printf("worker %lld (pid %lld) JavaScript stack:\n%s",
         (long long)json_integer_value(json_object_get(msg, "worker")),
         (long long)json_integer_value(json_object_get(msg, "pid")),
         json_is_true(json_object_get(msg, "idle"))
             ? "    (none: the event loop is idle, waiting for I/O)\n"
             : json_string_value(json_object_get(msg, "stack")));
}

static void print_reply(const char *cmd, json_t *msg, bool as_json) {
  if (as_json) {
    char *text = json_dumps(msg, JSON_COMPACT);
    printf("%s\n", text);
    free(text);
  } else if (strcmp(cmd, "status") == 0) {
    print_status(msg);
  } else if (strcmp(cmd, "inspect") == 0 || strcmp(cmd, "heap-snapshot") == 0) {
    print_inspected(msg);
  } else if (json_object_get(msg, "metrics")) {
    fputs(json_string_value(json_object_get(msg, "metrics")), stdout);
  } else {
    const char *result = json_string_value(json_object_get(msg, "result"));
    const char *stopping = json_string_value(json_object_get(msg, "stopping"));
    if (result) printf("%s: %s\n", cmd, result);
    else if (stopping) printf("stopping (%s)\n", stopping);
    else printf("%s: ok\n", cmd);
  }
}

int ctl_main(int argc, char **argv) {
  const char *sock = NULL, *config = NULL;
  int i = 0;
  for (; i < argc; i++) {
    if (strcmp(argv[i], "--socket") == 0 && i + 1 < argc) sock = argv[++i];
    else if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) config = argv[++i];
    else break;
  }
  if (i >= argc || (sock && config)) return usage();
  bool as_json = false;
  int rc;
  json_t *req = NULL;
  bool top = strcmp(argv[i], "top") == 0;
  if (top) {
    if (ctl_top_args(argc - i, argv + i) != 0) return usage();
  } else if (!(req = build_request(argc - i, argv + i, &as_json, &rc))) {
    return rc;
  }
  char path[1024];
  if (socket_path(sock, config, path, sizeof path) != 0) {
    json_decref(req);
    return 2;
  }
  /* A master that closes first (stopping, restarting) is an answer to
   * report, not a reason to die of SIGPIPE; so is a closed stdout. */
  signal(SIGPIPE, SIG_IGN);
  int fd = ctl_connect(path);
  if (fd < 0) {
    json_decref(req);
    return 3;
  }
  if (top) {
    rc = ctl_top(fd, argc - i, argv + i);
  } else {
    json_t *reply = ctl_exchange(fd, req, &rc);
    if (reply) print_reply(argv[i], reply, as_json);
    json_decref(reply);
    json_decref(req);
  }
  close(fd);
  return rc;
}
