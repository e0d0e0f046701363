/* ipc: framed JSON messages with attached descriptors (see ipc.h). */
#include "ipc.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

char *ipc_encode(json_t *msg, size_t *len) {
  char *body = json_dumps(msg, JSON_COMPACT);
  if (!body) return NULL;
  size_t n = strlen(body);
  char *frame = malloc(n + 4);
  if (frame) {
    frame[0] = (char)(n >> 24);
    frame[1] = (char)(n >> 16);
    frame[2] = (char)(n >> 8);
    frame[3] = (char)n;
    memcpy(frame + 4, body, n);
    *len = n + 4;
  }
  free(body);
  return frame;
}

void ipc_dispatch(const ipc_handler *table, size_t n, ipc_channel *ch, json_t *msg, int fd) {
  const char *type = json_string_value(json_object_get(msg, "type"));
  const ipc_handler *h = NULL;
  for (size_t i = 0; type && !h && i < n; i++) {
    if (strcmp(table[i].type, type) == 0) h = &table[i];
  }
  if (h && h->takes_fd) {
    if (fd >= 0) h->fn(ch, msg, fd);
    return;
  }
  if (fd >= 0) close(fd);
  if (h) h->fn(ch, msg, -1);
}

long ipc_decode(const char *buf, size_t len, json_t **msg) {
  *msg = NULL;
  if (len < 4) return 0;
  const unsigned char *p = (const unsigned char *)buf;
  size_t n = ((size_t)p[0] << 24) | ((size_t)p[1] << 16) | ((size_t)p[2] << 8) | p[3];
  if (n > IPC_MAX_MESSAGE) return -1;
  if (len < n + 4) return 0;
  *msg = json_loadb(buf + 4, n, JSON_REJECT_DUPLICATES, NULL);
  return (long)(n + 4);
}

typedef struct ipc_write {
  uv_write_t req;
  char *frame;
  uv_stream_t *handle; /* sent along; closed once written */
} ipc_write;

static void close_and_free(uv_handle_t *h) {
  free(h);
}

static void on_written(uv_write_t *req, int status) {
  (void)status;
  ipc_write *w = (ipc_write *)req;
  if (w->handle) uv_close((uv_handle_t *)w->handle, close_and_free);
  free(w->frame);
  free(w);
}

/* Writes frame (malloc'd, taken), with send_handle's descriptor when given. */
static int send_encoded(ipc_channel *ch, char *frame, size_t len, uv_stream_t *send_handle) {
  ipc_write *w = malloc(sizeof *w);
  if (!w) {
    free(frame);
    if (send_handle) uv_close((uv_handle_t *)send_handle, close_and_free);
    return UV_ENOMEM;
  }
  w->frame = frame;
  w->handle = send_handle;
  uv_buf_t buf = uv_buf_init(frame, (unsigned)len);
  int err = send_handle
                ? uv_write2(&w->req, (uv_stream_t *)&ch->pipe, &buf, 1, send_handle, on_written)
                : uv_write(&w->req, (uv_stream_t *)&ch->pipe, &buf, 1, on_written);
  if (err) {
    if (send_handle) uv_close((uv_handle_t *)send_handle, close_and_free);
    free(frame);
    free(w);
  }
  return err;
}

int ipc_send(ipc_channel *ch, json_t *msg, uv_stream_t *send_handle) {
  ipc_flush_fds(ch); /* (what was batched first: the channel keeps the calls' order) */
  size_t len;
  char *frame = ipc_encode(msg, &len);
  if (!frame) return UV_ENOMEM;
  return send_encoded(ch, frame, len, send_handle);
}

/* One sendmsg of buf with the n descriptors attached (one SCM_RIGHTS),
 * never blocking. */
static ssize_t sendmsg_fds(int sock, const char *buf, size_t len, const int *fds, int n) {
  struct iovec iov = {.iov_base = (void *)buf, .iov_len = len};
  union {
    char buf[CMSG_SPACE(sizeof(int) * IPC_BATCH_MAX)];
    struct cmsghdr align;
  } ctl;
  memset(&ctl, 0, sizeof ctl);
  struct msghdr mh = {.msg_iov = &iov,
                      .msg_iovlen = 1,
                      .msg_control = ctl.buf,
                      .msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)n)};
  struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
  cm->cmsg_level = SOL_SOCKET;
  cm->cmsg_type = SCM_RIGHTS;
  cm->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)n);
  memcpy(CMSG_DATA(cm), fds, sizeof(int) * (size_t)n);
  ssize_t r;
  do r = sendmsg(sock, &mh, MSG_DONTWAIT | MSG_NOSIGNAL);
  while (r < 0 && errno == EINTR);
  return r;
}

/* The slow way: fd in a handle, behind what the write queue holds. */
static int queue_fd(ipc_channel *ch, const char *frame, size_t len, int fd) {
  uv_tcp_t *h = malloc(sizeof *h);
  char *copy = malloc(len);
  if (!h || !copy) {
    free(h);
    free(copy);
    close(fd);
    return UV_ENOMEM;
  }
  memcpy(copy, frame, len);
  uv_tcp_init(ch->pipe.loop, h);
  int err = uv_tcp_open(h, fd);
  if (err) {
    close(fd);
    uv_close((uv_handle_t *)h, close_and_free);
    free(copy);
    return err;
  }
  return send_encoded(ch, copy, len, (uv_stream_t *)h);
}

/* frames (len bytes: n frames ending at ends[]) with their descriptors
 * fds[] (taken): at once in one sendmsg when nothing waits in the write
 * queue (every byte written before is in the kernel, so these are in
 * order), else each queued behind it. */
static int send_fds(ipc_channel *ch, const char *frames, size_t len, const size_t *ends,
                    const int *fds, int n) {
  uv_os_fd_t sock;
  ssize_t sent = -1;
  if (uv_stream_get_write_queue_size((uv_stream_t *)&ch->pipe) == 0 &&
      uv_fileno((uv_handle_t *)&ch->pipe, &sock) == 0) {
    sent = sendmsg_fds(sock, frames, len, fds, n);
    if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
      int err = uv_translate_sys_error(errno);
      for (int i = 0; i < n; i++) close(fds[i]);
      return err;
    }
  }
  if (sent < 0) {
    int err = 0;
    for (int i = 0; i < n; i++) {
      size_t start = i ? ends[i - 1] : 0;
      int e = queue_fd(ch, frames + start, ends[i] - start, fds[i]);
      if (e && !err) err = e;
    }
    return err;
  }
  for (int i = 0; i < n; i++) close(fds[i]); /* sent with the first byte */
  if ((size_t)sent < len) {
    /* The rest of the frames after it, before anything else. */
    char *rest = malloc(len - (size_t)sent);
    if (!rest) return UV_ENOMEM;
    memcpy(rest, frames + sent, len - (size_t)sent);
    return send_encoded(ch, rest, len - (size_t)sent, NULL);
  }
  return 0;
}

int ipc_send_fd(ipc_channel *ch, const char *frame, size_t len, int fd) {
  ipc_flush_fds(ch);
  return send_fds(ch, frame, len, &len, &fd, 1);
}

int ipc_flush_fds(ipc_channel *ch) {
  int n = ch->nbatch;
  if (n == 0) return 0;
  ch->nbatch = 0;
  size_t len = ch->batch_len;
  ch->batch_len = 0;
  return send_fds(ch, ch->batch, len, ch->batch_ends, ch->batch_fds, n);
}

int ipc_batch_fd(ipc_channel *ch, const char *frame, size_t len, int fd) {
  int err = 0;
  if (len > IPC_CONN_FRAME_MAX) return ipc_send_fd(ch, frame, len, fd); /* (after the batch) */
  if (ch->nbatch == IPC_BATCH_MAX || ch->batch_len + len > sizeof ch->batch)
    err = ipc_flush_fds(ch);
  memcpy(ch->batch + ch->batch_len, frame, len);
  ch->batch_len += len;
  ch->batch_ends[ch->nbatch] = ch->batch_len;
  ch->batch_fds[ch->nbatch++] = fd;
  return err;
}

static char *put_str(char *p, const char *s) {
  size_t n = strlen(s);
  memcpy(p, s, n);
  return p + n;
}

static char *put_int(char *p, int v) {
  char digits[12];
  int n = 0;
  unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
  do digits[n++] = (char)('0' + u % 10);
  while ((u /= 10) != 0);
  if (v < 0) *p++ = '-';
  while (n > 0) *p++ = digits[--n];
  return p;
}

size_t ipc_conn_frame(char *buf, size_t cap, int listener, int port, const char *remote) {
  if (cap < IPC_CONN_FRAME_MAX + (remote ? strlen(remote) : 0)) return 0;
  char *p = put_str(buf + 4, "{\"type\":\"conn\",\"fd\":true,\"listener\":");
  p = put_int(p, listener);
  p = put_str(p, ",\"port\":");
  p = put_int(p, port);
  if (remote) p = put_str(put_str(p, ",\"remote\":"), remote);
  *p++ = '}';
  size_t n = (size_t)(p - buf) - 4;
  buf[0] = (char)(n >> 24);
  buf[1] = (char)(n >> 16);
  buf[2] = (char)(n >> 8);
  buf[3] = (char)n;
  return n + 4;
}

int ipc_send_frame(ipc_channel *ch, char *frame, size_t len) {
  ipc_flush_fds(ch);
  return send_encoded(ch, frame, len, NULL);
}

/* Takes the next descriptor that arrived on the pipe, as a plain fd (-1:
 * none): the receiver gets the very descriptor the kernel gave, without a
 * dup, a close and a new handle around it. libuv hands a received
 * descriptor out only by uv_accept into a handle, and has no call to
 * detach it; so the handle's watcher forgets it (io_watcher.fd = -1, the
 * field of libuv's Unix stream layout that uv_close closes when it is not
 * -1, and what uv_close itself leaves behind) and the handle is closed
 * empty. It never started a read or a write: nothing of it waits on the
 * descriptor. The handle is a uv_tcp_t whatever the descriptor is (libuv's
 * uv_accept into it only stores the fd): asking uv_pipe_pending_type would
 * cost four system calls a descriptor (isatty, fstat, getsockname,
 * getsockopt) for a type nobody reads, the message's type says what it is. */
static int accept_pending(ipc_channel *ch) {
  if (uv_pipe_pending_count(&ch->pipe) <= 0) return -1;
  uv_tcp_t *h = malloc(sizeof *h);
  if (!h) return -1;
  uv_tcp_init(ch->pipe.loop, h);
  uv_os_fd_t fd = -1;
  if (uv_accept((uv_stream_t *)&ch->pipe, (uv_stream_t *)h) != 0 ||
      uv_fileno((uv_handle_t *)h, &fd) != 0) {
    fd = -1;
  } else {
    h->io_watcher.fd = -1; /* detached: uv_close below leaves it open */
  }
  uv_close((uv_handle_t *)h, close_and_free);
  return fd;
}

int ipc_accept(ipc_channel *ch, uv_stream_t *into) {
  if (uv_pipe_pending_count(&ch->pipe) <= 0) return UV_EAGAIN;
  return uv_accept((uv_stream_t *)&ch->pipe, into);
}

/* The channel of its pipe: pipe->data is the owner's, not ours. */
static ipc_channel *channel_of(void *pipe) {
  return (ipc_channel *)((char *)pipe - offsetof(ipc_channel, pipe));
}

static void on_alloc(uv_handle_t *handle, size_t suggested, uv_buf_t *buf) {
  ipc_channel *ch = channel_of(handle);
  (void)suggested;
  if (ch->cap - ch->len < 65536) {
    size_t cap = ch->cap ? ch->cap * 2 : 131072;
    while (cap - ch->len < 65536) cap *= 2;
    char *p = realloc(ch->buf, cap);
    if (!p) {
      *buf = uv_buf_init(NULL, 0);
      return;
    }
    ch->buf = p;
    ch->cap = cap;
  }
  *buf = uv_buf_init(ch->buf + ch->len, (unsigned)(ch->cap - ch->len));
}

static const char CONN_HEAD[] = "{\"type\":\"conn\",\"fd\":true,\"listener\":";
static const char CONN_PORT[] = ",\"port\":";

/* Reads a non-negative decimal of at most 9 digits at *p (before end). */
static bool get_int(const char **p, const char *end, int *out) {
  const char *q = *p;
  int v = 0;
  while (q < end && q - *p < 9 && *q >= '0' && *q <= '9') v = v * 10 + (*q++ - '0');
  if (q == *p || (q < end && *q >= '0' && *q <= '9')) return false;
  *p = q;
  *out = v;
  return true;
}

static bool skip(const char **p, const char *end, const char *lit, size_t n) {
  if ((size_t)(end - *p) < n || memcmp(*p, lit, n) != 0) return false;
  *p += n;
  return true;
}

/* The size of the complete frame at buf when it is a plain conn frame
 * (ipc_conn_frame's form, no "remote"), else 0: any other frame, even one
 * JSON would read as a conn message, takes the general path. */
static size_t conn_frame_at(const char *buf, size_t len, int *listener, int *port) {
  if (len < 4) return 0;
  const unsigned char *u = (const unsigned char *)buf;
  size_t n = ((size_t)u[0] << 24) | ((size_t)u[1] << 16) | ((size_t)u[2] << 8) | u[3];
  if (n > len - 4) return 0;
  const char *p = buf + 4, *end = p + n;
  if (!skip(&p, end, CONN_HEAD, sizeof CONN_HEAD - 1) || !get_int(&p, end, listener) ||
      !skip(&p, end, CONN_PORT, sizeof CONN_PORT - 1) || !get_int(&p, end, port) ||
      !skip(&p, end, "}", 1) || p != end)
    return 0;
  return n + 4;
}

static void on_read(uv_stream_t *stream, ssize_t n, const uv_buf_t *buf) {
  ipc_channel *ch = channel_of(stream);
  (void)buf;
  if (n < 0) {
    ipc_stop(ch);
    if (ch->on_close) ch->on_close(ch, (int)n);
    return;
  }
  ch->len += (size_t)n;
  size_t off = 0;
  while (ch->reading) {
    int listener, port;
    size_t conn_len =
        ch->on_conn ? conn_frame_at(ch->buf + off, ch->len - off, &listener, &port) : 0;
    if (conn_len) {
      off += conn_len;
      int pending = uv_pipe_pending_count(&ch->pipe);
      ch->on_conn(ch, listener, port, pending > 0);
      if (pending > 0 && uv_pipe_pending_count(&ch->pipe) == pending) {
        int fd = accept_pending(ch); /* (not taken: dropped) */
        if (fd >= 0) close(fd);
      }
      continue;
    }
    json_t *msg;
    long used = ipc_decode(ch->buf + off, ch->len - off, &msg);
    if (used == 0) break;
    if (used < 0) {
      ipc_stop(ch);
      if (ch->on_close) ch->on_close(ch, UV_EPROTO);
      return;
    }
    off += (size_t)used;
    if (!msg) continue; /* malformed: skipped */
    int fd = -1;
    const char *type = json_string_value(json_object_get(msg, "type"));
    if (type && json_is_true(json_object_get(msg, "fd"))) fd = accept_pending(ch);
    ch->on_message(ch, msg, fd);
    json_decref(msg);
  }
  memmove(ch->buf, ch->buf + off, ch->len - off);
  ch->len -= off;
}

int ipc_start(ipc_channel *ch, ipc_message_cb on_message, ipc_close_cb on_close, void *data) {
  ch->on_message = on_message;
  ch->on_close = on_close;
  ch->data = data;
  ch->reading = false;
  int err = uv_read_start((uv_stream_t *)&ch->pipe, on_alloc, on_read);
  if (err == 0) ch->reading = true;
  return err;
}

void ipc_stop(ipc_channel *ch) {
  if (!ch->reading) return;
  ch->reading = false;
  uv_read_stop((uv_stream_t *)&ch->pipe);
}

void ipc_release(ipc_channel *ch) {
  for (int i = 0; i < ch->nbatch; i++) close(ch->batch_fds[i]);
  ch->nbatch = 0;
  ch->batch_len = 0;
  free(ch->buf);
  ch->buf = NULL;
  ch->len = ch->cap = 0;
}
