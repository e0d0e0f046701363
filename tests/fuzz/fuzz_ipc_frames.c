/* fuzz_ipc_frames: the master <-> worker frame decoder (ipc/ipc.c).
 *
 * Two paths over the same bytes:
 *  1. ipc_decode in a loop, as ipc.c's on_read does: every frame that
 *     decodes to JSON is re-encoded with ipc_encode and must decode to an
 *     equal value (round trip), and a decoder result is never larger than
 *     the bytes it was given.
 *  2. the real channel: the bytes are written to one end of a socketpair
 *     whose other end is an ipc_channel (ipc_start on a libuv IPC pipe), and
 *     the loop runs until quiet. Messages claiming "fd": true arrive without
 *     a descriptor; the channel must cope. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ipc.h"

static uv_loop_t loop;
static int messages, closed;

static void on_message(ipc_channel *ch, json_t *msg, int fd) {
  (void)ch;
  if (!json_is_object(msg) && !json_is_array(msg)) abort();
  if (fd >= 0) close(fd);
  messages++;
}

static void on_close(ipc_channel *ch, int err) {
  (void)ch;
  (void)err;
  closed = 1;
}

static void decode_loop(const uint8_t *data, size_t size) {
  size_t off = 0;
  while (off < size) {
    json_t *msg;
    long used = ipc_decode((const char *)data + off, size - off, &msg);
    if (used <= 0) break;
    if ((size_t)used > size - off) abort();
    off += (size_t)used;
    if (!msg) continue;
    size_t len;
    char *frame = ipc_encode(msg, &len);
    if (frame) {
      json_t *again;
      long used2 = ipc_decode(frame, len, &again);
      if (used2 != (long)len || !again || !json_equal(msg, again)) {
        fprintf(stderr, "ipc round trip failed (%ld of %zu)\n", used2, len);
        abort();
      }
      json_decref(again);
      free(frame);
    }
    json_decref(msg);
  }
}

static void channel(const uint8_t *data, size_t size) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) abort();
  ipc_channel *ch = calloc(1, sizeof *ch);
  uv_pipe_init(&loop, &ch->pipe, 1);
  if (uv_pipe_open(&ch->pipe, sv[0]) != 0) abort();
  messages = closed = 0;
  if (ipc_start(ch, on_message, on_close, NULL) != 0) abort();
  size_t off = 0;
  int idle = 0;
  for (int i = 0; i < 10000 && idle < 3; i++) {
    int progressed = 0;
    if (off < size) {
      ssize_t n = send(sv[1], data + off, size - off, MSG_DONTWAIT | MSG_NOSIGNAL);
      if (n > 0) {
        off += (size_t)n;
        progressed = 1;
      }
    } else if (off == size) {
      shutdown(sv[1], SHUT_WR); /* EOF: the channel reports its close */
      off++;
      progressed = 1;
    }
    int before = messages + closed;
    uv_run(&loop, UV_RUN_NOWAIT);
    if (messages + closed != before) progressed = 1;
    idle = progressed ? 0 : idle + 1;
  }
  ipc_stop(ch);
  ipc_release(ch);
  close(sv[1]);
  uv_close((uv_handle_t *)&ch->pipe, (uv_close_cb)free); /* the pipe is ch's first member */
  while (uv_run(&loop, UV_RUN_NOWAIT)) {
  }
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  uv_loop_init(&loop);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  decode_loop(data, size);
  channel(data, size);
  return 0;
}
