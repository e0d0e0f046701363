#ifndef SHOAL_WORKER_TLS_H
#define SHOAL_WORKER_TLS_H
/* tls: the TLS configuration of the engine's listeners. A tls_ctx is one
 * listener's: one or more certificates (chosen by SNI), an optional client
 * CA, TLS 1.2 and 1.3, ALPN "h2" and "http/1.1", session tickets (with keys
 * shared by every worker when set). Its connections are tls_sessions
 * (tls_session.h, the one TLS pump) made by tls_ctx_session: conn.c owns
 * the socket and moves the bytes.
 *
 * Ownership: a tls_ctx owns its SSL_CTXs and is reference counted; the
 * server holds one reference and every connection another, for as long as
 * its session lives (the SNI callback reads the ctx). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tls_session.h"

typedef struct tls_ctx tls_ctx;

/* Client certificates: BY_CA (the default) asks for one when a CA is given
 * and refuses the handshake without a valid one; REQUEST asks and accepts
 * any (or none), the application judges (Node's requestCert with
 * rejectUnauthorized false); REQUIRE asks, verifies against the CA (or
 * the system's) and refuses as Node's server does: no certificate fails
 * the handshake, a bad one is refused after it (tls_peer_refused). */
enum tls_client_auth { TLS_AUTH_BY_CA = 0, TLS_AUTH_REQUEST, TLS_AUTH_REQUIRE };

typedef struct tls_cert_spec {
  /* PEM text (cert chain, key, CA bundle) or, with from_files, file paths;
   * the default certificate may have neither cert nor key (a server whose
   * user picks every certificate by SNI: a handshake left there fails) */
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

/* A server session for one connection of ctx (TLS_SESSION_SNIFF: plaintext
 * on the TLS port is told apart), NULL when out of memory. The caller
 * holds a reference on ctx until it frees the session. */
tls_session *tls_ctx_session(tls_ctx *ctx);
/* The user picks the certificate by SNI (Node's SNICallback): each
 * session's handshake stops at a ClientHello that names a server
 * (TLS_WANT_HELLO, tls_session.h) until the user switches it to a context
 * of its own (tls_ctx_switch) or leaves it on the default one, and resumes
 * it; ctx's addContext names are then not consulted. */
void tls_ctx_set_user_sni(tls_ctx *ctx);
bool tls_ctx_user_sni(const tls_ctx *ctx);
/* Moves a paused session to `chosen`'s default certificate (a context made
 * with the same ALPN and client-certificate settings as the session's own:
 * the handshake goes on with them). The caller holds a reference on
 * chosen until it frees the session (its ALPN callback reads it). */
void tls_ctx_switch(tls_session *s, tls_ctx *chosen);
/* After the handshake: why the peer's certificate is refused (it does not
 * verify and the context REQUIREs one that does: the connection must
 * close), or NULL. A static string. */
const char *tls_peer_refused(tls_session *s);
#endif
