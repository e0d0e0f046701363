/* internalBinding('buffer'): the native fast paths of js-lib/buffer.js.
 * The interface (names, arguments, results) is documented at the top of
 * js-lib/buffer.js. js-lib validates every offset before calling, so here
 * `u8` is a Uint8Array and 0 <= start <= end <= u8.length,
 * offset + maxLength <= u8.length. Results are byte-identical to Node's. */
#define _GNU_SOURCE /* memmem */
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "binding.h"

/* The bytes of argument i; false (after throwing) when it is no view. */
static bool arg_bytes(sh_cbinfo *ci, int i, uint8_t **data, size_t *len) {
  if (sh_bytes(sh_arg(ci, i), data, len) == 0) return true;
  sh_throw_error(sh_ci_rt(ci), SH_TYPE_ERROR, "argument must be a Uint8Array");
  return false;
}

/* The string argument i; NULL (after throwing) when it is not a string. */
static sh_val arg_string(sh_cbinfo *ci, int i) {
  sh_val s = sh_arg(ci, i);
  if (sh_is(s, SH_STRING)) return s;
  sh_throw_error(sh_ci_rt(ci), SH_TYPE_ERROR, "argument must be a string");
  return NULL;
}

/* Clamps a numeric argument to [0, max]. */
static size_t arg_size(sh_cbinfo *ci, int i, size_t max) {
  double d = arg_num(ci, i);
  if (!(d > 0)) return 0;
  return d >= (double)max ? max : (size_t)d;
}

/* The [start, end) range of a slice call: arguments 1 and 2 of u8. */
static bool slice_args(sh_cbinfo *ci, uint8_t **p, size_t *n) {
  uint8_t *data;
  size_t len;
  if (!arg_bytes(ci, 0, &data, &len)) return false;
  size_t end = arg_size(ci, 2, len), start = arg_size(ci, 1, end);
  *p = data + start;
  *n = end - start;
  return true;
}

/* The target of a write call (u8, str, offset, maxLength). */
static bool write_args(sh_cbinfo *ci, sh_val *s, uint8_t **p, size_t *cap) {
  uint8_t *data;
  size_t len;
  if (!arg_bytes(ci, 0, &data, &len) || !(*s = arg_string(ci, 1))) return false;
  size_t off = arg_size(ci, 2, len);
  *p = data + off;
  *cap = arg_size(ci, 3, len - off);
  return true;
}

static void ret_size(sh_cbinfo *ci, size_t n) {
  sh_ret(ci, sh_num(sh_ci_rt(ci), (double)n));
}

/* Returns a string made by the shim, or throws when it was too long. */
static void ret_string(sh_cbinfo *ci, sh_val s) {
  if (s) sh_ret(ci, s);
  else throw_string_too_long(sh_ci_rt(ci));
}

/* --- utf8 ------------------------------------------------------------------ */

static void byte_length_utf8(sh_cbinfo *ci) {
  sh_val s = arg_string(ci, 0);
  if (s) ret_size(ci, sh_str_utf8_length(sh_ci_rt(ci), s));
}

static void utf8_write(sh_cbinfo *ci) {
  sh_val s;
  uint8_t *p;
  size_t cap;
  if (!write_args(ci, &s, &p, &cap)) return;
  ret_size(ci, sh_str_write_utf8(sh_ci_rt(ci), s, (char *)p, cap, NULL));
}

/* V8's UTF-8 decoder follows WHATWG (maximal subparts -> U+FFFD), as Node's. */
static void utf8_slice(sh_cbinfo *ci) {
  uint8_t *p;
  size_t n;
  if (slice_args(ci, &p, &n)) ret_string(ci, sh_str(sh_ci_rt(ci), (const char *)p, n));
}

/* --- latin1 / ascii ------------------------------------------------------- */

static void latin1_write(sh_cbinfo *ci) {
  sh_val s;
  uint8_t *p;
  size_t cap;
  if (!write_args(ci, &s, &p, &cap)) return;
  ret_size(ci, sh_str_write_latin1(sh_ci_rt(ci), s, p, 0, cap));
}

static void latin1_slice(sh_cbinfo *ci) {
  uint8_t *p;
  size_t n;
  if (slice_args(ci, &p, &n)) ret_string(ci, sh_str_latin1(sh_ci_rt(ci), p, n));
}

static void ascii_slice(sh_cbinfo *ci) {
  uint8_t *p;
  size_t n;
  if (!slice_args(ci, &p, &n)) return;
  uint8_t *tmp = malloc(n ? n : 1);
  for (size_t i = 0; i < n; i++) tmp[i] = p[i] & 0x7f;
  ret_string(ci, sh_str_latin1(sh_ci_rt(ci), tmp, n));
  free(tmp);
}

/* The string argument 1 truncated to bytes (code unit & 0xFF), as Node's
 * hex and base64 decoders see two-byte strings. malloc'd. */
static uint8_t *string_low_bytes(sh_cbinfo *ci, sh_val s, size_t *len) {
  sh_rt *rt = sh_ci_rt(ci);
  *len = sh_str_length(rt, s);
  uint8_t *buf = malloc(*len ? *len : 1);
  sh_str_write_latin1(rt, s, buf, 0, *len);
  return buf;
}

/* --- hex ------------------------------------------------------------------ */

static int unhex(uint8_t c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static void hex_write(sh_cbinfo *ci) {
  sh_val s;
  uint8_t *p;
  size_t cap, len;
  if (!write_args(ci, &s, &p, &cap)) return;
  uint8_t *src = string_low_bytes(ci, s, &len);
  size_t i;
  for (i = 0; i < cap && i * 2 + 1 < len; i++) {
    int a = unhex(src[i * 2]), b = unhex(src[i * 2 + 1]);
    if (a < 0 || b < 0) break;
    p[i] = (uint8_t)(a << 4 | b);
  }
  free(src);
  ret_size(ci, i);
}

static void hex_slice(sh_cbinfo *ci) {
  static const char digits[] = "0123456789abcdef";
  uint8_t *p;
  size_t n;
  if (!slice_args(ci, &p, &n)) return;
  uint8_t *out = malloc(n * 2 + 1);
  for (size_t i = 0; i < n; i++) {
    out[2 * i] = (uint8_t)digits[p[i] >> 4];
    out[2 * i + 1] = (uint8_t)digits[p[i] & 15];
  }
  ret_string(ci, sh_str_latin1(sh_ci_rt(ci), out, n * 2));
  free(out);
}

/* --- base64 ---------------------------------------------------------------- */

static void base64_write(sh_cbinfo *ci) {
  sh_val s;
  uint8_t *p;
  size_t cap, len;
  if (!write_args(ci, &s, &p, &cap)) return;
  uint8_t *src = string_low_bytes(ci, s, &len);
  size_t n = base64_decode(src, len, p, cap);
  free(src);
  ret_size(ci, n);
}

static void base64_encode_slice(sh_cbinfo *ci, const char *table, bool pad) {
  uint8_t *p;
  size_t n;
  if (!slice_args(ci, &p, &n)) return;
  char *out = malloc(base64_encoded_max(n) + 1);
  size_t k = base64_encode(p, n, out, table, pad);
  ret_string(ci, sh_str_latin1(sh_ci_rt(ci), (uint8_t *)out, k));
  free(out);
}

static void base64_slice(sh_cbinfo *ci) {
  base64_encode_slice(ci, BASE64_TABLE, true);
}

static void base64url_slice(sh_cbinfo *ci) {
  base64_encode_slice(ci, BASE64URL_TABLE, false);
}

/* --- ucs2 ------------------------------------------------------------------ */

static void ucs2_write(sh_cbinfo *ci) {
  sh_val s;
  uint8_t *p;
  size_t cap;
  if (!write_args(ci, &s, &p, &cap)) return;
  sh_rt *rt = sh_ci_rt(ci);
  size_t units = sh_str_length(rt, s);
  if (units > cap / 2) units = cap / 2;
  uint16_t *tmp = malloc(units ? units * 2 : 2);
  size_t n = sh_str_write_utf16(rt, s, tmp, 0, units);
  if (n) memcpy(p, tmp, n * 2); /* x86/arm64 are little-endian, like UTF-16LE */
  free(tmp);
  ret_size(ci, n * 2);
}

static void ucs2_slice(sh_cbinfo *ci) {
  uint8_t *p;
  size_t n;
  if (!slice_args(ci, &p, &n)) return;
  size_t units = n / 2;
  uint16_t *tmp = malloc(units ? units * 2 : 2);
  if (units) memcpy(tmp, p, units * 2);
  ret_string(ci, sh_str_utf16(sh_ci_rt(ci), tmp, units));
  free(tmp);
}

/* --- compare / indexOf / fill ------------------------------------------------ */

static void compare(sh_cbinfo *ci) {
  uint8_t *a, *b;
  size_t alen, blen;
  if (!arg_bytes(ci, 0, &a, &alen) || !arg_bytes(ci, 1, &b, &blen)) return;
  size_t common = alen < blen ? alen : blen;
  int c = common ? memcmp(a, b, common) : 0; /* empty buffers may have no data pointer */
  if (c == 0) c = alen < blen ? -1 : alen > blen ? 1 : 0;
  sh_ret(ci, sh_int(sh_ci_rt(ci), c < 0 ? -1 : c > 0 ? 1 : 0));
}

static int64_t search_forward(const uint8_t *h, size_t hlen, const uint8_t *nd, size_t nlen,
                              size_t from) {
  if (nlen > hlen || from > hlen - nlen) return -1;
  const uint8_t *r = memmem(h + from, hlen - from, nd, nlen);
  return r ? (int64_t)(r - h) : -1;
}

static int64_t search_backward(const uint8_t *h, size_t hlen, const uint8_t *nd, size_t nlen,
                               size_t from) {
  if (nlen > hlen) return -1;
  size_t i = from < hlen - nlen ? from : hlen - nlen;
  for (;; i--) {
    if (h[i] == nd[0] && memcmp(h + i, nd, nlen) == 0) return (int64_t)i;
    if (i == 0) return -1;
  }
}

/* indexOf(haystack, needle, fromIndex, isForward) -> index | -1 */
static void index_of(sh_cbinfo *ci) {
  uint8_t *h, *nd;
  size_t hlen, nlen;
  if (!arg_bytes(ci, 0, &h, &hlen) || !arg_bytes(ci, 1, &nd, &nlen)) return;
  sh_rt *rt = sh_ci_rt(ci);
  size_t from = arg_size(ci, 2, hlen);
  int64_t r = -1;
  if (nlen > 0) {
    r = sh_to_bool(rt, sh_arg(ci, 3)) ? search_forward(h, hlen, nd, nlen, from)
                                      : search_backward(h, hlen, nd, nlen, from);
  }
  sh_ret(ci, sh_int(rt, r));
}

/* fill(u8, value, start, end) */
static void fill(sh_cbinfo *ci) {
  uint8_t *p, *v;
  size_t len, vlen;
  if (!arg_bytes(ci, 0, &p, &len) || !arg_bytes(ci, 1, &v, &vlen) || vlen == 0) return;
  size_t end = arg_size(ci, 3, len), start = arg_size(ci, 2, end);
  if (end <= start) return;
  if (vlen == 1) {
    memset(p + start, v[0], end - start);
    return;
  }
  size_t n = end - start, first = n < vlen ? n : vlen;
  memmove(p + start, v, first);
  /* double the filled prefix until the range is full */
  for (size_t done = first; done < n;) {
    size_t k = done < n - done ? done : n - done;
    memcpy(p + start + done, p + start, k);
    done += k;
  }
}

sh_val binding_buffer_init(sh_rt *rt) {
  sh_val o = sh_obj(rt);
  static const struct {
    const char *name;
    sh_native_fn fn;
  } fns[] = {
      {"byteLengthUtf8", byte_length_utf8},
      {"utf8Write", utf8_write},
      {"utf8Slice", utf8_slice},
      {"latin1Write", latin1_write},
      {"latin1Slice", latin1_slice},
      {"asciiSlice", ascii_slice},
      {"hexWrite", hex_write},
      {"hexSlice", hex_slice},
      {"base64Write", base64_write},
      {"base64Slice", base64_slice},
      {"base64urlSlice", base64url_slice},
      {"ucs2Write", ucs2_write},
      {"ucs2Slice", ucs2_slice},
      {"compare", compare},
      {"indexOf", index_of},
      {"fill", fill},
  };
  for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) bind_fn(rt, o, fns[i].name, fns[i].fn);
  sh_set_s(rt, o, "zeroFill", sh_zero_fill_toggle(rt));
  bind_int(rt, o, "kMaxLength", (int64_t)1 << 32);
  bind_int(rt, o, "kStringMaxLength", (1 << 29) - 24);
  return o;
}
