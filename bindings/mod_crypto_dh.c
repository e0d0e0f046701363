/* ECDH and finite-field DH arithmetic, primes and the curve list (functions
 * of internalBinding('crypto_keys'), see mod_crypto_keys.h). js-lib keeps the
 * key bytes; these functions are pure computations on them. */
#include <openssl/bn.h>
#include <openssl/dherr.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <stdlib.h>
#include <string.h>

#include "binding.h"
#include "mod_crypto.h"
#include "mod_crypto_keys.h"

static EC_GROUP *arg_group(sh_cbinfo *ci, int i) {
  char *name = arg_utf8(ci, i);
  if (!name) return NULL;
  int nid = OBJ_sn2nid(name);
  if (nid == NID_undef) nid = EC_curve_nist2nid(name);
  free(name);
  return nid == NID_undef ? NULL : EC_GROUP_new_by_curve_name(nid);
}

static BIGNUM *arg_bn(sh_cbinfo *ci, int i) {
  uint8_t *data = NULL;
  size_t len = 0;
  if (sh_bytes(sh_arg(ci, i), &data, &len) < 0) return NULL;
  return BN_bin2bn(data, (int)len, NULL);
}

static sh_val point_bytes(sh_rt *rt, const EC_GROUP *g, const EC_POINT *p, int form) {
  size_t n = EC_POINT_point2oct(g, p, (point_conversion_form_t)form, NULL, 0, NULL);
  void *out = NULL;
  sh_val ab = sh_arraybuffer(rt, n, &out);
  EC_POINT_point2oct(g, p, (point_conversion_form_t)form, out, n, NULL);
  return ab;
}

static EC_POINT *arg_point(sh_cbinfo *ci, int i, const EC_GROUP *g) {
  uint8_t *data = NULL;
  size_t len = 0;
  if (sh_bytes(sh_arg(ci, i), &data, &len) < 0) return NULL;
  EC_POINT *p = EC_POINT_new(g);
  if (EC_POINT_oct2point(g, p, data, len, NULL) != 1) {
    EC_POINT_free(p);
    ERR_clear_error();
    return NULL;
  }
  return p;
}

/* ecPublic(curve, priv, form) -> point | -1 (no such curve) | -2 (invalid private key) */
static void ec_public(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  EC_GROUP *g = arg_group(ci, 0);
  if (!g) return sh_ret(ci, sh_int(rt, -1));
  BIGNUM *priv = arg_bn(ci, 1);
  EC_POINT *pub = EC_POINT_new(g);
  const BIGNUM *order = EC_GROUP_get0_order(g);
  if (priv && !BN_is_zero(priv) && BN_cmp(priv, order) < 0 &&
      EC_POINT_mul(g, pub, priv, NULL, NULL, NULL) == 1)
    sh_ret(ci, point_bytes(rt, g, pub, (int)arg_num(ci, 2)));
  else sh_ret(ci, sh_int(rt, -2));
  ERR_clear_error();
  EC_POINT_free(pub);
  BN_clear_free(priv);
  EC_GROUP_free(g);
}

/* ecGenerate(curve) -> private key bytes (padded to the order size) */
static void ec_generate(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  EC_GROUP *g = arg_group(ci, 0);
  if (!g) return sh_ret(ci, sh_int(rt, -1));
  const BIGNUM *order = EC_GROUP_get0_order(g);
  BIGNUM *priv = BN_new();
  do {
    BN_priv_rand_range(priv, order);
  } while (BN_is_zero(priv));
  int n = BN_num_bytes(order);
  void *out = NULL;
  sh_val ab = sh_arraybuffer(rt, (size_t)n, &out);
  BN_bn2binpad(priv, out, n);
  BN_clear_free(priv);
  EC_GROUP_free(g);
  sh_ret(ci, ab);
}

/* ecCompute(curve, priv, peerPoint) -> secret (x coordinate) | -1 (bad point) */
static void ec_compute(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  EC_GROUP *g = arg_group(ci, 0);
  if (!g) return sh_ret(ci, sh_int(rt, -1));
  BIGNUM *priv = arg_bn(ci, 1);
  EC_POINT *peer = arg_point(ci, 2, g);
  EC_POINT *r = EC_POINT_new(g);
  BIGNUM *x = BN_new();
  if (priv && peer && EC_POINT_mul(g, r, NULL, peer, priv, NULL) == 1 &&
      EC_POINT_get_affine_coordinates(g, r, x, NULL, NULL) == 1) {
    int n = (EC_GROUP_get_degree(g) + 7) / 8;
    void *out = NULL;
    sh_val ab = sh_arraybuffer(rt, (size_t)n, &out);
    BN_bn2binpad(x, out, n);
    sh_ret(ci, ab);
  } else {
    sh_ret(ci, sh_int(rt, -1));
  }
  ERR_clear_error();
  BN_clear_free(x);
  EC_POINT_free(r);
  EC_POINT_free(peer);
  BN_clear_free(priv);
  EC_GROUP_free(g);
}

/* ecConvert(curve, point, form) -> point | -1 (no such curve) | -2 (bad point) */
static void ec_convert(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  EC_GROUP *g = arg_group(ci, 0);
  if (!g) return sh_ret(ci, sh_int(rt, -1));
  EC_POINT *p = arg_point(ci, 1, g);
  sh_ret(ci, p ? point_bytes(rt, g, p, (int)arg_num(ci, 2)) : sh_int(rt, -2));
  EC_POINT_free(p);
  EC_GROUP_free(g);
}

/* getCurves() -> short names of the built-in curves */
static void get_curves(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  size_t n = EC_get_builtin_curves(NULL, 0);
  EC_builtin_curve *curves = calloc(n ? n : 1, sizeof *curves);
  EC_get_builtin_curves(curves, n);
  sh_val arr = sh_arr(rt, 0);
  for (size_t i = 0; i < n; i++)
    sh_set_i(rt, arr, (uint32_t)i, sh_str(rt, OBJ_nid2sn(curves[i].nid), SIZE_MAX));
  free(curves);
  sh_ret(ci, arr);
}

static sh_val bn_bytes(sh_rt *rt, const BIGNUM *bn, int pad) {
  int n = pad > 0 ? pad : BN_num_bytes(bn);
  void *out = NULL;
  sh_val ab = sh_arraybuffer(rt, (size_t)n, &out);
  BN_bn2binpad(bn, out, n);
  return ab;
}

/* modExp(base, exponent, modulus) -> base^exponent mod modulus, padded to
 * the modulus length | -1 (modulus zero) */
static void mod_exp(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  BIGNUM *b = arg_bn(ci, 0), *e = arg_bn(ci, 1), *m = arg_bn(ci, 2), *r = BN_new();
  BN_CTX *ctx = BN_CTX_new();
  if (b && e && m && !BN_is_zero(m) && BN_mod_exp(r, b, e, m, ctx) == 1)
    sh_ret(ci, bn_bytes(rt, r, BN_num_bytes(m)));
  else sh_ret(ci, sh_int(rt, -1));
  ERR_clear_error();
  BN_CTX_free(ctx);
  BN_clear_free(r);
  BN_clear_free(e);
  BN_free(b);
  BN_free(m);
}

/* modpGroup(name) -> prime bytes | undefined */
static void modp_group(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  static const struct {
    const char *name;
    BIGNUM *(*get)(BIGNUM *);
  } groups[] = {{"modp1", BN_get_rfc2409_prime_768},   {"modp2", BN_get_rfc2409_prime_1024},
                {"modp5", BN_get_rfc3526_prime_1536},  {"modp14", BN_get_rfc3526_prime_2048},
                {"modp15", BN_get_rfc3526_prime_3072}, {"modp16", BN_get_rfc3526_prime_4096},
                {"modp17", BN_get_rfc3526_prime_6144}, {"modp18", BN_get_rfc3526_prime_8192}};
  char *name = arg_utf8(ci, 0);
  if (!name) return;
  for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++) {
    if (strcmp(name, groups[i].name) != 0) continue;
    BIGNUM *p = groups[i].get(NULL);
    sh_ret(ci, bn_bytes(rt, p, 0));
    BN_free(p);
  }
  free(name);
}

/* dhCheck(prime, generator) -> Node's verifyError bits (OpenSSL 3's DH_check
 * for parameters without q: modulus too small, p not (safe) prime,
 * unsuitable generator; all that apply). */
static void dh_check(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  BIGNUM *p = arg_bn(ci, 0), *g = arg_bn(ci, 1), *q = BN_new();
  BN_CTX *ctx = BN_CTX_new();
  int flags = 0;
  if (p && g) {
    /* DH_MODULUS_TOO_SMALL, and the other checks run all the same. */
    if (BN_num_bits(p) < 512) flags = 0x80;
    BN_sub(q, p, BN_value_one());
    if (BN_cmp(g, BN_value_one()) <= 0 || BN_cmp(g, q) >= 0) flags |= 8;
    if (BN_check_prime(p, ctx, NULL) != 1) {
      flags |= 1;
    } else {
      BN_rshift1(q, p);
      if (BN_check_prime(q, ctx, NULL) != 1) flags |= 2;
    }
  }
  ERR_clear_error();
  BN_CTX_free(ctx);
  BN_free(p);
  BN_free(g);
  BN_free(q);
  sh_ret(ci, sh_int(rt, flags));
}

/* A generatePrime or checkPrime job; owns its BIGNUMs. */
typedef struct prime_job {
  crypto_job base;
  int bits;
  bool safe, found;
  BIGNUM *n, *add, *rem; /* generate: the result; check: the candidate */
} prime_job;

static void prime_job_free(crypto_job *base) {
  prime_job *j = (prime_job *)base;
  BN_free(j->n);
  BN_free(j->add);
  BN_free(j->rem);
  free(j);
}

static void generate_prime_run(crypto_job *base) {
  prime_job *j = (prime_job *)base;
  BN_CTX *ctx = BN_CTX_new();
  if (BN_generate_prime_ex2(j->n, j->bits, j->safe, j->add, j->rem, NULL, ctx) != 1) {
    crypto_job_fail(base, "prime generation failed");
    /* Node reports this OpenSSL error by its message only (no code). */
    base->err.code[0] = '\0';
  }
  BN_CTX_free(ctx);
}

static sh_val generate_prime_result(crypto_job *base) {
  return bn_bytes(base->rt, ((prime_job *)base)->n, 0);
}

static const crypto_job_ops generate_prime_ops = {generate_prime_run, generate_prime_result,
                                                  prime_job_free};

/* generatePrime(bits, safe, add|undefined, rem|undefined, cb?) -> bytes */
static void generate_prime(sh_cbinfo *ci) {
  prime_job *j = calloc(1, sizeof *j);
  j->base.ops = &generate_prime_ops;
  j->n = BN_new();
  j->bits = (int)arg_num(ci, 0);
  j->safe = sh_to_bool(sh_ci_rt(ci), sh_arg(ci, 1));
  j->add = arg_bn(ci, 2);
  j->rem = arg_bn(ci, 3);
  crypto_job_start(ci, &j->base, 4);
}

static void check_prime_run(crypto_job *base) {
  prime_job *j = (prime_job *)base;
  BN_CTX *ctx = BN_CTX_new();
  /* BN_check_prime picks the rounds for a 2^-128 error bound, at least
   * what Node's `checks` option asks for in practice. */
  j->found = BN_check_prime(j->n, ctx, NULL) == 1;
  ERR_clear_error();
  BN_CTX_free(ctx);
}

static sh_val check_prime_result(crypto_job *base) {
  return sh_bool(base->rt, ((prime_job *)base)->found);
}

static const crypto_job_ops check_prime_ops = {check_prime_run, check_prime_result, prime_job_free};

/* checkPrime(candidate, cb?) -> bool */
static void check_prime(sh_cbinfo *ci) {
  BIGNUM *c = arg_bn(ci, 0);
  if (!c) return;
  prime_job *j = calloc(1, sizeof *j);
  j->base.ops = &check_prime_ops;
  j->n = c;
  crypto_job_start(ci, &j->base, 1);
}

/* dhBadGenerator() -> the Error Node throws for a generator below 2 (OpenSSL's
 * DH_R_BAD_GENERATOR, raised as Node raises it). */
static void dh_bad_generator(sh_cbinfo *ci) {
  ERR_raise(ERR_LIB_DH, DH_R_BAD_GENERATOR);
  sh_ret(ci, ossl_error(sh_ci_rt(ci), "Invalid generator"));
}

void crypto_dh_bind(sh_rt *rt, sh_val b) {
  bind_fn(rt, b, "ecPublic", ec_public);
  bind_fn(rt, b, "ecGenerate", ec_generate);
  bind_fn(rt, b, "ecCompute", ec_compute);
  bind_fn(rt, b, "ecConvert", ec_convert);
  bind_fn(rt, b, "getCurves", get_curves);
  bind_fn(rt, b, "modExp", mod_exp);
  bind_fn(rt, b, "modpGroup", modp_group);
  bind_fn(rt, b, "dhCheck", dh_check);
  bind_fn(rt, b, "dhBadGenerator", dh_bad_generator);
  bind_fn(rt, b, "generatePrime", generate_prime);
  bind_fn(rt, b, "checkPrime", check_prime);
}
