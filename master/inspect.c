/* inspect: see inspect.h. */
#include "inspect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "busy_page.h"
#include "master.h"

#define STACK_TIMEOUT_MS 5000
#define SNAPSHOT_TIMEOUT_MS 300000 /* a large heap takes a while to walk and write */

typedef struct inspect_req {
  struct inspect_req *next;
  control_client *client; /* NULL once it went away */
  shoal_worker *worker;
  uint64_t id, deadline_ms;
  bool stack;
} inspect_req;

/* By pid first (what `ps` shows), else by the master's worker id. */
static shoal_worker *find_worker(shoal_master *m, json_int_t n) {
  for (shoal_worker *w = m->workers; w; w = w->next)
    if (w->state != WORKER_EXITED && w->pid == n) return w;
  for (shoal_worker *w = m->workers; w; w = w->next)
    if (w->state != WORKER_EXITED && w->id == n) return w;
  return NULL;
}

/* The snapshot's file: FILE (relative to the config's folder), else
 * heap-ID-PID-YYYYmmdd-HHMMSS.heapsnapshot there. Returns a malloc'd path. */
static char *snapshot_path(shoal_master *m, shoal_worker *w, const char *file) {
  char name[128];
  if (!file || !*file) {
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    snprintf(name, sizeof name, "heap-%d-%d-%s.heapsnapshot", w->id, w->pid, stamp);
    file = name;
  }
  if (file[0] == '/') return strdup(file);
  size_t n = strlen(m->cfg.dir) + strlen(file) + 2;
  char *path = malloc(n);
  if (path) snprintf(path, n, "%s/%s", m->cfg.dir, file);
  return path;
}

static void unlink_req(shoal_master *m, inspect_req *r) {
  for (inspect_req **pp = &m->inspects; *pp; pp = &(*pp)->next) {
    if (*pp == r) {
      *pp = r->next;
      break;
    }
  }
  /* A stack request nobody took must not be answered later. */
  if (r->stack && r->worker && r->worker->busy) {
    uint64_t id = r->id;
    atomic_compare_exchange_strong(&r->worker->busy->stack_req, &id, 0);
  }
  free(r);
}

void inspect_start(shoal_master *m, control_client *c, json_t *msg) {
  json_t *sel = json_object_get(msg, "worker");
  const char *what = json_string_value(json_object_get(msg, "what"));
  const char *file = json_string_value(json_object_get(msg, "file"));
  if (!json_is_integer(sel))
    return control_error(c, "inspect needs \"worker\": a pid or a worker id");
  bool stack = what && strcmp(what, "stack") == 0;
  bool debug = what && strcmp(what, "debug") == 0;
  if (!stack && !debug && !(what && strcmp(what, "heap-snapshot") == 0))
    return control_error(c, "inspect: \"what\" is \"stack\", \"heap-snapshot\" or \"debug\"");
  json_t *port = json_object_get(msg, "port");
  if (port &&
      (!json_is_integer(port) || json_integer_value(port) < 0 || json_integer_value(port) > 65535))
    return control_error(c, "inspect: \"port\" is a TCP port, 0..65535 (0: any free one)");
  shoal_worker *w = find_worker(m, json_integer_value(sel));
  if (!w)
    return control_error(c, "inspect: no worker with pid or id %lld",
                         (long long)json_integer_value(sel));
  if (w->adopted)
    return control_error(c,
                         "inspect: worker %d was started by the master's previous image "
                         "(upgrade) and cannot be inspected; it is replaced soon",
                         w->id);
  inspect_req *r = calloc(1, sizeof *r);
  r->client = c;
  r->worker = w;
  r->id = ++m->inspect_seq;
  r->stack = stack || debug; /* both answer at once, from the loop */
  r->deadline_ms = master_now(m) + (r->stack ? STACK_TIMEOUT_MS : SNAPSHOT_TIMEOUT_MS);
  r->next = m->inspects;
  m->inspects = r;
  json_t *order =
      json_pack("{s:s, s:I, s:s}", "type", "inspect", "id", (json_int_t)r->id, "what", what);
  if (debug) {
    json_object_set_new(order, "port", json_integer(port ? json_integer_value(port) : 0));
    json_object_set_new(order, "app", json_string(m->cfg.app ? m->cfg.app : ""));
  } else if (!stack) {
    char *path = snapshot_path(m, w, file);
    json_object_set_new(order, "file", json_string(path ? path : ""));
    free(path);
  } else if (stack && w->busy) {
    atomic_store(&w->busy->stack_req, r->id); /* before the message: either may answer */
  }
  worker_send_msg(w, order);
}

void inspect_reply(shoal_worker *w, json_t *msg) {
  shoal_master *m = w->master;
  uint64_t id = (uint64_t)json_integer_value(json_object_get(msg, "id"));
  inspect_req *r = m->inspects;
  while (r && !(r->id == id && r->worker == w)) r = r->next;
  if (!r) return; /* timed out already */
  json_t *out = json_deep_copy(msg);
  json_object_del(out, "type");
  json_object_del(out, "id");
  json_object_set_new(out, "worker", json_integer(w->id));
  json_object_set_new(out, "pid", json_integer(w->pid));
  if (!json_object_get(out, "ok")) json_object_set_new(out, "ok", json_false());
  control_send(r->client, out);
  unlink_req(m, r);
}

void inspect_client_gone(shoal_master *m, control_client *c) {
  for (inspect_req *r = m->inspects; r; r = r->next)
    if (r->client == c) r->client = NULL;
}

void inspect_worker_gone(shoal_worker *w) {
  shoal_master *m = w->master;
  for (inspect_req *r = m->inspects, *next; r; r = next) {
    next = r->next;
    if (r->worker != w) continue;
    control_error(r->client, "inspect: worker %d (pid %d) exited before it answered", w->id,
                  w->pid);
    r->worker = NULL;
    unlink_req(m, r);
  }
}

bool inspect_debugged(shoal_worker *w) {
  return w->busy && atomic_load(&w->busy->debugger);
}

bool inspect_holds(shoal_worker *w) {
  if (inspect_debugged(w)) return true; /* paused at a breakpoint, maybe */
  for (inspect_req *r = w->master->inspects; r; r = r->next)
    if (r->worker == w && !r->stack) return true;
  return false;
}

int inspect_parse_option(shoal_master *m, const char *arg) {
  m->opt_inspect = true;
  m->opt_inspect_port = 0;
  if (strncmp(arg, "--inspect=", 10) != 0) return 0;
  char *end;
  long port = strtol(arg + 10, &end, 10);
  if (!arg[10] || *end || port < 1 || port > 65535) return -1;
  m->opt_inspect_port = (int)port;
  return 0;
}

void inspect_init_msg(shoal_worker *w, json_t *msg) {
  shoal_master *m = w->master;
  if (!m->opt_inspect) return;
  /* As Node's cluster: the next port for each worker (past 65535: any free one). */
  long port = m->opt_inspect_port ? (long)m->opt_inspect_port + w->id - 1 : 0;
  json_object_set_new(msg, "inspect_port", json_integer(port <= 65535 ? port : 0));
}

void inspect_tick(shoal_master *m, uint64_t now) {
  for (inspect_req *r = m->inspects, *next; r; r = next) {
    next = r->next;
    if (now < r->deadline_ms) continue;
    control_error(r->client,
                  "inspect: worker %d (pid %d) did not answer within %d s (blocked outside "
                  "JavaScript, or its event loop is blocked and the watchdog is off)",
                  r->worker->id, r->worker->pid,
                  (r->stack ? STACK_TIMEOUT_MS : SNAPSHOT_TIMEOUT_MS) / 1000);
    unlink_req(m, r);
  }
}
