/* output: non-blocking stdout/stderr of the master (see output.h). */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct sink {
  int fd;           /* where records go: a non-blocking descriptor once initialised */
  bool nonblocking; /* else written directly (a regular file, or before init) */
  char *buf;        /* bytes the reader has not taken yet */
  size_t len, cap;
  uint64_t dropped; /* records dropped since the last notice */
  uint64_t dropped_bytes;
  uv_poll_t poll;
  bool polling, poll_open;
} sink;

static sink sinks[2] = {{.fd = 1}, {.fd = 2}};
static uint64_t dropped_total;

/* A descriptor of its own on the same pipe or terminal, non-blocking: fd 1
 * and 2 themselves are shared with the parent (a shell, systemd), whose
 * file status flags must not change. A socket cannot be reopened: it gets
 * O_NONBLOCK itself. Returns -1 when writes may block no matter what. */
static int nonblocking_fd(int fd) {
  struct stat st;
  if (fstat(fd, &st) != 0 || S_ISREG(st.st_mode)) return -1;
  if (S_ISSOCK(st.st_mode)) {
    int fl = fcntl(fd, F_GETFL);
    return fl >= 0 && fcntl(fd, F_SETFL, fl | O_NONBLOCK) == 0 ? fd : -1;
  }
  char path[64];
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  return open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
}

/* Writes what it can of s's buffer; false when the reader is full. */
static bool drain(sink *s) {
  while (s->len > 0) {
    ssize_t n = write(s->fd, s->buf, s->len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n < 0 && errno != EAGAIN) s->len = 0; /* the reader is gone: nothing to keep */
      return s->len == 0;
    }
    memmove(s->buf, s->buf + n, s->len - (size_t)n);
    s->len -= (size_t)n;
  }
  return true;
}

static void watch(sink *s, bool on);

static bool append(sink *s, const char *data, size_t len) {
  if (s->len + len > s->cap) {
    size_t cap = s->cap ? s->cap : 4096;
    while (cap < s->len + len) cap *= 2;
    char *nb = realloc(s->buf, cap);
    if (!nb) return false;
    s->buf = nb;
    s->cap = cap;
  }
  memcpy(s->buf + s->len, data, len);
  s->len += len;
  return true;
}

/* Once the reader caught up: say what it missed. */
static void report_drops(sink *s) {
  if (!s->dropped || s->len > 0) return;
  char note[200];
  int n = snprintf(note, sizeof note,
                   "[shoal] %llu lines (%llu bytes) of output dropped: the reader of this stream "
                   "did not keep up\n",
                   (unsigned long long)s->dropped, (unsigned long long)s->dropped_bytes);
  s->dropped = s->dropped_bytes = 0;
  append(s, note, (size_t)n);
}

/* Writes what the reader takes, tells it what it missed once it caught up,
 * and waits for it when it is full. */
static void flush(sink *s) {
  if (drain(s)) {
    report_drops(s);
    drain(s);
  }
  watch(s, s->len > 0);
}

static void on_writable(uv_poll_t *p, int status, int events) {
  (void)events;
  sink *s = p->data;
  if (status < 0) s->len = 0;
  flush(s);
}

static void watch(sink *s, bool on) {
  if (!s->poll_open || on == s->polling) return;
  s->polling = on;
  if (on) uv_poll_start(&s->poll, UV_WRITABLE, on_writable);
  else uv_poll_stop(&s->poll);
}

void output_init(uv_loop_t *loop) {
  for (int i = 0; i < 2; i++) {
    sink *s = &sinks[i];
    fflush(i == 0 ? stdout : stderr);
    int fd = nonblocking_fd(s->fd);
    if (fd < 0) continue;
    if (uv_poll_init(loop, &s->poll, fd) != 0) {
      if (fd != s->fd) close(fd);
      continue;
    }
    s->poll.data = s;
    s->poll_open = true;
    s->fd = fd;
    s->nonblocking = true;
  }
}

void output_write(output_stream which, const char *data, size_t len) {
  sink *s = &sinks[which];
  if (!s->nonblocking) {
    fwrite(data, 1, len, which == OUTPUT_STDOUT ? stdout : stderr);
    fflush(which == OUTPUT_STDOUT ? stdout : stderr);
    return;
  }
  /* A record is kept whole or dropped whole: a half line would corrupt
   * the next one. */
  if (s->len + len > OUTPUT_BUFFER_BYTES) {
    s->dropped++;
    s->dropped_bytes += len;
    dropped_total++;
    watch(s, true);
    return;
  }
  if (!append(s, data, len)) {
    s->dropped++;
    dropped_total++;
    return;
  }
  if (!s->polling) flush(s);
}

uint64_t output_dropped(void) {
  return dropped_total;
}

void output_flush(void) {
  for (int i = 0; i < 2; i++) {
    if (sinks[i].nonblocking) drain(&sinks[i]);
  }
}

/* At exit: what is buffered gets up to `ms` more to leave, so that the last
 * record a reader gets is whole (unless it stalled that long). */
static void drain_for(sink *s, int ms) {
  uint64_t deadline = uv_hrtime() + (uint64_t)ms * 1000000;
  for (;;) {
    if (drain(s)) {
      if (!s->dropped) return;
      report_drops(s); /* the reader caught up at last: what it missed */
      continue;
    }
    uint64_t now = uv_hrtime();
    if (now >= deadline) return;
    struct pollfd p = {.fd = s->fd, .events = POLLOUT};
    if (poll(&p, 1, (int)((deadline - now) / 1000000) + 1) < 0 && errno != EINTR) return;
  }
}

void output_close(void) {
  for (int i = 0; i < 2; i++) {
    sink *s = &sinks[i];
    if (!s->poll_open) continue;
    drain_for(s, 1000);
    s->poll_open = s->polling = false;
    uv_close((uv_handle_t *)&s->poll, NULL);
  }
}
