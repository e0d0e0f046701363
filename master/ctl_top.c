/* ctl_top: `shoal ctl top`, the cluster's workers seen live from the
 * control socket: one `status` request a refresh (the master computes the
 * rates from the workers' heartbeats), drawn like top(1).
 *
 *   shoal ctl top [--once] [--json] [--interval SECONDS]
 *
 * On a terminal it redraws in place (the alternate screen, restored on
 * exit) until `q` or Ctrl-C; with --once, --json or stdout not a terminal
 * it prints one snapshot. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "ctl.h"

/* One frame of output, built whole so that a redraw does not flicker. */
typedef struct frame {
  FILE *out; /* an open_memstream over buf */
  char *buf;
  size_t len;
  bool ansi; /* clear each line's rest (a redraw over the previous frame) */
} frame;

static void line(frame *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void line(frame *f, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vfprintf(f->out, fmt, ap);
  va_end(ap);
  fputs(f->ansi ? "\033[K\n" : "\n", f->out);
}

static long long int_of(json_t *o, const char *key) {
  return (long long)json_integer_value(json_object_get(o, key));
}

static double num_of(json_t *o, const char *key) {
  return json_number_value(json_object_get(o, key));
}

/* A latency in ms ("-": no request in the window). */
static const char *ms_text(json_t *v, char *out, size_t cap) {
  if (!json_is_number(v)) snprintf(out, cap, "-");
  else snprintf(out, cap, json_number_value(v) < 10 ? "%.1fms" : "%.0fms", json_number_value(v));
  return out;
}

static void render(frame *f, json_t *st) {
  json_t *master = json_object_get(st, "master"), *workers = json_object_get(st, "workers");
  json_t *rs = json_object_get(st, "restarts");
  double rps = 0;
  long long requests = 0, ready = 0;
  size_t i;
  json_t *w;
  json_array_foreach(workers, i, w) {
    rps += num_of(w, "rps");
    requests += int_of(w, "requests");
    ready += strcmp(json_string_value(json_object_get(w, "state")), "ready") == 0;
  }
  char clock[16];
  time_t t = time(NULL);
  strftime(clock, sizeof clock, "%H:%M:%S", localtime(&t));
  line(f, "shoal %s  master pid %lld  generation %lld  up %llds  %s%s",
       json_string_value(json_object_get(master, "version")), int_of(master, "pid"),
       int_of(master, "generation"), int_of(master, "uptime_s"), clock,
       json_is_true(json_object_get(master, "health_down")) ? "  (drained: health 503)" : "");
  line(f,
       "workers %zu (%lld ready)  requests %lld  %.1f/s  restarts: crash %lld, watchdog %lld, "
       "ready_timeout %lld, max_requests %lld, heap %lld",
       json_array_size(workers), ready, requests, rps, int_of(rs, "crash"), int_of(rs, "watchdog"),
       int_of(rs, "ready_timeout"), int_of(rs, "max_requests"), int_of(rs, "heap"));
  json_t *lat = json_object_get(st, "latency");
  char p50[16], p99[16];
  json_t *q = json_object_get(st, "queue");
  char queue[96] = "";
  if (json_is_true(json_object_get(q, "enabled")))
    snprintf(queue, sizeof queue, "  queue %lld waiting, avg wait %.1f ms, shed %lld",
             int_of(q, "length"), num_of(q, "wait_avg_ms"), int_of(q, "shed"));
  line(f, "latency over the last %llds: p50 %s  p99 %s%s", int_of(lat, "window_s"),
       ms_text(json_object_get(lat, "p50_ms"), p50, sizeof p50),
       ms_text(json_object_get(lat, "p99_ms"), p99, sizeof p99), queue);
  line(f, "%s", "");
  line(f, "%4s %8s %4s %-9s %8s %7s %7s %8s %6s %8s %8s %6s %7s %7s %10s %4s  %s", "ID", "PID",
       "GEN", "STATE", "REQ/S", "P50", "P99", "INFLIGHT", "CONNS", "RSS", "HEAP", "CPU%", "LAG",
       "BEAT", "REQUESTS", "RST", "LAST EXIT");
  json_array_foreach(workers, i, w) {
    char rss[32], heap[32], beat[32];
    ctl_human_bytes(int_of(w, "rss"), rss, sizeof rss);
    ctl_human_bytes(int_of(w, "heap"), heap, sizeof heap);
    long long age = int_of(w, "heartbeat_age_ms");
    if (age < 0) snprintf(beat, sizeof beat, "-");
    else snprintf(beat, sizeof beat, "%.1fs", (double)age / 1000);
    json_t *ex = json_object_get(w, "last_exit");
    line(f,
         "%4lld %8lld %4lld %-9s %8.1f %7s %7s %8lld %6lld %8s %8s %6.1f %5.0fms %7s %10lld %4lld  "
         "%s",
         int_of(w, "id"), int_of(w, "pid"), int_of(w, "generation"),
         json_string_value(json_object_get(w, "state")), num_of(w, "rps"),
         ms_text(json_object_get(w, "p50_ms"), p50, sizeof p50),
         ms_text(json_object_get(w, "p99_ms"), p99, sizeof p99), int_of(w, "inflight"),
         int_of(w, "open_conns"), rss, heap, num_of(w, "cpu_pct"), num_of(w, "lag_ms"), beat,
         int_of(w, "requests"), int_of(w, "restarts"),
         json_is_object(ex) ? json_string_value(json_object_get(ex, "text")) : "-");
  }
}

static volatile sig_atomic_t quit;

static void on_quit(int sig) {
  (void)sig;
  quit = 1;
}

static struct termios saved_tty;
static bool tty_raw;

/* Keys without Enter and without echo; Ctrl-C still signals. */
static void tty_enter(void) {
  struct termios t;
  if (!isatty(0) || tcgetattr(0, &saved_tty) != 0) return;
  t = saved_tty;
  t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
  t.c_cc[VMIN] = 0;
  t.c_cc[VTIME] = 0;
  tty_raw = tcsetattr(0, TCSANOW, &t) == 0;
}

static void tty_leave(void) {
  if (tty_raw) tcsetattr(0, TCSANOW, &saved_tty);
}

/* Waits up to ms; true when the user asked to quit. */
static bool wait_key(int ms) {
  struct pollfd p = {.fd = 0, .events = POLLIN};
  int n = poll(&p, tty_raw ? 1 : 0, ms);
  if (n < 0) return quit;
  char c;
  if (n > 0 && read(0, &c, 1) == 1 && (c == 'q' || c == 'Q')) return true;
  return quit;
}

static bool has_flag(int argc, char **argv, const char *flag) {
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], flag) == 0) return true;
  return false;
}

/* --interval SECONDS (0.1 to 3600), else 1. */
static double interval_of(int argc, char **argv) {
  for (int i = 1; i + 1 < argc; i++) {
    if (strcmp(argv[i], "--interval") != 0) continue;
    char *end;
    double s = strtod(argv[i + 1], &end);
    return *end || !(s >= 0.1 && s <= 3600) ? -1 : s;
  }
  return 1;
}

int ctl_top_args(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--interval") == 0) i++;
    else if (strcmp(argv[i], "--once") != 0 && strcmp(argv[i], "--json") != 0) return -1;
  }
  return interval_of(argc, argv) > 0 ? 0 : -1;
}

int ctl_top(int fd, int argc, char **argv) {
  bool as_json = has_flag(argc, argv, "--json");
  bool live = !as_json && !has_flag(argc, argv, "--once") && isatty(1);
  int ms = (int)(interval_of(argc, argv) * 1000);
  json_t *req = json_pack("{s:s}", "cmd", "status");
  frame f = {.ansi = live};
  int rc = 0;
  if (live) {
    struct sigaction sa = {.sa_handler = on_quit}; /* no SA_RESTART: poll returns */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    tty_enter();
    fputs("\033[?1049h\033[?25l", stdout); /* the alternate screen, no cursor */
  }
  do {
    json_t *st = ctl_exchange(fd, req, &rc);
    if (!st) break;
    if (as_json) {
      char *text = json_dumps(st, JSON_COMPACT);
      printf("%s\n", text);
      free(text);
    } else {
      f.out = open_memstream(&f.buf, &f.len);
      if (!f.out) break;
      if (live) fputs("\033[H", f.out);
      render(&f, st);
      fclose(f.out);
      fwrite(f.buf, 1, f.len, stdout);
      free(f.buf);
      if (live) fputs("\033[Jq: quit", stdout);
    }
    fflush(stdout);
    json_decref(st);
  } while (live && !wait_key(ms));
  if (live) {
    fputs("\033[?25h\033[?1049l", stdout);
    fflush(stdout);
    tty_leave();
    /* What ctl_exchange said went to the alternate screen, now gone. */
    if (rc) fprintf(stderr, "shoal ctl top: the master stopped answering\n");
  }
  json_decref(req);
  return rc;
}
