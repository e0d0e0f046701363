#ifndef SHOAL_BINDINGS_BASE64_H
#define SHOAL_BINDINGS_BASE64_H
/* base64: the codec behind Buffer's 'base64'/'base64url' encodings
 * (bindings/mod_buffer.c) and the cluster hop of BroadcastChannel, whose
 * payloads travel as base64 strings in the master's JSON frames
 * (bindings/mod_messaging.c). Plain functions on caller-owned memory. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BASE64_TABLE "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
#define BASE64URL_TABLE "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

/* The room base64_encode needs for n bytes (padding included). */
size_t base64_encoded_max(size_t n);
/* Encodes n bytes of src with `table` into out; returns the characters written. */
size_t base64_encode(const uint8_t *src, size_t n, char *out, const char *table, bool pad);
/* Decodes src (either alphabet, whitespace and junk skipped, stops at '=')
 * into dst (at most cap bytes); returns the bytes written. */
size_t base64_decode(const uint8_t *src, size_t len, uint8_t *dst, size_t cap);
#endif
