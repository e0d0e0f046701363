#ifndef SHOAL_WORKER_INSPECTOR_H
#define SHOAL_WORKER_INSPECTOR_H
/* inspector: `shoal ctl inspect WORKER debug` opens V8's inspector of this
 * worker to a Chrome DevTools client, as `node --inspect` does: HTTP on
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
 * The module keeps its state in statics (one isolate a process) and owns
 * its thread, its loop and every connection; they live until the process
 * ends. */
#include <stddef.h>

#include "busy_page.h"
#include "v8shim.h"

/* At start, before the app's code is compiled (V8's inspector knows only
 * the scripts compiled after it exists). page may be NULL. while_paused
 * (may be NULL) is called on the JavaScript thread every 100 ms or so
 * while JavaScript is paused (the worker's loop, and so its IPC, stand
 * still meanwhile). */
void inspector_init(sh_rt *rt, busy_page *page, void (*while_paused)(void));
/* Opens the inspector on 127.0.0.1:port (0: a free port), or returns the
 * one already open (whatever port). app: the title and url the targets
 * show. Writes the WebSocket URL into url. Returns the port, or a negative
 * libuv error. */
int inspector_open(int port, const char *app, char *url, size_t cap);
/* `shoal start --inspect`: opens it before the app runs and says where on
 * stderr, as `node --inspect` does (or why not: the worker runs on). */
void inspector_open_at_start(int port, const char *app);
#endif
