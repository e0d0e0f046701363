/* internalBinding('messaging'): MessageChannel, MessagePort and
 * BroadcastChannel between the runtimes (threads) of one process; see
 * bindings/messaging.h for the model and js-lib/internal/worker/io.js for
 * the JavaScript side.
 *
 *   channel()                     -> [handle1, handle2], entangled
 *   broadcast(name)               -> a handle in BroadcastChannel `name`
 *   setAdopter(fn)                fn(handle) makes a transferred handle a MessagePort
 *   start(handle, fn)             deliver: fn.call(handle, kind, value); kind 0 message,
 *                                 1+ internal (worker control), -1 messageerror, -2 close
 *   post(handle, kind, value, transferList) -> undefined, or a DataCloneError message
 *   receive(handle)               -> undefined or [kind, value] (receiveMessageOnPort)
 *   ref(handle, bool), close(handle), hasRef(handle) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "base64.h"
#include "binding.h"
#include "ipc.h"
#include "messaging.h"
#include "runtime.h"

enum { KIND_MESSAGE_ERROR = -1, KIND_CLOSE = -2 };

typedef struct mp_item {
  struct mp_item *next;
  int kind;
  sh_msg *msg;
} mp_item;

typedef struct mp_owner mp_owner;

/* All fields under g_lock. */
struct mp_core {
  int refs;
  mp_core *peer;
  mp_item *head, *tail;
  mp_owner *owner;  /* the runtime receiving, NULL while in flight */
  char *bc_name;    /* a BroadcastChannel member (malloc'd), else NULL */
  mp_core *bc_next; /* next member of the registry */
  bool peer_closed; /* the peer closed: report 'close' once drained */
};

/* Lives on the receiving runtime's thread. */
struct mp_owner {
  uv_async_t async;
  mp_core *core;
  sh_rt *rt;
  sh_ref *obj;
  sh_ref *handler; /* NULL until start() */
  bool refed;
  bool closed;
  mp_owner *next, **prev; /* this thread's owners */
};

static uv_mutex_t g_lock;
static uv_once_t g_once = UV_ONCE_INIT;
static mp_core *g_broadcast; /* members of every BroadcastChannel */
static _Thread_local sh_ref *g_adopter;
static _Thread_local mp_owner *g_owners;

static void init_lock(void) {
  uv_mutex_init(&g_lock);
}

static void lock(void) {
  uv_once(&g_once, init_lock);
  uv_mutex_lock(&g_lock);
}

static void unlock(void) {
  uv_mutex_unlock(&g_lock);
}

static mp_core *core_new(void) {
  mp_core *c = calloc(1, sizeof *c);
  if (c) c->refs = 1;
  return c;
}

static void items_free(mp_item *it) {
  while (it) {
    mp_item *next = it->next;
    messaging_msg_free(it->msg);
    free(it);
    it = next;
  }
}

/* Drops one reference (g_lock held); returns the items to free outside it. */
static mp_item *core_unref_locked(mp_core *c) {
  if (--c->refs > 0) return NULL;
  mp_item *items = c->head;
  free(c->bc_name);
  free(c);
  return items;
}

static void core_unref(mp_core *c) {
  lock();
  mp_item *items = core_unref_locked(c);
  unlock();
  items_free(items);
}

void messaging_msg_free(sh_msg *msg) {
  if (!msg) return;
  for (size_t i = 0; i < sh_msg_host_count(msg); i++) core_unref(sh_msg_host(msg, i));
  sh_msg_free(msg);
}

/* Queues on c and wakes its owner (g_lock held). */
static void enqueue_locked(mp_core *c, int kind, sh_msg *msg) {
  mp_item *it = calloc(1, sizeof *it);
  if (!it) {
    messaging_msg_free(msg);
    return;
  }
  it->kind = kind;
  it->msg = msg;
  if (c->tail) c->tail->next = it;
  else c->head = it;
  c->tail = it;
  if (c->owner) uv_async_send(&c->owner->async);
}

/* --- delivery ----------------------------------------------------------- */

static void deliver(sh_rt *rt, mp_owner *o, int kind, sh_val value) {
  sh_val handler = sh_ref_get(rt, o->handler);
  sh_val args[2] = {sh_int(rt, kind), value};
  runtime_callback(rt, handler, sh_ref_get(rt, o->obj), 2, args, NULL);
}

static mp_item *pop_locked(mp_core *c) {
  mp_item *it = c->head;
  if (it) {
    c->head = it->next;
    if (!c->head) c->tail = NULL;
  }
  return it;
}

void messaging_adopt_revived(sh_rt *rt);

/* The value of a message, or NULL with *error set to what failed. */
static sh_val revive_item(sh_rt *rt, mp_item *it) {
  sh_val v = sh_msg_deserialize(rt, it->msg, messaging_revive, NULL);
  sh_msg_free(it->msg); /* transferred cores now belong to their new objects */
  it->msg = NULL;
  messaging_adopt_revived(rt);
  return v;
}

/* Delivers every queued message. Runs in a scope its caller opened. */
static void drain(sh_rt *rt, mp_owner *o) {
  while (!o->closed && o->handler && !sh_is_terminating(rt)) {
    lock();
    mp_item *it = o->core ? pop_locked(o->core) : NULL;
    bool closed = !it && o->core && o->core->peer_closed;
    if (closed) o->core->peer_closed = false;
    unlock();
    if (closed) deliver(rt, o, KIND_CLOSE, sh_undefined(rt));
    if (!it) return;
    sh_val v = revive_item(rt, it);
    if (v) deliver(rt, o, it->kind, v);
    else deliver(rt, o, KIND_MESSAGE_ERROR, sh_undefined(rt));
    free(it);
  }
}

static void on_async(uv_async_t *a) {
  mp_owner *o = a->data;
  sh_scope *scope = sh_scope_open(o->rt, false);
  drain(o->rt, o);
  sh_scope_close(scope);
}

/* --- owners: a core seen from one runtime -------------------------------- */

/* Not a handle_base: the object's hidden pointer is the core, which is
 * shared between threads and outlives this owner when the port is
 * transferred, and the owner holds its object until libuv has closed the
 * async handle (owner_free), not until the port closes. */

static sh_val owner_attach(sh_rt *rt, mp_core *c) {
  mp_owner *o = calloc(1, sizeof *o);
  if (!o) return NULL;
  o->core = c;
  o->rt = rt;
  uv_async_init(runtime_get(rt)->loop, &o->async, on_async);
  o->async.data = o;
  uv_unref((uv_handle_t *)&o->async);
  sh_val obj = sh_obj_with_ptr(rt, c);
  o->obj = sh_ref_new(rt, obj);
  o->next = g_owners;
  if (g_owners) g_owners->prev = &o->next;
  o->prev = &g_owners;
  g_owners = o;
  lock();
  c->owner = o;
  bool pending = c->head != NULL || c->peer_closed;
  unlock();
  if (pending) uv_async_send(&o->async);
  return obj;
}

static void owner_free(uv_handle_t *h) {
  mp_owner *o = h->data;
  sh_ref_free(o->obj);
  sh_ref_free(o->handler);
  free(o);
}

/* Detaches the owner from its core: closing, or transferring the core. */
static void owner_detach(sh_rt *rt, sh_val obj, mp_owner *o) {
  lock();
  o->core->owner = NULL;
  unlock();
  o->closed = true;
  o->core = NULL;
  *o->prev = o->next;
  if (o->next) o->next->prev = o->prev;
  if (obj) sh_obj_set_ptr(rt, obj, NULL);
  uv_close((uv_handle_t *)&o->async, owner_free);
}

static mp_core *arg_core(sh_cbinfo *ci) {
  mp_core *c = sh_obj_ptr(sh_ci_rt(ci), sh_arg(ci, 0));
  return c && c->owner ? c : NULL;
}

/* Ports revived during a deserialization, to adopt once it is over (V8
 * runs no JavaScript inside the deserializer). */
static _Thread_local sh_ref *g_revived[64];
static _Thread_local size_t g_nrevived;

sh_val messaging_revive(sh_rt *rt, void *core, void *data) {
  (void)data;
  sh_val obj = owner_attach(rt, core);
  if (obj && g_nrevived < sizeof g_revived / sizeof g_revived[0])
    g_revived[g_nrevived++] = sh_ref_new(rt, obj);
  return obj;
}

void messaging_adopt_revived(sh_rt *rt) {
  size_t n = g_nrevived;
  g_nrevived = 0;
  for (size_t i = 0; i < n; i++) {
    sh_val obj = sh_ref_get(rt, g_revived[i]);
    sh_ref_free(g_revived[i]);
    if (g_adopter) sh_call(rt, sh_ref_get(rt, g_adopter), sh_undefined(rt), 1, &obj, NULL);
  }
}

/* --- the binding --------------------------------------------------------- */

static void channel(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  mp_core *a = core_new(), *b = core_new();
  if (!a || !b) {
    free(a);
    free(b);
    sh_throw_error(rt, SH_RANGE_ERROR, "out of memory");
    return;
  }
  a->peer = b;
  b->peer = a;
  sh_val pair[2] = {owner_attach(rt, a), owner_attach(rt, b)};
  sh_ret(ci, sh_arr_of(rt, pair, 2));
}

static void broadcast(sh_cbinfo *ci) {
  char *name = arg_utf8(ci, 0);
  mp_core *c = name ? core_new() : NULL;
  if (!c) {
    free(name);
    return;
  }
  c->bc_name = name;
  lock();
  c->bc_next = g_broadcast;
  g_broadcast = c;
  unlock();
  sh_ret(ci, owner_attach(sh_ci_rt(ci), c));
}

static void set_adopter(sh_cbinfo *ci) {
  sh_ref_free(g_adopter);
  g_adopter = sh_ref_new(sh_ci_rt(ci), sh_arg(ci, 0));
}

static void start(sh_cbinfo *ci) {
  mp_core *c = arg_core(ci);
  if (!c) return;
  mp_owner *o = c->owner;
  sh_ref_free(o->handler);
  o->handler = sh_ref_new(sh_ci_rt(ci), sh_arg(ci, 1));
  uv_async_send(&o->async);
}

static void set_ref(sh_cbinfo *ci) {
  mp_core *c = arg_core(ci);
  if (!c) return;
  c->owner->refed = sh_to_bool(sh_ci_rt(ci), sh_arg(ci, 1));
  if (c->owner->refed) uv_ref((uv_handle_t *)&c->owner->async);
  else uv_unref((uv_handle_t *)&c->owner->async);
}

static void has_ref(sh_cbinfo *ci) {
  mp_core *c = arg_core(ci);
  sh_ret(ci, sh_bool(sh_ci_rt(ci), c && c->owner->refed));
}

/* Ports the message transfers leave this runtime with it. */
static void detach_transferred(sh_rt *rt, sh_val transfer, sh_msg *msg) {
  uint32_t n = sh_is(transfer, SH_ARRAY) ? sh_arr_length(rt, transfer) : 0;
  for (uint32_t i = 0; i < n; i++) {
    sh_val item = sh_get_i(rt, transfer, i);
    mp_core *c = item ? sh_obj_ptr(rt, item) : NULL;
    if (!c || !c->owner) continue;
    for (size_t k = 0; k < sh_msg_host_count(msg); k++) {
      if (sh_msg_host(msg, k) == c) owner_detach(rt, item, c->owner);
    }
  }
}

void messaging_transfer_out(sh_rt *rt, sh_val transfer, sh_msg *msg) {
  for (size_t k = 0; k < sh_msg_host_count(msg); k++) {
    mp_core *t = sh_msg_host(msg, k);
    lock();
    t->refs++; /* the message's reference; the detached object drops its own */
    unlock();
  }
  detach_transferred(rt, transfer, msg);
  for (size_t k = 0; k < sh_msg_host_count(msg); k++) core_unref(sh_msg_host(msg, k));
}

/* Serialises value for a post; false when that failed (a DataCloneError is
 * returned to JavaScript as its message, anything else was thrown). */
static bool serialize_for_post(sh_cbinfo *ci, sh_val value, sh_val transfer, sh_msg **msg) {
  char *err = NULL;
  int rc = sh_msg_serialize(sh_ci_rt(ci), value, transfer, msg, &err);
  if (rc == 0) return true;
  if (rc == -2) sh_ret(ci, sh_str(sh_ci_rt(ci), err, SIZE_MAX));
  free(err);
  return false;
}

/* --- the cluster hop (shoal start) -------------------------------------- */

/* A frame posted by another thread, waiting for the loop of the channel. */
typedef struct bc_out {
  struct bc_out *next;
  json_t *frame;
} bc_out;

static struct {
  ipc_channel *ipc;   /* the worker's channel to the master; NULL: no cluster */
  uv_thread_t thread; /* the thread of its loop */
  uv_async_t async;
  bc_out *head, *tail; /* under g_lock */
} g_cluster;

static void cluster_flush(uv_async_t *a) {
  (void)a;
  lock();
  bc_out *it = g_cluster.head;
  g_cluster.head = g_cluster.tail = NULL;
  unlock();
  while (it) {
    bc_out *next = it->next;
    if (g_cluster.ipc) ipc_send(g_cluster.ipc, it->frame, NULL);
    json_decref(it->frame);
    free(it);
    it = next;
  }
}

void messaging_cluster_attach(uv_loop_t *loop, ipc_channel *ipc) {
  g_cluster.ipc = ipc;
  g_cluster.thread = uv_thread_self();
  uv_async_init(loop, &g_cluster.async, cluster_flush);
  uv_unref((uv_handle_t *)&g_cluster.async);
}

void messaging_cluster_detach(void) {
  g_cluster.ipc = NULL;
}

/* Sends the bytes to the other workers (through the master), from any thread. */
static void cluster_send(const char *name, const uint8_t *bytes, size_t len) {
  char *b64 = malloc(base64_encoded_max(len) + 1);
  if (!b64) return;
  size_t n = base64_encode(bytes, len, b64, BASE64_TABLE, true);
  json_t *frame = json_pack("{s:s, s:s, s:s%}", "type", "broadcast", "name", name, "data", b64, n);
  free(b64);
  if (!frame) return;
  uv_thread_t self = uv_thread_self();
  if (uv_thread_equal(&self, &g_cluster.thread)) {
    ipc_send(g_cluster.ipc, frame, NULL);
    json_decref(frame);
    return;
  }
  bc_out *it = calloc(1, sizeof *it);
  if (!it) {
    json_decref(frame);
    return;
  }
  it->frame = frame;
  lock();
  if (g_cluster.tail) g_cluster.tail->next = it;
  else g_cluster.head = it;
  g_cluster.tail = it;
  unlock();
  uv_async_send(&g_cluster.async);
}

/* The copy for the other workers: false (with the error returned to
 * JavaScript) when the value cannot cross processes or is too large. */
static bool post_cluster(sh_cbinfo *ci, mp_core *from, sh_val value) {
  sh_rt *rt = sh_ci_rt(ci);
  sh_msg *msg = NULL;
  if (!serialize_for_post(ci, value, NULL, &msg)) return false;
  size_t len = 0;
  const uint8_t *bytes = sh_msg_bytes(msg, &len);
  char err[160];
  if (!bytes) {
    snprintf(err, sizeof err, "SharedArrayBuffer cannot be sent to the other workers of a cluster");
  } else if (len > IPC_BROADCAST_MAX) {
    snprintf(err, sizeof err,
             "Message of %zu bytes exceeds the cluster BroadcastChannel limit of %u bytes", len,
             (unsigned)IPC_BROADCAST_MAX);
  } else {
    cluster_send(from->bc_name, bytes, len);
  }
  sh_msg_free(msg);
  if (bytes && len <= IPC_BROADCAST_MAX) return true;
  sh_ret(ci, sh_str(rt, err, SIZE_MAX));
  return false;
}

void messaging_cluster_receive(json_t *frame) {
  const char *name = json_string_value(json_object_get(frame, "name"));
  json_t *data = json_object_get(frame, "data");
  if (!name || !json_is_string(data)) return;
  size_t n = json_string_length(data);
  uint8_t *bytes = malloc(n / 4 * 3 + 3);
  if (!bytes) return;
  size_t len = base64_decode((const uint8_t *)json_string_value(data), n, bytes, n / 4 * 3 + 3);
  lock();
  for (mp_core *c = g_broadcast; c; c = c->bc_next) {
    sh_msg *msg = strcmp(c->bc_name, name) == 0 ? sh_msg_from_bytes(bytes, len) : NULL;
    if (msg) enqueue_locked(c, 0, msg);
  }
  unlock();
  free(bytes);
}

/* Every other member of the BroadcastChannel gets its own copy, in this
 * process and, in a cluster, in the other workers. */
static void post_broadcast(sh_cbinfo *ci, mp_core *from, sh_val value) {
  if (g_cluster.ipc && !post_cluster(ci, from, value)) return;
  lock();
  size_t n = 0;
  for (mp_core *c = g_broadcast; c; c = c->bc_next) {
    if (c != from && strcmp(c->bc_name, from->bc_name) == 0) n++;
  }
  unlock();
  for (size_t i = 0; i < n; i++) {
    sh_msg *msg = NULL;
    if (!serialize_for_post(ci, value, NULL, &msg)) return;
    lock();
    size_t k = 0;
    mp_core *c = g_broadcast;
    for (; c; c = c->bc_next) {
      if (c != from && strcmp(c->bc_name, from->bc_name) == 0 && k++ == i) break;
    }
    if (c) enqueue_locked(c, 0, msg);
    unlock();
    if (!c) messaging_msg_free(msg);
  }
}

static void post(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  mp_core *c = arg_core(ci);
  if (!c) return;
  if (c->bc_name) {
    post_broadcast(ci, c, sh_arg(ci, 2));
    return;
  }
  sh_msg *msg = NULL;
  sh_val transfer = sh_arg(ci, 3);
  if (!serialize_for_post(ci, sh_arg(ci, 2), transfer, &msg)) return;
  /* A port cannot be sent through itself or its peer. */
  for (size_t k = 0; k < sh_msg_host_count(msg); k++) {
    if (sh_msg_host(msg, k) == c || sh_msg_host(msg, k) == c->peer) {
      sh_msg_free(msg);
      sh_ret(ci, sh_str(rt, "Transfer list contains source port", SIZE_MAX));
      return;
    }
  }
  messaging_transfer_out(rt, transfer, msg);
  lock();
  mp_core *peer = c->peer;
  if (peer) enqueue_locked(peer, (int)arg_i64(ci, 1), msg);
  unlock();
  if (!peer) messaging_msg_free(msg);
}

static void receive(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  mp_core *c = arg_core(ci);
  if (!c) return;
  lock();
  mp_item *it = pop_locked(c);
  unlock();
  if (!it) return;
  sh_val v = revive_item(rt, it);
  sh_val pair[2] = {sh_int(rt, it->kind), v};
  free(it);
  if (v) sh_ret(ci, sh_arr_of(rt, pair, 2));
}

static void bc_unlink_locked(mp_core *c) {
  for (mp_core **p = &g_broadcast; *p; p = &(*p)->bc_next) {
    if (*p == c) {
      *p = c->bc_next;
      return;
    }
  }
}

/* close(handle): disentangles; the peer gets 'close' once it drained. */
static void close_core(sh_rt *rt, sh_val obj, mp_core *c) {
  lock();
  mp_core *peer = c->peer;
  c->peer = NULL;
  if (peer) {
    peer->peer = NULL;
    peer->peer_closed = true;
    if (peer->owner) uv_async_send(&peer->owner->async);
  }
  if (c->bc_name) bc_unlink_locked(c);
  unlock();
  owner_detach(rt, obj, c->owner);
  core_unref(c);
}

static void close_port(sh_cbinfo *ci) {
  mp_core *c = arg_core(ci);
  if (c) close_core(sh_ci_rt(ci), sh_arg(ci, 0), c);
}

void messaging_teardown(sh_rt *rt) {
  while (g_owners) close_core(rt, NULL, g_owners->core);
  sh_ref_free(g_adopter);
  g_adopter = NULL;
}

sh_val binding_messaging_init(sh_rt *rt) {
  sh_val o = sh_obj(rt);
  bind_fn(rt, o, "channel", channel);
  bind_fn(rt, o, "broadcast", broadcast);
  bind_fn(rt, o, "setAdopter", set_adopter);
  bind_fn(rt, o, "start", start);
  bind_fn(rt, o, "post", post);
  bind_fn(rt, o, "receive", receive);
  bind_fn(rt, o, "ref", set_ref);
  bind_fn(rt, o, "hasRef", has_ref);
  bind_fn(rt, o, "close", close_port);
  return o;
}
