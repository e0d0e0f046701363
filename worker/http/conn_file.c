/* conn_file: a file sent with sendfile(2) in a connection's write order
 * (see conn_file.h). */
#define _GNU_SOURCE
#include "conn_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/sendfile.h>
#include <unistd.h>

#include "request.h"

/* Read and written by libuv when the socket is full (EAGAIN). */
#define PIECE_BYTES 65536

struct conn_file {
  http_conn *conn;
  http_req *req;
  int fd;
  off_t off;
  uint64_t left, sent;
  int status;   /* of the file (0: read whole, or ended early) */
  int sock_err; /* the socket failed (the peer left): told as a write's failure */
  http_file_done_fn done;
  void *token;
  int refs;       /* the connection's (until done), a piece's, the turn list's */
  bool started;   /* the bytes queued before it left */
  bool cancelled; /* c closed: pieces and turns only let go of it */
  uv_write_t piece_req;
  char *piece;
  conn_file *next_turn;
};

static _Thread_local uv_idle_t turn_idle;
static _Thread_local bool turn_ready;
static _Thread_local conn_file *turn_head, **turn_tail; /* NULL: &turn_head */

static void pump(conn_file *f);

static void unref(conn_file *f) {
  if (--f->refs == 0) free(f);
}

/* The end, told from the check phase as a write that completed at once
 * (conn_complete_later), never on the caller's stack: done, then the
 * connection closes if the file ended early or failed (the framing
 * announced more bytes), or fails as a write does if the socket did. */
static void report(void *token) {
  conn_file *f = token;
  http_conn *c = f->conn;
  f->done(f->token, f->sock_err ? UV_ECANCELED : f->status, f->sent);
  if (f->sock_err) {
    conn_fail(c, f->sock_err, "write");
  } else if (f->status != 0 || f->left != 0) {
    if (f->status) conn_log(c, "file read failed while sending it: %s", uv_strerror(f->status));
    else conn_log(c, "file shorter than announced: response cut");
    conn_close(c);
  }
  unref(f);
}

static void finish(conn_file *f, int status) {
  http_conn *c = f->conn;
  f->status = status;
  c->file = NULL;
  if (status == 0 && f->left == 0 && !f->sock_err) conn_flush_deferred(c);
  conn_complete_later(c, f->req, report, f);
}

static void fail_socket(conn_file *f, int err) {
  f->sock_err = f->conn->write_err ? f->conn->write_err : err;
  finish(f, 0);
}

static void on_turn(uv_idle_t *h) {
  conn_file *list = turn_head;
  turn_head = NULL;
  turn_tail = NULL;
  uv_idle_stop(h);
  while (list) {
    conn_file *f = list;
    list = f->next_turn;
    if (!f->cancelled) pump(f);
    unref(f);
  }
}

/* The rest waits for the next loop turn: the other connections go first. */
static void next_turn(conn_file *f) {
  if (!turn_ready) {
    uv_idle_init(f->conn->tcp.loop, &turn_idle);
    turn_ready = true;
  }
  uint64_t ahead = f->left < FILE_TURN_BYTES ? f->left : FILE_TURN_BYTES;
  posix_fadvise(f->fd, f->off, (off_t)ahead, POSIX_FADV_WILLNEED);
  f->refs++;
  f->next_turn = NULL;
  if (!turn_tail) turn_tail = &turn_head;
  *turn_tail = f;
  turn_tail = &f->next_turn;
  uv_idle_start(&turn_idle, on_turn);
}

static void sent(conn_file *f, size_t n) {
  f->left -= n;
  f->sent += n;
  f->req->bytes_sent += n;
  f->conn->bytes_written += n;
}

static void on_piece_written(uv_write_t *w, int status) {
  conn_file *f = w->data;
  free(f->piece);
  f->piece = NULL;
  /* (UV_ECANCELED: c is closing, conn_file_cancel tells of it) */
  if (!f->cancelled && status != UV_ECANCELED) {
    if (status < 0) fail_socket(f, status);
    else pump(f);
  }
  unref(f);
}

/* The socket is full: the next piece waits in libuv's queue for it. */
static void write_piece(conn_file *f) {
  size_t want = f->left < PIECE_BYTES ? (size_t)f->left : PIECE_BYTES;
  f->piece = malloc(want);
  if (!f->piece) {
    finish(f, UV_ENOMEM);
    return;
  }
  ssize_t n;
  do n = pread(f->fd, f->piece, want, f->off);
  while (n < 0 && errno == EINTR);
  if (n <= 0) {
    free(f->piece);
    f->piece = NULL;
    finish(f, n < 0 ? uv_translate_sys_error(errno) : 0);
    return;
  }
  uv_buf_t b = uv_buf_init(f->piece, (unsigned)n);
  f->piece_req.data = f;
  f->conn->polled = true; /* (libuv watches for writability: see close_unpolled) */
  int err = uv_write(&f->piece_req, (uv_stream_t *)&f->conn->tcp, &b, 1, on_piece_written);
  if (err) {
    free(f->piece);
    f->piece = NULL;
    fail_socket(f, err);
    return;
  }
  f->refs++;
  f->off += n;
  sent(f, (size_t)n);
}

/* Sends from the loop until the file is out, the socket is full or this
 * turn's share is spent. */
static void pump(conn_file *f) {
  http_conn *c = f->conn;
  uv_os_fd_t sock;
  if (uv_fileno((uv_handle_t *)&c->tcp, &sock) != 0) {
    fail_socket(f, UV_EBADF);
    return;
  }
  uint64_t budget = FILE_TURN_BYTES;
  while (f->left > 0 && budget > 0) {
    size_t want = f->left < budget ? (size_t)f->left : (size_t)budget;
    ssize_t n = sendfile(sock, f->fd, &f->off, want);
    if (n > 0) {
      sent(f, (size_t)n);
      budget -= (uint64_t)n;
    } else if (n == 0) {
      finish(f, 0); /* the file ended early */
      return;
    } else if (errno == EAGAIN) {
      write_piece(f);
      return;
    } else if (errno == EPIPE || errno == ECONNRESET) {
      fail_socket(f, uv_translate_sys_error(errno));
      return;
    } else if (errno != EINTR) {
      finish(f, uv_translate_sys_error(errno));
      return;
    }
  }
  if (f->left == 0) finish(f, 0);
  else next_turn(f);
}

int conn_write_file(http_conn *c, http_req *r, int fd, uint64_t offset, uint64_t length,
                    http_file_done_fn done, void *token) {
  if (c->tls || c->closing || c->file || c->deferred || length == 0) return -1;
  conn_file *f = http_zalloc(sizeof *f);
  if (!f) return -1;
  f->conn = c;
  f->req = r;
  f->fd = fd;
  f->off = (off_t)offset;
  f->left = length;
  f->done = done;
  f->token = token;
  f->refs = 1;
  c->file = f;
  r->writes_pending++;
  conn_file_resume(c);
  return 0;
}

void conn_file_resume(http_conn *c) {
  conn_file *f = c->file;
  if (!f || f->started || uv_stream_get_write_queue_size((uv_stream_t *)&c->tcp) > 0) return;
  f->started = true;
  pump(f);
}

void conn_file_cancel(http_conn *c) {
  conn_file *f = c->file;
  if (!f) return;
  c->file = NULL;
  f->cancelled = true;
  f->done(f->token, UV_ECANCELED, f->sent);
  http_req_written(f->req, UV_ECANCELED);
  unref(f);
}
