#ifndef SHOAL_WORKER_HTTP1_H
#define SHOAL_WORKER_HTTP1_H
/* http1: the HTTP engine. Connections are plain TCP or TLS (worker/http/tls.h);
 * each speaks HTTP/1.1 or HTTP/2 (worker/http/h2.c: prior knowledge on cleartext,
 * ALPN on TLS), and every request, whatever its protocol, is an h1_req
 * delivered through the same callbacks and answered with the same
 * h1_write_head/h1_write (h1_req_version says 1.x or 2.0).
 *
 * HTTP/1.1: llhttp (strict) on libuv TCP streams:
 * keep-alive, pipelining (one request at a time, responses in order), request
 * bodies by Content-Length or chunked, chunked responses, 100-continue,
 * HEAD/204/304, HTTP/1.0, limits (431, 413, 408, 400) and timeouts, writes
 * batched with writev, response bodies written without copying.
 *
 * The engine knows nothing of JavaScript: a user (bindings/mod_http.c) gets
 * events through h1_callbacks and answers with h1_write_head/h1_write.
 *
 * Ownership: the user owns an h1_server (h1_server_free after it closed).
 * The engine owns connections and requests and frees them itself; it calls
 * on_request_done / on_conn_close last, after which the pointer is gone. The
 * user's `data` pointers are the user's to release in those callbacks. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

typedef struct h1_server h1_server;
typedef struct h1_conn h1_conn;
typedef struct h1_req h1_req;
typedef struct tls_ctx tls_ctx;   /* worker/http/tls.h */
typedef struct tls_conn tls_conn; /* worker/http/tls.h */

typedef struct h1_limits {
  size_t header_bytes;           /* request line + headers; over: 431 */
  uint64_t body_bytes;           /* over: 413; 0 = unlimited */
  uint64_t headers_timeout_ms;   /* headers not complete in time: 408 */
  uint64_t keepalive_timeout_ms; /* idle keep-alive connection closed after */
  uint64_t request_timeout_ms;   /* whole request (headers and body) not in: 408; 0 = off */
  /* A request the user got but has not answered in time, counted from its
   * start or from the last request body byte received or response byte
   * written: 504 when nothing of the response left yet, else the response
   * is cut; 0 = off (response_timeout.c). */
  uint64_t response_timeout_ms;
  uint32_t max_headers;    /* header lines kept (0 = all) */
  uint32_t h2_max_streams; /* HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS */
  /* Node's server.httpAllowHalfOpen: a client's EOF after complete requests
   * lets their answers be written (false: a request still being answered is
   * aborted, Node's default). */
  bool allow_half_open;
} h1_limits;

void h1_limits_default(h1_limits *l);
/* A path every server answers itself (200 "ok", 503 while draining); NULL: none. */
void h1_set_health_path(const char *path);
/* down: the health path answers 503 although the server still serves every
 * request (`shoal ctl drain`, before an upgrade: the balancer moves away). */
void h1_set_health_down(bool down);

typedef struct h1_callbacks {
  void (*on_connection)(h1_conn *c);
  void (*on_request)(h1_req *r);
  void (*on_body)(h1_req *r, const char *data, size_t len);
  void (*on_body_end)(h1_req *r); /* HTTP/1.1: only for requests with H1_HAS_BODY */
  void (*on_drain)(h1_req *r);
  void (*on_finish)(h1_req *r);
  void (*on_aborted)(h1_req *r);
  void (*on_request_done)(h1_req *r); /* last call for r */
  void (*on_client_error)(h1_conn *c, const char *code, int status);
  void (*on_conn_close)(h1_conn *c); /* last call for c */
  /* The transport failed (a libuv error of `syscall`, "read" or "write"), or
   * the peer's EOF cut a request body (UV_EOF, syscall NULL); c closes right
   * after (on_aborted for its open requests, on_conn_close). */
  void (*on_conn_error)(h1_conn *c, int err, const char *syscall);
  void (*on_server_close)(h1_server *s);
  /* Upgrades (worker/http/http_tunnel.c): a request the user took over with
   * h1_req_take_over ends at its head; its connection becomes a tunnel of
   * raw bytes (decrypted on TLS) and `head` holds the bytes already read
   * after the head. r is released right after. */
  void (*on_upgrade)(h1_req *r, const char *head, size_t len);
  /* Bytes from a tunnel's peer; n < 0: UV_EOF or a libuv error. */
  void (*on_tunnel_read)(h1_conn *c, const char *data, ssize_t n);
  void (*on_tunnel_shutdown)(h1_conn *c, int status); /* h1_tunnel_shutdown done */
} h1_callbacks;

/* Request flags (h1_req_flags). */
enum {
  H1_KEEP_ALIVE = 1,
  H1_EXPECT_CONTINUE = 2,
  H1_UPGRADE = 4,
  H1_HAS_BODY = 8,
};

/* h1_write_head flags, as documented in docs/http-binding.md. */
enum {
  H1_HAS_CONTENT_LENGTH = 1,
  H1_HAS_TRANSFER_ENCODING = 2,
  H1_HAS_DATE = 4,
  H1_HAS_CONNECTION = 8,
  H1_CLOSE = 16,
  H1_NO_DATE = 32,
  H1_NO_BODY = 64,
  H1_USER_CHUNKED = 128, /* the user's Transfer-Encoding is chunked: frame the body */
};

/* Called when the engine is done with bytes it did not copy. */
typedef void (*h1_release_fn)(void *token);

h1_server *h1_server_new(uv_loop_t *loop, const h1_callbacks *cb, void *data);
void h1_server_set_limits(h1_server *s, const h1_limits *l);
const h1_limits *h1_server_limits(h1_server *s);
/* Binds and listens. Returns 0 or a libuv error. */
int h1_server_listen(h1_server *s, const char *host, int port, int backlog);
/* Address actually bound (after listen). */
int h1_server_address(h1_server *s, struct sockaddr_storage *out);
/* Listens on a socket bound by someone else (the master, balance "kernel"). */
int h1_server_listen_fd(h1_server *s, uv_os_sock_t fd, int backlog);
bool h1_server_closing(h1_server *s);
/* Serves a connected socket handed over by someone else (e.g. the master). */
int h1_server_adopt(h1_server *s, uv_os_sock_t fd);
/* The same over TLS with `tls`, e.g. the config listener's context (NULL:
 * the server's own, see h1_server_set_tls; plain TCP when it has none). */
int h1_server_adopt_tls(h1_server *s, uv_os_sock_t fd, tls_ctx *tls);
/* The same, with the client's address as a proxy in front reported it
 * (remote, copied; NULL: the socket's peer), as h1_conn_peername says. */
int h1_server_adopt_from(h1_server *s, uv_os_sock_t fd, tls_ctx *tls,
                         const struct sockaddr *remote);
/* Connections accepted by this server's own listener (and h1_server_adopt)
 * speak TLS with `tls` (the server takes a reference; NULL: plain TCP). */
void h1_server_set_tls(h1_server *s, tls_ctx *tls);
void h1_server_close(h1_server *s); /* stop accepting; on_server_close follows */
void h1_server_free(h1_server *s);  /* after on_server_close */
void h1_server_close_idle(h1_server *s);
void h1_server_close_all(h1_server *s);
int h1_server_conn_count(h1_server *s);
/* Calls fn for every request of s whose user got on_request and that is not
 * answered yet (ended), HTTP/2 streams included. fn may write to, end or
 * destroy r (not other requests). */
typedef void (*h1_req_visit)(h1_req *r, void *arg);
/* The user destroyed r: an HTTP/1.1 request takes its connection down, an
 * HTTP/2 stream is reset alone. on_aborted follows if r was not answered. */
void h1_req_destroy(h1_req *r);
void h1_server_each_request(h1_server *s, h1_req_visit fn, void *arg);
int h1_server_nconns(h1_server *s); /* including connections still closing */
void *h1_server_data(h1_server *s);

void *h1_conn_data(h1_conn *c);
void h1_conn_set_data(h1_conn *c, void *data);
h1_server *h1_conn_server(h1_conn *c);
uv_tcp_t *h1_conn_tcp(h1_conn *c);
/* The client's address: the one given to h1_server_adopt_from, else the
 * socket's peer. Returns 0 or a libuv error. */
int h1_conn_peername(h1_conn *c, struct sockaddr_storage *out);
bool h1_conn_is_tls(h1_conn *c);
/* The connection's TLS state (tls.h), or NULL on plain TCP. */
tls_conn *h1_conn_tls(h1_conn *c);
void h1_conn_destroy(h1_conn *c);
void h1_conn_pause(h1_conn *c);
void h1_conn_resume(h1_conn *c);

void *h1_req_data(h1_req *r);
void h1_req_set_data(h1_req *r, void *data);
h1_conn *h1_req_conn(h1_req *r);
const char *h1_req_method(h1_req *r);
const char *h1_req_url(h1_req *r, size_t *len);
size_t h1_req_header_count(h1_req *r);
/* Header i: name and value, not NUL-terminated. */
void h1_req_header(h1_req *r, size_t i, const char **name, size_t *nlen, const char **value,
                   size_t *vlen);
void h1_req_version(h1_req *r, int *major, int *minor);
unsigned h1_req_flags(h1_req *r);
int h1_req_status(h1_req *r);          /* 0 until the head was written */
uint64_t h1_req_bytes_sent(h1_req *r); /* response body bytes */
uint64_t h1_req_start_ns(h1_req *r);   /* uv_hrtime() when the request began */
/* The first header called `name` (case-insensitive), or NULL. */
const char *h1_req_header_value(h1_req *r, const char *name, size_t *len);

/* Buffers the status line and headers; they leave with the first body bytes.
 * `headers` is "Name: value\r\n" lines (may be empty). Returns 0 or -1 when
 * headers were already written. */
int h1_write_head(h1_req *r, int status, const char *reason, size_t reason_len, const char *headers,
                  size_t headers_len, unsigned flags, int64_t content_length);
/* Writes body bytes (end: and finishes the response). `release(token)` runs
 * when the engine no longer needs `data` (may be NULL: then data is copied).
 * Returns 1 when more may be written, 0 when the caller should wait for
 * on_drain, -1 when the response already ended or the connection is gone. */
int h1_write(h1_req *r, const void *data, size_t len, h1_release_fn release, void *token, bool end);
int h1_write_continue(h1_req *r);

/* --- tunnels (upgraded connections, worker/http/http_tunnel.c) ---
 * From on_request of an H1_UPGRADE request (HTTP/1.1 only): the user takes
 * the connection once the request's head was parsed (any body bytes belong
 * to the tunnel). Returns 0, or -1 when r cannot be taken over. */
int h1_req_take_over(h1_req *r);
bool h1_conn_is_tunnel(h1_conn *c);
/* Writes bytes to the tunnel's peer (encrypted on TLS); release(token) runs
 * once they were written to the socket (or the write failed). Returns 0, or
 * -1 when the connection is gone (release already ran). */
int h1_tunnel_write(h1_conn *c, const void *data, size_t len, h1_release_fn release, void *token);
/* Sends FIN (TLS: close_notify first) after the queued writes; then
 * on_tunnel_shutdown. Returns 0 or a libuv error. */
int h1_tunnel_shutdown(h1_conn *c);
size_t h1_tunnel_write_queued(h1_conn *c); /* bytes queued on the socket */
void h1_tunnel_ref(h1_conn *c, bool ref);
#endif
