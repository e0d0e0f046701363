/* conn: the transport of the engine's connections (see conn.h): reading,
 * the write queue, TLS, closing, lingering, and the choice of protocol. */
#include "conn.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "conn_file.h"
#include "request.h"

#define READ_BUF_SIZE 65536
#define IDLE_NONE UINT64_MAX /* idle_due of a disarmed idle timer (conn_stop_timer) */

typedef struct conn_write_req {
  uv_write_t w;
  http_req *req;
  http_conn *conn;
  size_t bytes;
  http_release_fn release;
  void *token;
  char *owned[2]; /* malloc'd pieces freed after the write */
  uv_buf_t bufs[4];
  int nbufs;                        /* while deferred behind a file (conn_file.h) */
  int status;                       /* reported from the written-now list */
  struct conn_write_req *next_done; /* in the written-now list, or the deferred one */
} conn_write_req;

static _Thread_local char read_buf[READ_BUF_SIZE];
static _Thread_local bool read_buf_busy;

static void arm_idle_timer(http_conn *c, uint64_t ms);

/* --- writing ------------------------------------------------------------ */

/* A transport error, told to the user (Node's socket 'error'). */
static void report_error(http_conn *c, int err, const char *syscall) {
  if (c->closing) return;
  if (c->server->cb.on_conn_error && c->data) c->server->cb.on_conn_error(c, err, syscall);
}

static void on_write_done(uv_write_t *w, int status) {
  conn_write_req *wr = (conn_write_req *)w;
  http_conn *c = wr->conn;
  http_req *r = wr->req;
  if (wr->release) wr->release(wr->token);
  free(wr->owned[0]);
  free(wr->owned[1]);
  c->write_queued -= wr->bytes;
  if (!c->spare_write && !c->closing) c->spare_write = wr;
  else free(wr);
  /* The peer is gone (ECONNRESET, EPIPE): as in Node, the user hears the
   * socket's error before the write's own failure, then the close. */
  bool failed = status < 0 && status != UV_ECANCELED && !c->tunnel;
  if (failed) report_error(c, c->write_err ? c->write_err : status, "write");
  if (r) http_req_written(r, status);
  if (failed) {
    conn_close(c);
    return;
  }
  if (c->file && !c->closing && status == 0) conn_file_resume(c);
  if (c->proto && c->proto->written && !c->closing && status == 0) c->proto->written(c);
  if (c->close_when_flushed && c->write_queued == 0 && !c->file) conn_close(c);
}

/* Writes that went out at once (uv_try_write) still complete through
 * on_write_done, as libuv's would, from a check handle later in the same
 * loop iteration: the caller's stack never sees 'finish', and a connection
 * closed meanwhile is only freed in the closing phase, after the check. A
 * uv_write would instead leave the socket's epoll registration rewritten
 * once per response (libuv re-arms it when its write queue drains). An idle
 * handle runs meanwhile only so that the poll phase does not block: libuv
 * waits for check handles no more than for nothing. */
static _Thread_local uv_check_t done_check;
static _Thread_local uv_idle_t done_idle;
static _Thread_local bool done_check_ready;
static _Thread_local conn_write_req *done_head, **done_tail; /* NULL: &done_head */

static void on_done_check(uv_check_t *h) {
  while (done_head) {
    conn_write_req *list = done_head;
    done_head = NULL;
    done_tail = &done_head;
    while (list) {
      conn_write_req *wr = list;
      list = wr->next_done;
      on_write_done(&wr->w, wr->status);
    }
  }
  uv_check_stop(h);
  uv_idle_stop(&done_idle);
}

static void on_done_idle(uv_idle_t *h) {
  (void)h;
}

/* wr completes from the check handle later in this loop iteration. */
static void done_later(http_conn *c, conn_write_req *wr) {
  if (!done_check_ready) {
    uv_check_init(c->tcp.loop, &done_check);
    uv_idle_init(c->tcp.loop, &done_idle);
    done_check_ready = true;
  }
  wr->next_done = NULL;
  if (!done_tail) done_tail = &done_head;
  *done_tail = wr;
  done_tail = &wr->next_done;
  uv_check_start(&done_check, on_done_check);
  uv_idle_start(&done_idle, on_done_idle);
}

void conn_complete_later(http_conn *c, http_req *r, http_release_fn release, void *token) {
  conn_write_req *wr = http_zalloc(sizeof *wr);
  if (!wr) abort(); /* (a few bytes: as the loop's own allocations, not recoverable) */
  wr->req = r;
  wr->conn = c;
  wr->release = release;
  wr->token = token;
  done_later(c, wr);
}

/* uv_try_write, but the bytes of a connection that closes right after
 * them (conn_last_write) go with MSG_MORE: the kernel holds the last
 * partial segment until the close, whose FIN then travels in it (Linux's
 * tcp_send_fin tacks it on an unsent segment). One segment less through
 * the stack, and its ACK, for every Connection: close response. */
static int try_write(http_conn *c, uv_buf_t *bufs, unsigned nbufs) {
  uv_os_fd_t fd;
  if (!c->last_write || c->tls || uv_stream_get_write_queue_size((uv_stream_t *)&c->tcp) != 0 ||
      uv_fileno((uv_handle_t *)&c->tcp, &fd) != 0)
    return uv_try_write((uv_stream_t *)&c->tcp, bufs, nbufs);
  /* (uv_buf_t is laid out as struct iovec on Unix, as libuv's own writev has it) */
  struct msghdr mh = {.msg_iov = (struct iovec *)bufs, .msg_iovlen = nbufs};
  ssize_t n;
  do n = sendmsg(fd, &mh, MSG_MORE | MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  if (n >= 0) return (int)n;
  return errno == EAGAIN || errno == EWOULDBLOCK ? UV_EAGAIN : uv_translate_sys_error(errno);
}

/* Tries to write wr's bufs now; true when all went out (wr completes from
 * the check handle). Otherwise the bufs left, from *nbufs on, are what
 * remains to queue. */
static bool write_now(http_conn *c, conn_write_req *wr, int *nbufs) {
  int n = try_write(c, wr->bufs, (unsigned)*nbufs);
  if (n < 0) {
    /* UV_EAGAIN, or an error uv_write reports as usual (kept: see write_err) */
    if (n != UV_EAGAIN && !c->write_err) c->write_err = n;
    return false;
  }
  size_t left = (size_t)n;
  int i = 0;
  while (i < *nbufs && left >= wr->bufs[i].len) left -= wr->bufs[i++].len;
  if (i == *nbufs) {
    done_later(c, wr);
    return true;
  }
  wr->bufs[i].base += left;
  wr->bufs[i].len -= left;
  memmove(wr->bufs, wr->bufs + i, sizeof wr->bufs[0] * (size_t)(*nbufs - i));
  *nbufs -= i;
  return false;
}

/* Writes wr now, else through libuv's queue. 0, or -1 when c closed. */
static int submit(http_conn *c, conn_write_req *wr) {
  int nbufs = wr->nbufs;
  if (write_now(c, wr, &nbufs)) return 0;
  c->polled = true; /* (libuv watches for writability) */
  int err = uv_write(&wr->w, (uv_stream_t *)&c->tcp, wr->bufs, (unsigned)nbufs, on_write_done);
  if (err) {
    c->write_queued -= wr->bytes;
    if (wr->req) wr->req->writes_pending--;
    if (wr->release) wr->release(wr->token);
    free(wr->owned[0]);
    free(wr->owned[1]);
    free(wr);
    conn_close(c);
    return -1;
  }
  return 0;
}

/* Queues bufs as one writev on the socket, as they are. Ownership of owned[]
 * and token moves here. `bytes` is what the write counts for in
 * write_queued (the plaintext size when the bufs are ciphertext). */
static int raw_write(http_conn *c, http_req *r, uv_buf_t *bufs, int nbufs, size_t bytes,
                     char *owned0, char *owned1, http_release_fn release, void *token) {
  /* (the record of the connection's last write when it has one: a
   * keep-alive response allocates none) */
  conn_write_req *wr = c->spare_write;
  if (wr) {
    c->spare_write = NULL;
    memset(wr, 0, sizeof *wr);
  } else {
    wr = http_zalloc(sizeof *wr);
  }
  if (!wr || c->closing) {
    free(wr);
    free(owned0);
    free(owned1);
    if (release) release(token);
    return -1;
  }
  wr->req = r;
  wr->conn = c;
  wr->release = release;
  wr->token = token;
  wr->owned[0] = owned0;
  wr->owned[1] = owned1;
  for (int i = 0; i < nbufs; i++) wr->bufs[i] = bufs[i];
  wr->nbufs = nbufs;
  wr->bytes = bytes;
  c->write_queued += wr->bytes;
  if (r) r->writes_pending++;
  if (c->file || c->deferred) {
    /* behind a file being sent: in order once it is out */
    wr->next_done = NULL;
    *c->deferred_tail = wr;
    c->deferred_tail = &wr->next_done;
    return 0;
  }
  return submit(c, wr);
}

void conn_flush_deferred(http_conn *c) {
  conn_write_req *list = c->deferred;
  c->deferred = NULL;
  c->deferred_tail = &c->deferred;
  while (list && !c->closing) {
    conn_write_req *wr = list;
    list = wr->next_done;
    submit(c, wr);
  }
  c->deferred = list; /* (c closed meanwhile: cancelled with it) */
}

/* The deferred writes of a closing connection fail as libuv's queued ones
 * do (UV_ECANCELED). */
static void cancel_deferred(http_conn *c) {
  conn_write_req *list = c->deferred;
  c->deferred = NULL;
  c->deferred_tail = &c->deferred;
  while (list) {
    conn_write_req *wr = list;
    list = wr->next_done;
    on_write_done(&wr->w, UV_ECANCELED);
  }
}

bool conn_flushed(http_conn *c) {
  return !c->closing && !c->write_err && !c->file && !c->deferred &&
         uv_stream_get_write_queue_size((uv_stream_t *)&c->tcp) == 0;
}

/* Sends the TLS engine's pending output (handshake, alerts, tickets). */
static void flush_tls(http_conn *c) {
  size_t len;
  char *out = tls_session_take_output(c->tls, &len);
  if (!out) return;
  uv_buf_t b = uv_buf_init(out, (unsigned)len);
  raw_write(c, NULL, &b, 1, len, out, NULL, NULL, NULL);
}

int conn_write(http_conn *c, http_req *r, uv_buf_t *bufs, int nbufs, char *owned0, char *owned1,
               http_release_fn release, void *token) {
  size_t bytes = 0;
  for (int i = 0; i < nbufs; i++) bytes += bufs[i].len;
  c->bytes_written += bytes;
  if (!c->tls || c->closing) {
    return raw_write(c, r, bufs, nbufs, bytes, owned0, owned1, release, token);
  }
  /* TLS copies the plaintext; the caller still hears of the write (release)
   * only once its ciphertext left, which paces a tunnel's writer. */
  int rc = 0;
  for (int i = 0; i < nbufs && rc == 0; i++) {
    if (bufs[i].len) rc = tls_session_write(c->tls, bufs[i].base, bufs[i].len);
  }
  free(owned0);
  free(owned1);
  if (rc != 0) {
    if (release) release(token);
    conn_log(c, "TLS write failed");
    conn_close(c);
    return -1;
  }
  size_t len;
  char *out = tls_session_take_output(c->tls, &len);
  if (!out) {
    if (release) release(token);
    return 0;
  }
  uv_buf_t b = uv_buf_init(out, (unsigned)len);
  return raw_write(c, r, &b, 1, bytes, out, NULL, release, token);
}

/* Rate limited per kind of message (its format): a flood of one kind does
 * not hide the others. */
void conn_log(http_conn *c, const char *fmt, ...) {
  static struct {
    const char *fmt;
    uint64_t window_start;
    unsigned lines, suppressed;
  } kinds[16];
  uint64_t now = uv_hrtime();
  size_t k = 0;
  while (k < 15 && kinds[k].fmt && kinds[k].fmt != fmt) k++;
  kinds[k].fmt = fmt;
  if (now - kinds[k].window_start > 1000000000ull) {
    if (kinds[k].suppressed) {
      fprintf(stderr, "shoal: (%u similar messages suppressed)\n", kinds[k].suppressed);
    }
    kinds[k].window_start = now;
    kinds[k].lines = kinds[k].suppressed = 0;
  }
  if (++kinds[k].lines > 10) {
    kinds[k].suppressed++;
    return;
  }
  char ip[64] = "?";
  if (c->peer[0]) {
    snprintf(ip, sizeof ip, "%s", c->peer);
  } else {
    struct sockaddr_storage ss;
    int len = sizeof ss;
    if (uv_tcp_getpeername(&c->tcp, (struct sockaddr *)&ss, &len) == 0) {
      if (ss.ss_family == AF_INET6) uv_ip6_name((struct sockaddr_in6 *)&ss, ip, sizeof ip);
      else if (ss.ss_family == AF_INET) uv_ip4_name((struct sockaddr_in *)&ss, ip, sizeof ip);
    }
  }
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  fprintf(stderr, "shoal: connection from %s: %s\n", ip, msg);
}

/* --- ending ------------------------------------------------------------------ */

/* libuv adds a watched socket to epoll when the loop next polls, and
 * forgets that it did when the socket is no longer watched (io_watcher's
 * `events`, the set epoll has, goes back to 0): noted before each stop. */
static void note_polled(http_conn *c) {
  if (c->tcp.io_watcher.events != 0) c->polled = true;
}

void conn_read_stop(http_conn *c) {
  if (!c->reading) return;
  note_polled(c);
  uv_read_stop((uv_stream_t *)&c->tcp);
  c->reading = false;
}

void conn_last_write(http_conn *c) {
  c->last_write = true;
}

void conn_finish(http_conn *c) {
  if (c->closing) return;
  conn_read_stop(c);
  if (c->tls && tls_session_handshake_done(c->tls)) {
    tls_session_shutdown(c->tls);
    flush_tls(c);
    if (c->closing) return;
  }
  if (c->write_queued == 0 && !c->file) conn_close(c);
  else c->close_when_flushed = true;
}

void conn_finish_bounded(http_conn *c) {
  conn_finish(c);
  if (c->closing) return;
  /* A client that does not read its answer is not waited for long. */
  c->rejecting = true;
  arm_idle_timer(c, 5000);
}

void conn_await_user(http_conn *c) {
  if (c->closing) return;
  c->rejecting = true;
  arm_idle_timer(c, 5000);
}

/* A transport error ends the connection: the user hears of it first (Node's
 * socket 'error'), then of the requests it aborts. */
void conn_fail(http_conn *c, int err, const char *syscall) {
  report_error(c, err, syscall);
  conn_close(c);
}

static void idle_expired(http_conn *c) {
  if (c->proto && c->proto->idle_timeout && !c->rejecting) {
    /* An idle connection its protocol ends gracefully, then a deadline. */
    c->rejecting = true;
    c->proto->idle_timeout(c);
    if (!c->closing) arm_idle_timer(c, 5000);
    return;
  }
  /* (also the deadline for a rejected client to take its answer) */
  conn_close(c);
}

/* The idle deadline is c->idle_due; the timer may fire before it (see
 * conn_arm_idle), and then waits for the rest, or after conn_stop_timer,
 * and then does nothing. */
static void on_idle_timeout(uv_timer_t *t) {
  http_conn *c = t->data;
  if (c->idle_due == IDLE_NONE) return;
  uint64_t now = uv_now(t->loop);
  if (now < c->idle_due) {
    uv_timer_start(t, on_idle_timeout, c->idle_due - now, 0);
    return;
  }
  idle_expired(c);
}

static void arm_idle_timer(http_conn *c, uint64_t ms) {
  c->idle_due = uv_now(c->timer.loop) + ms;
  c->timer_idle = true;
  uv_timer_start(&c->timer, on_idle_timeout, ms, 0);
}

void conn_start_timer(http_conn *c, uv_timer_cb cb, uint64_t ms) {
  c->timer_idle = false;
  uv_timer_start(&c->timer, cb, ms, 0);
}

/* After every response of a keep-alive connection. The deadline only moves
 * later while the timer already waits for an earlier one of its own: then
 * the new one is only noted, and the timer, when it fires, waits for the
 * rest (a uv_timer_start, ~120 instructions, a response less). Every
 * other timeout starts the timer through conn_start_timer, which clears
 * timer_idle. */
void conn_arm_idle(http_conn *c) {
  uint64_t t = c->server->limits.keepalive_timeout_ms;
  if (!t) return;
  if (c->timer_idle && uv_is_active((uv_handle_t *)&c->timer) &&
      uv_timer_get_due_in(&c->timer) <= t) {
    c->idle_due = uv_now(c->timer.loop) + t;
    return;
  }
  arm_idle_timer(c, t);
}

/* A request began: the timer's current deadline is off. The idle timer is
 * left to run out disarmed (a store instead of uv_timer_stop), so that
 * conn_arm_idle after the response finds it waiting and only moves its
 * deadline: a keep-alive request touches libuv's timer heap not at all. */
void conn_stop_timer(http_conn *c) {
  if (c->timer_idle) c->idle_due = IDLE_NONE;
  else uv_timer_stop(&c->timer);
}

static void on_handle_closed(uv_handle_t *h) {
  http_conn *c = h->data;
  /* (libuv cancels its own queued writes when the socket closes) */
  conn_file_cancel(c);
  cancel_deferred(c);
  if (--c->open_handles > 0) return;
  http_server *s = c->server;
  /* No longer counted when the user hears of it: the user may free a
   * closed server from on_conn_close once nconns is 0. */
  s->nconns--;
  if (s->cb.on_conn_close && c->started) s->cb.on_conn_close(c);
  if (c->proto && c->proto->free) c->proto->free(c);
  tls_session_free(c->tls);
  tls_ctx_unref(c->tls_ctx);
  tls_ctx_unref(c->sni_ctx);
  free(c->spare_write);
  free(c);
}

static void conn_unlink(http_conn *c) {
  http_server *s = c->server;
  if (c->prev) c->prev->next = c->next;
  else s->conns = c->next;
  if (c->next) c->next->prev = c->prev;
  c->prev = c->next = NULL;
}

/* A socket epoll never had is closed here and its handle closed empty:
 * uv_close would first ask epoll to forget it (an epoll_ctl(DEL) that
 * fails with ENOENT), a system call per connection answered before the
 * loop polled again (read_now). The handle never wrote through libuv (a
 * uv_write or uv_shutdown has libuv watch the socket) and is no longer
 * read, so nothing of libuv's waits on the descriptor; io_watcher.fd = -1
 * is what uv_close leaves behind (ipc.c detaches its descriptors so too). */
static void close_unpolled(http_conn *c) {
  conn_read_stop(c);
  note_polled(c);
  uv_os_fd_t fd;
  if (c->polled || c->tunnel || c->tcp.io_watcher.pevents != 0 ||
      uv_fileno((uv_handle_t *)&c->tcp, &fd) != 0)
    return;
  c->tcp.io_watcher.fd = -1;
  close(fd);
}

void conn_close(http_conn *c) {
  if (c->closing) return;
  c->closing = true;
  conn_unlink(c);
  uv_timer_stop(&c->timer);
  if (c->proto && c->proto->closing) c->proto->closing(c);
  close_unpolled(c);
  uv_close((uv_handle_t *)&c->tcp, on_handle_closed);
  uv_close((uv_handle_t *)&c->timer, on_handle_closed);
}

/* --- reading --------------------------------------------------------------- */

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
  (void)h;
  (void)suggested;
  if (read_buf_busy) {
    *buf = uv_buf_init(malloc(READ_BUF_SIZE), READ_BUF_SIZE);
    return;
  }
  read_buf_busy = true;
  *buf = uv_buf_init(read_buf, READ_BUF_SIZE);
}

static void release_read_buf(const uv_buf_t *buf) {
  if (buf->base == read_buf) read_buf_busy = false;
  else free(buf->base);
}

static void conn_on_eof(http_conn *c) {
  if (c->write_err && !c->tunnel) conn_fail(c, c->write_err, "write"); /* a reset, not EOF */
  else if (c->tunnel) tunnel_input(c, NULL, UV_EOF);
  else if (c->proto && c->proto->eof) c->proto->eof(c);
  else conn_close(c);
}

static const char h2_preface[] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

/* Until the protocol is known, the HTTP/2 connection preface (prior
 * knowledge) selects HTTP/2 and anything else HTTP/1.1. */
static void sniff(http_conn *c, const char *data, size_t len) {
  size_t have = c->sniff_len, take = sizeof h2_preface - 1 - have;
  if (take > len) take = len;
  if (memcmp(h2_preface + have, data, take) != 0) {
    if (h1_start(c) != 0) {
      conn_close(c);
      return;
    }
    if (have) c->proto->input(c, h2_preface, have);
    if (!c->closing) c->proto->input(c, data, len);
    return;
  }
  c->sniff_len += take;
  if (c->sniff_len < sizeof h2_preface - 1) return;
  if (h2_start(c) != 0) {
    conn_close(c);
    return;
  }
  c->proto->input(c, h2_preface, sizeof h2_preface - 1);
  if (!c->closing && len > take) c->proto->input(c, data + take, len - take);
}

/* Plaintext from the peer, to the connection's protocol. */
static void conn_input(http_conn *c, const char *data, size_t len) {
  if (c->tunnel) tunnel_input(c, data, (ssize_t)len);
  else if (c->proto) c->proto->input(c, data, len);
  else sniff(c, data, len);
}

/* The handshake is done: ALPN names the protocol ("h2", "http/1.1"), or
 * the first bytes will. 0, or -1 when c was closed. */
static int start_alpn_protocol(http_conn *c) {
  const unsigned char *p;
  size_t len = tls_session_alpn(c->tls, &p);
  int rc = 0;
  if (len == 2 && memcmp(p, "h2", 2) == 0) rc = h2_start(c);
  else if (len == 8 && memcmp(p, "http/1.1", 8) == 0) rc = h1_start(c);
  if (rc != 0) conn_close(c);
  return rc;
}

/* The ClientHello named a server: the user picks the certificate
 * (on_tls_servername) and answers with http_conn_tls_resume, now or later;
 * a hello without a name goes on with the default one. Returns the
 * handshake's state. */
static void tls_input(http_conn *c, const char *data, size_t len);

static int ask_servername(http_conn *c) {
  const char *name = tls_session_servername(c->tls);
  if (name && *name && c->server->cb.on_tls_servername) {
    c->hello_wait = c->in_hello = true;
    c->server->cb.on_tls_servername(c, name);
    c->in_hello = false;
    if (c->closing || c->hello_wait) return TLS_WANT_HELLO;
  }
  tls_session_resume_hello(c->tls);
  return tls_session_handshake(c->tls);
}

void http_conn_tls_resume(http_conn *c, tls_ctx *chosen) {
  if (!c->tls || !c->hello_wait || c->closing) return;
  c->hello_wait = false;
  if (chosen) {
    tls_ctx_ref(chosen);
    tls_ctx_unref(c->sni_ctx);
    c->sni_ctx = chosen;
    tls_ctx_switch(c->tls, chosen);
  }
  if (c->in_hello) return; /* ask_servername goes on */
  tls_session_resume_hello(c->tls);
  tls_input(c, NULL, 0);
}

/* TLS: ciphertext in, handshake, plaintext to conn_input. */
static void tls_input(http_conn *c, const char *data, size_t len) {
  static _Thread_local char plain[65536];
  static _Thread_local bool plain_busy;
  int rc = tls_session_feed(c->tls, data, len);
  if (rc == TLS_NOT_TLS) {
    static const char msg[] =
        "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: text/plain\r\n"
        "Content-Length: 43\r\n\r\nThis port speaks HTTPS: use https:// here.\n";
    conn_log(c, "%s", tls_session_error(c->tls));
    uv_buf_t b = uv_buf_init((char *)msg, sizeof msg - 1);
    c->rejecting = true;
    if (raw_write(c, NULL, &b, 1, b.len, NULL, NULL, NULL, NULL) == 0) conn_finish(c);
    if (!c->closing) arm_idle_timer(c, 5000);
    return;
  }
  if (rc != TLS_OK) {
    conn_close(c);
    return;
  }
  if (c->hello_wait) return; /* (the user's SNI answer first) */
  if (!tls_session_handshake_done(c->tls)) {
    rc = tls_session_handshake(c->tls);
    if (rc == TLS_WANT_HELLO) rc = ask_servername(c);
    flush_tls(c); /* the handshake's answer, or its alert */
    if (c->closing || rc == TLS_WANT || rc == TLS_WANT_HELLO) return;
    if (rc != TLS_OK) {
      conn_log(c, "%s", tls_session_error(c->tls));
      if (c->server->cb.on_tls_client_error) c->server->cb.on_tls_client_error(c);
      if (c->closing) return;
      c->rejecting = true;
      conn_finish_bounded(c);
      return;
    }
    const char *refused = tls_peer_refused(c->tls);
    if (refused) { /* as Node: the socket is destroyed before it is secure */
      conn_log(c, "client certificate refused: %s", refused);
      if (c->server->cb.on_tls_client_error) c->server->cb.on_tls_client_error(c);
      if (!c->closing) conn_close(c);
      return;
    }
    if (start_alpn_protocol(c) != 0) return;
  }
  char *buf = plain;
  if (plain_busy) buf = malloc(sizeof plain);
  else plain_busy = true;
  for (;;) {
    int n = tls_session_read(c->tls, buf, sizeof plain);
    if (n > 0) {
      conn_input(c, buf, (size_t)n);
      if (c->closing) break;
      continue;
    }
    if (n == 0) break;
    if (n == TLS_EOF) {
      conn_on_eof(c);
    } else {
      conn_log(c, "%s", tls_session_error(c->tls));
      conn_close(c);
    }
    break;
  }
  if (buf == plain) plain_busy = false;
  else free(buf);
  if (!c->closing) flush_tls(c); /* session tickets, key updates */
}

/* What a read of c's socket got: n bytes in buf, or an error or UV_EOF. */
static void take_input(http_conn *c, ssize_t n, const uv_buf_t *buf) {
  if (c->lingering) {
    /* Drained: what the client still sends is dropped; its EOF ends us. */
    if (n < 0) conn_close(c);
    release_read_buf(buf);
    return;
  }
  if (n > 0) {
    /* The shared read buffer stays busy while we parse: a nested read (none
     * expected) would get its own. */
    if (c->tls) tls_input(c, buf->base, (size_t)n);
    else conn_input(c, buf->base, (size_t)n);
  } else if (n < 0) {
    if (n == UV_EOF) conn_on_eof(c);
    else if (c->tunnel) tunnel_input(c, NULL, n);
    else conn_fail(c, (int)n, "read");
  }
  release_read_buf(buf);
}

static void on_read(uv_stream_t *stream, ssize_t n, const uv_buf_t *buf) {
  http_conn *c = stream->data;
  c->polled = true; /* (libuv read it because epoll said so) */
  take_input(c, n, buf);
}

/* A socket handed over by the master has often received its first bytes by
 * the time it gets here (a client's request follows its handshake at once,
 * and the master's accept and hand-off take a while): they are read at
 * once, not after the poll that would tell libuv so (its epoll_ctl to
 * watch the socket, an epoll_wait). A connection answered and closed
 * before the loop polls again is then never added to epoll (close_unpolled
 * spares the epoll_ctl of its close too). Only bytes are taken here:
 * EAGAIN, EOF and errors are left for libuv's read, which reports them as
 * before.
 *
 * A read that finds nothing is a system call lost. Clients that are slow
 * to write after connecting (a loaded load generator: under `wrk -c50`
 * on this 2-CPU machine three reads in four found nothing) make it a
 * loss, so the reads are tried while at least a quarter of the recent ones
 * found bytes (a moving average), and on every 16th connection otherwise,
 * which keeps the average current. */
static _Thread_local unsigned read_now_avg = 256; /* hits among recent tries, in 1/256 */
static _Thread_local unsigned read_now_skipped;

static bool read_now_worth(void) {
  return read_now_avg >= 64 || (++read_now_skipped & 15) == 0;
}

static void read_now(http_conn *c) {
  uv_os_fd_t fd;
  if (!read_now_worth() || uv_fileno((uv_handle_t *)&c->tcp, &fd) != 0) return;
  uv_buf_t buf;
  on_alloc((uv_handle_t *)&c->tcp, READ_BUF_SIZE, &buf);
  ssize_t n;
  do n = read(fd, buf.base, buf.len);
  while (n < 0 && errno == EINTR);
  read_now_avg = read_now_avg - read_now_avg / 8 + (n > 0 ? 32 : 0);
  if (n > 0) take_input(c, n, &buf);
  else release_read_buf(&buf);
}

static void on_linger_timeout(uv_timer_t *t) {
  conn_close(t->data);
}

/* FIN first, then the client's last bytes (a request sent as we closed) are
 * read and dropped until its EOF or 1 s: the client sees a clean close,
 * never a reset. */
void conn_linger(http_conn *c) {
  if (c->tls || c->write_queued > 0 || c->lingering) {
    conn_close(c);
    return;
  }
  c->lingering = true;
  c->polled = true;
  if (uv_shutdown(&c->shutdown_req, (uv_stream_t *)&c->tcp, NULL) != 0) {
    conn_close(c);
    return;
  }
  if (!c->reading && uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read) == 0)
    c->reading = true;
  conn_start_timer(c, on_linger_timeout, 1000);
}

/* --- setting up ------------------------------------------------------------- */

http_conn *conn_new(http_server *s, tls_ctx *tls) {
  http_conn *c = http_zalloc(sizeof *c);
  if (!c) return NULL;
  c->server = s;
  if (tls) {
    if (!(c->tls = tls_ctx_session(tls))) {
      free(c);
      return NULL;
    }
    tls_ctx_ref(tls);
    c->tls_ctx = tls;
  }
  uv_tcp_init(s->loop, &c->tcp);
  uv_timer_init(s->loop, &c->timer);
  c->tcp.data = c;
  c->timer.data = c;
  c->deferred_tail = &c->deferred;
  c->open_handles = 2;
  return c;
}

void conn_discard(http_conn *c) {
  c->closing = true;
  uv_close((uv_handle_t *)&c->tcp, on_handle_closed);
  uv_close((uv_handle_t *)&c->timer, on_handle_closed);
}

static void on_first_request_late(uv_timer_t *t) {
  if (!h1_first_request_late(t->data)) idle_expired(t->data);
}

/* A new connection's wait for its first request. Node's: the headers
 * timeout (the request timeout when shorter) from the connection's start,
 * then 408. A keep-alive timeout shorter than that ends a connection that
 * sent nothing quietly first (shoal's guard against idle connections);
 * TLS connections keep that alone (their handshake comes first). */
static void arm_first_request(http_conn *c) {
  const http_limits *l = &c->server->limits;
  uint64_t t = l->headers_timeout_ms, rt = l->request_timeout_ms;
  if (rt && (!t || rt < t)) t = rt;
  uint64_t ka = l->keepalive_timeout_ms;
  if (c->tls || !t || (ka && ka < t)) {
    conn_arm_idle(c);
    return;
  }
  conn_start_timer(c, on_first_request_late, t);
}

void conn_start(http_conn *c) {
  http_server *s = c->server;
  c->next = s->conns;
  if (s->conns) s->conns->prev = c;
  s->conns = c;
  if (!c->nodelay) uv_tcp_nodelay(&c->tcp, 1);
  if (c->tls) {
    /* TLS failures are logged, often after the peer left: note who it is. */
    struct sockaddr_storage ss;
    int len = sizeof ss;
    if (uv_tcp_getpeername(&c->tcp, (struct sockaddr *)&ss, &len) == 0) {
      if (ss.ss_family == AF_INET6)
        uv_ip6_name((struct sockaddr_in6 *)&ss, c->peer, sizeof c->peer);
      else if (ss.ss_family == AF_INET)
        uv_ip4_name((struct sockaddr_in *)&ss, c->peer, sizeof c->peer);
    }
  }
  c->started = true;
  if (s->cb.on_connection) s->cb.on_connection(c);
  if (c->closing) return;
  arm_first_request(c);
  http_conn_resume(c);
  if (c->reading && c->adopted) read_now(c);
}

/* --- the user's view of a connection ------------------------------------- */

void http_conn_pause(http_conn *c) {
  if (c->proto && c->proto->pause) {
    c->proto->pause(c); /* (HTTP/2: flow control holds back the bodies instead) */
    return;
  }
  c->user_paused = true;
  conn_read_stop(c);
}

void http_conn_resume(http_conn *c) {
  bool may_read = !c->proto || !c->proto->resume || c->proto->resume(c);
  c->user_paused = false;
  if (c->closing || c->reading || !may_read) return;
  if (uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read) == 0) c->reading = true;
}

void http_conn_destroy(http_conn *c) {
  conn_close(c);
}

const char *http_conn_reject_reason(http_conn *c, const char **input, size_t *input_len,
                                    size_t *parsed) {
  *input = c->reject_input;
  *input_len = c->reject_input_len;
  *parsed = c->reject_parsed;
  return c->reject_reason;
}

void http_conn_answer_client_error(http_conn *c) {
  c->user_answers = true;
}

int http_conn_write_raw(http_conn *c, const char *data, size_t len) {
  if (c->closing || c->tunnel) return -1;
  if (len == 0) return 0;
  char *copy = malloc(len);
  if (!copy) return -1;
  memcpy(copy, data, len);
  uv_buf_t b = uv_buf_init(copy, (unsigned)len);
  return conn_write(c, NULL, &b, 1, copy, NULL, NULL, NULL);
}

void http_conn_end(http_conn *c) {
  conn_finish(c);
}

void *http_conn_data(http_conn *c) {
  return c->data;
}

void http_conn_set_data(http_conn *c, void *data) {
  c->data = data;
}

unsigned http_conn_user_flags(http_conn *c) {
  return c->user_flags;
}

void http_conn_set_user_flags(http_conn *c, unsigned flags) {
  c->user_flags = flags;
}

http_server *http_conn_server(http_conn *c) {
  return c->server;
}

bool http_conn_is_tls(http_conn *c) {
  return c->tls != NULL;
}

uint64_t http_conn_bytes_written(http_conn *c) {
  return c->bytes_written;
}

size_t http_conn_unsent(http_conn *c) {
  return uv_stream_get_write_queue_size((uv_stream_t *)&c->tcp);
}

tls_session *http_conn_tls(http_conn *c) {
  return c->tls;
}

uv_tcp_t *http_conn_tcp(http_conn *c) {
  return &c->tcp;
}

int http_conn_peername(http_conn *c, struct sockaddr_storage *out) {
  if (c->has_client) {
    *out = c->client;
    return 0;
  }
  return conn_transport_peer(c, out);
}

int conn_transport_peer(http_conn *c, struct sockaddr_storage *out) {
  if (c->has_remote) {
    *out = c->remote;
    return 0;
  }
  int len = sizeof *out;
  return uv_tcp_getpeername(&c->tcp, (struct sockaddr *)out, &len);
}
