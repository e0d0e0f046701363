#ifndef SHOAL_WORKER_HTTP_CONN_H
#define SHOAL_WORKER_HTTP_CONN_H
/* conn: the engine's connections, below any HTTP framing. A connection owns
 * its socket and transport (plain TCP, or a TLS session, tls_session.h, of
 * its listener's context, tls.h, between the socket
 * and the protocol): it reads, queues writes (writev, tried at once, their
 * completion reported later), closes, lingers while draining, and picks the
 * protocol that speaks on it: ALPN on TLS, otherwise the first bytes (the
 * HTTP/2 connection preface selects HTTP/2, prior knowledge; anything else
 * HTTP/1.1). The protocol (http1.c, h2.c) plugs in through http_proto and
 * keeps its state in conn->p; the two protocols never call each other.
 * Once upgraded (http_tunnel.c) a connection carries raw bytes to the user.
 *
 * Also here: the server (listeners, the list of connections), since a
 * connection lives in its server's list. Internal to worker/http/: users
 * include http_engine.h.
 *
 * Ownership: the server owns its connections (conn_new, freed once both
 * handles closed, after on_conn_close); a connection owns its tls_session
 * and a reference on its tls_ctx, and its protocol state (freed through proto->free); `data` is the
 * user's. */
#include "http_engine.h"
#include "tls.h"

/* Bytes queued on a socket above which a writer is told to wait (on_drain). */
#define HTTP_HIGH_WATER_MARK 65536

typedef struct conn_file conn_file; /* conn_file.c */

/* A protocol on a connection. Every entry may be NULL when not needed. */
typedef struct http_proto {
  /* Plaintext from the peer. */
  void (*input)(http_conn *c, const char *data, size_t len);
  /* The peer's EOF (TCP FIN or TLS close_notify); NULL: close. */
  void (*eof)(http_conn *c);
  /* A write completed; c is still open. */
  void (*written)(http_conn *c);
  /* c closes: its open requests end (on_aborted, on_request_done). */
  void (*closing)(http_conn *c);
  /* Both handles closed: free the protocol's state. */
  void (*free)(http_conn *c);
  /* The keep-alive timer fired: end c gracefully (HTTP/2: GOAWAY); c
   * closes 5 s later at most. NULL: c closes at once. */
  void (*idle_timeout)(http_conn *c);
  /* The server stops accepting (http_server_close), or the drain's last
   * phase (http_server_goaway). */
  void (*server_closing)(http_conn *c);
  /* The server drains (http_server_drain): end c once it is idle. */
  void (*drain)(http_conn *c);
  /* http_server_close_idle: end c if it has no request in progress. */
  void (*close_idle)(http_conn *c);
  void (*each_request)(http_conn *c, http_req_visit fn, void *arg);
  /* The user pauses/resumes c. pause NULL: reading stops. resume returns
   * false while reading must stay off. */
  void (*pause)(http_conn *c);
  bool (*resume)(http_conn *c);
} http_proto;

struct http_conn {
  uv_tcp_t tcp;
  uv_timer_t timer;                   /* the protocol's timeouts, else the reject deadline */
  uint64_t idle_due;                  /* loop time of the idle deadline (conn_arm_idle) */
  bool timer_idle;                    /* timer was last started for the idle deadline */
  struct conn_write_req *spare_write; /* a finished write's record, for the next write */
  struct sockaddr_storage remote;     /* the client a PROXY header named, when has_remote */
  struct sockaddr_storage client;     /* the client a trusted proxy's X-Forwarded-For named in the
                                         current request, when has_client (forwarded.h) */
  bool has_remote, has_client;
  int open_handles;
  http_server *server;
  void *data;
  unsigned user_flags; /* the user's, beside data (http_conn_set_user_flags) */
  bool user_paused, reading, closing;
  bool started;            /* on_connection announced it: on_conn_close ends it */
  bool nodelay;            /* TCP_NODELAY on already (HTTP_ADOPT_NODELAY) */
  bool adopted;            /* handed over (http_server_adopt_from), not accepted here */
  bool polled;             /* libuv may have added the socket to epoll (close_unpolled) */
  bool last_write;         /* conn_last_write: the bytes now written are the last */
  bool close_when_flushed; /* no more requests: close once writes complete */
  bool rejecting;          /* answered for bad input (or timed out): closing soon */
  bool user_answers;       /* the user answers the bad input (http_conn_answer_client_error) */
  /* During on_client_error for a parse error: the parser's words, the
   * read it failed in and the bytes of it parsed (else reject_reason NULL). */
  const char *reject_reason;
  const char *reject_input;
  size_t reject_input_len, reject_parsed;
  bool need_drain; /* a writer was told to wait for the queue */
  bool lingering;  /* drained: FIN sent, input discarded until EOF or a deadline */
  bool tunnel;     /* upgraded: raw bytes to and from the user (http_tunnel.c) */
  size_t write_queued;
  /* A file being sent (conn_file.h); the writes made meanwhile wait in
   * `deferred`, in order, and leave once it is out. */
  conn_file *file;
  struct conn_write_req *deferred, **deferred_tail;
  uint64_t bytes_written; /* handed to conn_write (plaintext), for socket.bytesWritten */
  /* The error a uv_try_write met (the peer reset us), told as the socket's
   * error when the write or the EOF after it is seen: the kernel reports a
   * reset once, so the read that follows only sees EOF. */
  int write_err;
  uv_shutdown_t shutdown_req;
  http_conn *prev, *next;
  tls_session *tls; /* NULL: plain TCP */
  tls_ctx *tls_ctx; /* the session's context (a reference) */
  tls_ctx *sni_ctx; /* the context the user chose by SNI (a reference), or NULL */
  /* The handshake waits for the user's answer to the ClientHello (the
   * user's SNI choice: on_tls_servername); in_hello: we are calling it. */
  bool hello_wait, in_hello;
  const http_proto *proto; /* NULL while the protocol is not known */
  void *p;                 /* the protocol's state (http1.c, h2.c) */
  size_t sniff_len;        /* bytes of the HTTP/2 preface seen so far */
  /* response_timeout.c, once every request of c is answered: the socket's
   * queued bytes when last seen shrinking, and since when (0: not watched). */
  size_t stall_left;
  uint64_t stall_since_ns;
  char peer[48]; /* the peer's address (TLS connections), for the log */
};

struct http_server {
  uv_tcp_t listener;
  uv_loop_t *loop;
  http_callbacks cb;
  void *data;
  http_limits limits;
  http_conn *conns;
  int nconns;
  /* HTTP/1.1 (http1.c): parses pipelined requests outside the caller's stack */
  uv_idle_t resume_idle;
  http_conn *resume_list;
  uv_timer_t response_timer; /* limits.response_timeout_ms: sweeps unanswered requests */
  bool listening, closing, closed;
  bool draining;          /* http_server_drain: HTTP/2 ends idle connections only */
  uint64_t drain_idle_ms; /* when draining: an HTTP/2 connection idle this long gets GOAWAY */
  tls_ctx *tls;           /* connections of this server's own listener speak TLS */
};

/* Protocol entry points (0, or -1 when out of memory): they set c->proto. */
int h1_start(http_conn *c); /* http1.c */
int h2_start(http_conn *c); /* h2.c */
/* A plain connection sent no complete request head within the headers (or
 * request) timeout of its start: answered 408 by HTTP/1.1, as Node's
 * server does (http1.c). false: c speaks another protocol, untouched. */
bool h1_first_request_late(http_conn *c);

/* A new connection of s (not yet listed), speaking TLS with `tls` if not
 * NULL; its socket is to be accepted or opened, then conn_start. */
http_conn *conn_new(http_server *s, tls_ctx *tls);
/* Lists c in its server, tells the user, starts reading. */
void conn_start(http_conn *c);
/* A connection whose socket could not be set up: closed unseen. */
void conn_discard(http_conn *c);

/* Queues bufs as one write through the transport (encrypted on TLS).
 * Ownership of owned0/owned1 (freed after the write) and of token
 * (release(token) once the bytes left) moves here; r, if any, counts the
 * write (request.h). Returns 0, or -1 when c is gone (release ran). */
int conn_write(http_conn *c, http_req *r, uv_buf_t *bufs, int nbufs, char *owned0, char *owned1,
               http_release_fn release, void *token);
/* A write already counted for r (writes_pending) completes: release(token)
 * and r's write accounting run from the check phase, as for a write that
 * went out at once. */
void conn_complete_later(http_conn *c, http_req *r, http_release_fn release, void *token);
/* The file in front of them is out: the deferred writes go (conn_file.c). */
void conn_flush_deferred(http_conn *c);
/* Whether every byte written so far left for the kernel (no write queued,
 * none failed). */
bool conn_flushed(http_conn *c);
/* Closes now: open requests are aborted; handles close, then c is freed. */
void conn_close(http_conn *c);
/* No more requests: stop reading, close once the queued bytes left. */
void conn_finish(http_conn *c);
/* The bytes written from now on are c's last: c closes (conn_finish,
 * conn_close) within this loop iteration, however they are taken. They
 * go out with the FIN (MSG_MORE until the close). Plain TCP only. */
void conn_last_write(http_conn *c);
/* conn_finish, but waits 5 s at most for the queued bytes. */
void conn_finish_bounded(http_conn *c);
/* Bad input the user answers: c closes at the same deadline. */
void conn_await_user(http_conn *c);
/* A transport error: on_conn_error, then conn_close. */
void conn_fail(http_conn *c, int err, const char *syscall);
/* Ends an idle connection without a reset (FIN, then input dropped until
 * the peer's EOF or 1 s). */
void conn_linger(http_conn *c);
/* Starts the keep-alive timer (limits.keepalive_timeout_ms). */
void conn_arm_idle(http_conn *c);
/* Stops c->timer (as uv_timer_stop; an idle timer is disarmed instead, for
 * conn_arm_idle to reuse). */
void conn_stop_timer(http_conn *c);
/* Starts c->timer once, after ms, for a timeout other than the idle one
 * (every such timeout starts it here: conn_arm_idle must know). */
void conn_start_timer(http_conn *c, uv_timer_cb cb, uint64_t ms);
void conn_read_stop(http_conn *c);
/* The peer of the transport: the address a PROXY header named, else the
 * socket's peer (http_conn_peername without X-Forwarded-For). */
int conn_transport_peer(http_conn *c, struct sockaddr_storage *out);
/* Whether a request of c got on_request and is not answered yet (server.c). */
bool conn_has_unanswered(http_conn *c);
/* One line on stderr about a misbehaving peer, rate limited process-wide. */
void conn_log(http_conn *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* http_tunnel.c: r's connection becomes a tunnel (the user took r over);
 * `rest` is what followed r's head in this read. Releases r. */
void tunnel_start(http_conn *c, http_req *r, const char *rest, size_t len);
/* Bytes (n > 0) or the end (n < 0: UV_EOF or an error) from a tunnel's peer. */
void tunnel_input(http_conn *c, const char *data, ssize_t n);
#endif
