#ifndef SHOAL_BINDINGS_TLS_INFO_H
#define SHOAL_BINDINGS_TLS_INFO_H
/* tls_info: what a TLSSocket reports about its connection (ALPN, protocol,
 * cipher, whether the peer is authorized and why not, the certificates as
 * DER), built from an OpenSSL SSL object. Shared by the JS sockets' TLS
 * (mod_tls_wrap.c) and the HTTP engine's connections (mod_http.c's
 * tlsInfo), so that getPeerCertificate() and friends answer alike. The SSL
 * stays its owner's; nothing here keeps a pointer to it. */
#include <openssl/ssl.h>
#include <stdbool.h>

#include "binding.h"

/* Node's verifyError code for an OpenSSL X509_V_ERR_* value. */
const char *tls_info_verify_code(long v);
/* The verification result as Node reports it (see tls_info.c). */
long tls_info_verify_result(SSL *ssl, bool server);
/* Fills res with { alpnProtocol, protocol, cipher, standardName,
 * cipherVersion, authorized, authorizationError, peerCN, peerCert (DER),
 * ownCert (DER), peerIssuers: [DER...] }; secure: the handshake is done. */
void tls_info_fill(sh_rt *rt, sh_val res, SSL *ssl, bool server, bool secure);
/* Fills res with a server's TLS failure as Node's tlsClientError reports
 * it: { error: OpenSSL's error string (fallback without one), code:
 * ERR_SSL_<REASON> (ECONNRESET without one), library, reason }; e is an
 * OpenSSL packed error code (tls_session_ossl_error), 0 for none. */
void tls_info_server_error(sh_rt *rt, sh_val res, unsigned long e, const char *fallback);
#endif
