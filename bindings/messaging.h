#ifndef SHOAL_BINDINGS_MESSAGING_H
#define SHOAL_BINDINGS_MESSAGING_H
/* messaging: message ports between runtimes of one process (worker threads),
 * the native side of MessageChannel, MessagePort and BroadcastChannel
 * (internalBinding('messaging'), bindings/mod_messaging.c).
 *
 * A port is a mp_core shared by the threads that talk through it: a queue of
 * sh_msg (bindings/v8shim.h) under one process-wide lock, and the peer port
 * messages go to. The runtime that holds a port's JavaScript object receives
 * through a uv_async_t on its loop. A core's references: the JavaScript
 * object holding it, or the in-flight message transferring it. */
#include <jansson.h>
#include <uv.h>

#include "ipc.h"
#include "v8shim.h"

typedef struct mp_core mp_core;

/* sh_host_revive_fn for sh_msg_deserialize: the MessagePort object of a
 * transferred core in runtime rt (which takes over the message's reference). */
sh_val messaging_revive(sh_rt *rt, void *core, void *data);
/* After sh_msg_serialize with `transfer`: the ports msg transfers leave
 * this runtime (their objects become detached); msg holds them now. */
void messaging_transfer_out(sh_rt *rt, sh_val transfer, sh_msg *msg);
/* Makes the ports revived by the last deserialization MessagePorts (calls
 * JavaScript: after sh_msg_deserialize returned). */
void messaging_adopt_revived(sh_rt *rt);
/* Drops the references of the cores a message transfers when it is freed
 * undelivered, then frees it. */
void messaging_msg_free(sh_msg *msg);
/* Closes every port of the calling thread's runtime (its end): peers get
 * 'close'. Called before the runtime of a worker thread is freed. */
void messaging_teardown(sh_rt *rt);

/* The cluster hop (`shoal start`): a BroadcastChannel post also goes to the
 * master as a `broadcast` frame (ipc/PROTOCOL.md: name + base64 of the
 * structured-clone bytes, at most IPC_BROADCAST_MAX of them), which relays
 * it to the other workers; messaging_cluster_receive delivers such a frame
 * to this process's members of that name. The worker process attaches its
 * channel to the master (borrowed; called on the thread of `loop`, which
 * sends every frame: other threads' posts reach it through a uv_async_t)
 * and detaches it when the master went away. Without it (`shoal run`)
 * BroadcastChannel stays within the process. */
void messaging_cluster_attach(uv_loop_t *loop, ipc_channel *ipc);
void messaging_cluster_detach(void);
void messaging_cluster_receive(json_t *frame);
#endif
