#ifndef SHOAL_BINDINGS_MOD_CRYPTO_H
#define SHOAL_BINDINGS_MOD_CRYPTO_H
/* mod_crypto: OpenSSL helpers shared by the crypto bindings
 * (mod_crypto.c, mod_crypto_keys.c, mod_crypto_sig.c, mod_crypto_dh.c). */
#include <openssl/evp.h>

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
} ossl_err_info;
/* Moves the newest error of this thread's queue into *info (fallback text
 * when the queue is empty) and clears the queue. */
void ossl_err_capture(ossl_err_info *info, const char *fallback);
sh_val ossl_err_value(sh_rt *rt, const ossl_err_info *info);

/* A digest/cipher by any alias (Node's lookup); NULL when unknown. The caller
 * frees the result (EVP_MD_free / EVP_CIPHER_free). */
EVP_MD *md_fetch(const char *name);
EVP_CIPHER *cipher_fetch(const char *name);
#endif
