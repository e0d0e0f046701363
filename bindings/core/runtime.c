/* runtime: boot, main loop and exit of a JavaScript runtime (see runtime.h). */
#include "runtime.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "binding.h"
#include "code_cache.h"
#include "jslib.h"
#include "cli.h"

static runtime_cli *g_cli; /* set by runtime_run */
const char *runtime_argv0;

const struct runtime_cli *runtime_cli_get(void) {
  return g_cli;
}

shoal_runtime *runtime_get(sh_rt *rt) {
  return sh_rt_userdata(rt);
}

/* Process-wide on purpose: the process ends once, whatever runtime ends it. */
static void (*exit_hooks[8])(void);
static int nexit_hooks;

int runtime_at_exit(void (*fn)(void)) {
  if (nexit_hooks == (int)(sizeof exit_hooks / sizeof exit_hooks[0])) return -1;
  exit_hooks[nexit_hooks++] = fn;
  return 0;
}

void runtime_exit(shoal_runtime *r, int code) {
  if (r->is_thread) {
    if (!r->exiting) r->exit_code = code;
    r->exiting = true;
    sh_terminate(r->rt);
    uv_stop(r->loop);
    return;
  }
  while (nexit_hooks > 0) exit_hooks[--nexit_hooks]();
  fflush(stdout);
  fflush(stderr);
  _exit(code);
}

int runtime_hook(sh_rt *rt, const char *name, int argc, sh_val *argv, sh_val *out) {
  shoal_runtime *r = runtime_get(rt);
  if (!r->hooks) return -1;
  sh_val hooks = sh_ref_get(rt, r->hooks);
  sh_val fn = sh_get_s(rt, hooks, name);
  if (!fn || !sh_is(fn, SH_FUNCTION)) return -1;
  return sh_call(rt, fn, hooks, argc, argv, out);
}

/* Runs nextTicks and microtasks. With nothing in the nextTick queue and no
 * rejection pending, the microtask checkpoint runs from C and JavaScript is
 * entered only if it queued something. A callback that throws has been
 * reported (and handled by an 'uncaughtException' listener, or the process
 * is gone) when tick returns failure: run the rest of the queue. */
static void run_tick(sh_rt *rt) {
  shoal_runtime *r = runtime_get(rt);
  if (r->tick_info && !r->tick_info[0] && !r->tick_info[1]) {
    sh_run_microtasks(rt);
    if (!r->tick_info[0] && !r->tick_info[1]) return;
  }
  if (!r->tick) {
    sh_val fn = r->hooks ? sh_get_s(rt, sh_ref_get(rt, r->hooks), "tick") : NULL;
    if (!fn || !sh_is(fn, SH_FUNCTION)) return;
    r->tick = sh_ref_new(rt, fn);
  }
  sh_val fn = sh_ref_get(rt, r->tick);
  while (sh_call(rt, fn, sh_undefined(rt), 0, NULL, NULL) != 0 && !sh_is_terminating(rt)) {
  }
}

int runtime_callback(sh_rt *rt, sh_val fn, sh_val recv, int argc, sh_val *argv, sh_val *out) {
  int rc = sh_call(rt, fn, recv, argc, argv, out);
  run_tick(rt);
  return rc;
}

static void on_reject(sh_rt *rt, int event, sh_val promise, sh_val value);
static sh_val on_dynamic_import(sh_rt *rt, sh_val specifier, sh_val referrer, sh_val attributes);
static void on_import_meta(sh_rt *rt, sh_val module, sh_val meta);

/* An exception no JavaScript caught: internal/bootstrap decides (the
 * 'uncaughtException' event, or print and exit 1). If that fails too, print
 * what we can and exit 7, as Node does for a broken handler. */
static void on_uncaught(sh_rt *rt, sh_val exception) {
  shoal_runtime *r = runtime_get(rt);
  if (sh_is_terminating(rt)) return;
  static _Thread_local int nesting;
  if (r->hooks && nesting == 0) {
    nesting++;
    sh_val out;
    int rc = runtime_hook(rt, "onUncaught", 1, &exception, &out);
    nesting--;
    if (rc == 0) return;
  }
  sh_val stack = sh_is(exception, SH_OBJECT) ? sh_get_s(rt, exception, "stack") : NULL;
  char *msg = sh_to_utf8(rt, stack && sh_is(stack, SH_STRING) ? stack : exception, NULL);
  fprintf(stderr, "shoal: fatal: %s\n", msg ? msg : "(unprintable exception)");
  free(msg);
  runtime_exit(r, 7);
}

static void wake_v8_tasks(void *data) {
  uv_async_send(data);
}

/* V8's foreground tasks, then the nextTicks and microtasks they queued (a
 * WebAssembly.compile() promise settles in one). */
static void run_v8_tasks(uv_async_t *h) {
  shoal_runtime *r = h->data;
  sh_scope *scope = sh_scope_open(r->rt, false);
  if (sh_platform_run_tasks(r->rt) > 0) run_tick(r->rt);
  sh_scope_close(scope);
}

static void watch_v8_tasks(shoal_runtime *r) {
  uv_async_init(r->loop, &r->v8_tasks, run_v8_tasks);
  r->v8_tasks.data = r;
  uv_unref((uv_handle_t *)&r->v8_tasks);
  sh_platform_set_wake(r->rt, wake_v8_tasks, &r->v8_tasks);
}

static void set_hooks(shoal_runtime *r) {
  sh_rt_set_userdata(r->rt, r);
  sh_set_uncaught_hook(r->rt, on_uncaught);
  sh_set_reject_hook(r->rt, on_reject);
  sh_set_dynamic_import(r->rt, on_dynamic_import);
  sh_set_import_meta(r->rt, on_import_meta);
}

static void on_reject(sh_rt *rt, int event, sh_val promise, sh_val value) {
  sh_val args[3] = {sh_int(rt, event), promise, value};
  runtime_hook(rt, "onReject", 3, args, NULL);
}

static sh_val on_dynamic_import(sh_rt *rt, sh_val specifier, sh_val referrer, sh_val attributes) {
  sh_val args[3] = {specifier, referrer ? referrer : sh_undefined(rt), attributes};
  sh_val out = NULL;
  if (runtime_hook(rt, "importDynamic", 3, args, &out) != 0) return NULL;
  return out;
}

static void on_import_meta(sh_rt *rt, sh_val module, sh_val meta) {
  sh_val args[2] = {module, meta};
  runtime_hook(rt, "importMeta", 2, args, NULL);
}

/* internalBinding(name) for the loader. */
static void internal_binding(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  char *name = arg_utf8(ci, 0);
  if (!name) return;
  sh_val b = binding_load(rt, name);
  free(name);
  if (b) sh_ret(ci, b);
}

/* Compiles js-lib/internal/loader.js, which boots everything else and
 * returns the hook object. */
static void boot(sh_rt *rt, void *data) {
  shoal_runtime *r = data;
  static const char name[] = "internal/loader";
  const shoal_jslib_entry *e = jslib_find(name, strlen(name));
  if (!e) {
    fprintf(stderr, "shoal: js-lib is missing %s\n", name);
    runtime_exit(r, 70);
    return;
  }
  static const char *const params[] = {"internalBinding"};
  sh_val fn = code_cache_compile(rt, e, 1, params);
  if (!fn) {
    runtime_exit(r, 70);
    return;
  }
  sh_val ib = sh_fn(rt, "internalBinding", internal_binding, NULL);
  sh_val hooks;
  if (sh_call(rt, fn, sh_undefined(rt), 1, &ib, &hooks) != 0 || !sh_is(hooks, SH_OBJECT)) {
    fprintf(stderr, "shoal: js-lib failed to boot\n");
    runtime_exit(r, 70);
    return;
  }
  r->hooks = sh_ref_new(rt, hooks);
}

static void run_main(sh_rt *rt, void *data) {
  (void)data;
  runtime_hook(rt, "runMain", 0, NULL, NULL);
  run_tick(rt);
}

void runtime_tick(sh_rt *rt) {
  run_tick(rt);
}

/* 'beforeExit' may schedule more work (the loop is then alive again). Runs
 * in a scope its caller opened, as emit_exit. */
static void before_exit(sh_rt *rt) {
  runtime_hook(rt, "beforeExit", 0, NULL, NULL);
  run_tick(rt);
}

static void emit_exit(sh_rt *rt, int *code) {
  sh_val out = NULL;
  if (runtime_hook(rt, "exit", 0, NULL, &out) == 0 && out) *code = (int)sh_to_i64(rt, out);
}

static char *find_exec_path(const char *fallback) {
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return strdup(fallback);
  buf[n] = 0;
  return strdup(buf);
}

/* The code cache beside the binary (EXE.jscache), or $SHOAL_CODE_CACHE;
 * none when SHOAL_NO_CODE_CACHE is set to anything but "" or "0". */
static void open_code_cache(const shoal_runtime *r) {
  const char *off = getenv("SHOAL_NO_CODE_CACHE");
  if ((off && *off && strcmp(off, "0") != 0) || code_cache_recording()) return;
  const char *path = getenv("SHOAL_CODE_CACHE");
  if (path && *path) {
    code_cache_open(path);
    return;
  }
  size_t len = strlen(r->exec_path) + sizeof ".jscache";
  char *buf = malloc(len);
  if (!buf) return;
  snprintf(buf, len, "%s.jscache", r->exec_path);
  code_cache_open(buf);
  free(buf);
}

static const char *code_cache_out; /* run --build-code-cache FILE */

/* `run --build-code-cache FILE`: boots with every built-in compilation
 * recorded and lets internal/code_cache load and exercise js-lib, instead
 * of running a script. That exercise serves one request over loopback (the
 * loop runs) and then calls runtime_write_code_cache. */
static void build_code_cache(sh_rt *rt, void *data) {
  code_cache_out = data;
  if (runtime_hook(rt, "warmCodeCache", 0, NULL, NULL) != 0) runtime_exit(runtime_get(rt), 1);
}

int runtime_write_code_cache(sh_rt *rt) {
  return code_cache_out ? code_cache_write(rt, code_cache_out) : -1;
}

int runtime_run(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[0], "--build-code-cache") == 0) {
    code_cache_record();
    return runtime_start(0, argv, build_code_cache, argv[1]);
  }
  static runtime_cli cli;
  int rc = cli_parse(argc, argv, &cli);
  if (rc != 0) return rc;
  g_cli = &cli;
  return runtime_start(cli.nargs, cli.args, run_main, NULL);
}

static sh_rt_fn before_boot_fn;
static void *before_boot_data;

void runtime_before_boot(sh_rt_fn fn, void *data) {
  before_boot_fn = fn;
  before_boot_data = data;
}

int runtime_start(int argc, char **argv, sh_rt_fn main_fn, void *main_data) {
  shoal_runtime r = {0};
  r.start_ns = uv_hrtime();
  r.loop = uv_default_loop();
  r.exec_path = find_exec_path("shoal-runtime");
  r.argc = argc;
  r.argv = argv;
  if (sh_platform_init(g_cli ? g_cli->v8_flags : getenv("SHOAL_V8_FLAGS")) != 0) {
    fprintf(stderr, "shoal: V8 failed to initialise\n");
    return 70;
  }
  sh_rt_options opt = {.heap_mb = 0};
  r.rt = sh_rt_new(&opt);
  set_hooks(&r);
  watch_v8_tasks(&r);

  open_code_cache(&r);
  sh_scope *scope = sh_scope_open(r.rt, false);
  if (before_boot_fn) {
    sh_rt_fn fn = before_boot_fn;
    before_boot_fn = NULL;
    fn(r.rt, before_boot_data);
  }
  boot(r.rt, &r);
  main_fn(r.rt, main_data);
  sh_scope_close(scope);
  for (;;) {
    uv_run(r.loop, UV_RUN_DEFAULT);
    scope = sh_scope_open(r.rt, false);
    before_exit(r.rt);
    sh_scope_close(scope);
    if (!uv_loop_alive(r.loop)) break;
  }
  int code = 0;
  scope = sh_scope_open(r.rt, false);
  emit_exit(r.rt, &code);
  sh_scope_close(scope);
  runtime_exit(&r, code);
  return code;
}

static void close_handle(uv_handle_t *h, void *arg) {
  (void)arg;
  if (!uv_is_closing(h)) uv_close(h, NULL);
}

/* Frees what a worker thread's runtime made: its ports first (their peers
 * learn the thread is gone), the handles of its loop (the bindings' memory
 * behind them stays: their close callbacks would run JavaScript), the
 * isolate, the loop. */
static void thread_teardown(shoal_runtime *r) {
  if (r->on_teardown) r->on_teardown(r);
  sh_platform_set_wake(r->rt, NULL, NULL);
  sh_terminate(r->rt);
  uv_walk(r->loop, close_handle, NULL);
  while (uv_run(r->loop, UV_RUN_DEFAULT) != 0) {
  }
  sh_ref_free(r->hooks);
  sh_ref_free(r->tick);
  sh_ref_free(r->tick_info_ref);
  sh_rt_free(r->rt);
  uv_loop_close(r->loop);
  free(r->loop);
  free(r->exec_path);
}

int runtime_thread_run(shoal_runtime *r, sh_rt_fn main_fn, void *data) {
  r->is_thread = true;
  r->start_ns = uv_hrtime();
  r->exec_path = find_exec_path("shoal-runtime");
  r->loop = malloc(sizeof *r->loop);
  if (!r->loop || uv_loop_init(r->loop) != 0) {
    free(r->loop);
    free(r->exec_path);
    return 70;
  }
  sh_rt_options opt = {.heap_mb = 0};
  r->rt = sh_rt_new(&opt);
  set_hooks(r);
  watch_v8_tasks(r);
  sh_scope *scope = sh_scope_open(r->rt, false);
  boot(r->rt, r);
  if (!r->exiting) main_fn(r->rt, data);
  sh_scope_close(scope);
  while (!r->exiting) {
    uv_run(r->loop, UV_RUN_DEFAULT);
    if (r->exiting) break;
    scope = sh_scope_open(r->rt, false);
    before_exit(r->rt);
    sh_scope_close(scope);
    if (!uv_loop_alive(r->loop)) break;
  }
  int code = r->exit_code;
  if (!r->exiting) {
    code = 0;
    scope = sh_scope_open(r->rt, false);
    emit_exit(r->rt, &code);
    sh_scope_close(scope);
    if (r->exiting) code = r->exit_code;
  }
  thread_teardown(r);
  return code;
}
