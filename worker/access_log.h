#ifndef SHOAL_WORKER_ACCESS_LOG_H
#define SHOAL_WORKER_ACCESS_LOG_H
/* access_log: one line per finished response, written by the worker that
 * served it: JSON lines or the combined format, with the worker id and the
 * duration. The destination is the master's stdout (through fd 4, a pipe
 * the master reads and relays whole lines from; our stdout without a
 * master), a file opened O_APPEND (lines from several workers never
 * interleave), or nothing. The module owns its descriptor. Called by
 * request_accounting.c, which decides which requests get a line. */
#include <stdbool.h>

#include "http_engine.h"

/* dest: "stdout", "off" or a file path. Returns 0 or -errno. */
int access_log_open(const char *dest, bool combined, int worker_id);
/* r's line, from r and what the engine summed up at its end. */
void access_log_write(http_req *r, const http_req_summary *sum);
void access_log_close(void);
#endif
