#ifndef SHOAL_WORKER_HTTP_ENGINE_H
#define SHOAL_WORKER_HTTP_ENGINE_H
/* http_engine: the HTTP engine's API, the only header its users include
 * (bindings/mod_http.c, worker/worker.c). Connections are plain TCP or TLS
 * (worker/http/conn.c, tls.h); each speaks HTTP/1.1 (http1.c, llhttp) or
 * HTTP/2 (h2.c, nghttp2: prior knowledge on cleartext, ALPN on TLS), and
 * every request, whatever its protocol, is an http_req (request.h) delivered
 * through the same callbacks and answered with the same
 * http_write_head/http_write (http_req_version says 1.x or 2.0).
 *
 * HTTP/1.1: keep-alive, pipelining (one request at a time, responses in
 * order), request bodies by Content-Length or chunked, chunked responses,
 * 100-continue, HEAD/204/304, HTTP/1.0, limits (431, 413, 408, 400) and
 * timeouts, writes batched with writev, response bodies written without
 * copying. HTTP/2: flow control both ways, GOAWAY on drain (once a
 * connection is idle, or in the drain's last phase), flood limits.
 *
 * The engine knows nothing of JavaScript: a user gets events through
 * http_callbacks and answers with http_write_head/http_write.
 *
 * Ownership: the user owns an http_server (http_server_free after it closed).
 * The engine owns connections and requests and frees them itself; it calls
 * on_request_done / on_conn_close last, after which the pointer is gone. The
 * user's `data` pointers are the user's to release in those callbacks. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

typedef struct http_server http_server;
typedef struct http_conn http_conn;
typedef struct http_req http_req;
typedef struct tls_ctx tls_ctx;         /* worker/http/tls.h */
typedef struct tls_session tls_session; /* worker/http/tls_session.h */

typedef struct http_limits {
  size_t header_bytes;           /* request line + headers; over: 431 */
  uint64_t body_bytes;           /* over: 413; 0 = unlimited */
  uint64_t headers_timeout_ms;   /* headers not complete in time: 408 */
  uint64_t keepalive_timeout_ms; /* idle keep-alive connection closed after */
  uint64_t request_timeout_ms;   /* whole request (headers and body) not in: 408; 0 = off */
  /* A request the user got but has not answered in time, counted from its
   * start or from the last request body byte received or response byte
   * written: 504 when nothing of the response left yet, else the response
   * is cut; 0 = off (response_timeout.h). */
  uint64_t response_timeout_ms;
  uint32_t max_headers;    /* header lines kept (0 = all) */
  uint32_t h2_max_streams; /* HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS */
  /* Node's server.httpAllowHalfOpen: a client's EOF after complete requests
   * lets their answers be written (false: a request still being answered is
   * aborted, Node's default). */
  bool allow_half_open;
} http_limits;

void http_limits_default(http_limits *l);
/* A path every server answers itself (200 "ok", 503 while draining); NULL: none. */
void http_set_health_path(const char *path);
/* down: the health path answers 503 although the server still serves every
 * request (`shoal ctl drain`, before an upgrade: the balancer moves away). */
void http_set_health_down(bool down);

typedef struct http_callbacks {
  void (*on_connection)(http_conn *c);
  void (*on_request)(http_req *r);
  void (*on_body)(http_req *r, const char *data, size_t len);
  void (*on_body_end)(http_req *r); /* HTTP/1.1: only for requests with HTTP_HAS_BODY */
  void (*on_drain)(http_req *r);
  void (*on_finish)(http_req *r);
  void (*on_aborted)(http_req *r);
  void (*on_request_done)(http_req *r); /* last call for r */
  /* Bad input or a timeout (status 400, 408, 413, 431; code Node's
   * HPE_* / ERR_HTTP_REQUEST_TIMEOUT): the engine answers `status` and
   * closes, unless the user calls http_conn_answer_client_error from here. */
  void (*on_client_error)(http_conn *c, const char *code, int status);
  /* last call for c, for every connection on_connection announced (its
   * data NULL if the user set none) */
  void (*on_conn_close)(http_conn *c);
  /* The transport failed (a libuv error of `syscall`, "read" or "write"), or
   * the peer's EOF cut a request body (UV_EOF, syscall NULL); c closes right
   * after (on_aborted for its open requests, on_conn_close). */
  void (*on_conn_error)(http_conn *c, int err, const char *syscall);
  void (*on_server_close)(http_server *s);
  /* Upgrades (worker/http/http_tunnel.c): a request the user took over with
   * http_req_take_over ends at its head; its connection becomes a tunnel of
   * raw bytes (decrypted on TLS) and `head` holds the bytes already read
   * after the head. r is released right after. */
  void (*on_upgrade)(http_req *r, const char *head, size_t len);
  /* Bytes from a tunnel's peer; n < 0: UV_EOF or a libuv error. */
  void (*on_tunnel_read)(http_conn *c, const char *data, ssize_t n);
  void (*on_tunnel_shutdown)(http_conn *c, int status); /* http_tunnel_shutdown done */
  /* A TLS handshake the engine refused or that failed, or a client
   * certificate refused right after it (Node's 'tlsClientError'): OpenSSL's
   * reason, if any, is tls_session_ossl_error(http_conn_tls(c)); c closes
   * after. */
  void (*on_tls_client_error)(http_conn *c);
  /* A ClientHello named `servername` on a server whose context leaves the
   * certificate to the user (tls_ctx_set_user_sni, tls.h): the handshake
   * waits for http_conn_tls_resume (or the connection's destruction). */
  void (*on_tls_servername)(http_conn *c, const char *servername);
} http_callbacks;

/* Request accounting: hooks the engine calls for every request it hands to
 * its user, on every protocol (request.c: http_req_deliver and
 * http_req_release, which each protocol goes through), so that counters,
 * latency and the access log (the cluster worker's
 * worker/request_accounting.c) hold on HTTP/1.1 and HTTP/2 alike and a new
 * protocol is counted without doing anything of its own. Requests the
 * engine answers itself (the health path, 400/408/413/431 before a request
 * was complete) are not handed over and not counted. */
typedef struct http_req_summary {
  int status;           /* as http_req_status: 0 when no head was written */
  bool finished;        /* the whole response was written: the user gets on_finish */
  uint64_t bytes_in;    /* request body bytes received */
  uint64_t bytes_out;   /* response body bytes written */
  uint64_t duration_ns; /* from the request's first byte until now */
} http_req_summary;

typedef struct http_request_hooks {
  void (*begin)(http_req *r); /* r goes to the user: right before on_request */
  /* r's end, right before on_finish (when finished) and on_request_done. */
  void (*end)(http_req *r, const http_req_summary *sum);
  /* Around the user's handler for r (http_req_handler_enter/leave). leave
   * may answer r itself (e.g. 503 when the handler was cut short). */
  void (*handler_enter)(http_req *r);
  void (*handler_leave)(http_req *r);
} http_request_hooks;

/* For the engine on this thread's loop (the cluster worker's main thread;
 * servers of worker threads are not accounted), set once at start-up
 * (NULL: none); hooks (every member may be NULL) is the caller's and must
 * outlive every request. */
void http_set_request_hooks(const http_request_hooks *hooks);
/* The user runs its own handler for r (JavaScript: the request listener,
 * a body chunk) from the event loop, and is back from it: the hooks'
 * handler_enter/handler_leave (the CPU guard, the busy page). Not nested:
 * code the handler runs synchronously is inside the same pair. r may be
 * answered (a 503) by handler_leave. */
void http_req_handler_enter(http_req *r);
void http_req_handler_leave(http_req *r);

/* Request flags (http_req_flags). */
enum {
  HTTP_KEEP_ALIVE = 1,
  HTTP_EXPECT_CONTINUE = 2,
  HTTP_UPGRADE = 4,
  HTTP_HAS_BODY = 8,
  HTTP_HAS_HOST = 16,   /* HTTP/1.x: a Host field */
  HTTP_HAS_EXPECT = 32, /* HTTP/1.x: an Expect field, whatever its value */
};

/* http_write_head flags, as documented in docs/http-binding.md. */
enum {
  HTTP_HAS_CONTENT_LENGTH = 1,
  HTTP_HAS_TRANSFER_ENCODING = 2,
  HTTP_HAS_DATE = 4,
  HTTP_HAS_CONNECTION = 8,
  HTTP_CLOSE = 16,
  HTTP_NO_DATE = 32,
  HTTP_NO_BODY = 64,
  HTTP_USER_CHUNKED = 128,   /* the user's Transfer-Encoding is chunked: frame the body */
  HTTP_HAS_KEEP_ALIVE = 256, /* the user's Keep-Alive header replaces the engine's */
};

/* Called when the engine is done with bytes it did not copy. */
typedef void (*http_release_fn)(void *token);

http_server *http_server_new(uv_loop_t *loop, const http_callbacks *cb, void *data);
void http_server_set_limits(http_server *s, const http_limits *l);
const http_limits *http_server_limits(http_server *s);
/* Binds and listens. Returns 0 or a libuv error. */
int http_server_listen(http_server *s, const char *host, int port, int backlog);
/* Address actually bound (after listen). */
int http_server_address(http_server *s, struct sockaddr_storage *out);
/* Listens on a socket bound by someone else (the master, balance "kernel"). */
int http_server_listen_fd(http_server *s, uv_os_sock_t fd, int backlog);
bool http_server_closing(http_server *s);
/* Serves a connected socket handed over by someone else (e.g. the master). */
int http_server_adopt(http_server *s, uv_os_sock_t fd);
/* The same over TLS with `tls`, e.g. the config listener's context (NULL:
 * the server's own, see http_server_set_tls; plain TCP when it has none). */
int http_server_adopt_tls(http_server *s, uv_os_sock_t fd, tls_ctx *tls);
/* The same, with the client's address as a proxy in front reported it
 * (remote, copied; NULL: the socket's peer), as http_conn_peername says.
 * flags: HTTP_ADOPT_NODELAY when fd has TCP_NODELAY on already (the
 * engine sets it otherwise). */
enum { HTTP_ADOPT_NODELAY = 1 };
int http_server_adopt_from(http_server *s, uv_os_sock_t fd, tls_ctx *tls,
                           const struct sockaddr *remote, unsigned flags);
/* Opens a new connection's handle (uv_tcp_init'ed by the engine) on a
 * socket the caller holds: 0, or a libuv error (the socket is then the
 * caller's to close, unless open took it). */
typedef int (*http_socket_open)(uv_tcp_t *tcp, void *arg);
/* http_server_adopt_from with the socket put in the handle by open(tcp,
 * arg): e.g. uv_accept of a descriptor received on an IPC pipe, which
 * takes it as it is, where uv_tcp_open sets O_NONBLOCK again (an ioctl per
 * connection). open is not called when the engine fails before it. */
int http_server_adopt_with(http_server *s, http_socket_open open, void *arg, tls_ctx *tls,
                           const struct sockaddr *remote, unsigned flags);
/* Connections accepted by this server's own listener (and http_server_adopt)
 * speak TLS with `tls` (the server takes a reference; NULL: plain TCP). */
void http_server_set_tls(http_server *s, tls_ctx *tls);
/* Stops accepting; on_server_close follows. HTTP/1.1 connections get
 * Connection: close on their next response; HTTP/2 ones GOAWAY now. */
void http_server_close(http_server *s);
/* Drains s (a cluster worker's reload, scale-down, upgrade or stop): stops
 * accepting as http_server_close, and HTTP/1.1 connections the same (idle
 * ones are let go); but an HTTP/2 connection keeps taking new streams while
 * it is busy and gets GOAWAY once it had no open stream for idle_grace_ms
 * (or the keep-alive timeout, if shorter), or at http_server_goaway. Its
 * clients (nghttp2: h2load, curl, Node's http2) fail, without sending it,
 * every request they queue after a GOAWAY, and most do not retry. */
void http_server_drain(http_server *s, uint64_t idle_grace_ms);
/* The drain's last phase: GOAWAY on every HTTP/2 connection of s now (open
 * streams finish); nothing for HTTP/1.1. */
void http_server_goaway(http_server *s);
void http_server_free(http_server *s); /* after on_server_close */
void http_server_close_idle(http_server *s);
void http_server_close_all(http_server *s);
int http_server_conn_count(http_server *s);
/* Calls fn for every request of s whose user got on_request and that is not
 * answered yet (ended), HTTP/2 streams included. fn may write to, end or
 * destroy r (not other requests). */
typedef void (*http_req_visit)(http_req *r, void *arg);
/* The user destroyed r: an HTTP/1.1 request takes its connection down, an
 * HTTP/2 stream is reset alone. on_aborted follows if r was not answered. */
void http_req_destroy(http_req *r);
/* The user reads r's body: HTTP/2 then takes all of it even when the
 * response completes first (else the rest is declined with RST_STREAM
 * NO_ERROR, as Node does for a body nobody read). */
void http_req_want_body(http_req *r);
void http_server_each_request(http_server *s, http_req_visit fn, void *arg);
int http_server_nconns(http_server *s); /* including connections still closing */
void *http_server_data(http_server *s);

void *http_conn_data(http_conn *c);
void http_conn_set_data(http_conn *c, void *data);
/* A few bits of the user's beside data (0 at first). */
unsigned http_conn_user_flags(http_conn *c);
void http_conn_set_user_flags(http_conn *c, unsigned flags);
http_server *http_conn_server(http_conn *c);
uv_tcp_t *http_conn_tcp(http_conn *c);
/* The client's address: the one given to http_server_adopt_from, else the
 * socket's peer. Returns 0 or a libuv error. */
int http_conn_peername(http_conn *c, struct sockaddr_storage *out);
bool http_conn_is_tls(http_conn *c);
/* Bytes written on c so far (heads, bodies, raw writes; before TLS). */
uint64_t http_conn_bytes_written(http_conn *c);
/* Bytes the kernel has not taken yet (libuv's queue after partial writes;
 * TLS: ciphertext): a socket's writableLength, 0 once a write went out
 * whole at once. */
size_t http_conn_unsent(http_conn *c);
/* The connection's TLS session (tls_session.h, owned by c), or NULL on
 * plain TCP. */
tls_session *http_conn_tls(http_conn *c);
/* The user's answer to on_tls_servername: the handshake goes on with
 * `chosen`'s certificate (a context made for this server's settings, tls.h;
 * c takes a reference) or, NULL, with the server's default one. Nothing
 * when c is not waiting (closed meanwhile, answered already). */
void http_conn_tls_resume(http_conn *c, tls_ctx *chosen);
void http_conn_destroy(http_conn *c);
/* From on_client_error: the user answers (Node's 'clientError' listener)
 * with http_conn_write_raw, http_conn_end or http_conn_destroy; the engine
 * writes nothing, drops the request and closes c 5 s later at most. */
void http_conn_answer_client_error(http_conn *c);
/* During on_client_error: the parser's description of the bad input (a
 * static string), or NULL (a limit or a timeout); then *input and *input_len
 * is the read it failed in and *parsed the bytes of it parsed (Node's
 * err.rawPacket and err.bytesParsed). */
const char *http_conn_reject_reason(http_conn *c, const char **input, size_t *input_len,
                                    size_t *parsed);
/* Bytes as they are on c's transport (copied; encrypted on TLS). 0 or -1. */
int http_conn_write_raw(http_conn *c, const char *data, size_t len);
/* No more input is read; c closes once its queued writes are out. */
void http_conn_end(http_conn *c);
void http_conn_pause(http_conn *c);
void http_conn_resume(http_conn *c);

void *http_req_data(http_req *r);
void http_req_set_data(http_req *r, void *data);
http_conn *http_req_conn(http_req *r);
const char *http_req_method(http_req *r);
const char *http_req_url(http_req *r, size_t *len);
size_t http_req_header_count(http_req *r);
/* Header i: name and value, not NUL-terminated. */
void http_req_header(http_req *r, size_t i, const char **name, size_t *nlen, const char **value,
                     size_t *vlen);
void http_req_version(http_req *r, int *major, int *minor);
unsigned http_req_flags(http_req *r);
int http_req_status(http_req *r);          /* 0 until the head was written */
uint64_t http_req_bytes_sent(http_req *r); /* response body bytes */
uint64_t http_req_start_ns(http_req *r);   /* uv_hrtime() when the request began */
/* The whole request body when it arrived with the head, or NULL; valid
 * during on_request only. HTTP/1.1 holds a Content-Length request back
 * while the read that completed its head goes on, so that a small POST
 * (head and body in one read) reaches the user in one call: such a request
 * is complete at on_request and gets no on_body/on_body_end. */
const char *http_req_body_with_head(http_req *r, size_t *len);
/* The first header called `name` (case-insensitive), or NULL. */
const char *http_req_header_value(http_req *r, const char *name, size_t *len);

/* Buffers the status line and headers; they leave with the first body bytes.
 * `headers` is "Name: value\r\n" lines (may be empty). Returns 0 or -1 when
 * headers were already written. */
int http_write_head(http_req *r, int status, const char *reason, size_t reason_len,
                    const char *headers, size_t headers_len, unsigned flags,
                    int64_t content_length);
/* Writes body bytes (end: and finishes the response). `release(token)` runs
 * when the engine no longer needs `data` (may be NULL: then data is copied).
 * Returns 1 when more may be written, 0 when the caller should wait for
 * on_drain, -1 when the response already ended or the connection is gone. */
int http_write(http_req *r, const void *data, size_t len, http_release_fn release, void *token,
               bool end);
/* A file's bytes as body (HTTP/1.1 on plain TCP only): length bytes of the
 * regular file fd from offset, sent with sendfile(2) after what was written
 * before (worker/http/conn_file.h); chunked, they are one chunk. The
 * response does not end. done(token, status, sent) follows, never from
 * inside this call: status 0 and sent == length; status 0 and less when the
 * file ended early, or a negative libuv error of the file: the connection
 * is then cut (the head announced more bytes); UV_ECANCELED when the
 * connection went meanwhile. Returns 0, or -1 when the protocol or
 * transport cannot (TLS, HTTP/2, a file already being sent, the response
 * ended): nothing was written and done will not come. fd stays open and
 * untouched until done. */
typedef void (*http_file_done_fn)(void *token, int status, uint64_t sent);
int http_write_file(http_req *r, int fd, uint64_t offset, uint64_t length, http_file_done_fn done,
                    void *token);
int http_write_continue(http_req *r);
/* After the response's end: when all of it is already in the kernel's
 * hands (HTTP/1.1's writes usually go out at once) and the request body is
 * complete or absent, the user takes the finish over: true, and r's
 * on_finish will not come (on_request_done still does, after the write's
 * completion). Lets the user run 'finish' without a call from the engine
 * (one C->JS crossing less per response). False: on_finish comes as usual. */
bool http_req_claim_finish(http_req *r);
/* Trailer fields for the end of the response ("Name: value\r\n" lines,
 * copied): HTTP/1.1 sends them after the last chunk of a chunked body (a
 * body of known length has none), HTTP/2 as a trailing HEADERS frame.
 * Returns 0, or -1 once the response ended. */
int http_set_trailers(http_req *r, const char *lines, size_t len);

/* --- tunnels (upgraded connections, worker/http/http_tunnel.c) ---
 * From on_request of an HTTP_UPGRADE request (HTTP/1.1 only): the user takes
 * the connection once the request's head was parsed (any body bytes belong
 * to the tunnel). Returns 0, or -1 when r cannot be taken over. */
int http_req_take_over(http_req *r);
bool http_conn_is_tunnel(http_conn *c);
/* Writes bytes to the tunnel's peer (encrypted on TLS); release(token) runs
 * once they were written to the socket (or the write failed). Returns 0, or
 * -1 when the connection is gone (release already ran). */
int http_tunnel_write(http_conn *c, const void *data, size_t len, http_release_fn release,
                      void *token);
/* Sends FIN (TLS: close_notify first) after the queued writes; then
 * on_tunnel_shutdown. Returns 0 or a libuv error. */
int http_tunnel_shutdown(http_conn *c);
size_t http_tunnel_write_queued(http_conn *c); /* bytes queued on the socket */
void http_tunnel_ref(http_conn *c, bool ref);
#endif
