/* internalBinding('os'): what js-lib/os.js needs from libuv and the kernel.
 *
 * Calls that can fail take a last argument `ctx` (an object): on failure
 * they fill ctx.errno/code/message/syscall and return undefined, and
 * js-lib/os.js throws Node's ERR_SYSTEM_ERROR. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "binding.h"

/* Fills the ctx argument (argument i) with a libuv error. */
static void set_ctx_error(sh_cbinfo *ci, int i, int err, const char *syscall) {
  sh_rt *rt = sh_ci_rt(ci);
  sh_val ctx = sh_arg(ci, i);
  if (!sh_is(ctx, SH_OBJECT)) return;
  bind_int(rt, ctx, "errno", err);
  bind_str(rt, ctx, "code", uv_err_name(err));
  bind_str(rt, ctx, "message", uv_strerror(err));
  bind_str(rt, ctx, "syscall", syscall);
}

/* getHostname(ctx) */
static void get_hostname(sh_cbinfo *ci) {
  char buf[UV_MAXHOSTNAMESIZE];
  size_t len = sizeof buf;
  int err = uv_os_gethostname(buf, &len);
  if (err) return set_ctx_error(ci, 0, err, "uv_os_gethostname");
  sh_ret(ci, sh_str(sh_ci_rt(ci), buf, len));
}

/* getHomeDirectory(ctx) */
static void get_homedir(sh_cbinfo *ci) {
  char buf[4096];
  size_t len = sizeof buf;
  int err = uv_os_homedir(buf, &len);
  if (err) return set_ctx_error(ci, 0, err, "uv_os_homedir");
  sh_ret(ci, sh_str(sh_ci_rt(ci), buf, len));
}

/* getOSInformation(ctx) -> [sysname, version, release, machine] */
static void get_os_information(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  uv_utsname_t u;
  int err = uv_os_uname(&u);
  if (err) return set_ctx_error(ci, 0, err, "uv_os_uname");
  sh_val arr = sh_arr(rt, 4);
  sh_set_i(rt, arr, 0, sh_str(rt, u.sysname, SIZE_MAX));
  sh_set_i(rt, arr, 1, sh_str(rt, u.version, SIZE_MAX));
  sh_set_i(rt, arr, 2, sh_str(rt, u.release, SIZE_MAX));
  sh_set_i(rt, arr, 3, sh_str(rt, u.machine, SIZE_MAX));
  sh_ret(ci, arr);
}

/* getUserInfo(ctx) -> {uid, gid, username, homedir, shell} */
static void get_user_info(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  uv_passwd_t pw;
  int err = uv_os_get_passwd(&pw);
  if (err) return set_ctx_error(ci, 0, err, "uv_os_get_passwd");
  sh_val o = sh_obj(rt);
  bind_int(rt, o, "uid", (int64_t)pw.uid);
  bind_int(rt, o, "gid", (int64_t)pw.gid);
  bind_str(rt, o, "username", pw.username);
  bind_str(rt, o, "homedir", pw.homedir);
  if (pw.shell) bind_str(rt, o, "shell", pw.shell);
  else sh_set_s(rt, o, "shell", sh_null(rt));
  uv_os_free_passwd(&pw);
  sh_ret(ci, o);
}

static sh_val cpu_entry(sh_rt *rt, const uv_cpu_info_t *c) {
  sh_val o = sh_obj(rt), times = sh_obj(rt);
  bind_str(rt, o, "model", c->model);
  bind_int(rt, o, "speed", c->speed);
  sh_set_s(rt, times, "user", sh_num(rt, (double)c->cpu_times.user));
  sh_set_s(rt, times, "nice", sh_num(rt, (double)c->cpu_times.nice));
  sh_set_s(rt, times, "sys", sh_num(rt, (double)c->cpu_times.sys));
  sh_set_s(rt, times, "idle", sh_num(rt, (double)c->cpu_times.idle));
  sh_set_s(rt, times, "irq", sh_num(rt, (double)c->cpu_times.irq));
  sh_set_s(rt, o, "times", times);
  return o;
}

/* getCPUs() -> [{model, speed, times}] */
static void get_cpus(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  uv_cpu_info_t *cpus;
  int n;
  sh_val arr = sh_arr(rt, 0);
  if (uv_cpu_info(&cpus, &n) == 0) {
    for (int i = 0; i < n; i++) sh_set_i(rt, arr, (uint32_t)i, cpu_entry(rt, &cpus[i]));
    uv_free_cpu_info(cpus, n);
  }
  sh_ret(ci, arr);
}

static void get_total_mem(sh_cbinfo *ci) {
  sh_ret(ci, sh_num(sh_ci_rt(ci), (double)uv_get_total_memory()));
}

/* MemAvailable from /proc/meminfo, as newer libuv reports; else MemFree. */
static uint64_t available_memory(void) {
  FILE *f = fopen("/proc/meminfo", "r");
  if (!f) return uv_get_free_memory();
  char line[256];
  unsigned long long kb = 0;
  bool found = false;
  while (!found && fgets(line, sizeof line, f)) {
    found = sscanf(line, "MemAvailable: %llu kB", &kb) == 1;
  }
  fclose(f);
  return found ? (uint64_t)kb * 1024 : uv_get_free_memory();
}

static void get_free_mem(sh_cbinfo *ci) {
  sh_ret(ci, sh_num(sh_ci_rt(ci), (double)available_memory()));
}

/* getUptime(ctx) */
static void get_uptime(sh_cbinfo *ci) {
  double t;
  int err = uv_uptime(&t);
  if (err) return set_ctx_error(ci, 0, err, "uv_uptime");
  sh_ret(ci, sh_num(sh_ci_rt(ci), t));
}

static void get_loadavg(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  double avg[3];
  uv_loadavg(avg);
  sh_val arr = sh_arr(rt, 3);
  for (uint32_t i = 0; i < 3; i++) sh_set_i(rt, arr, i, sh_num(rt, avg[i]));
  sh_ret(ci, arr);
}

static void get_parallelism(sh_cbinfo *ci) {
  sh_ret(ci, sh_int(sh_ci_rt(ci), uv_available_parallelism()));
}

static sh_val interface_entry(sh_rt *rt, const uv_interface_address_t *a) {
  char addr[INET6_ADDRSTRLEN], mask[INET6_ADDRSTRLEN], mac[18];
  bool v4 = a->address.address4.sin_family == AF_INET;
  if (v4) {
    uv_ip4_name(&a->address.address4, addr, sizeof addr);
    uv_ip4_name(&a->netmask.netmask4, mask, sizeof mask);
  } else {
    uv_ip6_name(&a->address.address6, addr, sizeof addr);
    uv_ip6_name(&a->netmask.netmask6, mask, sizeof mask);
  }
  const unsigned char *m = (const unsigned char *)a->phys_addr;
  snprintf(mac, sizeof mac, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
  sh_val o = sh_obj(rt);
  bind_str(rt, o, "name", a->name);
  bind_str(rt, o, "address", addr);
  bind_str(rt, o, "netmask", mask);
  bind_str(rt, o, "family", v4 ? "IPv4" : "IPv6");
  bind_str(rt, o, "mac", mac);
  sh_set_s(rt, o, "internal", sh_bool(rt, a->is_internal));
  if (!v4) bind_int(rt, o, "scopeid", a->address.address6.sin6_scope_id);
  return o;
}

/* getInterfaceAddresses(ctx) -> [{name, address, netmask, family, mac, internal, scopeid?}] */
static void get_interface_addresses(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  uv_interface_address_t *addrs;
  int n;
  int err = uv_interface_addresses(&addrs, &n);
  if (err == UV_ENOSYS) return sh_ret(ci, sh_arr(rt, 0));
  if (err) return set_ctx_error(ci, 0, err, "uv_interface_addresses");
  sh_val arr = sh_arr(rt, 0);
  for (int i = 0; i < n; i++) sh_set_i(rt, arr, (uint32_t)i, interface_entry(rt, &addrs[i]));
  uv_free_interface_addresses(addrs, n);
  sh_ret(ci, arr);
}

/* getPriority(pid, ctx) */
static void get_priority(sh_cbinfo *ci) {
  int prio;
  int err = uv_os_getpriority((uv_pid_t)arg_i64(ci, 0), &prio);
  if (err) return set_ctx_error(ci, 1, err, "uv_os_getpriority");
  sh_ret(ci, sh_int(sh_ci_rt(ci), prio));
}

/* setPriority(pid, priority, ctx) -> 0 or undefined on error */
static void set_priority(sh_cbinfo *ci) {
  int err = uv_os_setpriority((uv_pid_t)arg_i64(ci, 0), (int)arg_i64(ci, 1));
  if (err) return set_ctx_error(ci, 2, err, "uv_os_setpriority");
  sh_ret(ci, sh_int(sh_ci_rt(ci), 0));
}

/* --- constants ----------------------------------------------------------- */

// clang-format off
#define SIGNALS(X)                                                                            \
  X(SIGHUP) X(SIGINT) X(SIGQUIT) X(SIGILL) X(SIGTRAP) X(SIGABRT) X(SIGIOT) X(SIGBUS) X(SIGFPE) \
  X(SIGKILL) X(SIGUSR1) X(SIGSEGV) X(SIGUSR2) X(SIGPIPE) X(SIGALRM) X(SIGTERM) X(SIGCHLD)      \
  X(SIGSTKFLT) X(SIGCONT) X(SIGSTOP) X(SIGTSTP) X(SIGTTIN) X(SIGTTOU) X(SIGURG) X(SIGXCPU)     \
  X(SIGXFSZ) X(SIGVTALRM) X(SIGPROF) X(SIGWINCH) X(SIGIO) X(SIGPOLL) X(SIGPWR) X(SIGSYS)

#define ERRNOS(X)                                                                              \
  X(E2BIG) X(EACCES) X(EADDRINUSE) X(EADDRNOTAVAIL) X(EAFNOSUPPORT) X(EAGAIN) X(EALREADY)      \
  X(EBADF) X(EBADMSG) X(EBUSY) X(ECANCELED) X(ECHILD) X(ECONNABORTED) X(ECONNREFUSED)          \
  X(ECONNRESET) X(EDEADLK) X(EDESTADDRREQ) X(EDOM) X(EDQUOT) X(EEXIST) X(EFAULT) X(EFBIG)      \
  X(EHOSTUNREACH) X(EIDRM) X(EILSEQ) X(EINPROGRESS) X(EINTR) X(EINVAL) X(EIO) X(EISCONN)       \
  X(EISDIR) X(ELOOP) X(EMFILE) X(EMLINK) X(EMSGSIZE) X(EMULTIHOP) X(ENAMETOOLONG) X(ENETDOWN)  \
  X(ENETRESET) X(ENETUNREACH) X(ENFILE) X(ENOBUFS) X(ENODATA) X(ENODEV) X(ENOENT) X(ENOEXEC)   \
  X(ENOLCK) X(ENOLINK) X(ENOMEM) X(ENOMSG) X(ENOPROTOOPT) X(ENOSPC) X(ENOSR) X(ENOSTR)         \
  X(ENOSYS) X(ENOTCONN) X(ENOTDIR) X(ENOTEMPTY) X(ENOTSOCK) X(ENOTSUP) X(ENOTTY) X(ENXIO)      \
  X(EOPNOTSUPP) X(EOVERFLOW) X(EPERM) X(EPIPE) X(EPROTO) X(EPROTONOSUPPORT) X(EPROTOTYPE)      \
  X(ERANGE) X(EROFS) X(ESPIPE) X(ESRCH) X(ESTALE) X(ETIME) X(ETIMEDOUT) X(ETXTBSY)             \
  X(EWOULDBLOCK) X(EXDEV)
// clang-format on

static sh_val signal_constants(sh_rt *rt) {
  sh_val o = sh_obj(rt);
#define SET(name) bind_int(rt, o, #name, name);
  SIGNALS(SET)
#undef SET
  return o;
}

static sh_val errno_constants(sh_rt *rt) {
  sh_val o = sh_obj(rt);
#define SET(name) bind_int(rt, o, #name, name);
  ERRNOS(SET)
#undef SET
  return o;
}

sh_val binding_os_init(sh_rt *rt) {
  sh_val o = sh_obj(rt);
  bind_fn(rt, o, "getHostname", get_hostname);
  bind_fn(rt, o, "getHomeDirectory", get_homedir);
  bind_fn(rt, o, "getOSInformation", get_os_information);
  bind_fn(rt, o, "getUserInfo", get_user_info);
  bind_fn(rt, o, "getCPUs", get_cpus);
  bind_fn(rt, o, "getTotalMem", get_total_mem);
  bind_fn(rt, o, "getFreeMem", get_free_mem);
  bind_fn(rt, o, "getUptime", get_uptime);
  bind_fn(rt, o, "getLoadAvg", get_loadavg);
  bind_fn(rt, o, "getAvailableParallelism", get_parallelism);
  bind_fn(rt, o, "getInterfaceAddresses", get_interface_addresses);
  bind_fn(rt, o, "getPriority", get_priority);
  bind_fn(rt, o, "setPriority", set_priority);
  sh_set_s(rt, o, "signals", signal_constants(rt));
  sh_set_s(rt, o, "errno", errno_constants(rt));
  return o;
}
