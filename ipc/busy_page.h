#ifndef SHOAL_IPC_BUSY_PAGE_H
#define SHOAL_IPC_BUSY_PAGE_H
/* busy_page: one shared-memory page per worker (a memfd the master creates
 * and the worker inherits as fd 5) where the worker records when it entered
 * a request's JavaScript. The master reads it when choosing a worker, so a
 * worker stuck in a long handler is skipped at once, not after missed
 * heartbeats. Plain atomics, no locks; the clock is uv_hrtime() (monotonic,
 * the same in every process). */
#include <stdatomic.h>
#include <stdint.h>

#define BUSY_PAGE_FD 5

typedef struct busy_page {
  _Atomic uint64_t js_since_ns; /* 0: not running a request's JavaScript */
  _Atomic uint64_t conns_taken; /* connections the worker received from the master (shed.h) */
  /* `ctl inspect W stack`: the request's id, set by the master; the worker
   * takes it (swaps in 0) and answers from inside its running JavaScript,
   * even when its event loop is blocked there (worker/introspect.h). */
  _Atomic uint64_t stack_req;
  /* 1 while a DevTools client is attached to the worker's inspector
   * (bindings/inspector_server.h): the master sends it no new connection and its
   * watchdog lets it pause at breakpoints. */
  _Atomic uint32_t debugger;
} busy_page;

/* Master: creates the page; returns the fd to pass to the worker (or -1)
 * and maps it into *page. */
int busy_page_create(busy_page **page);
/* Worker: maps the inherited page, or NULL when there is none. */
busy_page *busy_page_attach(void);
void busy_page_release(busy_page *page);
#endif
