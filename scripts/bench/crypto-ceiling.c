/* The library ceiling for scripts/bench-crypto.sh: the OpenSSL calls that one
 * crypto.sign / crypto.verify / createHash / subtle.encrypt / subtle.digest
 * makes (a fresh context per operation, as both shoal's bindings and Node's
 * src/crypto do), in a C loop, timed in CPU time of the process.
 *
 * A Node-API addon, built without -lcrypto: its EVP_* symbols resolve, when
 * it is loaded, to the libcrypto of the process that loads it. Under shoal
 * that is the system's libcrypto.so.3 (the one shoal links); under Node, the
 * OpenSSL that Node links statically and exports. `info()` names the object
 * that provided EVP_DigestSign, so the table shows which library was timed.
 *
 *   const c = require('./crypto-ceiling.node');
 *   c.info()                 -> "OpenSSL 3.0.19 ... |
 * /usr/lib/.../libcrypto.so.3" c.run(name, cpuSeconds)  -> CPU microseconds per
 * operation
 *
 * Names: rsa2048-sign, rsa2048-verify, ecdsa-p256-sign, ecdsa-p256-verify,
 * ed25519-sign, aes256gcm-seal-1k, and the probes of the call overhead:
 * sig-probe (an ECDSA P-256 verify of the message against an 8-byte
 * signature: the whole sign/verify path, digest included, that fails at
 * decoding the signature, before any curve arithmetic), sha256-hash-256
 * (createHash + update of 256 bytes + digest), sha256-digest-0 (a one-shot
 * digest of nothing). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <node_api.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static uint8_t data[256];
static EVP_PKEY *rsa, *ec, *ed;
static uint8_t rsa_sig[512], ec_sig[128], aes_key[32], iv[12], msg[1024];
static size_t rsa_siglen, ec_siglen;

/* One sign as the bindings do it: context, init with the digest by name,
 * size query, sign, free. */
static bool sign(EVP_PKEY *k, const char *md, uint8_t *sig, size_t *siglen) {
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  const EVP_MD *m = md ? EVP_get_digestbyname(md) : NULL;
  size_t len = 0;
  bool ok = ctx && EVP_DigestSignInit(ctx, NULL, m, NULL, k) == 1 &&
            EVP_DigestSign(ctx, NULL, &len, data, sizeof data) == 1 &&
            EVP_DigestSign(ctx, sig, &len, data, sizeof data) == 1;
  EVP_MD_CTX_free(ctx);
  *siglen = len;
  return ok;
}

static bool verify(EVP_PKEY *k, const char *md, const uint8_t *sig, size_t siglen) {
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  bool ok = ctx && EVP_DigestVerifyInit(ctx, NULL, EVP_get_digestbyname(md), NULL, k) == 1 &&
            EVP_DigestVerify(ctx, sig, siglen, data, sizeof data) == 1;
  EVP_MD_CTX_free(ctx);
  return ok;
}

static bool op_rsa_sign(void) {
  return sign(rsa, "sha256", rsa_sig, &rsa_siglen);
}
static bool op_rsa_verify(void) {
  return verify(rsa, "sha256", rsa_sig, rsa_siglen);
}
static bool op_sig_probe(void) {
  static const uint8_t bad[8];
  return !verify(ec, "sha256", bad, sizeof bad);
}
static bool op_ec_sign(void) {
  uint8_t sig[128];
  size_t len;
  return sign(ec, "sha256", sig, &len);
}
static bool op_ec_verify(void) {
  return verify(ec, "sha256", ec_sig, ec_siglen);
}
static bool op_ed_sign(void) {
  uint8_t sig[64];
  size_t len;
  return sign(ed, NULL, sig, &len);
}

/* Web Crypto's AES-GCM encrypt: the cipher by name, a 12-byte IV, the whole
 * message, final, the 16-byte tag appended. */
static bool op_aes_gcm(void) {
  static uint8_t out[sizeof msg + 32];
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
  int n = 0, f = 0;
  bool ok = ctx && EVP_EncryptInit_ex(ctx, EVP_get_cipherbyname("aes-256-gcm"), NULL, NULL, NULL) &&
            EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, sizeof iv, NULL) &&
            EVP_EncryptInit_ex(ctx, NULL, NULL, aes_key, iv) &&
            EVP_EncryptUpdate(ctx, out, &n, msg, sizeof msg) &&
            EVP_EncryptFinal_ex(ctx, out + n, &f) &&
            EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, 16, out + n + f);
  EVP_CIPHER_CTX_free(ctx);
  return ok;
}

/* createHash('sha256').update(256 bytes).digest() */
static bool op_hash(void) {
  uint8_t md[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_get_digestbyname("sha256"), NULL) &&
            EVP_DigestUpdate(ctx, data, sizeof data) && EVP_DigestFinal_ex(ctx, md, &len);
  EVP_MD_CTX_free(ctx);
  return ok;
}

/* subtle.digest('SHA-256', empty) */
static bool op_digest(void) {
  uint8_t md[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  return EVP_Digest(data, 0, md, &len, EVP_get_digestbyname("sha256"), NULL) == 1;
}

static const struct {
  const char *name;
  bool (*op)(void);
} ops[] = {
    {"rsa2048-sign", op_rsa_sign},   {"rsa2048-verify", op_rsa_verify},
    {"ecdsa-p256-sign", op_ec_sign}, {"ecdsa-p256-verify", op_ec_verify},
    {"ed25519-sign", op_ed_sign},    {"aes256gcm-seal-1k", op_aes_gcm},
    {"sig-probe", op_sig_probe},     {"sha256-hash-256", op_hash},
    {"sha256-digest-0", op_digest},
};

static bool setup(void) {
  if (rsa) return true;
  memset(data, 7, sizeof data);
  rsa = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
  ec = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
  ed = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
  memset(aes_key, 1, sizeof aes_key);
  return rsa && ec && ed && sign(rsa, "sha256", rsa_sig, &rsa_siglen) &&
         sign(ec, "sha256", ec_sig, &ec_siglen);
}

static double cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU microseconds per call of op, over at least `budget` CPU seconds: the
 * clock is read once per batch, batches double until one takes 1/20 of it. */
static double measure(bool (*op)(void), double budget) {
  for (int i = 0; i < 5; i++)
    if (!op()) return -1;
  double t0 = cpu_now(), t = 0;
  long n = 0, batch = 1;
  for (;;) {
    for (long i = 0; i < batch; i++) op();
    n += batch;
    t = cpu_now() - t0;
    if (t >= budget) break;
    if (t * 20 < budget) batch *= 2;
  }
  return t * 1e6 / (double)n;
}

static napi_value run(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], result;
  char name[64] = "";
  double budget = 1;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  napi_get_value_string_utf8(env, argv[0], name, sizeof name, NULL);
  napi_get_value_double(env, argv[1], &budget);
  if (!setup()) {
    napi_throw_error(env, NULL, "key generation failed");
    return NULL;
  }
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
    if (strcmp(ops[i].name, name) != 0) continue;
    double us = measure(ops[i].op, budget);
    if (us < 0) napi_throw_error(env, NULL, "operation failed");
    napi_create_double(env, us, &result);
    return us < 0 ? NULL : result;
  }
  napi_throw_error(env, NULL, "unknown operation");
  return NULL;
}

/* loop(name, n): n operations, untimed (for instruction counts under
 * valgrind --tool=callgrind). */
static napi_value loop(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  char name[64] = "";
  double n = 0;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  napi_get_value_string_utf8(env, argv[0], name, sizeof name, NULL);
  napi_get_value_double(env, argv[1], &n);
  if (!setup()) napi_throw_error(env, NULL, "key generation failed");
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
    if (strcmp(ops[i].name, name) == 0)
      for (long k = 0; k < (long)n; k++) ops[i].op();
  return NULL;
}

/* "<OpenSSL version> | <file that provides EVP_DigestSign>" */
static napi_value info(napi_env env, napi_callback_info ci) {
  (void)ci;
  Dl_info dl = {0};
  char text[512], exe[256] = "?";
  dladdr((void *)EVP_DigestSign, &dl);
  const char *file = dl.dli_fname ? dl.dli_fname : "?";
  /* The main program's entry has the name it was started by. */
  if (!strchr(file, '/')) {
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[n > 0 ? n : 1] = 0;
    file = exe;
  }
  snprintf(text, sizeof text, "%s | %s", OpenSSL_version(OPENSSL_VERSION), file);
  napi_value s;
  napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &s);
  return s;
}

NAPI_MODULE_INIT() {
  napi_value f;
  napi_create_function(env, "run", NAPI_AUTO_LENGTH, run, NULL, &f);
  napi_set_named_property(env, exports, "run", f);
  napi_create_function(env, "info", NAPI_AUTO_LENGTH, info, NULL, &f);
  napi_set_named_property(env, exports, "info", f);
  napi_create_function(env, "loop", NAPI_AUTO_LENGTH, loop, NULL, &f);
  napi_set_named_property(env, exports, "loop", f);
  return exports;
}
