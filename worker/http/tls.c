/* tls: the engine listeners' TLS contexts (see tls.h). */
#include "tls.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_CERTS 16

struct tls_ctx {
  int refs;
  size_t n;
  SSL_CTX *ctx[MAX_CERTS];
  char *name[MAX_CERTS]; /* servername (lower case) or NULL */
  int default_idx;       /* -1: an unknown SNI name is refused */
  bool h2;
  bool user_sni; /* the user picks the context by SNI (tls_ctx_set_user_sni) */
};

static uint8_t ticket_keys[80];
static bool have_ticket_keys;

void tls_set_ticket_keys(const uint8_t *keys, size_t len) {
  if (len != sizeof ticket_keys) return;
  memcpy(ticket_keys, keys, len);
  have_ticket_keys = true;
}

int tls_set_ticket_keys_hex(const char *hex) {
  uint8_t k[80];
  if (!hex || strlen(hex) != 160) return -1;
  for (int i = 0; i < 80; i++) {
    unsigned v;
    if (sscanf(hex + 2 * i, "%2x", &v) != 1) return -1;
    k[i] = (uint8_t)v;
  }
  tls_set_ticket_keys(k, sizeof k);
  return 0;
}

static void ssl_error(char *err, size_t errlen, const char *what) {
  unsigned long e = ERR_get_error();
  char buf[256] = "";
  if (e) ERR_error_string_n(e, buf, sizeof buf);
  snprintf(err, errlen, "%s%s%s", what, e ? ": " : "", buf);
  ERR_clear_error();
}

/* ALPN: the server's preference, h2 first. */
static int on_alpn(SSL *ssl, const unsigned char **out, unsigned char *outlen,
                   const unsigned char *in, unsigned int inlen, void *arg) {
  (void)ssl;
  tls_ctx *t = arg;
  static const unsigned char both[] = "\x02h2\x08http/1.1";
  static const unsigned char h1[] = "\x08http/1.1";
  const unsigned char *prefs = t->h2 ? both : h1;
  unsigned plen = t->h2 ? sizeof both - 1 : sizeof h1 - 1;
  unsigned char *o;
  if (SSL_select_next_proto(&o, outlen, prefs, plen, in, inlen) != OPENSSL_NPN_NEGOTIATED) {
    return SSL_TLSEXT_ERR_NOACK; /* no common protocol: HTTP/1.1 without ALPN */
  }
  *out = o;
  return SSL_TLSEXT_ERR_OK;
}

static bool name_matches(const char *pattern, const char *name) {
  if (strcasecmp(pattern, name) == 0) return true;
  if (pattern[0] == '*' && pattern[1] == '.') {
    const char *dot = strchr(name, '.');
    return dot && strcasecmp(pattern + 1, dot) == 0;
  }
  return false;
}

/* SNI: switch to the certificate for the name, refuse an unknown one. */
static int on_servername(SSL *ssl, int *al, void *arg) {
  tls_ctx *t = arg;
  const char *name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
  if (!name || t->user_sni) return SSL_TLSEXT_ERR_OK; /* (the user chose already) */
  for (size_t i = 0; i < t->n; i++) {
    if (t->name[i] && name_matches(t->name[i], name)) {
      if (t->ctx[i] != SSL_get_SSL_CTX(ssl)) SSL_set_SSL_CTX(ssl, t->ctx[i]);
      return SSL_TLSEXT_ERR_OK;
    }
  }
  if (t->default_idx >= 0) return SSL_TLSEXT_ERR_OK;
  tls_session *c = tls_session_of(ssl);
  char why[160];
  snprintf(why, sizeof why, "unknown server name (SNI) \"%.100s\"", name);
  if (c) tls_session_set_error(c, why);
  *al = SSL_AD_UNRECOGNIZED_NAME;
  return SSL_TLSEXT_ERR_ALERT_FATAL;
}

static int use_pem(SSL_CTX *ctx, const tls_cert_spec *s, char *err, size_t errlen) {
  BIO *b = BIO_new_mem_buf(s->cert, s->cert_len ? (int)s->cert_len : -1);
  X509 *x = b ? PEM_read_bio_X509_AUX(b, NULL, NULL, NULL) : NULL;
  if (!x || SSL_CTX_use_certificate(ctx, x) != 1) {
    X509_free(x);
    BIO_free(b);
    ssl_error(err, errlen, "cannot read the certificate");
    return -1;
  }
  X509_free(x);
  SSL_CTX_clear_chain_certs(ctx);
  X509 *ca;
  while ((ca = PEM_read_bio_X509(b, NULL, NULL, NULL)) != NULL) {
    if (SSL_CTX_add0_chain_cert(ctx, ca) != 1) X509_free(ca);
  }
  ERR_clear_error(); /* the end of the chain */
  BIO_free(b);
  b = BIO_new_mem_buf(s->key, s->key_len ? (int)s->key_len : -1);
  EVP_PKEY *k = b ? PEM_read_bio_PrivateKey(b, NULL, NULL, NULL) : NULL;
  BIO_free(b);
  if (!k || SSL_CTX_use_PrivateKey(ctx, k) != 1) {
    EVP_PKEY_free(k);
    ssl_error(err, errlen, "cannot read the private key");
    return -1;
  }
  EVP_PKEY_free(k);
  return 0;
}

static int use_ca(SSL_CTX *ctx, const tls_cert_spec *s, bool from_files, char *err, size_t errlen) {
  X509_STORE *store = SSL_CTX_get_cert_store(ctx);
  STACK_OF(X509_NAME) *names = sk_X509_NAME_new_null();
  BIO *b = from_files ? BIO_new_file(s->ca, "r")
                      : BIO_new_mem_buf(s->ca, s->ca_len ? (int)s->ca_len : -1);
  X509 *x;
  int n = 0;
  while (b && (x = PEM_read_bio_X509(b, NULL, NULL, NULL)) != NULL) {
    X509_STORE_add_cert(store, x);
    sk_X509_NAME_push(names, X509_NAME_dup(X509_get_subject_name(x)));
    X509_free(x);
    n++;
  }
  ERR_clear_error();
  BIO_free(b);
  if (n == 0) {
    sk_X509_NAME_pop_free(names, X509_NAME_free);
    snprintf(err, errlen, "no CA certificate in %s", from_files ? s->ca : "ca");
    return -1;
  }
  SSL_CTX_set_client_CA_list(ctx, names);
  return 0;
}

/* REQUEST: any certificate (or none) is let through; the application reads
 * the verification result (SSL_get_verify_result) afterwards. */
static int verify_accept(int ok, X509_STORE_CTX *store) {
  (void)ok;
  (void)store;
  return 1;
}

/* REQUIRE, as Node's server: a certificate is needed in the handshake,
 * but one that does not verify is refused after it (tls_peer_refused). */
static int verify_after(int ok, X509_STORE_CTX *store) {
  (void)ok;
  (void)store;
  return 1;
}

const char *tls_peer_refused(tls_session *s) {
  SSL *ssl = tls_session_ssl(s);
  long v = SSL_get_verify_result(ssl);
  if (SSL_get_verify_callback(ssl) != verify_after || v == X509_V_OK) return NULL;
  return X509_verify_cert_error_string(v);
}

static int use_client_auth(SSL_CTX *ctx, const tls_cert_spec *s, bool from_files, char *err,
                           size_t errlen) {
  if (s->client_auth == TLS_AUTH_BY_CA && !s->ca) return 0;
  if (s->ca && use_ca(ctx, s, from_files, err, errlen) != 0) return -1;
  if (!s->ca) SSL_CTX_set_default_verify_paths(ctx);
  if (s->client_auth == TLS_AUTH_REQUEST) {
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, verify_accept);
  } else {
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
                       s->client_auth == TLS_AUTH_REQUIRE ? verify_after : NULL);
  }
  return 0;
}

static SSL_CTX *make_ctx(tls_ctx *t, const tls_cert_spec *s, bool from_files, char *err,
                         size_t errlen) {
  SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
  if (!ctx) {
    ssl_error(err, errlen, "SSL_CTX_new");
    return NULL;
  }
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_options(
      ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_COMPRESSION);
  SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
  /* TLS 1.2: AEAD ciphers with forward secrecy only (RFC 7540 9.2.2). */
  SSL_CTX_set_cipher_list(ctx,
                          "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                          "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                          "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305");
  SSL_CTX_set_session_id_context(ctx, (const unsigned char *)"shoal", 5);
  if (have_ticket_keys) SSL_CTX_set_tlsext_ticket_keys(ctx, ticket_keys, sizeof ticket_keys);
  SSL_CTX_set_alpn_select_cb(ctx, on_alpn, t);
  int ok = 1;
  if (!s->cert && !s->key) {
    /* no certificate: a handshake left on this context fails */
  } else if (from_files) {
    ok = SSL_CTX_use_certificate_chain_file(ctx, s->cert) == 1;
    if (!ok) {
      ssl_error(err, errlen, "cannot load the certificate");
    } else if (!(ok = SSL_CTX_use_PrivateKey_file(ctx, s->key, SSL_FILETYPE_PEM) == 1)) {
      ssl_error(err, errlen, "cannot load the private key");
    }
  } else {
    ok = use_pem(ctx, s, err, errlen) == 0;
  }
  if (ok && s->cert && SSL_CTX_check_private_key(ctx) != 1) {
    ssl_error(err, errlen, "the private key does not match the certificate");
    ok = false;
  }
  if (ok && use_client_auth(ctx, s, from_files, err, errlen) != 0) ok = false;
  if (!ok) {
    SSL_CTX_free(ctx);
    return NULL;
  }
  return ctx;
}

/* The context that answers the ClientHello: the default certificate's. */
static SSL_CTX *first_ctx(const tls_ctx *t) {
  return t->ctx[t->default_idx >= 0 ? t->default_idx : 0];
}

tls_ctx *tls_ctx_new(const tls_cert_spec *specs, size_t n, bool from_files, bool h2, char *err,
                     size_t errlen) {
  if (n == 0 || n > MAX_CERTS) {
    snprintf(err, errlen, "between 1 and %d certificates are needed", MAX_CERTS);
    return NULL;
  }
  tls_ctx *t = calloc(1, sizeof *t);
  t->refs = 1;
  t->h2 = h2;
  t->default_idx = -1;
  for (size_t i = 0; i < n; i++) {
    if (!specs[i].cert != !specs[i].key || (!specs[i].cert && specs[i].servername)) {
      snprintf(err, errlen, "a certificate and a key are needed");
      tls_ctx_unref(t);
      return NULL;
    }
    t->ctx[i] = make_ctx(t, &specs[i], from_files, err, errlen);
    if (!t->ctx[i]) {
      tls_ctx_unref(t);
      return NULL;
    }
    t->n = i + 1;
    if (specs[i].servername && *specs[i].servername) {
      t->name[i] = strdup(specs[i].servername);
    } else if (t->default_idx < 0) {
      t->default_idx = (int)i;
    }
  }
  /* The first context answers the ClientHello; SNI may switch it. */
  SSL_CTX_set_tlsext_servername_callback(first_ctx(t), on_servername);
  SSL_CTX_set_tlsext_servername_arg(first_ctx(t), t);
  return t;
}

void tls_ctx_ref(tls_ctx *t) {
  t->refs++;
}

void tls_ctx_unref(tls_ctx *t) {
  if (!t || --t->refs > 0) return;
  for (size_t i = 0; i < t->n; i++) {
    SSL_CTX_free(t->ctx[i]);
    free(t->name[i]);
  }
  free(t);
}

tls_session *tls_ctx_session(tls_ctx *ctx) {
  tls_session *s = tls_session_new(first_ctx(ctx), TLS_SESSION_SERVER | TLS_SESSION_SNIFF);
  if (s && ctx->user_sni) tls_session_pause_hello(s);
  return s;
}

void tls_ctx_set_user_sni(tls_ctx *t) {
  t->user_sni = true;
  tls_session_ctx_hello_hook(first_ctx(t));
}

bool tls_ctx_user_sni(const tls_ctx *t) {
  return t->user_sni;
}

void tls_ctx_switch(tls_session *s, tls_ctx *chosen) {
  SSL *ssl = tls_session_ssl(s);
  if (first_ctx(chosen) != SSL_get_SSL_CTX(ssl)) SSL_set_SSL_CTX(ssl, first_ctx(chosen));
}
