/* internalBinding('udp'): libuv UDP sockets for js-lib/dgram.js.
 *
 * Handles are handle_base objects (bindings/core/handle_base.h): a hidden
 * pointer to a udp_h, kept alive by a strong reference until close(); close
 * clears the pointer, so calls on a closed handle return UV_EBADF.
 *
 * Events go to properties of the handle object:
 *   handle.onmessage(nread, bytes, rinfo)   nread < 0: a receive error
 * Functions return 0 or a negative libuv error code; JavaScript builds the
 * error objects. */
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "binding.h"
#include "handle_base.h"
#include "sockaddr.h"
#include "runtime.h"

typedef struct udp_h {
  uv_udp_t udp;
  handle_base base;
} udp_h;

static udp_h *handle_arg(sh_cbinfo *ci) {
  return sh_obj_ptr(sh_ci_rt(ci), sh_arg(ci, 0));
}

static void ret_int(sh_cbinfo *ci, int v) {
  sh_ret(ci, sh_int(sh_ci_rt(ci), v));
}

/* udpNew() -> handle */
static void udp_new(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  udp_h *u = calloc(1, sizeof *u);
  if (!u) return sh_throw_error(rt, SH_ERROR, "out of memory");
  uv_udp_init(runtime_get(rt)->loop, &u->udp);
  u->udp.data = u;
  sh_ret(ci, handle_base_init(&u->base, rt, u));
}

/* Reads (ip, port) from arguments i, i+1. */
static int addr_args(sh_cbinfo *ci, int i, struct sockaddr_storage *ss) {
  char *ip = arg_utf8(ci, i);
  if (!ip) return UV_EINVAL;
  int err = sockaddr_make(ip, (int)arg_i64(ci, i + 1), ss);
  free(ip);
  return err;
}

/* bind(handle, ip, port, flags) flags: 1 reuseAddr, 2 ipv6Only */
static void bind_(sh_cbinfo *ci) {
  udp_h *u = handle_arg(ci);
  if (!u) return ret_int(ci, UV_EBADF);
  struct sockaddr_storage ss;
  int err = addr_args(ci, 1, &ss);
  if (err) return ret_int(ci, err);
  int64_t f = arg_i64(ci, 3);
  unsigned flags = ((f & 1) ? UV_UDP_REUSEADDR : 0) | ((f & 2) ? UV_UDP_IPV6ONLY : 0);
  ret_int(ci, uv_udp_bind(&u->udp, (struct sockaddr *)&ss, flags));
}

/* connect(handle, ip, port) / disconnect(handle) */
static void connect_(sh_cbinfo *ci) {
  udp_h *u = handle_arg(ci);
  if (!u) return ret_int(ci, UV_EBADF);
  struct sockaddr_storage ss;
  int err = addr_args(ci, 1, &ss);
  ret_int(ci, err ? err : uv_udp_connect(&u->udp, (struct sockaddr *)&ss));
}
static void disconnect_(sh_cbinfo *ci) {
  udp_h *u = handle_arg(ci);
  ret_int(ci, u ? uv_udp_connect(&u->udp, NULL) : UV_EBADF);
}

/* --- sending --------------------------------------------------------------- */

typedef struct send_req {
  uv_udp_send_t req;
  udp_h *u;
  sh_ref *cb;
  size_t len;
  char data[];
} send_req;

static void on_sent(uv_udp_send_t *req, int status) {
  send_req *r = (send_req *)req;
  if (r->cb) {
    sh_rt *rt = r->u->base.rt;
    sh_scope *scope = sh_scope_open(rt, false);
    sh_val fn = sh_ref_get(rt, r->cb);
    sh_val argv[2] = {sh_int(rt, status), sh_int(rt, (int64_t)r->len)};
    if (fn && sh_is(fn, SH_FUNCTION)) runtime_callback(rt, fn, sh_undefined(rt), 2, argv, NULL);
    sh_scope_close(scope);
    sh_ref_free(r->cb);
  }
  free(r);
}

/* send(handle, bytes, ip | undefined, port, cb(status, bytes)) -> 1 sent
 * at once (cb not called), 0 queued (bytes copied), or an error */
static void send_(sh_cbinfo *ci) {
  udp_h *u = handle_arg(ci);
  if (!u) return ret_int(ci, UV_EBADF);
  uint8_t *bytes;
  size_t len;
  if (sh_bytes(sh_arg(ci, 1), &bytes, &len) != 0) return ret_int(ci, UV_EINVAL);
  struct sockaddr_storage ss;
  const struct sockaddr *to = NULL;
  if (sh_is(sh_arg(ci, 2), SH_STRING)) {
    int err = addr_args(ci, 2, &ss);
    if (err) return ret_int(ci, err);
    to = (const struct sockaddr *)&ss;
  }
  uv_buf_t buf = uv_buf_init((char *)bytes, (unsigned)len);
  int n = uv_udp_try_send(&u->udp, &buf, 1, to);
  if (n >= 0) return ret_int(ci, 1);
  if (n != UV_EAGAIN && n != UV_ENOSYS) return ret_int(ci, n);
  send_req *r = calloc(1, sizeof *r + len);
  r->u = u;
  r->len = len;
  memcpy(r->data, bytes, len);
  sh_val cb = sh_arg(ci, 4);
  if (sh_is(cb, SH_FUNCTION)) r->cb = sh_ref_new(sh_ci_rt(ci), cb);
  buf = uv_buf_init(r->data, (unsigned)len);
  int err = uv_udp_send(&r->req, &u->udp, &buf, 1, to, on_sent);
  if (err) {
    if (r->cb) sh_ref_free(r->cb);
    free(r);
    return ret_int(ci, err);
  }
  ret_int(ci, 0);
}

/* --- receiving --------------------------------------------------------------- */

static char recv_buf[65536];

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
  (void)h;
  (void)suggested;
  buf->base = recv_buf;
  buf->len = sizeof recv_buf;
}

typedef struct recv_event {
  udp_h *u;
  ssize_t nread;
  const struct sockaddr *from;
} recv_event;

/* Delivers a datagram (or a read error) to handle.onmessage. Runs in a
 * scope its caller opened. */
static void deliver(sh_rt *rt, recv_event *ev) {
  sh_val argv[3] = {sh_int(rt, ev->nread), sh_undefined(rt), sh_undefined(rt)};
  if (ev->nread >= 0) {
    void *bytes;
    sh_val ab = sh_arraybuffer(rt, (size_t)ev->nread, &bytes);
    if (!ab) return;
    memcpy(bytes, recv_buf, (size_t)ev->nread);
    argv[1] = sh_uint8array(rt, ab, 0, (size_t)ev->nread);
    argv[2] = sockaddr_obj(rt, ev->from);
    bind_int(rt, argv[2], "size", ev->nread);
  }
  handle_base_emit(&ev->u->base, "onmessage", 3, argv);
}

static void on_recv(uv_udp_t *udp, ssize_t nread, const uv_buf_t *buf, const struct sockaddr *addr,
                    unsigned flags) {
  (void)buf;
  (void)flags;
  /* nread 0 without an address: nothing more to read now. */
  if (nread == 0 && addr == NULL) return;
  recv_event ev = {udp->data, nread, addr};
  sh_scope *scope = sh_scope_open(ev.u->base.rt, false);
  deliver(ev.u->base.rt, &ev);
  sh_scope_close(scope);
}

static void recv_start(sh_cbinfo *ci) {
  udp_h *u = handle_arg(ci);
  if (!u) return ret_int(ci, UV_EBADF);
  int err = uv_udp_recv_start(&u->udp, on_alloc, on_recv);
  ret_int(ci, err == UV_EALREADY ? 0 : err);
}

static void recv_stop(sh_cbinfo *ci) {
  udp_h *u = handle_arg(ci);
  ret_int(ci, u ? uv_udp_recv_stop(&u->udp) : UV_EBADF);
}

/* --- addresses and options ----------------------------------------------------- */

static void get_name(sh_cbinfo *ci, bool peer) {
  udp_h *u = handle_arg(ci);
  if (!u) return ret_int(ci, UV_EBADF);
  struct sockaddr_storage ss;
  int len = sizeof ss;
  int err = peer ? uv_udp_getpeername(&u->udp, (struct sockaddr *)&ss, &len)
                 : uv_udp_getsockname(&u->udp, (struct sockaddr *)&ss, &len);
  if (err) return ret_int(ci, err);
  sh_ret(ci, sockaddr_obj(sh_ci_rt(ci), (struct sockaddr *)&ss));
}
static void getsockname_(sh_cbinfo *ci) {
  get_name(ci, false);
}
static void getpeername_(sh_cbinfo *ci) {
  get_name(ci, true);
}

/* setOption(handle, which, value) which: 0 broadcast, 1 ttl, 2 multicast
 * ttl, 3 multicast loopback */
static void set_option(sh_cbinfo *ci) {
  udp_h *u = handle_arg(ci);
  if (!u) return ret_int(ci, UV_EBADF);
  int v = (int)arg_i64(ci, 2);
  switch (arg_i64(ci, 1)) {
    case 0: return ret_int(ci, uv_udp_set_broadcast(&u->udp, v));
    case 1: return ret_int(ci, uv_udp_set_ttl(&u->udp, v));
    case 2: return ret_int(ci, uv_udp_set_multicast_ttl(&u->udp, v));
    case 3: return ret_int(ci, uv_udp_set_multicast_loop(&u->udp, v));
    default: return ret_int(ci, UV_EINVAL);
  }
}

/* membership(handle, group, iface | undefined, join) */
static void membership(sh_cbinfo *ci) {
  udp_h *u = handle_arg(ci);
  if (!u) return ret_int(ci, UV_EBADF);
  char *group = arg_utf8(ci, 1);
  char *iface = sh_is(sh_arg(ci, 2), SH_STRING) ? arg_utf8(ci, 2) : NULL;
  bool join = sh_to_bool(sh_ci_rt(ci), sh_arg(ci, 3));
  int err =
      group ? uv_udp_set_membership(&u->udp, group, iface, join ? UV_JOIN_GROUP : UV_LEAVE_GROUP)
            : UV_EINVAL;
  free(group);
  free(iface);
  ret_int(ci, err);
}

/* sourceMembership(handle, source, group, iface | undefined, join) */
static void source_membership(sh_cbinfo *ci) {
  udp_h *u = handle_arg(ci);
  if (!u) return ret_int(ci, UV_EBADF);
  char *source = arg_utf8(ci, 1);
  char *group = arg_utf8(ci, 2);
  char *iface = sh_is(sh_arg(ci, 3), SH_STRING) ? arg_utf8(ci, 3) : NULL;
  bool join = sh_to_bool(sh_ci_rt(ci), sh_arg(ci, 4));
  int err = source && group ? uv_udp_set_source_membership(&u->udp, group, iface, source,
                                                           join ? UV_JOIN_GROUP : UV_LEAVE_GROUP)
                            : UV_EINVAL;
  free(source);
  free(group);
  free(iface);
  ret_int(ci, err);
}

/* setMulticastInterface(handle, iface) */
static void multicast_iface(sh_cbinfo *ci) {
  udp_h *u = handle_arg(ci);
  if (!u) return ret_int(ci, UV_EBADF);
  char *iface = arg_utf8(ci, 1);
  int err = iface ? uv_udp_set_multicast_interface(&u->udp, iface) : UV_EINVAL;
  free(iface);
  ret_int(ci, err);
}

/* bufferSize(handle, size, recv) -> the size (0 reads it) or an error */
static void buffer_size(sh_cbinfo *ci) {
  udp_h *u = handle_arg(ci);
  if (!u) return ret_int(ci, UV_EBADF);
  int value = (int)arg_i64(ci, 1);
  int err = sh_to_bool(sh_ci_rt(ci), sh_arg(ci, 2))
                ? uv_recv_buffer_size((uv_handle_t *)&u->udp, &value)
                : uv_send_buffer_size((uv_handle_t *)&u->udp, &value);
  ret_int(ci, err ? err : value);
}

/* queue(handle) -> [bytes, count] waiting to be sent */
static void queue_info(sh_cbinfo *ci) {
  udp_h *u = handle_arg(ci);
  sh_rt *rt = sh_ci_rt(ci);
  sh_val v[2] = {sh_num(rt, u ? (double)uv_udp_get_send_queue_size(&u->udp) : 0),
                 sh_num(rt, u ? (double)uv_udp_get_send_queue_count(&u->udp) : 0)};
  sh_ret(ci, sh_arr_of(rt, v, 2));
}

static void ref_(sh_cbinfo *ci) {
  udp_h *u = handle_arg(ci);
  if (u) uv_ref((uv_handle_t *)&u->udp);
}
static void unref_(sh_cbinfo *ci) {
  udp_h *u = handle_arg(ci);
  if (u) uv_unref((uv_handle_t *)&u->udp);
}

/* --- close ------------------------------------------------------------------------ */

static void on_closed(uv_handle_t *h) {
  udp_h *u = h->data;
  handle_base_closed(&u->base);
  free(u);
}

/* close(handle, cb) */
static void close_(sh_cbinfo *ci) {
  udp_h *u = handle_arg(ci);
  if (!u) return;
  handle_base_close(&u->base, sh_arg(ci, 1));
  uv_close((uv_handle_t *)&u->udp, on_closed);
}

sh_val binding_udp_init(sh_rt *rt) {
  sh_val o = sh_obj(rt);
  bind_fn(rt, o, "udpNew", udp_new);
  bind_fn(rt, o, "bind", bind_);
  bind_fn(rt, o, "connect", connect_);
  bind_fn(rt, o, "disconnect", disconnect_);
  bind_fn(rt, o, "send", send_);
  bind_fn(rt, o, "recvStart", recv_start);
  bind_fn(rt, o, "recvStop", recv_stop);
  bind_fn(rt, o, "getsockname", getsockname_);
  bind_fn(rt, o, "getpeername", getpeername_);
  bind_fn(rt, o, "setOption", set_option);
  bind_fn(rt, o, "membership", membership);
  bind_fn(rt, o, "sourceMembership", source_membership);
  bind_fn(rt, o, "setMulticastInterface", multicast_iface);
  bind_fn(rt, o, "bufferSize", buffer_size);
  bind_fn(rt, o, "queue", queue_info);
  bind_fn(rt, o, "ref", ref_);
  bind_fn(rt, o, "unref", unref_);
  bind_fn(rt, o, "close", close_);
  return o;
}
