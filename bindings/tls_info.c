/* tls_info: a TLS connection's state as a TLSSocket reports it (see tls_info.h). */
#include "tls_info.h"

#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdint.h>

const char *tls_info_verify_code(long v) {
  switch (v) {
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT: return "DEPTH_ZERO_SELF_SIGNED_CERT";
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN: return "SELF_SIGNED_CERT_IN_CHAIN";
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT: return "UNABLE_TO_GET_ISSUER_CERT";
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY: return "UNABLE_TO_GET_ISSUER_CERT_LOCALLY";
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE: return "UNABLE_TO_VERIFY_LEAF_SIGNATURE";
    case X509_V_ERR_CERT_HAS_EXPIRED: return "CERT_HAS_EXPIRED";
    case X509_V_ERR_CERT_NOT_YET_VALID: return "CERT_NOT_YET_VALID";
    case X509_V_ERR_CERT_SIGNATURE_FAILURE: return "CERT_SIGNATURE_FAILURE";
    case X509_V_ERR_INVALID_PURPOSE: return "INVALID_PURPOSE";
    case X509_V_ERR_CERT_UNTRUSTED: return "CERT_UNTRUSTED";
    case X509_V_ERR_CERT_REJECTED: return "CERT_REJECTED";
    case X509_V_ERR_HOSTNAME_MISMATCH: return "ERR_TLS_CERT_ALTNAME_INVALID";
    case X509_V_ERR_IP_ADDRESS_MISMATCH: return "ERR_TLS_CERT_ALTNAME_INVALID";
    default: return "UNABLE_TO_VERIFY_LEAF_SIGNATURE";
  }
}

/* Node's OpenSSL says a lone leaf whose issuer is unknown is "unable to
 * verify the first certificate" (UNABLE_TO_VERIFY_LEAF_SIGNATURE); newer
 * ones say ..._LOCALLY. (A server's peer chain leaves the leaf out.) */
long tls_info_verify_result(SSL *ssl, bool server) {
  long v = SSL_get_verify_result(ssl);
  STACK_OF(X509) *chain = SSL_get_peer_cert_chain(ssl);
  int n = chain ? sk_X509_num(chain) : 0;
  if (v == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY && n == (server ? 0 : 1)) {
    return X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE;
  }
  return v;
}

/* Why the peer is not authorized, or NULL: Node's verifyError codes. */
static const char *authorization_error(SSL *ssl, bool server) {
  X509 *peer = SSL_get0_peer_certificate(ssl);
  if (!peer) return server ? "UNABLE_TO_GET_ISSUER_CERT" : "UNABLE_TO_VERIFY_LEAF_SIGNATURE";
  long v = tls_info_verify_result(ssl, server);
  return v == X509_V_OK ? NULL : tls_info_verify_code(v);
}

/* res[name] = the DER of certificate x (an ArrayBuffer), from which the
 * JavaScript side builds its X509Certificate. */
static void set_der(sh_rt *rt, sh_val res, const char *name, X509 *x) {
  int n = i2d_X509(x, NULL);
  if (n <= 0) return;
  void *p;
  sh_val ab = sh_arraybuffer(rt, (size_t)n, &p);
  unsigned char *q = p;
  i2d_X509(x, &q);
  sh_set_s(rt, res, name, ab);
}

/* res.peerIssuers = the DER of the peer certificate's issuers, nearest first
 * (getPeerCertificate(true)'s issuerCertificate chain): the verified chain
 * when there is one (it reaches the trusted root), else what the peer sent. */
static void set_issuers(sh_rt *rt, sh_val res, SSL *ssl, X509 *peer) {
  STACK_OF(X509) *chain = SSL_get0_verified_chain(ssl);
  if (!chain || sk_X509_num(chain) < 2) chain = SSL_get_peer_cert_chain(ssl);
  sh_val list = sh_arr(rt, 0);
  uint32_t n = 0;
  for (int i = 0; chain && i < sk_X509_num(chain); i++) {
    X509 *x = sk_X509_value(chain, i);
    if (X509_cmp(x, peer) == 0) continue;
    sh_val one = sh_obj(rt);
    set_der(rt, one, "der", x);
    sh_set_i(rt, list, n++, sh_get_s(rt, one, "der"));
  }
  sh_set_s(rt, res, "peerIssuers", list);
}

void tls_info_fill(sh_rt *rt, sh_val res, SSL *ssl, bool server, bool secure) {
  const unsigned char *a = NULL;
  unsigned al = 0;
  SSL_get0_alpn_selected(ssl, &a, &al);
  sh_set_s(rt, res, "alpnProtocol", al ? sh_str(rt, (const char *)a, al) : sh_bool(rt, false));
  sh_set_s(rt, res, "protocol", sh_str(rt, SSL_get_version(ssl), SIZE_MAX));
  const SSL_CIPHER *cp = SSL_get_current_cipher(ssl);
  if (cp) {
    sh_set_s(rt, res, "cipher", sh_str(rt, SSL_CIPHER_get_name(cp), SIZE_MAX));
    sh_set_s(rt, res, "standardName", sh_str(rt, SSL_CIPHER_standard_name(cp), SIZE_MAX));
    sh_set_s(rt, res, "cipherVersion", sh_str(rt, SSL_CIPHER_get_version(cp), SIZE_MAX));
  }
  const char *why = secure ? authorization_error(ssl, server) : NULL;
  sh_set_s(rt, res, "authorized", sh_bool(rt, secure && !why));
  if (why) sh_set_s(rt, res, "authorizationError", sh_str(rt, why, SIZE_MAX));
  X509 *peer = SSL_get0_peer_certificate(ssl);
  if (peer) {
    char cn[256];
    if (X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, cn, sizeof cn) > 0) {
      sh_set_s(rt, res, "peerCN", sh_str(rt, cn, SIZE_MAX));
    }
    set_der(rt, res, "peerCert", peer);
  }
  X509 *own = SSL_get_certificate(ssl);
  if (own) set_der(rt, res, "ownCert", own);
  if (peer) set_issuers(rt, res, ssl, peer);
}

void tls_info_server_error(sh_rt *rt, sh_val res, unsigned long e, const char *fallback) {
  char err[256];
  char code[160] = "ECONNRESET";
  const char *reason = e ? ERR_reason_error_string(e) : NULL;
  if (e) ERR_error_string_n(e, err, sizeof err);
  else snprintf(err, sizeof err, "%s", fallback);
  if (reason) {
    snprintf(code, sizeof code, "ERR_SSL_%s", reason);
    for (char *p = code; *p; p++) {
      if (*p == ' ') *p = '_';
      else if (*p >= 'a' && *p <= 'z') *p = (char)(*p - 'a' + 'A');
    }
    sh_set_s(rt, res, "library", sh_str(rt, "SSL routines", SIZE_MAX));
    sh_set_s(rt, res, "reason", sh_str(rt, reason, SIZE_MAX));
  }
  sh_set_s(rt, res, "error", sh_str(rt, err, SIZE_MAX));
  sh_set_s(rt, res, "code", sh_str(rt, code, SIZE_MAX));
}
