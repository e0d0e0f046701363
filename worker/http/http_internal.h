#ifndef SHOAL_WORKER_HTTP_INTERNAL_H
#define SHOAL_WORKER_HTTP_INTERNAL_H
/* The engine's insides, shared by http1.c (connections, transport, HTTP/1.1)
 * and h2.c (HTTP/2). Not for users of the engine: they use http1.h.
 *
 * A connection (h1_conn) owns the socket and its transport: plain TCP, or
 * TLS (tls.h) between the socket and the protocol. Its protocol is decided
 * by ALPN on TLS, otherwise by the first bytes: the HTTP/2 connection
 * preface selects HTTP/2 (prior knowledge), anything else HTTP/1.1. An
 * HTTP/2 connection carries many requests at once: each stream is an h1_req
 * with proto 2, answered through the same h1_write_head/h1_write. */
#include <llhttp.h>

#include "http1.h"
#include "tls.h"

#define H1_HIGH_WATER_MARK 65536

typedef struct h1_field {
  size_t name_off, name_len, value_off, value_len;
} h1_field;

typedef struct h2_session h2_session;
typedef struct h2_chunk h2_chunk;

enum { PROTO_SNIFF = 0, PROTO_H1 = 1, PROTO_H2 = 2 };

struct h1_req {
  h1_conn *conn;
  void *data;
  const char *method;
  char *buf; /* url then header names and values */
  size_t buf_len, buf_cap;
  size_t url_off, url_len;
  h1_field *fields;
  size_t nfields, fields_cap;
  int major, minor;
  unsigned flags;
  /* response */
  char *head; /* status line and headers, not yet written */
  size_t head_len;
  bool head_written, chunked, no_body, close_after, ended;
  int64_t remaining; /* declared Content-Length still to write, or -1 */
  int writes_pending;
  int status;
  uint64_t bytes_sent; /* body bytes */
  uint64_t start_ns;
  bool body_done;            /* request message fully received */
  bool delivered;            /* the user got on_request */
  bool released;             /* the user got on_request_done */
  bool finish_sent;          /* on_finish delivered */
  bool release_when_written; /* detached from its connection; released after its writes */
  bool write_failed;
  bool take_over; /* the user takes the connection after the head (h1_req_take_over) */
  /* HTTP/2 stream (proto 2) */
  int proto;
  int32_t stream_id;
  char *method_buf;
  size_t header_bytes;
  bool too_large;                /* header list over the limit: answered 431 */
  bool submitted;                /* response HEADERS submitted */
  bool deferred;                 /* the data provider waits for writes */
  bool need_drain;               /* h1_write returned 0 */
  h2_chunk *out_head, *out_tail; /* body bytes not yet taken by nghttp2 */
  size_t out_queued;
  size_t unconsumed; /* request body bytes whose window update waits (paused) */
  uint64_t body_bytes;
  h1_req *s_prev, *s_next; /* the session's streams */
  /* response timeout (response_timeout.c): body bytes received + sent when
   * its sweep last saw them change, and when */
  uint64_t seen_bytes, seen_ns;
};

enum conn_phase { PHASE_IDLE, PHASE_HEADERS, PHASE_BODY };

struct h1_conn {
  uv_tcp_t tcp;
  uv_timer_t timer;
  struct sockaddr_storage remote; /* the client a PROXY header named, when has_remote */
  struct sockaddr_storage client; /* the client a trusted proxy's X-Forwarded-For named in the
                                     current request, when has_client (forwarded.h) */
  bool has_remote, has_client;
  int open_handles;
  h1_server *server;
  void *data;
  llhttp_t parser;
  enum conn_phase phase;
  h1_req *req; /* the request being parsed or answered */
  char *pending;
  size_t pending_len, pending_cap;
  bool parser_paused; /* waiting for the current response */
  bool user_paused, reading, closing;
  bool eof;                /* the client sent FIN: finish what is queued, then close */
  bool close_when_flushed; /* no more requests: close once writes complete */
  bool rejecting;
  bool resume_scheduled; /* pending bytes wait for the server's resume pass */
  h1_conn *resume_next;
  size_t header_bytes;
  uint64_t body_bytes;
  size_t write_queued;
  bool need_drain;
  bool in_field_value;  /* llhttp splits fields across reads */
  bool value_complete;  /* the current header's value ended (a fold after it is refused) */
  bool value_cut_short; /* its last span ended before the end of the input */
  const char *feed_end; /* end of the input llhttp is parsing */
  const char *feed_start;
  bool feed_ends_in_fold; /* the input so far ends in a line break and blanks */
  size_t chunk_ext_bytes; /* chunk extensions of the current chunk */
  unsigned requests;      /* requests begun on this connection */
  bool lingering;         /* drained: FIN sent, input discarded until EOF or a deadline */
  uv_shutdown_t shutdown_req;
  h1_conn *prev, *next;
  /* transport and protocol */
  tls_conn *tls;  /* NULL: plain TCP */
  int proto;      /* PROTO_* */
  char sniff[24]; /* the first bytes while deciding the protocol */
  size_t sniff_len;
  h2_session *h2;
  char peer[48]; /* the peer's address (TLS connections), for the log */
  bool tunnel;   /* upgraded: raw bytes to and from the user (http_tunnel.c) */
};

struct h1_server {
  uv_tcp_t listener;
  uv_loop_t *loop;
  h1_callbacks cb;
  void *data;
  h1_limits limits;
  h1_conn *conns;
  int nconns;
  uv_idle_t resume_idle;     /* parses pipelined requests outside the caller's stack */
  uv_timer_t response_timer; /* limits.response_timeout_ms: sweeps unanswered requests */
  h1_conn *resume_list;
  bool listening, closing, closed;
  tls_ctx *tls; /* connections of this server's own listener speak TLS */
};

/* http1.c, for h2.c */
int h1i_conn_write(h1_conn *c, h1_req *r, uv_buf_t *bufs, int nbufs, char *owned0, char *owned1,
                   h1_release_fn release, void *token);
void h1i_conn_close(h1_conn *c);
/* Answers the connection's request (if any) with `status` and closes: the
 * user hears on_aborted and on_request_done for a request it got. */
void h1i_conn_refuse(h1_conn *c, int status);
void h1i_conn_finish(h1_conn *c);
h1_req *h1i_req_new(h1_conn *c);
void h1i_req_release(h1_req *r);
void h1i_req_free_unreleased(h1_req *r);
void h1i_conn_arm_idle(h1_conn *c);
/* Answers the configured health path itself (200, or 503 while draining);
 * false when r is another request. */
bool h1i_answer_health(h1_req *r);
const char *h1i_http_date(void);
/* One line on stderr about a misbehaving peer, rate limited process-wide. */
void h1i_log_conn(h1_conn *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* http_tunnel.c */
/* llhttp stopped after r's head (or message) for an upgrade: `rest` is what
 * followed in this read. Starts the tunnel when the user took r over. */
void h1i_tunnel_start(h1_conn *c, h1_req *r, const char *rest, size_t len);
void h1i_tunnel_input(h1_conn *c, const char *data, ssize_t n);

/* response_timeout.c */
void h1i_response_timeout_init(h1_server *s); /* from h1_server_new; closed with the server */
void h1i_response_timeout_arm(h1_server *s);  /* the limits changed */

/* h2.c */
int h2_start(h1_conn *c); /* 0 or -1 */
void h2_feed(h1_conn *c, const char *data, size_t len);
void h2_on_write_done(h1_conn *c);
void h2_conn_closing(h1_conn *c); /* the connection closes: streams end */
void h2_free(h1_conn *c);         /* after the handles closed */
void h2_shutdown(h1_conn *c);     /* GOAWAY: finish open streams, then close */
bool h2_idle(h1_conn *c);         /* no open streams */
void h2_each_stream(h1_conn *c, h1_req_visit fn, void *arg);
/* RST_STREAM (CANCEL) for r; its connection's other streams go on. */
void h2_reset(h1_req *r);
/* Answers r with `status` (no body) in place of its user, who hears
 * on_aborted now and on_request_done when the stream closes; a request body
 * still coming is refused with RST_STREAM NO_ERROR (RFC 9113 §8.1). */
void h2_refuse(h1_req *r, int status);
void h2_pause(h1_conn *c);
void h2_resume(h1_conn *c);
int h2_write_head(h1_req *r, int status, const char *headers, size_t headers_len, unsigned flags,
                  int64_t content_length);
int h2_write(h1_req *r, const void *data, size_t len, h1_release_fn release, void *token, bool end);
int h2_write_continue(h1_req *r);
/* The peer of the transport: the address a PROXY header named, else the
 * socket's peer (h1_conn_peername without X-Forwarded-For). */
int h1i_conn_transport_peer(h1_conn *c, struct sockaddr_storage *out);

#endif
