/* The fork server's wire format, shared by the master (master/zygote.c) and
 * the runtime (worker/zygote.c).
 *
 * `shoal-runtime zygote` is started by the master with one end of a
 * SOCK_SEQPACKET socket pair on fd 3. It has done what every worker would
 * otherwise redo at each start (exec, the dynamic loader's relocation of
 * libnode, ICU) and then waits. Each datagram is one message:
 *
 *   zygote -> master  zygote_msg {ZYGOTE_READY, 0}          once, when it waits
 *   master -> zygote  zygote_req + payload, fds by SCM_RIGHTS  "start a worker"
 *   zygote -> master  zygote_msg {ZYGOTE_STARTED, pid}      or {ZYGOTE_FAILED, errno}
 *
 * The payload is the worker's working directory then its environment, each
 * string NUL-terminated. The fds are the worker's 0..ZYGOTE_FDS-1, in that
 * order, for each bit set in fd_mask (an unset bit: that fd stays closed).
 * The worker is cloned with CLONE_PARENT, so it is the master's child: the
 * master reaps it (SIGCHLD, waitpid) and signals it like any other.
 *
 * Everything here is plain data; nobody owns anything. */
#ifndef SHOAL_IPC_ZYGOTE_WIRE_H
#define SHOAL_IPC_ZYGOTE_WIRE_H

#include <stdint.h>

#define ZYGOTE_FD 3  /* the zygote's end of the socket pair */
#define ZYGOTE_FDS 6 /* stdin, stdout, stderr, IPC, access log, busy page */
#define ZYGOTE_MAX_MSG (256 * 1024)
#define ZYGOTE_MAGIC 0x5a59474fu /* "ZYGO" */

enum { ZYGOTE_READY = 1, ZYGOTE_STARTED = 2, ZYGOTE_FAILED = 3 };
enum { ZYGOTE_SET_UID = 1, ZYGOTE_SET_GID = 2 };

typedef struct {
  uint32_t magic;
  uint32_t fd_mask;  /* bit i: fd i is among the SCM_RIGHTS fds */
  uint32_t flags;    /* ZYGOTE_SET_UID, ZYGOTE_SET_GID */
  uint32_t uid, gid; /* applied when the flag is set */
  uint32_t cwd_len;  /* bytes of the cwd string, its NUL included */
  uint32_t env_len;  /* bytes of the environment strings, each NUL-terminated */
} zygote_req;

typedef struct {
  uint32_t magic;
  uint32_t type; /* ZYGOTE_READY, ZYGOTE_STARTED, ZYGOTE_FAILED */
  int32_t value; /* the worker's pid, or an errno */
} zygote_msg;

#endif
