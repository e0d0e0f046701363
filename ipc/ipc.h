#ifndef SHOAL_IPC_IPC_H
#define SHOAL_IPC_IPC_H
/* ipc: the wire format between the master and its workers (see
 * ipc/PROTOCOL.md): length-prefixed JSON messages on a libuv IPC pipe, a
 * connection travelling as the file descriptor attached to its message
 * (SCM_RIGHTS through uv_write2).
 *
 * An ipc_channel holds its uv_pipe_t (`pipe`); the channel's owner
 * initialises, opens and closes that pipe, and the pipe's `data` field is
 * the owner's too (libuv's rule: handle->data belongs to whoever owns the
 * handle; the channel finds itself from the pipe's address). The channel
 * owns its read buffer. Messages passed to the callback are borrowed (freed after
 * the callback returns); json_t values given to ipc_send are not stolen. */
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

#define IPC_PROTOCOL_VERSION 1
#define IPC_MAX_MESSAGE (16u << 20)
/* The largest BroadcastChannel message that crosses the cluster (its
 * structured-clone bytes, before base64): a larger post throws in the
 * poster; the master drops larger frames. */
#define IPC_BROADCAST_MAX (1u << 20)

typedef struct ipc_channel ipc_channel;

/* `fd` is the message's attached descriptor (a socket), -1 when none; the
 * callback owns it (hands it on or closes it). */
typedef void (*ipc_message_cb)(ipc_channel *ch, json_t *msg, int fd);
/* One message type a side accepts (ipc/PROTOCOL.md): its "type", its
 * handler, and whether it comes with a descriptor. Each side keeps a table
 * of these and hands every message to ipc_dispatch (nginx's
 * ngx_channel_t commands). */
typedef struct ipc_handler {
  const char *type;
  ipc_message_cb fn;
  bool takes_fd; /* the handler runs only with a descriptor, and owns it */
} ipc_handler;

/* Runs the row of TABLE (N rows) that MSG's "type" names. A row with
 * takes_fd runs only when FD >= 0; any other row runs with -1, after FD
 * (which no such message carries) is closed. A message of an unknown type,
 * or without one, is dropped (its descriptor closed): either side may be
 * newer. */
void ipc_dispatch(const ipc_handler *table, size_t n, ipc_channel *ch, json_t *msg, int fd);

/* err: UV_EOF on a clean close. */
typedef void (*ipc_close_cb)(ipc_channel *ch, int err);
/* A conn frame in the exact form ipc_conn_frame writes without "remote":
 * its listener and port, read without building a JSON object (json_loadb
 * cost the worker more per connection than the rest of its hand-over).
 * has_fd: its descriptor came; the callback takes it with ipc_accept (else
 * the channel closes it once the callback returns). */
typedef void (*ipc_conn_cb)(ipc_channel *ch, int listener, int port, bool has_fd);
/* Inside on_conn: the frame's descriptor into `into` (a handle the caller
 * initialised, a uv_tcp_t for a TCP socket) by libuv's uv_accept, which
 * takes it as it came (the master's sockets are non-blocking already;
 * uv_tcp_open of a plain fd would set O_NONBLOCK again, an ioctl). 0, or a
 * libuv error (the descriptor is then closed). */
int ipc_accept(ipc_channel *ch, uv_stream_t *into);

/* 4 + the members with two 11-digit ints + "remote": ipc_conn_frame */
#define IPC_CONN_FRAME_MAX 96

/* Descriptors one sendmsg carries at most (libuv's reader takes 64). */
#define IPC_BATCH_MAX 16

struct ipc_channel {
  uv_pipe_t pipe; /* the owner's: uv_pipe_init(loop, &ch->pipe, 1), open, close */
  char *buf;
  size_t len, cap;
  /* ipc_batch_fd's frames, back to back, and their descriptors (owned) */
  char batch[IPC_BATCH_MAX * IPC_CONN_FRAME_MAX];
  size_t batch_len, batch_ends[IPC_BATCH_MAX];
  int batch_fds[IPC_BATCH_MAX], nbatch;
  ipc_message_cb on_message;
  ipc_close_cb on_close;
  ipc_conn_cb on_conn; /* optional, set after ipc_start: else conn frames go to on_message */
  void *data;
  bool reading;
};

/* Starts reading ch->pipe (an open IPC pipe). The channel's other fields
 * must be zero before the first start (calloc); a channel stopped with
 * ipc_stop may be started again and keeps what it had buffered. */
int ipc_start(ipc_channel *ch, ipc_message_cb on_message, ipc_close_cb on_close, void *data);
void ipc_stop(ipc_channel *ch);
/* Frees the channel's buffer and closes the descriptors of an unsent
 * batch (the pipe is its owner's). */
void ipc_release(ipc_channel *ch);
/* Sends msg. With `send_handle`, its descriptor travels with the message and
 * the channel closes (and frees, with free()) the handle once it was sent. */
int ipc_send(ipc_channel *ch, json_t *msg, uv_stream_t *send_handle);
/* Every send below first sends what ipc_batch_fd batched: the channel
 * keeps the order of the calls. */
/* Sends frame (len bytes, borrowed) with the plain descriptor fd (taken:
 * closed once sent, or on error). When nothing waits in the channel's
 * write queue the frame goes out at once with one sendmsg: no write
 * request, no handle to wrap fd in, no epoll_ctl to stop watching for
 * writability afterwards. */
int ipc_send_fd(ipc_channel *ch, const char *frame, size_t len, int fd);
/* ipc_send_fd, later: frame (at most IPC_CONN_FRAME_MAX bytes, copied) and
 * fd (taken) join the channel's batch, which ipc_flush_fds sends (the
 * caller calls it before its loop polls again, e.g. from a uv_check). A
 * full batch is sent first. 0, or a libuv error (fd closed). */
int ipc_batch_fd(ipc_channel *ch, const char *frame, size_t len, int fd);
/* Sends the batch: its frames in one sendmsg with every descriptor in one
 * SCM_RIGHTS message, in the frames' order (the reader takes them one per
 * frame, PROTOCOL.md), when the write queue is empty; else each behind it
 * as ipc_send_fd queues one. One system call, and one wake-up of the
 * reader, for the connections an accept wake-up gave the same worker. */
int ipc_flush_fds(ipc_channel *ch);
/* Writes the frame of a `conn` message (PROTOCOL.md) into buf: the same
 * JSON ipc_encode would make of it, formatted directly (json_pack and
 * json_dumps cost the master more than the rest of a hand-over). remote:
 * the compact JSON of the PROXY client, or NULL. Returns its length, 0 when
 * cap is too small (IPC_CONN_FRAME_MAX + strlen(remote) always suffices). */
size_t ipc_conn_frame(char *buf, size_t cap, int listener, int port, const char *remote);
/* Sends a frame ipc_encode made (malloc'd; the channel frees it). */
int ipc_send_frame(ipc_channel *ch, char *frame, size_t len);
/* Encodes a frame (4-byte big-endian length + JSON) into a malloc'd buffer. */
char *ipc_encode(json_t *msg, size_t *len);
/* Decodes the first complete frame of buf: returns its total size and sets
 * *msg (NULL on malformed JSON), 0 when incomplete, -1 when the length is
 * out of range. */
long ipc_decode(const char *buf, size_t len, json_t **msg);
#endif
