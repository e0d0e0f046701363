#ifndef SHOAL_BINDINGS_MOD_CRYPTO_KEYS_H
#define SHOAL_BINDINGS_MOD_CRYPTO_KEYS_H
/* mod_crypto_keys: asymmetric keys for js-lib/internal/crypto/keys.js, as
 * internalBinding('crypto_keys'): an EVP_PKEY wrapped in a JavaScript handle
 * object (freed when the handle is collected); parsing from PEM/DER/JWK
 * parts, export, details, comparison and key generation (sync or on libuv's
 * thread pool). The same binding object also carries the functions of
 * mod_crypto_sig.c (signatures, RSA encryption, key agreement) and
 * mod_crypto_dh.c (ECDH/DH arithmetic, primes) and mod_crypto_x509.c
 * (X509Certificate). */
#include <openssl/evp.h>
#include <stdbool.h>

#include "v8shim.h"

/* A new handle owning pkey (freed when the handle is collected). `priv`:
 * the key holds private material. */
sh_val crypto_key_wrap(sh_rt *rt, EVP_PKEY *pkey, bool priv);

/* The key of handle v (borrowed, valid while v is alive), or NULL after
 * throwing a TypeError when v is no key handle. *priv (may be NULL) tells
 * whether it holds private material. */
EVP_PKEY *crypto_key_get(sh_rt *rt, sh_val v, bool *priv);

/* Add the functions of mod_crypto_sig.c / _dh.c / _x509.c to binding b. */
void crypto_sig_bind(sh_rt *rt, sh_val b);
void crypto_dh_bind(sh_rt *rt, sh_val b);
void crypto_x509_bind(sh_rt *rt, sh_val b);
#endif
