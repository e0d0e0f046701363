#ifndef SHOAL_MASTER_INSPECT_H
#define SHOAL_MASTER_INSPECT_H
/* inspect: `ctl inspect WORKER stack|heap-snapshot [FILE]|debug [--port N]`. The master
 * passes the request to the worker (IPC `inspect`; for a stack also through
 * the worker's busy page, so a worker whose event loop is blocked in
 * JavaScript still answers) and relays the worker's `inspected` answer to
 * the control client. Each waiting request is owned by this module (a list
 * in shoal_master) until answered, timed out or its worker is gone. */
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct shoal_master;
struct shoal_worker;
struct control_client;

/* {"cmd":"inspect","worker":PID-or-ID,"what":"stack"|"heap-snapshot"|"debug","file"?,"port"?} */
void inspect_start(struct shoal_master *m, struct control_client *c, json_t *msg);
/* The worker's {"type":"inspected","id",...}. */
void inspect_reply(struct shoal_worker *w, json_t *msg);
/* The control client went away: its answers are dropped. */
void inspect_client_gone(struct shoal_master *m, struct control_client *c);
/* The worker is being freed: its requests fail. */
void inspect_worker_gone(struct shoal_worker *w);
/* Is a DevTools client attached to w's inspector (`inspect W debug`)? The
 * master then sends w no new connection while another worker can take it. */
bool inspect_debugged(struct shoal_worker *w);
/* Is w's loop allowed to stand still (a heap snapshot being taken, a
 * debugger attached, maybe paused): not a hang for the watchdog? */
bool inspect_holds(struct shoal_worker *w);
/* `start --inspect[=PORT]`: 0, or -1 for a bad PORT. */
int inspect_parse_option(struct shoal_master *m, const char *arg);
/* With --inspect: the worker's init message asks it to open its inspector
 * (on PORT + its id - 1, or any free port). */
void inspect_init_msg(struct shoal_worker *w, json_t *msg);
/* The master's tick: requests past their deadline fail. */
void inspect_tick(struct shoal_master *m, uint64_t now);
#endif
