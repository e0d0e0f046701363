/* internalBinding('tcp'): libuv streams (TCP sockets, pipes and Unix-domain
 * sockets: pipeBind / pipeConnect) for
 * js-lib/net.js and js-lib/child_process.js, and the resolver calls of
 * js-lib/dns.js (uv_getaddrinfo / uv_getnameinfo on the thread pool).
 *
 * Handles: every stream is a handle_base (bindings/core/handle_base.h): a
 * JavaScript object with a hidden pointer, held strongly until the handle
 * is closed; close clears the pointer, so calls on a closed handle are
 * harmless (they return UV_EBADF).
 *
 * Events are delivered through properties of the handle object:
 *   handle.onread(nread, chunk)         chunk a Uint8Array; nread < 0: error or UV_EOF
 *   handle.onconnection(status, client) a listening socket accepted `client`
 *   handle.onpendinghandle(h)           an IPC pipe received the TCP or pipe
 *                                       handle h (before the onread of its bytes)
 * Functions return 0 or a negative libuv error code; JavaScript builds the
 * error objects (errname(code) gives the code's name). */
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "binding.h"
#include "handle_base.h"
#include "sockaddr.h"
#include "runtime.h"

typedef struct stream_h {
  union {
    uv_handle_t handle;
    uv_stream_t stream;
    uv_tcp_t tcp;
    uv_pipe_t pipe;
  } u;
  handle_base base;
  bool closing;
} stream_h;

/* Used by mod_spawn.c for the pipes of child processes. */
uv_stream_t *tcp_stream_of(sh_rt *rt, sh_val handle);

static stream_h *handle_arg(sh_cbinfo *ci, int i) {
  stream_h *s = sh_obj_ptr(sh_ci_rt(ci), sh_arg(ci, i));
  return s && !s->closing ? s : NULL;
}

uv_stream_t *tcp_stream_of(sh_rt *rt, sh_val handle) {
  stream_h *s = sh_obj_ptr(rt, handle);
  return s && !s->closing ? &s->u.stream : NULL;
}

static void ret_int(sh_cbinfo *ci, int v) {
  sh_ret(ci, sh_int(sh_ci_rt(ci), v));
}

/* js-lib/net.js's methods of a handle (setNoDelay, close...: Node's
 * handles carry their operations), the prototype of every handle made
 * here once set; this thread's runtime's, kept for its life. */
static _Thread_local sh_ref *handle_proto;

static sh_val new_handle_ipc(sh_rt *rt, stream_h **out, bool pipe, bool ipc) {
  stream_h *s = calloc(1, sizeof *s);
  uv_loop_t *loop = runtime_get(rt)->loop;
  if (pipe) uv_pipe_init(loop, &s->u.pipe, ipc);
  else uv_tcp_init(loop, &s->u.tcp);
  s->u.handle.data = s;
  *out = s;
  sh_val obj = handle_base_init(&s->base, rt, s);
  sh_val proto = handle_proto ? sh_ref_get(rt, handle_proto) : NULL;
  if (proto) sh_set_prototype(rt, obj, proto);
  return obj;
}

static sh_val new_handle(sh_rt *rt, stream_h **out, bool pipe) {
  return new_handle_ipc(rt, out, pipe, false);
}

/* setHandlePrototype(proto): see handle_proto. */
static void set_handle_prototype(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  sh_val proto = sh_arg(ci, 0);
  if (!sh_is(proto, SH_OBJECT)) return sh_throw_error(rt, SH_TYPE_ERROR, "an object is needed");
  sh_ref_free(handle_proto);
  handle_proto = sh_ref_new(rt, proto);
}

/* tcpNew(fd?): a TCP handle, over the open socket fd when given
 * (listen({ fd })); a descriptor that is no TCP socket: UV_EINVAL. */
static void tcp_new(sh_cbinfo *ci) {
  stream_h *s;
  sh_rt *rt = sh_ci_rt(ci);
  bool has_fd = sh_is(sh_arg(ci, 0), SH_NUMBER);
  int fd = has_fd ? (int)arg_i64(ci, 0) : -1;
  if (has_fd && (fd < 0 || uv_guess_handle(fd) != UV_TCP)) return ret_int(ci, UV_EINVAL);
  sh_val h = new_handle(rt, &s, false);
  if (has_fd) {
    int err = uv_tcp_open(&s->u.tcp, fd);
    if (err != 0) return ret_int(ci, err);
  }
  sh_ret(ci, h);
}

/* pipeNew(fd?, ipc?): a pipe handle, over the open descriptor fd when given
 * (a child's IPC channel, NODE_CHANNEL_FD); with ipc true it can carry
 * handles (write's sendHandle, onpendinghandle). */
static void pipe_new(sh_cbinfo *ci) {
  stream_h *s;
  sh_rt *rt = sh_ci_rt(ci);
  sh_val h = new_handle_ipc(rt, &s, true, sh_to_bool(rt, sh_arg(ci, 1)));
  if (sh_is(sh_arg(ci, 0), SH_NUMBER)) {
    int err = uv_pipe_open(&s->u.pipe, (int)arg_i64(ci, 0));
    if (err != 0) {
      sh_ret(ci, sh_int(rt, err));
      return;
    }
  }
  sh_ret(ci, h);
}

/* --- addresses ----------------------------------------------------------- */

static void get_name(sh_cbinfo *ci, bool peer) {
  stream_h *s = handle_arg(ci, 0);
  if (!s || s->u.handle.type != UV_TCP) return ret_int(ci, UV_EBADF);
  struct sockaddr_storage ss;
  int len = sizeof ss;
  int err = peer ? uv_tcp_getpeername(&s->u.tcp, (struct sockaddr *)&ss, &len)
                 : uv_tcp_getsockname(&s->u.tcp, (struct sockaddr *)&ss, &len);
  if (err) return ret_int(ci, err);
  sh_ret(ci, sockaddr_obj(sh_ci_rt(ci), (struct sockaddr *)&ss));
}

static void getsockname_fn(sh_cbinfo *ci) {
  get_name(ci, false);
}
static void getpeername_fn(sh_cbinfo *ci) {
  get_name(ci, true);
}

/* bind(handle, ip, port, ipv6only) */
static void bind_fn_(sh_cbinfo *ci) {
  stream_h *s = handle_arg(ci, 0);
  if (!s) return ret_int(ci, UV_EBADF);
  char *ip = arg_utf8(ci, 1);
  if (!ip) return;
  struct sockaddr_storage ss;
  int err = sockaddr_make(ip, (int)arg_i64(ci, 2), &ss);
  free(ip);
  if (!err) {
    unsigned flags = sh_to_bool(sh_ci_rt(ci), sh_arg(ci, 3)) ? UV_TCP_IPV6ONLY : 0;
    err = uv_tcp_bind(&s->u.tcp, (struct sockaddr *)&ss, flags);
  }
  ret_int(ci, err);
}

/* pipeBind(handle, path): a Unix-domain socket at path (EADDRINUSE when
 * the file exists; libuv removes it when the handle closes). */
static void pipe_bind(sh_cbinfo *ci) {
  stream_h *s = handle_arg(ci, 0);
  if (!s || s->u.handle.type != UV_NAMED_PIPE) return ret_int(ci, UV_EBADF);
  char *path = arg_utf8(ci, 1);
  if (!path) return;
  int err = uv_pipe_bind(&s->u.pipe, path);
  free(path);
  ret_int(ci, err);
}

/* pipeChmod(handle, readable, writable): listen's readableAll/writableAll. */
static void pipe_chmod(sh_cbinfo *ci) {
  stream_h *s = handle_arg(ci, 0);
  if (!s || s->u.handle.type != UV_NAMED_PIPE) return ret_int(ci, UV_EBADF);
  sh_rt *rt = sh_ci_rt(ci);
  int mode = (sh_to_bool(rt, sh_arg(ci, 1)) ? UV_READABLE : 0) |
             (sh_to_bool(rt, sh_arg(ci, 2)) ? UV_WRITABLE : 0);
  ret_int(ci, mode ? uv_pipe_chmod(&s->u.pipe, mode) : 0);
}

/* --- listen / accept ------------------------------------------------------- */

static void free_handle(uv_handle_t *h) {
  free(h->data);
}

/* The handle of the client a listener accepted, or NULL (nothing to
 * report) when the accept failed. */
static sh_val accept_client(sh_rt *rt, stream_h *server) {
  stream_h *c;
  /* a Unix-socket listener accepts pipes */
  sh_val h = new_handle(rt, &c, server->u.handle.type == UV_NAMED_PIPE);
  if (uv_accept(&server->u.stream, &c->u.stream) == 0) return h;
  c->closing = true;
  handle_base_close(&c->base, NULL);
  uv_close(&c->u.handle, free_handle);
  return NULL;
}

static void on_connection(uv_stream_t *server, int status) {
  stream_h *s = server->data;
  sh_rt *rt = s->base.rt;
  sh_scope *scope = sh_scope_open(rt, false);
  sh_val argv[2] = {sh_int(rt, status), sh_undefined(rt)};
  if (status == 0) argv[1] = accept_client(rt, s);
  if (argv[1]) handle_base_emit(&s->base, "onconnection", 2, argv);
  sh_scope_close(scope);
}

static void listen_fn(sh_cbinfo *ci) {
  stream_h *s = handle_arg(ci, 0);
  if (!s) return ret_int(ci, UV_EBADF);
  int backlog = sh_is(sh_arg(ci, 1), SH_NUMBER) ? (int)arg_i64(ci, 1) : 511;
  ret_int(ci, uv_listen(&s->u.stream, backlog, on_connection));
}

/* --- connect ----------------------------------------------------------------- */

typedef struct status_req {
  union {
    uv_connect_t connect;
    uv_shutdown_t shutdown;
    uv_write_t write;
  } u;
  stream_h *s;
  sh_ref *cb;
  size_t len;
  char data[]; /* a write's bytes */
} status_req;

/* A request finished: cb(status) with the handle as `this`. */
static void finish_req(status_req *r, int status) {
  if (r->cb) {
    sh_rt *rt = r->s->base.rt;
    sh_scope *scope = sh_scope_open(rt, false);
    sh_val fn = sh_ref_get(rt, r->cb);
    sh_val h = handle_base_object(&r->s->base);
    sh_val argv[1] = {sh_int(rt, status)};
    if (fn && sh_is(fn, SH_FUNCTION))
      runtime_callback(rt, fn, h ? h : sh_undefined(rt), 1, argv, NULL);
    sh_scope_close(scope);
    sh_ref_free(r->cb);
  }
  free(r);
}

static status_req *req_new(sh_cbinfo *ci, stream_h *s, int cb_arg, size_t extra) {
  status_req *r = calloc(1, sizeof *r + extra);
  r->s = s;
  sh_val cb = sh_arg(ci, cb_arg);
  if (sh_is(cb, SH_FUNCTION)) r->cb = sh_ref_new(sh_ci_rt(ci), cb);
  return r;
}

static void req_drop(status_req *r) {
  if (r->cb) sh_ref_free(r->cb);
  free(r);
}

static void on_connect(uv_connect_t *req, int status) {
  finish_req((status_req *)req, status);
}

/* connect(handle, ip, port, cb(status)) */
static void connect_fn(sh_cbinfo *ci) {
  stream_h *s = handle_arg(ci, 0);
  if (!s) return ret_int(ci, UV_EBADF);
  char *ip = arg_utf8(ci, 1);
  if (!ip) return;
  struct sockaddr_storage ss;
  int err = sockaddr_make(ip, (int)arg_i64(ci, 2), &ss);
  free(ip);
  if (err) return ret_int(ci, err);
  status_req *r = req_new(ci, s, 3, 0);
  err = uv_tcp_connect(&r->u.connect, &s->u.tcp, (struct sockaddr *)&ss, on_connect);
  if (err) req_drop(r);
  ret_int(ci, err);
}

/* pipeConnect(handle, path, cb(status)) */
static void pipe_connect(sh_cbinfo *ci) {
  stream_h *s = handle_arg(ci, 0);
  if (!s || s->u.handle.type != UV_NAMED_PIPE) return ret_int(ci, UV_EBADF);
  char *path = arg_utf8(ci, 1);
  if (!path) return;
  status_req *r = req_new(ci, s, 2, 0);
  uv_pipe_connect(&r->u.connect, &s->u.pipe, path, on_connect);
  free(path);
  ret_int(ci, 0);
}

/* --- reading ----------------------------------------------------------------- */

static _Thread_local char read_buf[65536];

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
  (void)h;
  (void)suggested;
  buf->base = read_buf;
  buf->len = sizeof read_buf;
}

/* A copy of the read bytes as a Uint8Array, or NULL (out of memory). */
static sh_val read_bytes(sh_rt *rt, size_t n) {
  void *bytes;
  sh_val ab = sh_arraybuffer(rt, n, &bytes);
  if (!ab) return NULL;
  memcpy(bytes, read_buf, n);
  return sh_uint8array(rt, ab, 0, n);
}

static void on_closed(uv_handle_t *h);

/* The handles an IPC pipe received with the bytes just read, each given
 * to onpendinghandle (a type other than TCP or pipe is closed). */
static void take_pending(stream_h *s) {
  uv_pipe_t *pipe = &s->u.pipe;
  while (s->u.handle.type == UV_NAMED_PIPE && pipe->ipc && uv_pipe_pending_count(pipe) > 0) {
    uv_handle_type type = uv_pipe_pending_type(pipe);
    stream_h *c;
    sh_val h = new_handle(s->base.rt, &c, type == UV_NAMED_PIPE);
    int err = uv_accept(&s->u.stream, &c->u.stream);
    if (err == 0 && (type == UV_TCP || type == UV_NAMED_PIPE)) {
      handle_base_emit(&s->base, "onpendinghandle", 1, &h);
      continue;
    }
    /* (a UDP socket, not supported: accepted as a stream only to be closed) */
    c->closing = true;
    handle_base_close(&c->base, sh_undefined(s->base.rt));
    uv_close(&c->u.handle, on_closed);
  }
}

static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf) {
  (void)buf;
  if (nread == 0) return;
  stream_h *s = stream->data;
  if (nread < 0) uv_read_stop(stream);
  sh_rt *rt = s->base.rt;
  sh_scope *scope = sh_scope_open(rt, false);
  if (nread > 0) take_pending(s);
  sh_val argv[2] = {sh_int(rt, nread),
                    nread > 0 ? read_bytes(rt, (size_t)nread) : sh_undefined(rt)};
  if (argv[1]) handle_base_emit(&s->base, "onread", 2, argv);
  sh_scope_close(scope);
}

static void read_start(sh_cbinfo *ci) {
  stream_h *s = handle_arg(ci, 0);
  if (!s) return ret_int(ci, UV_EBADF);
  int err = uv_read_start(&s->u.stream, on_alloc, on_read);
  ret_int(ci, err == UV_EALREADY ? 0 : err);
}

static void read_stop(sh_cbinfo *ci) {
  stream_h *s = handle_arg(ci, 0);
  if (!s) return ret_int(ci, UV_EBADF);
  ret_int(ci, uv_read_stop(&s->u.stream));
}

/* --- writing ----------------------------------------------------------------- */

static void on_write(uv_write_t *req, int status) {
  finish_req((status_req *)req, status);
}

/* write(handle, bytes, cb(status), sendHandle?) -> 1 when written at once
 * (cb is not called), 0 when queued (the bytes are copied; cb runs later) or
 * an error. sendHandle (a TCP or pipe handle) goes with the bytes over an
 * IPC pipe; always queued. */
static void write_fn(sh_cbinfo *ci) {
  stream_h *s = handle_arg(ci, 0);
  if (!s) return ret_int(ci, UV_EBADF);
  uint8_t *bytes;
  size_t len;
  if (sh_bytes(sh_arg(ci, 1), &bytes, &len) != 0) return ret_int(ci, UV_EINVAL);
  stream_h *send = sh_is(sh_arg(ci, 3), SH_OBJECT) ? handle_arg(ci, 3) : NULL;
  size_t done = 0;
  if (len > 0 && !send) {
    uv_buf_t first = uv_buf_init((char *)bytes, (unsigned)len);
    int n = uv_try_write(&s->u.stream, &first, 1);
    if (n >= 0) done = (size_t)n;
    else if (n != UV_EAGAIN && n != UV_ENOSYS) return ret_int(ci, n);
  }
  if (done == len) return ret_int(ci, 1);
  size_t rest = len - done;
  status_req *r = req_new(ci, s, 2, rest);
  memcpy(r->data, bytes + done, rest);
  r->len = rest;
  uv_buf_t buf = uv_buf_init(r->data, (unsigned)rest);
  int err = send ? uv_write2(&r->u.write, &s->u.stream, &buf, 1, &send->u.stream, on_write)
                 : uv_write(&r->u.write, &s->u.stream, &buf, 1, on_write);
  if (err) req_drop(r);
  ret_int(ci, err);
}

static void write_queue_size(sh_cbinfo *ci) {
  stream_h *s = handle_arg(ci, 0);
  sh_ret(ci, sh_num(sh_ci_rt(ci), s ? (double)s->u.stream.write_queue_size : 0));
}

static void on_shutdown(uv_shutdown_t *req, int status) {
  finish_req((status_req *)req, status);
}

/* shutdown(handle, cb(status)) */
static void shutdown_fn(sh_cbinfo *ci) {
  stream_h *s = handle_arg(ci, 0);
  if (!s) return ret_int(ci, UV_EBADF);
  status_req *r = req_new(ci, s, 1, 0);
  int err = uv_shutdown(&r->u.shutdown, &s->u.stream, on_shutdown);
  if (err) req_drop(r);
  ret_int(ci, err);
}

/* --- close and options ---------------------------------------------------- */

static void on_closed(uv_handle_t *h) {
  stream_h *s = h->data;
  handle_base_closed(&s->base);
  free(s);
}

static void close_fn(sh_cbinfo *ci) {
  stream_h *s = handle_arg(ci, 0);
  if (!s) return;
  s->closing = true;
  /* The object stays reachable through the request callbacks still pending;
   * they see no handle object. */
  handle_base_close(&s->base, sh_arg(ci, 1));
  uv_close(&s->u.handle, on_closed);
}

/* reset(handle, cb): close with an RST (SO_LINGER 0) instead of a FIN, as
 * Node's socket.resetAndDestroy(); a TCP handle only. */
static void reset_fn(sh_cbinfo *ci) {
  stream_h *s = handle_arg(ci, 0);
  if (!s || s->u.handle.type != UV_TCP) return ret_int(ci, UV_EBADF);
  s->closing = true;
  handle_base_close(&s->base, sh_arg(ci, 1));
  int err = uv_tcp_close_reset(&s->u.tcp, on_closed);
  if (err) uv_close(&s->u.handle, on_closed); /* (a shutdown pending: closed anyway) */
  ret_int(ci, err);
}

static void set_no_delay(sh_cbinfo *ci) {
  stream_h *s = handle_arg(ci, 0);
  if (!s || s->u.handle.type != UV_TCP) return ret_int(ci, UV_EBADF);
  ret_int(ci, uv_tcp_nodelay(&s->u.tcp, sh_to_bool(sh_ci_rt(ci), sh_arg(ci, 1))));
}

/* setKeepAlive(handle, enable, delaySeconds) */
static void set_keep_alive(sh_cbinfo *ci) {
  stream_h *s = handle_arg(ci, 0);
  if (!s || s->u.handle.type != UV_TCP) return ret_int(ci, UV_EBADF);
  int delay = (int)arg_i64(ci, 2);
  ret_int(ci, uv_tcp_keepalive(&s->u.tcp, sh_to_bool(sh_ci_rt(ci), sh_arg(ci, 1)),
                               (unsigned)(delay > 0 ? delay : 1)));
}

static void ref_fn(sh_cbinfo *ci) {
  stream_h *s = handle_arg(ci, 0);
  if (s) uv_ref(&s->u.handle);
}

static void unref_fn(sh_cbinfo *ci) {
  stream_h *s = handle_arg(ci, 0);
  if (s) uv_unref(&s->u.handle);
}

static void has_ref(sh_cbinfo *ci) {
  stream_h *s = handle_arg(ci, 0);
  sh_ret(ci, sh_bool(sh_ci_rt(ci), s && uv_has_ref(&s->u.handle)));
}

static void errname(sh_cbinfo *ci) {
  sh_ret(ci, sh_str(sh_ci_rt(ci), uv_err_name((int)arg_i64(ci, 0)), SIZE_MAX));
}

static void strerror_fn(sh_cbinfo *ci) {
  sh_ret(ci, sh_str(sh_ci_rt(ci), uv_strerror((int)arg_i64(ci, 0)), SIZE_MAX));
}

/* --- dns ------------------------------------------------------------------ */

typedef struct dns_req {
  union {
    uv_getaddrinfo_t gai;
    uv_getnameinfo_t gni;
  } u;
  sh_rt *rt;
  sh_ref *cb;
} dns_req;

/* The resolved addresses as [ip, family, ip, family, ...]. */
static sh_val address_list(sh_rt *rt, struct addrinfo *res) {
  sh_val list = sh_arr(rt, 0);
  uint32_t n = 0;
  for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
    char ip[INET6_ADDRSTRLEN];
    int family;
    if (ai->ai_family == AF_INET) {
      uv_ip4_name((struct sockaddr_in *)ai->ai_addr, ip, sizeof ip);
      family = 4;
    } else if (ai->ai_family == AF_INET6) {
      uv_ip6_name((struct sockaddr_in6 *)ai->ai_addr, ip, sizeof ip);
      family = 6;
    } else {
      continue;
    }
    sh_set_i(rt, list, n++, sh_str(rt, ip, SIZE_MAX));
    sh_set_i(rt, list, n++, sh_int(rt, family));
  }
  return list;
}

static void on_gai(uv_getaddrinfo_t *req, int status, struct addrinfo *res) {
  dns_req *r = (dns_req *)req;
  sh_rt *rt = r->rt;
  sh_scope *scope = sh_scope_open(rt, false);
  sh_val argv[2] = {sh_int(rt, status), address_list(rt, res)};
  runtime_callback(rt, sh_ref_get(rt, r->cb), sh_undefined(rt), 2, argv, NULL);
  sh_scope_close(scope);
  uv_freeaddrinfo(res);
  sh_ref_free(r->cb);
  free(r);
}

/* getaddrinfo(host, family 0|4|6, hints, cb(status, [ip, family, ...])) -> 0 or error */
static void getaddrinfo_fn(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  char *host = arg_utf8(ci, 0);
  if (!host) return;
  int family = (int)arg_i64(ci, 1);
  struct addrinfo hints = {0};
  hints.ai_family = family == 4 ? AF_INET : family == 6 ? AF_INET6 : AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = (int)arg_i64(ci, 2);
  dns_req *r = calloc(1, sizeof *r);
  r->rt = rt;
  r->cb = sh_ref_new(rt, sh_arg(ci, 3));
  int err = uv_getaddrinfo(runtime_get(rt)->loop, &r->u.gai, on_gai, host, NULL, &hints);
  free(host);
  if (err) {
    sh_ref_free(r->cb);
    free(r);
  }
  ret_int(ci, err);
}

static void on_gni(uv_getnameinfo_t *req, int status, const char *host, const char *service) {
  dns_req *r = (dns_req *)req;
  sh_rt *rt = r->rt;
  sh_scope *scope = sh_scope_open(rt, false);
  sh_val argv[3] = {sh_int(rt, status), sh_undefined(rt), sh_undefined(rt)};
  if (status == 0) {
    argv[1] = sh_str(rt, host, SIZE_MAX);
    argv[2] = sh_str(rt, service, SIZE_MAX);
  }
  runtime_callback(rt, sh_ref_get(rt, r->cb), sh_undefined(rt), 3, argv, NULL);
  sh_scope_close(scope);
  sh_ref_free(r->cb);
  free(r);
}

/* getnameinfo(ip, port, cb(status, host, service)) -> 0 or error */
static void getnameinfo_fn(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  char *ip = arg_utf8(ci, 0);
  if (!ip) return;
  struct sockaddr_storage ss;
  int err = sockaddr_make(ip, (int)arg_i64(ci, 1), &ss);
  free(ip);
  if (err) return ret_int(ci, err);
  dns_req *r = calloc(1, sizeof *r);
  r->rt = rt;
  r->cb = sh_ref_new(rt, sh_arg(ci, 2));
  err =
      uv_getnameinfo(runtime_get(rt)->loop, &r->u.gni, on_gni, (struct sockaddr *)&ss, NI_NAMEREQD);
  if (err) {
    sh_ref_free(r->cb);
    free(r);
  }
  ret_int(ci, err);
}

sh_val binding_tcp_init(sh_rt *rt) {
  sh_val o = sh_obj(rt);
  bind_fn(rt, o, "tcpNew", tcp_new);
  bind_fn(rt, o, "setHandlePrototype", set_handle_prototype);
  bind_fn(rt, o, "pipeNew", pipe_new);
  bind_fn(rt, o, "bind", bind_fn_);
  bind_fn(rt, o, "pipeBind", pipe_bind);
  bind_fn(rt, o, "pipeChmod", pipe_chmod);
  bind_fn(rt, o, "pipeConnect", pipe_connect);
  bind_fn(rt, o, "listen", listen_fn);
  bind_fn(rt, o, "connect", connect_fn);
  bind_fn(rt, o, "readStart", read_start);
  bind_fn(rt, o, "readStop", read_stop);
  bind_fn(rt, o, "write", write_fn);
  bind_fn(rt, o, "writeQueueSize", write_queue_size);
  bind_fn(rt, o, "shutdown", shutdown_fn);
  bind_fn(rt, o, "close", close_fn);
  bind_fn(rt, o, "reset", reset_fn);
  bind_fn(rt, o, "getsockname", getsockname_fn);
  bind_fn(rt, o, "getpeername", getpeername_fn);
  bind_fn(rt, o, "setNoDelay", set_no_delay);
  bind_fn(rt, o, "setKeepAlive", set_keep_alive);
  bind_fn(rt, o, "ref", ref_fn);
  bind_fn(rt, o, "unref", unref_fn);
  bind_fn(rt, o, "hasRef", has_ref);
  bind_fn(rt, o, "errname", errname);
  bind_fn(rt, o, "strerror", strerror_fn);
  bind_fn(rt, o, "getaddrinfo", getaddrinfo_fn);
  bind_fn(rt, o, "getnameinfo", getnameinfo_fn);
  bind_int(rt, o, "AI_ADDRCONFIG", AI_ADDRCONFIG);
  bind_int(rt, o, "AI_V4MAPPED", AI_V4MAPPED);
  bind_int(rt, o, "AI_ALL", AI_ALL);
  bind_int(rt, o, "UV_EOF", UV_EOF);
  bind_int(rt, o, "UV_EAI_NONAME", UV_EAI_NONAME);
  bind_int(rt, o, "UV_EAI_NODATA", UV_EAI_NODATA);
  return o;
}
