/* tls_wrap: the JavaScript face of TLS sockets (js-lib/_tls_wrap.js),
 * client and server side. The connection itself is a tls_session
 * (worker/http/tls_session.h), the same TLS engine the C HTTP engine's
 * connections use; this binding makes the SSL_CTXs from Node's options,
 * turns the session's results and errors into what TLSSocket expects
 * (Node's error codes and messages) and its state into certificate
 * objects (tls_info.c). JS moves the bytes: ciphertext read from the
 * net.Socket is fed in, and every call returns the ciphertext to write
 * back plus any plaintext that came out.
 *
 *   createContext({ cert, key, passphrase, ca, requestCert,
 *                   rejectUnauthorized, alpn, ciphers }) -> context
 *                        a server's SSL_CTX (tls.createSecureContext)
 *   create({ servername, host, ca, cert, key, passphrase, rejectUnauthorized,
 *            checkHost, alpn }) -> handle
 *                        a client connection (its own SSL_CTX)
 *   create({ context }) -> handle   a server connection of `context`
 *   setContext(handle, context)     switch a server connection's
 *                        certificate (SNICallback's answer)
 *   start(handle)        -> result   (a client sends the ClientHello)
 *   feed(handle, bytes)  -> result   (ciphertext from the peer)
 *   write(handle, bytes) -> result   (plaintext to send)
 *   shutdown(handle)     -> result   (close_notify)
 *   info(handle)         -> { alpnProtocol, protocol, cipher, authorized,
 *                             authorizationError, peerCN, peerCert (DER),
 *                             servername }
 *   destroy(handle)
 *
 * result: { out: ArrayBuffer|undefined (ciphertext to send),
 *           data: ArrayBuffer|undefined (plaintext received),
 *           secure: bool (handshake finished by this call),
 *           sni: string (a server paused on the ClientHello: call
 *                SNICallback, setContext, then feed(handle) to go on),
 *           eof: bool (peer sent close_notify),
 *           error: string|undefined, code, library, reason }
 *
 * Client verification: against the system CA store plus NODE_EXTRA_CA_CERTS
 * (or `ca` alone when given), host name checked against `servername`; with
 * rejectUnauthorized false the handshake goes on and info().authorizationError
 * tells why it would fail. Server verification (requestCert): against `ca`;
 * a missing certificate fails the handshake when rejectUnauthorized, a bad
 * one is left to JS (as Node: the socket is destroyed after the handshake).
 *
 * Ownership: a context handle owns a reference on its SSL_CTX; a connection
 * handle owns its tls_session, whose SSL holds a reference on the SSL_CTX
 * in use (a client's own one is released once the session is made); the
 * JS objects free them when collected or destroyed. */
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <string.h>

#include "binding.h"
#include "handle_base.h"
#include "mod_crypto.h"
#include "tls_info.h"
#include "tls_session.h"

typedef struct {
  SSL_CTX *ctx;
  unsigned char alpn[256]; /* the server's ALPN list, wire format */
  size_t alpn_len;
  bool request_cert;
  handle_base base; /* its object, which owns it (weak) */
} tlsctx;

/* A session a client was given (DER), queued for the next result. */
typedef struct sess_der {
  struct sess_der *next;
  size_t len;
  unsigned char data[];
} sess_der;

typedef struct {
  char check_name[256]; /* the host name / IP verified, for messages */
  sess_der *sessions;   /* owned: not yet reported (res.sessions) */
  tls_session *s;       /* NULL once destroyed */
  bool server;
  bool reject;
  bool ip_host;
  bool hello_paused;       /* the ClientHello waits for SNICallback */
  unsigned char alpn[256]; /* a server's ALPN list (wire format) */
  size_t alpn_len;
  handle_base base; /* its object, which owns it (weak) */
} tlsc;

/* Node's OpenSSL accepts what security level 1 allows (1024-bit RSA keys
 * and CAs, SHA-1 signatures in chains); distributions default to 2. */
#define NODE_SECURITY_LEVEL 1

static void tlsc_close(tlsc *c) {
  tls_session_free(c->s);
  c->s = NULL;
  while (c->sessions) {
    sess_der *next = c->sessions->next;
    free(c->sessions);
    c->sessions = next;
  }
}

/* --- client sessions (resumption) ------------------------------------------
 * OpenSSL hands a client each session the server issues (TLS 1.3: tickets
 * after the handshake); as DER they go to JS with the next result, where
 * TLSSocket emits 'session'. A `session` option resumes one. */

static int on_new_session(SSL *ssl, SSL_SESSION *sess) {
  tlsc *c = tls_session_user(tls_session_of(ssl));
  int len = i2d_SSL_SESSION(sess, NULL);
  if (!c || len <= 0) return 0;
  sess_der *d = malloc(sizeof *d + (size_t)len);
  if (!d) return 0;
  unsigned char *p = d->data;
  d->len = (size_t)i2d_SSL_SESSION(sess, &p);
  d->next = NULL;
  sess_der **tail = &c->sessions;
  while (*tail) tail = &(*tail)->next;
  *tail = d;
  return 0; /* (OpenSSL keeps no reference for us) */
}

/* The queued sessions into res.sessions (ArrayBuffers), the queue emptied. */
static void take_sessions(sh_rt *rt, tlsc *c, sh_val res) {
  if (!c->sessions) return;
  sh_val arr = sh_arr(rt, 0);
  uint32_t i = 0;
  while (c->sessions) {
    sess_der *d = c->sessions;
    void *p;
    sh_val ab = sh_arraybuffer(rt, d->len, &p);
    memcpy(p, d->data, d->len);
    sh_set_i(rt, arr, i++, ab);
    c->sessions = d->next;
    free(d);
  }
  sh_set_s(rt, res, "sessions", arr);
}

/* The `session` option (DER bytes) for the handshake to resume; a session
 * that does not parse is ignored, as a full handshake follows anyway. */
static void client_resume(sh_rt *rt, SSL *ssl, sh_val opts) {
  uint8_t *d;
  size_t len;
  sh_val v = sh_get_s(rt, opts, "session");
  if (!v || sh_bytes(v, &d, &len) != 0 || len == 0) return;
  const unsigned char *p = d;
  SSL_SESSION *sess = d2i_SSL_SESSION(NULL, &p, (long)len);
  if (!sess) {
    ERR_clear_error();
    return;
  }
  SSL_set_session(ssl, sess);
  SSL_SESSION_free(sess);
}

static void tlsc_collected(void *data) {
  tlsc *c = data;
  handle_base_release(&c->base);
  tlsc_close(c);
  free(c);
}

static void tlsctx_collected(void *data) {
  tlsctx *x = data;
  handle_base_release(&x->base);
  SSL_CTX_free(x->ctx);
  free(x);
}

static tlsc *arg_tlsc(sh_cbinfo *ci) {
  tlsc *c = sh_obj_ptr(sh_ci_rt(ci), sh_arg(ci, 0));
  if (!c || !c->s) {
    sh_throw_error(sh_ci_rt(ci), SH_TYPE_ERROR, "TLS handle is closed");
    return NULL;
  }
  return c;
}

/* session(handle): the connection's current session as DER, or undefined. */
static void t_session(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  tlsc *c = arg_tlsc(ci);
  if (!c) return;
  SSL_SESSION *sess = SSL_get1_session(tls_session_ssl(c->s));
  int len = sess ? i2d_SSL_SESSION(sess, NULL) : 0;
  if (len > 0) {
    void *p;
    sh_val ab = sh_arraybuffer(rt, (size_t)len, &p);
    unsigned char *q = p;
    i2d_SSL_SESSION(sess, &q);
    sh_ret(ci, ab);
  }
  SSL_SESSION_free(sess);
}

static char *opt_str(sh_rt *rt, sh_val opts, const char *key) {
  sh_val v = sh_get_s(rt, opts, key);
  if (!v || !sh_is(v, SH_STRING)) return NULL;
  return sh_to_utf8(rt, v, NULL);
}

static bool opt_bool(sh_rt *rt, sh_val opts, const char *key, bool dflt) {
  sh_val v = sh_get_s(rt, opts, key);
  if (!v || sh_is(v, SH_UNDEFINED)) return dflt;
  return sh_to_bool(rt, v);
}

static int load_ca_pem(SSL_CTX *ctx, const char *pem) {
  BIO *b = BIO_new_mem_buf(pem, -1);
  if (!b) return -1;
  X509_STORE *store = SSL_CTX_get_cert_store(ctx);
  int n = 0;
  X509 *x;
  while ((x = PEM_read_bio_X509(b, NULL, NULL, NULL)) != NULL) {
    if (X509_STORE_add_cert(store, x) == 1) n++;
    X509_free(x);
  }
  ERR_clear_error();
  BIO_free(b);
  return n > 0 ? 0 : -1;
}

static bool is_ip_literal(const char *h) {
  ASN1_OCTET_STRING *ip = a2i_IPADDRESS(h);
  if (!ip) {
    ERR_clear_error();
    return false;
  }
  ASN1_OCTET_STRING_free(ip);
  return true;
}

/* An array of protocol names in ALPN wire format (length-prefixed). */
static size_t alpn_wire(sh_rt *rt, sh_val list, unsigned char *wire, size_t cap) {
  size_t wl = 0;
  uint32_t n = sh_arr_length(rt, list);
  for (uint32_t i = 0; i < n; i++) {
    char *p = sh_to_utf8(rt, sh_get_i(rt, list, i), NULL);
    size_t l = p ? strlen(p) : 0;
    if (l > 0 && l < 256 && wl + 1 + l <= cap) {
      wire[wl++] = (unsigned char)l;
      memcpy(wire + wl, p, l);
      wl += l;
    }
    free(p);
  }
  return wl;
}

/* --- server contexts --------------------------------------------------- */

/* Server ALPN: the server's first protocol the client offers; no match is a
 * fatal no_application_protocol alert (Node 20). */
static int on_alpn_select(SSL *ssl, const unsigned char **out, unsigned char *outlen,
                          const unsigned char *in, unsigned inlen, void *arg) {
  (void)arg;
  tlsc *c = tls_session_user(tls_session_of(ssl));
  if (!c || c->alpn_len == 0) return SSL_TLSEXT_ERR_NOACK;
  unsigned char *sel;
  unsigned char sel_len;
  if (SSL_select_next_proto(&sel, &sel_len, c->alpn, (unsigned)c->alpn_len, in, inlen) !=
      OPENSSL_NPN_NEGOTIATED) {
    return SSL_TLSEXT_ERR_ALERT_FATAL;
  }
  *out = sel;
  *outlen = sel_len;
  return SSL_TLSEXT_ERR_OK;
}

/* As Node's server: verification never stops OpenSSL; JS decides. */
static int verify_accept(int ok, X509_STORE_CTX *store) {
  (void)ok;
  (void)store;
  return 1;
}

static bool load_cert_chain(SSL_CTX *ctx, const char *pem) {
  BIO *b = BIO_new_mem_buf(pem, -1);
  X509 *leaf = PEM_read_bio_X509_AUX(b, NULL, NULL, NULL);
  bool ok = leaf && SSL_CTX_use_certificate(ctx, leaf) == 1;
  X509_free(leaf);
  X509 *extra;
  while (ok && (extra = PEM_read_bio_X509(b, NULL, NULL, NULL)) != NULL) {
    if (SSL_CTX_add0_chain_cert(ctx, extra) != 1) {
      X509_free(extra);
      ok = false;
    }
  }
  if (ok) ERR_clear_error(); /* the end of the PEM stream */
  BIO_free(b);
  return ok;
}

static bool load_key(SSL_CTX *ctx, const char *pem, char *passphrase) {
  BIO *b = BIO_new_mem_buf(pem, -1);
  EVP_PKEY *k = PEM_read_bio_PrivateKey(b, NULL, NULL, passphrase ? passphrase : (char *)"");
  BIO_free(b);
  bool ok = k && SSL_CTX_use_PrivateKey(ctx, k) == 1;
  EVP_PKEY_free(k);
  return ok;
}

static int proto_version(const char *v, int dflt) {
  if (!v) return dflt;
  if (!strcmp(v, "TLSv1.3")) return TLS1_3_VERSION;
  if (!strcmp(v, "TLSv1.2")) return TLS1_2_VERSION;
  if (!strcmp(v, "TLSv1.1")) return TLS1_1_VERSION;
  if (!strcmp(v, "TLSv1")) return TLS1_VERSION;
  return dflt;
}

/* Applies the options of createContext; false with the OpenSSL error queued. */
static bool ctx_configure(sh_rt *rt, tlsctx *x, sh_val opts) {
  char *cert = opt_str(rt, opts, "cert");
  char *key = opt_str(rt, opts, "key");
  char *pass = opt_str(rt, opts, "passphrase");
  char *ca = opt_str(rt, opts, "ca");
  char *ciphers = opt_str(rt, opts, "ciphers");
  char *minv = opt_str(rt, opts, "minVersion");
  char *maxv = opt_str(rt, opts, "maxVersion");
  bool ok = true;
  if (cert) ok = load_cert_chain(x->ctx, cert);
  if (ok && key) ok = load_key(x->ctx, key, pass);
  if (ok && cert && key) ok = SSL_CTX_check_private_key(x->ctx) == 1;
  if (ok && ca) {
    load_ca_pem(x->ctx, ca);
    /* the CA names a client certificate may be issued by */
    BIO *b = BIO_new_mem_buf(ca, -1);
    X509 *c;
    while ((c = PEM_read_bio_X509(b, NULL, NULL, NULL)) != NULL) {
      SSL_CTX_add_client_CA(x->ctx, c);
      X509_free(c);
    }
    BIO_free(b);
    ERR_clear_error();
  }
  if (ok && ciphers) ok = SSL_CTX_set_cipher_list(x->ctx, ciphers) == 1;
  SSL_CTX_set_min_proto_version(x->ctx, proto_version(minv, TLS1_2_VERSION));
  SSL_CTX_set_max_proto_version(x->ctx, proto_version(maxv, TLS1_3_VERSION));
  free(cert);
  free(key);
  free(pass);
  free(ca);
  free(ciphers);
  free(minv);
  free(maxv);
  return ok;
}

static void t_create_context(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  sh_val opts = sh_arg(ci, 0);
  if (!sh_is(opts, SH_OBJECT)) opts = sh_obj(rt);
  tlsctx *x = calloc(1, sizeof *x);
  x->ctx = SSL_CTX_new(TLS_server_method());
  if (x->ctx) SSL_CTX_set_security_level(x->ctx, NODE_SECURITY_LEVEL);
  if (!x->ctx || !ctx_configure(rt, x, opts)) {
    sh_val err = ossl_error(rt, "the TLS context could not be made");
    if (x->ctx) SSL_CTX_free(x->ctx);
    free(x);
    sh_throw(rt, err);
    return;
  }
  x->request_cert = opt_bool(rt, opts, "requestCert", false);
  if (x->request_cert) {
    int mode = SSL_VERIFY_PEER;
    if (opt_bool(rt, opts, "rejectUnauthorized", true)) mode |= SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
    SSL_CTX_set_verify(x->ctx, mode, verify_accept);
  }
  sh_val alpn = sh_get_s(rt, opts, "alpn");
  if (alpn && sh_is(alpn, SH_ARRAY)) x->alpn_len = alpn_wire(rt, alpn, x->alpn, sizeof x->alpn);
  SSL_CTX_set_alpn_select_cb(x->ctx, on_alpn_select, NULL);
  tls_session_ctx_hello_hook(x->ctx);
  SSL_CTX_set_session_id_context(x->ctx, (const unsigned char *)"shoal", 5);
  sh_ret(ci, handle_base_init_weak(&x->base, rt, x, tlsctx_collected));
}

static tlsctx *ctx_of(sh_rt *rt, sh_val v) {
  if (!v || !sh_is(v, SH_OBJECT)) return NULL;
  return sh_obj_ptr(rt, v);
}

/* setOptions(context, bits): SSL_CTX_set_options (secureOptions). */
static void t_set_options(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  tlsctx *x = ctx_of(rt, sh_arg(ci, 0));
  if (x) SSL_CTX_set_options(x->ctx, (uint64_t)sh_to_num(rt, sh_arg(ci, 1)));
}

/* addCRL(context, pem) -> false when the PEM holds no CRL. As Node: the
 * context's store then checks the whole chain against its CRLs. */
static void t_add_crl(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  tlsctx *x = ctx_of(rt, sh_arg(ci, 0));
  size_t len = 0;
  char *pem = sh_is(sh_arg(ci, 1), SH_STRING) ? sh_to_utf8(rt, sh_arg(ci, 1), &len) : NULL;
  BIO *b = pem ? BIO_new_mem_buf(pem, (int)len) : NULL;
  X509_CRL *crl = b ? PEM_read_bio_X509_CRL(b, NULL, NULL, NULL) : NULL;
  BIO_free(b);
  free(pem);
  ERR_clear_error();
  X509_STORE *store = x && crl ? SSL_CTX_get_cert_store(x->ctx) : NULL;
  bool ok = store && X509_STORE_add_crl(store, crl) == 1 &&
            X509_STORE_set_flags(store, X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL) == 1;
  X509_CRL_free(crl);
  sh_ret(ci, sh_bool(rt, ok));
}

/* --- connections ------------------------------------------------------- */

/* A client connection's own SSL_CTX from its options; NULL after throwing. */
static SSL_CTX *client_ctx(sh_rt *rt, sh_val opts) {
  SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
  if (!ctx) {
    sh_throw(rt, ossl_error(rt, "the TLS context could not be made"));
    return NULL;
  }
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_security_level(ctx, NODE_SECURITY_LEVEL);
  char *ca = opt_str(rt, opts, "ca");
  if (ca) {
    int err = load_ca_pem(ctx, ca);
    free(ca);
    if (err != 0) {
      SSL_CTX_free(ctx);
      sh_throw_error(rt, SH_ERROR, "no certificate could be read from the ca option");
      return NULL;
    }
  } else {
    SSL_CTX_set_default_verify_paths(ctx);
    /* as Node: NODE_EXTRA_CA_CERTS adds a PEM file to the default store */
    const char *extra = getenv("NODE_EXTRA_CA_CERTS");
    if (extra && *extra) {
      SSL_CTX_load_verify_locations(ctx, extra, NULL);
      ERR_clear_error();
    }
  }
  /* A client certificate (mutual TLS) */
  char *cert = opt_str(rt, opts, "cert");
  char *key = opt_str(rt, opts, "key");
  char *pass = opt_str(rt, opts, "passphrase");
  bool ok = (!cert || load_cert_chain(ctx, cert)) && (!key || load_key(ctx, key, pass));
  free(cert);
  free(key);
  free(pass);
  if (!ok) {
    SSL_CTX_free(ctx);
    sh_throw(rt, ossl_error(rt, "the client certificate could not be used"));
    return NULL;
  }
  /* Verify always (so the result is known), fail the handshake only when
   * rejecting; a non-rejecting client reads info().authorizationError. */
  SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
  SSL_CTX_sess_set_new_cb(ctx, on_new_session);
  return ctx;
}

static void client_names(sh_rt *rt, tlsc *c, SSL *ssl, sh_val opts) {
  char *sn = opt_str(rt, opts, "servername");
  char *host = opt_str(rt, opts, "host");
  const char *check = sn && *sn ? sn : host;
  if (check) snprintf(c->check_name, sizeof c->check_name, "%s", check);
  if (sn && *sn && !is_ip_literal(sn)) SSL_set_tlsext_host_name(ssl, sn);
  if (check && *check && opt_bool(rt, opts, "checkHost", true)) {
    if (is_ip_literal(check)) {
      c->ip_host = true;
      X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), check);
    } else {
      SSL_set1_host(ssl, check);
    }
  }
  free(sn);
  free(host);
}

/* A server connection of context x. */
static bool server_conn(sh_rt *rt, tlsc *c, tlsctx *x, sh_val opts) {
  c->server = true;
  c->s = tls_session_new(x->ctx, TLS_SESSION_SERVER);
  if (!c->s) return false;
  if (opt_bool(rt, opts, "sniCallback", false)) {
    c->hello_paused = true;
    tls_session_pause_hello(c->s);
  }
  memcpy(c->alpn, x->alpn, x->alpn_len);
  c->alpn_len = x->alpn_len;
  return true;
}

/* A client connection; false after throwing. */
static bool client_conn(sh_rt *rt, tlsc *c, sh_val opts) {
  SSL_CTX *ctx = client_ctx(rt, opts);
  if (!ctx) return false;
  c->s = tls_session_new(ctx, 0);
  SSL_CTX_free(ctx); /* the session's SSL holds it */
  if (!c->s) {
    sh_throw_error(rt, SH_ERROR, "out of memory");
    return false;
  }
  SSL *ssl = tls_session_ssl(c->s);
  c->reject = opt_bool(rt, opts, "rejectUnauthorized", true);
  client_names(rt, c, ssl, opts);
  client_resume(rt, ssl, opts);
  /* ALPN: an array of protocol names; none offered without one (as Node) */
  sh_val alpn = sh_get_s(rt, opts, "alpn");
  unsigned char wire[256];
  size_t wl = alpn && sh_is(alpn, SH_ARRAY) ? alpn_wire(rt, alpn, wire, sizeof wire) : 0;
  if (wl) SSL_set_alpn_protos(ssl, wire, (unsigned)wl);
  return true;
}

static void t_create(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  sh_val opts = sh_arg(ci, 0);
  if (!sh_is(opts, SH_OBJECT)) opts = sh_obj(rt);
  tlsc *c = calloc(1, sizeof *c);
  if (!c) return sh_throw_error(rt, SH_ERROR, "out of memory");
  tlsctx *x = ctx_of(rt, sh_get_s(rt, opts, "context"));
  bool ok = x ? server_conn(rt, c, x, opts) : client_conn(rt, c, opts);
  if (!ok) {
    if (x) sh_throw_error(rt, SH_ERROR, "out of memory");
    tlsc_close(c);
    free(c);
    return;
  }
  tls_session_set_user(c->s, c);
  sh_ret(ci, handle_base_init_weak(&c->base, rt, c, tlsc_collected));
}

/* setContext(handle, context): SNICallback's context for this connection. */
static void t_set_context(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  tlsc *c = arg_tlsc(ci);
  if (!c) return;
  tlsctx *x = ctx_of(rt, sh_arg(ci, 1));
  if (!x || !c->server) return sh_throw_error(rt, SH_TYPE_ERROR, "not a server TLS context");
  /* The certificate and key change; the verification mode and ALPN list
   * stay the server's (they belong to the connection). */
  SSL_set_SSL_CTX(tls_session_ssl(c->s), x->ctx);
}

/* The session's pending ciphertext as an ArrayBuffer, or NULL. */
static sh_val take_output(sh_rt *rt, tlsc *c) {
  size_t n = tls_session_output_pending(c->s);
  if (n == 0) return NULL;
  void *p;
  sh_val ab = sh_arraybuffer(rt, n, &p);
  tls_session_output_read(c->s, p, n);
  return ab;
}

/* The session's failure (tls_session_ossl_error). A client reports it as
 * Node's client does: code EPROTO, "write EPROTO <err>"; a server as
 * Node's tlsClientError: the OpenSSL error with code ERR_SSL_<REASON>,
 * library and reason. */
static void set_error(sh_rt *rt, tlsc *c, sh_val res, const char *fallback) {
  unsigned long e = tls_session_ossl_error(c->s);
  if (c->server) return tls_info_server_error(rt, res, e, fallback);
  char err[256], buf[300];
  if (e) ERR_error_string_n(e, err, sizeof err);
  else snprintf(err, sizeof err, "%s", fallback);
  snprintf(buf, sizeof buf, "write EPROTO %s", err);
  sh_set_s(rt, res, "error", sh_str(rt, buf, SIZE_MAX));
  sh_set_s(rt, res, "code", sh_str(rt, "EPROTO", SIZE_MAX));
}

/* Node's message for a name mismatch: the cert's altnames listed. */
static void altname_message(tlsc *c, char *msg, size_t cap) {
  X509 *peer = SSL_get0_peer_certificate(tls_session_ssl(c->s));
  char names[512] = "";
  size_t nl = 0;
  int dns_names = 0;
  GENERAL_NAMES *gens = peer ? X509_get_ext_d2i(peer, NID_subject_alt_name, NULL, NULL) : NULL;
  for (int i = 0; gens && i < sk_GENERAL_NAME_num(gens); i++) {
    const GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);
    char one[128] = "";
    if (g->type == GEN_DNS) {
      dns_names++;
      snprintf(one, sizeof one, "DNS:%.*s", ASN1_STRING_length(g->d.dNSName),
               (const char *)ASN1_STRING_get0_data(g->d.dNSName));
    } else if (g->type == GEN_IPADD) {
      const unsigned char *ip = ASN1_STRING_get0_data(g->d.iPAddress);
      if (ASN1_STRING_length(g->d.iPAddress) == 4) {
        snprintf(one, sizeof one, "IP Address:%u.%u.%u.%u", ip[0], ip[1], ip[2], ip[3]);
      }
    }
    if (*one && nl + strlen(one) + 3 < sizeof names) {
      nl += (size_t)snprintf(names + nl, sizeof names - nl, "%s%s", nl ? ", " : "", one);
    }
  }
  if (gens) GENERAL_NAMES_free(gens);
  if (c->ip_host) {
    snprintf(
        msg, cap,
        "Hostname/IP does not match certificate's altnames: IP: %s is not in the cert's list: %s",
        c->check_name, names);
    return;
  }
  /* As Node: the subject's CN counts only when there is no DNS altname. */
  char cn[256] = "";
  X509_NAME *subject = peer ? X509_get_subject_name(peer) : NULL;
  if (!dns_names && subject) X509_NAME_get_text_by_NID(subject, NID_commonName, cn, sizeof cn);
  if (dns_names) {
    snprintf(msg, cap,
             "Hostname/IP does not match certificate's altnames: Host: %s. is not in the cert's "
             "altnames: %s",
             c->check_name, names);
  } else if (*cn) {
    snprintf(msg, cap,
             "Hostname/IP does not match certificate's altnames: Host: %s. is not cert's CN: %s",
             c->check_name, cn);
  } else {
    snprintf(msg, cap,
             "Hostname/IP does not match certificate's altnames: Cert does not contain a DNS name");
  }
}

/* A rejecting client checks the server's certificate once the handshake is done. */
static void client_check_peer(sh_rt *rt, tlsc *c, sh_val res) {
  SSL *ssl = tls_session_ssl(c->s);
  long v = tls_info_verify_result(ssl, c->server);
  if (!c->reject || (v == X509_V_OK && SSL_get0_peer_certificate(ssl))) return;
  const char *code = v == X509_V_OK ? "UNABLE_TO_VERIFY_LEAF_SIGNATURE" : tls_info_verify_code(v);
  char msg[1024];
  if (v == X509_V_ERR_HOSTNAME_MISMATCH || v == X509_V_ERR_IP_ADDRESS_MISMATCH) {
    altname_message(c, msg, sizeof msg);
  } else {
    snprintf(msg, sizeof msg, "%s",
             v == X509_V_OK ? "no peer certificate" : X509_verify_cert_error_string(v));
  }
  sh_set_s(rt, res, "error", sh_str(rt, msg, SIZE_MAX));
  sh_set_s(rt, res, "code", sh_str(rt, code, SIZE_MAX));
}

static void handshake(sh_rt *rt, tlsc *c, sh_val res) {
  int rc = tls_session_handshake(c->s);
  if (rc == TLS_OK) {
    sh_set_s(rt, res, "secure", sh_bool(rt, true));
    if (!c->server) client_check_peer(rt, c, res);
  } else if (rc == TLS_WANT_HELLO) {
    const char *sn = tls_session_servername(c->s);
    sh_set_s(rt, res, "sni", sh_str(rt, sn ? sn : "", SIZE_MAX));
  } else if (rc == TLS_ERROR) {
    set_error(rt, c, res, "TLS handshake failed");
  }
}

/* All the plaintext the session has, into res.data (and res.eof). */
static void read_plain(sh_rt *rt, tlsc *c, sh_val res) {
  size_t cap = 16384, len = 0;
  unsigned char *buf = malloc(cap);
  for (;;) {
    if (!buf) {
      sh_set_s(rt, res, "error", sh_str(rt, "out of memory", SIZE_MAX));
      return;
    }
    if (cap - len < 4096) {
      unsigned char *more = realloc(buf, cap * 2);
      if (!more) free(buf);
      buf = more;
      cap *= 2;
      continue;
    }
    int n = tls_session_read(c->s, buf + len, cap - len);
    if (n > 0) {
      len += (size_t)n;
      continue;
    }
    if (n == TLS_EOF) sh_set_s(rt, res, "eof", sh_bool(rt, true));
    else if (n == TLS_ERROR) set_error(rt, c, res, "TLS read failed");
    break;
  }
  if (len) {
    void *p;
    sh_val ab = sh_arraybuffer(rt, len, &p);
    memcpy(p, buf, len);
    sh_set_s(rt, res, "data", ab);
  }
  free(buf);
}

/* Run the state machine: handshake, then read all plaintext. */
static sh_val pump(sh_rt *rt, tlsc *c) {
  sh_val res = sh_obj(rt);
  if (!tls_session_handshake_done(c->s)) handshake(rt, c, res);
  if (tls_session_handshake_done(c->s)) read_plain(rt, c, res);
  sh_val out = take_output(rt, c);
  if (out) sh_set_s(rt, res, "out", out);
  take_sessions(rt, c, res);
  return res;
}

static void t_start(sh_cbinfo *ci) {
  tlsc *c = arg_tlsc(ci);
  if (!c) return;
  sh_ret(ci, pump(sh_ci_rt(ci), c));
}

/* feed(handle, bytes?): without bytes, resumes a handshake paused for SNI. */
static void t_feed(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  tlsc *c = arg_tlsc(ci);
  if (!c) return;
  uint8_t *d;
  size_t len;
  if (sh_bytes(sh_arg(ci, 1), &d, &len) == 0) {
    if (tls_session_feed(c->s, d, len) != TLS_OK) {
      sh_val res = sh_obj(rt);
      set_error(rt, c, res, "TLS input failed");
      return sh_ret(ci, res);
    }
  } else if (c->hello_paused) {
    tls_session_resume_hello(c->s);
  }
  sh_ret(ci, pump(rt, c));
}

static void t_write(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  tlsc *c = arg_tlsc(ci);
  if (!c) return;
  sh_val res = sh_obj(rt);
  uint8_t *d;
  size_t len;
  if (sh_bytes(sh_arg(ci, 1), &d, &len) == 0 && len) {
    if (tls_session_write(c->s, d, len) != TLS_OK) set_error(rt, c, res, "TLS write failed");
  }
  sh_val out = take_output(rt, c);
  if (out) sh_set_s(rt, res, "out", out);
  sh_ret(ci, res);
}

static void t_shutdown(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  tlsc *c = arg_tlsc(ci);
  if (!c) return;
  sh_val res = sh_obj(rt);
  tls_session_shutdown(c->s);
  sh_val out = take_output(rt, c);
  if (out) sh_set_s(rt, res, "out", out);
  sh_ret(ci, res);
}

static void t_info(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  tlsc *c = arg_tlsc(ci);
  if (!c) return;
  sh_val res = sh_obj(rt);
  tls_info_fill(rt, res, tls_session_ssl(c->s), c->server, tls_session_handshake_done(c->s));
  const char *sn = c->server ? tls_session_servername(c->s) : NULL;
  if (sn) sh_set_s(rt, res, "servername", sh_str(rt, sn, SIZE_MAX));
  sh_set_s(rt, res, "sessionReused", sh_bool(rt, SSL_session_reused(tls_session_ssl(c->s)) == 1));
  sh_ret(ci, res);
}

static void t_destroy(sh_cbinfo *ci) {
  tlsc *c = sh_obj_ptr(sh_ci_rt(ci), sh_arg(ci, 0));
  if (c) tlsc_close(c);
}

/* --- pfx -------------------------------------------------------------------
 * The `pfx` option: a PKCS#12 bundle opened with the passphrase, as PEM
 * for the cert/key paths (the HTTP engine takes PEM too). */

/* PEM text of what write(bio, item) writes, appended to res[key]. */
static void pem_prop(sh_rt *rt, sh_val res, const char *key, BIO *bio) {
  char *p;
  long n = BIO_get_mem_data(bio, &p);
  if (n > 0) sh_set_s(rt, res, key, sh_str(rt, p, (size_t)n));
}

/* pfxToPem(bytes, passphrase?) -> { key, cert } (cert: the leaf, then the
 * bundle's other certificates as its chain); throws when it does not open. */
static void t_pfx_to_pem(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  uint8_t *d;
  size_t len;
  if (sh_bytes(sh_arg(ci, 0), &d, &len) != 0)
    return sh_throw_error(rt, SH_TYPE_ERROR, "pfx bytes needed");
  size_t pass_len;
  char *pass = sh_is(sh_arg(ci, 1), SH_STRING) ? sh_to_utf8(rt, sh_arg(ci, 1), &pass_len) : NULL;
  /* through a BIO, as Node: a short input fails with "not enough data" */
  BIO *in = BIO_new_mem_buf(d, (int)len);
  PKCS12 *p12 = in ? d2i_PKCS12_bio(in, NULL) : NULL;
  BIO_free(in);
  EVP_PKEY *key = NULL;
  X509 *cert = NULL;
  STACK_OF(X509) *extra = NULL;
  bool ok = p12 && PKCS12_parse(p12, pass, &key, &cert, &extra) == 1 && key && cert;
  free(pass);
  PKCS12_free(p12);
  if (!ok) {
    EVP_PKEY_free(key);
    X509_free(cert);
    sk_X509_pop_free(extra, X509_free);
    /* As Node: a plain Error with OpenSSL's reason ("mac verify failure"),
     * no code or opensslErrorStack. */
    const char *reason = ERR_reason_error_string(ERR_get_error());
    ERR_clear_error();
    return sh_throw_error(rt, SH_ERROR, reason ? reason : "Unknown error");
  }
  sh_val res = sh_obj(rt);
  BIO *kb = BIO_new(BIO_s_mem()), *cb = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(kb, key, NULL, NULL, 0, NULL, NULL);
  PEM_write_bio_X509(cb, cert);
  for (int i = 0; i < sk_X509_num(extra); i++) PEM_write_bio_X509(cb, sk_X509_value(extra, i));
  pem_prop(rt, res, "key", kb);
  pem_prop(rt, res, "cert", cb);
  BIO_free(kb);
  BIO_free(cb);
  EVP_PKEY_free(key);
  X509_free(cert);
  sk_X509_pop_free(extra, X509_free);
  sh_ret(ci, res);
}

/* sslCiphers() -> [name...]: OpenSSL's default TLS cipher list and, as Node
 * adds them by hand, the five TLSv1.3 suites (lower case). */
static void t_ssl_ciphers(sh_cbinfo *ci) {
  static const char *const tls13[] = {"tls_aes_256_gcm_sha384", "tls_chacha20_poly1305_sha256",
                                      "tls_aes_128_gcm_sha256", "tls_aes_128_ccm_8_sha256",
                                      "tls_aes_128_ccm_sha256"};
  sh_rt *rt = sh_ci_rt(ci);
  SSL_CTX *ctx = SSL_CTX_new(TLS_method());
  SSL *ssl = ctx ? SSL_new(ctx) : NULL;
  STACK_OF(SSL_CIPHER) *list = ssl ? SSL_get_ciphers(ssl) : NULL;
  int n = list ? sk_SSL_CIPHER_num(list) : 0;
  sh_val arr = sh_arr(rt, 0);
  uint32_t at = 0;
  for (int i = 0; i < n; i++)
    sh_set_i(rt, arr, at++,
             sh_str(rt, SSL_CIPHER_get_name(sk_SSL_CIPHER_value(list, i)), SIZE_MAX));
  for (size_t i = 0; i < sizeof tls13 / sizeof tls13[0]; i++)
    sh_set_i(rt, arr, at++, sh_str(rt, tls13[i], SIZE_MAX));
  SSL_free(ssl);
  SSL_CTX_free(ctx);
  sh_ret(ci, arr);
}

sh_val binding_tls_wrap_init(sh_rt *rt) {
  sh_val b = sh_obj(rt);
  bind_fn(rt, b, "sslCiphers", t_ssl_ciphers);
  bind_fn(rt, b, "addCRL", t_add_crl);
  bind_fn(rt, b, "setOptions", t_set_options);
  bind_fn(rt, b, "createContext", t_create_context);
  bind_fn(rt, b, "create", t_create);
  bind_fn(rt, b, "setContext", t_set_context);
  bind_fn(rt, b, "start", t_start);
  bind_fn(rt, b, "feed", t_feed);
  bind_fn(rt, b, "write", t_write);
  bind_fn(rt, b, "shutdown", t_shutdown);
  bind_fn(rt, b, "info", t_info);
  bind_fn(rt, b, "session", t_session);
  bind_fn(rt, b, "pfxToPem", t_pfx_to_pem);
  bind_fn(rt, b, "destroy", t_destroy);
  return b;
}
