/* internalBinding('crypto'): OpenSSL 3 for js-lib/crypto.js and Web Crypto.
 *
 * Streaming contexts (hash, hmac, cipher) are handle objects holding a C
 * pointer; they are freed when the handle is collected. Byte arguments are
 * Uint8Array/ArrayBuffer views or strings (taken as UTF-8); js-lib has
 * already validated types and converted other encodings. Results are
 * ArrayBuffers.
 *
 * The key derivations, one-shot digests/HMACs and randomFill take a last
 * argument `cb`: undefined runs the work on this thread (failures throw),
 * a function runs it on libuv's thread pool and calls cb(err, arraybuffer)
 * from the loop afterwards. Inputs are copied before the work starts. */
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/objects.h>
#include <openssl/rand.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uv.h>

#include "binding.h"
#include "cli.h"
#include "mod_crypto.h"
#include "runtime.h"

/* --- helpers ------------------------------------------------------------- */

/* A malloc'd copy of the bytes of v (string: UTF-8). NULL with *ok false when
 * v is neither. Never returns NULL for a valid empty input. */
static uint8_t *copy_bytes(sh_rt *rt, sh_val v, size_t *len) {
  if (sh_is(v, SH_STRING)) {
    char *s = sh_to_utf8(rt, v, len);
    return (uint8_t *)s;
  }
  uint8_t *data = NULL;
  size_t n = 0;
  if (sh_bytes(v, &data, &n) < 0) {
    sh_throw_error(rt, SH_TYPE_ERROR, "expected bytes");
    return NULL;
  }
  uint8_t *out = malloc(n ? n : 1);
  if (n) memcpy(out, data, n);
  *len = n;
  return out;
}

/* Argument bytes used synchronously: a view into a Buffer/ArrayBuffer (no
 * copy; no JavaScript runs while it is used) or a string's UTF-8 (owned).
 * Work handed to the thread pool uses copy_bytes instead. */
typedef struct bytes_arg {
  const uint8_t *data;
  size_t len;
  char *owned;
} bytes_arg;

static bool bytes_get(sh_rt *rt, sh_val v, bytes_arg *b) {
  b->owned = NULL;
  if (sh_is(v, SH_STRING)) {
    b->owned = sh_to_utf8(rt, v, &b->len);
    b->data = (const uint8_t *)b->owned;
    return b->owned != NULL;
  }
  uint8_t *data = NULL;
  if (sh_bytes(v, &data, &b->len) < 0) {
    sh_throw_error(rt, SH_TYPE_ERROR, "expected bytes");
    return false;
  }
  b->data = data;
  return true;
}

static void bytes_done(bytes_arg *b) {
  free(b->owned);
}

static sh_val make_ab(sh_rt *rt, const uint8_t *data, size_t len) {
  void *p = NULL;
  sh_val ab = sh_arraybuffer(rt, len, &p);
  if (len) memcpy(p, data, len);
  return ab;
}

/* Node's code for an OpenSSL error: ERR_OSSL_[LIB_]REASON. */
static void ossl_code(unsigned long e, const char *reason, char *code, size_t cap) {
  static const struct {
    int lib;
    const char *name;
  } libs[] = {{ERR_LIB_SYS, "SYS_"},       {ERR_LIB_BN, "BN_"},     {ERR_LIB_RSA, "RSA_"},
              {ERR_LIB_DH, "DH_"},         {ERR_LIB_EVP, "EVP_"},   {ERR_LIB_BUF, "BUF_"},
              {ERR_LIB_OBJ, "OBJ_"},       {ERR_LIB_PEM, "PEM_"},   {ERR_LIB_DSA, "DSA_"},
              {ERR_LIB_X509, "X509_"},     {ERR_LIB_ASN1, "ASN1_"}, {ERR_LIB_CONF, "CONF_"},
              {ERR_LIB_CRYPTO, "CRYPTO_"}, {ERR_LIB_EC, "EC_"},     {ERR_LIB_BIO, "BIO_"},
              {ERR_LIB_RAND, "RAND_"},     {ERR_LIB_HMAC, "HMAC_"}, {ERR_LIB_KDF, "KDF_"}};
  const char *prefix = "";
  for (size_t i = 0; i < sizeof libs / sizeof libs[0]; i++)
    if (libs[i].lib == ERR_GET_LIB(e)) prefix = libs[i].name;
  snprintf(code, cap, "ERR_OSSL_%s%s", prefix, reason);
  for (char *c = code; *c; c++) {
    if (*c == ' ') *c = '_';
    else if (*c >= 'a' && *c <= 'z') *c = (char)(*c - 'a' + 'A');
  }
}

sh_val ossl_error(sh_rt *rt, const char *fallback) {
  ossl_err_info info;
  ossl_err_capture(&info, fallback);
  return ossl_err_value(rt, &info, true);
}

sh_val ossl_error_first(sh_rt *rt, const char *fallback) {
  ossl_err_info info;
  ossl_err_take(&info, true, fallback);
  return ossl_err_value(rt, &info, true);
}

/* Digests found by md_fetch, by the name asked for: the alias lookup and
 * the provider fetch cost some 4,000 instructions, paid on every
 * createHash() (Express's ETag of each response). The cache holds one
 * reference to each digest for the life of the process; it is shared by
 * the threads that hash (worker threads, the pool's jobs). Names that were
 * not found are not kept: a provider loaded later may know them. */
enum { MD_CACHE_SLOTS = 16, MD_CACHE_NAME = 48 };
static struct {
  uv_mutex_t lock;
  int used;
  struct {
    char name[MD_CACHE_NAME];
    EVP_MD *md;
  } slot[MD_CACHE_SLOTS];
} md_cache;
static uv_once_t md_cache_once = UV_ONCE_INIT;

static void md_cache_init(void) {
  uv_mutex_init(&md_cache.lock);
}

static void md_cache_lock(void) {
  uv_once(&md_cache_once, md_cache_init);
  uv_mutex_lock(&md_cache.lock);
}

/* The cached digest of `name`, with a reference for the caller, or NULL. */
static EVP_MD *md_cache_get(const char *name) {
  EVP_MD *md = NULL;
  md_cache_lock();
  for (int i = 0; i < md_cache.used && !md; i++) {
    if (strcmp(md_cache.slot[i].name, name) == 0 && EVP_MD_up_ref(md_cache.slot[i].md) == 1)
      md = md_cache.slot[i].md;
  }
  uv_mutex_unlock(&md_cache.lock);
  return md;
}

/* Keeps md under `name` while there is room (a reference of the cache's own). */
static void md_cache_put(const char *name, EVP_MD *md) {
  if (strlen(name) >= MD_CACHE_NAME) return;
  md_cache_lock();
  bool known = false;
  for (int i = 0; i < md_cache.used && !known; i++)
    known = strcmp(md_cache.slot[i].name, name) == 0;
  if (!known && md_cache.used < MD_CACHE_SLOTS && EVP_MD_up_ref(md) == 1) {
    strcpy(md_cache.slot[md_cache.used].name, name);
    md_cache.slot[md_cache.used++].md = md;
  }
  uv_mutex_unlock(&md_cache.lock);
}

/* Looks a digest up the way Node does: by any alias, then fetched by its
 * real name. NULL when unknown. The caller frees with EVP_MD_free. */
EVP_MD *md_fetch(const char *name) {
  EVP_MD *md = md_cache_get(name);
  if (md) return md;
  const EVP_MD *legacy = EVP_get_digestbyname(name);
  if (legacy) md = EVP_MD_fetch(NULL, EVP_MD_get0_name(legacy), NULL);
  if (!md) md = EVP_MD_fetch(NULL, name, NULL);
  ERR_clear_error();
  if (md) md_cache_put(name, md);
  return md;
}

/* The digest named by argument 0 (the caller frees it), or NULL: unknown,
 * or not a string (thrown). */
static EVP_MD *arg_md(sh_cbinfo *ci) {
  char *alg = arg_utf8(ci, 0);
  if (!alg) return NULL;
  EVP_MD *md = md_fetch(alg);
  free(alg);
  return md;
}

EVP_CIPHER *cipher_fetch(const char *name) {
  const EVP_CIPHER *legacy = EVP_get_cipherbyname(name);
  EVP_CIPHER *c = NULL;
  if (legacy) c = EVP_CIPHER_fetch(NULL, EVP_CIPHER_get0_name(legacy), NULL);
  if (!c) c = EVP_CIPHER_fetch(NULL, name, NULL);
  ERR_clear_error();
  return c;
}

/* --- handles ------------------------------------------------------------- */

typedef enum { H_MD, H_MAC, H_CIPHER } handle_kind;

typedef struct handle {
  handle_kind kind;
  void *ctx;
  sh_ref *ref;
  size_t xof_len;   /* H_MD: output length for XOFs */
  bool xof_set;     /* H_MD: xof_len given */
  int auth_tag_len; /* H_CIPHER: the tag length fixed at init, -1 none (GCM) */
  bool decrypt, aead;
  bool ccm;         /* CCM: message length limit, tag checked in update */
  bool tag_passed;  /* decryption: tag handed to OpenSSL (once) */
  bool auth_failed; /* CCM decryption: update failed, final throws */
  int max_message;  /* CCM: longest message the IV length allows */
  uint8_t tag[16];
  int tag_len;
} handle;

static void handle_free_ctx(handle *h) {
  if (!h->ctx) return;
  if (h->kind == H_MD) EVP_MD_CTX_free(h->ctx);
  else if (h->kind == H_MAC) EVP_MAC_CTX_free(h->ctx);
  else EVP_CIPHER_CTX_free(h->ctx);
  h->ctx = NULL;
}

static void handle_collected(void *data) {
  handle *h = data;
  handle_free_ctx(h);
  sh_ref_free(h->ref);
  free(h);
}

static sh_val handle_wrap(sh_rt *rt, handle *h) {
  sh_val obj = sh_obj_with_ptr(rt, h);
  h->ref = sh_ref_new(rt, obj);
  sh_ref_weak(h->ref, handle_collected, h);
  return obj;
}

static handle *handle_new(handle_kind kind, void *ctx) {
  handle *h = calloc(1, sizeof *h);
  h->kind = kind;
  h->ctx = ctx;
  return h;
}

static handle *arg_handle(sh_cbinfo *ci, handle_kind kind) {
  handle *h = sh_obj_ptr(sh_ci_rt(ci), sh_arg(ci, 0));
  if (!h || h->kind != kind || !h->ctx) {
    sh_throw_error(sh_ci_rt(ci), SH_TYPE_ERROR, "invalid crypto handle");
    return NULL;
  }
  return h;
}

/* --- hash ---------------------------------------------------------------- */

/* hashInit(alg, xofLen) -> handle | undefined (unknown digest) */
static void hash_init(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  EVP_MD *md = arg_md(ci);
  if (!md) return;
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  if (EVP_DigestInit_ex(ctx, md, NULL) != 1) {
    EVP_MD_CTX_free(ctx);
    EVP_MD_free(md);
    ERR_clear_error();
    return;
  }
  handle *h = handle_new(H_MD, ctx);
  double xof = arg_num(ci, 1);
  if (xof >= 0) {
    bool is_xof = (EVP_MD_get_flags(md) & EVP_MD_FLAG_XOF) != 0;
    if (!is_xof && (size_t)xof != (size_t)EVP_MD_get_size(md)) {
      EVP_MD_free(md);
      handle_free_ctx(h);
      free(h);
      ERR_raise(ERR_LIB_EVP, EVP_R_NOT_XOF_OR_INVALID_LENGTH);
      sh_throw(rt, ossl_error(rt, "Digest method not supported"));
      return;
    }
    if (is_xof) {
      h->xof_len = (size_t)xof;
      h->xof_set = true;
    }
  }
  EVP_MD_free(md);
  sh_ret(ci, handle_wrap(rt, h));
}

/* Feeds argument 1 to the context of a handle of `kind`. */
static void feed(sh_cbinfo *ci, handle_kind kind,
                 int (*update)(handle *, const uint8_t *, size_t)) {
  handle *h = arg_handle(ci, kind);
  bytes_arg b;
  if (!h || !bytes_get(sh_ci_rt(ci), sh_arg(ci, 1), &b)) return;
  update(h, b.data, b.len);
  bytes_done(&b);
}

static int md_update(handle *h, const uint8_t *data, size_t n) {
  return EVP_DigestUpdate(h->ctx, data, n);
}

static int mac_update(handle *h, const uint8_t *data, size_t n) {
  return EVP_MAC_update(h->ctx, data, n);
}

/* hashUpdate(handle, data) */
static void hash_update(sh_cbinfo *ci) {
  feed(ci, H_MD, md_update);
}

/* hashDigest(handle) -> ArrayBuffer; the context is released */
static void hash_digest(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  handle *h = arg_handle(ci, H_MD);
  if (!h) return;
  const EVP_MD *md = EVP_MD_CTX_get0_md(h->ctx);
  bool is_xof = (EVP_MD_get_flags(md) & EVP_MD_FLAG_XOF) != 0;
  size_t len = is_xof && h->xof_set ? h->xof_len : (size_t)EVP_MD_get_size(md);
  uint8_t *out = malloc(len ? len : 1);
  int ok;
  if (is_xof && len == 0) {
    ok = 1;
  } else if (is_xof) {
    ok = EVP_DigestFinalXOF(h->ctx, out, len);
  } else {
    unsigned int ulen = 0;
    ok = EVP_DigestFinal_ex(h->ctx, out, &ulen);
    len = ulen;
  }
  handle_free_ctx(h);
  if (ok != 1) {
    free(out);
    sh_throw(rt, ossl_error(rt, "digest failed"));
    return;
  }
  sh_ret(ci, make_ab(rt, out, len));
  free(out);
}

/* hashCopy(handle, xofLen) -> handle */
static void hash_copy(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  handle *h = arg_handle(ci, H_MD);
  if (!h) return;
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  EVP_MD_CTX_copy_ex(ctx, h->ctx);
  handle *c = handle_new(H_MD, ctx);
  double xof = arg_num(ci, 1);
  /* As Node: a copy without outputLength has the default length again. */
  c->xof_len = xof >= 0 ? (size_t)xof : 0;
  c->xof_set = xof >= 0;
  sh_ret(ci, handle_wrap(rt, c));
}

/* mdSize(alg) -> digest size, or -1 when unknown */
static void md_size(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  char *alg = arg_utf8(ci, 0);
  if (!alg) return;
  EVP_MD *md = md_fetch(alg);
  free(alg);
  sh_ret(ci, sh_int(rt, md ? EVP_MD_get_size(md) : -1));
  EVP_MD_free(md);
}

/* --- hmac ---------------------------------------------------------------- */

static EVP_MAC_CTX *hmac_new(const char *mdname, const uint8_t *key, size_t keylen) {
  EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
  if (!mac) return NULL;
  EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(mac);
  EVP_MAC_free(mac);
  if (!ctx) return NULL;
  OSSL_PARAM params[2] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)mdname, 0),
      OSSL_PARAM_construct_end(),
  };
  static const uint8_t empty[1] = {0};
  if (EVP_MAC_init(ctx, keylen ? key : empty, keylen, params) != 1) {
    EVP_MAC_CTX_free(ctx);
    ERR_clear_error();
    return NULL;
  }
  return ctx;
}

/* hmacInit(alg, key) -> handle | undefined (unknown digest) */
static void hmac_init(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  EVP_MD *md = arg_md(ci);
  if (!md) return;
  size_t keylen = 0;
  uint8_t *key = copy_bytes(rt, sh_arg(ci, 1), &keylen);
  if (!key) {
    EVP_MD_free(md);
    return;
  }
  EVP_MAC_CTX *ctx = hmac_new(EVP_MD_get0_name(md), key, keylen);
  OPENSSL_cleanse(key, keylen);
  free(key);
  EVP_MD_free(md);
  if (!ctx) return;
  sh_ret(ci, handle_wrap(rt, handle_new(H_MAC, ctx)));
}

static void hmac_update(sh_cbinfo *ci) {
  feed(ci, H_MAC, mac_update);
}

static void hmac_digest(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  handle *h = arg_handle(ci, H_MAC);
  if (!h) return;
  uint8_t out[EVP_MAX_MD_SIZE];
  size_t len = 0;
  int ok = EVP_MAC_final(h->ctx, out, &len, sizeof out);
  handle_free_ctx(h);
  if (ok != 1) {
    sh_throw(rt, ossl_error(rt, "hmac failed"));
    return;
  }
  sh_ret(ci, make_ab(rt, out, len));
}

/* --- jobs: work that may run on the thread pool -------------------------- */

typedef enum { J_DIGEST, J_HMAC, J_PBKDF2, J_SCRYPT, J_HKDF, J_RANDOM, J_CIPHER } job_kind;

typedef struct job {
  crypto_job base;
  sh_ref *target; /* J_RANDOM async: the view to copy into */
  job_kind kind;
  char alg[80];
  uint8_t *in[3];
  size_t inlen[3];
  uint64_t n[4];
  uint8_t *out;
  size_t outlen;
  EVP_CIPHER_CTX *cipher; /* J_CIPHER: taken over from the handle */
  bool aead, decrypt;
  int tag_len; /* J_CIPHER: tag set (decrypt) / to append (encrypt) */
} job;

static void job_free(crypto_job *base) {
  job *j = (job *)base;
  for (int i = 0; i < 3; i++) {
    if (j->in[i]) OPENSSL_cleanse(j->in[i], j->inlen[i]);
    free(j->in[i]);
  }
  free(j->out);
  EVP_CIPHER_CTX_free(j->cipher);
  if (j->target) sh_ref_free(j->target);
  free(j);
}

/* Appends one queued error's text to info->stack ('\n' between entries). */
static void stack_add(ossl_err_info *info, unsigned long e) {
  size_t used = strlen(info->stack);
  if (used + 2 >= sizeof info->stack) return;
  if (used) info->stack[used++] = '\n';
  ERR_error_string_n(e, info->stack + used, sizeof info->stack - used);
}

void ossl_err_take(ossl_err_info *info, bool first, const char *fallback) {
  unsigned long q[16];
  size_t n = 0;
  for (unsigned long e; (e = ERR_get_error()) != 0;)
    if (n < sizeof q / sizeof q[0]) q[n++] = e;
  memset(info, 0, sizeof *info);
  if (!n) {
    snprintf(info->msg, sizeof info->msg, "%s", fallback);
    return;
  }
  size_t pick = first ? 0 : n - 1;
  unsigned long e = q[pick];
  ERR_error_string_n(e, info->msg, sizeof info->msg);
  const char *lib = ERR_lib_error_string(e), *reason = ERR_reason_error_string(e);
  snprintf(info->lib, sizeof info->lib, "%s", lib ? lib : "");
  snprintf(info->reason, sizeof info->reason, "%s", reason ? reason : "");
  if (reason) ossl_code(e, reason, info->code, sizeof info->code);
  /* Node's opensslErrorStack: what is left in the queue, newest first. */
  for (size_t i = n; i-- > 0;)
    if (i != pick) stack_add(info, q[i]);
}

void ossl_err_capture(ossl_err_info *info, const char *fallback) {
  ossl_err_take(info, false, fallback);
}

sh_val ossl_err_value(sh_rt *rt, const ossl_err_info *info, bool decorate) {
  sh_val e = sh_error(rt, SH_ERROR, info->msg);
  if (info->stack[0]) {
    sh_val items[16];
    uint32_t n = 0;
    for (const char *p = info->stack; *p && n < 16;) {
      const char *nl = strchr(p, '\n');
      size_t len = nl ? (size_t)(nl - p) : strlen(p);
      items[n++] = sh_str(rt, p, len);
      p += len + (nl != NULL);
    }
    sh_set_s(rt, e, "opensslErrorStack", sh_arr_of(rt, items, n));
  }
  if (decorate && info->code[0]) {
    sh_set_s(rt, e, "library", sh_str(rt, info->lib, SIZE_MAX));
    sh_set_s(rt, e, "reason", sh_str(rt, info->reason, SIZE_MAX));
    sh_set_s(rt, e, "code", sh_str(rt, info->code, SIZE_MAX));
  }
  return e;
}

/* Records the thread's OpenSSL error into the job (the queue is per thread). */
void crypto_job_fail(crypto_job *j, const char *fallback) {
  j->failed = true;
  /* Node's jobs report the oldest error (ERR_get_error), as its sync throws do. */
  ossl_err_take(&j->err, true, fallback);
}

static void job_fail(job *j, const char *fallback) {
  crypto_job_fail(&j->base, fallback);
}

static const char kAeadFailed[] = "Unsupported state or unable to authenticate data";

/* The whole of a one-shot cipher operation: update, final, and for AEAD
 * encryption the tag appended. */
static void cipher_job_run(job *j) {
  if (j->aead && j->decrypt && j->tag_len == 0) return job_fail(j, kAeadFailed);
  size_t cap = j->inlen[0] + (size_t)EVP_CIPHER_CTX_get_block_size(j->cipher) + 16 + 64;
  j->out = malloc(cap);
  int outl = 0, finl = 0;
  if (EVP_CipherUpdate(j->cipher, j->out, &outl, j->in[0], (int)j->inlen[0]) != 1)
    return job_fail(j, "Trying to add data in unsupported state");
  if (EVP_CipherFinal_ex(j->cipher, j->out + outl, &finl) != 1) {
    if (j->aead) ERR_clear_error();
    return job_fail(j, j->aead ? kAeadFailed : "final failed");
  }
  j->outlen = (size_t)outl + (size_t)finl;
  if (j->aead && !j->decrypt &&
      EVP_CIPHER_CTX_ctrl(j->cipher, EVP_CTRL_AEAD_GET_TAG, j->tag_len, j->out + j->outlen) == 1)
    j->outlen += (size_t)j->tag_len;
}

static void job_run(crypto_job *base) {
  job *j = (job *)base;
  switch (j->kind) {
    case J_CIPHER: return cipher_job_run(j);
    case J_RANDOM:
      j->out = malloc(j->n[0] ? j->n[0] : 1);
      j->outlen = j->n[0];
      if (j->n[0] && RAND_bytes(j->out, (int)j->n[0]) != 1) job_fail(j, "random failed");
      return;
    case J_DIGEST: {
      EVP_MD *md = md_fetch(j->alg);
      if (!md) return job_fail(j, "Digest method not supported");
      unsigned int len = 0;
      j->out = malloc(EVP_MAX_MD_SIZE);
      if (EVP_Digest(j->in[0], j->inlen[0], j->out, &len, md, NULL) != 1)
        job_fail(j, "digest failed");
      j->outlen = len;
      EVP_MD_free(md);
      return;
    }
    case J_HMAC: {
      EVP_MAC_CTX *ctx = hmac_new(j->alg, j->in[0], j->inlen[0]);
      if (!ctx) return job_fail(j, "Invalid digest");
      j->out = malloc(EVP_MAX_MD_SIZE);
      if (EVP_MAC_update(ctx, j->in[1], j->inlen[1]) != 1 ||
          EVP_MAC_final(ctx, j->out, &j->outlen, EVP_MAX_MD_SIZE) != 1)
        job_fail(j, "hmac failed");
      EVP_MAC_CTX_free(ctx);
      return;
    }
    case J_PBKDF2: {
      EVP_MD *md = md_fetch(j->alg);
      if (!md) return job_fail(j, "Invalid digest");
      j->outlen = j->n[1];
      j->out = malloc(j->outlen ? j->outlen : 1);
      if (j->outlen &&
          PKCS5_PBKDF2_HMAC((const char *)j->in[0], (int)j->inlen[0], j->in[1], (int)j->inlen[1],
                            (int)j->n[0], md, (int)j->outlen, j->out) != 1)
        job_fail(j, "PBKDF2 failed");
      EVP_MD_free(md);
      return;
    }
    case J_SCRYPT:
      j->out = malloc(j->outlen ? j->outlen : 1);
      if (EVP_PBE_scrypt((const char *)j->in[0], j->inlen[0], j->in[1], j->inlen[1], j->n[0],
                         j->n[1], j->n[2], j->n[3], j->out, j->outlen) != 1)
        job_fail(j, "scrypt failed");
      return;
    case J_HKDF: {
      EVP_KDF *kdf = EVP_KDF_fetch(NULL, "HKDF", NULL);
      EVP_KDF_CTX *kctx = kdf ? EVP_KDF_CTX_new(kdf) : NULL;
      EVP_KDF_free(kdf);
      EVP_MD *md = md_fetch(j->alg);
      j->outlen = j->n[0];
      j->out = malloc(j->outlen ? j->outlen : 1);
      static uint8_t zero[1];
      if (!kctx || !md) {
        job_fail(j, "Invalid digest");
      } else {
        OSSL_PARAM params[5];
        int p = 0;
        params[p++] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
                                                       (char *)EVP_MD_get0_name(md), 0);
        params[p++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
                                                        j->inlen[0] ? j->in[0] : zero, j->inlen[0]);
        if (j->inlen[1])
          params[p++] =
              OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, j->in[1], j->inlen[1]);
        params[p++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO,
                                                        j->inlen[2] ? j->in[2] : zero, j->inlen[2]);
        params[p] = OSSL_PARAM_construct_end();
        if (j->outlen && EVP_KDF_derive(kctx, j->out, j->outlen, params) != 1)
          job_fail(j, "hkdf failed");
      }
      EVP_KDF_CTX_free(kctx);
      EVP_MD_free(md);
      return;
    }
  }
}

static sh_val job_result(crypto_job *base) {
  job *j = (job *)base;
  sh_rt *rt = base->rt;
  if (j->kind == J_RANDOM && j->target) {
    sh_val t = sh_ref_get(rt, j->target);
    uint8_t *data = NULL;
    size_t len = 0;
    if (t && sh_bytes(t, &data, &len) == 0 && data && j->n[1] + j->outlen <= len)
      memcpy(data + j->n[1], j->out, j->outlen);
    return sh_undefined(rt);
  }
  return make_ab(rt, j->out, j->outlen);
}

static void crypto_job_work(uv_work_t *w) {
  crypto_job *j = w->data;
  j->ops->run(j);
}

static void crypto_job_free(crypto_job *j) {
  if (j->cb) sh_ref_free(j->cb);
  j->cb = NULL;
  j->ops->free(j);
}

static void crypto_job_done(uv_work_t *w, int status) {
  (void)status;
  crypto_job *j = w->data;
  sh_rt *rt = j->rt;
  sh_scope *scope = sh_scope_open(rt, false);
  sh_val argv[2];
  argv[0] = j->failed ? ossl_err_value(rt, &j->err, false) : sh_null(rt);
  argv[1] = j->failed ? sh_undefined(rt) : j->ops->result(j);
  runtime_callback(rt, sh_ref_get(rt, j->cb), sh_undefined(rt), 2, argv, NULL);
  sh_scope_close(scope);
  crypto_job_free(j);
}

void crypto_job_start(sh_cbinfo *ci, crypto_job *j, int cbi) {
  sh_rt *rt = sh_ci_rt(ci);
  j->rt = rt;
  sh_val cb = sh_arg(ci, cbi);
  if (sh_is(cb, SH_FUNCTION)) {
    j->cb = sh_ref_new(rt, cb);
    j->work.data = j;
    if (uv_queue_work(runtime_get(rt)->loop, &j->work, crypto_job_work, crypto_job_done) == 0)
      return;
    sh_ref_free(j->cb);
    j->cb = NULL;
  }
  j->ops->run(j);
  if (j->failed) sh_throw(rt, ossl_err_value(rt, &j->err, true));
  else sh_ret(ci, j->ops->result(j));
  crypto_job_free(j);
}

static const crypto_job_ops job_ops = {job_run, job_result, job_free};

static job *job_new(job_kind kind) {
  job *j = calloc(1, sizeof *j);
  j->base.ops = &job_ops;
  j->kind = kind;
  return j;
}

static void job_start(sh_cbinfo *ci, job *j, int cbi) {
  crypto_job_start(ci, &j->base, cbi);
}

static bool job_in(sh_cbinfo *ci, job *j, int slot, int argi) {
  j->in[slot] = copy_bytes(sh_ci_rt(ci), sh_arg(ci, argi), &j->inlen[slot]);
  if (!j->in[slot]) {
    job_free(&j->base);
    return false;
  }
  return true;
}

static bool job_alg(sh_cbinfo *ci, job *j, int argi) {
  char *alg = arg_utf8(ci, argi);
  if (!alg) {
    job_free(&j->base);
    return false;
  }
  snprintf(j->alg, sizeof j->alg, "%s", alg);
  free(alg);
  return true;
}

/* digest(alg, data, cb) -> ArrayBuffer */
static void crypto_digest(sh_cbinfo *ci) {
  job *j = job_new(J_DIGEST);
  if (!job_alg(ci, j, 0) || !job_in(ci, j, 0, 1)) return;
  job_start(ci, j, 2);
}

/* hmac(alg, key, data, cb) -> ArrayBuffer */
static void crypto_hmac(sh_cbinfo *ci) {
  job *j = job_new(J_HMAC);
  if (!job_alg(ci, j, 0) || !job_in(ci, j, 0, 1) || !job_in(ci, j, 1, 2)) return;
  job_start(ci, j, 3);
}

/* pbkdf2(password, salt, iterations, keylen, digest, cb) -> ArrayBuffer */
static void crypto_pbkdf2(sh_cbinfo *ci) {
  job *j = job_new(J_PBKDF2);
  if (!job_in(ci, j, 0, 0) || !job_in(ci, j, 1, 1) || !job_alg(ci, j, 4)) return;
  j->n[0] = (uint64_t)arg_i64(ci, 2);
  j->n[1] = (uint64_t)arg_i64(ci, 3);
  job_start(ci, j, 5);
}

/* scrypt(password, salt, keylen, N, r, p, maxmem, cb) -> ArrayBuffer */
static void crypto_scrypt(sh_cbinfo *ci) {
  job *j = job_new(J_SCRYPT);
  if (!job_in(ci, j, 0, 0) || !job_in(ci, j, 1, 1)) return;
  j->outlen = (size_t)arg_num(ci, 2);
  for (int i = 0; i < 4; i++) j->n[i] = (uint64_t)arg_num(ci, 3 + i);
  job_start(ci, j, 7);
}

/* scryptCheck(N, r, p, maxmem) -> undefined | error message */
static void scrypt_check(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  uint64_t N = (uint64_t)arg_num(ci, 0), r = (uint64_t)arg_num(ci, 1), p = (uint64_t)arg_num(ci, 2),
           maxmem = (uint64_t)arg_num(ci, 3);
  ERR_clear_error();
  if (EVP_PBE_scrypt(NULL, 0, NULL, 0, N, r, p, maxmem, NULL, 0) == 1) return;
  unsigned long e = ERR_peek_last_error();
  char msg[256] = "";
  if (e) ERR_error_string_n(e, msg, sizeof msg);
  ERR_clear_error();
  sh_ret(ci, sh_str(rt, msg, SIZE_MAX));
}

/* hkdf(digest, key, salt, info, keylen, cb) -> ArrayBuffer */
static void crypto_hkdf(sh_cbinfo *ci) {
  job *j = job_new(J_HKDF);
  if (!job_alg(ci, j, 0) || !job_in(ci, j, 0, 1) || !job_in(ci, j, 1, 2) || !job_in(ci, j, 2, 3))
    return;
  j->n[0] = (uint64_t)arg_num(ci, 4);
  job_start(ci, j, 5);
}

/* randomFill(view, offset, size, cb): fills view[offset, offset+size). */
static void crypto_random_fill(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  sh_val view = sh_arg(ci, 0);
  uint8_t *data = NULL;
  size_t len = 0;
  if (sh_bytes(view, &data, &len) < 0) {
    sh_throw_error(rt, SH_TYPE_ERROR, "expected bytes");
    return;
  }
  size_t off = (size_t)arg_num(ci, 1), size = (size_t)arg_num(ci, 2);
  if (off > len || size > len - off) {
    sh_throw_error(rt, SH_RANGE_ERROR, "out of bounds");
    return;
  }
  if (!sh_is(sh_arg(ci, 3), SH_FUNCTION)) {
    if (size && RAND_bytes(data + off, (int)size) != 1)
      sh_throw(rt, ossl_error(rt, "random failed"));
    return;
  }
  job *j = job_new(J_RANDOM);
  j->n[0] = size;
  j->n[1] = off;
  j->target = sh_ref_new(rt, view);
  job_start(ci, j, 3);
}

/* --- cipher -------------------------------------------------------------- */

/* Empty data as a real pointer: CCM reads a NULL input as "no data" (no
 * tag for an empty message) or, without output, as the message length. */
static const uint8_t *not_null(const uint8_t *data) {
  static const uint8_t none[1];
  return data ? data : none;
}

/* NIST SP 800-38D's GCM tag lengths. */
static bool gcm_tag_length_valid(int n) {
  return n == 4 || n == 8 || (n >= 12 && n <= 16);
}

/* Node's InitIv rules: an IV is required when the cipher has one; its
 * length is free for the AEAD modes (OpenSSL checks it), fixed otherwise;
 * ChaCha20-Poly1305 takes at most 12 bytes, which OpenSSL does not check. */
static bool cipher_iv_valid(const EVP_CIPHER *c, bool aead, bool has_iv, size_t ivlen) {
  int want = EVP_CIPHER_get_iv_length(c);
  if (!has_iv && want != 0) return false;
  if (!aead && has_iv && (int)ivlen != want) return false;
  return EVP_CIPHER_get_nid(c) != NID_chacha20_poly1305 || ivlen <= 12;
}

/* Node's InitAuthenticated: the IV length, then the tag length (optional
 * for GCM, 16 by default for ChaCha20-Poly1305, required for CCM and OCB)
 * and CCM's message length limit. 0 or a cipherInit error number. */
static int cipher_init_aead(handle *h, const EVP_CIPHER *c, size_t ivlen, int tag_len) {
  EVP_CIPHER_CTX *ctx = h->ctx;
  if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, (int)ivlen, NULL) != 1) return -3;
  int mode = EVP_CIPHER_get_mode(c);
  h->auth_tag_len = tag_len;
  if (mode == EVP_CIPH_GCM_MODE) return tag_len < 0 || gcm_tag_length_valid(tag_len) ? 0 : -4;
  if (tag_len < 0) {
    if (EVP_CIPHER_get_nid(c) != NID_chacha20_poly1305) return -5;
    h->auth_tag_len = tag_len = 16;
  }
  if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, tag_len, NULL) != 1) return -4;
  h->ccm = mode == EVP_CIPH_CCM_MODE;
  /* min(INT_MAX, 2^(8 * (15 - ivlen)) - 1) bytes */
  h->max_message = ivlen == 13 ? 65535 : ivlen == 12 ? 16777215 : INT_MAX;
  return 0;
}

/* cipherInit(name, key, iv|null, decrypt, authTagLength) -> handle, or a number:
 * -1 unknown cipher, -2 invalid key length, -3 invalid iv, -4 invalid tag
 * length, -5 tag length required (CCM, OCB) */
static void cipher_init(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  char *name = arg_utf8(ci, 0);
  if (!name) return;
  EVP_CIPHER *c = cipher_fetch(name);
  free(name);
  if (!c) return sh_ret(ci, sh_int(rt, -1));
  uint8_t *key = NULL, *iv = NULL;
  size_t keylen = 0, ivlen = 0;
  if (sh_bytes(sh_arg(ci, 1), &key, &keylen) < 0) keylen = 0;
  bool has_iv = sh_bytes(sh_arg(ci, 2), &iv, &ivlen) == 0 && ivlen > 0;
  int mode = EVP_CIPHER_get_mode(c);
  bool aead = mode == EVP_CIPH_GCM_MODE || mode == EVP_CIPH_OCB_MODE || mode == EVP_CIPH_CCM_MODE ||
              EVP_CIPHER_get_nid(c) == NID_chacha20_poly1305;
  bool decrypt = sh_to_bool(rt, sh_arg(ci, 3));
  int rc = cipher_iv_valid(c, aead, has_iv, ivlen) ? 0 : -3;
  EVP_CIPHER_CTX *ctx = rc ? NULL : EVP_CIPHER_CTX_new();
  handle *h = ctx ? handle_new(H_CIPHER, ctx) : NULL;
  int ok = h && EVP_CipherInit_ex(ctx, c, NULL, NULL, NULL, decrypt ? 0 : 1) == 1;
  if (ok && aead) rc = cipher_init_aead(h, c, ivlen, (int)arg_num(ci, 4));
  if (ok && !rc && EVP_CIPHER_CTX_set_key_length(ctx, (int)keylen) != 1) rc = -2;
  if (ok && !rc)
    ok = EVP_CipherInit_ex(ctx, NULL, NULL, key, has_iv ? iv : NULL, decrypt ? 0 : 1) == 1;
  EVP_CIPHER_free(c);
  if (rc || !ok) {
    ERR_clear_error();
    EVP_CIPHER_CTX_free(ctx);
    free(h);
    if (rc) return sh_ret(ci, sh_int(rt, rc));
    sh_throw(rt, ossl_error(rt, "cipher init failed"));
    return;
  }
  h->decrypt = decrypt;
  h->aead = aead;
  sh_ret(ci, handle_wrap(rt, h));
}

/* A decryption's tag reaches OpenSSL once, before the data (CCM needs it
 * before the first update; setAuthTag only keeps it). */
static void cipher_pass_tag(handle *h) {
  if (!h->aead || !h->decrypt || h->tag_passed || h->tag_len == 0) return;
  EVP_CIPHER_CTX_ctrl(h->ctx, EVP_CTRL_AEAD_SET_TAG, h->tag_len, h->tag);
  h->tag_passed = true;
}

/* cipherUpdate(handle, data) -> ArrayBuffer */
static void cipher_update(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  handle *h = arg_handle(ci, H_CIPHER);
  if (!h) return;
  bytes_arg in;
  if (!bytes_get(rt, sh_arg(ci, 1), &in)) return;
  if (h->ccm && in.len > (size_t)h->max_message) {
    bytes_done(&in);
    return sh_ret(ci, sh_int(rt, -1));
  }
  cipher_pass_tag(h);
  int bs = EVP_CIPHER_CTX_get_block_size(h->ctx);
  /* As Node: OpenSSL counts in int, so input plus a block must fit one
   * (refused before allocating the output, not after encrypting 2 GiB). */
  uint8_t *out = in.len + (size_t)bs <= INT_MAX ? malloc(in.len + (size_t)bs + 1) : NULL;
  int outl = 0;
  int ok = out ? EVP_CipherUpdate(h->ctx, out, &outl, not_null(in.data), (int)in.len) : 0;
  bytes_done(&in);
  if (ok != 1 && h->ccm && h->decrypt) { /* authentication failed: final() throws */
    ERR_clear_error();
    h->auth_failed = true;
    ok = 1;
    outl = 0;
  }
  if (ok != 1) {
    free(out);
    sh_throw(rt, ossl_error(rt, "Trying to add data in unsupported state"));
    return;
  }
  sh_ret(ci, make_ab(rt, out, (size_t)outl));
  free(out);
}

/* cipherFinal(handle) -> ArrayBuffer; for AEAD encryption keeps the tag */
static void cipher_final(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  handle *h = arg_handle(ci, H_CIPHER);
  if (!h) return;
  uint8_t out[64];
  int outl = 0;
  cipher_pass_tag(h);
  if (h->aead && h->decrypt && (h->tag_len == 0 || h->auth_failed)) {
    handle_free_ctx(h);
    sh_throw_error(rt, SH_ERROR, "Unsupported state or unable to authenticate data");
    return;
  }
  /* CCM decryption checked the tag in update; its final always fails */
  int ok = h->ccm && h->decrypt ? 1 : EVP_CipherFinal_ex(h->ctx, out, &outl);
  if (ok != 1) {
    handle_free_ctx(h);
    if (h->aead) {
      ERR_clear_error();
      sh_throw_error(rt, SH_ERROR, "Unsupported state or unable to authenticate data");
    } else {
      sh_throw(rt, ossl_error(rt, "final failed"));
    }
    return;
  }
  if (h->aead && !h->decrypt) {
    h->tag_len = h->auth_tag_len >= 0 ? h->auth_tag_len : 16;
    /* fails for CCM with no update at all (OpenSSL's "tag not set") */
    if (EVP_CIPHER_CTX_ctrl(h->ctx, EVP_CTRL_AEAD_GET_TAG, h->tag_len, h->tag) != 1) {
      h->tag_len = 0;
      handle_free_ctx(h);
      sh_throw(rt, ossl_error(rt, "Unsupported state or unable to authenticate data"));
      return;
    }
  }
  handle_free_ctx(h);
  sh_ret(ci, make_ab(rt, out, (size_t)outl));
}

/* CCM takes the plaintext length before the AAD: 1, or -1 (not given), -2
 * (too long), 0 (refused). */
static int cipher_ccm_length(handle *h, double plaintext_len) {
  if (plaintext_len < 0) return -1;
  if (plaintext_len > h->max_message) return -2;
  cipher_pass_tag(h);
  int outl = 0;
  return EVP_CipherUpdate(h->ctx, NULL, &outl, NULL, (int)plaintext_len) == 1;
}

/* cipherSetAAD(handle, data, plaintextLength or -1) -> 1, 0 (invalid state),
 * -1 (CCM without plaintextLength), -2 (CCM message too long) */
static void cipher_set_aad(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  handle *h = arg_handle(ci, H_CIPHER);
  if (!h) return;
  bytes_arg in;
  if (!bytes_get(rt, sh_arg(ci, 1), &in)) return;
  int outl = 0;
  int rc = h->aead ? 1 : 0;
  if (rc && h->ccm)
    rc = cipher_ccm_length(h, sh_is(sh_arg(ci, 2), SH_NUMBER) ? arg_num(ci, 2) : -1);
  if (rc == 1) rc = EVP_CipherUpdate(h->ctx, NULL, &outl, not_null(in.data), (int)in.len) == 1;
  bytes_done(&in);
  ERR_clear_error();
  sh_ret(ci, sh_int(rt, rc));
}

/* cipherSetAuthTag(handle, tag) -> 1, 0 (invalid state: not an AEAD
 * decryption, finished, or a tag already set) or -1 (invalid length: GCM's
 * NIST lengths and the authTagLength given, the other modes' fixed one).
 * The tag is kept and reaches OpenSSL before the data (cipher_pass_tag). */
static void cipher_set_auth_tag(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  handle *h = sh_obj_ptr(rt, sh_arg(ci, 0));
  uint8_t *tag = NULL;
  size_t n = 0;
  if (!h || h->kind != H_CIPHER || !h->ctx || !h->aead || !h->decrypt || h->tag_len ||
      sh_bytes(sh_arg(ci, 1), &tag, &n) < 0)
    return sh_ret(ci, sh_int(rt, 0));
  bool gcm = EVP_CIPHER_CTX_get_mode(h->ctx) == EVP_CIPH_GCM_MODE;
  bool valid =
      gcm ? (h->auth_tag_len < 0 || h->auth_tag_len == (int)n) && gcm_tag_length_valid((int)n)
          : h->auth_tag_len == (int)n;
  if (!valid) return sh_ret(ci, sh_int(rt, -1));
  memcpy(h->tag, tag, n);
  h->tag_len = (int)n;
  sh_ret(ci, sh_int(rt, 1));
}

/* cipherGetAuthTag(handle) -> ArrayBuffer | undefined (not available) */
static void cipher_get_auth_tag(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  handle *h = sh_obj_ptr(rt, sh_arg(ci, 0));
  if (!h || h->kind != H_CIPHER || h->decrypt || !h->tag_len) return;
  sh_ret(ci, make_ab(rt, h->tag, (size_t)h->tag_len));
}

/* cipherRun(handle, data, cb?) -> ArrayBuffer: all of data through the
 * cipher at once (output, then the tag when AEAD-encrypting); the handle is
 * used up (its context moves into the job). */
static void cipher_run(sh_cbinfo *ci) {
  handle *h = arg_handle(ci, H_CIPHER);
  if (!h) return;
  job *j = job_new(J_CIPHER);
  if (!job_in(ci, j, 0, 1)) return;
  cipher_pass_tag(h);
  j->cipher = h->ctx;
  h->ctx = NULL;
  j->aead = h->aead;
  j->decrypt = h->decrypt;
  j->tag_len = h->decrypt ? h->tag_len : h->auth_tag_len >= 0 ? h->auth_tag_len : 16;
  job_start(ci, j, 2);
}

/* cipherSetAutoPadding(handle, bool) -> bool */
static void cipher_set_auto_padding(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  handle *h = sh_obj_ptr(rt, sh_arg(ci, 0));
  if (!h || h->kind != H_CIPHER || !h->ctx) return sh_ret(ci, sh_bool(rt, false));
  EVP_CIPHER_CTX_set_padding(h->ctx, sh_to_bool(rt, sh_arg(ci, 1)) ? 1 : 0);
  sh_ret(ci, sh_bool(rt, true));
}

/* cipherInfo(name or nid) -> [keyLength, ivLength, blockSize, mode, short name, nid] | undefined */
static void cipher_info(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  EVP_CIPHER *c = NULL;
  if (sh_is(sh_arg(ci, 0), SH_NUMBER)) { /* a nid */
    const char *sn = OBJ_nid2sn((int)arg_num(ci, 0));
    c = sn ? cipher_fetch(sn) : NULL;
  } else {
    char *name = arg_utf8(ci, 0);
    if (!name) return;
    c = cipher_fetch(name);
    free(name);
  }
  if (!c) return;
  sh_val a = sh_arr(rt, 5);
  sh_set_i(rt, a, 0, sh_int(rt, EVP_CIPHER_get_key_length(c)));
  sh_set_i(rt, a, 1, sh_int(rt, EVP_CIPHER_get_iv_length(c)));
  sh_set_i(rt, a, 2, sh_int(rt, EVP_CIPHER_get_block_size(c)));
  sh_set_i(rt, a, 3, sh_int(rt, EVP_CIPHER_get_mode(c)));
  int nid = EVP_CIPHER_get_nid(c);
  const char *sn = OBJ_nid2sn(nid);
  sh_set_i(rt, a, 4, sh_str(rt, sn ? sn : EVP_CIPHER_get0_name(c), SIZE_MAX));
  sh_set_i(rt, a, 5, sh_int(rt, nid));
  EVP_CIPHER_free(c);
  sh_ret(ci, a);
}

/* --- listings ------------------------------------------------------------ */

typedef struct name_list {
  sh_rt *rt;
  sh_val arr;
  uint32_t n;
} name_list;

static void push_md(const EVP_MD *m, const char *from, const char *to, void *arg) {
  (void)m;
  (void)to;
  name_list *l = arg;
  if (!from) return;
  const EVP_MD *real = EVP_get_digestbyname(from);
  if (!real) return;
  EVP_MD *f = EVP_MD_fetch(NULL, EVP_MD_get0_name(real), NULL);
  ERR_clear_error();
  if (!f) return;
  EVP_MD_free(f);
  sh_set_i(l->rt, l->arr, l->n++, sh_str(l->rt, from, SIZE_MAX));
}

static void push_cipher(const EVP_CIPHER *c, const char *from, const char *to, void *arg) {
  (void)c;
  (void)to;
  name_list *l = arg;
  if (!from) return;
  const EVP_CIPHER *real = EVP_get_cipherbyname(from);
  if (!real) return;
  EVP_CIPHER *f = EVP_CIPHER_fetch(NULL, EVP_CIPHER_get0_name(real), NULL);
  ERR_clear_error();
  if (!f) return;
  EVP_CIPHER_free(f);
  sh_set_i(l->rt, l->arr, l->n++, sh_str(l->rt, from, SIZE_MAX));
}

static void get_hashes(sh_cbinfo *ci) {
  name_list l = {sh_ci_rt(ci), sh_arr(sh_ci_rt(ci), 0), 0};
  EVP_MD_do_all_sorted(push_md, &l);
  sh_ret(ci, l.arr);
}

static void get_ciphers(sh_cbinfo *ci) {
  name_list l = {sh_ci_rt(ci), sh_arr(sh_ci_rt(ci), 0), 0};
  EVP_CIPHER_do_all_sorted(push_cipher, &l);
  sh_ret(ci, l.arr);
}

/* timingSafeEqual(a, b) -> bool (same lengths checked by js-lib) */
static void timing_safe_equal(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  uint8_t *a = NULL, *b = NULL;
  size_t la = 0, lb = 0;
  if (sh_bytes(sh_arg(ci, 0), &a, &la) < 0 || sh_bytes(sh_arg(ci, 1), &b, &lb) < 0 || la != lb)
    return sh_ret(ci, sh_bool(rt, false));
  sh_ret(ci, sh_bool(rt, la == 0 || CRYPTO_memcmp(a, b, la) == 0));
}

/* --secure-heap: OpenSSL's secure heap (private key material of DH, EC...)
 * set up once for the process, before the first crypto binding is used. */
static uv_once_t secure_heap_once = UV_ONCE_INIT;

static void secure_heap_init(void) {
  const runtime_cli *cli = runtime_cli_get();
  if (cli && cli->secure_heap &&
      CRYPTO_secure_malloc_init((size_t)cli->secure_heap, (size_t)cli->secure_heap_min) == 0)
    fprintf(stderr, "Unable to initialize openssl secure heap.\n");
}

/* secureHeapUsed() -> {total, min, used, utilization} | undefined (no secure heap) */
static void secure_heap_used(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  const runtime_cli *cli = runtime_cli_get();
  if (!CRYPTO_secure_malloc_initialized() || !cli) return;
  double used = (double)CRYPTO_secure_used(), total = (double)cli->secure_heap;
  sh_val o = sh_obj(rt);
  sh_set_s(rt, o, "total", sh_num(rt, total));
  sh_set_s(rt, o, "used", sh_num(rt, used));
  sh_set_s(rt, o, "utilization", sh_num(rt, used / total));
  sh_set_s(rt, o, "min", sh_num(rt, (double)cli->secure_heap_min));
  sh_ret(ci, o);
}

sh_val binding_crypto_init(sh_rt *rt) {
  sh_val b = sh_obj(rt);
  uv_once(&secure_heap_once, secure_heap_init);
  bind_fn(rt, b, "secureHeapUsed", secure_heap_used);
  bind_fn(rt, b, "hashInit", hash_init);
  bind_fn(rt, b, "hashUpdate", hash_update);
  bind_fn(rt, b, "hashDigest", hash_digest);
  bind_fn(rt, b, "hashCopy", hash_copy);
  bind_fn(rt, b, "mdSize", md_size);
  bind_fn(rt, b, "hmacInit", hmac_init);
  bind_fn(rt, b, "hmacUpdate", hmac_update);
  bind_fn(rt, b, "hmacDigest", hmac_digest);
  bind_fn(rt, b, "digest", crypto_digest);
  bind_fn(rt, b, "hmac", crypto_hmac);
  bind_fn(rt, b, "pbkdf2", crypto_pbkdf2);
  bind_fn(rt, b, "scrypt", crypto_scrypt);
  bind_fn(rt, b, "scryptCheck", scrypt_check);
  bind_fn(rt, b, "hkdf", crypto_hkdf);
  bind_fn(rt, b, "randomFill", crypto_random_fill);
  bind_fn(rt, b, "cipherInit", cipher_init);
  bind_fn(rt, b, "cipherUpdate", cipher_update);
  bind_fn(rt, b, "cipherFinal", cipher_final);
  bind_fn(rt, b, "cipherSetAAD", cipher_set_aad);
  bind_fn(rt, b, "cipherSetAuthTag", cipher_set_auth_tag);
  bind_fn(rt, b, "cipherGetAuthTag", cipher_get_auth_tag);
  bind_fn(rt, b, "cipherRun", cipher_run);
  bind_fn(rt, b, "cipherSetAutoPadding", cipher_set_auto_padding);
  bind_fn(rt, b, "cipherInfo", cipher_info);
  bind_fn(rt, b, "getHashes", get_hashes);
  bind_fn(rt, b, "getCiphers", get_ciphers);
  bind_fn(rt, b, "timingSafeEqual", timing_safe_equal);
  sh_set_s(rt, b, "opensslVersionNumber", sh_num(rt, (double)OPENSSL_VERSION_NUMBER));
  bind_str(rt, b, "opensslVersion", OpenSSL_version(OPENSSL_VERSION_STRING));
  return b;
}
