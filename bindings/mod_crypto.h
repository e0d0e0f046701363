#ifndef SHOAL_BINDINGS_MOD_CRYPTO_H
#define SHOAL_BINDINGS_MOD_CRYPTO_H
/* mod_crypto: OpenSSL helpers shared by the crypto bindings
 * (mod_crypto.c, mod_crypto_keys.c, mod_crypto_sig.c, mod_crypto_dh.c). */
#include <openssl/evp.h>
#include <stdbool.h>
#include <uv.h>

#include "v8shim.h"

/* An Error for the newest OpenSSL error, shaped like Node's (message
 * "error:...", code ERR_OSSL_..., library, reason); `fallback` when the
 * queue is empty. Clears the queue. */
sh_val ossl_error(sh_rt *rt, const char *fallback);
/* The same for the oldest error of the queue. */
sh_val ossl_error_first(sh_rt *rt, const char *fallback);

/* An OpenSSL error captured on one thread (the error queue is per thread)
 * and turned into a JavaScript Error on the loop thread. */
typedef struct ossl_err_info {
  char msg[256];
  char code[96];
  char lib[64];
  char reason[96];
  /* The other errors of the queue, newest first, one a line: Node's
   * opensslErrorStack (absent when empty). */
  char stack[1024];
} ossl_err_info;
/* Moves the newest error of this thread's queue into *info (fallback text
 * when the queue is empty) and clears the queue. */
void ossl_err_capture(ossl_err_info *info, const char *fallback);
/* The same for the oldest error when `first`. */
void ossl_err_take(ossl_err_info *info, bool first, const char *fallback);
/* The Error for info; `decorate` adds library, reason and code (Node's
 * synchronous throws have them, errors handed to a job's callback do not). */
sh_val ossl_err_value(sh_rt *rt, const ossl_err_info *info, bool decorate);

/* A crypto job: work that runs on libuv's thread pool when the JavaScript
 * caller passes a callback (cb(err, result) on a later loop turn), or right
 * away otherwise (returns the result or throws). Every asynchronous crypto
 * operation goes through it. A job type embeds crypto_job as its first member
 * and owns everything `run` reads (copies of the bytes, EVP_PKEY references
 * taken with EVP_PKEY_up_ref): JavaScript objects may be gone or changed
 * while it runs. */
typedef struct crypto_job crypto_job;
typedef struct crypto_job_ops {
  /* Does the work, on any thread (no V8); reports failure with
   * crypto_job_fail. */
  void (*run)(crypto_job *j);
  /* The result value, on the loop thread after a successful run. */
  sh_val (*result)(crypto_job *j);
  /* Frees what the job owns and the job itself; called exactly once. */
  void (*free)(crypto_job *j);
} crypto_job_ops;
struct crypto_job {
  uv_work_t work;
  const crypto_job_ops *ops;
  sh_rt *rt;
  sh_ref *cb; /* owned by the job machinery */
  bool failed;
  ossl_err_info err;
};
/* Marks the job failed with this thread's oldest OpenSSL error, the rest of
 * the queue as its stack (fallback text when the queue is empty). */
void crypto_job_fail(crypto_job *j, const char *fallback);
/* Runs job j (ownership passes to the machinery): on the pool when argument
 * cbi of ci is a function, else synchronously (returns or throws). */
void crypto_job_start(sh_cbinfo *ci, crypto_job *j, int cbi);

/* A digest/cipher by any alias (Node's lookup); NULL when unknown. The caller
 * frees the result (EVP_MD_free / EVP_CIPHER_free). */
EVP_MD *md_fetch(const char *name);
EVP_CIPHER *cipher_fetch(const char *name);
#endif
