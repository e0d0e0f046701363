#ifndef SHOAL_BINDINGS_INSPECTOR_SERVER_H
#define SHOAL_BINDINGS_INSPECTOR_SERVER_H
/* inspector_server: V8's inspector of the main runtime served to a Chrome
 * DevTools client, as `node --inspect` does (`shoal ctl inspect WORKER
 * debug`, `shoal start --inspect`, `inspector.open()`): HTTP on
 * 127.0.0.1 (GET /json, /json/list, /json/version) and the DevTools
 * protocol over a WebSocket at ws://127.0.0.1:PORT/UUID, one client at a
 * time.
 *
 * Two threads. The transport runs on a thread of its own with its own
 * libuv loop, because JavaScript paused at a breakpoint stops the worker's
 * loop. The client's messages are queued to the JavaScript thread, which
 * takes them (each wakes three ways, whichever comes first):
 * - idle: an async handle on the worker's loop;
 * - running JavaScript: a V8 interrupt;
 * - paused: V8 calls back into the pause loop, which waits on the queue.
 * The answers are queued the other way and written by the transport thread.
 * While a client is attached the busy page says so: the master sends the
 * worker no new connection and its watchdog does not kill it while paused.
 *
 * The module keeps its state in statics (one main isolate a process) and
 * owns its thread, its loop and every connection, until inspector_close
 * or the process ends. */
#include <stdbool.h>
#include <stddef.h>

#include "busy_page.h"
#include "v8shim.h"

/* A cluster worker, at start, before the app's code is compiled (V8's
 * inspector knows only the scripts compiled after it exists). page may be
 * NULL. while_paused (may be NULL) is called on the JavaScript thread
 * every 100 ms or so while JavaScript is paused (the worker's loop, and so
 * its IPC, stand still meanwhile). Elsewhere (`shoal run`) the inspector
 * is made at the first inspector_open. */
void inspector_init(sh_rt *rt, busy_page *page, void (*while_paused)(void));
/* Opens the inspector on 127.0.0.1:port (0: a free port), or returns the
 * one already open (whatever port). app: the title and url the targets
 * show. Writes the WebSocket URL into url. Returns the port, or a negative
 * libuv error. JavaScript thread. */
int inspector_open(sh_rt *rt, int port, const char *app, char *url, size_t cap);
/* inspector_open, saying where on stderr as `node --inspect` and
 * inspector.open() do, or why not (`shoal start --inspect`: the worker
 * runs on). */
int inspector_open_announced(sh_rt *rt, int port, const char *app);
/* The WebSocket URL into url; false when not open. */
bool inspector_url(char *url, size_t cap);
/* `inspector.close()`: the client goes (its session ends, a pause too),
 * the port closes, the transport's thread ends. */
void inspector_close(void);
/* `inspector.waitForDebugger()`: serves the client's messages until it
 * sends Runtime.runIfWaitingForDebugger; -1 when not open. */
int inspector_wait_for_debugger(void);
/* `--inspect-brk`: the client's session pauses at the next statement. */
void inspector_break_on_start(void);
#endif
