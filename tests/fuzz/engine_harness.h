/* engine_harness: what the HTTP engine's fuzz targets (fuzz_http1, fuzz_h2,
 * fuzz_tls) share. One libuv loop; an http_server whose connection and
 * lifecycle callbacks count what is alive and abort on a broken contract;
 * a client end of a socketpair fed in pieces while the loop runs until
 * quiet; the end of an input (drain, half-close, leave, close the server)
 * with its lifecycle checks.
 *
 * Each target supplies on_request and fz_answer (how a request is answered,
 * also called at on_body_end). Request state (fz_req) is calloc'd by
 * fz_request_begin and freed by the harness's on_request_done; connection
 * data is the harness's. Everything here is one process's test state. */
#ifndef SHOAL_TESTS_FUZZ_ENGINE_HARNESS_H
#define SHOAL_TESTS_FUZZ_ENGINE_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http_engine.h"

typedef struct fz_req {
  size_t body;
  bool answered, aborted;
  bool body_with_head; /* the whole body came with on_request: no on_body_end */
  int big_left;        /* fuzz_h2's "/big": pieces still to write */
} fz_req;

extern uv_loop_t fz_loop;
extern int fz_events; /* callbacks seen: progress for the quiet test */
extern int fz_live_tokens;
extern http_conn *fz_paused_conn; /* resumed by fz_run_until_quiet a few rounds later */
/* The target's answer to a request (also at the end of its body). */
extern void (*fz_answer)(http_req *r);
/* Where the client's received bytes go (NULL: dropped), with fz_sink_arg. */
extern void (*fz_sink)(void *arg, const char *data, size_t len);
extern void *fz_sink_arg;

/* LLVMFuzzerInitialize: the loop and the engine's health path "/healthz". */
void fz_init(void);
/* http_callbacks with the harness's callbacks and the target's on_request. */
http_callbacks fz_callbacks(void (*on_request)(http_req *r));
/* on_request's common part: state, counters, every header read once, the
 * body when it came with the head (then the target answers at once). */
fz_req *fz_request_begin(http_req *r);
bool fz_url_has(http_req *r, const char *what);
/* A token for a no-copy body, released exactly once through fz_release_token. */
int *fz_token_new(void);
void fz_release_token(void *token);
/* A server with small limits (fuzz-sized inputs reach 431 and 413). */
http_server *fz_server_new(const http_callbacks *cb, const http_limits *extra);
/* Sends data in pieces while running the loop until nothing happens for a
 * few rounds (bounded). client < 0: only runs the loop. */
void fz_run_until_quiet(int client, const uint8_t *data, size_t size, size_t piece);
/* The input's end: for drain, the server drains as in a reload
 * (http_server_drain, then http_server_goaway); odd sizes half-close first; the client leaves; the
 * server is closed and freed; every request, connection and token must be accounted for (abort
 * otherwise). */
void fz_finish(http_server *s, int client, size_t size, bool drain);

#endif
