/* The cluster config: loading, validation, command-line overrides.
 *
 * The file format is docs/configuration.md. Every key is
 * validated; an error names FILE:LINE:COL of the offending key or value and
 * the key path, e.g.
 *   shoal.json:7:19: limits.body_bytes: expected a positive integer, got "big"
 *
 * Typical use:
 *   shoal_config c;
 *   if (config_load(path, &c, err, sizeof err) != 0 ||
 *       config_override(&c, workers, app, listen, err, sizeof err) != 0 ||
 *       config_finish(&c, err, sizeof err) != 0) { print err; config_free(&c); fail; }
 *   ...
 *   config_free(&c);
 * Without a config file, start from config_init_defaults(&c) instead of
 * config_load. config_init_defaults allocates nothing, and config_free may be
 * called on a config in any of these states (also after a failed call).
 */
#ifndef SHOAL_MASTER_CONFIG_H
#define SHOAL_MASTER_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { BALANCE_LEAST_BUSY, BALANCE_ROUND_ROBIN, BALANCE_KERNEL } shoal_balance;
typedef enum { LOG_FORMAT_JSON, LOG_FORMAT_COMBINED } shoal_log_format;

/* Absolute paths; ca and servername may be NULL. In a list of several
 * certificates, at most one has no servername: the default one. */
typedef struct shoal_tls_cert {
  char *cert, *key, *ca, *servername;
} shoal_tls_cert;

typedef struct shoal_listen {
  char *host;          /* an IP literal in canonical form: "0.0.0.0", "::", "127.0.0.1"...;
                          default "0.0.0.0"; "localhost" is stored as "127.0.0.1" */
  int port;            /* 1..65535 */
  shoal_tls_cert *tls; /* NULL = cleartext; `tls` may be one object or a list of
                          objects with servername */
  size_t ntls;
  bool sticky_ip;      /* "sticky": "ip": a client address always goes to the same live worker */
  bool sticky_cookie;  /* "sticky": "cookie": the worker the shoal_worker cookie names
                          (master/sticky_cookie.h) */
  bool proxy_protocol; /* the peer (a load balancer) starts with a PROXY protocol v1/v2 header */
} shoal_listen;

typedef struct shoal_limits {
  uint64_t header_bytes, body_bytes, header_timeout_ms, idle_timeout_ms, request_cpu_ms, heap_mb,
      max_requests, h2_max_streams;
  uint64_t queue_ms;            /* 0 = off: connections go to a worker at once (shed.h) */
  uint64_t response_timeout_ms; /* 0 = off: no answer (or no byte of it) in time: 504 or cut */
} shoal_limits;                 /* every field is a row of config_limit_keys */

/* Who acts on a key: the master itself, the workers (sent in the init
 * message, ipc/PROTOCOL.md, decoded by worker/worker.c), or both (the
 * master acts on it and passes it on). */
typedef enum { CONFIG_MASTER, CONFIG_WORKER, CONFIG_BOTH } config_consumer;

/* The schema of `limits`, one row per key: its name, its field in
 * shoal_limits, bounds, default and consumer. The loader validates with it,
 * config_init_defaults takes the defaults from it, and the init message
 * (master/workers.c) encodes every row. Add a limit here (and to
 * shoal_limits and docs/configuration.md). heap_mb and max_requests are the
 * master's: it compares them with each worker's heartbeat and replaces the
 * worker gracefully. */
typedef struct config_limit_key {
  const char *name;
  size_t offset; /* of the uint64_t field in shoal_limits */
  uint64_t min, max, def;
  config_consumer consumer;
} config_limit_key;
extern const config_limit_key config_limit_keys[];
extern const size_t config_nlimit_keys;
/* The field of `l` that row `k` describes. */
uint64_t *config_limit(shoal_limits *l, const config_limit_key *k);

/* The schema of every other key, one row per key: top-level keys by their
 * name, the members of an object section as "SECTION.member" ("log.slow_ms"),
 * rows in the order the keys are listed in messages. The loader accepts
 * exactly these keys (anything else is "unknown key") and loads each through
 * its row; config_init_defaults takes the CONFIG_UINT and CONFIG_ENUM
 * defaults from it. `limits` is one CONFIG_CUSTOM row whose members are the
 * rows of config_limit_keys. Add a key here (with its field in shoal_config,
 * its consumer's code and a row in docs/configuration.md: deploy/config_doc
 * checks that the two list the same keys). */
typedef enum {
  CONFIG_UINT,    /* an integer in min..max in a uint64_t field; default def */
  CONFIG_ENUM,    /* one of `choices`, stored as its index in an enum field; default def */
  CONFIG_SECTION, /* an object (`what` describes it) whose members are the "NAME.x" rows */
  CONFIG_CUSTOM,  /* a path, list, identity...: loaded and checked by the row's `load` */
} config_type;

struct config_ctx; /* the loader's state (config.c) */
struct json_t;
struct shoal_config;
typedef struct config_key {
  const char *name;
  config_type type;
  uint64_t min, max, def;
  size_t offset;              /* of the field in shoal_config (CONFIG_UINT, CONFIG_ENUM) */
  const char *const *choices; /* CONFIG_ENUM: the accepted strings, NULL-terminated */
  const char *what;           /* CONFIG_SECTION: "an object like {...}" for a wrong type */
  int (*load)(struct config_ctx *x, struct json_t *v); /* CONFIG_CUSTOM */
  config_consumer consumer;
  /* A row the workers consume: its member of the init message
   * (ipc/PROTOCOL.md), or NULL when the worker gets it otherwise (`listen`:
   * built from the bound sockets by master/workers.c; `env`: the worker's
   * environment). */
  const char *wire;
  /* The value on the wire when not the row's own (CONFIG_UINT: the integer,
   * CONFIG_ENUM: the choice's name); required for CONFIG_CUSTOM rows with
   * `wire`. NULL leaves the member out. The caller owns the result. */
  struct json_t *(*encode)(const struct shoal_config *c);
} config_key;
extern const config_key config_keys[];
extern const size_t config_nkeys;

typedef struct shoal_config {
  char *path;               /* absolute path of the config file (NULL when none was given) */
  char *dir;                /* its folder (or cwd) */
  char *app;                /* absolute path */
  int workers;              /* "auto" (the default) resolved from the cgroup's CPU quota and the
                               affinity mask (cgroup.h) */
  char workers_source[320]; /* where `workers` came from, for ctl status and the log */
  shoal_listen *listen;     /* may be empty: the app may call listen itself */
  size_t nlisten;
  char *control_socket;  /* absolute path; default "<dir>/shoal.sock" */
  int *allow_app_listen; /* ports an app's own listen() may bind besides the listeners */
  size_t nallow_app_listen;
  char *control_group; /* "control": {"group"}: members may use the socket too; NULL: owner only */
  shoal_balance balance; /* default least-busy */
  char **env;            /* "NAME=value" strings, in file order */
  size_t nenv;
  shoal_limits limits;
  bool heap_mb_set;      /* limits.heap_mb given; else config_finish derives it from the
                            cgroup's memory limit (cgroup.h) */
  char heap_source[320]; /* where limits.heap_mb came from */
  uint64_t watchdog_ms, ready_timeout_ms, drain_ms; /* defaults 30000, 10000, 30000 */
  char *user, *group;     /* run workers (and the master, after binding) as; NULL: unchanged */
  char *health_path;      /* "health": {"path": ...}: answered by workers without JavaScript */
  char *metrics_listen;   /* "metrics": {"listen": "HOST:PORT"}: the master serves /metrics */
  char **trusted_proxies; /* CIDRs ("10.0.0.0/8", "::1") whose X-Forwarded-For is believed */
  size_t ntrusted;
  char **watch_ignore; /* "watch": {"ignore": [...]}: fnmatch patterns `start --watch` skips */
  size_t nwatch_ignore;
  char *access_log;            /* "stdout", "off" or an absolute file path; default "stdout" */
  shoal_log_format log_format; /* default json */
  uint64_t log_slow_ms;        /* log.slow_ms: JS stack of a request running longer; 0 off */
} shoal_config;

/* Numbers and enums to their defaults, every pointer NULL (path, dir, app,
 * control_socket and access_log are filled in by config_load/config_finish).
 * Allocates nothing. */
void config_init_defaults(shoal_config *c);

/* Loads and validates FILE into OUT (which need not be initialised). On error
 * returns -1 and writes "FILE:LINE:COL: message" into err (the message names
 * the key path, e.g. `limits.body_bytes: expected a positive integer, got
 * "big"`); OUT is then left as config_init_defaults leaves it. Does not
 * require `app` nor check that it exists: see config_finish. */
int config_load(const char *path, shoal_config *out, char *err, size_t errlen);

/* Applies command-line overrides (any may be NULL): --workers N|auto,
 * --app FILE (relative to cwd), --listen [HOST:]PORT (replaces the listen list
 * with one cleartext listener; IPv6 as [::1]:8080). Returns -1 with a message
 * in err on a bad value (the config is then unchanged). */
int config_override(shoal_config *c, const char *workers, const char *app, const char *listen,
                    char *err, size_t errlen);

/* Final checks after overrides: an app is set and is a readable file; fills
 * in dir (cwd), control_socket and access_log when still unset and checks
 * that the control socket path fits a Unix socket address. */
int config_finish(shoal_config *c, char *err, size_t errlen);

void config_free(shoal_config *c);

/* The init message's config members: one per row of config_keys with
 * `wire`, encoded by the row (the master adds its own state: id,
 * listeners, ticket keys...). The caller owns the result; NULL when out of
 * memory. worker/worker.c decodes the same members by its init_keys table. */
struct json_t *config_worker_json(const shoal_config *c);

/* `shoal check CONFIG`. ARGV[0] is the subcommand ("check") and ARGV[1] the
 * config, i.e. call it as config_check_main(argc - 1, argv + 1) from main;
 * the whole command line (argv[0] = "shoal", argv[1] = "check") is accepted
 * too. Prints "CONFIG: ok" and returns 0; on a bad config prints
 * "FILE:LINE:COL: message" on stderr and returns 1; usage errors return 2. */
int config_check_main(int argc, char **argv);

#endif
