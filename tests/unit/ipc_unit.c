/* Unit tests of the IPC layer (ipc/ipc.c, linked from shoal_ipc): frame
 * encoding and decoding, frames split across reads, oversize and malformed
 * frames (at the decoder and on a channel), a message of several MiB
 * across reads, descriptors passed with messages (whole, with a frame split
 * across reads, several in flight, ipc_send_fd at once or behind a full
 * write queue, ipc_conn_frame's conn frame and its reading without JSON)
 * over a socketpair, and dispatch by message type. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include <uv.h>

#include "ipc.h"
#include "unit_test.h"

static void test_encode_decode(void) {
  json_t *msg = json_pack("{s:s, s:i}", "type", "hello", "n", 42);
  size_t len = 0;
  char *frame = ipc_encode(msg, &len);
  CHECK(frame && len > 4);
  size_t body = ((size_t)(unsigned char)frame[0] << 24) | ((size_t)(unsigned char)frame[1] << 16) |
                ((size_t)(unsigned char)frame[2] << 8) | (unsigned char)frame[3];
  CHECK(body == len - 4);
  /* every prefix is incomplete */
  for (size_t i = 0; i < len; i++) {
    json_t *out = (json_t *)1;
    CHECK(ipc_decode(frame, i, &out) == 0 && out == NULL);
  }
  json_t *out = NULL;
  CHECK(ipc_decode(frame, len, &out) == (long)len);
  CHECK(out && json_equal(out, msg));
  json_decref(out);
  /* two frames back to back: the first is decoded alone */
  char *two = malloc(2 * len);
  memcpy(two, frame, len);
  memcpy(two + len, frame, len);
  CHECK(ipc_decode(two, 2 * len, &out) == (long)len && out);
  json_decref(out);
  free(two);
  free(frame);
  json_decref(msg);
}

static void test_bad_frames(void) {
  /* a length over IPC_MAX_MESSAGE is refused before the body arrives */
  unsigned n = IPC_MAX_MESSAGE + 1;
  char big[4] = {(char)(n >> 24), (char)(n >> 16), (char)(n >> 8), (char)n};
  json_t *out = NULL;
  CHECK(ipc_decode(big, sizeof big, &out) == -1 && out == NULL);
  /* exactly IPC_MAX_MESSAGE is only incomplete */
  n = IPC_MAX_MESSAGE;
  char max[4] = {(char)(n >> 24), (char)(n >> 16), (char)(n >> 8), (char)n};
  CHECK(ipc_decode(max, sizeof max, &out) == 0);
  /* malformed JSON: consumed, no message */
  const char bad[] = "\0\0\0\3{x}";
  CHECK(ipc_decode(bad, sizeof bad - 1, &out) == 7 && out == NULL);
  /* duplicate keys are malformed too */
  const char dup[] = "\0\0\0\x0d{\"a\":1,\"a\":2}";
  CHECK(ipc_decode(dup, sizeof dup - 1, &out) == 17 && out == NULL);
}

/* --- a channel over a socketpair ------------------------------------- */

typedef struct recv_state {
  json_t *msgs[8];
  int nmsgs;
  int fd;         /* the descriptor that came with a message, or -1 */
  int closed_err; /* 0 until on_close */
} recv_state;

static void on_message(ipc_channel *ch, json_t *msg, int fd) {
  recv_state *st = ch->data;
  if (st->nmsgs < 8) st->msgs[st->nmsgs++] = json_incref(msg);
  if (fd >= 0) {
    CHECK(st->fd < 0);
    st->fd = fd;
  }
}

static void on_close(ipc_channel *ch, int err) {
  recv_state *st = ch->data;
  st->closed_err = err;
}

static void run_until(uv_loop_t *loop, const int *flag, int want) {
  for (int i = 0; i < 1000 && *flag < want; i++) uv_run(loop, UV_RUN_ONCE);
}

/* A channel reading sv[0]; the test writes raw bytes to sv[1]. */
static ipc_channel *open_channel(uv_loop_t *loop, int fd, recv_state *st) {
  ipc_channel *ch = calloc(1, sizeof *ch);
  uv_pipe_init(loop, &ch->pipe, 1);
  CHECK(uv_pipe_open(&ch->pipe, fd) == 0);
  CHECK(ipc_start(ch, on_message, on_close, st) == 0);
  return ch;
}

static void close_channel(ipc_channel *ch, uv_loop_t *loop) {
  ipc_stop(ch);
  ipc_release(ch);
  uv_close((uv_handle_t *)&ch->pipe, NULL);
  uv_run(loop, UV_RUN_DEFAULT);
  free(ch);
}

static void test_partial_reads(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  int sv[2];
  CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
  recv_state st = {.fd = -1};
  ipc_channel *ch = open_channel(&loop, sv[0], &st);
  json_t *a = json_pack("{s:s, s:s}", "type", "a", "pad", "0123456789");
  json_t *b = json_pack("{s:s}", "type", "b");
  size_t la, lb;
  char *fa = ipc_encode(a, &la), *fb = ipc_encode(b, &lb);
  /* frame a one byte a read, then the malformed frame and b in one write */
  for (size_t i = 0; i < la; i++) {
    CHECK(write(sv[1], fa + i, 1) == 1);
    uv_run(&loop, UV_RUN_NOWAIT);
    CHECK(st.nmsgs == (i + 1 == la ? 1 : 0));
  }
  char both[64];
  memcpy(both, "\0\0\0\2{]", 6);
  memcpy(both + 6, fb, lb);
  CHECK(write(sv[1], both, 6 + lb) == (ssize_t)(6 + lb));
  run_until(&loop, &st.nmsgs, 2);
  CHECK(st.nmsgs == 2 && json_equal(st.msgs[0], a) && json_equal(st.msgs[1], b));
  /* an oversize length closes the channel with UV_EPROTO */
  const char huge[4] = {(char)0x7f, 0, 0, 0};
  CHECK(write(sv[1], huge, 4) == 4);
  for (int i = 0; i < 100 && !st.closed_err; i++) uv_run(&loop, UV_RUN_ONCE);
  CHECK(st.closed_err == UV_EPROTO && !ch->reading);
  for (int i = 0; i < st.nmsgs; i++) json_decref(st.msgs[i]);
  free(fa);
  free(fb);
  json_decref(a);
  json_decref(b);
  close_channel(ch, &loop);
  close(sv[1]);
  CHECK(uv_loop_close(&loop) == 0);
}

/* A message with "fd": true carries a descriptor (SCM_RIGHTS): the receiver
 * gets its own descriptor of the same socket; a clean close reports UV_EOF. */
static void test_fd_passing(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  int chan[2], conn[2];
  CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, chan) == 0);
  CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, conn) == 0);
  recv_state rs = {.fd = -1}, ss = {.fd = -1};
  ipc_channel *rx = open_channel(&loop, chan[0], &rs);
  ipc_channel *tx = open_channel(&loop, chan[1], &ss);
  uv_pipe_t *h = malloc(sizeof *h); /* freed by the channel once sent */
  uv_pipe_init(&loop, h, 0);
  CHECK(uv_pipe_open(h, conn[0]) == 0);
  json_t *msg = json_pack("{s:s, s:b}", "type", "conn", "fd", 1);
  CHECK(ipc_send(tx, msg, (uv_stream_t *)h) == 0);
  json_decref(msg);
  run_until(&loop, &rs.nmsgs, 1);
  CHECK(rs.nmsgs == 1 && rs.fd >= 0);
  if (rs.fd >= 0) {
    CHECK(write(rs.fd, "ping", 4) == 4);
    char buf[8] = "";
    CHECK(read(conn[1], buf, sizeof buf) == 4 && memcmp(buf, "ping", 4) == 0);
    close(rs.fd);
  }
  /* the sender closes: the receiver sees UV_EOF */
  ipc_stop(tx);
  ipc_release(tx);
  uv_close((uv_handle_t *)&tx->pipe, NULL);
  for (int i = 0; i < 100 && !rs.closed_err; i++) uv_run(&loop, UV_RUN_ONCE);
  CHECK(rs.closed_err == UV_EOF);
  free(tx);
  for (int i = 0; i < rs.nmsgs; i++) json_decref(rs.msgs[i]);
  close_channel(rx, &loop);
  close(conn[1]);
  CHECK(uv_loop_close(&loop) == 0);
}

/* Writes LEN bytes of DATA to FD with FD_TO_PASS attached (SCM_RIGHTS), as
 * uv_write2 does, but for any slice of a frame. */
static void send_with_fd(int fd, const char *data, size_t len, int fd_to_pass) {
  struct iovec iov = {.iov_base = (void *)data, .iov_len = len};
  char ctl[CMSG_SPACE(sizeof(int))];
  memset(ctl, 0, sizeof ctl);
  struct msghdr mh = {
      .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof ctl};
  struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
  cm->cmsg_level = SOL_SOCKET;
  cm->cmsg_type = SCM_RIGHTS;
  cm->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(cm), &fd_to_pass, sizeof(int));
  CHECK(sendmsg(fd, &mh, 0) == (ssize_t)len);
}

/* True when writing through A is read on B (A and B: the two ends of one
 * socketpair, where written bytes are readable at once): false, not a hang,
 * when B is another socket. */
static bool same_socket(int a, int b) {
  char buf[8] = "";
  return write(a, "echo", 4) == 4 && recv(b, buf, sizeof buf, MSG_DONTWAIT) == 4 &&
         memcmp(buf, "echo", 4) == 0;
}

/* The descriptor arrives with the first bytes of its frame (the kernel
 * attaches SCM_RIGHTS to the first byte of a sendmsg) and the rest of the
 * frame comes later, a byte at a time: the message is delivered once,
 * complete, with that descriptor. */
static void test_fd_with_split_frame(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  int chan[2], conn[2];
  CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, chan) == 0);
  CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, conn) == 0);
  recv_state st = {.fd = -1};
  ipc_channel *ch = open_channel(&loop, chan[0], &st);
  json_t *msg = json_pack("{s:s, s:b, s:i}", "type", "conn", "fd", 1, "listener", 3);
  size_t len;
  char *frame = ipc_encode(msg, &len);
  send_with_fd(chan[1], frame, 3, conn[0]); /* part of the length prefix */
  uv_run(&loop, UV_RUN_NOWAIT);
  CHECK(st.nmsgs == 0 && st.fd < 0);
  for (size_t i = 3; i < len; i++) {
    CHECK(write(chan[1], frame + i, 1) == 1);
    uv_run(&loop, UV_RUN_NOWAIT);
    CHECK(st.nmsgs == (i + 1 == len ? 1 : 0));
  }
  CHECK(st.nmsgs == 1 && json_equal(st.msgs[0], msg) && st.fd >= 0);
  if (st.fd >= 0) {
    CHECK(same_socket(st.fd, conn[1]));
    close(st.fd);
  }
  for (int i = 0; i < st.nmsgs; i++) json_decref(st.msgs[i]);
  free(frame);
  json_decref(msg);
  close_channel(ch, &loop);
  close(chan[1]);
  close(conn[0]);
  close(conn[1]);
  CHECK(uv_loop_close(&loop) == 0);
}

/* Several descriptors in flight at once (frames sent back to back, read in
 * one go or not): each message gets its own, in order. */
typedef struct fds_state {
  int fds[4];
  int n;
} fds_state;

static void on_fd_message(ipc_channel *ch, json_t *msg, int fd) {
  fds_state *st = ch->data;
  json_int_t i = json_integer_value(json_object_get(msg, "i"));
  CHECK(i == st->n); /* in the order sent */
  if (st->n < 4) st->fds[st->n++] = fd;
}

static void test_fds_in_order(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  int chan[2], conns[4][2];
  CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, chan) == 0);
  fds_state st = {.n = 0};
  ipc_channel *rx = calloc(1, sizeof *rx);
  uv_pipe_init(&loop, &rx->pipe, 1);
  CHECK(uv_pipe_open(&rx->pipe, chan[0]) == 0);
  CHECK(ipc_start(rx, on_fd_message, NULL, &st) == 0);
  for (int i = 0; i < 4; i++) {
    CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, conns[i]) == 0);
    json_t *msg = json_pack("{s:s, s:b, s:i}", "type", "conn", "fd", 1, "i", i);
    size_t len;
    char *frame = ipc_encode(msg, &len);
    send_with_fd(chan[1], frame, len, conns[i][0]);
    free(frame);
    json_decref(msg);
  }
  run_until(&loop, &st.n, 4);
  CHECK(st.n == 4);
  for (int i = 0; i < st.n; i++) {
    CHECK(st.fds[i] >= 0 && same_socket(st.fds[i], conns[i][1]));
    if (st.fds[i] >= 0) close(st.fds[i]);
  }
  for (int i = 0; i < 4; i++) {
    close(conns[i][0]);
    close(conns[i][1]);
  }
  close_channel(rx, &loop);
  close(chan[1]);
  CHECK(uv_loop_close(&loop) == 0);
}

/* ipc_conn_frame writes what ipc_encode makes of the same conn message. */
static void test_conn_frame(void) {
  json_t *remote =
      json_pack("{s:s, s:i, s:s}", "address", "2001:db8::1", "port", 51000, "family", "IPv6");
  char *rjson = json_dumps(remote, JSON_COMPACT);
  int cases[][2] = {{0, 8080}, {7, 0}, {123456, 65535}};
  for (int k = 0; k < 3; k++) {
    for (int with_remote = 0; with_remote < 2; with_remote++) {
      char buf[256];
      size_t len =
          ipc_conn_frame(buf, sizeof buf, cases[k][0], cases[k][1], with_remote ? rjson : NULL);
      json_t *want = json_pack("{s:s, s:b, s:i, s:i}", "type", "conn", "fd", 1, "listener",
                               cases[k][0], "port", cases[k][1]);
      if (with_remote) json_object_set(want, "remote", remote);
      json_t *got = NULL;
      CHECK(len > 4 && ipc_decode(buf, len, &got) == (long)len && got && json_equal(got, want));
      json_decref(got);
      json_decref(want);
    }
  }
  char tiny[IPC_CONN_FRAME_MAX - 1];
  CHECK(ipc_conn_frame(tiny, sizeof tiny, 1, 1, NULL) == 0);
  free(rjson);
  json_decref(remote);
}

/* A channel with on_conn: plain conn frames reach it with their listener,
 * port and descriptor, unparsed; one with "remote", or the same members
 * spelt otherwise, goes to on_message as JSON; order holds across both. */
typedef struct conn_cb_state {
  int n, listeners[4], kinds[4]; /* kind 1: on_conn, 2: on_message */
} conn_cb_state;

static void on_conn_cb(ipc_channel *ch, int listener, int port, bool has_fd) {
  conn_cb_state *st = ch->data;
  CHECK(port == 8080 && has_fd);
  /* the first one taken into a handle, the others left to the channel */
  if (listener == 3) {
    uv_pipe_t *h = malloc(sizeof *h);
    uv_pipe_init(ch->pipe.loop, h, 0);
    CHECK(ipc_accept(ch, (uv_stream_t *)h) == 0);
    uv_close((uv_handle_t *)h, (uv_close_cb)free);
  }
  if (st->n < 4) st->listeners[st->n] = listener, st->kinds[st->n++] = 1;
}

static void on_conn_msg(ipc_channel *ch, json_t *msg, int fd) {
  conn_cb_state *st = ch->data;
  CHECK(fd >= 0);
  if (fd >= 0) close(fd);
  int l = (int)json_integer_value(json_object_get(msg, "listener"));
  if (st->n < 4) st->listeners[st->n] = l, st->kinds[st->n++] = 2;
}

static void test_conn_callback(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  int chan[2];
  CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, chan) == 0);
  conn_cb_state st = {.n = 0};
  ipc_channel *rx = calloc(1, sizeof *rx);
  uv_pipe_init(&loop, &rx->pipe, 1);
  CHECK(uv_pipe_open(&rx->pipe, chan[0]) == 0);
  CHECK(ipc_start(rx, on_conn_msg, NULL, &st) == 0);
  rx->on_conn = on_conn_cb;
  char frames[4][160];
  size_t lens[4];
  lens[0] = ipc_conn_frame(frames[0], sizeof frames[0], 3, 8080, NULL);
  lens[1] = ipc_conn_frame(frames[1], sizeof frames[1], 4, 8080, "{\"address\":\"10.0.0.1\"}");
  json_t *spaced =
      json_pack("{s:s, s:b, s:i, s:i}", "type", "conn", "fd", 1, "listener", 5, "port", 8080);
  char *text = json_dumps(spaced, JSON_INDENT(1)); /* newlines and spaces */
  size_t tl = strlen(text);
  frames[2][0] = frames[2][1] = 0, frames[2][2] = (char)(tl >> 8), frames[2][3] = (char)tl;
  memcpy(frames[2] + 4, text, tl);
  lens[2] = tl + 4;
  lens[3] = ipc_conn_frame(frames[3], sizeof frames[3], 123456789, 8080, NULL);
  for (int i = 0; i < 4; i++) {
    int conn[2];
    CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, conn) == 0);
    send_with_fd(chan[1], frames[i], lens[i], conn[0]);
    close(conn[0]);
    close(conn[1]);
  }
  run_until(&loop, &st.n, 4);
  CHECK(st.n == 4);
  int want_l[4] = {3, 4, 5, 123456789}, want_k[4] = {1, 2, 2, 1};
  for (int i = 0; i < 4; i++) CHECK(st.listeners[i] == want_l[i] && st.kinds[i] == want_k[i]);
  free(text);
  json_decref(spaced);
  close_channel(rx, &loop);
  close(chan[1]);
  CHECK(uv_loop_close(&loop) == 0);
}

/* ipc_send_fd: a plain descriptor goes with its frame at once when the
 * write queue is empty, and behind what waits there (a frame of 3 MiB the
 * socket cannot take in one go) otherwise; order and descriptors hold, and
 * the sender's copies are closed. */
typedef struct order_state {
  int n, fds[3];
  const char *types[4];
} order_state;

static void on_order_message(ipc_channel *ch, json_t *msg, int fd) {
  order_state *st = ch->data;
  const char *t = json_string_value(json_object_get(msg, "type"));
  if (st->n < 4) st->types[st->n] = strcmp(t, "big") == 0 ? "big" : "conn";
  if (st->n >= 1) CHECK(json_integer_value(json_object_get(msg, "listener")) == st->n - 1);
  if (fd >= 0 && st->n >= 1 && st->n <= 3) st->fds[st->n - 1] = fd;
  st->n++;
}

static void test_send_fd(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  int chan[2], conns[3][2];
  CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, chan) == 0);
  order_state st = {.n = 0, .fds = {-1, -1, -1}};
  recv_state ss = {.fd = -1};
  ipc_channel *rx = calloc(1, sizeof *rx);
  uv_pipe_init(&loop, &rx->pipe, 1);
  CHECK(uv_pipe_open(&rx->pipe, chan[0]) == 0);
  CHECK(ipc_start(rx, on_order_message, NULL, &st) == 0);
  ipc_channel *tx = open_channel(&loop, chan[1], &ss);
  size_t big = 3u << 20;
  char *text = malloc(big + 1);
  memset(text, 'x', big);
  text[big] = 0;
  json_t *bigmsg = json_pack("{s:s, s:s}", "type", "big", "text", text);
  CHECK(ipc_send(tx, bigmsg, NULL) == 0);
  CHECK(uv_stream_get_write_queue_size((uv_stream_t *)&tx->pipe) > 0);
  for (int i = 0; i < 3; i++) {
    CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, conns[i]) == 0);
    if (i == 2) { /* the queue drained: this one goes at once */
      while (uv_stream_get_write_queue_size((uv_stream_t *)&tx->pipe) > 0)
        uv_run(&loop, UV_RUN_ONCE);
    }
    char frame[IPC_CONN_FRAME_MAX];
    size_t len = ipc_conn_frame(frame, sizeof frame, i, 8080, NULL);
    CHECK(len > 0 && ipc_send_fd(tx, frame, len, conns[i][0]) == 0);
    /* sent at once, so closed at once (queued ones once written) */
    if (i == 2) CHECK(fcntl(conns[i][0], F_GETFD) == -1 && errno == EBADF);
  }
  run_until(&loop, &st.n, 4);
  CHECK(st.n == 4 && strcmp(st.types[0], "big") == 0 && strcmp(st.types[3], "conn") == 0);
  for (int i = 0; i < 3; i++) {
    CHECK(st.fds[i] >= 0 && same_socket(st.fds[i], conns[i][1]));
    if (st.fds[i] >= 0) close(st.fds[i]);
    close(conns[i][1]);
  }
  json_decref(bigmsg);
  free(text);
  close_channel(tx, &loop);
  close_channel(rx, &loop);
  CHECK(uv_loop_close(&loop) == 0);
}

/* ipc_batch_fd: conn frames wait in the channel until ipc_flush_fds, which
 * sends them in one sendmsg with every descriptor, in order; another send
 * on the channel sends the batch first; ipc_release closes an unsent one. */
typedef struct batch_state {
  int n, listeners[6], fds[6], msgs;
} batch_state;

static void on_batch_conn(ipc_channel *ch, int listener, int port, bool has_fd) {
  batch_state *st = ch->data;
  CHECK(port == 8080 && has_fd && st->msgs == 0);
  uv_pipe_t *h = malloc(sizeof *h);
  uv_pipe_init(ch->pipe.loop, h, 0);
  uv_os_fd_t fd = -1;
  CHECK(ipc_accept(ch, (uv_stream_t *)h) == 0 && uv_fileno((uv_handle_t *)h, &fd) == 0);
  if (st->n < 6) st->listeners[st->n] = listener, st->fds[st->n++] = dup(fd);
  uv_close((uv_handle_t *)h, (uv_close_cb)free);
}

static void on_batch_msg(ipc_channel *ch, json_t *msg, int fd) {
  batch_state *st = ch->data;
  CHECK(fd < 0 && st->n == 5);
  (void)msg;
  st->msgs++;
}

static void test_batch_fd(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  int chan[2], conns[7][2];
  CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, chan) == 0);
  batch_state st = {.n = 0};
  recv_state ss = {.fd = -1};
  ipc_channel *rx = calloc(1, sizeof *rx);
  uv_pipe_init(&loop, &rx->pipe, 1);
  CHECK(uv_pipe_open(&rx->pipe, chan[0]) == 0);
  CHECK(ipc_start(rx, on_batch_msg, NULL, &st) == 0);
  rx->on_conn = on_batch_conn;
  ipc_channel *tx = open_channel(&loop, chan[1], &ss);
  for (int i = 0; i < 7; i++) {
    CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, conns[i]) == 0);
    char frame[IPC_CONN_FRAME_MAX];
    size_t len = ipc_conn_frame(frame, sizeof frame, i, 8080, NULL);
    CHECK(len > 0 && ipc_batch_fd(tx, frame, len, conns[i][0]) == 0);
    if (i == 2) { /* held until flushed, then sent (and closed) at once */
      CHECK(fcntl(conns[0][0], F_GETFD) != -1);
      CHECK(ipc_flush_fds(tx) == 0);
      for (int j = 0; j <= 2; j++) CHECK(fcntl(conns[j][0], F_GETFD) == -1 && errno == EBADF);
    }
    if (i == 4) { /* a message sends the batch before itself */
      json_t *m = json_pack("{s:s}", "type", "after");
      CHECK(ipc_send(tx, m, NULL) == 0);
      json_decref(m);
    }
  }
  run_until(&loop, &st.msgs, 1);
  CHECK(st.n == 5 && st.msgs == 1);
  for (int i = 0; i < 5; i++) {
    CHECK(st.listeners[i] == i && same_socket(st.fds[i], conns[i][1]));
    close(st.fds[i]);
  }
  close_channel(tx, &loop); /* the unsent batch (5, 6) closed */
  for (int i = 5; i < 7; i++) CHECK(fcntl(conns[i][0], F_GETFD) == -1 && errno == EBADF);
  for (int i = 0; i < 7; i++) close(conns[i][1]);
  close_channel(rx, &loop);
  CHECK(uv_loop_close(&loop) == 0);
}

/* A message of a few MiB (under IPC_MAX_MESSAGE) crosses many reads and
 * several growths of the read buffer and arrives whole, between two small
 * ones; a length of IPC_MAX_MESSAGE + 1 closes the channel (UV_EPROTO)
 * before any of its body is read. */
static void test_large_frames(void) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  int sv[2];
  CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
  recv_state rs = {.fd = -1}, ss = {.fd = -1};
  ipc_channel *rx = open_channel(&loop, sv[0], &rs);
  ipc_channel *tx = open_channel(&loop, sv[1], &ss);
  size_t big = 3u << 20;
  char *text = malloc(big + 1);
  for (size_t i = 0; i < big; i++) text[i] = (char)('a' + i % 26);
  text[big] = 0;
  json_t *small = json_pack("{s:s}", "type", "small");
  json_t *large = json_pack("{s:s, s:s}", "type", "large", "data", text);
  CHECK(ipc_send(tx, small, NULL) == 0);
  CHECK(ipc_send(tx, large, NULL) == 0);
  CHECK(ipc_send(tx, small, NULL) == 0);
  for (int i = 0; i < 10000 && rs.nmsgs < 3; i++) uv_run(&loop, UV_RUN_ONCE);
  CHECK(rs.nmsgs == 3 && json_equal(rs.msgs[0], small) && json_equal(rs.msgs[1], large) &&
        json_equal(rs.msgs[2], small));
  CHECK(rx->reading && rs.closed_err == 0);
  unsigned n = IPC_MAX_MESSAGE + 1;
  char over[4] = {(char)(n >> 24), (char)(n >> 16), (char)(n >> 8), (char)n};
  CHECK(write(sv[1], over, 4) == 4);
  for (int i = 0; i < 100 && !rs.closed_err; i++) uv_run(&loop, UV_RUN_ONCE);
  CHECK(rs.closed_err == UV_EPROTO && !rx->reading && rs.nmsgs == 3);
  for (int i = 0; i < rs.nmsgs; i++) json_decref(rs.msgs[i]);
  json_decref(small);
  json_decref(large);
  free(text);
  close_channel(tx, &loop);
  close_channel(rx, &loop);
  CHECK(uv_loop_close(&loop) == 0);
}

/* ipc_dispatch: the row the type names runs; a descriptor reaches only a
 * takes_fd row and is closed otherwise; unknown types are dropped. */
static int dispatched_fd, dispatched_calls;

static void on_row(ipc_channel *ch, json_t *msg, int fd) {
  (void)ch, (void)msg;
  dispatched_calls++;
  dispatched_fd = fd;
}

static bool fd_open(int fd) {
  return fcntl(fd, F_GETFD) != -1;
}

static void test_dispatch(void) {
  const ipc_handler table[] = {{"plain", on_row, false}, {"conn", on_row, true}};
  json_t *plain = json_pack("{s:s}", "type", "plain"), *conn = json_pack("{s:s}", "type", "conn");
  json_t *other = json_pack("{s:s}", "type", "other"), *none = json_object();
  ipc_dispatch(table, 2, NULL, plain, -1);
  CHECK(dispatched_calls == 1 && dispatched_fd == -1);
  int fd = open("/dev/null", O_RDONLY);
  ipc_dispatch(table, 2, NULL, conn, fd);
  CHECK(dispatched_calls == 2 && dispatched_fd == fd && fd_open(fd));
  close(fd);
  ipc_dispatch(table, 2, NULL, conn, -1); /* a conn without its socket */
  CHECK(dispatched_calls == 2);
  fd = open("/dev/null", O_RDONLY);
  ipc_dispatch(table, 2, NULL, plain, fd);
  CHECK(dispatched_calls == 3 && dispatched_fd == -1 && !fd_open(fd));
  fd = open("/dev/null", O_RDONLY);
  ipc_dispatch(table, 2, NULL, other, fd);
  CHECK(dispatched_calls == 3 && !fd_open(fd));
  ipc_dispatch(table, 2, NULL, none, -1);
  CHECK(dispatched_calls == 3);
  json_decref(plain);
  json_decref(conn);
  json_decref(other);
  json_decref(none);
}

int main(void) {
  test_encode_decode();
  test_bad_frames();
  test_partial_reads();
  test_fd_passing();
  test_fd_with_split_frame();
  test_fds_in_order();
  test_conn_frame();
  test_send_fd();
  test_batch_fd();
  test_conn_callback();
  test_large_frames();
  test_dispatch();
  return unit_finish("ipc_unit");
}
