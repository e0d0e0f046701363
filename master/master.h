#ifndef SHOAL_MASTER_MASTER_H
#define SHOAL_MASTER_MASTER_H
/* master: the supervising process of `shoal start`. It owns the listening
 * sockets and the worker processes, hands each accepted connection to a
 * worker over its IPC pipe, watches heartbeats, replaces workers that crash,
 * block or grow, and drains them on stop. It never runs JavaScript.
 *
 *   master.c     life cycle, signals, the 100 ms tick, stop and drain
 *   listeners.c  listening sockets, accepting and balancing connections
 *   workers.c    spawning workers, their IPC messages, stdout/stderr, exit
 *
 * The shoal_master owns everything: its config, listeners and workers; a
 * worker is freed once its process exited and its handles closed. */
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

#include "ipc.h"
#include "config.h"
#include "control.h"
#include "exit_reason.h"
#include "latency.h"

typedef struct shoal_master shoal_master;

typedef enum {
  WORKER_STARTING,
  WORKER_READY,
  WORKER_DRAINING,
  WORKER_EXITED,
} worker_state;

typedef struct line_buffer {
  char *buf;
  size_t len, cap;
} line_buffer;

typedef enum { WORKER_STDOUT, WORKER_STDERR, WORKER_ACCESS, WORKER_NOUTPUT } worker_output;

typedef struct shoal_worker {
  shoal_master *master;
  int id;
  int generation;
  worker_state state;
  uv_process_t proc;
  /* The worker's output, read and relayed by the master (output.h) as whole
   * lines: its stdout, stderr and access log (its fd 4; `log.access`
   * "stdout"), indexed by worker_output. The IPC pipe is ipc.pipe. */
  uv_pipe_t output[3];
  ipc_channel ipc;
  line_buffer lines[3];
  int open_handles;
  int pid;
  uint64_t started_ms, ready_ms, last_heartbeat_ms, drain_deadline_ms;
  uint64_t spawn_ns; /* uv_hrtime() just before the spawn */
  double startup_ms; /* spawn to its "ready" message; 0 until then */
  /* from heartbeats */
  uint64_t inflight, requests, heap, rss;
  double lag_ms;
  uint64_t cpu_us;                              /* user + system CPU time so far */
  double rps, cpu_pct;                          /* over the last second or so (ctl top) */
  uint64_t rate_ms, rate_requests, rate_cpu_us; /* the sample the rates start from */
  uint64_t by_status[REQUEST_STATUS_CLASSES];
  uint64_t duration_buckets[REQUEST_DURATION_BUCKETS]; /* cumulative, as Prometheus wants */
  double duration_sum;
  latency_window latency; /* the buckets' last seconds (p50/p99) */
  exit_reason last_exit;  /* how the worker this one replaced ended */
  int slot_restarts;      /* workers of this slot before this one */
  int successor_id;       /* the worker started to replace this one, 0: none */
  uint64_t conns_sent;
  uint64_t conns_received; /* as the worker reported it */
  uint64_t open_conns;     /* connections open at its last heartbeat (upgraded ones too) */
  uint64_t max_requests;   /* with jitter; 0 = no limit */
  struct busy_page *busy;  /* shared with the worker (ipc/busy_page.h) */
  int op_role;             /* in the running control operation: OP_ROLE_NEW or OP_ROLE_REMOVED */
  const char *exit_cause;  /* why the master ended it, for metrics */
  bool replacing;          /* a successor is starting: drain when it is ready */
  bool adopted;            /* started by the previous image of the master (upgrade) */
  bool forked;             /* cloned by the fork server: no uv_process, reaped on SIGCHLD */
  struct shoal_worker *successor_of;
  unsigned char *serves; /* per listener index: registered (app listen) */
  size_t serves_len;
  struct shoal_worker *next;
} shoal_worker;

typedef struct shoal_listener {
  shoal_master *master;
  uv_tcp_t tcp;
  int index;
  char *host;
  int port;         /* as requested (0: ephemeral) */
  int bound_port;   /* as bound */
  bool from_config; /* every worker serves it; else only those that asked */
  bool listening;
  bool closed;
} shoal_listener;

typedef enum { OP_NONE, OP_SCALE, OP_RELOAD, OP_UPGRADE } op_kind;
enum { OP_ROLE_NONE, OP_ROLE_NEW, OP_ROLE_REMOVED };

/* The control operation in progress (one at a time). */
typedef struct master_op {
  op_kind kind;
  control_client *client; /* NULL once the client went away */
  int pending_ready;      /* new workers still to become ready */
  int pending_exit;       /* removed workers still to exit */
  int reload_total;       /* new-generation workers to start */
  int reload_started;
  shoal_config old_cfg; /* reload: restored when the new generation fails */
} master_op;

/* Totals of workers that are gone (metrics keep counting them). */
typedef struct retired_totals {
  uint64_t requests;
  uint64_t by_status[REQUEST_STATUS_CLASSES];
  uint64_t duration_buckets[REQUEST_DURATION_BUCKETS];
  double duration_sum;
  uint64_t conns_sent;
} retired_totals;

struct shoal_master {
  uv_loop_t *loop;
  shoal_config cfg;
  char *runtime_path;
  shoal_listener **listeners;
  size_t nlisteners;
  shoal_worker *workers;
  int next_id;
  int generation;
  unsigned rr_next;
  uv_timer_t tick;
  /* Inside a listener's accept callback (poll phase): connections are
   * batched per worker and sent from send_check, after the poll's
   * callbacks, each worker's in one sendmsg (workers.c) */
  bool batch_conns;
  uv_check_t send_check;
  bool send_check_ready;
  uint64_t started_ms;
  uv_signal_t signals[10];
  uv_tcp_t metrics_server; /* "metrics": {"listen"}: GET /metrics */
  bool metrics_open;
  int nsignals;
  bool accepting;
  bool notified_ready; /* READY=1 sent to systemd */
  bool stopping;
  bool health_down; /* `ctl drain`: the workers' health path answers 503 */
  uint64_t stop_deadline_ms;
  int exit_code;
  /* crash back-off */
  int crash_streak;
  uint64_t next_spawn_ms;
  int spawn_debt; /* workers to start once the back-off allows */
  /* the control socket */
  uv_pipe_t control;
  bool control_open;
  master_op op;
  /* command-line overrides, re-applied on reload */
  const char *opt_workers, *opt_app, *opt_listen;
  bool opt_inspect;     /* start --inspect[=PORT]: each worker opens its inspector (inspect.h) */
  int opt_inspect_port; /* PORT for worker 1, PORT+1 for worker 2...; 0: any free port */
  retired_totals retired;
  exit_queue exits;      /* exits of crashed workers, for their replacements */
  json_t *upgrade_state; /* SHOAL_UPGRADE_STATE when this image was exec'd by an upgrade */
  int argc;              /* the `start` arguments, for the exec of an upgrade */
  char **argv;
  uv_signal_t sigchld;         /* reaps the workers libuv did not spawn (adopted, forked) */
  struct shoal_zygote *zygote; /* the fork server, while one runs (master/zygote.h) */
  uint64_t restarts_crash, restarts_watchdog, restarts_ready_timeout, restarts_max_requests,
      restarts_heap;
  struct inspect_req *inspects; /* `ctl inspect` requests waiting for a worker (inspect.h) */
  uint64_t inspect_seq;
  /* connections accepted while no worker was ready */
  uv_tcp_t **parked;
  int *parked_listener;
  size_t nparked, parked_cap;
};

/* `shoal start` */
int master_main(int argc, char **argv);
void master_stop(shoal_master *m, bool fast);
/* Control operations; the reply goes to client when they finished. */
void master_scale(shoal_master *m, int target, control_client *client);
void master_reload(shoal_master *m, control_client *client);
void master_upgrade(shoal_master *m, control_client *client);

uint64_t master_now(shoal_master *m);
/* Events from workers.c. */
void master_worker_ready(shoal_master *m, shoal_worker *w);
void master_worker_exited(shoal_master *m, shoal_worker *w, int64_t status, int signal_no);
void master_worker_gone(shoal_master *m); /* a worker was freed */
void master_log(shoal_master *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Where the worker count and limits.heap_mb came from (ctl status "sizing"). */
json_t *master_sizing(shoal_master *m);

/* listeners.c */
int listeners_bind_config(shoal_master *m);
void listeners_start_accepting(shoal_master *m);
void listeners_close(shoal_master *m);
/* Finds or binds the listener for host:port (a worker's own listen()). */
/* Does w take connections of l (config listeners: all; others: those that asked)? */
bool listeners_worker_serves(shoal_worker *w, shoal_listener *l);
/* The config's entry of l (NULL for a listener an app asked for). */
shoal_listen *listeners_config_of(shoal_master *m, shoal_listener *l);
shoal_listener *listeners_for_app(shoal_master *m, const char *host, int port, int *err);
void listeners_dispatch_parked(shoal_master *m);
/* Reload: binds listeners new in m->cfg; returns -1 when one cannot be bound. */
int listeners_apply_config(shoal_master *m);
/* Closes config listeners that m->cfg no longer has. */
void listeners_close_stale(shoal_master *m);
/* Upgrade: listeners for the next image (fds kept open across exec). */
json_t *listeners_export(shoal_master *m);
int listeners_adopt_inherited(shoal_master *m);

/* workers.c */
shoal_worker *worker_spawn(shoal_master *m, shoal_worker *successor_of);
void worker_drain(shoal_worker *w);
/* `ctl drain` / `undrain`: every worker (and every later one) answers the
 * health path 503 (down) or 200 again, serving everything else as usual. */
void workers_set_health_down(shoal_master *m, bool down);
void worker_kill(shoal_worker *w, int signum);
/* Sends one IPC message to w (steals msg). */
void worker_send_msg(shoal_worker *w, json_t *msg);
bool worker_is_busy(shoal_worker *w, uint64_t now);
bool worker_in_long_js(shoal_worker *w);
/* w's duration buckets and its request count (+Inf), as latency.h wants. */
void worker_duration_counts(const shoal_worker *w, uint64_t *counts);
int workers_count(shoal_master *m, bool include_draining);
int workers_ready(shoal_master *m);
json_t *workers_export(shoal_master *m);
void workers_unexport(shoal_master *m);
void workers_adopt(shoal_master *m, json_t *workers);
void workers_reap_adopted(shoal_master *m);
/* Hands the accepted connection to w (takes ownership of conn). */
int worker_send_conn(shoal_worker *w, uv_tcp_t *conn, shoal_listener *l);
#endif
