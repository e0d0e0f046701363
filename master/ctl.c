/* ctl: `shoal ctl`, the control client (protocol in ipc/CONTROL.md).
 *
 *   shoal ctl [--socket PATH | --config CONFIG] COMMAND
 *     status [--json] | scale N|+N|-N | reload | upgrade | stop [--fast] | metrics
 *     | drain | undrain
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
          "  metrics              Prometheus text exposition\n");
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
  if (strcmp(cmd, "reload") == 0 || strcmp(cmd, "upgrade") == 0 || strcmp(cmd, "metrics") == 0 ||
      strcmp(cmd, "drain") == 0 || strcmp(cmd, "undrain") == 0) {
    if (argc != 1) goto bad;
    return json_pack("{s:s}", "cmd", cmd);
  }
bad:
  *rc = usage();
  return NULL;
}

static void human_bytes(json_int_t v, char *out, size_t cap) {
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
    human_bytes(json_integer_value(json_object_get(w, "rss")), rss, sizeof rss);
    human_bytes(json_integer_value(json_object_get(w, "heap")), heap, sizeof heap);
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
  json_t *req = build_request(argc - i, argv + i, &as_json, &rc);
  if (!req) return rc;
  char path[1024];
  if (socket_path(sock, config, path, sizeof path) != 0) return 2;
  /* A master that closes first (stopping, restarting) is an answer to
   * report, not a reason to die of SIGPIPE; so is a closed stdout. */
  signal(SIGPIPE, SIG_IGN);

  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  if (strlen(path) >= sizeof addr.sun_path) {
    fprintf(stderr, "shoal ctl: socket path too long: %s\n", path);
    json_decref(req);
    return 2;
  }
  memcpy(addr.sun_path, path, strlen(path) + 1);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
    fprintf(stderr, "shoal ctl: no master answers on %s: %s\n", path, strerror(errno));
    json_decref(req);
    close(fd);
    return 3;
  }
  char *text = json_dumps(req, JSON_COMPACT);
  json_decref(req);
  size_t len = strlen(text);
  text[len] = '\n';
  ssize_t wrote = write(fd, text, len + 1);
  int write_err = errno;
  free(text);
  char *line = NULL;
  size_t cap = 0;
  if (wrote != (ssize_t)len + 1) {
    /* A master that refused us answered before it hung up: show why. */
    json_t *msg = read_line(fd, &line, &cap) >= 0 ? json_loads(line, 0, NULL) : NULL;
    const char *why = json_string_value(json_object_get(msg, "error"));
    if (why) fprintf(stderr, "shoal ctl: %s\n", why);
    else
      fprintf(stderr, "shoal ctl: cannot talk to the master on %s: %s\n", path,
              wrote < 0 ? strerror(write_err) : "short write");
    json_decref(msg);
    free(line);
    close(fd);
    return why ? 1 : 3;
  }
  rc = 3;
  while (read_line(fd, &line, &cap) >= 0) {
    json_t *msg = json_loads(line, 0, NULL);
    if (!msg) continue;
    json_t *progress = json_object_get(msg, "progress");
    if (progress) {
      fprintf(stderr, "  %s\n", json_string_value(progress));
      json_decref(msg);
      continue;
    }
    if (!json_is_true(json_object_get(msg, "ok"))) {
      fprintf(stderr, "shoal ctl: %s\n", json_string_value(json_object_get(msg, "error")));
      rc = 1;
    } else if (as_json) {
      printf("%s\n", line);
      rc = 0;
    } else if (strcmp(argv[i], "status") == 0) {
      print_status(msg);
      rc = 0;
    } else if (json_object_get(msg, "metrics")) {
      fputs(json_string_value(json_object_get(msg, "metrics")), stdout);
      rc = 0;
    } else {
      const char *result = json_string_value(json_object_get(msg, "result"));
      const char *stopping = json_string_value(json_object_get(msg, "stopping"));
      if (result) printf("%s: %s\n", argv[i], result);
      else if (stopping) printf("stopping (%s)\n", stopping);
      else printf("%s: ok\n", argv[i]);
      rc = 0;
    }
    json_decref(msg);
    break;
  }
  if (rc == 3) fprintf(stderr, "shoal ctl: the master on %s closed the connection\n", path);
  free(line);
  close(fd);
  return rc;
}
