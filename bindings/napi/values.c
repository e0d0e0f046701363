/* Node-API: primitive values, strings, numbers, BigInts, Dates, symbols,
 * type checks, coercion and promises. */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "napi_internal.h"

#define V(x) ((sh_val)(x))
#define NV(x) ((napi_value)(x))

/* Sets *result and reports ok, or a failure when the shim returned NULL. */
static napi_status give(napi_env env, sh_val v, napi_value *result) {
  if (!v) return NAPI_THREW(env);
  *result = NV(v);
  return NAPI_OK(env);
}

#define SIMPLE_GETTER(name, expr)                      \
  napi_status name(napi_env env, napi_value *result) { \
    NAPI_CHECK_ENV(env);                               \
    NAPI_CHECK_ARG(env, result);                       \
    return give(env, (expr), result);                  \
  }
SIMPLE_GETTER(napi_get_undefined, sh_undefined(env->rt))
SIMPLE_GETTER(napi_get_null, sh_null(env->rt))
SIMPLE_GETTER(napi_get_global, sh_global(env->rt))
SIMPLE_GETTER(napi_create_object, sh_obj(env->rt))
SIMPLE_GETTER(napi_create_array, sh_arr(env->rt, 0))

napi_status napi_get_boolean(napi_env env, bool value, napi_value *result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  return give(env, sh_bool(env->rt, value), result);
}

napi_status napi_create_array_with_length(napi_env env, size_t length, napi_value *result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  /* Node clamps to what an array can hold. */
  return give(env, sh_arr(env->rt, length > UINT32_MAX ? 0 : (uint32_t)length), result);
}

#define NUMBER_CTOR(name, type)                                    \
  napi_status name(napi_env env, type value, napi_value *result) { \
    NAPI_CHECK_ENV(env);                                           \
    NAPI_CHECK_ARG(env, result);                                   \
    return give(env, sh_num(env->rt, (double)value), result);      \
  }
NUMBER_CTOR(napi_create_double, double)
NUMBER_CTOR(napi_create_int32, int32_t)
NUMBER_CTOR(napi_create_uint32, uint32_t)
NUMBER_CTOR(napi_create_int64, int64_t)

napi_status napi_create_bigint_int64(napi_env env, int64_t value, napi_value *result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  return give(env, sh_bigint_i64(env->rt, value), result);
}

napi_status napi_create_bigint_uint64(napi_env env, uint64_t value, napi_value *result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  return give(env, sh_bigint_u64(env->rt, value), result);
}

napi_status napi_create_bigint_words(napi_env env, int sign_bit, size_t word_count,
                                     const uint64_t *words, napi_value *result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, words);
  NAPI_CHECK_ARG(env, result);
  if (word_count > INT_MAX) return snapi_status(env, napi_invalid_arg);
  return give(env, sh_bigint_words(env->rt, sign_bit, word_count, words), result);
}

sh_val snapi_str(napi_env env, const char *str, size_t length) {
  if (length == NAPI_AUTO_LENGTH) length = strlen(str);
  if (length > INT_MAX) return NULL;
  return sh_str(env->rt, str, length);
}

static napi_status check_str_args(napi_env env, const char *str, size_t length,
                                  napi_value *result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  if (!str && length != 0) return snapi_status(env, napi_invalid_arg);
  if (length != NAPI_AUTO_LENGTH && length > INT_MAX) return snapi_status(env, napi_invalid_arg);
  return napi_ok;
}

napi_status napi_create_string_utf8(napi_env env, const char *str, size_t length,
                                    napi_value *result) {
  napi_status s = check_str_args(env, str, length, result);
  if (s != napi_ok) return s;
  return give(env, str ? snapi_str(env, str, length) : sh_str(env->rt, "", 0), result);
}

napi_status napi_create_string_latin1(napi_env env, const char *str, size_t length,
                                      napi_value *result) {
  napi_status s = check_str_args(env, str, length, result);
  if (s != napi_ok) return s;
  if (str && length == NAPI_AUTO_LENGTH) length = strlen(str);
  return give(env, sh_str_latin1(env->rt, (const uint8_t *)(str ? str : ""), str ? length : 0),
              result);
}

napi_status napi_create_string_utf16(napi_env env, const char16_t *str, size_t length,
                                     napi_value *result) {
  napi_status s = check_str_args(env, (const char *)str, length, result);
  if (s != napi_ok) return s;
  if (str && length == NAPI_AUTO_LENGTH) {
    length = 0;
    while (str[length]) length++;
  }
  static const uint16_t empty[1];
  return give(env, sh_str_utf16(env->rt, str ? (const uint16_t *)str : empty, str ? length : 0),
              result);
}

/* External strings are copied (allowed by the API: *copied tells the addon,
 * which keeps ownership and finalizes nothing). */
napi_status node_api_create_external_string_latin1(napi_env env, char *str, size_t length,
                                                   node_api_nogc_finalize finalize_callback,
                                                   void *finalize_hint, napi_value *result,
                                                   bool *copied) {
  (void)finalize_callback;
  (void)finalize_hint;
  napi_status s = napi_create_string_latin1(env, str, length, result);
  if (s == napi_ok && copied) *copied = true;
  return s;
}

napi_status node_api_create_external_string_utf16(napi_env env, char16_t *str, size_t length,
                                                  node_api_nogc_finalize finalize_callback,
                                                  void *finalize_hint, napi_value *result,
                                                  bool *copied) {
  (void)finalize_callback;
  (void)finalize_hint;
  napi_status s = napi_create_string_utf16(env, str, length, result);
  if (s == napi_ok && copied) *copied = true;
  return s;
}

napi_status napi_create_symbol(napi_env env, napi_value description, napi_value *result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  if (description && !sh_is(V(description), SH_STRING))
    return snapi_status(env, napi_string_expected);
  return give(env, sh_symbol(env->rt, V(description)), result);
}

napi_status node_api_symbol_for(napi_env env, const char *utf8description, size_t length,
                                napi_value *result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  if (!utf8description && length != 0) return snapi_status(env, napi_invalid_arg);
  sh_val key = utf8description ? snapi_str(env, utf8description, length) : sh_str(env->rt, "", 0);
  if (!key) return snapi_status(env, napi_invalid_arg);
  return give(env, sh_symbol_for(env->rt, key), result);
}

napi_status napi_create_date(napi_env env, double time, napi_value *result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, result);
  return give(env, sh_date(env->rt, time), result);
}

/* --- reading values ------------------------------------------------------- */

napi_status napi_typeof(napi_env env, napi_value value, napi_valuetype *result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, result);
  sh_val v = V(value);
  if (sh_is(v, SH_NUMBER)) *result = napi_number;
  else if (sh_is(v, SH_BIGINT)) *result = napi_bigint;
  else if (sh_is(v, SH_STRING)) *result = napi_string;
  else if (sh_is(v, SH_FUNCTION)) *result = napi_function;
  else if (sh_is(v, SH_EXTERNAL)) *result = napi_external;
  else if (sh_is(v, SH_OBJECT)) *result = napi_object;
  else if (sh_is(v, SH_BOOLEAN)) *result = napi_boolean;
  else if (sh_is(v, SH_UNDEFINED)) *result = napi_undefined;
  else if (sh_is(v, SH_SYMBOL)) *result = napi_symbol;
  else if (sh_is(v, SH_NULL)) *result = napi_null;
  else return snapi_status(env, napi_invalid_arg);
  return NAPI_OK(env);
}

#define NUMBER_GETTER(name, type, expr)                                              \
  napi_status name(napi_env env, napi_value value, type *result) {                   \
    NAPI_CHECK_ENV(env);                                                             \
    NAPI_CHECK_ARG(env, value);                                                      \
    NAPI_CHECK_ARG(env, result);                                                     \
    if (!sh_is(V(value), SH_NUMBER)) return snapi_status(env, napi_number_expected); \
    *result = (expr);                                                                \
    return NAPI_OK(env);                                                             \
  }
NUMBER_GETTER(napi_get_value_double, double, sh_to_num(env->rt, V(value)))
NUMBER_GETTER(napi_get_value_int32, int32_t, sh_num_i32(V(value)))
NUMBER_GETTER(napi_get_value_uint32, uint32_t, sh_num_u32(V(value)))
NUMBER_GETTER(napi_get_value_int64, int64_t, sh_num_i64(V(value)))

napi_status napi_get_value_bool(napi_env env, napi_value value, bool *result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, result);
  if (!sh_is(V(value), SH_BOOLEAN)) return snapi_status(env, napi_boolean_expected);
  *result = sh_to_bool(env->rt, V(value));
  return NAPI_OK(env);
}

#define BIGINT_GETTER(name, type, conv)                                              \
  napi_status name(napi_env env, napi_value value, type *result, bool *lossless) {   \
    NAPI_CHECK_ENV(env);                                                             \
    NAPI_CHECK_ARG(env, value);                                                      \
    NAPI_CHECK_ARG(env, result);                                                     \
    NAPI_CHECK_ARG(env, lossless);                                                   \
    if (!sh_is(V(value), SH_BIGINT)) return snapi_status(env, napi_bigint_expected); \
    *result = conv(V(value), lossless);                                              \
    return NAPI_OK(env);                                                             \
  }
BIGINT_GETTER(napi_get_value_bigint_int64, int64_t, sh_bigint_to_i64)
BIGINT_GETTER(napi_get_value_bigint_uint64, uint64_t, sh_bigint_to_u64)

napi_status napi_get_value_bigint_words(napi_env env, napi_value value, int *sign_bit,
                                        size_t *word_count, uint64_t *words) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, word_count);
  if (!sh_is(V(value), SH_BIGINT)) return snapi_status(env, napi_bigint_expected);
  if (!words) {
    sh_bigint_get_words(V(value), NULL, word_count, NULL);
  } else {
    NAPI_CHECK_ARG(env, sign_bit);
    sh_bigint_get_words(V(value), sign_bit, word_count, words);
  }
  return NAPI_OK(env);
}

napi_status napi_get_date_value(napi_env env, napi_value value, double *result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, result);
  if (!sh_is(V(value), SH_DATE)) return snapi_status(env, napi_date_expected);
  *result = sh_date_value(V(value));
  return NAPI_OK(env);
}

/* The string getters: with buf NULL, *result gets the length without the NUL;
 * otherwise at most bufsize-1 units and a NUL are written. write() copies at
 * most cap units of s into buf and returns how many. */
typedef size_t (*write_units)(sh_rt *rt, sh_val s, void *buf, size_t cap);

static size_t write_utf8(sh_rt *rt, sh_val s, void *buf, size_t cap) {
  size_t n = sh_str_write_utf8(rt, s, buf, cap, NULL);
  ((char *)buf)[n] = 0;
  return n;
}

static size_t write_latin1(sh_rt *rt, sh_val s, void *buf, size_t cap) {
  size_t n = sh_str_write_latin1(rt, s, buf, 0, cap);
  ((char *)buf)[n] = 0;
  return n;
}

static size_t write_utf16(sh_rt *rt, sh_val s, void *buf, size_t cap) {
  size_t n = sh_str_write_utf16(rt, s, buf, 0, cap);
  ((uint16_t *)buf)[n] = 0;
  return n;
}

static napi_status get_string(napi_env env, napi_value value, void *buf, size_t bufsize,
                              size_t *result, size_t (*length)(sh_rt *, sh_val),
                              write_units write) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, value);
  if (!sh_is(V(value), SH_STRING)) return snapi_status(env, napi_string_expected);
  if (!buf) {
    NAPI_CHECK_ARG(env, result);
    *result = length(env->rt, V(value));
  } else if (bufsize != 0) {
    size_t n = write(env->rt, V(value), buf, bufsize - 1);
    if (result) *result = n;
  } else if (result) {
    *result = 0;
  }
  return NAPI_OK(env);
}

napi_status napi_get_value_string_utf8(napi_env env, napi_value value, char *buf, size_t bufsize,
                                       size_t *result) {
  return get_string(env, value, buf, bufsize, result, sh_str_utf8_length, write_utf8);
}

napi_status napi_get_value_string_latin1(napi_env env, napi_value value, char *buf, size_t bufsize,
                                         size_t *result) {
  return get_string(env, value, buf, bufsize, result, sh_str_length, write_latin1);
}

napi_status napi_get_value_string_utf16(napi_env env, napi_value value, char16_t *buf,
                                        size_t bufsize, size_t *result) {
  return get_string(env, value, buf, bufsize, result, sh_str_length, write_utf16);
}

/* --- coercion, checks, equality --------------------------------------------- */

static napi_status coerce(napi_env env, napi_value value, int to, napi_value *result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, result);
  return give(env, sh_coerce(env->rt, V(value), to), result);
}

napi_status napi_coerce_to_bool(napi_env env, napi_value value, napi_value *result) {
  return coerce(env, value, 0, result);
}
napi_status napi_coerce_to_number(napi_env env, napi_value value, napi_value *result) {
  return coerce(env, value, 1, result);
}
napi_status napi_coerce_to_object(napi_env env, napi_value value, napi_value *result) {
  return coerce(env, value, 2, result);
}
napi_status napi_coerce_to_string(napi_env env, napi_value value, napi_value *result) {
  return coerce(env, value, 3, result);
}

#define KIND_CHECK(name, kind)                                     \
  napi_status name(napi_env env, napi_value value, bool *result) { \
    NAPI_CHECK_ENV(env);                                           \
    NAPI_CHECK_ARG(env, value);                                    \
    NAPI_CHECK_ARG(env, result);                                   \
    *result = sh_is(V(value), kind);                               \
    return NAPI_OK(env);                                           \
  }
KIND_CHECK(napi_is_array, SH_ARRAY)
KIND_CHECK(napi_is_error, SH_NATIVE_ERROR)
KIND_CHECK(napi_is_arraybuffer, SH_ARRAY_BUFFER)
KIND_CHECK(napi_is_typedarray, SH_TYPED_ARRAY)
KIND_CHECK(napi_is_dataview, SH_DATA_VIEW)
KIND_CHECK(napi_is_date, SH_DATE)
KIND_CHECK(napi_is_promise, SH_PROMISE)

napi_status napi_strict_equals(napi_env env, napi_value lhs, napi_value rhs, bool *result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, lhs);
  NAPI_CHECK_ARG(env, rhs);
  NAPI_CHECK_ARG(env, result);
  *result = sh_strict_equals(V(lhs), V(rhs));
  return NAPI_OK(env);
}

/* --- promises ----------------------------------------------------------------- */

napi_status napi_create_promise(napi_env env, napi_deferred *deferred, napi_value *promise) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, deferred);
  NAPI_CHECK_ARG(env, promise);
  sh_val resolver;
  sh_val p = sh_promise_new(env->rt, &resolver);
  if (!p) return NAPI_THREW(env);
  sh_ref *ref = sh_ref_new(env->rt, resolver);
  *deferred = (napi_deferred)ref;
  *promise = NV(p);
  return NAPI_OK(env);
}

static napi_status settle(napi_env env, napi_deferred deferred, napi_value value, bool fulfil) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, deferred);
  NAPI_CHECK_ARG(env, value);
  sh_ref *ref = (sh_ref *)deferred;
  int rc = sh_promise_settle(env->rt, sh_ref_get(env->rt, ref), fulfil, V(value));
  sh_ref_free(ref);
  return rc == 0 ? NAPI_OK(env) : NAPI_THREW(env);
}

napi_status napi_resolve_deferred(napi_env env, napi_deferred deferred, napi_value resolution) {
  return settle(env, deferred, resolution, true);
}

napi_status napi_reject_deferred(napi_env env, napi_deferred deferred, napi_value rejection) {
  return settle(env, deferred, rejection, false);
}

/* Property keys (Node 20.18+): strings; V8 internalizes them when used as keys. */
napi_status node_api_create_property_key_utf8(napi_env env, const char *str, size_t length,
                                              napi_value *result) {
  return napi_create_string_utf8(env, str, length, result);
}

napi_status node_api_create_property_key_latin1(napi_env env, const char *str, size_t length,
                                                napi_value *result) {
  return napi_create_string_latin1(env, str, length, result);
}

napi_status node_api_create_property_key_utf16(napi_env env, const char16_t *str, size_t length,
                                               napi_value *result) {
  return napi_create_string_utf16(env, str, length, result);
}
