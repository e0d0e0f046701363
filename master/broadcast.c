/* broadcast: the relay of BroadcastChannel messages (see broadcast.h). */
#include "broadcast.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipc.h"

static struct {
  uint64_t relayed; /* copies written to a worker */
  uint64_t dropped; /* copies dropped: the worker's queue was full, or the frame too large */
} B;

/* Can w take a copy of a frame of len bytes? Counts a drop when not. */
static bool worker_takes(shoal_worker *w, size_t len) {
  uv_stream_t *pipe = (uv_stream_t *)&w->ipc.pipe;
  if (w->state == WORKER_EXITED || uv_is_closing((uv_handle_t *)pipe) || !uv_is_writable(pipe))
    return false;
  if (uv_stream_get_write_queue_size(pipe) + len > BROADCAST_QUEUE_MAX) {
    B.dropped++;
    return false;
  }
  return true;
}

void broadcast_relay(shoal_master *m, shoal_worker *from, json_t *msg) {
  json_t *name = json_object_get(msg, "name"), *data = json_object_get(msg, "data");
  if (!json_is_string(name) || !json_is_string(data)) return;
  if (json_string_length(data) > (IPC_BROADCAST_MAX + 2) / 3 * 4) {
    B.dropped++;
    return;
  }
  json_t *out = json_pack("{s:s, s:O, s:O}", "type", "broadcast", "name", name, "data", data);
  size_t len = 0;
  char *frame = out ? ipc_encode(out, &len) : NULL;
  json_decref(out);
  if (!frame) return;
  for (shoal_worker *w = m->workers; w; w = w->next) {
    if (w == from || !worker_takes(w, len)) continue;
    char *copy = malloc(len);
    if (!copy) continue;
    memcpy(copy, frame, len);
    if (ipc_send_frame(&w->ipc, copy, len) == 0) B.relayed++;
  }
  free(frame);
}

void broadcast_metrics(char *buf, size_t cap) {
  snprintf(buf, cap,
           "# HELP shoal_broadcast_relayed_total BroadcastChannel messages the master passed "
           "to a worker (one per receiving worker).\n"
           "# TYPE shoal_broadcast_relayed_total counter\n"
           "shoal_broadcast_relayed_total %llu\n"
           "# HELP shoal_broadcast_dropped_total BroadcastChannel messages the master dropped: "
           "the receiving worker had %u MiB unread, or the message was too large.\n"
           "# TYPE shoal_broadcast_dropped_total counter\n"
           "shoal_broadcast_dropped_total %llu\n",
           (unsigned long long)B.relayed, BROADCAST_QUEUE_MAX >> 20, (unsigned long long)B.dropped);
}
