/* X.509 certificates for js-lib/internal/crypto/x509.js (functions of
 * internalBinding('crypto_keys'), see mod_crypto_keys.h): an X509 wrapped in a
 * handle object (freed when collected), its fields formatted as Node formats
 * them, and the host/email/IP/issuer/signature/key checks; SPKACs for
 * crypto.Certificate. */
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "binding.h"
#include "mod_crypto.h"
#include "mod_crypto_keys.h"

#define CERT_MAGIC 0x58353039u

typedef struct cert {
  uint32_t magic;
  X509 *x509;
  sh_ref *ref;
} cert;

static void cert_collected(void *data) {
  cert *c = data;
  X509_free(c->x509);
  sh_ref_free(c->ref);
  free(c);
}

static X509 *cert_arg(sh_cbinfo *ci, int i) {
  sh_val v = sh_arg(ci, i);
  cert *c = sh_is(v, SH_OBJECT) ? sh_obj_ptr(sh_ci_rt(ci), v) : NULL;
  if (!c || c->magic != CERT_MAGIC) {
    sh_throw_error(sh_ci_rt(ci), SH_TYPE_ERROR, "invalid certificate handle");
    return NULL;
  }
  return c->x509;
}

/* x509Parse(bytes) -> handle: PEM, else DER; throws the first error. */
static void x509_parse(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  uint8_t *data = NULL;
  size_t len = 0;
  if (sh_bytes(sh_arg(ci, 0), &data, &len) < 0) return;
  BIO *bio = BIO_new_mem_buf(data, (int)len);
  X509 *x = PEM_read_bio_X509_AUX(bio, NULL, NULL, NULL);
  BIO_free(bio);
  if (!x) {
    const unsigned char *p = data;
    x = d2i_X509(NULL, &p, (long)len);
  }
  if (!x) return sh_throw(rt, ossl_error_first(rt, "Failed to parse certificate"));
  ERR_clear_error();
  cert *c = calloc(1, sizeof *c);
  c->magic = CERT_MAGIC;
  c->x509 = x;
  sh_val obj = sh_obj_with_ptr(rt, c);
  c->ref = sh_ref_new(rt, obj);
  sh_ref_weak(c->ref, cert_collected, c);
  sh_ret(ci, obj);
}

/* The memory BIO's text as a string (one trailing newline dropped). */
static sh_val bio_str(sh_rt *rt, BIO *bio) {
  char *text = NULL;
  long n = BIO_get_mem_data(bio, &text);
  if (n > 0 && text[n - 1] == '\n') n--;
  sh_val s = sh_str(rt, text, (size_t)n);
  BIO_free(bio);
  return s;
}

static sh_val name_str(sh_rt *rt, const X509_NAME *name) {
  static const unsigned long flags = ASN1_STRFLGS_ESC_2253 | ASN1_STRFLGS_ESC_CTRL |
                                     ASN1_STRFLGS_UTF8_CONVERT | XN_FLAG_SEP_MULTILINE |
                                     XN_FLAG_FN_SN;
  BIO *bio = BIO_new(BIO_s_mem());
  X509_NAME_print_ex(bio, name, 0, flags);
  return bio_str(rt, bio);
}

static void set_ext(sh_rt *rt, sh_val o, const char *key, X509 *x, int nid) {
  int i = X509_get_ext_by_NID(x, nid, -1);
  if (i < 0) return;
  BIO *bio = BIO_new(BIO_s_mem());
  if (X509V3_EXT_print(bio, X509_get_ext(x, i), 0, 0) != 1) {
    BIO_free(bio);
    ERR_clear_error();
    return;
  }
  sh_set_s(rt, o, key, bio_str(rt, bio));
}

static void set_time(sh_rt *rt, sh_val o, const char *key, const ASN1_TIME *t) {
  BIO *bio = BIO_new(BIO_s_mem());
  ASN1_TIME_print(bio, t);
  sh_set_s(rt, o, key, bio_str(rt, bio));
}

static void set_fingerprint(sh_rt *rt, sh_val o, const char *key, X509 *x, const EVP_MD *md) {
  unsigned char buf[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (X509_digest(x, md, buf, &n) != 1) return;
  char out[EVP_MAX_MD_SIZE * 3 + 1];
  for (unsigned int i = 0; i < n; i++) snprintf(out + i * 3, 4, "%02X:", buf[i]);
  out[n ? n * 3 - 1 : 0] = 0;
  sh_set_s(rt, o, key, sh_str(rt, out, SIZE_MAX));
}

static void set_serial(sh_rt *rt, sh_val o, X509 *x) {
  BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);
  char *hex = bn ? BN_bn2hex(bn) : NULL;
  if (hex) sh_set_s(rt, o, "serialNumber", sh_str(rt, hex, SIZE_MAX));
  OPENSSL_free(hex);
  BN_free(bn);
}

static void set_key_usage(sh_rt *rt, sh_val o, X509 *x) {
  EXTENDED_KEY_USAGE *eku = X509_get_ext_d2i(x, NID_ext_key_usage, NULL, NULL);
  if (!eku) return;
  sh_val arr = sh_arr(rt, 0);
  for (int i = 0; i < sk_ASN1_OBJECT_num(eku); i++) {
    char oid[128];
    OBJ_obj2txt(oid, sizeof oid, sk_ASN1_OBJECT_value(eku, i), 1);
    sh_set_i(rt, arr, (uint32_t)i, sh_str(rt, oid, SIZE_MAX));
  }
  sk_ASN1_OBJECT_pop_free(eku, ASN1_OBJECT_free);
  sh_set_s(rt, o, "keyUsage", arr);
}

static void set_der_and_pem(sh_rt *rt, sh_val o, X509 *x) {
  unsigned char *der = NULL;
  int n = i2d_X509(x, &der);
  if (n > 0) {
    void *p = NULL;
    sh_val ab = sh_arraybuffer(rt, (size_t)n, &p);
    memcpy(p, der, (size_t)n);
    sh_set_s(rt, o, "raw", ab);
  }
  OPENSSL_free(der);
  BIO *bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, x);
  char *text = NULL;
  long len = BIO_get_mem_data(bio, &text);
  sh_set_s(rt, o, "pem", sh_str(rt, text, (size_t)len));
  BIO_free(bio);
}

/* x509Info(handle) -> { subject, issuer, subjectAltName?, infoAccess?,
 * validFrom, validTo, serialNumber, fingerprint, fingerprint256,
 * fingerprint512, keyUsage?, ca, raw, pem } */
static void x509_info(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  X509 *x = cert_arg(ci, 0);
  if (!x) return;
  sh_val o = sh_obj(rt);
  sh_set_s(rt, o, "subject", name_str(rt, X509_get_subject_name(x)));
  sh_set_s(rt, o, "issuer", name_str(rt, X509_get_issuer_name(x)));
  set_ext(rt, o, "subjectAltName", x, NID_subject_alt_name);
  set_ext(rt, o, "infoAccess", x, NID_info_access);
  set_time(rt, o, "validFrom", X509_get0_notBefore(x));
  set_time(rt, o, "validTo", X509_get0_notAfter(x));
  set_serial(rt, o, x);
  set_fingerprint(rt, o, "fingerprint", x, EVP_sha1());
  set_fingerprint(rt, o, "fingerprint256", x, EVP_sha256());
  set_fingerprint(rt, o, "fingerprint512", x, EVP_sha512());
  set_key_usage(rt, o, x);
  sh_set_s(rt, o, "ca", sh_bool(rt, X509_check_ca(x) == 1));
  set_der_and_pem(rt, o, x);
  ERR_clear_error();
  sh_ret(ci, o);
}

/* x509PublicKey(handle) -> public key handle */
static void x509_public_key(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  X509 *x = cert_arg(ci, 0);
  if (!x) return;
  EVP_PKEY *k = X509_get_pubkey(x);
  if (!k) return sh_throw(rt, ossl_error(rt, "Failed to get public key"));
  sh_ret(ci, crypto_key_wrap(rt, k, false));
}

/* x509Check(handle, 'host'|'email'|'ip', name, flags) -> matched name | undefined */
static void x509_check(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  X509 *x = cert_arg(ci, 0);
  char *kind = x ? arg_utf8(ci, 1) : NULL;
  size_t len = 0;
  char *name = kind ? sh_to_utf8(rt, sh_arg(ci, 2), &len) : NULL;
  if (!name) {
    free(kind);
    return;
  }
  unsigned int flags = (unsigned int)arg_num(ci, 3);
  char *peer = NULL;
  int r;
  if (strcmp(kind, "host") == 0) r = X509_check_host(x, name, len, flags, &peer);
  else if (strcmp(kind, "email") == 0) r = X509_check_email(x, name, len, flags);
  else r = X509_check_ip_asc(x, name, flags);
  ERR_clear_error();
  if (r == 1) sh_ret(ci, sh_str(rt, peer ? peer : name, SIZE_MAX));
  OPENSSL_free(peer);
  free(name);
  free(kind);
}

/* x509CheckIssued(subject, issuer) -> bool */
static void x509_check_issued(sh_cbinfo *ci) {
  X509 *subject = cert_arg(ci, 0);
  X509 *issuer = subject ? cert_arg(ci, 1) : NULL;
  if (!issuer) return;
  int r = X509_check_issued(issuer, subject);
  ERR_clear_error();
  sh_ret(ci, sh_bool(sh_ci_rt(ci), r == X509_V_OK));
}

/* x509Verify(handle, keyHandle) / x509CheckPrivateKey(handle, keyHandle) -> bool */
static void x509_key_op(sh_cbinfo *ci, bool verify) {
  sh_rt *rt = sh_ci_rt(ci);
  X509 *x = cert_arg(ci, 0);
  EVP_PKEY *k = x ? crypto_key_get(rt, sh_arg(ci, 1), NULL) : NULL;
  if (!k) return;
  int r = verify ? X509_verify(x, k) : X509_check_private_key(x, k);
  ERR_clear_error();
  sh_ret(ci, sh_bool(rt, r == 1));
}

static void x509_verify(sh_cbinfo *ci) {
  x509_key_op(ci, true);
}

static void x509_check_private_key(sh_cbinfo *ci) {
  x509_key_op(ci, false);
}

/* --- SPKAC (Netscape SPKI), crypto.Certificate ------------------------------ */

/* The SPKAC of argument 0 (base64 bytes), or NULL when it does not decode. */
static NETSCAPE_SPKI *arg_spkac(sh_cbinfo *ci) {
  uint8_t *data = NULL;
  size_t len = 0;
  if (sh_bytes(sh_arg(ci, 0), &data, &len) < 0 || len > INT_MAX) return NULL;
  NETSCAPE_SPKI *spki = len ? NETSCAPE_SPKI_b64_decode((const char *)data, (int)len) : NULL;
  ERR_clear_error();
  return spki;
}

/* spkacVerify(bytes) -> whether its signature verifies with its own key */
static void spkac_verify(sh_cbinfo *ci) {
  NETSCAPE_SPKI *spki = arg_spkac(ci);
  EVP_PKEY *k = spki ? NETSCAPE_SPKI_get_pubkey(spki) : NULL;
  bool ok = k && NETSCAPE_SPKI_verify(spki, k) > 0;
  EVP_PKEY_free(k);
  NETSCAPE_SPKI_free(spki);
  ERR_clear_error();
  sh_ret(ci, sh_bool(sh_ci_rt(ci), ok));
}

/* spkacPublicKey(bytes) -> its public key as SPKI PEM bytes, or undefined */
static void spkac_public_key(sh_cbinfo *ci) {
  NETSCAPE_SPKI *spki = arg_spkac(ci);
  EVP_PKEY *k = spki ? NETSCAPE_SPKI_get_pubkey(spki) : NULL;
  BIO *bio = k ? BIO_new(BIO_s_mem()) : NULL;
  if (bio && PEM_write_bio_PUBKEY(bio, k) > 0) {
    char *p = NULL;
    long n = BIO_get_mem_data(bio, &p);
    void *out = NULL;
    sh_val ab = sh_arraybuffer(sh_ci_rt(ci), (size_t)n, &out);
    memcpy(out, p, (size_t)n);
    sh_ret(ci, ab);
  }
  BIO_free(bio);
  EVP_PKEY_free(k);
  NETSCAPE_SPKI_free(spki);
  ERR_clear_error();
}

/* spkacChallenge(bytes) -> its challenge as UTF-8 bytes, or undefined */
static void spkac_challenge(sh_cbinfo *ci) {
  NETSCAPE_SPKI *spki = arg_spkac(ci);
  unsigned char *utf8 = NULL;
  int n = spki ? ASN1_STRING_to_UTF8(&utf8, spki->spkac->challenge) : -1;
  if (n >= 0) {
    void *out = NULL;
    sh_val ab = sh_arraybuffer(sh_ci_rt(ci), (size_t)n, &out);
    if (n) memcpy(out, utf8, (size_t)n);
    sh_ret(ci, ab);
  }
  OPENSSL_free(utf8);
  NETSCAPE_SPKI_free(spki);
  ERR_clear_error();
}

void crypto_x509_bind(sh_rt *rt, sh_val b) {
  bind_fn(rt, b, "spkacVerify", spkac_verify);
  bind_fn(rt, b, "spkacPublicKey", spkac_public_key);
  bind_fn(rt, b, "spkacChallenge", spkac_challenge);
  bind_fn(rt, b, "x509Parse", x509_parse);
  bind_fn(rt, b, "x509Info", x509_info);
  bind_fn(rt, b, "x509PublicKey", x509_public_key);
  bind_fn(rt, b, "x509Check", x509_check);
  bind_fn(rt, b, "x509CheckIssued", x509_check_issued);
  bind_fn(rt, b, "x509Verify", x509_verify);
  bind_fn(rt, b, "x509CheckPrivateKey", x509_check_private_key);
}
