/* tls_wrap: the TLS engine of JavaScript sockets (js-lib/tls.js), client
 * and server side: an OpenSSL SSL object on memory BIOs. JS moves the bytes:
 * ciphertext read from the net.Socket is fed in, and every call returns the
 * ciphertext to write back plus any plaintext that came out. (The C HTTP
 * engine's own listeners use worker/http/tls.c on their sockets.)
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
 * Ownership: a handle owns its SSL (and the BIOs); both hold a reference on
 * their SSL_CTX; the JS objects free them when collected or destroyed. */
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "binding.h"
#include "handle_base.h"
#include "mod_crypto.h"
#include "tls_info.h"

typedef struct {
  SSL_CTX *ctx;
  unsigned char alpn[256]; /* the server's ALPN list, wire format */
  size_t alpn_len;
  bool request_cert;
  handle_base base; /* its object, which owns it (weak) */
} tlsctx;

typedef struct {
  char check_name[256]; /* the host name / IP verified, for messages */
  SSL_CTX *ctx;
  SSL *ssl;
  BIO *rbio; /* ciphertext in (from the peer) */
  BIO *wbio; /* ciphertext out (to the peer) */
  bool server;
  bool secure;
  bool reject;
  bool ip_host;
  bool hello_paused; /* the ClientHello waits for SNICallback */
  bool hello_done;
  char sni[256];
  unsigned char alpn[256]; /* a server's ALPN list (wire format) */
  size_t alpn_len;
  handle_base base; /* its object, which owns it (weak) */
} tlsc;

/* Node's OpenSSL accepts what security level 1 allows (1024-bit RSA keys
 * and CAs, SHA-1 signatures in chains); distributions default to 2. */
#define NODE_SECURITY_LEVEL 1

static int conn_index = -1; /* SSL ex_data slot: its tlsc */
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

static void make_index(void) {
  conn_index = SSL_get_ex_new_index(0, NULL, NULL, NULL, NULL);
}

static void tlsc_close(tlsc *c) {
  if (c->ssl) SSL_free(c->ssl); /* frees the BIOs */
  c->ssl = NULL;
  if (c->ctx) SSL_CTX_free(c->ctx);
  c->ctx = NULL;
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
  if (!c || !c->ssl) {
    sh_throw_error(sh_ci_rt(ci), SH_TYPE_ERROR, "TLS handle is closed");
    return NULL;
  }
  return c;
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
  tlsc *c = SSL_get_ex_data(ssl, conn_index);
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

/* The server name of a ClientHello's server_name extension, or "". */
static void hello_servername(SSL *ssl, char *out, size_t cap) {
  const unsigned char *p;
  size_t len;
  *out = 0;
  if (!SSL_client_hello_get0_ext(ssl, TLSEXT_TYPE_server_name, &p, &len) || len < 5) return;
  size_t list = ((size_t)p[0] << 8) | p[1];
  if (list + 2 > len || p[2] != TLSEXT_NAMETYPE_host_name) return;
  size_t nl = ((size_t)p[3] << 8) | p[4];
  if (nl + 5 > len || nl >= cap) return;
  memcpy(out, p + 5, nl);
  out[nl] = 0;
}

/* Pauses the handshake once on the ClientHello when JS has an SNICallback
 * (the handle asked for it by hello_paused): JS answers with setContext. */
static int on_client_hello(SSL *ssl, int *al, void *arg) {
  (void)al;
  (void)arg;
  tlsc *c = SSL_get_ex_data(ssl, conn_index);
  if (!c) return SSL_CLIENT_HELLO_SUCCESS;
  if (!c->hello_done) hello_servername(ssl, c->sni, sizeof c->sni);
  if (c->hello_paused && !c->hello_done) return SSL_CLIENT_HELLO_RETRY;
  return SSL_CLIENT_HELLO_SUCCESS;
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
  SSL_CTX_set_client_hello_cb(x->ctx, on_client_hello, NULL);
  SSL_CTX_set_session_id_context(x->ctx, (const unsigned char *)"shoal", 5);
  sh_ret(ci, handle_base_init_weak(&x->base, rt, x, tlsctx_collected));
}

static tlsctx *ctx_of(sh_rt *rt, sh_val v) {
  if (!v || !sh_is(v, SH_OBJECT)) return NULL;
  return sh_obj_ptr(rt, v);
}

/* --- connections ------------------------------------------------------- */

static void conn_attach_ssl(tlsc *c) {
  c->ssl = SSL_new(c->ctx);
  c->rbio = BIO_new(BIO_s_mem());
  c->wbio = BIO_new(BIO_s_mem());
  BIO_set_mem_eof_return(c->rbio, -1);
  SSL_set_bio(c->ssl, c->rbio, c->wbio);
  SSL_set_ex_data(c->ssl, conn_index, c);
}

static bool client_ctx(sh_rt *rt, tlsc *c, sh_val opts) {
  c->ctx = SSL_CTX_new(TLS_client_method());
  SSL_CTX_set_min_proto_version(c->ctx, TLS1_2_VERSION);
  SSL_CTX_set_security_level(c->ctx, NODE_SECURITY_LEVEL);
  char *ca = opt_str(rt, opts, "ca");
  if (ca) {
    int err = load_ca_pem(c->ctx, ca);
    free(ca);
    if (err != 0) {
      sh_throw_error(rt, SH_ERROR, "no certificate could be read from the ca option");
      return false;
    }
  } else {
    SSL_CTX_set_default_verify_paths(c->ctx);
    /* as Node: NODE_EXTRA_CA_CERTS adds a PEM file to the default store */
    const char *extra = getenv("NODE_EXTRA_CA_CERTS");
    if (extra && *extra) {
      SSL_CTX_load_verify_locations(c->ctx, extra, NULL);
      ERR_clear_error();
    }
  }
  /* A client certificate (mutual TLS) */
  char *cert = opt_str(rt, opts, "cert");
  char *key = opt_str(rt, opts, "key");
  char *pass = opt_str(rt, opts, "passphrase");
  bool ok = (!cert || load_cert_chain(c->ctx, cert)) && (!key || load_key(c->ctx, key, pass));
  free(cert);
  free(key);
  free(pass);
  if (!ok) {
    sh_throw(rt, ossl_error(rt, "the client certificate could not be used"));
    return false;
  }
  /* Verify always (so the result is known), fail the handshake only when
   * rejecting; a non-rejecting client reads info().authorizationError. */
  SSL_CTX_set_verify(c->ctx, SSL_VERIFY_NONE, NULL);
  return true;
}

static void client_names(sh_rt *rt, tlsc *c, sh_val opts) {
  char *sn = opt_str(rt, opts, "servername");
  char *host = opt_str(rt, opts, "host");
  const char *check = sn && *sn ? sn : host;
  if (check) snprintf(c->check_name, sizeof c->check_name, "%s", check);
  if (sn && *sn && !is_ip_literal(sn)) SSL_set_tlsext_host_name(c->ssl, sn);
  if (check && *check && opt_bool(rt, opts, "checkHost", true)) {
    if (is_ip_literal(check)) {
      c->ip_host = true;
      X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(c->ssl), check);
    } else {
      SSL_set1_host(c->ssl, check);
    }
  }
  free(sn);
  free(host);
}

static void t_create(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  sh_val opts = sh_arg(ci, 0);
  if (!sh_is(opts, SH_OBJECT)) opts = sh_obj(rt);
  tlsc *c = calloc(1, sizeof *c);
  tlsctx *x = ctx_of(rt, sh_get_s(rt, opts, "context"));
  if (x) {
    c->server = true;
    c->ctx = x->ctx;
    SSL_CTX_up_ref(c->ctx);
    conn_attach_ssl(c);
    SSL_set_accept_state(c->ssl);
    c->hello_paused = opt_bool(rt, opts, "sniCallback", false);
    memcpy(c->alpn, x->alpn, x->alpn_len);
    c->alpn_len = x->alpn_len;
  } else {
    if (!client_ctx(rt, c, opts)) {
      tlsc_close(c);
      free(c);
      return;
    }
    c->reject = opt_bool(rt, opts, "rejectUnauthorized", true);
    conn_attach_ssl(c);
    SSL_set_connect_state(c->ssl);
    client_names(rt, c, opts);
    /* ALPN: an array of protocol names; none offered without one (as Node) */
    sh_val alpn = sh_get_s(rt, opts, "alpn");
    unsigned char wire[256];
    size_t wl = alpn && sh_is(alpn, SH_ARRAY) ? alpn_wire(rt, alpn, wire, sizeof wire) : 0;
    if (wl) SSL_set_alpn_protos(c->ssl, wire, (unsigned)wl);
  }
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
  SSL_set_SSL_CTX(c->ssl, x->ctx);
}

static sh_val drain_bio(sh_rt *rt, BIO *b) {
  size_t n = BIO_ctrl_pending(b);
  if (n == 0) return NULL;
  void *p;
  sh_val ab = sh_arraybuffer(rt, n, &p);
  BIO_read(b, p, (int)n);
  return ab;
}

/* An OpenSSL failure. A client reports it as Node's client does: code
 * EPROTO, "write EPROTO <err>"; a server as Node's tlsClientError: the
 * OpenSSL error with code ERR_SSL_<REASON>, library and reason. */
static void set_error(sh_rt *rt, tlsc *c, sh_val res, const char *fallback) {
  unsigned long e = ERR_peek_last_error();
  char err[256], buf[300];
  if (e) {
    ERR_error_string_n(e, err, sizeof err);
  } else {
    snprintf(err, sizeof err, "%s", fallback);
  }
  if (c->server) {
    const char *reason = e ? ERR_reason_error_string(e) : NULL;
    char code[160] = "ECONNRESET";
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
  } else {
    snprintf(buf, sizeof buf, "write EPROTO %s", err);
    sh_set_s(rt, res, "error", sh_str(rt, buf, SIZE_MAX));
    sh_set_s(rt, res, "code", sh_str(rt, "EPROTO", SIZE_MAX));
  }
  ERR_clear_error();
}

/* Node's message for a name mismatch: the cert's altnames listed. */
static void altname_message(tlsc *c, char *msg, size_t cap) {
  X509 *peer = SSL_get0_peer_certificate(c->ssl);
  char names[512] = "";
  size_t nl = 0;
  GENERAL_NAMES *gens = peer ? X509_get_ext_d2i(peer, NID_subject_alt_name, NULL, NULL) : NULL;
  for (int i = 0; gens && i < sk_GENERAL_NAME_num(gens); i++) {
    const GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);
    char one[128] = "";
    if (g->type == GEN_DNS) {
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
  } else {
    snprintf(msg, cap,
             "Hostname/IP does not match certificate's altnames: Host: %s. is not in the cert's "
             "altnames: %s",
             c->check_name, names);
  }
}

/* A rejecting client checks the server's certificate once the handshake is done. */
static void client_check_peer(sh_rt *rt, tlsc *c, sh_val res) {
  long v = tls_info_verify_result(c->ssl, c->server);
  if (!c->reject || (v == X509_V_OK && SSL_get0_peer_certificate(c->ssl))) return;
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
  int r = SSL_do_handshake(c->ssl);
  if (r == 1) {
    c->secure = true;
    sh_set_s(rt, res, "secure", sh_bool(rt, true));
    if (!c->server) client_check_peer(rt, c, res);
    return;
  }
  int e = SSL_get_error(c->ssl, r);
  if (e == SSL_ERROR_WANT_CLIENT_HELLO_CB) {
    sh_set_s(rt, res, "sni", sh_str(rt, c->sni, SIZE_MAX));
  } else if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) {
    set_error(rt, c, res, "TLS handshake failed");
  }
}

/* All the plaintext OpenSSL has, into res.data (and res.eof). */
static void read_plain(sh_rt *rt, tlsc *c, sh_val res) {
  size_t cap = 16384, len = 0;
  unsigned char *buf = malloc(cap);
  for (;;) {
    if (cap - len < 4096) {
      cap *= 2;
      buf = realloc(buf, cap);
    }
    int n = SSL_read(c->ssl, buf + len, (int)(cap - len));
    if (n > 0) {
      len += (size_t)n;
      continue;
    }
    int e = SSL_get_error(c->ssl, n);
    if (e == SSL_ERROR_ZERO_RETURN) {
      sh_set_s(rt, res, "eof", sh_bool(rt, true));
    } else if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) {
      set_error(rt, c, res, "TLS read failed");
    }
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
  if (!c->secure) handshake(rt, c, res);
  if (c->secure) read_plain(rt, c, res);
  sh_val out = drain_bio(rt, c->wbio);
  if (out) sh_set_s(rt, res, "out", out);
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
    if (len) BIO_write(c->rbio, d, (int)len);
  } else if (c->hello_paused) {
    c->hello_done = true;
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
    int n = SSL_write(c->ssl, d, (int)len);
    if (n <= 0) set_error(rt, c, res, "TLS write failed");
  }
  sh_val out = drain_bio(rt, c->wbio);
  if (out) sh_set_s(rt, res, "out", out);
  sh_ret(ci, res);
}

static void t_shutdown(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  tlsc *c = arg_tlsc(ci);
  if (!c) return;
  sh_val res = sh_obj(rt);
  if (c->secure) SSL_shutdown(c->ssl);
  ERR_clear_error();
  sh_val out = drain_bio(rt, c->wbio);
  if (out) sh_set_s(rt, res, "out", out);
  sh_ret(ci, res);
}

static void t_info(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  tlsc *c = arg_tlsc(ci);
  if (!c) return;
  sh_val res = sh_obj(rt);
  tls_info_fill(rt, res, c->ssl, c->server, c->secure);
  const char *sn = SSL_get_servername(c->ssl, TLSEXT_NAMETYPE_host_name);
  if (c->server && (sn || *c->sni))
    sh_set_s(rt, res, "servername", sh_str(rt, sn ? sn : c->sni, SIZE_MAX));
  sh_ret(ci, res);
}

static void t_destroy(sh_cbinfo *ci) {
  tlsc *c = sh_obj_ptr(sh_ci_rt(ci), sh_arg(ci, 0));
  if (c) tlsc_close(c);
}

sh_val binding_tls_wrap_init(sh_rt *rt) {
  pthread_once(&index_once, make_index);
  sh_val b = sh_obj(rt);
  bind_fn(rt, b, "createContext", t_create_context);
  bind_fn(rt, b, "create", t_create);
  bind_fn(rt, b, "setContext", t_set_context);
  bind_fn(rt, b, "start", t_start);
  bind_fn(rt, b, "feed", t_feed);
  bind_fn(rt, b, "write", t_write);
  bind_fn(rt, b, "shutdown", t_shutdown);
  bind_fn(rt, b, "info", t_info);
  bind_fn(rt, b, "destroy", t_destroy);
  return b;
}
