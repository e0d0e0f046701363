/* engine_harness: see engine_harness.h. */
#include "engine_harness.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

uv_loop_t fz_loop;
int fz_events;
int fz_live_tokens;
http_conn *fz_paused_conn;
void (*fz_answer)(http_req *r);
void (*fz_sink)(void *arg, const char *data, size_t len);
void *fz_sink_arg;

static int live_reqs, live_conns, requests_seen, paused_rounds;
static bool server_closed;

void fz_init(void) {
  uv_loop_init(&fz_loop);
  http_set_health_path("/healthz");
}

bool fz_url_has(http_req *r, const char *what) {
  size_t len;
  const char *url = http_req_url(r, &len);
  size_t n = strlen(what);
  for (size_t i = 0; i + n <= len; i++)
    if (memcmp(url + i, what, n) == 0) return true;
  return false;
}

int *fz_token_new(void) {
  int *token = malloc(sizeof *token);
  *token = 0x5eed;
  fz_live_tokens++;
  return token;
}

void fz_release_token(void *token) {
  int *t = token;
  if (*t != 0x5eed) abort(); /* released twice (freed) or garbage */
  *t = 0;
  free(t);
  fz_live_tokens--;
}

fz_req *fz_request_begin(http_req *r) {
  fz_events++;
  live_reqs++;
  requests_seen++;
  fz_req *st = calloc(1, sizeof *st);
  http_req_set_data(r, st);
  /* look at everything the engine gives a user */
  size_t len;
  (void)http_req_url(r, &len);
  for (size_t i = 0; i < http_req_header_count(r); i++) {
    const char *name, *value;
    size_t nl, vl;
    http_req_header(r, i, &name, &nl, &value, &vl);
    volatile char sink = 0;
    if (nl) sink ^= name[nl - 1];
    if (vl) sink ^= value[vl - 1];
    (void)sink;
  }
  (void)http_req_header_value(r, "host", &len);
  int major, minor;
  http_req_version(r, &major, &minor);
  const char *body = http_req_body_with_head(r, &len);
  if (body) {
    volatile char sink = len ? body[0] ^ body[len - 1] : 0;
    (void)sink;
    st->body = len;
    st->body_with_head = true;
  }
  return st;
}

static void on_connection(http_conn *c) {
  fz_events++;
  live_conns++;
  http_conn_set_data(c, malloc(16)); /* freed in on_conn_close */
}

static void on_body(http_req *r, const char *data, size_t len) {
  fz_events++;
  fz_req *st = http_req_data(r);
  if (!st || st->aborted) abort(); /* body after on_aborted / on_request_done */
  if (len) {
    volatile char sink = data[0] ^ data[len - 1];
    (void)sink;
  }
  st->body += len;
}

static void on_body_end(http_req *r) {
  fz_events++;
  fz_answer(r);
}

static void on_aborted(http_req *r) {
  fz_events++;
  fz_req *st = http_req_data(r);
  if (!st || st->aborted) abort(); /* aborted twice, or never delivered */
  st->aborted = true;
}

static void on_request_done(http_req *r) {
  fz_events++;
  fz_req *st = http_req_data(r);
  if (!st) abort(); /* done twice, or for a request never delivered */
  free(st);
  http_req_set_data(r, NULL);
  live_reqs--;
}

static void on_client_error(http_conn *c, const char *code, int status) {
  (void)c;
  fz_events++;
  if (status != 400 && status != 408 && status != 413 && status != 431) {
    fprintf(stderr, "unexpected client error status %d (%s)\n", status, code);
    abort();
  }
}

static void on_conn_close(http_conn *c) {
  fz_events++;
  if (c == fz_paused_conn) fz_paused_conn = NULL;
  free(http_conn_data(c));
  http_conn_set_data(c, NULL);
  live_conns--;
}

static void on_server_close(http_server *s) {
  (void)s;
  server_closed = true;
}

http_callbacks fz_callbacks(void (*on_request)(http_req *r)) {
  return (http_callbacks){
      .on_connection = on_connection,
      .on_request = on_request,
      .on_body = on_body,
      .on_body_end = on_body_end,
      .on_aborted = on_aborted,
      .on_request_done = on_request_done,
      .on_client_error = on_client_error,
      .on_conn_close = on_conn_close,
      .on_server_close = on_server_close,
  };
}

http_server *fz_server_new(const http_callbacks *cb, const http_limits *extra) {
  http_server *s = http_server_new(&fz_loop, cb, NULL);
  http_limits limits;
  if (extra) {
    limits = *extra;
  } else {
    http_limits_default(&limits);
    limits.header_bytes = 2048;
    limits.body_bytes = 1024;
  }
  http_server_set_limits(s, &limits);
  server_closed = false;
  fz_paused_conn = NULL;
  return s;
}

static size_t drain_client(int fd) {
  char buf[65536];
  size_t total = 0;
  for (;;) {
    ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n <= 0) break;
    if (fz_sink) fz_sink(fz_sink_arg, buf, (size_t)n);
    total += (size_t)n;
  }
  return total;
}

void fz_run_until_quiet(int client, const uint8_t *data, size_t size, size_t piece) {
  size_t off = 0;
  int idle = 0;
  for (int i = 0; i < 20000 && (off < size || idle < 4 || fz_paused_conn); i++) {
    bool progressed = false;
    if (off < size) {
      size_t n = size - off < piece ? size - off : piece;
      ssize_t w = send(client, data + off, n, MSG_DONTWAIT | MSG_NOSIGNAL);
      if (w > 0) {
        off += (size_t)w;
        progressed = true;
      } else if (errno != EAGAIN || idle > 50) {
        off = size; /* the server closed, or stopped reading: the rest is not sent */
      }
    }
    if (fz_paused_conn && ++paused_rounds > 3) {
      http_conn *c = fz_paused_conn;
      fz_paused_conn = NULL;
      paused_rounds = 0;
      http_conn_resume(c);
      progressed = true;
    }
    int before = fz_events;
    uv_run(&fz_loop, UV_RUN_NOWAIT);
    if (fz_events != before) progressed = true;
    if (client >= 0 && drain_client(client) > 0) progressed = true;
    idle = progressed ? 0 : idle + 1;
  }
}

void fz_finish(http_server *s, int client, size_t size, bool drain) {
  if (drain) {
    /* the worker drains (reload): stop accepting, close idle connections
     * (HTTP/2: GOAWAY after a 1 ms idle grace), let open requests finish
     * while the client stays; then the drain's last phase (GOAWAY to busy
     * HTTP/2 connections) */
    http_server_drain(s, 1);
    fz_run_until_quiet(client, NULL, 0, 1);
    http_server_goaway(s);
    fz_run_until_quiet(client, NULL, 0, 1);
  }
  if (size & 1) {
    shutdown(client, SHUT_WR); /* half-close: queued requests are still answered */
    fz_run_until_quiet(client, NULL, 0, 1);
  }
  close(client);
  fz_run_until_quiet(-1, NULL, 0, 1);

  http_server_close_all(s);
  http_server_close(s);
  for (int i = 0; i < 1000 && (!server_closed || http_server_nconns(s) > 0); i++)
    uv_run(&fz_loop, UV_RUN_NOWAIT);
  if (!server_closed || http_server_nconns(s) != 0) {
    fprintf(stderr, "server did not close (%d connections left)\n", http_server_nconns(s));
    abort();
  }
  http_server_free(s);
  if (getenv("FUZZ_VERBOSE"))
    fprintf(stderr, "input of %zu bytes: %d requests\n", size, requests_seen);
  requests_seen = 0;
  if (live_reqs != 0 || live_conns != 0 || fz_live_tokens != 0) {
    fprintf(stderr,
            "lifecycle: %d requests without on_request_done, %d connections without "
            "on_conn_close, %d no-copy bodies never released\n",
            live_reqs, live_conns, fz_live_tokens);
    abort();
  }
}
