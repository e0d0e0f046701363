/* tls_client: an OpenSSL client SSL object on memory BIOs, driven from JS
 * (js-lib/tls.js). JS moves the bytes: ciphertext read from the net.Socket is
 * fed in, and every call returns the ciphertext to write back plus any
 * plaintext that came out.
 *
 *   create({ servername, ca, rejectUnauthorized, alpn }) -> handle
 *   start(handle)        -> result   (sends the ClientHello)
 *   feed(handle, bytes)  -> result   (ciphertext from the peer)
 *   write(handle, bytes) -> result   (plaintext to send)
 *   shutdown(handle)     -> result   (close_notify)
 *   info(handle)         -> { alpnProtocol, protocol, cipher, authorized,
 *                             authorizationError, peerCN }
 *   destroy(handle)
 *
 * result: { out: ArrayBuffer|undefined (ciphertext to send),
 *           data: ArrayBuffer|undefined (plaintext received),
 *           secure: bool (handshake finished by this call),
 *           eof: bool (peer sent close_notify),
 *           error: string|undefined, code: string|undefined }
 *
 * Verification: against the system CA store plus NODE_EXTRA_CA_CERTS (or
 * `ca` alone when given), host
 * name checked against `servername`; with rejectUnauthorized false the
 * handshake goes on and info().authorizationError tells why it would fail. */
#include "binding.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  char check_name[256]; /* the host name / IP verified, for messages */
  SSL_CTX *ctx;
  SSL *ssl;
  BIO *rbio; /* ciphertext in (from the peer) */
  BIO *wbio; /* ciphertext out (to the peer) */
  bool secure;
  bool reject;
  bool ip_host;
  sh_ref *weak;
} tlsc;

static void tlsc_close(tlsc *c) {
  if (c->ssl) SSL_free(c->ssl); /* frees the BIOs */
  c->ssl = NULL;
  if (c->ctx) SSL_CTX_free(c->ctx);
  c->ctx = NULL;
}

static void tlsc_collected(void *data) {
  tlsc *c = data;
  tlsc_close(c);
  sh_ref_free(c->weak);
  free(c);
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

static void t_create(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  sh_val opts = sh_arg(ci, 0);
  if (!sh_is(opts, SH_OBJECT)) opts = sh_obj(rt);
  tlsc *c = calloc(1, sizeof *c);
  c->ctx = SSL_CTX_new(TLS_client_method());
  SSL_CTX_set_min_proto_version(c->ctx, TLS1_2_VERSION);
  char *ca = opt_str(rt, opts, "ca");
  if (ca) {
    if (load_ca_pem(c->ctx, ca) != 0) {
      free(ca);
      tlsc_close(c);
      free(c);
      sh_throw_error(rt, SH_ERROR, "no certificate could be read from the ca option");
      return;
    }
    free(ca);
  } else {
    SSL_CTX_set_default_verify_paths(c->ctx);
    /* as Node: NODE_EXTRA_CA_CERTS adds a PEM file to the default store */
    const char *extra = getenv("NODE_EXTRA_CA_CERTS");
    if (extra && *extra) {
      SSL_CTX_load_verify_locations(c->ctx, extra, NULL);
      ERR_clear_error();
    }
  }
  sh_val rej = sh_get_s(rt, opts, "rejectUnauthorized");
  c->reject = !(rej && sh_is(rej, SH_BOOLEAN) && !sh_to_bool(rt, rej));
  /* Verify always (so the result is known), fail the handshake only when
   * rejecting; a non-rejecting client reads info().authorizationError. */
  SSL_CTX_set_verify(c->ctx, SSL_VERIFY_NONE, NULL);
  c->ssl = SSL_new(c->ctx);
  c->rbio = BIO_new(BIO_s_mem());
  c->wbio = BIO_new(BIO_s_mem());
  BIO_set_mem_eof_return(c->rbio, -1);
  SSL_set_bio(c->ssl, c->rbio, c->wbio);
  SSL_set_connect_state(c->ssl);

  char *sn = opt_str(rt, opts, "servername");
  char *host = opt_str(rt, opts, "host");
  const char *check = sn && *sn ? sn : host;
  if (check) snprintf(c->check_name, sizeof c->check_name, "%s", check);
  if (sn && *sn && !is_ip_literal(sn)) SSL_set_tlsext_host_name(c->ssl, sn);
  if (check && *check) {
    if (is_ip_literal(check)) {
      c->ip_host = true;
      X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(c->ssl), check);
    } else {
      SSL_set1_host(c->ssl, check);
    }
  }
  free(sn);
  free(host);

  /* ALPN: an array of protocol names (default http/1.1) */
  sh_val alpn = sh_get_s(rt, opts, "alpn");
  unsigned char wire[256];
  size_t wl = 0;
  if (alpn && sh_is(alpn, SH_ARRAY)) {
    uint32_t n = sh_arr_length(rt, alpn);
    for (uint32_t i = 0; i < n; i++) {
      char *p = sh_to_utf8(rt, sh_get_i(rt, alpn, i), NULL);
      size_t l = p ? strlen(p) : 0;
      if (l > 0 && l < 256 && wl + 1 + l <= sizeof wire) {
        wire[wl++] = (unsigned char)l;
        memcpy(wire + wl, p, l);
        wl += l;
      }
      free(p);
    }
  } else {
    memcpy(wire, "\x08http/1.1", 9);
    wl = 9;
  }
  if (wl) SSL_set_alpn_protos(c->ssl, wire, (unsigned)wl);

  sh_val obj = sh_obj_with_ptr(rt, c);
  c->weak = sh_ref_new(rt, obj);
  sh_ref_weak(c->weak, tlsc_collected, c);
  sh_ret(ci, obj);
}

static sh_val drain_bio(sh_rt *rt, BIO *b) {
  size_t n = BIO_ctrl_pending(b);
  if (n == 0) return NULL;
  void *p;
  sh_val ab = sh_arraybuffer(rt, n, &p);
  BIO_read(b, p, (int)n);
  return ab;
}

/* An OpenSSL failure, as Node reports it: code EPROTO, "write EPROTO <err>". */
static void set_error(sh_rt *rt, sh_val res, const char *fallback) {
  unsigned long e = ERR_peek_last_error();
  char err[256], buf[300];
  if (e) {
    ERR_error_string_n(e, err, sizeof err);
  } else {
    snprintf(err, sizeof err, "%s", fallback);
  }
  ERR_clear_error();
  snprintf(buf, sizeof buf, "write EPROTO %s", err);
  sh_set_s(rt, res, "error", sh_str(rt, buf, SIZE_MAX));
  sh_set_s(rt, res, "code", sh_str(rt, "EPROTO", SIZE_MAX));
}

static const char *verify_code(long v) {
  switch (v) {
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT: return "DEPTH_ZERO_SELF_SIGNED_CERT";
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN: return "SELF_SIGNED_CERT_IN_CHAIN";
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY: return "UNABLE_TO_GET_ISSUER_CERT_LOCALLY";
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE: return "UNABLE_TO_VERIFY_LEAF_SIGNATURE";
    case X509_V_ERR_CERT_HAS_EXPIRED: return "CERT_HAS_EXPIRED";
    case X509_V_ERR_CERT_NOT_YET_VALID: return "CERT_NOT_YET_VALID";
    case X509_V_ERR_HOSTNAME_MISMATCH: return "ERR_TLS_CERT_ALTNAME_INVALID";
    case X509_V_ERR_IP_ADDRESS_MISMATCH: return "ERR_TLS_CERT_ALTNAME_INVALID";
    default: return "UNABLE_TO_VERIFY_LEAF_SIGNATURE";
  }
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

/* Run the state machine: handshake, then read all plaintext. */
static sh_val pump(sh_rt *rt, tlsc *c) {
  sh_val res = sh_obj(rt);
  if (!c->secure) {
    int r = SSL_do_handshake(c->ssl);
    if (r == 1) {
      c->secure = true;
      sh_set_s(rt, res, "secure", sh_bool(rt, true));
      long v = SSL_get_verify_result(c->ssl);
      if (c->reject && (v != X509_V_OK || !SSL_get0_peer_certificate(c->ssl))) {
        const char *code = v == X509_V_OK ? "UNABLE_TO_VERIFY_LEAF_SIGNATURE" : verify_code(v);
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
    } else {
      int e = SSL_get_error(c->ssl, r);
      if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) {
        set_error(rt, res, "TLS handshake failed");
      }
    }
  }
  if (c->secure) {
    size_t cap = 16384, len = 0;
    unsigned char *buf = NULL;
    for (;;) {
      if (!buf) buf = malloc(cap);
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
        set_error(rt, res, "TLS read failed");
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
  sh_val out = drain_bio(rt, c->wbio);
  if (out) sh_set_s(rt, res, "out", out);
  return res;
}

static void t_start(sh_cbinfo *ci) {
  tlsc *c = arg_tlsc(ci);
  if (!c) return;
  sh_ret(ci, pump(sh_ci_rt(ci), c));
}

static void t_feed(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  tlsc *c = arg_tlsc(ci);
  if (!c) return;
  uint8_t *d;
  size_t len;
  if (sh_bytes(sh_arg(ci, 1), &d, &len) == 0 && len) BIO_write(c->rbio, d, (int)len);
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
    if (n <= 0) set_error(rt, res, "TLS write failed");
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
  const unsigned char *a = NULL;
  unsigned al = 0;
  SSL_get0_alpn_selected(c->ssl, &a, &al);
  sh_set_s(rt, res, "alpnProtocol", al ? sh_str(rt, (const char *)a, al) : sh_bool(rt, false));
  sh_set_s(rt, res, "protocol", sh_str(rt, SSL_get_version(c->ssl), SIZE_MAX));
  const SSL_CIPHER *cp = SSL_get_current_cipher(c->ssl);
  if (cp) sh_set_s(rt, res, "cipher", sh_str(rt, SSL_CIPHER_get_name(cp), SIZE_MAX));
  long v = SSL_get_verify_result(c->ssl);
  X509 *peer = SSL_get0_peer_certificate(c->ssl);
  bool ok = c->secure && peer && v == X509_V_OK;
  sh_set_s(rt, res, "authorized", sh_bool(rt, ok));
  if (c->secure && !ok) {
    sh_set_s(rt, res, "authorizationError",
             sh_str(rt, peer ? verify_code(v) : "UNABLE_TO_VERIFY_LEAF_SIGNATURE", SIZE_MAX));
  }
  if (peer) {
    char cn[256];
    if (X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, cn, sizeof cn) > 0) {
      sh_set_s(rt, res, "peerCN", sh_str(rt, cn, SIZE_MAX));
    }
  }
  sh_ret(ci, res);
}

static void t_destroy(sh_cbinfo *ci) {
  tlsc *c = sh_obj_ptr(sh_ci_rt(ci), sh_arg(ci, 0));
  if (c) tlsc_close(c);
}

sh_val binding_tls_client_init(sh_rt *rt) {
  sh_val b = sh_obj(rt);
  bind_fn(rt, b, "create", t_create);
  bind_fn(rt, b, "start", t_start);
  bind_fn(rt, b, "feed", t_feed);
  bind_fn(rt, b, "write", t_write);
  bind_fn(rt, b, "shutdown", t_shutdown);
  bind_fn(rt, b, "info", t_info);
  bind_fn(rt, b, "destroy", t_destroy);
  return b;
}
