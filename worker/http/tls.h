#ifndef SHOAL_WORKER_TLS_H
#define SHOAL_WORKER_TLS_H
/* tls: TLS for the worker's connections, with OpenSSL on memory BIOs. The
 * engine's connection (conn.c) owns the socket: it feeds received ciphertext in with
 * tls_conn_feed, reads plaintext with tls_conn_read, encrypts its writes with
 * tls_conn_encrypt and sends whatever tls_conn_take_output returns.
 *
 * A tls_ctx is one listener's configuration: one or more certificates
 * (chosen by SNI), an optional client CA, TLS 1.2 and 1.3, ALPN "h2" and
 * "http/1.1", session tickets (with keys shared by every worker when set).
 * It is reference counted: every connection holds one reference. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct tls_ctx tls_ctx;
typedef struct tls_conn tls_conn;
struct ssl_st;

/* Client certificates: BY_CA (the default) asks for one when a CA is given
 * and refuses the handshake without a valid one; REQUEST asks and accepts
 * any (or none), the application judges (Node's requestCert with
 * rejectUnauthorized false); REQUIRE asks, verifies against the CA (or
 * the system's) and refuses. */
enum tls_client_auth { TLS_AUTH_BY_CA = 0, TLS_AUTH_REQUEST, TLS_AUTH_REQUIRE };

typedef struct tls_cert_spec {
  /* PEM text (cert chain, key, CA bundle) or, with from_files, file paths */
  const char *cert, *key, *ca;
  size_t cert_len, key_len, ca_len; /* PEM text: 0 = strlen */
  const char *servername;           /* NULL: the default certificate */
  enum tls_client_auth client_auth;
} tls_cert_spec;

/* Process-wide session ticket keys (80 bytes: name 16, HMAC 32, AES 32),
 * applied to every context created afterwards. */
void tls_set_ticket_keys(const uint8_t *keys, size_t len);
/* The same, from a hex string (the master's init message). 0 or -1. */
int tls_set_ticket_keys_hex(const char *hex);

/* Builds a context; on error returns NULL and writes a message to err. */
tls_ctx *tls_ctx_new(const tls_cert_spec *specs, size_t n, bool from_files, bool h2, char *err,
                     size_t errlen);
void tls_ctx_ref(tls_ctx *ctx);
void tls_ctx_unref(tls_ctx *ctx);

tls_conn *tls_conn_new(tls_ctx *ctx);
void tls_conn_free(tls_conn *t);

enum { TLS_OK = 0, TLS_WANT = 1, TLS_ERROR = -1, TLS_NOT_TLS = -2, TLS_EOF = -3 };

/* Ciphertext from the peer. Returns TLS_OK, or TLS_NOT_TLS when the very
 * first bytes are not a TLS record (plaintext on a TLS port). */
int tls_conn_feed(tls_conn *t, const char *data, size_t len);
/* Advances the handshake: TLS_OK once done, TLS_WANT for more input,
 * TLS_ERROR (see tls_conn_error). */
int tls_conn_handshake(tls_conn *t);
bool tls_conn_handshake_done(tls_conn *t);
/* Decrypted bytes: > 0 bytes, 0 when none is buffered, TLS_EOF after the
 * peer's close_notify, TLS_ERROR. */
int tls_conn_read(tls_conn *t, char *buf, size_t cap);
/* Encrypts len bytes into the output. 0 or -1. */
int tls_conn_encrypt(tls_conn *t, const void *data, size_t len);
/* Sends close_notify (into the output). */
void tls_conn_shutdown(tls_conn *t);
/* Pending ciphertext: a malloc'd buffer (NULL when none). */
char *tls_conn_take_output(tls_conn *t, size_t *len);
/* The ALPN protocol chosen: 2 for "h2", 1 for "http/1.1", 0 for none. */
int tls_conn_alpn(tls_conn *t);
const char *tls_conn_servername(tls_conn *t);
/* The connection's OpenSSL object (owned by t), for reports about it. */
struct ssl_st *tls_conn_ssl(tls_conn *t);
/* Why the handshake failed (OpenSSL's reason or ours). */
const char *tls_conn_error(tls_conn *t);
#endif
