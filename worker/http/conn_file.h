#ifndef SHOAL_WORKER_HTTP_CONN_FILE_H
#define SHOAL_WORKER_HTTP_CONN_FILE_H
/* conn_file: a range of a regular file sent on a plain TCP connection with
 * sendfile(2), in the connection's write order: it starts once the bytes
 * queued before it left, and writes made meanwhile wait behind it (conn.c's
 * `deferred` list). From the loop, sendfile until EAGAIN, then one piece of
 * the file read with pread and written by libuv (which waits for the socket
 * to take it), then sendfile again; a copy is made only while the client is
 * slower than the server. At most FILE_TURN_BYTES leave per loop turn, and
 * the next turn's range is announced to the kernel (POSIX_FADV_WILLNEED),
 * so one large file, or one not in the page cache, does not keep the loop
 * from the other connections for long (docs/performance.md).
 *
 * Ownership: the caller keeps the file descriptor open until done() ran; the
 * connection owns the conn_file (c->file) until done() ran, a piece in
 * flight holds it until its write completed. */
#include "conn.h"

/* Bytes sent per loop turn at most (nginx's sendfile_max_chunk default). */
#define FILE_TURN_BYTES (2u << 20)

/* Sends length bytes of fd from offset on c, counted for r (bytes_sent, one
 * pending write). done(token, status, sent) follows, never from inside this
 * call: status 0 with sent == length; status 0 with less when the file ended
 * early, or a negative libuv error of the file: then c is closed right
 * after done (the response's framing announced length bytes); UV_ECANCELED
 * when c closed meanwhile. Returns 0, or -1 (TLS, c closing, a file already
 * on c): nothing was done. */
int conn_write_file(http_conn *c, http_req *r, int fd, uint64_t offset, uint64_t length,
                    http_file_done_fn done, void *token);
/* A write before the file completed (conn.c): it starts once none is left. */
void conn_file_resume(http_conn *c);
/* c's handles are closing: the file write ends with UV_ECANCELED. */
void conn_file_cancel(http_conn *c);
#endif
