#ifndef SHOAL_WORKER_TLS_SESSION_H
#define SHOAL_WORKER_TLS_SESSION_H
/* tls_session: one TLS connection, client or server, as OpenSSL on memory
 * BIOs: the only place shoal drives an SSL object. V8-free, socket-free:
 * its user moves the bytes. Ciphertext received goes in with
 * tls_session_feed; tls_session_handshake advances the handshake;
 * tls_session_read decrypts into the caller's buffer; tls_session_write
 * encrypts; tls_session_take_output / tls_session_output_read give the
 * ciphertext to send. Users: the HTTP engine's connections (conn.c, server
 * role, contexts from tls.c) and the JavaScript TLSSocket
 * (bindings/mod_tls_wrap.c, both roles, its own SSL_CTX).
 *
 * Ownership: a session owns its SSL and the two BIOs; the SSL holds a
 * reference on the SSL_CTX it was made from (the caller keeps its own).
 * Whatever its user needs to outlive the session (an SNI table the
 * context's callbacks read) is the user's to keep alive.
 *
 * Errors: a failing call returns TLS_ERROR and records why: a message
 * (tls_session_error) and OpenSSL's packed error code, 0 when OpenSSL gave
 * none (tls_session_ossl_error; ERR_error_string_n and
 * ERR_reason_error_string read it). OpenSSL's thread error queue is left
 * empty by every call. */
#include <stdbool.h>
#include <stddef.h>

struct ssl_st;
struct ssl_ctx_st;
typedef struct tls_session tls_session;

enum {
  TLS_OK = 0,
  TLS_WANT = 1,       /* more input needed */
  TLS_WANT_HELLO = 2, /* a server paused on the ClientHello (tls_session_pause_hello) */
  TLS_ERROR = -1,
  TLS_NOT_TLS = -2, /* TLS_SESSION_SNIFF: the first bytes are no TLS record */
  TLS_EOF = -3,     /* the peer's close_notify */
};

enum {
  TLS_SESSION_SERVER = 1, /* accept; else connect */
  TLS_SESSION_SNIFF = 2,  /* refuse input that does not start with a handshake record */
};

/* A session on a new SSL of ctx; flags are TLS_SESSION_*. NULL when out of
 * memory. */
tls_session *tls_session_new(struct ssl_ctx_st *ctx, unsigned flags);
void tls_session_free(tls_session *s);

/* The user's pointer, for the context's callbacks: tls_session_of(ssl)
 * gives the session of an SSL made by tls_session_new (else NULL). */
void tls_session_set_user(tls_session *s, void *user);
void *tls_session_user(const tls_session *s);
tls_session *tls_session_of(const struct ssl_st *ssl);

/* Installs on a server ctx the ClientHello callback that records the
 * hello's server name (tls_session_servername before the handshake picks a
 * certificate) and pauses the sessions that asked to. */
void tls_session_ctx_hello_hook(struct ssl_ctx_st *ctx);
/* The next ClientHello stops the handshake (TLS_WANT_HELLO) until
 * tls_session_resume_hello: the user chooses the certificate meanwhile
 * (SSL_set_SSL_CTX on tls_session_ssl). */
void tls_session_pause_hello(tls_session *s);
void tls_session_resume_hello(tls_session *s);

/* Ciphertext from the peer: TLS_OK, TLS_NOT_TLS (sniffing), TLS_ERROR. */
int tls_session_feed(tls_session *s, const void *data, size_t len);
/* Advances the handshake: TLS_OK once done, TLS_WANT, TLS_WANT_HELLO,
 * TLS_ERROR. */
int tls_session_handshake(tls_session *s);
bool tls_session_handshake_done(const tls_session *s);
/* Decrypted bytes into buf: > 0 bytes, 0 when none is buffered, TLS_EOF,
 * TLS_ERROR. */
int tls_session_read(tls_session *s, void *buf, size_t cap);
/* Encrypts len bytes into the output: TLS_OK or TLS_ERROR. */
int tls_session_write(tls_session *s, const void *data, size_t len);
/* close_notify into the output (once the handshake is done). */
void tls_session_shutdown(tls_session *s);

/* Ciphertext to send: how much is pending; up to cap bytes of it into buf
 * (returns how many); or all of it as a malloc'd buffer the caller frees
 * (NULL when none, or out of memory). */
size_t tls_session_output_pending(const tls_session *s);
size_t tls_session_output_read(tls_session *s, void *buf, size_t cap);
char *tls_session_take_output(tls_session *s, size_t *len);

/* The protocol ALPN chose: its length (0: none) and *name (not
 * NUL-terminated, owned by the session). */
size_t tls_session_alpn(const tls_session *s, const unsigned char **name);
/* The server name the client sent (SNI), or NULL; owned by the session. */
const char *tls_session_servername(const tls_session *s);
/* The OpenSSL object, owned by the session: for reports about the
 * connection (peer certificate, verification, cipher: tls_info.c). */
struct ssl_st *tls_session_ssl(const tls_session *s);

/* Why the last call failed (a message; never NULL), and OpenSSL's code. */
const char *tls_session_error(const tls_session *s);
unsigned long tls_session_ossl_error(const tls_session *s);
/* Records a reason of the user's (a context callback refusing the
 * handshake); the handshake's failure then reports it. */
void tls_session_set_error(tls_session *s, const char *msg);
#endif
