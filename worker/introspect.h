#ifndef SHOAL_WORKER_INTROSPECT_H
#define SHOAL_WORKER_INTROSPECT_H
/* introspect: the worker's answers to the master's `inspect` messages
 * (`shoal ctl inspect`, master/inspect.h):
 *
 * - "stack": the JavaScript stack now. An idle worker reads its IPC message
 *   and answers at once (no JavaScript runs). A worker whose event loop is
 *   blocked in JavaScript cannot read it: the master also wrote the request
 *   into the busy page, the CPU guard's watch thread sees it
 *   (introspect_poll) and asks V8 for an interrupt, which reads the stack on
 *   the JavaScript thread, inside the running code, and sends the answer.
 *   Whichever comes first takes the request (swaps it out of the page).
 * - "heap-snapshot": V8 takes a heap snapshot (JavaScript pauses for it),
 *   serialises it in memory and the file is written by the thread pool
 *   while the worker serves on; the answer names the file and its size.
 * - "debug": opens V8's inspector to a DevTools client (inspector_server.h); the
 *   answer gives its ws:// and devtools:// URLs.
 *
 * The module keeps its state in statics (one isolate a process) and owns
 * the snapshot buffer until written. */
#include <jansson.h>

#include "busy_page.h"
#include "v8shim.h"

/* send: how an answer reaches the master (steals msg). page may be NULL. */
void introspect_init(sh_rt *rt, busy_page *page, void (*send)(json_t *msg));
/* The master's {"type":"inspect", "id", "what", "file"?}. */
void introspect_on_message(json_t *msg);
/* From the CPU guard's watch thread (any thread): a stack asked for? */
void introspect_poll(void);
#endif
