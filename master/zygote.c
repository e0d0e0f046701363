/* zygote: starts the fork server, waits for its ready message (a uv_poll
 * on the master's end of the socket pair) and asks it for workers.
 *
 * A request is answered at once (the zygote only clones), so zygote_fork()
 * waits for the reply synchronously, at most ZYGOTE_REPLY_MS: a zygote that
 * does not answer in time is killed and the worker is exec'd instead. */
#define _GNU_SOURCE
#include "zygote.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <uv.h>

#include "master.h"

#define ZYGOTE_RESTART_MS 10000
#define ZYGOTE_REPLY_MS 2000

struct shoal_zygote {
  shoal_master *m;
  uv_process_t proc;
  uv_poll_t poll;
  int sock;           /* the master's end; -1 once closed */
  int open;           /* handles not yet closed; freed at 0 */
  bool ready;         /* it said so and is still there */
  bool exited;        /* its exit was seen (or it was reaped by zygote_stop) */
  struct stat binary; /* shoal-runtime as it was when the zygote started */
};

static uint64_t last_start_ms;
static bool started_once;

static void on_handle_closed(uv_handle_t *h) {
  struct shoal_zygote *z = h->data;
  if (--z->open == 0) free(z);
}

/* Forgets the zygote: its handles close, and the next zygote_start may run
 * a new one. */
static void detach(struct shoal_zygote *z) {
  shoal_master *m = z->m;
  if (m->zygote == z) m->zygote = NULL;
  z->ready = false;
  if (!uv_is_closing((uv_handle_t *)&z->poll)) uv_close((uv_handle_t *)&z->poll, on_handle_closed);
  if (z->sock >= 0) close(z->sock);
  z->sock = -1;
  if (z->exited && !uv_is_closing((uv_handle_t *)&z->proc))
    uv_close((uv_handle_t *)&z->proc, on_handle_closed);
}

static void on_zygote_exit(uv_process_t *p, int64_t status, int signo) {
  struct shoal_zygote *z = p->data;
  z->exited = true;
  if (z->m->zygote == z && !z->m->stopping) {
    master_log(z->m, "the fork server (pid %d) exited with %s %d: workers start by exec", p->pid,
               signo ? "signal" : "code", signo ? signo : (int)status);
  }
  detach(z);
}

static void on_readable(uv_poll_t *h, int status, int events) {
  struct shoal_zygote *z = h->data;
  (void)events;
  zygote_msg msg;
  if (status == 0) {
    ssize_t n = recv(z->sock, &msg, sizeof msg, MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (n == (ssize_t)sizeof msg && msg.magic == ZYGOTE_MAGIC && msg.type == ZYGOTE_READY) {
      z->ready = true;
      return;
    }
  }
  /* EOF, an error or nonsense: it is of no more use. */
  uv_poll_stop(h);
  z->ready = false;
  if (!z->exited) uv_process_kill(&z->proc, SIGKILL);
}

void zygote_start(shoal_master *m) {
  const char *off = getenv("SHOAL_NO_ZYGOTE");
  if ((off && *off && strcmp(off, "0") != 0) || m->zygote || m->stopping) return;
  uint64_t now = master_now(m);
  if (started_once && now - last_start_ms < ZYGOTE_RESTART_MS) return;
  started_once = true;
  last_start_ms = now;
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) return;
  struct shoal_zygote *z = calloc(1, sizeof *z);
  z->m = m;
  stat(m->runtime_path, &z->binary);
  z->sock = sv[0];
  z->proc.data = z->poll.data = z;
  uv_stdio_container_t stdio[4] = {
      {.flags = UV_INHERIT_FD, .data.fd = 0},
      {.flags = UV_INHERIT_FD, .data.fd = 1},
      {.flags = UV_INHERIT_FD, .data.fd = 2},
      {.flags = UV_INHERIT_FD, .data.fd = sv[1]},
  };
  char *args[] = {m->runtime_path, "zygote", NULL};
  uv_process_options_t opt = {.exit_cb = on_zygote_exit,
                              .file = m->runtime_path,
                              .args = args,
                              .stdio_count = 4,
                              .stdio = stdio};
  int err = uv_spawn(m->loop, &z->proc, &opt);
  close(sv[1]);
  if (err) {
    master_log(m, "cannot start the fork server: %s (workers start by exec)", uv_strerror(err));
    close(sv[0]);
    z->open = 1; /* a failed uv_spawn still initialised the handle: it must be closed */
    uv_close((uv_handle_t *)&z->proc, on_handle_closed);
    return;
  }
  z->open = 2;
  uv_poll_init(m->loop, &z->poll, z->sock);
  uv_poll_start(&z->poll, UV_READABLE | UV_DISCONNECT, on_readable);
  m->zygote = z;
}

/* The request: header, cwd and environment in one buffer. */
static char *encode(const zygote_spawn_spec *spec, size_t *len) {
  char cwd[4096];
  if (!getcwd(cwd, sizeof cwd)) return NULL;
  zygote_req req = {.magic = ZYGOTE_MAGIC,
                    .flags = spec->flags,
                    .uid = (uint32_t)spec->uid,
                    .gid = (uint32_t)spec->gid,
                    .cwd_len = (uint32_t)strlen(cwd) + 1};
  size_t env_len = 0;
  for (char **e = spec->env; *e; e++) env_len += strlen(*e) + 1;
  *len = sizeof req + req.cwd_len + env_len;
  if (*len > ZYGOTE_MAX_MSG) return NULL;
  req.env_len = (uint32_t)env_len;
  for (int i = 0; i < ZYGOTE_FDS; i++) {
    if (spec->fds[i] >= 0) req.fd_mask |= 1u << i;
  }
  char *buf = malloc(*len), *p = buf;
  memcpy(p, &req, sizeof req);
  p += sizeof req;
  memcpy(p, cwd, req.cwd_len);
  p += req.cwd_len;
  for (char **e = spec->env; *e; e++) {
    size_t n = strlen(*e) + 1;
    memcpy(p, *e, n);
    p += n;
  }
  return buf;
}

static int send_request(int sock, const char *buf, size_t len, const int fds[ZYGOTE_FDS]) {
  int list[ZYGOTE_FDS], n = 0;
  for (int i = 0; i < ZYGOTE_FDS; i++) {
    if (fds[i] >= 0) list[n++] = fds[i];
  }
  char control[CMSG_SPACE(sizeof list)];
  memset(control, 0, sizeof control);
  struct iovec iov = {(void *)buf, len};
  struct msghdr msg = {.msg_iov = &iov,
                       .msg_iovlen = 1,
                       .msg_control = control,
                       .msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)n)};
  struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)n);
  memcpy(CMSG_DATA(c), list, sizeof(int) * (size_t)n);
  ssize_t sent;
  do sent = sendmsg(sock, &msg, MSG_NOSIGNAL);
  while (sent < 0 && errno == EINTR);
  return sent == (ssize_t)len ? 0 : -1;
}

/* The next message but READY (which only sets z->ready), or -1 if none came
 * within timeout_ms. */
static int await_msg(struct shoal_zygote *z, zygote_msg *msg, int timeout_ms, bool want_reply) {
  int sock = z->sock;
  uint64_t deadline = uv_hrtime() + (uint64_t)timeout_ms * 1000000u;
  for (;;) {
    uint64_t now = uv_hrtime();
    if (now >= deadline) return -1;
    struct pollfd p = {.fd = sock, .events = POLLIN};
    int r = poll(&p, 1, (int)((deadline - now) / 1000000u) + 1);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return -1;
    ssize_t n = recv(sock, msg, sizeof *msg, MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (n != (ssize_t)sizeof *msg || msg->magic != ZYGOTE_MAGIC) return -1;
    if (msg->type != ZYGOTE_READY) return 0;
    z->ready = true; /* before on_readable saw it */
    if (!want_reply) return 0;
  }
}

bool zygote_wait_ready(shoal_master *m, int timeout_ms) {
  struct shoal_zygote *z = m->zygote;
  if (!z) return false;
  zygote_msg msg;
  if (!z->ready && await_msg(z, &msg, timeout_ms, false) != 0) return false;
  return z->ready;
}

/* shoal-runtime was replaced, rebuilt or changed mode since the zygote
 * started: its clones would not be what an exec runs now. */
static bool binary_changed(const struct shoal_zygote *z) {
  struct stat now;
  if (stat(z->m->runtime_path, &now) != 0) return true;
  const struct stat *was = &z->binary;
  return now.st_dev != was->st_dev || now.st_ino != was->st_ino || now.st_mode != was->st_mode ||
         now.st_mtim.tv_sec != was->st_mtim.tv_sec || now.st_mtim.tv_nsec != was->st_mtim.tv_nsec ||
         now.st_ctim.tv_sec != was->st_ctim.tv_sec || now.st_ctim.tv_nsec != was->st_ctim.tv_nsec;
}

pid_t zygote_fork(shoal_master *m, const zygote_spawn_spec *spec) {
  struct shoal_zygote *z = m->zygote;
  if (!z || !z->ready) return -1;
  if (binary_changed(z)) {
    master_log(m, "%s changed on disk: restarting the fork server", m->runtime_path);
    zygote_stop(m);
    started_once = false; /* no wait for the new one */
    zygote_start(m);
    return -1;
  }
  size_t len;
  char *buf = encode(spec, &len);
  if (!buf) return -1;
  zygote_msg reply;
  int rc = send_request(z->sock, buf, len, spec->fds);
  free(buf);
  if (rc == 0) rc = await_msg(z, &reply, ZYGOTE_REPLY_MS, true);
  if (rc != 0) {
    master_log(m, "the fork server does not answer: restarting it");
    zygote_stop(m);
    return -1;
  }
  if (reply.type != ZYGOTE_STARTED) {
    master_log(m, "the fork server could not start a worker: %s", strerror(reply.value));
    return -1;
  }
  return (pid_t)reply.value;
}

void zygote_stop(shoal_master *m) {
  struct shoal_zygote *z = m->zygote;
  if (!z) return;
  m->zygote = NULL;
  if (!z->exited) {
    /* Reaped here, not by libuv: an upgrade may exec before libuv would. */
    uv_process_kill(&z->proc, SIGKILL);
    waitpid(z->proc.pid, NULL, 0);
    z->exited = true;
  }
  detach(z);
}
