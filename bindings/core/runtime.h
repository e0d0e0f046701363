#ifndef SHOAL_WORKER_RUNTIME_H
#define SHOAL_WORKER_RUNTIME_H
/* runtime: one JavaScript runtime on one libuv loop. It creates the V8
 * runtime (bindings/core/v8shim), boots js-lib (internal/loader.js), runs the main
 * script and the loop, and ends the process the way Node does.
 *
 * The runtime owns its loop and its sh_rt. Bindings reach it through
 * runtime_get(rt). After every call from C into JavaScript that starts a
 * macrotask, runtime_callback runs process.nextTick callbacks and
 * microtasks, as Node's MakeCallback does. */
#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

#include "v8shim.h"

typedef struct shoal_runtime {
  uv_loop_t *loop;
  sh_rt *rt;
  sh_ref *hooks; /* the object internal/bootstrap returns */
  int argc;
  char **argv;     /* [exec path, script, args...] */
  char *exec_path; /* malloc'd */
  uint64_t start_ns;
  bool exiting;
  sh_ref *tick; /* the hooks' tick function, looked up once */
  /* Shared with js-lib/internal/task_queue.js: [0] nextTick callbacks are
   * queued, [1] promise rejections wait to be processed. While both are 0 a
   * tick needs only the microtask checkpoint, run from C. */
  uint8_t *tick_info;
  sh_ref *tick_info_ref;
  /* A worker thread's runtime (runtime_thread_run): exits end the thread,
   * not the process. */
  bool is_thread;
  int exit_code;
  void *thread; /* the worker thread's own data (bindings/mod_threads.c) */
  void (*on_teardown)(struct shoal_runtime *r); /* before a thread's runtime is freed */
  /* Woken from V8's threads when V8 queued a task for this thread (async
   * WebAssembly compilation): runs it (sh_platform_run_tasks). Unreferenced. */
  uv_async_t v8_tasks;
} shoal_runtime;

/* Runs a node command line (worker/cli.h): `[OPTIONS] SCRIPT ARGS`, as
 * `node` does. Returns the process exit code.
 * `--build-code-cache FILE` instead writes js-lib's code cache to FILE
 * (bindings/core/code_cache.h); CMake runs it after linking. Every runtime reads
 * that cache from EXE.jscache (or $SHOAL_CODE_CACHE) unless
 * SHOAL_NO_CODE_CACHE=1. */
int runtime_run(int argc, char **argv);
/* process.argv0: the argv[0] this process was started with, when it was
 * started node-style (worker/main.c); NULL: "node" (`shoal run`). */
extern const char *runtime_argv0;
/* Boots a runtime and calls main_fn(rt, data) in a handle scope instead of running
 * a script (the worker); then runs the loop and exits like runtime_run. */
int runtime_start(int argc, char **argv, sh_rt_fn main_fn, void *main_data);
/* fn(rt, data), once, in the next runtime_start: after the isolate and
 * context exist, before js-lib boots (the worker creates V8's inspector
 * there, see worker.c). */
void runtime_before_boot(sh_rt_fn fn, void *data);
/* Runs nextTicks and microtasks now (after C called into JavaScript). */
void runtime_tick(sh_rt *rt);

shoal_runtime *runtime_get(sh_rt *rt);
/* The process's node-style command line (worker/cli.h), or NULL (a cluster
 * worker). */
const struct runtime_cli *runtime_cli_get(void);
/* Calls fn(argv) as a new macrotask: afterwards nextTicks and microtasks run.
 * Exceptions go to the uncaught-exception handling. Returns -1 if fn threw. */
int runtime_callback(sh_rt *rt, sh_val fn, sh_val recv, int argc, sh_val *argv, sh_val *out);
/* Calls hook `name` of the bootstrap's hook object. */
int runtime_hook(sh_rt *rt, const char *name, int argc, sh_val *argv, sh_val *out);
/* Ends the process now with `code` after flushing stdio. In a worker
 * thread it ends only the thread: JavaScript is terminated, the loop stops,
 * and the call returns. */
void runtime_exit(shoal_runtime *r, int code);
/* Runs a worker thread's runtime on the calling thread: a new loop and
 * isolate, js-lib booted, main_fn(rt, data), then the loop until it is
 * empty or runtime_exit. r is zeroed by the caller except argc/argv/thread.
 * Frees the isolate and the loop and returns the exit code. */
int runtime_thread_run(shoal_runtime *r, sh_rt_fn main_fn, void *data);
/* Registers fn to run in runtime_exit before the process ends (newest
 * first): how a higher layer (native addons' cleanup hooks) takes part in
 * the exit without the core naming it. At most 8; returns -1 when full. */
int runtime_at_exit(void (*fn)(void));
/* `run --build-code-cache FILE` only: writes the code caches of the
 * built-ins compiled so far to FILE. 0, or -1 (not building, or failed). */
int runtime_write_code_cache(sh_rt *rt);
#endif
