/* internalBinding('crypto_keys'): asymmetric key objects (see
 * mod_crypto_keys.h). js-lib validates arguments; byte arguments are views,
 * results are ArrayBuffers (DER), strings (PEM) or key handles. */
#include "mod_crypto_keys.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "binding.h"
#include "mod_crypto.h"
#include "runtime.h"

#define KEY_MAGIC 0x4b455921u

typedef struct crypto_key {
  uint32_t magic; /* tells key handles from mod_crypto's handles */
  bool priv;
  EVP_PKEY *pkey;
  sh_ref *ref;
} crypto_key;

static void key_collected(void *data) {
  crypto_key *k = data;
  EVP_PKEY_free(k->pkey);
  sh_ref_free(k->ref);
  free(k);
}

sh_val crypto_key_wrap(sh_rt *rt, EVP_PKEY *pkey, bool priv) {
  crypto_key *k = calloc(1, sizeof *k);
  k->magic = KEY_MAGIC;
  k->priv = priv;
  k->pkey = pkey;
  sh_val obj = sh_obj_with_ptr(rt, k);
  k->ref = sh_ref_new(rt, obj);
  sh_ref_weak(k->ref, key_collected, k);
  return obj;
}

EVP_PKEY *crypto_key_get(sh_rt *rt, sh_val v, bool *priv) {
  crypto_key *k = sh_is(v, SH_OBJECT) ? sh_obj_ptr(rt, v) : NULL;
  if (!k || k->magic != KEY_MAGIC) {
    sh_throw_error(rt, SH_TYPE_ERROR, "invalid key handle");
    return NULL;
  }
  if (priv) *priv = k->priv;
  return k->pkey;
}

/* --- parsing --------------------------------------------------------------- */

typedef struct pass_state {
  uint8_t *pass;
  size_t len;
  bool given, asked;
} pass_state;

static int pass_cb(char *buf, int size, int rwflag, void *u) {
  (void)rwflag;
  pass_state *p = u;
  p->asked = true;
  if (!p->given || p->len > (size_t)size) return -1;
  memcpy(buf, p->pass, p->len);
  return (int)p->len;
}

/* Argument i as bytes (borrowed view); false when it is no view. */
static bool view_arg(sh_cbinfo *ci, int i, uint8_t **data, size_t *len) {
  *data = NULL;
  *len = 0;
  return sh_bytes(sh_arg(ci, i), data, len) == 0;
}

static bool str_arg_is(sh_cbinfo *ci, int i, const char *want) {
  char *s = sh_is(sh_arg(ci, i), SH_STRING) ? arg_utf8(ci, i) : NULL;
  bool eq = s && strcmp(s, want) == 0;
  free(s);
  return eq;
}

static EVP_PKEY *parse_private_der(const uint8_t *data, size_t len, const char *type,
                                   pass_state *ps) {
  const unsigned char *p = data;
  if (strcmp(type, "pkcs1") == 0) return d2i_PrivateKey(EVP_PKEY_RSA, NULL, &p, (long)len);
  if (strcmp(type, "sec1") == 0) return d2i_PrivateKey(EVP_PKEY_EC, NULL, &p, (long)len);
  X509_SIG *enc = d2i_X509_SIG(NULL, &p, (long)len);
  if (enc) {
    X509_SIG_free(enc);
    BIO *bio = BIO_new_mem_buf(data, (int)len);
    EVP_PKEY *k = d2i_PKCS8PrivateKey_bio(bio, NULL, pass_cb, ps);
    BIO_free(bio);
    return k;
  }
  ERR_clear_error(); /* the probe's errors: Node looks at the tag instead */
  p = data;
  PKCS8_PRIV_KEY_INFO *inf = d2i_PKCS8_PRIV_KEY_INFO(NULL, &p, (long)len);
  if (!inf) return NULL;
  EVP_PKEY *k = EVP_PKCS82PKEY(inf);
  PKCS8_PRIV_KEY_INFO_free(inf);
  return k;
}

/* A private key from data; NULL with the OpenSSL error queued. */
static EVP_PKEY *parse_private(const uint8_t *data, size_t len, bool pem, const char *type,
                               pass_state *ps) {
  static const uint8_t empty[1] = {0};
  if (!pem) return parse_private_der(data, len, type, ps);
  BIO *bio = BIO_new_mem_buf(len ? data : empty, (int)len);
  EVP_PKEY *k = PEM_read_bio_PrivateKey(bio, NULL, pass_cb, ps);
  BIO_free(bio);
  return k;
}

/* The label of the first PEM block ("PUBLIC KEY", ...) into out. */
static const char *find(const char *s, size_t len, const char *what) {
  size_t n = strlen(what);
  for (size_t i = 0; i + n <= len; i++)
    if (memcmp(s + i, what, n) == 0) return s + i;
  return NULL;
}

static bool pem_label(const uint8_t *data, size_t len, char *out, size_t cap) {
  static const char begin[] = "-----BEGIN ";
  const char *s = find((const char *)data, len, begin);
  if (!s) return false;
  s += sizeof begin - 1;
  const char *end = find(s, len - (size_t)(s - (const char *)data), "-----");
  if (!end || (size_t)(end - s) >= cap) return false;
  memcpy(out, s, (size_t)(end - s));
  out[end - s] = 0;
  return true;
}

/* The PEM block's DER decoded by label, as Node does (PEM_bytes_read_bio,
 * then d2i): the error queue then holds the DER decoder's reasons. */
static EVP_PKEY *parse_public_pem(const uint8_t *data, size_t len, const char *label) {
  BIO *bio = BIO_new_mem_buf(data, (int)len);
  unsigned char *der = NULL;
  long n = 0;
  EVP_PKEY *k = NULL;
  if (PEM_bytes_read_bio(&der, &n, NULL, label, bio, NULL, NULL)) {
    const unsigned char *p = der;
    if (strcmp(label, "PUBLIC KEY") == 0) {
      k = d2i_PUBKEY(NULL, &p, n);
    } else if (strcmp(label, "CERTIFICATE") == 0) {
      X509 *x = d2i_X509(NULL, &p, n);
      if (x) k = X509_get_pubkey(x);
      X509_free(x);
    } else {
      k = d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, n);
    }
    OPENSSL_free(der);
  }
  BIO_free(bio);
  return k;
}

/* The public half of k as a new key (k is freed): its public parameters
 * copied through OSSL_PARAMs (no encoding, so a curve without an OID works
 * as in Node), else through SubjectPublicKeyInfo DER. */
static EVP_PKEY *to_public(EVP_PKEY *k) {
  OSSL_PARAM *params = NULL;
  EVP_PKEY *pub = NULL;
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, k, NULL);
  if (ctx && EVP_PKEY_todata(k, EVP_PKEY_PUBLIC_KEY, &params) == 1 &&
      EVP_PKEY_fromdata_init(ctx) == 1)
    EVP_PKEY_fromdata(ctx, &pub, EVP_PKEY_PUBLIC_KEY, params);
  OSSL_PARAM_free(params);
  EVP_PKEY_CTX_free(ctx);
  if (!pub) {
    ERR_clear_error();
    unsigned char *der = NULL;
    int n = i2d_PUBKEY(k, &der);
    const unsigned char *p = der;
    if (n > 0) pub = d2i_PUBKEY(NULL, &p, n);
    OPENSSL_free(der);
  }
  EVP_PKEY_free(k);
  return pub;
}

/* Returns the handle, or -1 (an encrypted DER key without passphrase: Node
 * reports ERR_MISSING_PASSPHRASE there; for PEM, OpenSSL's own error), or
 * throws. */
static void finish_parse(sh_cbinfo *ci, EVP_PKEY *k, bool priv, bool pem, pass_state *ps) {
  sh_rt *rt = sh_ci_rt(ci);
  if (ps->pass) {
    OPENSSL_cleanse(ps->pass, ps->len);
    free(ps->pass);
  }
  if (k) {
    ERR_clear_error();
    return sh_ret(ci, crypto_key_wrap(rt, k, priv));
  }
  if (!pem && ps->asked && !ps->given) {
    ERR_clear_error();
    return sh_ret(ci, sh_int(rt, -1));
  }
  /* Node reports the first error of the queue (the decoder's own reason). */
  sh_throw(rt, ossl_error_first(rt, "Failed to read asymmetric key"));
}

static bool pass_arg(sh_cbinfo *ci, int i, pass_state *ps) {
  memset(ps, 0, sizeof *ps);
  uint8_t *data;
  size_t len;
  if (!view_arg(ci, i, &data, &len)) return true;
  ps->given = true;
  ps->len = len;
  ps->pass = malloc(len ? len : 1);
  if (len) memcpy(ps->pass, data, len);
  return true;
}

/* parsePrivate(data, isPem, type, passphrase|undefined) -> handle | -1 */
static void parse_private_fn(sh_cbinfo *ci) {
  uint8_t *data;
  size_t len;
  if (!view_arg(ci, 0, &data, &len)) return;
  char *type = arg_utf8(ci, 2);
  pass_state ps;
  pass_arg(ci, 3, &ps);
  bool pem = sh_to_bool(sh_ci_rt(ci), sh_arg(ci, 1));
  EVP_PKEY *k = parse_private(data, len, pem, type ? type : "", &ps);
  free(type);
  finish_parse(ci, k, true, pem, &ps);
}

/* parsePublic(data, isPem, type, passphrase|undefined) -> public handle | -1:
 * a public key, an RSA public key, a certificate or a private key's public
 * half. */
static void parse_public_fn(sh_cbinfo *ci) {
  uint8_t *data;
  size_t len;
  if (!view_arg(ci, 0, &data, &len)) return;
  bool pem = sh_to_bool(sh_ci_rt(ci), sh_arg(ci, 1));
  char *type = arg_utf8(ci, 2);
  pass_state ps;
  pass_arg(ci, 3, &ps);
  EVP_PKEY *k = NULL;
  char label[64];
  bool public_label = false;
  if (pem && pem_label(data, len, label, sizeof label)) {
    public_label = strcmp(label, "PUBLIC KEY") == 0 || strcmp(label, "RSA PUBLIC KEY") == 0 ||
                   strcmp(label, "CERTIFICATE") == 0;
    if (public_label) k = parse_public_pem(data, len, label);
  } else if (!pem) {
    const unsigned char *p = data;
    if (type && strcmp(type, "spki") == 0) {
      k = d2i_PUBKEY(NULL, &p, (long)len);
      public_label = true;
    } else if (type && strcmp(type, "pkcs1") == 0) {
      k = d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, (long)len);
    }
  }
  if (!k && !public_label) {
    ERR_clear_error();
    k = parse_private(data, len, pem, type ? type : "", &ps);
    if (k) k = to_public(k);
  }
  free(type);
  finish_parse(ci, k, false, pem, &ps);
}

/* --- key parts (JWK) -------------------------------------------------------- */

static void set_bn(sh_rt *rt, sh_val o, const char *name, const BIGNUM *bn, int pad) {
  if (!bn) return;
  int n = pad > 0 ? pad : BN_num_bytes(bn);
  void *p = NULL;
  sh_val ab = sh_arraybuffer(rt, (size_t)n, &p);
  if (pad > 0) BN_bn2binpad(bn, p, pad);
  else BN_bn2bin(bn, p);
  sh_set_s(rt, o, name, ab);
}

static void set_bn_param(sh_rt *rt, sh_val o, EVP_PKEY *k, const char *param, const char *name,
                         int pad) {
  BIGNUM *bn = NULL;
  if (EVP_PKEY_get_bn_param(k, param, &bn) == 1) set_bn(rt, o, name, bn, pad);
  BN_clear_free(bn);
  ERR_clear_error();
}

static void set_raw(sh_rt *rt, sh_val o, const char *name, EVP_PKEY *k, bool priv) {
  size_t n = 0;
  int (*get)(const EVP_PKEY *, unsigned char *, size_t *) =
      priv ? EVP_PKEY_get_raw_private_key : EVP_PKEY_get_raw_public_key;
  if (get(k, NULL, &n) != 1) return (void)ERR_clear_error();
  void *p = NULL;
  sh_val ab = sh_arraybuffer(rt, n, &p);
  get(k, p, &n);
  sh_set_s(rt, o, name, ab);
}

static const char *key_type_name(EVP_PKEY *k) {
  switch (EVP_PKEY_get_base_id(k)) {
    case EVP_PKEY_RSA: return "rsa";
    case EVP_PKEY_RSA_PSS: return "rsa-pss";
    case EVP_PKEY_DSA: return "dsa";
    case EVP_PKEY_DH: return "dh";
    case EVP_PKEY_DHX: return "dh";
    case EVP_PKEY_EC: return "ec";
    case EVP_PKEY_ED25519: return "ed25519";
    case EVP_PKEY_ED448: return "ed448";
    case EVP_PKEY_X25519: return "x25519";
    case EVP_PKEY_X448: return "x448";
    default: return NULL;
  }
}

/* keyParts(handle) -> {n,e,d,p,q,dp,dq,qi} | {curve,x,y,d} | {x,d}: the raw
 * components (big-endian ArrayBuffers) of an RSA, EC or OKP key. */
static void key_parts(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  bool priv;
  EVP_PKEY *k = crypto_key_get(rt, sh_arg(ci, 0), &priv);
  if (!k) return;
  sh_val o = sh_obj(rt);
  int id = EVP_PKEY_get_base_id(k);
  if (id == EVP_PKEY_RSA || id == EVP_PKEY_RSA_PSS) {
    set_bn_param(rt, o, k, OSSL_PKEY_PARAM_RSA_N, "n", 0);
    set_bn_param(rt, o, k, OSSL_PKEY_PARAM_RSA_E, "e", 0);
    if (priv) {
      static const char *const names[][2] = {
          {OSSL_PKEY_PARAM_RSA_D, "d"},          {OSSL_PKEY_PARAM_RSA_FACTOR1, "p"},
          {OSSL_PKEY_PARAM_RSA_FACTOR2, "q"},    {OSSL_PKEY_PARAM_RSA_EXPONENT1, "dp"},
          {OSSL_PKEY_PARAM_RSA_EXPONENT2, "dq"}, {OSSL_PKEY_PARAM_RSA_COEFFICIENT1, "qi"}};
      for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        set_bn_param(rt, o, k, names[i][0], names[i][1], 0);
    }
  } else if (id == EVP_PKEY_EC) {
    char group[64] = "";
    EVP_PKEY_get_utf8_string_param(k, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, NULL);
    sh_set_s(rt, o, "curve", sh_str(rt, group, SIZE_MAX));
    int bytes = (EVP_PKEY_get_bits(k) + 7) / 8;
    set_bn_param(rt, o, k, OSSL_PKEY_PARAM_EC_PUB_X, "x", bytes);
    set_bn_param(rt, o, k, OSSL_PKEY_PARAM_EC_PUB_Y, "y", bytes);
    if (priv) set_bn_param(rt, o, k, OSSL_PKEY_PARAM_PRIV_KEY, "d", bytes);
  } else if (id == EVP_PKEY_ED25519 || id == EVP_PKEY_ED448 || id == EVP_PKEY_X25519 ||
             id == EVP_PKEY_X448) {
    set_raw(rt, o, "x", k, false);
    if (priv) set_raw(rt, o, "d", k, true);
  } else {
    set_bn_param(rt, o, k, OSSL_PKEY_PARAM_FFC_P, "p", 0);
    set_bn_param(rt, o, k, OSSL_PKEY_PARAM_FFC_G, "g", 0);
    set_bn_param(rt, o, k, OSSL_PKEY_PARAM_PUB_KEY, "pub", 0);
    if (priv) set_bn_param(rt, o, k, OSSL_PKEY_PARAM_PRIV_KEY, "priv", 0);
  }
  ERR_clear_error();
  sh_ret(ci, o);
}

static BIGNUM *bn_from(sh_rt *rt, sh_val o, const char *name) {
  uint8_t *data = NULL;
  size_t len = 0;
  if (sh_bytes(sh_get_s(rt, o, name), &data, &len) < 0) return NULL;
  return BN_bin2bn(data, (int)len, NULL);
}

static EVP_PKEY *fromdata(const char *type, OSSL_PARAM_BLD *bld, bool priv) {
  OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
  EVP_PKEY *k = NULL;
  if (params && ctx && EVP_PKEY_fromdata_init(ctx) == 1)
    EVP_PKEY_fromdata(ctx, &k, priv ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params);
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  return k;
}

static EVP_PKEY *rsa_from_parts(sh_rt *rt, sh_val o, bool priv) {
  static const char *const names[][2] = {
      {OSSL_PKEY_PARAM_RSA_N, "n"},          {OSSL_PKEY_PARAM_RSA_E, "e"},
      {OSSL_PKEY_PARAM_RSA_D, "d"},          {OSSL_PKEY_PARAM_RSA_FACTOR1, "p"},
      {OSSL_PKEY_PARAM_RSA_FACTOR2, "q"},    {OSSL_PKEY_PARAM_RSA_EXPONENT1, "dp"},
      {OSSL_PKEY_PARAM_RSA_EXPONENT2, "dq"}, {OSSL_PKEY_PARAM_RSA_COEFFICIENT1, "qi"}};
  OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
  BIGNUM *bns[8] = {0};
  bool ok = true;
  size_t count = priv ? 8 : 2;
  for (size_t i = 0; i < count && ok; i++) {
    bns[i] = bn_from(rt, o, names[i][1]);
    ok = bns[i] && OSSL_PARAM_BLD_push_BN(bld, names[i][0], bns[i]) == 1;
  }
  EVP_PKEY *k = ok ? fromdata("RSA", bld, priv) : NULL;
  for (size_t i = 0; i < 8; i++) BN_clear_free(bns[i]);
  OSSL_PARAM_BLD_free(bld);
  return k;
}

static EVP_PKEY *ec_from_parts(sh_rt *rt, sh_val o, bool priv) {
  char *curve = sh_to_utf8(rt, sh_get_s(rt, o, "curve"), NULL);
  uint8_t *x = NULL, *y = NULL;
  size_t xl = 0, yl = 0;
  EVP_PKEY *k = NULL;
  if (curve && sh_bytes(sh_get_s(rt, o, "x"), &x, &xl) == 0 &&
      sh_bytes(sh_get_s(rt, o, "y"), &y, &yl) == 0 && xl == yl && xl < 80) {
    uint8_t point[161];
    point[0] = 4;
    memcpy(point + 1, x, xl);
    memcpy(point + 1 + xl, y, yl);
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, curve, 0);
    OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point, 1 + xl + yl);
    BIGNUM *d = priv ? bn_from(rt, o, "d") : NULL;
    if (d) OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, d);
    if (!priv || d) k = fromdata("EC", bld, priv);
    BN_clear_free(d);
    OSSL_PARAM_BLD_free(bld);
  }
  free(curve);
  return k;
}

static EVP_PKEY *okp_from_parts(sh_rt *rt, sh_val o, bool priv) {
  char *name = sh_to_utf8(rt, sh_get_s(rt, o, "curve"), NULL);
  uint8_t *data = NULL;
  size_t len = 0;
  EVP_PKEY *k = NULL;
  if (name && sh_bytes(sh_get_s(rt, o, priv ? "d" : "x"), &data, &len) == 0) {
    k = priv ? EVP_PKEY_new_raw_private_key_ex(NULL, name, NULL, data, len)
             : EVP_PKEY_new_raw_public_key_ex(NULL, name, NULL, data, len);
  }
  free(name);
  return k;
}

/* keyFromParts(kind 'rsa'|'ec'|'okp', parts, private) -> handle | undefined
 * (invalid parts). OKP parts name the algorithm in `curve` (ED25519...). */
static void key_from_parts(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  bool priv = sh_to_bool(rt, sh_arg(ci, 2));
  sh_val parts = sh_arg(ci, 1);
  EVP_PKEY *k = NULL;
  if (str_arg_is(ci, 0, "rsa")) k = rsa_from_parts(rt, parts, priv);
  else if (str_arg_is(ci, 0, "ec")) k = ec_from_parts(rt, parts, priv);
  else if (str_arg_is(ci, 0, "okp")) k = okp_from_parts(rt, parts, priv);
  ERR_clear_error();
  if (k) sh_ret(ci, crypto_key_wrap(rt, k, priv));
}

/* --- export ------------------------------------------------------------------ */

static void ret_bio(sh_cbinfo *ci, BIO *bio, bool pem) {
  sh_rt *rt = sh_ci_rt(ci);
  char *data = NULL;
  long n = BIO_get_mem_data(bio, &data);
  if (pem) {
    sh_ret(ci, sh_str(rt, data, (size_t)n));
  } else {
    void *p = NULL;
    sh_val ab = sh_arraybuffer(rt, (size_t)n, &p);
    if (n) memcpy(p, data, (size_t)n);
    sh_ret(ci, ab);
  }
}

static int write_pkcs1_public(BIO *bio, EVP_PKEY *k, bool pem) {
  unsigned char *der = NULL;
  int n = i2d_PublicKey(k, &der);
  if (n <= 0) return 0;
  int ok = pem ? PEM_write_bio(bio, "RSA PUBLIC KEY", "", der, n) > 0 : BIO_write(bio, der, n) == n;
  OPENSSL_free(der);
  return ok;
}

static int write_private(BIO *bio, EVP_PKEY *k, bool pem, bool pkcs8, const EVP_CIPHER *c,
                         pass_state *ps) {
  char *pass = (char *)ps->pass;
  int passlen = (int)ps->len;
  if (pkcs8) {
    return pem ? PEM_write_bio_PKCS8PrivateKey(bio, k, c, pass, passlen, NULL, NULL)
               : i2d_PKCS8PrivateKey_bio(bio, k, c, pass, passlen, NULL, NULL);
  }
  if (pem)
    return PEM_write_bio_PrivateKey_traditional(bio, k, c, (unsigned char *)pass, passlen, NULL,
                                                NULL);
  return i2d_PrivateKey_bio(bio, k);
}

/* keyExport(handle, isPem, type, cipher|undefined, passphrase|undefined,
 * asPublic) -> PEM string | DER ArrayBuffer; undefined: unknown cipher. */
static void key_export(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  bool priv;
  EVP_PKEY *k = crypto_key_get(rt, sh_arg(ci, 0), &priv);
  if (!k) return;
  bool pem = sh_to_bool(rt, sh_arg(ci, 1));
  bool as_public = !priv || sh_to_bool(rt, sh_arg(ci, 5));
  EVP_CIPHER *c = NULL;
  if (sh_is(sh_arg(ci, 3), SH_STRING)) {
    char *name = arg_utf8(ci, 3);
    c = name ? cipher_fetch(name) : NULL;
    free(name);
    if (!c) return;
  }
  pass_state ps;
  pass_arg(ci, 4, &ps);
  BIO *bio = BIO_new(BIO_s_mem());
  int ok;
  if (as_public && str_arg_is(ci, 2, "pkcs1")) ok = write_pkcs1_public(bio, k, pem);
  else if (as_public) ok = pem ? PEM_write_bio_PUBKEY(bio, k) : i2d_PUBKEY_bio(bio, k);
  else ok = write_private(bio, k, pem, str_arg_is(ci, 2, "pkcs8"), c, &ps);
  if (ok > 0) ret_bio(ci, bio, pem);
  else sh_throw(rt, ossl_error(rt, "Failed to encode key"));
  BIO_free(bio);
  EVP_CIPHER_free(c);
  if (ps.pass) {
    OPENSSL_cleanse(ps.pass, ps.len);
    free(ps.pass);
  }
}

/* --- details ----------------------------------------------------------------- */

static void set_md_name(sh_rt *rt, sh_val o, const char *key, const char *osslname) {
  EVP_MD *md = md_fetch(osslname);
  const char *ln = md ? OBJ_nid2ln(EVP_MD_get_type(md)) : NULL;
  sh_set_s(rt, o, key, sh_str(rt, ln ? ln : osslname, SIZE_MAX));
  EVP_MD_free(md);
}

/* A key whose RSASSA-PSS-params sequence is present but empty (every value
 * the RFC 3447 default) exports no parameters through the provider API, like
 * a key without the sequence; only the legacy RSA object tells them apart.
 * Node reads it there and reports the defaults: SHA-1, MGF1 with SHA-1, a
 * 20-byte salt. */
static void pss_default_details(sh_rt *rt, sh_val o, EVP_PKEY *k) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  const RSA *rsa = EVP_PKEY_get0_RSA(k);
  const RSA_PSS_PARAMS *params = rsa ? RSA_get0_pss_params(rsa) : NULL;
#pragma GCC diagnostic pop
  ERR_clear_error();
  if (!params || params->hashAlgorithm || params->maskGenAlgorithm || params->saltLength) return;
  set_md_name(rt, o, "hashAlgorithm", "sha1");
  set_md_name(rt, o, "mgf1HashAlgorithm", "sha1");
  sh_set_s(rt, o, "saltLength", sh_int(rt, 20));
}

static void rsa_details(sh_rt *rt, sh_val o, EVP_PKEY *k) {
  sh_set_s(rt, o, "modulusLength", sh_int(rt, EVP_PKEY_get_bits(k)));
  BIGNUM *e = NULL;
  if (EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_RSA_E, &e) == 1)
    sh_set_s(rt, o, "publicExponent", sh_bigint_u64(rt, BN_get_word(e)));
  BN_free(e);
  if (EVP_PKEY_get_base_id(k) != EVP_PKEY_RSA_PSS) return;
  char md[64] = "", mgf1[64] = "";
  if (EVP_PKEY_get_utf8_string_param(k, OSSL_PKEY_PARAM_RSA_DIGEST, md, sizeof md, NULL) != 1) {
    ERR_clear_error();
    return pss_default_details(rt, o, k);
  }
  set_md_name(rt, o, "hashAlgorithm", md);
  if (EVP_PKEY_get_utf8_string_param(k, OSSL_PKEY_PARAM_RSA_MGF1_DIGEST, mgf1, sizeof mgf1, NULL) ==
      1)
    set_md_name(rt, o, "mgf1HashAlgorithm", mgf1);
  else /* absent: MGF1 uses its default, SHA-1 */ set_md_name(rt, o, "mgf1HashAlgorithm", "sha1");
  int salt = 0;
  if (EVP_PKEY_get_int_param(k, OSSL_PKEY_PARAM_RSA_PSS_SALTLEN, &salt) == 1)
    sh_set_s(rt, o, "saltLength", sh_int(rt, salt));
  ERR_clear_error();
}

/* keyInfo(handle) -> {type, private, details: {...}} */
static void key_info(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  bool priv;
  EVP_PKEY *k = crypto_key_get(rt, sh_arg(ci, 0), &priv);
  if (!k) return;
  sh_val o = sh_obj(rt), d = sh_obj(rt);
  const char *type = key_type_name(k);
  sh_set_s(rt, o, "type", type ? sh_str(rt, type, SIZE_MAX) : sh_undefined(rt));
  sh_set_s(rt, o, "private", sh_bool(rt, priv));
  sh_set_s(rt, o, "bits", sh_int(rt, EVP_PKEY_get_bits(k)));
  sh_set_s(rt, o, "size", sh_int(rt, EVP_PKEY_get_size(k)));
  int id = EVP_PKEY_get_base_id(k);
  if (id == EVP_PKEY_RSA || id == EVP_PKEY_RSA_PSS) {
    rsa_details(rt, d, k);
  } else if (id == EVP_PKEY_EC) {
    char group[64] = "";
    EVP_PKEY_get_utf8_string_param(k, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, NULL);
    sh_set_s(rt, d, "namedCurve", sh_str(rt, group, SIZE_MAX));
  } else if (id == EVP_PKEY_DSA) {
    sh_set_s(rt, d, "modulusLength", sh_int(rt, EVP_PKEY_get_bits(k)));
    BIGNUM *q = NULL;
    if (EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_FFC_Q, &q) == 1)
      sh_set_s(rt, d, "divisorLength", sh_int(rt, BN_num_bits(q)));
    BN_free(q);
  }
  ERR_clear_error();
  sh_set_s(rt, o, "details", d);
  sh_ret(ci, o);
}

/* keyEquals(a, b) -> bool */
static void key_equals(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  EVP_PKEY *a = crypto_key_get(rt, sh_arg(ci, 0), NULL);
  EVP_PKEY *b = a ? crypto_key_get(rt, sh_arg(ci, 1), NULL) : NULL;
  if (!b) return;
  int r = EVP_PKEY_eq(a, b);
  ERR_clear_error();
  sh_ret(ci, sh_bool(rt, r == 1));
}

/* keyToPublic(handle) -> public handle */
static void key_to_public(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  EVP_PKEY *k = crypto_key_get(rt, sh_arg(ci, 0), NULL);
  if (!k) return;
  EVP_PKEY_up_ref(k);
  EVP_PKEY *pub = to_public(k);
  if (!pub) return sh_throw(rt, ossl_error(rt, "Failed to get public key"));
  sh_ret(ci, crypto_key_wrap(rt, pub, false));
}

/* --- generation ------------------------------------------------------------- */

typedef struct keygen_job {
  crypto_job base;
  char type[16];
  char md[32], mgf1[32], curve[64], group[32], encoding[16];
  int bits, saltlen, divbits, generator;
  uint64_t exponent;
  uint8_t *prime;
  size_t primelen;
  EVP_PKEY *out;
} keygen_job;

static void opt_str(sh_rt *rt, sh_val o, const char *name, char *out, size_t cap) {
  sh_val v = sh_get_s(rt, o, name);
  if (!sh_is(v, SH_STRING)) return;
  char *s = sh_to_utf8(rt, v, NULL);
  if (s) snprintf(out, cap, "%s", s);
  free(s);
}

static int opt_int(sh_rt *rt, sh_val o, const char *name, int dflt) {
  sh_val v = sh_get_s(rt, o, name);
  return sh_is(v, SH_NUMBER) ? (int)sh_to_num(rt, v) : dflt;
}

/* A key generation context for domain parameters (consumed); NULL on failure. */
static EVP_PKEY_CTX *keygen_ctx_from_params(EVP_PKEY *params) {
  if (!params) return NULL;
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, params, NULL);
  EVP_PKEY_free(params);
  if (ctx && EVP_PKEY_keygen_init(ctx) != 1) {
    EVP_PKEY_CTX_free(ctx);
    return NULL;
  }
  return ctx;
}

static EVP_PKEY_CTX *dh_keygen_ctx(keygen_job *j) {
  if (j->group[0]) {
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "DH", NULL);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, j->group, 0),
        OSSL_PARAM_construct_end()};
    if (!ctx || EVP_PKEY_keygen_init(ctx) != 1 || EVP_PKEY_CTX_set_params(ctx, params) != 1) {
      EVP_PKEY_CTX_free(ctx);
      return NULL;
    }
    return ctx;
  }
  EVP_PKEY *params = NULL;
  if (j->prime) {
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    BIGNUM *p = BN_bin2bn(j->prime, (int)j->primelen, NULL);
    BIGNUM *g = BN_new();
    BN_set_word(g, (BN_ULONG)j->generator);
    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_P, p);
    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_G, g);
    OSSL_PARAM *ps = OSSL_PARAM_BLD_to_param(bld);
    EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new_from_name(NULL, "DH", NULL);
    if (pctx && EVP_PKEY_fromdata_init(pctx) == 1)
      EVP_PKEY_fromdata(pctx, &params, EVP_PKEY_KEY_PARAMETERS, ps);
    EVP_PKEY_CTX_free(pctx);
    OSSL_PARAM_free(ps);
    OSSL_PARAM_BLD_free(bld);
    BN_free(p);
    BN_free(g);
  } else {
    EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new_from_name(NULL, "DH", NULL);
    if (pctx && EVP_PKEY_paramgen_init(pctx) == 1 &&
        EVP_PKEY_CTX_set_dh_paramgen_prime_len(pctx, j->bits) == 1 &&
        EVP_PKEY_CTX_set_dh_paramgen_generator(pctx, j->generator) == 1)
      EVP_PKEY_paramgen(pctx, &params);
    EVP_PKEY_CTX_free(pctx);
  }
  return keygen_ctx_from_params(params);
}

static EVP_PKEY_CTX *dsa_keygen_ctx(keygen_job *j) {
  EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new_from_name(NULL, "DSA", NULL);
  EVP_PKEY *params = NULL;
  if (pctx && EVP_PKEY_paramgen_init(pctx) == 1 &&
      EVP_PKEY_CTX_set_dsa_paramgen_bits(pctx, j->bits) == 1 &&
      (j->divbits <= 0 || EVP_PKEY_CTX_set_dsa_paramgen_q_bits(pctx, j->divbits) == 1))
    EVP_PKEY_paramgen(pctx, &params);
  EVP_PKEY_CTX_free(pctx);
  return keygen_ctx_from_params(params);
}

static int rsa_setup(EVP_PKEY_CTX *ctx, keygen_job *j) {
  if (EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, j->bits) != 1) return 0;
  BIGNUM *e = BN_new();
  BN_set_word(e, (BN_ULONG)j->exponent);
  int ok = EVP_PKEY_CTX_set1_rsa_keygen_pubexp(ctx, e);
  BN_free(e);
  if (ok != 1 || strcmp(j->type, "rsa-pss") != 0) return ok;
  if (j->md[0] && EVP_PKEY_CTX_set_rsa_pss_keygen_md_name(ctx, j->md, NULL) != 1) return 0;
  if (j->mgf1[0] && EVP_PKEY_CTX_set_rsa_pss_keygen_mgf1_md_name(ctx, j->mgf1) != 1) return 0;
  int saltlen = j->saltlen;
  if (saltlen < 0 && j->md[0]) { /* Node: the digest's size (RFC 8017 A.2.3) */
    EVP_MD *md = md_fetch(j->md);
    saltlen = md ? EVP_MD_get_size(md) : -1;
    EVP_MD_free(md);
  }
  if (saltlen >= 0 && EVP_PKEY_CTX_set_rsa_pss_keygen_saltlen(ctx, saltlen) != 1) return 0;
  return 1;
}

static EVP_PKEY_CTX *keygen_ctx(keygen_job *j) {
  if (strcmp(j->type, "dh") == 0) return dh_keygen_ctx(j);
  if (strcmp(j->type, "dsa") == 0) return dsa_keygen_ctx(j);
  static const char *const names[][2] = {
      {"rsa", "RSA"},     {"rsa-pss", "RSA-PSS"}, {"ec", "EC"},    {"ed25519", "ED25519"},
      {"ed448", "ED448"}, {"x25519", "X25519"},   {"x448", "X448"}};
  const char *name = NULL;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcmp(j->type, names[i][0]) == 0) name = names[i][1];
  EVP_PKEY_CTX *ctx = name ? EVP_PKEY_CTX_new_from_name(NULL, name, NULL) : NULL;
  if (!ctx || EVP_PKEY_keygen_init(ctx) != 1) goto fail;
  if (j->type[0] == 'r' && rsa_setup(ctx, j) != 1) goto fail;
  if (strcmp(j->type, "ec") == 0) {
    if (EVP_PKEY_CTX_set_group_name(ctx, j->curve) != 1) goto fail;
    /* Named by default, as Node: a curve without an OID then fails to
     * export (ERR_OSSL_MISSING_OID) rather than exporting explicit
     * parameters. */
    char named[] = "named_curve";
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_EC_ENCODING,
                                         j->encoding[0] ? j->encoding : named, 0),
        OSSL_PARAM_construct_end()};
    if (EVP_PKEY_CTX_set_params(ctx, params) != 1) goto fail;
  }
  return ctx;
fail:
  EVP_PKEY_CTX_free(ctx);
  return NULL;
}

static void keygen_run(crypto_job *base) {
  keygen_job *j = (keygen_job *)base;
  EVP_PKEY_CTX *ctx = keygen_ctx(j);
  if (!ctx || EVP_PKEY_keygen(ctx, &j->out) != 1) {
    EVP_PKEY_free(j->out);
    j->out = NULL;
    crypto_job_fail(base, "Key generation failed");
  }
  EVP_PKEY_CTX_free(ctx);
}

static void keygen_free(crypto_job *base) {
  keygen_job *j = (keygen_job *)base;
  free(j->prime);
  EVP_PKEY_free(j->out);
  free(j);
}

static sh_val keygen_result(crypto_job *base) {
  keygen_job *j = (keygen_job *)base;
  EVP_PKEY *k = j->out;
  j->out = NULL;
  return crypto_key_wrap(base->rt, k, true);
}

static const crypto_job_ops keygen_ops = {keygen_run, keygen_result, keygen_free};

/* generateKeyPair(type, options, cb) -> private handle (sync, or throws), or
 * cb(err, handle) from the thread pool. options: modulusLength,
 * publicExponent, hashAlgorithm, mgf1HashAlgorithm, saltLength,
 * divisorLength, namedCurve, paramEncoding, group (OpenSSL name), prime,
 * primeLength, generator. */
static void generate_key_pair(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  keygen_job *j = calloc(1, sizeof *j);
  j->base.ops = &keygen_ops;
  char *type = arg_utf8(ci, 0);
  snprintf(j->type, sizeof j->type, "%s", type ? type : "");
  free(type);
  sh_val o = sh_arg(ci, 1);
  j->bits = opt_int(rt, o, "modulusLength", opt_int(rt, o, "primeLength", 0));
  j->exponent = (uint64_t)opt_int(rt, o, "publicExponent", 65537);
  j->saltlen = opt_int(rt, o, "saltLength", -1);
  j->divbits = opt_int(rt, o, "divisorLength", -1);
  j->generator = opt_int(rt, o, "generator", 2);
  opt_str(rt, o, "hashAlgorithm", j->md, sizeof j->md);
  opt_str(rt, o, "mgf1HashAlgorithm", j->mgf1, sizeof j->mgf1);
  opt_str(rt, o, "namedCurve", j->curve, sizeof j->curve);
  opt_str(rt, o, "paramEncoding", j->encoding, sizeof j->encoding);
  opt_str(rt, o, "group", j->group, sizeof j->group);
  uint8_t *prime = NULL;
  if (sh_bytes(sh_get_s(rt, o, "prime"), &prime, &j->primelen) == 0) {
    j->prime = malloc(j->primelen ? j->primelen : 1);
    if (j->primelen) memcpy(j->prime, prime, j->primelen);
  }
  crypto_job_start(ci, &j->base, 2);
}

sh_val binding_crypto_keys_init(sh_rt *rt) {
  sh_val b = sh_obj(rt);
  bind_fn(rt, b, "parsePrivate", parse_private_fn);
  bind_fn(rt, b, "parsePublic", parse_public_fn);
  bind_fn(rt, b, "keyParts", key_parts);
  bind_fn(rt, b, "keyFromParts", key_from_parts);
  bind_fn(rt, b, "keyExport", key_export);
  bind_fn(rt, b, "keyInfo", key_info);
  bind_fn(rt, b, "keyEquals", key_equals);
  bind_fn(rt, b, "keyToPublic", key_to_public);
  bind_fn(rt, b, "generateKeyPair", generate_key_pair);
  crypto_sig_bind(rt, b);
  crypto_dh_bind(rt, b);
  crypto_x509_bind(rt, b);
  return b;
}
