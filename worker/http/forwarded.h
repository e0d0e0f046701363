#ifndef SHOAL_WORKER_HTTP_FORWARDED_H
#define SHOAL_WORKER_HTTP_FORWARDED_H
/* forwarded: the client's address behind trusted proxies
 * (`trusted_proxies`). Before a request reaches its user, the engine looks
 * at the connection's peer (the socket's, or the one a PROXY header named):
 *
 *   - a trusted peer: the client is the right-most address of
 *     X-Forwarded-For (else of Forwarded's for=) that is not itself a
 *     trusted proxy; the connection's address becomes it (http_conn_peername,
 *     so socket.remoteAddress and the access log) and X-Forwarded-For is
 *     left holding that one address (so a framework's "trust proxy" finds
 *     the same client, never an address the client wrote itself);
 *   - an untrusted peer: X-Forwarded-For and Forwarded are removed: nothing
 *     it says about itself reaches the app.
 *
 * Off (headers untouched) until a trust test is set. The test is the
 * worker's (it knows the configured ranges); the engine knows no config. */
#include <stdbool.h>
#include <sys/socket.h>

#include "http_engine.h"

typedef bool (*http_trust_fn)(const struct sockaddr *sa);

/* Process-wide; NULL turns it off. */
void http_set_trusted_proxies(http_trust_fn is_trusted);

/* Applies the rules above to r (called by the engine before on_request). */
void http_forwarded_apply(http_req *r);
#endif
