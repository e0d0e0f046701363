/* The fork server: waits on fd 3 for the master's "start a worker" requests
 * and clones itself for each (ipc/zygote_wire.h). A clone skips what an exec
 * of shoal-runtime costs before main(): the dynamic loader's relocation of
 * libnode alone is most of a worker's start-up.
 *
 * The zygote stays single-threaded and never initialises V8 or OpenSSL's
 * random generator, so a clone inherits no threads, locks or random state:
 * each worker seeds its own. */
#define _GNU_SOURCE
#include "zygote.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "zygote_wire.h"

extern char **environ;

static void reply(uint32_t type, int32_t value) {
  zygote_msg m = {ZYGOTE_MAGIC, type, value};
  ssize_t n;
  do n = send(ZYGOTE_FD, &m, sizeof m, MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
}

/* One request into buf (header and payload) and fds (-1 where none came).
 * Returns the datagram's size, 0 when the master closed its end, -1 on an
 * error. */
static ssize_t receive(char *buf, size_t cap, int fds[ZYGOTE_FDS]) {
  char control[CMSG_SPACE(sizeof(int) * ZYGOTE_FDS)];
  struct iovec iov = {buf, cap};
  struct msghdr msg = {
      .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
  ssize_t n;
  do n = recvmsg(ZYGOTE_FD, &msg, MSG_CMSG_CLOEXEC);
  while (n < 0 && errno == EINTR);
  for (int i = 0; i < ZYGOTE_FDS; i++) fds[i] = -1;
  int k = 0;
  for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
    size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    const int *got = (const int *)CMSG_DATA(c);
    for (size_t i = 0; i < count; i++) {
      if (k < ZYGOTE_FDS) fds[k++] = got[i];
      else close(got[i]);
    }
  }
  if (n > 0 && (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC))) {
    errno = EMSGSIZE;
    return -2;
  }
  return n;
}

static void close_all(int fds[ZYGOTE_FDS]) {
  for (int i = 0; i < ZYGOTE_FDS; i++) {
    if (fds[i] >= 0) close(fds[i]);
    fds[i] = -1;
  }
}

/* The request is well formed and fds holds one fd per bit of its mask;
 * then `slots` maps each fd number 0..ZYGOTE_FDS-1 to what it becomes. */
static bool parse(const char *buf, size_t n, int fds[ZYGOTE_FDS], int slots[ZYGOTE_FDS]) {
  zygote_req req;
  if (n < sizeof req) return false;
  memcpy(&req, buf, sizeof req);
  if (req.magic != ZYGOTE_MAGIC || req.cwd_len == 0 ||
      (uint64_t)sizeof req + req.cwd_len + req.env_len != n)
    return false;
  const char *cwd = buf + sizeof req;
  const char *env = cwd + req.cwd_len;
  if (cwd[req.cwd_len - 1] != 0 || (req.env_len && env[req.env_len - 1] != 0)) return false;
  int k = 0;
  for (int i = 0; i < ZYGOTE_FDS; i++) slots[i] = (req.fd_mask >> i) & 1 ? fds[k++] : -1;
  for (int i = k; i < ZYGOTE_FDS; i++) {
    if (fds[i] >= 0) return false; /* more fds than the mask says */
  }
  for (int i = 0; i < k; i++) {
    if (fds[i] < 0) return false;
  }
  return true;
}

/* In the clone: fds 0..ZYGOTE_FDS-1 become the worker's, the zygote's socket
 * goes. The received fds are first moved above the range (the lowest free
 * numbers there: RLIMIT_NOFILE may be small) so that no dup2 overwrites one
 * still to be placed. */
static int place_fds(int slots[ZYGOTE_FDS]) {
  for (int i = 0; i < ZYGOTE_FDS; i++) {
    if (slots[i] < 0) continue;
    int hi = fcntl(slots[i], F_DUPFD_CLOEXEC, ZYGOTE_FDS);
    if (hi < 0) return -1;
    close(slots[i]);
    slots[i] = hi;
  }
  close(ZYGOTE_FD);
  for (int i = 0; i < ZYGOTE_FDS; i++) {
    if (slots[i] < 0) {
      if (i > 2) close(i);
      continue;
    }
    if (dup2(slots[i], i) < 0) return -1;
    close(slots[i]);
  }
  return 0;
}

/* As libuv's uv_spawn does for UV_PROCESS_SETUID/SETGID. */
static int drop_privileges(const zygote_req *req) {
  if ((req->flags & ZYGOTE_SET_UID) && geteuid() == 0 && setgroups(0, NULL) != 0) return -1;
  if ((req->flags & ZYGOTE_SET_GID) && setgid(req->gid) != 0) return -1;
  if ((req->flags & ZYGOTE_SET_UID) && setuid(req->uid) != 0) return -1;
  return 0;
}

/* environ becomes the request's strings, which stay where they are (buf is
 * never freed in the worker). */
static int set_environment(char *env, size_t len) {
  size_t count = 0;
  for (size_t i = 0; i < len; i++) count += env[i] == 0;
  char **list = calloc(count + 1, sizeof *list);
  if (!list) return -1;
  size_t k = 0;
  for (char *p = env; p < env + len; p += strlen(p) + 1) list[k++] = p;
  environ = list;
  return 0;
}

static int become_worker(char *buf, int slots[ZYGOTE_FDS]) {
  zygote_req req;
  memcpy(&req, buf, sizeof req);
  char *cwd = buf + sizeof req;
  if (place_fds(slots) != 0) {
    fprintf(stderr, "shoal worker: cannot set up its descriptors: %s\n", strerror(errno));
    return -1;
  }
  if (drop_privileges(&req) != 0) {
    fprintf(stderr, "shoal worker: cannot switch to uid %u gid %u: %s\n", req.uid, req.gid,
            strerror(errno));
    return -1;
  }
  if (chdir(cwd) != 0) {
    fprintf(stderr, "shoal worker: cannot enter %s: %s\n", cwd, strerror(errno));
    return -1;
  }
  return set_environment(cwd + req.cwd_len, req.env_len);
}

/* Closes every fd above the zygote's socket: the master starts the zygote
 * before it marks what it inherited close-on-exec (an upgrade's listeners
 * and worker pipes, socket activation's listeners), and a clone must not
 * hold them. */
static void close_inherited(void) {
  if (syscall(SYS_close_range, ZYGOTE_FD + 1, ~0u, 0) == 0) return;
  long max = sysconf(_SC_OPEN_MAX);
  for (long fd = ZYGOTE_FD + 1; fd < max; fd++) close((int)fd);
}

int zygote_main(char **argv) {
  /* Gone with the master, whatever the way it went. */
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() == 1) return 0;
  close_inherited();
  reply(ZYGOTE_READY, 0);
  char *buf = malloc(ZYGOTE_MAX_MSG);
  if (!buf) return 1;
  for (;;) {
    int fds[ZYGOTE_FDS], slots[ZYGOTE_FDS];
    ssize_t n = receive(buf, ZYGOTE_MAX_MSG, fds);
    if (n == 0) break; /* the master closed its end */
    if (n == -1) {
      close_all(fds);
      if (errno == EINTR || errno == EAGAIN) continue;
      break;
    }
    if (n < 0 || !parse(buf, (size_t)n, fds, slots)) {
      close_all(fds);
      reply(ZYGOTE_FAILED, EINVAL);
      continue;
    }
    /* CLONE_PARENT: the worker is the master's child, not ours. */
    long pid = syscall(SYS_clone, CLONE_PARENT | SIGCHLD, NULL, NULL, NULL, NULL);
    if (pid == 0) {
      if (become_worker(buf, slots) != 0) _exit(70);
      memcpy(argv[1], "worker", 6);
      return ZYGOTE_CHILD;
    }
    int err = errno;
    close_all(fds);
    if (pid < 0) reply(ZYGOTE_FAILED, err);
    else reply(ZYGOTE_STARTED, (int32_t)pid);
  }
  free(buf);
  return 0;
}
