#ifndef SHOAL_WORKER_HTTP_REQUEST_H
#define SHOAL_WORKER_HTTP_REQUEST_H
/* request: the protocol-neutral request. Each protocol embeds an http_req
 * as the first member of its own request (HTTP/1.1: h1_req in http1.c;
 * HTTP/2: h2_stream in h2.c) and answers through http_req_ops; everything
 * the user sees (the http_req_* accessors, http_write_head/http_write) and
 * everything that must hold on every protocol lives here: the request's
 * lifecycle (on_finish, on_request_done, freeing) and the request hooks
 * at its start and end (http_request_hooks: request accounting), write
 * accounting and on_drain, the health path, the Date header and status
 * reasons.
 *
 * Ownership: the protocol allocates its request and fills the head (buf,
 * fields, method); buf and fields are the request's and are freed with it
 * (http_req_dispose, from ops->free). A request is freed once the user got
 * on_request_done (or never got on_request) and its writes completed. */
#include "conn.h"

typedef struct http_field {
  size_t name_off, name_len, value_off, value_len;
} http_field;

typedef struct http_req_ops {
  /* As http_write_head / http_write / http_write_continue (http_engine.h). */
  int (*write_head)(http_req *r, int status, const char *reason, size_t reason_len,
                    const char *headers, size_t headers_len, unsigned flags,
                    int64_t content_length);
  int (*write)(http_req *r, const void *data, size_t len, http_release_fn release, void *token,
               bool end);
  int (*write_continue)(http_req *r);
  /* As http_write_file; NULL: the protocol cannot (HTTP/2). */
  int (*write_file)(http_req *r, int fd, uint64_t offset, uint64_t length, http_file_done_fn done,
                    void *token);
  /* The user destroyed r (not yet released): HTTP/1.1 takes the
   * connection down, HTTP/2 resets the stream alone. */
  void (*destroy)(http_req *r);
  /* http_req_take_over; NULL: the protocol has no upgrade. */
  int (*take_over)(http_req *r);
  /* The engine answers r with `status` (no body) in place of its user, who
   * has sent nothing of the response yet: the user hears on_aborted now and
   * on_request_done last, as when the client leaves. HTTP/1.1 answers with
   * Connection: close and closes; HTTP/2 answers the stream alone and
   * refuses a request body still coming with RST_STREAM NO_ERROR. */
  void (*refuse)(http_req *r, int status);
  /* Frees the protocol's request (after http_req_dispose). */
  void (*free)(http_req *r);
  /* Whether everything r wrote is in the kernel's hands now (nothing
   * queued in the protocol or the transport); NULL: never known before the
   * write completes (http_req_claim_finish). */
  bool (*flushed)(http_req *r);
} http_req_ops;

struct http_req {
  const http_req_ops *ops;
  http_conn *conn;
  void *data; /* the user's */
  const char *method;
  char *buf; /* url then header names and values */
  size_t buf_len, buf_cap;
  size_t url_off, url_len;
  http_field *fields;
  size_t nfields, fields_cap;
  int major, minor;
  unsigned flags; /* HTTP_KEEP_ALIVE... */
  /* http_req_body_with_head: the body in the protocol's input, set only
   * around on_request */
  const char *body_with_head;
  size_t body_with_head_len;
  /* response */
  int status;
  uint64_t bytes_sent; /* body bytes */
  uint64_t body_bytes; /* request body bytes received */
  uint64_t start_ns;
  /* response_timeout.c: body_bytes + bytes_sent when its sweep last saw
   * them change, and when */
  uint64_t seen_bytes, seen_ns;
  int writes_pending;
  bool head_written, no_body, ended;
  bool body_done;            /* request message fully received */
  bool body_wanted;          /* the user reads the body (http_req_want_body) */
  bool delivered;            /* the user got on_request */
  bool released;             /* the user got on_request_done */
  bool finish_sent;          /* on_finish delivered */
  bool finish_claimed;       /* the user finishes r itself (http_req_claim_finish) */
  bool release_when_written; /* detached from its connection; released after its writes */
  bool write_failed;
  char *trailers; /* "Name: value\r\n" lines sent after the body, or NULL */
  size_t trailers_len;
};

/* Sets up r (zeroed by the caller's calloc) as a request of c. */
void http_req_init(http_req *r, const http_req_ops *ops, http_conn *c);
/* Frees what every request owns (buf, fields); ops->free's first step. */
void http_req_dispose(http_req *r);
/* The user's last calls for r: on_finish when the whole response was
 * written, then on_request_done. Frees r unless writes are pending. */
void http_req_release(http_req *r);
/* Frees r once the user is done with it and its writes completed. */
void http_req_maybe_free(http_req *r);
/* A write counted for r completed (conn.c). */
void http_req_written(http_req *r, int status);
/* Hands r to the user (on_request) unless the engine answers it itself
 * (the health path: false, and r may be gone). Applies forwarded.h first. */
bool http_req_deliver(http_req *r);
/* On_aborted when the user has r and its response did not end. */
void http_req_abort(http_req *r);
/* Appends a header line (copied); 0 or -1 (out of memory). */
int http_req_add_field(http_req *r, const char *name, size_t nlen, const char *value, size_t vlen);
/* A zeroed block of n bytes (NULL when out of memory), for the records made
 * per request and per connection: glibc's calloc skips the thread's cache (tcache) that malloc
 * serves small blocks from, ~300 instructions against ~60. */
void *http_zalloc(size_t n);
/* Grows *buf to hold need bytes; 0 or -1. */
int http_grow(char **buf, size_t *cap, size_t need);

/* Whether a response with `status` has a body (not 1xx, 204, 304). */
bool http_status_has_body(int status);
/* Whether r's response sends no body (HEAD, such statuses, HTTP_NO_BODY). */
bool http_req_no_body(http_req *r, int status, unsigned flags);
const char *http_status_reason(int status);
/* The Date header value, formatted once per second. */
const char *http_date(void);
#endif
