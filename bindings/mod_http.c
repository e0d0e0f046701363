/* internalBinding('http'): the HTTP/1.1 engine (worker/http/http1) seen from
 * js-lib/http.js. The interface is documented in docs/http-binding.md.
 *
 * Handles: a server, each connection and each request get a JS object with a
 * hidden pointer. The server is a handle_base (bindings/core/handle_base.h),
 * closed once its listener and its last connection are. The binding holds a strong reference
 * (sh_ref, in the engine object's data slot) to each connection and request
 * handle while the engine's object lives, and clears the pointer when the
 * engine lets it go, so a stale handle is harmless. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "mod_http.h"

#include "binding.h"
#include "handle_base.h"
#include "sockaddr.h"
#include "uverr.h"
#include "http_engine.h"
#include "runtime.h"
#include "tls.h"
#include "tls_info.h"

enum {
  CB_CONNECTION,
  CB_REQUEST,
  CB_BODY,
  CB_BODY_END,
  CB_DRAIN,
  CB_FINISH,
  CB_ABORTED,
  CB_CONN_CLOSE,
  CB_CLIENT_ERROR,
  CB_CLOSE,
  CB_UPGRADE,
  CB_TUNNEL_READ,
  CB_TUNNEL_SHUTDOWN,
  CB_CONN_ERROR,
  CB_TLS_CLIENT_ERROR,
  CB_TLS_SERVERNAME,
  CB_COUNT
};

static const char *const cb_names[CB_COUNT] = {
    "onConnection",     "onRequest",         "onBody",           "onBodyEnd",
    "onDrain",          "onFinish",          "onAborted",        "onConnectionClose",
    "onClientError",    "onClose",           "onUpgrade",        "onTunnelRead",
    "onTunnelShutdown", "onConnectionError", "onTlsClientError", "onTlsServername",
};

typedef struct js_server {
  http_server *h1;
  sh_rt *rt;
  handle_base base; /* the server's handle, closed once its listener and connections are */
  sh_ref *cb[CB_COUNT];
  bool closed; /* the listener closed: free once the last connection is gone */
  /* JavaScript hears of a connection when it opens (a 'connection'
   * listener or server.timeout; wantConnections). Otherwise a connection
   * reaches JavaScript with its first event, if any. */
  bool wants_conn;
  char *pipe_path; /* listenPipe's socket file, removed when the listener closes */
  /* setTls's ALPN and client-certificate settings, for sniContext */
  bool tls_h2;
  enum tls_client_auth tls_auth;
  /* Request handles of finished requests (pointing at none), for the next
   * requests: a handle made (Object::Clone) and held (a global handle) and
   * one freed less a request. JavaScript gives the finished request's
   * objects a dead handle when it meets the handle again (onRequest), so a
   * late call on them reaches nothing, never the new request. */
  struct req_handle *spare[32];
  int nspare;
  struct js_server *next;
} js_server;

/* > 0 while JavaScript is inside one of our functions: engine events then
 * run on the caller's stack, without a new scope or tick. */
static _Thread_local int js_depth;

/* Process-wide state shared with the worker (mod_http.h). */
static _Thread_local js_server *all_servers;
static _Thread_local http_limits default_limits;
static _Thread_local bool have_default_limits;
static _Thread_local void (*server_close_hook)(http_server *s);

http_server *http_server_from_handle(sh_rt *rt, sh_val handle) {
  js_server *hs = sh_obj_ptr(rt, handle);
  return hs ? hs->h1 : NULL;
}

void http_set_default_limits(const http_limits *l) {
  default_limits = *l;
  have_default_limits = true;
  for (js_server *s = all_servers; s; s = s->next) http_server_set_limits(s->h1, l);
}

void http_set_server_close_hook(void (*hook)(http_server *s)) {
  server_close_hook = hook;
}

int http_drain_all(uint64_t h2_idle_grace_ms) {
  js_depth++;
  for (js_server *s = all_servers; s; s = s->next) http_server_drain(s->h1, h2_idle_grace_ms);
  js_depth--;
  return http_open_connections();
}

void http_goaway_all(void) {
  js_depth++;
  for (js_server *s = all_servers; s; s = s->next) http_server_goaway(s->h1);
  js_depth--;
}

void http_close_all(void) {
  js_depth++;
  for (js_server *s = all_servers; s; s = s->next) http_server_close_all(s->h1);
  js_depth--;
}

int http_open_connections(void) {
  int n = 0;
  for (js_server *s = all_servers; s; s = s->next) n += http_server_nconns(s->h1);
  return n;
}

/* Drops the handle: its pointer is cleared so later calls are no-ops. */
static void drop_handle(sh_rt *rt, sh_ref *ref) {
  sh_val h = sh_ref_get(rt, ref);
  if (h) sh_obj_set_ptr(rt, h, NULL);
  sh_ref_free(ref);
}

/* A request's handle: the JavaScript object (held) and the request it
 * stands for, which the object's pointer reaches through this record. A
 * handle is pointed at a request, or at none, by a store here instead of
 * a V8 call (SetAlignedPointerInInternalField and its checks, ~250
 * instructions). The record lives as long as the object points at it. */
typedef struct req_handle {
  sh_ref *ref;
  http_req *r;
} req_handle;

static req_handle *req_handle_new(sh_rt *rt) {
  req_handle *h = malloc(sizeof *h);
  if (!h) return NULL;
  h->ref = sh_ref_new(rt, sh_obj_with_ptr(rt, h));
  h->r = NULL;
  return h;
}

/* (in a handle scope) */
static void req_handle_free(sh_rt *rt, req_handle *h) {
  drop_handle(rt, h->ref);
  free(h);
}

static sh_val req_handle_of(sh_rt *rt, req_handle *h) {
  return h ? sh_ref_get(rt, h->ref) : sh_undefined(rt);
}

static js_server *server_of_h1(http_server *s) {
  return http_server_data(s);
}

static void server_free(js_server *hs) {
  sh_scope *scope = sh_scope_open(hs->rt, false);
  handle_base_close(&hs->base, NULL);
  for (int i = 0; i < hs->nspare; i++) req_handle_free(hs->rt, hs->spare[i]);
  sh_scope_close(scope);
  for (js_server **pp = &all_servers; *pp; pp = &(*pp)->next) {
    if (*pp == hs) {
      *pp = hs->next;
      break;
    }
  }
  for (int i = 0; i < CB_COUNT; i++) sh_ref_free(hs->cb[i]);
  http_server_free(hs->h1);
  free(hs->pipe_path);
  free(hs);
}

/* Calls fn: on the caller's stack when JavaScript called us, else as a
 * callback from the loop (microtasks and ticks run after it). */
static void call_js(sh_rt *rt, sh_val fn, int argc, sh_val *argv) {
  if (!fn || !sh_is(fn, SH_FUNCTION)) return;
  if (js_depth > 0) sh_call(rt, fn, sh_undefined(rt), argc, argv, NULL);
  else runtime_callback(rt, fn, sh_undefined(rt), argc, argv, NULL);
}

/* Calls callback `which` with argv. */
static void emit(js_server *hs, int which, int argc, sh_val *argv) {
  if (hs->cb[which]) call_js(hs->rt, sh_ref_get(hs->rt, hs->cb[which]), argc, argv);
}

/* Calls a request callback: the request's JavaScript, between the engine's
 * handler marks (http_req_handler_enter/leave: its request hooks, which in
 * a cluster worker arm the CPU guard and mark the busy page). JavaScript
 * already on the stack runs inside the marks of the request it serves. */
static void emit_guarded(js_server *hs, int which, http_req *r, int argc, sh_val *argv) {
  if (js_depth > 0) {
    emit(hs, which, argc, argv);
    return;
  }
  http_req_handler_enter(r);
  emit(hs, which, argc, argv);
  http_req_handler_leave(r);
}

/* --- engine events --------------------------------------------------------- */

/* c's object for JavaScript, made when JavaScript first needs it. */
static sh_val conn_handle(sh_rt *rt, http_conn *c) {
  sh_ref *ref = http_conn_data(c);
  if (ref) return sh_ref_get(rt, ref);
  sh_val handle = sh_obj_with_ptr(rt, c);
  http_conn_set_data(c, sh_ref_new(rt, handle));
  return handle;
}

/* Every engine event below opens a handle scope, calls into JavaScript and
 * closes it (a nested scope when JavaScript is already on the stack). */
static void on_connection(http_conn *c) {
  js_server *hs = server_of_h1(http_conn_server(c));
  if (!hs->wants_conn) return; /* (a call into JavaScript saved, its object too) */
  sh_rt *rt = hs->rt;
  sh_scope *scope = sh_scope_open(rt, false);
  sh_val handle = conn_handle(rt, c);
  emit(hs, CB_CONNECTION, 1, &handle);
  sh_scope_close(scope);
}

/* The common methods, as strings made once per thread: the same string
 * each time, instead of a new one (allocated, then hashed when JavaScript
 * compares or looks it up). Byte for byte. */
#define COMMON(s) \
  { s, sizeof s - 1 }
static const struct {
  const char *s;
  size_t len;
} common_names[] = {
    COMMON("GET"),  COMMON("POST"),  COMMON("PUT"),     COMMON("DELETE"),
    COMMON("HEAD"), COMMON("PATCH"), COMMON("OPTIONS"),
};
#undef COMMON

static sh_val common_string(sh_rt *rt, const char *s, size_t len) {
  enum { N = sizeof common_names / sizeof common_names[0] };
  static _Thread_local sh_ref *refs[N];
  for (size_t i = 0; i < N; i++) {
    if (common_names[i].len != len || memcmp(common_names[i].s, s, len) != 0) continue;
    if (!refs[i]) refs[i] = sh_ref_new(rt, sh_str_latin1(rt, (const uint8_t *)s, len));
    return sh_ref_get(rt, refs[i]);
  }
  return sh_str_latin1(rt, (const uint8_t *)s, len);
}

/* A copy of len bytes as an ArrayBuffer (undefined if out of memory). A
 * request body crosses so: JavaScript makes its Buffer over it, and a
 * Uint8Array made here as well would be made for nothing. */
static sh_val bytes_buffer(sh_rt *rt, const char *data, size_t len) {
  void *bytes;
  sh_val ab = sh_arraybuffer_unfilled(rt, len, &bytes);
  if (!ab) return sh_undefined(rt);
  if (len) memcpy(bytes, data, len);
  return ab;
}

/* A copy of len bytes as a Uint8Array. */
static sh_val bytes_copy(sh_rt *rt, const char *data, size_t len) {
  sh_val ab = bytes_buffer(rt, data, len);
  return sh_is(ab, SH_UNDEFINED) ? ab : sh_uint8array(rt, ab, 0, len);
}

/* r's header fields as the flat array [name, value, ...]. */
static sh_val header_array(sh_rt *rt, http_req *r) {
  size_t n = http_req_header_count(r);
  sh_val stack_items[64];
  sh_val *items = n * 2 <= 64 ? stack_items : malloc(n * 2 * sizeof *items);
  for (size_t i = 0; i < n; i++) {
    const char *name, *value;
    size_t nl, vl;
    http_req_header(r, i, &name, &nl, &value, &vl);
    items[2 * i] = sh_str_latin1(rt, (const uint8_t *)name, nl);
    items[2 * i + 1] = sh_str_latin1(rt, (const uint8_t *)value, vl);
  }
  sh_val headers = sh_arr_of(rt, items, (uint32_t)(n * 2));
  if (items != stack_items) free(items);
  return headers;
}

/* r's header fields as one Latin-1 string "name\0value\0name\0value", which
 * js-lib splits into rawHeaders when someone first reads them (most
 * handlers never do): one string instead of one per value and an array.
 * The flat array instead when a field holds a NUL itself (neither llhttp
 * nor nghttp2 lets one through; kept for safety). */
static sh_val header_block(sh_rt *rt, http_req *r) {
  size_t n = http_req_header_count(r), total = 0;
  for (size_t i = 0; i < n; i++) {
    const char *name, *value;
    size_t nl, vl;
    http_req_header(r, i, &name, &nl, &value, &vl);
    if (memchr(name, 0, nl) || memchr(value, 0, vl)) return header_array(rt, r);
    total += nl + vl + 2;
  }
  char stack_buf[4096];
  char *buf = total <= sizeof stack_buf ? stack_buf : malloc(total);
  if (!buf) return header_array(rt, r);
  char *p = buf;
  for (size_t i = 0; i < n; i++) {
    const char *name, *value;
    size_t nl, vl;
    http_req_header(r, i, &name, &nl, &value, &vl);
    memcpy(p, name, nl);
    p[nl] = 0;
    memcpy(p + nl + 1, value, vl);
    p[nl + 1 + vl] = 0;
    p += nl + vl + 2;
  }
  sh_val block = sh_str_latin1(rt, (const uint8_t *)buf, total ? total - 1 : 0);
  if (buf != stack_buf) free(buf);
  return block;
}

static void on_request(http_req *r) {
  http_conn *c = http_req_conn(r);
  js_server *hs = server_of_h1(http_conn_server(c));
  sh_rt *rt = hs->rt;
  sh_scope *scope = sh_scope_open(rt, false);
  req_handle *h = hs->nspare > 0 ? hs->spare[--hs->nspare] : req_handle_new(rt);
  if (!h) {
    sh_scope_close(scope);
    http_req_destroy(r);
    return;
  }
  h->r = r;
  http_req_set_data(r, h);
  sh_val handle = sh_ref_get(rt, h->ref);
  size_t url_len;
  const char *url = http_req_url(r, &url_len);
  int major, minor;
  http_req_version(r, &major, &minor);
  size_t body_len;
  const char *body = http_req_body_with_head(r, &body_len);
  sh_val argv[9] = {
      handle,
      conn_handle(rt, c),
      common_string(rt, http_req_method(r), strlen(http_req_method(r))),
      sh_str_latin1(rt, (const uint8_t *)url, url_len),
      header_block(rt, r),
      sh_int(rt, major),
      sh_int(rt, minor),
      sh_int(rt, http_req_flags(r)),
      body ? bytes_buffer(rt, body, body_len) : sh_undefined(rt),
  };
  emit_guarded(hs, CB_REQUEST, r, 9, argv);
  sh_scope_close(scope);
}

static void on_body(http_req *r, const char *data, size_t len) {
  js_server *hs = server_of_h1(http_conn_server(http_req_conn(r)));
  sh_rt *rt = hs->rt;
  sh_scope *scope = sh_scope_open(rt, false);
  void *bytes;
  sh_val ab = sh_arraybuffer_unfilled(rt, len, &bytes);
  if (ab) {
    memcpy(bytes, data, len);
    sh_val argv[2] = {req_handle_of(rt, http_req_data(r)), ab};
    emit_guarded(hs, CB_BODY, r, 2, argv);
  }
  sh_scope_close(scope);
}

static void emit_req_event(http_req *r, int which) {
  js_server *hs = server_of_h1(http_conn_server(http_req_conn(r)));
  sh_scope *scope = sh_scope_open(hs->rt, false);
  sh_val h = req_handle_of(hs->rt, http_req_data(r));
  emit(hs, which, 1, &h);
  sh_scope_close(scope);
}

static void on_body_end(http_req *r) {
  emit_req_event(r, CB_BODY_END);
}
static void on_drain(http_req *r) {
  emit_req_event(r, CB_DRAIN);
}
static void on_finish(http_req *r) {
  emit_req_event(r, CB_FINISH);
}
static void on_aborted(http_req *r) {
  emit_req_event(r, CB_ABORTED);
}

/* The handle points at no request any more, and goes to the spares
 * (js_server). */
static void on_request_done(http_req *r) {
  req_handle *h = http_req_data(r);
  if (!h) return; /* never delivered */
  http_req_set_data(r, NULL);
  h->r = NULL;
  js_server *hs = server_of_h1(http_conn_server(http_req_conn(r)));
  if (hs->nspare < (int)(sizeof hs->spare / sizeof hs->spare[0])) {
    hs->spare[hs->nspare++] = h;
    return;
  }
  sh_scope *scope = sh_scope_open(hs->rt, false);
  req_handle_free(hs->rt, h);
  sh_scope_close(scope);
}

static void on_client_error(http_conn *c, const char *code, int status) {
  js_server *hs = server_of_h1(http_conn_server(c));
  sh_rt *rt = hs->rt;
  sh_scope *scope = sh_scope_open(rt, false);
  const char *input;
  size_t input_len, parsed;
  const char *reason = http_conn_reject_reason(c, &input, &input_len, &parsed);
  sh_val argv[6] = {conn_handle(rt, c), sh_str(rt, code, SIZE_MAX), sh_int(rt, status),
                    sh_undefined(rt),   sh_undefined(rt),           sh_undefined(rt)};
  if (reason) {
    argv[3] = sh_str(rt, reason, SIZE_MAX);
    argv[4] = sh_int(rt, (int64_t)parsed);
    argv[5] = bytes_copy(rt, input, input_len);
  }
  emit(hs, CB_CLIENT_ERROR, 6, argv);
  sh_scope_close(scope);
}

static void on_conn_error(http_conn *c, int err, const char *syscall) {
  js_server *hs = server_of_h1(http_conn_server(c));
  sh_rt *rt = hs->rt;
  sh_scope *scope = sh_scope_open(rt, false);
  sh_val argv[3] = {conn_handle(rt, c), sh_int(rt, err),
                    syscall ? sh_str(rt, syscall, SIZE_MAX) : sh_undefined(rt)};
  emit(hs, CB_CONN_ERROR, 3, argv);
  sh_scope_close(scope);
}

/* A refused or failed handshake: onTlsClientError(conn, {error, code,
 * library, reason}) (tls_info.h), for the server's 'tlsClientError'.
 * Without an OpenSSL reason (a certificate refused after the handshake, a
 * peer gone) Node reports ECONNRESET "socket hang up". */
static void on_tls_client_error(http_conn *c) {
  js_server *hs = server_of_h1(http_conn_server(c));
  sh_rt *rt = hs->rt;
  sh_scope *scope = sh_scope_open(rt, false);
  sh_val argv[2] = {conn_handle(rt, c), sh_obj(rt)};
  tls_info_server_error(rt, argv[1], tls_session_ossl_error(http_conn_tls(c)), "socket hang up");
  emit(hs, CB_TLS_CLIENT_ERROR, 2, argv);
  sh_scope_close(scope);
}

/* A ClientHello named a server: onTlsServername(conn, servername); the
 * handshake waits for tlsResume (SNICallback's answer). */
static void on_tls_servername(http_conn *c, const char *servername) {
  js_server *hs = server_of_h1(http_conn_server(c));
  sh_rt *rt = hs->rt;
  sh_scope *scope = sh_scope_open(rt, false);
  sh_val argv[2] = {conn_handle(rt, c), sh_str(rt, servername, SIZE_MAX)};
  emit(hs, CB_TLS_SERVERNAME, 2, argv);
  sh_scope_close(scope);
}

/* A connection's user flag: JavaScript has work to do when it closes (its
 * socket, callbacks waiting, a tunnel; watchClose). */
enum { CONN_WATCH_CLOSE = 1 };

/* JavaScript hears of a close only when it has work to do then; the
 * object's pointer is cleared either way (binding.isClosed reads it). It
 * hears of the last connection of a closed listener too (server.close()'s
 * 'close' waits for it), with undefined for a connection it never saw. */
static void on_conn_close(http_conn *c) {
  js_server *hs = server_of_h1(http_conn_server(c));
  sh_rt *rt = hs->rt;
  sh_ref *ref = http_conn_data(c);
  bool drained = hs->closed && http_server_nconns(hs->h1) == 0;
  bool watched = ref && (http_conn_user_flags(c) & CONN_WATCH_CLOSE);
  if (ref || drained) {
    sh_scope *scope = sh_scope_open(rt, false);
    sh_val h = ref ? sh_ref_get(rt, ref) : sh_undefined(rt);
    if (watched || drained) emit(hs, CB_CONN_CLOSE, 1, &h);
    if (ref) drop_handle(rt, ref);
    http_conn_set_data(c, NULL);
    sh_scope_close(scope);
  }
  /* That was the last connection: free a closed server. */
  if (drained) server_free(hs);
}

static void on_server_close(http_server *s) {
  js_server *hs = server_of_h1(s);
  hs->closed = true;
  if (server_close_hook) server_close_hook(s);
  if (hs->pipe_path) unlink(hs->pipe_path); /* as libuv does for a pipe */
  /* (The handle stays while connections remain: closeAllConnections() and
   * closeIdleConnections() after close() reach them, as in Node.) */
  sh_scope *scope = sh_scope_open(hs->rt, false);
  emit(hs, CB_CLOSE, 0, NULL);
  sh_scope_close(scope);
  if (http_server_nconns(s) == 0) server_free(hs);
}

/* --- tunnels (upgraded connections) ----------------------------------------- */

static void on_upgrade(http_req *r, const char *head, size_t len) {
  http_conn *c = http_req_conn(r);
  js_server *hs = server_of_h1(http_conn_server(c));
  sh_rt *rt = hs->rt;
  sh_scope *scope = sh_scope_open(rt, false);
  sh_val argv[3] = {req_handle_of(rt, http_req_data(r)), conn_handle(rt, c),
                    bytes_copy(rt, head, len)};
  emit(hs, CB_UPGRADE, 3, argv);
  sh_scope_close(scope);
}

static void on_tunnel_read(http_conn *c, const char *data, ssize_t n) {
  js_server *hs = server_of_h1(http_conn_server(c));
  sh_rt *rt = hs->rt;
  sh_scope *scope = sh_scope_open(rt, false);
  sh_val argv[3] = {conn_handle(rt, c), sh_int(rt, (int64_t)n),
                    n > 0 ? bytes_copy(rt, data, (size_t)n) : sh_undefined(rt)};
  emit(hs, CB_TUNNEL_READ, 3, argv);
  sh_scope_close(scope);
}

static void on_tunnel_shutdown(http_conn *c, int status) {
  js_server *hs = server_of_h1(http_conn_server(c));
  sh_rt *rt = hs->rt;
  sh_scope *scope = sh_scope_open(rt, false);
  sh_val argv[2] = {conn_handle(rt, c), sh_int(rt, status)};
  emit(hs, CB_TUNNEL_SHUTDOWN, 2, argv);
  sh_scope_close(scope);
}

static const http_callbacks engine_callbacks = {
    .on_upgrade = on_upgrade,
    .on_tunnel_read = on_tunnel_read,
    .on_tunnel_shutdown = on_tunnel_shutdown,
    .on_connection = on_connection,
    .on_request = on_request,
    .on_body = on_body,
    .on_body_end = on_body_end,
    .on_drain = on_drain,
    .on_finish = on_finish,
    .on_aborted = on_aborted,
    .on_request_done = on_request_done,
    .on_client_error = on_client_error,
    .on_tls_client_error = on_tls_client_error,
    .on_tls_servername = on_tls_servername,
    .on_conn_close = on_conn_close,
    .on_conn_error = on_conn_error,
    .on_server_close = on_server_close,
};

/* --- functions called from JavaScript ------------------------------------------- */

static js_server *arg_server(sh_cbinfo *ci) {
  return sh_obj_ptr(sh_ci_rt(ci), sh_arg(ci, 0));
}
static http_conn *arg_conn(sh_cbinfo *ci) {
  return sh_obj_ptr(sh_ci_rt(ci), sh_arg(ci, 0));
}
static http_req *arg_req(sh_cbinfo *ci) {
  req_handle *h = sh_obj_ptr(sh_ci_rt(ci), sh_arg(ci, 0));
  return h ? h->r : NULL;
}

static void create_server(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  sh_val callbacks = sh_arg(ci, 0);
  js_server *hs = calloc(1, sizeof *hs);
  hs->rt = rt;
  for (int i = 0; i < CB_COUNT; i++) {
    sh_val fn = sh_get_s(rt, callbacks, cb_names[i]);
    if (fn && sh_is(fn, SH_FUNCTION)) hs->cb[i] = sh_ref_new(rt, fn);
  }
  hs->h1 = http_server_new(runtime_get(rt)->loop, &engine_callbacks, hs);
  if (have_default_limits) http_server_set_limits(hs->h1, &default_limits);
  hs->next = all_servers;
  all_servers = hs;
  sh_ret(ci, handle_base_init(&hs->base, rt, hs));
}

static uint64_t get_u64(sh_rt *rt, sh_val obj, const char *key, uint64_t fallback) {
  sh_val v = sh_get_s(rt, obj, key);
  if (!v || !sh_is(v, SH_NUMBER)) return fallback;
  double d = sh_to_num(rt, v);
  return d >= 0 ? (uint64_t)d : fallback;
}

static void set_limits(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  js_server *hs = arg_server(ci);
  if (!hs) return;
  sh_val o = sh_arg(ci, 1);
  http_limits l = *http_server_limits(hs->h1);
  l.header_bytes = (size_t)get_u64(rt, o, "headerBytes", l.header_bytes);
  l.body_bytes = get_u64(rt, o, "bodyBytes", l.body_bytes);
  l.headers_timeout_ms = get_u64(rt, o, "headersTimeoutMs", l.headers_timeout_ms);
  l.keepalive_timeout_ms = get_u64(rt, o, "keepAliveTimeoutMs", l.keepalive_timeout_ms);
  l.request_timeout_ms = get_u64(rt, o, "requestTimeoutMs", l.request_timeout_ms);
  l.max_headers = (uint32_t)get_u64(rt, o, "maxHeadersCount", l.max_headers);
  l.allow_half_open = get_u64(rt, o, "allowHalfOpen", l.allow_half_open) != 0;
  http_server_set_limits(hs->h1, &l);
}

static sh_val address_object(sh_rt *rt, const struct sockaddr_storage *ss) {
  return sockaddr_obj(rt, (const struct sockaddr *)ss);
}

/* Node's message: "listen EADDRINUSE: address already in use :::3000"
 * (a Unix socket, port -1: "... in use /path"). */
static void throw_listen_error(sh_rt *rt, int err, const char *host, int port) {
  char msg[512];
  const char *shown = host && *host ? host : "::";
  if (port < 0) {
    snprintf(msg, sizeof msg, "listen %s: %s %s", uv_err_name(err), uv_strerror(err), shown);
  } else {
    snprintf(msg, sizeof msg, "listen %s: %s %s:%d", uv_err_name(err), uv_strerror(err), shown,
             port);
  }
  sh_val e = sh_error(rt, SH_ERROR, msg);
  bind_str(rt, e, "code", uv_err_name(err));
  bind_int(rt, e, "errno", err);
  bind_str(rt, e, "syscall", "listen");
  bind_str(rt, e, "address", shown);
  bind_int(rt, e, "port", port);
  sh_throw(rt, e);
}

/* listen(server, host, port, backlog) -> {address, family, port} */
static void listen_server(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  js_server *hs = arg_server(ci);
  if (!hs) return sh_throw_error(rt, SH_ERROR, "server is closed");
  char *host = sh_is(sh_arg(ci, 1), SH_STRING) ? arg_utf8(ci, 1) : NULL;
  int port = (int)arg_i64(ci, 2);
  int backlog = (int)arg_i64(ci, 3);
  int err = http_server_listen(hs->h1, host, port, backlog);
  if (err) {
    throw_listen_error(rt, err, host, port);
  } else {
    struct sockaddr_storage ss;
    if (http_server_address(hs->h1, &ss) == 0) sh_ret(ci, address_object(rt, &ss));
  }
  free(host);
}

/* A listening Unix-domain socket at path: its descriptor, or a negative
 * libuv error (EADDRINUSE when the file exists, as uv_pipe_bind). */
static int unix_listener(const char *path) {
  struct sockaddr_un sun = {.sun_family = AF_UNIX};
  if (strlen(path) >= sizeof sun.sun_path) return UV_ENAMETOOLONG;
  memcpy(sun.sun_path, path, strlen(path) + 1);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -errno;
  if (bind(fd, (struct sockaddr *)&sun, sizeof sun) != 0) {
    int err = -errno;
    close(fd);
    return err;
  }
  return fd;
}

/* listenPipe(server, path, backlog): serve a Unix-domain socket (Node's
 * listen(path)); the file is removed when the listener closes. Throws as
 * listen does, with port -1. */
static void listen_pipe(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  js_server *hs = arg_server(ci);
  if (!hs) return sh_throw_error(rt, SH_ERROR, "server is closed");
  char *path = arg_utf8(ci, 1);
  if (!path) return;
  int fd = unix_listener(path);
  int err = fd < 0 ? fd : http_server_listen_fd(hs->h1, fd, (int)arg_i64(ci, 2));
  if (err) {
    if (fd >= 0) {
      close(fd);
      unlink(path);
    }
    throw_listen_error(rt, err, path, -1);
    free(path);
    return;
  }
  free(hs->pipe_path);
  hs->pipe_path = path;
}

/* PEM text from a string or bytes (Buffer, Uint8Array): malloc'd, or NULL. */
static char *pem_arg(sh_rt *rt, sh_val v, size_t *len) {
  uint8_t *bytes;
  size_t n;
  *len = 0;
  if (!v || sh_is(v, SH_UNDEFINED) || sh_is(v, SH_NULL)) return NULL;
  if (sh_is(v, SH_STRING)) return sh_to_utf8(rt, v, len);
  if (sh_bytes(v, &bytes, &n) != 0) return NULL;
  char *p = malloc(n + 1);
  if (!p) return NULL;
  memcpy(p, bytes, n);
  p[n] = 0;
  *len = n;
  return p;
}

/* One certificate of setTls's options: o's cert, key and ca (malloc'd
 * into spec, freed by free_spec). false when cert or key is missing. */
static bool read_spec(sh_rt *rt, sh_val o, tls_cert_spec *spec) {
  char *cert = pem_arg(rt, sh_get_s(rt, o, "cert"), &spec->cert_len);
  char *key = pem_arg(rt, sh_get_s(rt, o, "key"), &spec->key_len);
  char *ca = pem_arg(rt, sh_get_s(rt, o, "ca"), &spec->ca_len);
  spec->cert = cert;
  spec->key = key;
  spec->ca = ca;
  return cert && key;
}

static void free_spec(tls_cert_spec *spec) {
  free((char *)spec->cert);
  free((char *)spec->key);
  free((char *)spec->ca);
  free((char *)spec->servername);
}

static bool offers_h2(sh_rt *rt, sh_val o) {
  sh_val alpn = sh_get_s(rt, o, "alpn");
  if (!alpn || !sh_is(alpn, SH_ARRAY)) return true;
  bool h2 = false;
  uint32_t n = sh_arr_length(rt, alpn);
  for (uint32_t i = 0; i < n; i++) {
    char *p = sh_to_utf8(rt, sh_get_i(rt, alpn, i), NULL);
    if (p && strcmp(p, "h2") == 0) h2 = true;
    free(p);
  }
  return h2;
}

/* A certificate or key setTls or sniContext cannot use: an Error with
 * code ERR_OSSL_PEM_NO_START_LINE. */
static void throw_tls_error(sh_rt *rt, const char *err) {
  sh_val e = sh_error(rt, SH_ERROR, err);
  bind_str(rt, e, "code", "ERR_OSSL_PEM_NO_START_LINE");
  sh_throw(rt, e);
}

/* setTls(server, {cert, key, ca, alpn, requestCert, rejectUnauthorized,
 * contexts: [{servername, cert, key, ca}], sniCallback}): connections of
 * this server speak TLS; alpn ['h2', 'http/1.1'] (default) also offers
 * HTTP/2; contexts are addContext's certificates, chosen by SNI; with
 * sniCallback, a ClientHello naming a server waits for the application's
 * choice instead (onTlsServername, tlsResume). Without cert and key the
 * server listens and its handshakes fail (as Node's). requestCert asks
 * for client certificates (refusing bad ones unless rejectUnauthorized is
 * false). Throws when a certificate or key cannot be used. */
static void set_tls(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  js_server *hs = arg_server(ci);
  if (!hs) return sh_throw_error(rt, SH_ERROR, "server is closed");
  sh_val o = sh_arg(ci, 1);
  if (!sh_is(o, SH_OBJECT)) {
    return sh_throw_error(rt, SH_TYPE_ERROR, "TLS options must be an object");
  }
  enum tls_client_auth auth = TLS_AUTH_BY_CA;
  sh_val req = sh_get_s(rt, o, "requestCert"), reject = sh_get_s(rt, o, "rejectUnauthorized");
  if (req && sh_to_bool(rt, req)) {
    auth = reject && sh_is(reject, SH_BOOLEAN) && !sh_to_bool(rt, reject) ? TLS_AUTH_REQUEST
                                                                          : TLS_AUTH_REQUIRE;
  }
  sh_val sni = sh_get_s(rt, o, "sniCallback");
  bool user_sni = sni && sh_to_bool(rt, sni);
  tls_cert_spec specs[16] = {{0}};
  size_t n = 1;
  /* (neither cert nor key: as Node's, the server listens and its
   * handshakes fail, unless an SNICallback gives a certificate) */
  bool ok = read_spec(rt, o, &specs[0]) || (!specs[0].cert && !specs[0].key);
  sh_val list = sh_get_s(rt, o, "contexts");
  uint32_t extra = list && sh_is(list, SH_ARRAY) ? sh_arr_length(rt, list) : 0;
  for (uint32_t i = 0; ok && i < extra && n < 16; i++, n++) {
    sh_val c = sh_get_i(rt, list, i);
    ok = sh_is(c, SH_OBJECT) && read_spec(rt, c, &specs[n]);
    if (ok) specs[n].servername = sh_to_utf8(rt, sh_get_s(rt, c, "servername"), NULL);
  }
  char err[300];
  tls_ctx *ctx = NULL;
  for (size_t i = 0; i < n; i++) specs[i].client_auth = auth;
  if (ok) ctx = tls_ctx_new(specs, n, false, offers_h2(rt, o), err, sizeof err);
  else snprintf(err, sizeof err, "TLS needs a certificate (cert) and a key (key)");
  for (size_t i = 0; i < n; i++) free_spec(&specs[i]);
  if (!ctx) return throw_tls_error(rt, err);
  if (user_sni) tls_ctx_set_user_sni(ctx);
  hs->tls_h2 = offers_h2(rt, o);
  hs->tls_auth = auth;
  http_server_set_tls(hs->h1, ctx);
  tls_ctx_unref(ctx);
}

/* An SNICallback's certificate as the engine's context: owned by its
 * object (collected: the reference dropped; connections keep their own). */
typedef struct sni_ctx {
  tls_ctx *tls;
  handle_base base;
} sni_ctx;

static void sni_ctx_collected(void *data) {
  sni_ctx *x = data;
  handle_base_release(&x->base);
  tls_ctx_unref(x->tls);
  free(x);
}

/* sniContext(server, {cert, key, ca}) -> a context for tlsResume, with the
 * server's ALPN and client-certificate settings (setTls's). Throws when
 * the certificate or key cannot be used. */
static void sni_context(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  js_server *hs = arg_server(ci);
  sh_val o = sh_arg(ci, 1);
  if (!hs || !sh_is(o, SH_OBJECT)) return sh_throw_error(rt, SH_TYPE_ERROR, "bad arguments");
  tls_cert_spec spec = {0};
  char err[300] = "TLS needs a certificate (cert) and a key (key)";
  tls_ctx *t = NULL;
  if (read_spec(rt, o, &spec)) {
    spec.client_auth = hs->tls_auth;
    t = tls_ctx_new(&spec, 1, false, hs->tls_h2, err, sizeof err);
  }
  free_spec(&spec);
  if (!t) return throw_tls_error(rt, err);
  sni_ctx *x = calloc(1, sizeof *x);
  if (!x) {
    tls_ctx_unref(t);
    return sh_throw_error(rt, SH_ERROR, "out of memory");
  }
  x->tls = t;
  sh_ret(ci, handle_base_init_weak(&x->base, rt, x, sni_ctx_collected));
}

/* tlsResume(conn, context): SNICallback's answer, the handshake goes on
 * with sniContext's `context` (undefined: the server's default). */
static void tls_resume(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  http_conn *c = arg_conn(ci);
  sh_val v = sh_arg(ci, 1);
  sni_ctx *x = v && sh_is(v, SH_OBJECT) ? sh_obj_ptr(rt, v) : NULL;
  if (!c) return;
  js_depth++;
  http_conn_tls_resume(c, x ? x->tls : NULL);
  js_depth--;
}

static void close_server(sh_cbinfo *ci) {
  js_server *hs = arg_server(ci);
  if (!hs || hs->closed) return;
  js_depth++;
  http_server_close(hs->h1);
  js_depth--;
}

static void close_idle(sh_cbinfo *ci) {
  js_server *hs = arg_server(ci);
  if (!hs) return;
  js_depth++;
  http_server_close_idle(hs->h1);
  js_depth--;
}

static void close_all(sh_cbinfo *ci) {
  js_server *hs = arg_server(ci);
  if (!hs) return;
  js_depth++;
  http_server_close_all(hs->h1);
  js_depth--;
}

typedef struct handle_list {
  sh_rt *rt;
  sh_val arr;
  uint32_t n;
} handle_list;

static void collect_handle(http_req *r, void *arg) {
  handle_list *l = arg;
  if (http_req_data(r)) sh_set_i(l->rt, l->arr, l->n++, req_handle_of(l->rt, http_req_data(r)));
}

/* unanswered(server) -> the handles of the requests the application has not
 * answered yet (a worker dying of an uncaught exception answers them). */
static void unanswered(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  js_server *hs = arg_server(ci);
  handle_list l = {rt, sh_arr(rt, 0), 0};
  if (hs) http_server_each_request(hs->h1, collect_handle, &l);
  sh_ret(ci, l.arr);
}

/* openConnections(server) -> its connections, closing ones too: Node's
 * server._connections (a connection counts from on_connection, announced
 * to JavaScript or not, to on_conn_close). */
static void open_connections(sh_cbinfo *ci) {
  js_server *hs = arg_server(ci);
  sh_ret(ci, sh_int(sh_ci_rt(ci), hs ? http_server_nconns(hs->h1) : 0));
}

/* watchClose(conn): onConnectionClose(conn) is to be called when conn
 * closes (it is not otherwise). */
static void watch_close(sh_cbinfo *ci) {
  http_conn *c = arg_conn(ci);
  if (c) http_conn_set_user_flags(c, http_conn_user_flags(c) | CONN_WATCH_CLOSE);
}

/* isClosed(conn) -> whether conn is gone (its pointer cleared). */
static void is_closed(sh_cbinfo *ci) {
  sh_ret(ci, sh_bool(sh_ci_rt(ci), arg_conn(ci) == NULL));
}

/* wantConnections(server, bool): whether onConnection is called for each
 * new connection. */
static void want_connections(sh_cbinfo *ci) {
  js_server *hs = arg_server(ci);
  if (hs) hs->wants_conn = sh_to_bool(sh_ci_rt(ci), sh_arg(ci, 1));
}

static void connection_count(sh_cbinfo *ci) {
  js_server *hs = arg_server(ci);
  sh_ret(ci, sh_int(sh_ci_rt(ci), hs ? http_server_conn_count(hs->h1) : 0));
}

static void socket_info(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  http_conn *c = arg_conn(ci);
  if (!c) return;
  struct sockaddr_storage peer, self;
  int len = sizeof peer;
  sh_val o = sh_obj(rt);
  sh_set_s(rt, o, "encrypted", sh_bool(rt, http_conn_is_tls(c)));
  tls_session *t = http_conn_tls(c);
  if (t) {
    /* a TLSSocket's servername (false without SNI) and alpnProtocol */
    const char *sn = tls_session_servername(t);
    sh_set_s(rt, o, "servername", sn ? sh_str(rt, sn, SIZE_MAX) : sh_bool(rt, false));
    const unsigned char *alpn;
    size_t alen = tls_session_alpn(t, &alpn);
    sh_set_s(rt, o, "alpnProtocol",
             alen ? sh_str(rt, (const char *)alpn, alen) : sh_bool(rt, false));
  }
  /* (a Unix-socket peer has no address, as in Node) */
  if (http_conn_peername(c, &peer) == 0 && peer.ss_family != AF_UNIX) {
    sh_val a = address_object(rt, &peer);
    sh_set_s(rt, o, "remoteAddress", sh_get_s(rt, a, "address"));
    sh_set_s(rt, o, "remotePort", sh_get_s(rt, a, "port"));
    sh_set_s(rt, o, "remoteFamily", sh_get_s(rt, a, "family"));
  }
  len = sizeof self;
  if (uv_tcp_getsockname(http_conn_tcp(c), (struct sockaddr *)&self, &len) == 0 &&
      self.ss_family != AF_UNIX) {
    sh_val a = address_object(rt, &self);
    sh_set_s(rt, o, "localAddress", sh_get_s(rt, a, "address"));
    sh_set_s(rt, o, "localPort", sh_get_s(rt, a, "port"));
    sh_set_s(rt, o, "localFamily", sh_get_s(rt, a, "family"));
  }
  sh_ret(ci, o);
}

/* tlsInfo(conn) -> the TLS connection's report (tls_info.h), with
 * servername; undefined on plain TCP. */
static void tls_info(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  http_conn *c = arg_conn(ci);
  tls_session *t = c ? http_conn_tls(c) : NULL;
  if (!t) return;
  sh_val o = sh_obj(rt);
  tls_info_fill(rt, o, tls_session_ssl(t), true, tls_session_handshake_done(t));
  sh_ret(ci, o);
}

static void destroy(sh_cbinfo *ci) {
  http_conn *c = arg_conn(ci);
  if (!c) return;
  js_depth++;
  http_conn_destroy(c);
  js_depth--;
}

/* answerClientError(conn), from onClientError: the user's 'clientError'
 * listener answers (rawWrite, endConnection, destroy), not the engine. */
static void answer_client_error(sh_cbinfo *ci) {
  http_conn *c = arg_conn(ci);
  if (c) http_conn_answer_client_error(c);
}

/* bytesWritten(conn): the bytes written on it so far (undefined once closed). */
static void bytes_written(sh_cbinfo *ci) {
  http_conn *c = arg_conn(ci);
  if (c) sh_ret(ci, sh_num(sh_ci_rt(ci), (double)http_conn_bytes_written(c)));
}

/* unsent(conn): the bytes the kernel has not taken yet (0 once closed). */
static void unsent(sh_cbinfo *ci) {
  http_conn *c = arg_conn(ci);
  sh_ret(ci, sh_num(sh_ci_rt(ci), c ? (double)http_conn_unsent(c) : 0));
}

/* rawWrite(conn, bytes): the socket's own write (a Uint8Array). */
static void raw_write_fn(sh_cbinfo *ci) {
  http_conn *c = arg_conn(ci);
  uint8_t *bytes;
  size_t len;
  if (!c || sh_bytes(sh_arg(ci, 1), &bytes, &len) != 0) return;
  js_depth++;
  http_conn_write_raw(c, (const char *)bytes, len);
  js_depth--;
}

/* endConnection(conn): the socket's end(): closes once written. */
static void end_connection(sh_cbinfo *ci) {
  http_conn *c = arg_conn(ci);
  if (!c) return;
  js_depth++;
  http_conn_end(c);
  js_depth--;
}

/* destroyRequest(req): the request alone (an HTTP/2 stream is reset, an
 * HTTP/1.1 request takes its connection down). */
static void destroy_request(sh_cbinfo *ci) {
  http_req *r = arg_req(ci);
  if (!r) return;
  js_depth++;
  http_req_destroy(r);
  js_depth--;
}

static void want_body(sh_cbinfo *ci) {
  http_req *r = arg_req(ci);
  if (r) http_req_want_body(r);
}

static void pause_conn(sh_cbinfo *ci) {
  http_conn *c = arg_conn(ci);
  if (c) http_conn_pause(c);
}

static void resume_conn(sh_cbinfo *ci) {
  http_conn *c = arg_conn(ci);
  if (c) http_conn_resume(c);
}

static void set_no_delay(sh_cbinfo *ci) {
  http_conn *c = arg_conn(ci);
  if (c) uv_tcp_nodelay(http_conn_tcp(c), sh_to_bool(sh_ci_rt(ci), sh_arg(ci, 1)));
}

static void set_keep_alive(sh_cbinfo *ci) {
  http_conn *c = arg_conn(ci);
  if (!c) return;
  unsigned delay = (unsigned)(arg_i64(ci, 2) / 1000);
  uv_tcp_keepalive(http_conn_tcp(c), sh_to_bool(sh_ci_rt(ci), sh_arg(ci, 1)), delay ? delay : 1);
}

/* Appends the latin1 bytes of string v to *buf. */
static int append_latin1(sh_rt *rt, sh_val v, char **buf, size_t *len, size_t *cap) {
  size_t n = sh_str_length(rt, v);
  if (*len + n + 4 > *cap) {
    size_t c = *cap ? *cap : 512;
    while (c < *len + n + 4) c *= 2;
    char *p = realloc(*buf, c);
    if (!p) return -1;
    *buf = p;
    *cap = c;
  }
  *len += sh_str_write_latin1(rt, v, (uint8_t *)*buf + *len, 0, n);
  return 0;
}

/* The header block of writeHead's arguments as Latin-1 bytes: in stack
 * (stack_cap bytes) when it fits, else malloc'd (*heap, which the caller
 * frees). JavaScript sends the lines as one string; an array is read
 * element by element, each a property lookup. NULL when a conversion threw. */
static char *header_lines(sh_rt *rt, sh_val headers, char *stack, size_t stack_cap, size_t *len,
                          char **heap) {
  *len = 0;
  *heap = NULL;
  if (sh_is(headers, SH_STRING)) {
    size_t n = sh_str_length(rt, headers);
    char *buf = n <= stack_cap ? stack : (*heap = malloc(n ? n : 1));
    if (!buf) return NULL;
    *len = sh_str_write_latin1(rt, headers, (uint8_t *)buf, 0, n);
    return buf;
  }
  size_t cap = 0;
  uint32_t n = sh_arr_length(rt, headers);
  for (uint32_t i = 0; i + 1 < n; i += 2) {
    sh_val name = sh_to_string(rt, sh_get_i(rt, headers, i));
    sh_val value = sh_to_string(rt, sh_get_i(rt, headers, i + 1));
    if (!name || !value || append_latin1(rt, name, heap, len, &cap) != 0) return NULL;
    memcpy(*heap + *len, ": ", 2);
    *len += 2;
    if (append_latin1(rt, value, heap, len, &cap) != 0) return NULL;
    memcpy(*heap + *len, "\r\n", 2);
    *len += 2;
  }
  return *heap ? *heap : stack;
}

/* Sends the head from writeHead's arguments (status, reason, headers,
 * flags, contentLength), which are the call's arguments 1 to 5. The block
 * and the reason are read into stack buffers when short (the usual head):
 * two malloc/free pairs less a response. */
static void send_head(sh_cbinfo *ci, http_req *r) {
  sh_rt *rt = sh_ci_rt(ci);
  if (!r) return;
  char lines_stack[2048], *lines_heap;
  size_t len;
  const char *lines =
      header_lines(rt, sh_arg(ci, 3), lines_stack, sizeof lines_stack, &len, &lines_heap);
  if (!lines) {
    free(lines_heap);
    return;
  }
  /* The reason as Latin-1, as Node writes its head (writeHead refused
   * anything beyond \xff) */
  char reason_stack[256], *reason_heap = NULL;
  const char *reason = NULL;
  size_t reason_len = 0;
  sh_val rv = sh_arg(ci, 2);
  if (sh_is(rv, SH_STRING)) {
    size_t n = sh_str_length(rt, rv);
    char *buf = n <= sizeof reason_stack ? reason_stack : (reason_heap = malloc(n));
    if (buf) {
      reason_len = sh_str_write_latin1(rt, rv, (uint8_t *)buf, 0, n);
      reason = buf;
    }
  }
  int64_t content_length = sh_is(sh_arg(ci, 5), SH_NUMBER) ? arg_i64(ci, 5) : -1;
  http_write_head(r, (int)arg_i64(ci, 1), reason, reason_len, lines, len, (unsigned)arg_i64(ci, 4),
                  content_length);
  free(reason_heap);
  free(lines_heap);
}

/* writeHead(req, status, reason, headers, flags, contentLength) */
static void write_head(sh_cbinfo *ci) {
  send_head(ci, arg_req(ci));
}

static void release_ref(void *token) {
  sh_ref_free(token);
}

#define SMALL_CHUNK 4096 /* string chunks up to this many bytes are encoded on the stack */

/* Writes the chunk at argument `at` (string: UTF-8 or latin1, its encoding
 * at `at` + 1; Uint8Array: without copying). */
static int write_chunk(sh_cbinfo *ci, http_req *r, int at, bool end) {
  sh_rt *rt = sh_ci_rt(ci);
  if (!r) return -1;
  sh_val chunk = sh_arg(ci, at);
  int rc;
  js_depth++;
  uint8_t *bytes;
  size_t len;
  if (sh_is(chunk, SH_STRING)) {
    bool latin1 = false;
    sh_val enc = sh_arg(ci, at + 1);
    if (sh_is(enc, SH_STRING)) {
      char *e = sh_to_utf8(rt, enc, NULL);
      latin1 = e && (strcmp(e, "latin1") == 0 || strcmp(e, "binary") == 0);
      free(e);
    }
    /* (UTF-8 takes at most 2 bytes a Latin-1 character, 3 a UTF-16 unit:
     * no pass to measure a string that is not long) */
    size_t n = sh_str_length(rt, chunk);
    size_t cap = latin1                     ? n
                 : sh_str_is_onebyte(chunk) ? 2 * n
                 : n <= 65536               ? 3 * n
                                            : sh_str_utf8_length(rt, chunk);
    /* A short string is encoded on the stack and the engine copies it
     * (HTTP/1.1: into the head's buffer when it has room, no allocation of
     * its own), a long one into a buffer the engine takes over. */
    char small[SMALL_CHUNK];
    char *buf = cap <= sizeof small ? small : malloc(cap ? cap : 1);
    len = latin1 ? sh_str_write_latin1(rt, chunk, (uint8_t *)buf, 0, cap)
                 : sh_str_write_utf8(rt, chunk, buf, cap, NULL);
    rc = buf == small ? http_write(r, buf, len, NULL, NULL, end)
                      : http_write(r, buf, len, free, buf, end);
  } else if (sh_bytes(chunk, &bytes, &len) == 0) {
    rc = http_write(r, bytes, len, release_ref, sh_ref_new(rt, chunk), end);
  } else {
    rc = http_write(r, NULL, 0, NULL, NULL, end);
  }
  js_depth--;
  return rc;
}

static void write_body(sh_cbinfo *ci) {
  sh_ret(ci, sh_bool(sh_ci_rt(ci), write_chunk(ci, arg_req(ci), 1, false) == 1));
}

/* setTrailers(req, "Name: value\r\n" lines): sent at the end (http_engine.h). */
static void set_trailers(sh_cbinfo *ci) {
  http_req *r = arg_req(ci);
  if (!r) return;
  size_t len = 0;
  char *lines = sh_to_utf8(sh_ci_rt(ci), sh_arg(ci, 1), &len);
  if (lines) http_set_trailers(r, lines, len);
  free(lines);
}

/* The end of a response written at argument `at`: returns true when
 * JavaScript finishes it itself (http_req_claim_finish: all of it went out
 * at once), so that no onFinish call comes. */
static void end_at(sh_cbinfo *ci, http_req *r, int at) {
  bool claimed = false;
  if (write_chunk(ci, r, at, true) >= 0) {
    r = arg_req(ci); /* (again: NULL once the write released it) */
    claimed = r && http_req_claim_finish(r);
  }
  sh_ret(ci, sh_bool(sh_ci_rt(ci), claimed));
}

/* end(req, chunk, encoding) -> true: finish it yourself (end_at). */
static void end_body(sh_cbinfo *ci) {
  end_at(ci, arg_req(ci), 1);
}

/* endWithHead(req, status, reason, headers, flags, contentLength, chunk,
 * encoding): writeHead then end in one call, for `res.end(data)` while the
 * head is still unsent (the common response): one JS->C crossing less.
 * Returns as end. */
static void end_with_head(sh_cbinfo *ci) {
  /* (the handle is read once for both: writing the head releases nothing) */
  http_req *r = arg_req(ci);
  send_head(ci, r);
  end_at(ci, r, 6);
}

/* A file write in flight (writeFile): cb(status, sent) once it is out. */
typedef struct file_write {
  sh_rt *rt;
  sh_ref *cb;
} file_write;

static void file_written(void *token, int status, uint64_t sent) {
  file_write *w = token;
  sh_rt *rt = w->rt;
  sh_scope *scope = sh_scope_open(rt, false);
  sh_val argv[2] = {sh_int(rt, status), sh_num(rt, (double)sent)};
  sh_val fn = sh_ref_get(rt, w->cb);
  sh_ref_free(w->cb);
  free(w);
  call_js(rt, fn, 2, argv);
  sh_scope_close(scope);
}

/* fileLength(fd, start, end): the bytes of the regular file fd from start
 * to end (inclusive; Infinity: to its end), or -1 when fd is not a regular
 * file with blocks on a disk or the range is empty (writeFile's length, asked first: the
 * response's head waits for the answer). */
static void file_length(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  double start = sh_to_num(rt, sh_arg(ci, 1)), end = sh_to_num(rt, sh_arg(ci, 2));
  struct stat st;
  double len = -1;
  /* (no blocks: a pseudo-file of /sys or /proc, whose size is not its
   * content's, or a file of holes only: read as a stream) */
  if (fstat((int)arg_i64(ci, 0), &st) == 0 && S_ISREG(st.st_mode) && st.st_blocks > 0 &&
      start >= 0) {
    double last = end < (double)st.st_size - 1 ? end : (double)st.st_size - 1;
    if (last >= start) len = last - start + 1;
  }
  sh_ret(ci, sh_num(rt, len));
}

/* writeFile(req, fd, start, length, cb): the file's bytes as body
 * (http_write_file); true: cb(status, sent) follows. false: nothing was
 * written (TLS, HTTP/2, the response ended). */
static void write_file(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  http_req *r = arg_req(ci);
  double start = sh_to_num(rt, sh_arg(ci, 2)), len = sh_to_num(rt, sh_arg(ci, 3));
  file_write *w = NULL;
  if (r && sh_is(sh_arg(ci, 4), SH_FUNCTION) && start >= 0 && len > 0) w = malloc(sizeof *w);
  if (!w) {
    sh_ret(ci, sh_bool(rt, false));
    return;
  }
  w->rt = rt;
  w->cb = sh_ref_new(rt, sh_arg(ci, 4));
  js_depth++;
  int rc = http_write_file(r, (int)arg_i64(ci, 1), (uint64_t)start, (uint64_t)len, file_written, w);
  js_depth--;
  if (rc != 0) {
    sh_ref_free(w->cb);
    free(w);
  }
  sh_ret(ci, sh_bool(rt, rc == 0));
}

static void write_continue(sh_cbinfo *ci) {
  http_req *r = arg_req(ci);
  if (r) http_write_continue(r);
}

/* takeOver(req): true when the connection becomes a tunnel after req's head. */
static void take_over(sh_cbinfo *ci) {
  http_req *r = arg_req(ci);
  sh_ret(ci, sh_bool(sh_ci_rt(ci), r && http_req_take_over(r) == 0));
}

/* A tunnel write in flight: the chunk is kept until written, then cb(0). */
typedef struct tunnel_write {
  sh_rt *rt;
  sh_ref *chunk, *cb;
  bool in_call, done;
} tunnel_write;

static void tunnel_write_free(sh_rt *rt, void *data) {
  (void)rt;
  tunnel_write *w = data;
  sh_ref_free(w->chunk);
  sh_ref_free(w->cb);
  free(w);
}

static void tunnel_written(void *token) {
  tunnel_write *w = token;
  if (w->in_call) {
    w->done = true; /* written at once (or failed): the caller answers */
    return;
  }
  sh_rt *rt = w->rt;
  sh_scope *scope = sh_scope_open(rt, false);
  sh_val status = sh_int(rt, 0);
  sh_val fn = sh_ref_get(rt, w->cb);
  tunnel_write_free(rt, w);
  call_js(rt, fn, 1, &status);
  sh_scope_close(scope);
}

/* tunnelWrite(conn, bytes, cb): 1 written at once, 0 cb(status) follows,
 * < 0 a libuv error (nothing follows). */
static void tunnel_write_fn(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  http_conn *c = arg_conn(ci);
  uint8_t *bytes;
  size_t len;
  if (!c || sh_bytes(sh_arg(ci, 1), &bytes, &len) != 0) {
    sh_ret(ci, sh_int(rt, c ? UV_EINVAL : UV_EBADF));
    return;
  }
  tunnel_write *w = calloc(1, sizeof *w);
  w->rt = rt;
  w->chunk = sh_ref_new(rt, sh_arg(ci, 1));
  w->cb = sh_ref_new(rt, sh_arg(ci, 2));
  w->in_call = true;
  js_depth++;
  int rc = http_tunnel_write(c, bytes, len, tunnel_written, w);
  js_depth--;
  w->in_call = false;
  if (rc != 0 || w->done) {
    tunnel_write_free(rt, w);
    sh_ret(ci, sh_int(rt, rc != 0 ? UV_EPIPE : 1));
    return;
  }
  sh_ret(ci, sh_int(rt, 0));
}

static void tunnel_shutdown_fn(sh_cbinfo *ci) {
  http_conn *c = arg_conn(ci);
  js_depth++;
  int rc = c ? http_tunnel_shutdown(c) : UV_ENOTCONN;
  js_depth--;
  sh_ret(ci, sh_int(sh_ci_rt(ci), rc));
}

static void tunnel_queued(sh_cbinfo *ci) {
  http_conn *c = arg_conn(ci);
  sh_ret(ci, sh_int(sh_ci_rt(ci), c ? (int64_t)http_tunnel_write_queued(c) : 0));
}

static void tunnel_ref(sh_cbinfo *ci) {
  http_conn *c = arg_conn(ci);
  if (c) http_tunnel_ref(c, sh_to_bool(sh_ci_rt(ci), sh_arg(ci, 1)));
}

sh_val binding_http_init(sh_rt *rt) {
  sh_val o = sh_obj(rt);
  /* (what a finished request's objects hold once their handle serves
   * another request: its calls do nothing) */
  sh_set_s(rt, o, "deadHandle", sh_obj_with_ptr(rt, NULL));
  sh_set_s(rt, o, "UV_ECANCELED", sh_int(rt, UV_ECANCELED)); /* writeFile's connection gone */
  bind_fn(rt, o, "createServer", create_server);
  bind_fn(rt, o, "setLimits", set_limits);
  bind_fn(rt, o, "listen", listen_server);
  bind_fn(rt, o, "listenPipe", listen_pipe);
  bind_fn(rt, o, "setTls", set_tls);
  bind_fn(rt, o, "sniContext", sni_context);
  bind_fn(rt, o, "tlsResume", tls_resume);
  bind_fn(rt, o, "tlsInfo", tls_info);
  bind_fn(rt, o, "close", close_server);
  bind_fn(rt, o, "closeIdleConnections", close_idle);
  bind_fn(rt, o, "closeAllConnections", close_all);
  bind_fn(rt, o, "unanswered", unanswered);
  bind_fn(rt, o, "connectionCount", connection_count);
  bind_fn(rt, o, "openConnections", open_connections);
  bind_fn(rt, o, "wantConnections", want_connections);
  bind_fn(rt, o, "watchClose", watch_close);
  bind_fn(rt, o, "isClosed", is_closed);
  bind_fn(rt, o, "socketInfo", socket_info);
  bind_fn(rt, o, "destroy", destroy);
  bind_fn(rt, o, "answerClientError", answer_client_error);
  bind_fn(rt, o, "rawWrite", raw_write_fn);
  bind_fn(rt, o, "bytesWritten", bytes_written);
  bind_fn(rt, o, "unsent", unsent);
  bind_fn(rt, o, "endConnection", end_connection);
  bind_fn(rt, o, "destroyRequest", destroy_request);
  bind_fn(rt, o, "wantBody", want_body);
  bind_fn(rt, o, "pause", pause_conn);
  bind_fn(rt, o, "resume", resume_conn);
  bind_fn(rt, o, "setNoDelay", set_no_delay);
  bind_fn(rt, o, "setKeepAlive", set_keep_alive);
  bind_fn(rt, o, "writeHead", write_head);
  bind_fn(rt, o, "write", write_body);
  bind_fn(rt, o, "end", end_body);
  bind_fn(rt, o, "setTrailers", set_trailers);
  bind_fn(rt, o, "endWithHead", end_with_head);
  bind_fn(rt, o, "writeContinue", write_continue);
  bind_fn(rt, o, "fileLength", file_length);
  bind_fn(rt, o, "writeFile", write_file);
  bind_fn(rt, o, "takeOver", take_over);
  bind_fn(rt, o, "tunnelWrite", tunnel_write_fn);
  bind_fn(rt, o, "tunnelShutdown", tunnel_shutdown_fn);
  bind_fn(rt, o, "tunnelQueued", tunnel_queued);
  bind_fn(rt, o, "tunnelRef", tunnel_ref);
  return o;
}
