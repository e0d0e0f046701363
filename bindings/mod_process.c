/* internalBinding('process'): what js-lib/internal/process.js needs from the
 * operating system: arguments, environment, ids, clocks, memory, exit, and
 * synchronous writes to stdout/stderr (which is what Node does on Linux for
 * files, pipes and terminals). */
#include <brotli/encode.h>
#include <errno.h>
#include <gnu/libc-version.h>
#include <grp.h>
#include <pwd.h>
#include <llhttp.h>
#include <nghttp2/nghttp2.h>
#include <openssl/crypto.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uv.h>
#include <zlib.h>

#include "binding.h"
#include "handle_base.h"
#include "uverr.h"
#include "runtime.h"
#include "cli.h"

extern char **environ;

static void cwd(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  char buf[4096];
  size_t len = sizeof buf;
  int err = uv_cwd(buf, &len);
  if (err) return uverr_throw(rt, err, "uv_cwd", NULL, NULL);
  sh_ret(ci, sh_str(rt, buf, len));
}

static void do_chdir(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  char *dir = arg_utf8(ci, 0);
  if (!dir) return;
  int err = uv_chdir(dir);
  if (err) {
    char buf[4096];
    size_t len = sizeof buf;
    if (uv_cwd(buf, &len) != 0) buf[0] = 0;
    uverr_throw(rt, err, "chdir", buf, dir);
  }
  free(dir);
}

static void really_exit(sh_cbinfo *ci) {
  runtime_exit(runtime_get(sh_ci_rt(ci)), (int)arg_i64(ci, 0));
}

/* hrtime() -> [seconds, nanoseconds] */
static void hrtime(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  uint64_t t = uv_hrtime();
  sh_val arr = sh_arr(rt, 2);
  sh_set_i(rt, arr, 0, sh_int(rt, (int64_t)(t / 1000000000u)));
  sh_set_i(rt, arr, 1, sh_int(rt, (int64_t)(t % 1000000000u)));
  sh_ret(ci, arr);
}

static void hrtime_bigint(sh_cbinfo *ci) {
  sh_ret(ci, sh_bigint_u64(sh_ci_rt(ci), uv_hrtime()));
}

static void uptime(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  uint64_t t = uv_hrtime() - runtime_get(rt)->start_ns;
  sh_ret(ci, sh_num(rt, (double)t / 1e9));
}

static void memory_usage(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  size_t rss = 0;
  uv_resident_set_memory(&rss);
  sh_heap_stats hs;
  sh_heap_stats_get(rt, &hs);
  sh_val o = sh_obj(rt);
  sh_set_s(rt, o, "rss", sh_num(rt, (double)rss));
  sh_set_s(rt, o, "heapTotal", sh_num(rt, (double)hs.total));
  sh_set_s(rt, o, "heapUsed", sh_num(rt, (double)hs.used));
  sh_set_s(rt, o, "external", sh_num(rt, (double)hs.external));
  sh_set_s(rt, o, "arrayBuffers", sh_num(rt, (double)hs.external));
  sh_ret(ci, o);
}

static double tv_us(uv_timeval_t tv) {
  return (double)tv.tv_sec * 1e6 + (double)tv.tv_usec;
}

/* cpuUsage() -> [user µs, system µs] of the process (getrusage). */
static void cpu_usage(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  uv_rusage_t ru;
  if (uv_getrusage(&ru) != 0) memset(&ru, 0, sizeof ru);
  sh_val arr = sh_arr(rt, 2);
  sh_set_i(rt, arr, 0, sh_num(rt, tv_us(ru.ru_utime)));
  sh_set_i(rt, arr, 1, sh_num(rt, tv_us(ru.ru_stime)));
  sh_ret(ci, arr);
}

/* resourceUsage() -> the getrusage fields in Node's order (process.js names them). */
static void resource_usage(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  uv_rusage_t ru;
  if (uv_getrusage(&ru) != 0) memset(&ru, 0, sizeof ru);
  const double v[] = {
      tv_us(ru.ru_utime),   tv_us(ru.ru_stime),     (double)ru.ru_maxrss,  (double)ru.ru_ixrss,
      (double)ru.ru_idrss,  (double)ru.ru_isrss,    (double)ru.ru_minflt,  (double)ru.ru_majflt,
      (double)ru.ru_nswap,  (double)ru.ru_inblock,  (double)ru.ru_oublock, (double)ru.ru_msgsnd,
      (double)ru.ru_msgrcv, (double)ru.ru_nsignals, (double)ru.ru_nvcsw,   (double)ru.ru_nivcsw};
  int n = (int)(sizeof v / sizeof v[0]);
  sh_val arr = sh_arr(rt, n);
  for (int i = 0; i < n; i++) sh_set_i(rt, arr, (uint32_t)i, sh_num(rt, v[i]));
  sh_ret(ci, arr);
}

static void rss(sh_cbinfo *ci) {
  size_t v = 0;
  uv_resident_set_memory(&v);
  sh_ret(ci, sh_num(sh_ci_rt(ci), (double)v));
}

/* environ() -> {NAME: value} snapshot; process.env is built on it. */
static void get_environ(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  sh_val o = sh_obj(rt);
  for (char **e = environ; *e; e++) {
    const char *eq = strchr(*e, '=');
    if (!eq || eq == *e) continue;
    sh_set(rt, o, sh_str(rt, *e, (size_t)(eq - *e)), sh_str(rt, eq + 1, SIZE_MAX));
  }
  sh_ret(ci, o);
}

/* A new TZ takes effect at once for Date, as in Node. */
static void env_changed(sh_cbinfo *ci, const char *key) {
  if (strcmp(key, "TZ") == 0) sh_timezone_changed(sh_ci_rt(ci));
}

/* setenv(key, value) -> false when the system refuses the name ("" or one
 * with '='): the variable then does not exist, as in Node. */
static void do_setenv(sh_cbinfo *ci) {
  char *k = arg_utf8(ci, 0), *v = arg_utf8(ci, 1);
  bool ok = k && v && setenv(k, v, 1) == 0;
  if (ok) env_changed(ci, k);
  free(k);
  free(v);
  sh_ret(ci, sh_bool(sh_ci_rt(ci), ok));
}

static void do_unsetenv(sh_cbinfo *ci) {
  char *k = arg_utf8(ci, 0);
  if (k && unsetenv(k) == 0) env_changed(ci, k);
  free(k);
}

/* setAbortOnUncaught(bool): see sh_set_abort_on_uncaught. */
static void set_abort_on_uncaught(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  sh_set_abort_on_uncaught(rt, sh_to_bool(rt, sh_arg(ci, 0)));
}

static void do_umask(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  mode_t old;
  if (sh_is(sh_arg(ci, 0), SH_NUMBER)) {
    old = umask((mode_t)arg_i64(ci, 0));
  } else {
    old = umask(0);
    umask(old);
  }
  sh_ret(ci, sh_int(rt, old));
}

static void do_kill(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  /* The libuv error number (0 on success): js-lib throws Node's
   * `kill ESRCH` errno exception, as Node's process._kill callers do. */
  sh_ret(ci, sh_int(rt, uv_kill((int)arg_i64(ci, 0), (int)arg_i64(ci, 1))));
}

/* --- credentials: process.set*id / setgroups / initgroups (js-lib checks
 * the arguments; names are looked up here, as Node does) --- */

/* [-errno, strerror] for js-lib to make Node's "EPERM, Operation not
 * permitted" error from. */
static sh_val errno_result(sh_rt *rt, int err) {
  sh_val arr = sh_arr(rt, 2);
  sh_set_i(rt, arr, 0, sh_int(rt, -err));
  sh_set_i(rt, arr, 1, sh_str(rt, strerror(err), SIZE_MAX));
  return arr;
}

/* A user id from a number or a user name; false if no such user. */
static bool user_id(sh_cbinfo *ci, int i, uid_t *out) {
  if (sh_is(sh_arg(ci, i), SH_NUMBER)) {
    *out = (uid_t)arg_i64(ci, i);
    return true;
  }
  char *name = arg_utf8(ci, i);
  char buf[4096];
  struct passwd pw, *found = NULL;
  if (name) getpwnam_r(name, &pw, buf, sizeof buf, &found);
  free(name);
  if (found) *out = found->pw_uid;
  return found != NULL;
}

/* A group id from a number or a group name; false if no such group. */
static bool group_id(sh_rt *rt, sh_val v, gid_t *out) {
  if (sh_is(v, SH_NUMBER)) {
    *out = (gid_t)sh_to_num(rt, v);
    return true;
  }
  char *name = sh_to_utf8(rt, v, NULL);
  char buf[4096];
  struct group gr, *found = NULL;
  if (name) getgrnam_r(name, &gr, buf, sizeof buf, &found);
  free(name);
  if (found) *out = found->gr_gid;
  return found != NULL;
}

/* getIds() -> [uid, euid, gid, egid] */
static void get_ids(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  sh_val arr = sh_arr(rt, 4);
  sh_set_i(rt, arr, 0, sh_int(rt, getuid()));
  sh_set_i(rt, arr, 1, sh_int(rt, geteuid()));
  sh_set_i(rt, arr, 2, sh_int(rt, getgid()));
  sh_set_i(rt, arr, 3, sh_int(rt, getegid()));
  sh_ret(ci, arr);
}

/* setId(which, id) with which 0 setuid, 1 seteuid, 2 setgid, 3 setegid ->
 * 0, 1 (unknown name) or [-errno, message] */
static void set_id(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  int which = (int)arg_i64(ci, 0);
  uid_t uid = 0;
  gid_t gid = 0;
  bool known = which < 2 ? user_id(ci, 1, &uid) : group_id(rt, sh_arg(ci, 1), &gid);
  if (!known) return sh_ret(ci, sh_int(rt, 1));
  int rc = which == 0   ? setuid(uid)
           : which == 1 ? seteuid(uid)
           : which == 2 ? setgid(gid)
                        : setegid(gid);
  sh_ret(ci, rc == 0 ? sh_int(rt, 0) : errno_result(rt, errno));
}

/* getgroups() -> [gid...], with the effective gid as Node adds it */
static void get_groups(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  int n = getgroups(0, NULL);
  gid_t *list = calloc((size_t)(n > 0 ? n : 0) + 1, sizeof *list);
  n = getgroups(n, list);
  if (n < 0) n = 0;
  gid_t egid = getegid();
  bool has = false;
  for (int i = 0; i < n; i++) has = has || list[i] == egid;
  if (!has) list[n++] = egid;
  sh_val arr = sh_arr(rt, (uint32_t)n);
  for (int i = 0; i < n; i++) sh_set_i(rt, arr, (uint32_t)i, sh_int(rt, list[i]));
  free(list);
  sh_ret(ci, arr);
}

/* setgroups([id or name...]) -> 0, index + 1 of an unknown group, or
 * [-errno, message] */
static void set_groups(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  sh_val arr = sh_arg(ci, 0);
  uint32_t n = (uint32_t)sh_to_num(rt, sh_get_s(rt, arr, "length"));
  gid_t *list = calloc(n + 1, sizeof *list);
  for (uint32_t i = 0; i < n; i++) {
    if (!group_id(rt, sh_get_i(rt, arr, i), &list[i])) {
      free(list);
      return sh_ret(ci, sh_int(rt, (int64_t)i + 1));
    }
  }
  int rc = setgroups(n, list);
  int err = errno;
  free(list);
  sh_ret(ci, rc == 0 ? sh_int(rt, 0) : errno_result(rt, err));
}

/* initgroups(user, extraGroup) -> 0, 1 (unknown user), 2 (unknown group)
 * or [-errno, message] */
static void init_groups(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  char buf[4096];
  struct passwd pw, *found = NULL;
  if (sh_is(sh_arg(ci, 0), SH_NUMBER)) {
    getpwuid_r((uid_t)arg_i64(ci, 0), &pw, buf, sizeof buf, &found);
  } else {
    char *name = arg_utf8(ci, 0);
    if (name) getpwnam_r(name, &pw, buf, sizeof buf, &found);
    free(name);
  }
  gid_t extra;
  if (!group_id(rt, sh_arg(ci, 1), &extra)) return sh_ret(ci, sh_int(rt, 2));
  if (!found) return sh_ret(ci, sh_int(rt, 1));
  int rc = initgroups(found->pw_name, extra);
  sh_ret(ci, rc == 0 ? sh_int(rt, 0) : errno_result(rt, errno));
}

/* Writes all of buf to fd, waiting when the fd is non-blocking and full. */
static int write_all(int fd, const uint8_t *buf, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, buf, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) {
        struct pollfd p = {.fd = fd, .events = POLLOUT};
        poll(&p, 1, -1);
        continue;
      }
      return -errno;
    }
    buf += n;
    len -= (size_t)n;
  }
  return 0;
}

/* writeSync(fd, stringOrBytes) */
static void write_sync(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  int fd = (int)arg_i64(ci, 0);
  sh_val data = sh_arg(ci, 1);
  uint8_t *bytes;
  size_t len;
  int err;
  if (sh_bytes(data, &bytes, &len) == 0) {
    err = write_all(fd, bytes, len);
  } else {
    char *s = sh_to_utf8(rt, data, &len);
    if (!s) return;
    err = write_all(fd, (const uint8_t *)s, len);
    free(s);
  }
  if (err && err != UV_EPIPE) uverr_throw(rt, err, "write", NULL, NULL);
}

static void isatty_fd(sh_cbinfo *ci) {
  sh_ret(ci, sh_bool(sh_ci_rt(ci), isatty((int)arg_i64(ci, 0)) == 1));
}

typedef struct signal_watch {
  uv_signal_t handle;
  handle_base base; /* its object, held while watching */
  sh_rt *rt;
  sh_ref *callback;
} signal_watch;

static void on_signal(uv_signal_t *h, int signum) {
  (void)signum;
  signal_watch *w = h->data;
  sh_scope *scope = sh_scope_open(w->rt, false);
  runtime_callback(w->rt, sh_ref_get(w->rt, w->callback), sh_undefined(w->rt), 0, NULL, NULL);
  sh_scope_close(scope);
}

static void on_signal_closed(uv_handle_t *h) {
  signal_watch *w = h->data;
  handle_base_closed(&w->base);
  sh_ref_free(w->callback);
  free(w);
}

/* startSignal(signum, callback) -> handle object; the signal no longer kills
 * the process while it is watched. Watching does not keep the loop alive. */
static void start_signal(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  signal_watch *w = calloc(1, sizeof *w);
  w->rt = rt;
  w->callback = sh_ref_new(rt, sh_arg(ci, 1));
  uv_signal_init(runtime_get(rt)->loop, &w->handle);
  w->handle.data = w;
  int err = uv_signal_start(&w->handle, on_signal, (int)arg_i64(ci, 0));
  uv_unref((uv_handle_t *)&w->handle);
  if (err) {
    uv_close((uv_handle_t *)&w->handle, on_signal_closed);
    return uverr_throw(rt, err, "uv_signal_start", NULL, NULL);
  }
  sh_ret(ci, handle_base_init(&w->base, rt, w));
}

static void stop_signal(sh_cbinfo *ci) {
  signal_watch *w = sh_obj_ptr(sh_ci_rt(ci), sh_arg(ci, 0));
  if (!w) return;
  handle_base_close(&w->base, NULL);
  uv_close((uv_handle_t *)&w->handle, on_signal_closed);
}

static void exec_argv_info(sh_rt *rt, sh_val o) {
  shoal_runtime *r = runtime_get(rt);
  sh_val argv = sh_arr(rt, 0);
  sh_set_i(rt, argv, 0, sh_str(rt, r->exec_path, SIZE_MAX));
  for (int i = 0; i < r->argc; i++)
    sh_set_i(rt, argv, (uint32_t)i + 1, sh_str(rt, r->argv[i], SIZE_MAX));
  sh_set_s(rt, o, "argv", argv);
  bind_str(rt, o, "execPath", r->exec_path);
  bind_str(rt, o, "argv0", runtime_argv0 ? runtime_argv0 : "node");
  const runtime_cli *cli = r->is_thread ? NULL : runtime_cli_get();
  if (!cli) return;
  sh_val exec_argv = sh_arr(rt, 0);
  for (int i = 0; i < cli->exec_argc; i++)
    sh_set_i(rt, exec_argv, (uint32_t)i, sh_str(rt, cli->exec_argv[i], SIZE_MAX));
  sh_set_s(rt, o, "execArgv", exec_argv);
  sh_val preload = sh_arr(rt, 0);
  for (int i = 0; i < cli->npreload; i++)
    sh_set_i(rt, preload, (uint32_t)i, sh_str(rt, cli->preload[i], SIZE_MAX));
  sh_set_s(rt, o, "preload", preload);
  if (cli->eval) bind_str(rt, o, "evalCode", cli->eval);
  sh_set_s(rt, o, "printEval", sh_bool(rt, cli->print));
  if (cli->input_type) bind_str(rt, o, "inputType", cli->input_type);
}

/* The versions of the libraries shoal links, for process.versions. */
static void lib_versions(sh_rt *rt, sh_val o) {
  char buf[32];
  bind_str(rt, o, "opensslVersion", OpenSSL_version(OPENSSL_VERSION_STRING));
  bind_str(rt, o, "zlibVersion", zlibVersion());
  uint32_t b = BrotliEncoderVersion(); /* major << 24 | minor << 12 | patch */
  snprintf(buf, sizeof buf, "%u.%u.%u", b >> 24, (b >> 12) & 0xfff, b & 0xfff);
  bind_str(rt, o, "brotliVersion", buf);
  bind_str(rt, o, "nghttp2Version", nghttp2_version(0)->version_str);
  snprintf(buf, sizeof buf, "%d.%d.%d", LLHTTP_VERSION_MAJOR, LLHTTP_VERSION_MINOR,
           LLHTTP_VERSION_PATCH);
  bind_str(rt, o, "llhttpVersion", buf);
  bind_str(rt, o, "v8Version", sh_v8_version());
  /* process.report's header: the glibc running and the one built against. */
  bind_str(rt, o, "glibcVersionRuntime", gnu_get_libc_version());
  snprintf(buf, sizeof buf, "%d.%d", __GLIBC__, __GLIBC_MINOR__);
  bind_str(rt, o, "glibcVersionCompiler", buf);
}

sh_val binding_process_init(sh_rt *rt) {
  sh_val o = sh_obj(rt);
  exec_argv_info(rt, o);
  bind_int(rt, o, "pid", getpid());
  bind_int(rt, o, "ppid", getppid());
  bind_str(rt, o, "shoalVersion", SHOAL_VERSION);
  bind_str(rt, o, "uvVersion", uv_version_string());
  lib_versions(rt, o);
  bind_fn(rt, o, "cwd", cwd);
  bind_fn(rt, o, "chdir", do_chdir);
  bind_fn(rt, o, "reallyExit", really_exit);
  bind_fn(rt, o, "hrtime", hrtime);
  bind_fn(rt, o, "hrtimeBigInt", hrtime_bigint);
  bind_fn(rt, o, "uptime", uptime);
  bind_fn(rt, o, "memoryUsage", memory_usage);
  bind_fn(rt, o, "rss", rss);
  bind_fn(rt, o, "cpuUsage", cpu_usage);
  bind_fn(rt, o, "resourceUsage", resource_usage);
  bind_fn(rt, o, "environ", get_environ);
  bind_fn(rt, o, "setenv", do_setenv);
  bind_fn(rt, o, "unsetenv", do_unsetenv);
  bind_fn(rt, o, "setAbortOnUncaught", set_abort_on_uncaught);
  bind_fn(rt, o, "umask", do_umask);
  bind_fn(rt, o, "kill", do_kill);
  bind_fn(rt, o, "getIds", get_ids);
  bind_fn(rt, o, "setId", set_id);
  bind_fn(rt, o, "getGroups", get_groups);
  bind_fn(rt, o, "setGroups", set_groups);
  bind_fn(rt, o, "initGroups", init_groups);
  bind_fn(rt, o, "writeSync", write_sync);
  bind_fn(rt, o, "isatty", isatty_fd);
  bind_fn(rt, o, "startSignal", start_signal);
  bind_fn(rt, o, "stopSignal", stop_signal);
  return o;
}
