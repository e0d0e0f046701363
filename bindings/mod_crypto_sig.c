/* Signatures, RSA encryption and key agreement on key handles (functions of
 * internalBinding('crypto_keys'), see mod_crypto_keys.h). Failures throw
 * Node-shaped OpenSSL errors; verification failures return false. */
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/dh.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/rsa.h>
#include <stdlib.h>
#include <string.h>

#include "binding.h"
#include "mod_crypto.h"
#include "mod_crypto_keys.h"

/* Signature options shared by sign and verify. */
typedef struct sig_opts {
  EVP_PKEY *key;
  char *md;             /* NULL: the key's default (or none for EdDSA) */
  int padding, saltlen; /* -1000: not given */
  bool p1363, prehashed;
} sig_opts;

#define NOT_GIVEN (-1000)

static bool sig_opts_get(sh_cbinfo *ci, sig_opts *o, int first) {
  sh_rt *rt = sh_ci_rt(ci);
  o->key = crypto_key_get(rt, sh_arg(ci, 0), NULL);
  if (!o->key) return false;
  o->md = sh_is(sh_arg(ci, 1), SH_STRING) ? arg_utf8(ci, 1) : NULL;
  sh_val pad = sh_arg(ci, first), salt = sh_arg(ci, first + 1);
  o->padding = sh_is(pad, SH_NUMBER) ? (int)sh_to_num(rt, pad) : NOT_GIVEN;
  o->saltlen = sh_is(salt, SH_NUMBER) ? (int)sh_to_num(rt, salt) : NOT_GIVEN;
  o->p1363 = sh_to_bool(rt, sh_arg(ci, first + 2));
  o->prehashed = sh_to_bool(rt, sh_arg(ci, first + 3));
  return true;
}

static bool is_rsa(EVP_PKEY *k) {
  int id = EVP_PKEY_get_base_id(k);
  return id == EVP_PKEY_RSA || id == EVP_PKEY_RSA_PSS;
}

static int apply_padding(EVP_PKEY_CTX *pctx, const sig_opts *o) {
  if (!is_rsa(o->key)) return 1;
  if (o->padding != NOT_GIVEN && EVP_PKEY_CTX_set_rsa_padding(pctx, o->padding) != 1) return 0;
  int pad = 0;
  EVP_PKEY_CTX_get_rsa_padding(pctx, &pad);
  if (pad == RSA_PKCS1_PSS_PADDING && o->saltlen != NOT_GIVEN &&
      EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, o->saltlen) != 1)
    return 0;
  return 1;
}

/* A context ready for EVP_DigestSign/Verify (digest mode) or
 * EVP_PKEY_sign/verify (prehashed mode). */
static bool sig_init(const sig_opts *o, bool sign, EVP_MD_CTX **mctx, EVP_PKEY_CTX **pctx) {
  *mctx = NULL;
  *pctx = NULL;
  if (o->prehashed) {
    EVP_MD *md = o->md ? md_fetch(o->md) : NULL;
    *pctx = EVP_PKEY_CTX_new_from_pkey(NULL, o->key, NULL);
    /* Padding and salt length before the digest, as Node's Sign/Verify: a
     * restricted RSA-PSS key reports a too-small salt before a digest it
     * does not allow. */
    bool ok = *pctx && (sign ? EVP_PKEY_sign_init(*pctx) : EVP_PKEY_verify_init(*pctx)) == 1 &&
              apply_padding(*pctx, o) && (!md || EVP_PKEY_CTX_set_signature_md(*pctx, md) == 1);
    EVP_MD_free(md);
    return ok;
  }
  *mctx = EVP_MD_CTX_new();
  /* By name: the init fetches the digest itself, so fetching it here too
   * (md_fetch) would be a second lookup per operation. Node's aliases
   * ("RSA-SHA256") map to the real name through the legacy table. */
  const EVP_MD *legacy = o->md ? EVP_get_digestbyname(o->md) : NULL;
  const char *mdname = legacy ? EVP_MD_get0_name(legacy) : o->md;
  int r = sign ? EVP_DigestSignInit_ex(*mctx, pctx, mdname, NULL, NULL, o->key, NULL)
               : EVP_DigestVerifyInit_ex(*mctx, pctx, mdname, NULL, NULL, o->key, NULL);
  return r == 1 && apply_padding(*pctx, o);
}

/* Size of r and s in an IEEE P1363 signature of key k. */
static int p1363_half(EVP_PKEY *k) {
  BIGNUM *q = NULL;
  int bits = EVP_PKEY_get_bits(k);
  if (EVP_PKEY_get_base_id(k) == EVP_PKEY_DSA &&
      EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_FFC_Q, &q) == 1)
    bits = BN_num_bits(q);
  BN_free(q);
  return (bits + 7) / 8;
}

static bool is_dsa_like(EVP_PKEY *k) {
  int id = EVP_PKEY_get_base_id(k);
  return id == EVP_PKEY_EC || id == EVP_PKEY_DSA;
}

/* DER -> r||s; returns the new length or 0. */
static size_t der_to_p1363(EVP_PKEY *k, const uint8_t *der, size_t len, uint8_t *out) {
  const unsigned char *p = der;
  ECDSA_SIG *sig = d2i_ECDSA_SIG(NULL, &p, (long)len);
  if (!sig) return 0;
  int half = p1363_half(k);
  const BIGNUM *r, *s;
  ECDSA_SIG_get0(sig, &r, &s);
  size_t n = BN_bn2binpad(r, out, half) == half && BN_bn2binpad(s, out + half, half) == half
                 ? (size_t)half * 2
                 : 0;
  ECDSA_SIG_free(sig);
  return n;
}

/* r||s -> malloc'd DER (*outlen), or NULL. */
static uint8_t *p1363_to_der(EVP_PKEY *k, const uint8_t *in, size_t len, size_t *outlen) {
  size_t half = (size_t)p1363_half(k);
  if (len != half * 2) return NULL;
  ECDSA_SIG *sig = ECDSA_SIG_new();
  BIGNUM *r = BN_bin2bn(in, (int)half, NULL), *s = BN_bin2bn(in + half, (int)half, NULL);
  ECDSA_SIG_set0(sig, r, s);
  unsigned char *der = NULL;
  int n = i2d_ECDSA_SIG(sig, &der);
  ECDSA_SIG_free(sig);
  if (n <= 0) return NULL;
  uint8_t *out = malloc((size_t)n);
  memcpy(out, der, (size_t)n);
  OPENSSL_free(der);
  *outlen = (size_t)n;
  return out;
}

static sh_val ab_of(sh_rt *rt, const uint8_t *data, size_t len) {
  void *p = NULL;
  sh_val ab = sh_arraybuffer(rt, len, &p);
  if (len) memcpy(p, data, len);
  return ab;
}

/* A sign or verify job: owns a reference to the key, the digest name and
 * copies of the data and signature. */
typedef struct sig_job {
  crypto_job base;
  sig_opts o;
  uint8_t *data, *sig;
  size_t len, siglen;
  bool verified;
} sig_job;

static uint8_t *dup_bytes(sh_val v, size_t *len) {
  uint8_t *p = NULL;
  if (sh_bytes(v, &p, len) < 0) return NULL;
  uint8_t *copy = malloc(*len + 1);
  if (*len) memcpy(copy, p, *len);
  return copy;
}

static void sig_job_free(crypto_job *base) {
  sig_job *j = (sig_job *)base;
  EVP_PKEY_free(j->o.key);
  free(j->o.md);
  free(j->data);
  free(j->sig);
  free(j);
}

/* A job for sign (sig_arg < 0) or verify; NULL after throwing. */
static sig_job *sig_job_new(sh_cbinfo *ci, const crypto_job_ops *ops, int sig_arg, int first) {
  sig_job *j = calloc(1, sizeof *j);
  j->base.ops = ops;
  j->data = dup_bytes(sh_arg(ci, 2), &j->len);
  if (sig_arg >= 0 && j->data) j->sig = dup_bytes(sh_arg(ci, sig_arg), &j->siglen);
  if (!j->data || (sig_arg >= 0 && !j->sig) || !sig_opts_get(ci, &j->o, first)) {
    j->o.key = NULL;
    sig_job_free(&j->base);
    return NULL;
  }
  EVP_PKEY_up_ref(j->o.key);
  return j;
}

static void sig_sign_run(crypto_job *base) {
  sig_job *j = (sig_job *)base;
  EVP_MD_CTX *mctx;
  EVP_PKEY_CTX *pctx;
  size_t siglen = 0;
  bool ok = sig_init(&j->o, true, &mctx, &pctx);
  if (ok) {
    ok = (mctx ? EVP_DigestSign(mctx, NULL, &siglen, j->data, j->len)
               : EVP_PKEY_sign(pctx, NULL, &siglen, j->data, j->len)) == 1;
  }
  if (ok) {
    j->sig = malloc(siglen + 1);
    ok = (mctx ? EVP_DigestSign(mctx, j->sig, &siglen, j->data, j->len)
               : EVP_PKEY_sign(pctx, j->sig, &siglen, j->data, j->len)) == 1;
  }
  if (ok && j->o.p1363 && is_dsa_like(j->o.key)) {
    uint8_t out[300];
    siglen = der_to_p1363(j->o.key, j->sig, siglen, out);
    memcpy(j->sig, out, siglen);
  }
  j->siglen = siglen;
  if (!ok) crypto_job_fail(base, "Signing failed");
  if (mctx) EVP_MD_CTX_free(mctx);
  else EVP_PKEY_CTX_free(pctx);
}

static sh_val sig_sign_result(crypto_job *base) {
  sig_job *j = (sig_job *)base;
  return ab_of(base->rt, j->sig, j->siglen);
}

static const crypto_job_ops sign_ops = {sig_sign_run, sig_sign_result, sig_job_free};

/* sign(key, md|null, data, padding, saltLength, p1363, prehashed, cb?) -> ArrayBuffer */
static void sig_sign(sh_cbinfo *ci) {
  sig_job *j = sig_job_new(ci, &sign_ops, -1, 3);
  if (j) crypto_job_start(ci, &j->base, 7);
}

static void sig_verify_run(crypto_job *base) {
  sig_job *j = (sig_job *)base;
  if (j->o.p1363 && is_dsa_like(j->o.key)) {
    size_t derlen = 0;
    uint8_t *der = p1363_to_der(j->o.key, j->sig, j->siglen, &derlen);
    if (!der) return; /* not verified */
    free(j->sig);
    j->sig = der;
    j->siglen = derlen;
  }
  EVP_MD_CTX *mctx;
  EVP_PKEY_CTX *pctx;
  if (sig_init(&j->o, false, &mctx, &pctx)) {
    int r = mctx ? EVP_DigestVerify(mctx, j->sig, j->siglen, j->data, j->len)
                 : EVP_PKEY_verify(pctx, j->sig, j->siglen, j->data, j->len);
    ERR_clear_error();
    j->verified = r == 1;
  } else {
    crypto_job_fail(base, "Verification failed");
  }
  if (mctx) EVP_MD_CTX_free(mctx);
  else EVP_PKEY_CTX_free(pctx);
}

static sh_val sig_verify_result(crypto_job *base) {
  return sh_bool(base->rt, ((sig_job *)base)->verified);
}

static const crypto_job_ops verify_ops = {sig_verify_run, sig_verify_result, sig_job_free};

/* verify(key, md|null, data, signature, padding, saltLength, p1363, prehashed, cb?) -> bool */
static void sig_verify(sh_cbinfo *ci) {
  sig_job *j = sig_job_new(ci, &verify_ops, 3, 4);
  if (j) crypto_job_start(ci, &j->base, 8);
}

typedef int (*pkey_op_init)(EVP_PKEY_CTX *);
typedef int (*pkey_op)(EVP_PKEY_CTX *, unsigned char *, size_t *, const unsigned char *, size_t);

/* A pkeyCrypt or derive job: owns references to its keys and copies of the
 * data, the OAEP digest name and label. */
typedef struct pkey_job {
  crypto_job base;
  int op, padding;
  EVP_PKEY *key, *peer;
  uint8_t *data, *label, *out;
  size_t len, labellen, outlen;
  char *oaep_md;
  bool bad_md;
} pkey_job;

static void pkey_job_free(crypto_job *base) {
  pkey_job *j = (pkey_job *)base;
  EVP_PKEY_free(j->key);
  EVP_PKEY_free(j->peer);
  free(j->data);
  free(j->label);
  free(j->oaep_md);
  if (j->out) OPENSSL_cleanse(j->out, j->outlen);
  free(j->out);
  free(j);
}

static sh_val pkey_job_result(crypto_job *base) {
  pkey_job *j = (pkey_job *)base;
  return j->bad_md ? sh_int(base->rt, -1) : ab_of(base->rt, j->out, j->outlen);
}

static int set_oaep(pkey_job *j, EVP_PKEY_CTX *ctx) {
  int pad = 0;
  EVP_PKEY_CTX_get_rsa_padding(ctx, &pad);
  if (pad != RSA_PKCS1_OAEP_PADDING) return 1;
  if (j->oaep_md) {
    EVP_MD *md = md_fetch(j->oaep_md);
    int ok = md && EVP_PKEY_CTX_set_rsa_oaep_md(ctx, md) == 1;
    EVP_MD_free(md);
    if (!ok) return -1;
  }
  if (j->labellen) {
    uint8_t *copy = OPENSSL_malloc(j->labellen);
    memcpy(copy, j->label, j->labellen);
    if (EVP_PKEY_CTX_set0_rsa_oaep_label(ctx, copy, (int)j->labellen) != 1) {
      OPENSSL_free(copy);
      return 0;
    }
  }
  return 1;
}

static void pkey_crypt_run(crypto_job *base) {
  pkey_job *j = (pkey_job *)base;
  static const pkey_op_init inits[] = {EVP_PKEY_encrypt_init, EVP_PKEY_decrypt_init,
                                       EVP_PKEY_sign_init, EVP_PKEY_verify_recover_init};
  static const pkey_op ops[] = {EVP_PKEY_encrypt, EVP_PKEY_decrypt, EVP_PKEY_sign,
                                EVP_PKEY_verify_recover};
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, j->key, NULL);
  int oaep = 1;
  bool ok = ctx && inits[j->op](ctx) == 1 && EVP_PKEY_CTX_set_rsa_padding(ctx, j->padding) == 1 &&
            (oaep = set_oaep(j, ctx)) == 1;
  if (ok) ok = ops[j->op](ctx, NULL, &j->outlen, j->data, j->len) == 1;
  if (ok) {
    j->out = malloc(j->outlen + 1);
    ok = ops[j->op](ctx, j->out, &j->outlen, j->data, j->len) == 1;
  }
  if (oaep < 0) j->bad_md = true;
  else if (!ok) crypto_job_fail(base, "Operation failed");
  EVP_PKEY_CTX_free(ctx);
}

static const crypto_job_ops pkey_crypt_ops = {pkey_crypt_run, pkey_job_result, pkey_job_free};

/* pkeyCrypt(op, key, data, padding, oaepHash|undefined, oaepLabel|undefined, cb?)
 * -> ArrayBuffer | -1 (unknown oaepHash). op: 0 publicEncrypt,
 * 1 privateDecrypt, 2 privateEncrypt, 3 publicDecrypt. */
static void pkey_crypt(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  int op = (int)arg_num(ci, 0);
  EVP_PKEY *k = crypto_key_get(rt, sh_arg(ci, 1), NULL);
  if (!k || op < 0 || op > 3) return;
  pkey_job *j = calloc(1, sizeof *j);
  j->base.ops = &pkey_crypt_ops;
  j->op = op;
  j->padding = (int)arg_num(ci, 3);
  j->data = dup_bytes(sh_arg(ci, 2), &j->len);
  if (!j->data) return pkey_job_free(&j->base);
  j->key = k;
  EVP_PKEY_up_ref(k);
  if (sh_is(sh_arg(ci, 4), SH_STRING)) j->oaep_md = arg_utf8(ci, 4);
  j->label = dup_bytes(sh_arg(ci, 5), &j->labellen);
  crypto_job_start(ci, &j->base, 6);
}

static void pkey_derive_run(crypto_job *base) {
  pkey_job *j = (pkey_job *)base;
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, j->key, NULL);
  /* Finite-field DH secrets keep their leading zeros (the prime's size). */
  bool dh = EVP_PKEY_get_base_id(j->key) == EVP_PKEY_DH;
  bool ok =
      ctx && EVP_PKEY_derive_init(ctx) == 1 && (!dh || EVP_PKEY_CTX_set_dh_pad(ctx, 1) == 1) &&
      EVP_PKEY_derive_set_peer(ctx, j->peer) == 1 && EVP_PKEY_derive(ctx, NULL, &j->outlen) == 1;
  if (ok) {
    j->out = malloc(j->outlen + 1);
    ok = EVP_PKEY_derive(ctx, j->out, &j->outlen) == 1;
  }
  if (!ok) crypto_job_fail(base, "Failed to derive secret");
  EVP_PKEY_CTX_free(ctx);
}

static const crypto_job_ops pkey_derive_ops = {pkey_derive_run, pkey_job_result, pkey_job_free};

/* derive(privateKey, publicKey, cb?) -> ArrayBuffer (the shared secret) */
static void pkey_derive(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  EVP_PKEY *priv = crypto_key_get(rt, sh_arg(ci, 0), NULL);
  EVP_PKEY *pub = priv ? crypto_key_get(rt, sh_arg(ci, 1), NULL) : NULL;
  if (!pub) return;
  pkey_job *j = calloc(1, sizeof *j);
  j->base.ops = &pkey_derive_ops;
  j->key = priv;
  j->peer = pub;
  EVP_PKEY_up_ref(priv);
  EVP_PKEY_up_ref(pub);
  crypto_job_start(ci, &j->base, 2);
}

void crypto_sig_bind(sh_rt *rt, sh_val b) {
  bind_fn(rt, b, "sign", sig_sign);
  bind_fn(rt, b, "verify", sig_verify);
  bind_fn(rt, b, "pkeyCrypt", pkey_crypt);
  bind_fn(rt, b, "derive", pkey_derive);
}
