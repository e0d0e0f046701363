/* output: the master's stdout and stderr, written without ever blocking.
 *
 * Everything the master prints while it runs (its own log lines and the
 * workers' relayed output) goes through here. A reader that stalls (a full
 * pipe, a FIFO nobody reads, a stuck log shipper) must not stop the master:
 * each stream writes through a non-blocking descriptor, keeps what the
 * reader has not taken in a bounded buffer, and drops whole records once
 * the buffer is full. Drops are counted (output_dropped(), a metric) and
 * reported in the stream once it flows again.
 *
 * One instance a process (the process has one stdout): the state is static.
 * Before output_init, and when a stream cannot be made non-blocking (a
 * regular file never blocks), records are written directly. */
#ifndef SHOAL_MASTER_OUTPUT_H
#define SHOAL_MASTER_OUTPUT_H

#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#define OUTPUT_BUFFER_BYTES (1u << 20) /* per stream */

typedef enum { OUTPUT_STDOUT = 0, OUTPUT_STDERR = 1 } output_stream;

/* Switches both streams to non-blocking writes watched by LOOP. */
void output_init(uv_loop_t *loop);
/* Queues one record (whole lines); dropped, and counted, when the buffer is full. */
void output_write(output_stream s, const char *data, size_t len);
/* Records dropped so far on both streams. */
uint64_t output_dropped(void);
/* Writes what it can now, without waiting (before an exec). */
void output_flush(void);
/* Stops watching (the loop is about to end); what is buffered gets up to 1 s
 * more to be written. */
void output_close(void);

#endif
