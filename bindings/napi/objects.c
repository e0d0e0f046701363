/* Node-API: object properties, arrays, prototypes, property definitions
 * with getters and setters, key listing, freezing and type tags. */
#include <stdlib.h>
#include <string.h>

#include "napi_internal.h"

#define V(x) ((sh_val)(x))
#define NV(x) ((napi_value)(x))

static bool is_object(sh_val v) {
  return sh_is(v, SH_OBJECT);
}

/* Node converts the receiver with ToObject; primitives other than
 * null/undefined are accepted that way. */
static napi_status to_object(napi_env env, napi_value object, sh_val *out) {
  NAPI_CHECK_ARG(env, object);
  sh_val v = V(object);
  if (is_object(v)) {
    *out = v;
    return napi_ok;
  }
  /* ToObject throws for null and undefined, as in Node. */
  *out = sh_coerce(env->rt, v, 2);
  return *out ? napi_ok : snapi_status(env, napi_object_expected);
}

#define OBJECT_PREAMBLE(env, object, obj)              \
  NAPI_PREAMBLE(env);                                  \
  sh_val obj;                                          \
  do {                                                 \
    napi_status s_ = to_object((env), (object), &obj); \
    if (s_ != napi_ok) return s_;                      \
  } while (0)

napi_status napi_set_property(napi_env env, napi_value object, napi_value key, napi_value value) {
  OBJECT_PREAMBLE(env, object, obj);
  NAPI_CHECK_ARG(env, key);
  NAPI_CHECK_ARG(env, value);
  return sh_set(env->rt, obj, V(key), V(value)) == 0 ? NAPI_OK(env) : NAPI_THREW(env);
}

napi_status napi_get_property(napi_env env, napi_value object, napi_value key, napi_value *result) {
  OBJECT_PREAMBLE(env, object, obj);
  NAPI_CHECK_ARG(env, key);
  NAPI_CHECK_ARG(env, result);
  sh_val v = sh_get(env->rt, obj, V(key));
  if (!v) return NAPI_THREW(env);
  *result = NV(v);
  return NAPI_OK(env);
}

napi_status napi_has_property(napi_env env, napi_value object, napi_value key, bool *result) {
  OBJECT_PREAMBLE(env, object, obj);
  NAPI_CHECK_ARG(env, key);
  NAPI_CHECK_ARG(env, result);
  return sh_has(env->rt, obj, V(key), result) == 0 ? NAPI_OK(env) : NAPI_THREW(env);
}

napi_status napi_delete_property(napi_env env, napi_value object, napi_value key, bool *result) {
  OBJECT_PREAMBLE(env, object, obj);
  NAPI_CHECK_ARG(env, key);
  bool ok;
  if (sh_delete(env->rt, obj, V(key), &ok) != 0) return NAPI_THREW(env);
  if (result) *result = ok;
  return NAPI_OK(env);
}

napi_status napi_has_own_property(napi_env env, napi_value object, napi_value key, bool *result) {
  OBJECT_PREAMBLE(env, object, obj);
  NAPI_CHECK_ARG(env, key);
  NAPI_CHECK_ARG(env, result);
  if (!sh_is(V(key), SH_STRING) && !sh_is(V(key), SH_SYMBOL))
    return snapi_status(env, napi_name_expected);
  return sh_has_own(env->rt, obj, V(key), result) == 0 ? NAPI_OK(env) : NAPI_THREW(env);
}

static napi_status named_key(napi_env env, const char *utf8name, sh_val *key) {
  NAPI_CHECK_ARG(env, utf8name);
  *key = snapi_str(env, utf8name, NAPI_AUTO_LENGTH);
  return *key ? napi_ok : snapi_status(env, napi_generic_failure);
}

napi_status napi_set_named_property(napi_env env, napi_value object, const char *utf8name,
                                    napi_value value) {
  OBJECT_PREAMBLE(env, object, obj);
  NAPI_CHECK_ARG(env, value);
  sh_val key;
  napi_status s = named_key(env, utf8name, &key);
  if (s != napi_ok) return s;
  return sh_set(env->rt, obj, key, V(value)) == 0 ? NAPI_OK(env) : NAPI_THREW(env);
}

napi_status napi_has_named_property(napi_env env, napi_value object, const char *utf8name,
                                    bool *result) {
  OBJECT_PREAMBLE(env, object, obj);
  NAPI_CHECK_ARG(env, result);
  sh_val key;
  napi_status s = named_key(env, utf8name, &key);
  if (s != napi_ok) return s;
  return sh_has(env->rt, obj, key, result) == 0 ? NAPI_OK(env) : NAPI_THREW(env);
}

napi_status napi_get_named_property(napi_env env, napi_value object, const char *utf8name,
                                    napi_value *result) {
  OBJECT_PREAMBLE(env, object, obj);
  NAPI_CHECK_ARG(env, result);
  sh_val key;
  napi_status s = named_key(env, utf8name, &key);
  if (s != napi_ok) return s;
  sh_val v = sh_get(env->rt, obj, key);
  if (!v) return NAPI_THREW(env);
  *result = NV(v);
  return NAPI_OK(env);
}

napi_status napi_set_element(napi_env env, napi_value object, uint32_t index, napi_value value) {
  OBJECT_PREAMBLE(env, object, obj);
  NAPI_CHECK_ARG(env, value);
  return sh_set_i(env->rt, obj, index, V(value)) == 0 ? NAPI_OK(env) : NAPI_THREW(env);
}

napi_status napi_get_element(napi_env env, napi_value object, uint32_t index, napi_value *result) {
  OBJECT_PREAMBLE(env, object, obj);
  NAPI_CHECK_ARG(env, result);
  sh_val v = sh_get_i(env->rt, obj, index);
  if (!v) return NAPI_THREW(env);
  *result = NV(v);
  return NAPI_OK(env);
}

napi_status napi_has_element(napi_env env, napi_value object, uint32_t index, bool *result) {
  OBJECT_PREAMBLE(env, object, obj);
  NAPI_CHECK_ARG(env, result);
  return sh_has(env->rt, obj, sh_num(env->rt, index), result) == 0 ? NAPI_OK(env) : NAPI_THREW(env);
}

napi_status napi_delete_element(napi_env env, napi_value object, uint32_t index, bool *result) {
  OBJECT_PREAMBLE(env, object, obj);
  bool ok;
  if (sh_delete(env->rt, obj, sh_num(env->rt, index), &ok) != 0) return NAPI_THREW(env);
  if (result) *result = ok;
  return NAPI_OK(env);
}

napi_status napi_get_array_length(napi_env env, napi_value value, uint32_t *result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, result);
  if (!sh_is(V(value), SH_ARRAY)) return snapi_status(env, napi_array_expected);
  *result = sh_arr_length(env->rt, V(value));
  return NAPI_OK(env);
}

napi_status napi_get_prototype(napi_env env, napi_value object, napi_value *result) {
  OBJECT_PREAMBLE(env, object, obj);
  NAPI_CHECK_ARG(env, result);
  *result = NV(sh_get_prototype(env->rt, obj));
  return NAPI_OK(env);
}

napi_status napi_instanceof(napi_env env, napi_value object, napi_value constructor, bool *result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, object);
  NAPI_CHECK_ARG(env, constructor);
  NAPI_CHECK_ARG(env, result);
  *result = false;
  if (!sh_is(V(constructor), SH_FUNCTION)) {
    sh_throw_error(env->rt, SH_TYPE_ERROR, "Constructor must be a function");
    return snapi_status(env, napi_function_expected);
  }
  return sh_instanceof(env->rt, V(object), V(constructor), result) == 0 ? NAPI_OK(env)
                                                                        : NAPI_THREW(env);
}

/* --- keys --------------------------------------------------------------------- */

napi_status napi_get_all_property_names(napi_env env, napi_value object,
                                        napi_key_collection_mode key_mode,
                                        napi_key_filter key_filter,
                                        napi_key_conversion key_conversion, napi_value *result) {
  OBJECT_PREAMBLE(env, object, obj);
  NAPI_CHECK_ARG(env, result);
  if (key_mode != napi_key_include_prototypes && key_mode != napi_key_own_only)
    return snapi_status(env, napi_invalid_arg);
  if (key_conversion != napi_key_keep_numbers && key_conversion != napi_key_numbers_to_strings)
    return snapi_status(env, napi_invalid_arg);
  sh_val keys = sh_property_names(env->rt, obj, key_mode == napi_key_own_only, (int)key_filter,
                                  key_conversion == napi_key_numbers_to_strings);
  if (!keys) return NAPI_THREW(env);
  *result = NV(keys);
  return NAPI_OK(env);
}

napi_status napi_get_property_names(napi_env env, napi_value object, napi_value *result) {
  return napi_get_all_property_names(env, object, napi_key_include_prototypes,
                                     napi_key_enumerable | napi_key_skip_symbols,
                                     napi_key_numbers_to_strings, result);
}

/* --- napi_define_properties ------------------------------------------------------- */

sh_val snapi_property_key(napi_env env, const napi_property_descriptor *p) {
  if (p->utf8name) return snapi_str(env, p->utf8name, NAPI_AUTO_LENGTH);
  if (p->name && (sh_is(V(p->name), SH_STRING) || sh_is(V(p->name), SH_SYMBOL))) return V(p->name);
  return NULL;
}

/* Defines one descriptor on obj (also the static members of classes). */
napi_status snapi_define(napi_env env, sh_val obj, const napi_property_descriptor *p) {
  sh_val key = snapi_property_key(env, p);
  if (!key) return snapi_status(env, napi_name_expected);
  int attrs = p->attributes & 7;
  sh_val getter = NULL, setter = NULL, value = NULL;
  if (p->getter || p->setter) {
    if (p->getter && !(getter = snapi_function(env, NULL, p->getter, p->data)))
      return NAPI_THREW(env);
    if (p->setter && !(setter = snapi_function(env, NULL, p->setter, p->data)))
      return NAPI_THREW(env);
  } else if (p->method) {
    if (!(value = snapi_function(env, NULL, p->method, p->data))) return NAPI_THREW(env);
  } else {
    value = p->value ? V(p->value) : sh_undefined(env->rt);
  }
  if (sh_define(env->rt, obj, key, value, getter, setter, attrs) != 0) return NAPI_THREW(env);
  return napi_ok;
}

napi_status napi_define_properties(napi_env env, napi_value object, size_t property_count,
                                   const napi_property_descriptor *properties) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, object);
  if (property_count > 0) NAPI_CHECK_ARG(env, properties);
  if (!is_object(V(object))) return snapi_status(env, napi_object_expected);
  for (size_t i = 0; i < property_count; i++) {
    napi_status s = snapi_define(env, V(object), &properties[i]);
    if (s != napi_ok) return s;
  }
  return NAPI_OK(env);
}

static napi_status integrity(napi_env env, napi_value object, bool freeze) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, object);
  if (!is_object(V(object))) return snapi_status(env, napi_object_expected);
  return sh_freeze(env->rt, V(object), freeze) == 0 ? NAPI_OK(env) : NAPI_THREW(env);
}

napi_status napi_object_freeze(napi_env env, napi_value object) {
  return integrity(env, object, true);
}

napi_status napi_object_seal(napi_env env, napi_value object) {
  return integrity(env, object, false);
}

/* --- type tags: 128 bits kept as a two-word BigInt in a private slot ------------ */

napi_status napi_type_tag_object(napi_env env, napi_value value, const napi_type_tag *type_tag) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, type_tag);
  if (!is_object(V(value))) return snapi_status(env, napi_object_expected);
  if (sh_private_get(env->rt, V(value), SH_PRIVATE_TYPE_TAG))
    return snapi_status(env, napi_invalid_arg);
  uint64_t words[2] = {type_tag->lower, type_tag->upper};
  sh_val tag = sh_bigint_words(env->rt, 0, 2, words);
  if (!tag || sh_private_set(env->rt, V(value), SH_PRIVATE_TYPE_TAG, tag) != 0)
    return NAPI_THREW(env);
  return NAPI_OK(env);
}

napi_status napi_check_object_type_tag(napi_env env, napi_value value,
                                       const napi_type_tag *type_tag, bool *result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, type_tag);
  NAPI_CHECK_ARG(env, result);
  if (!is_object(V(value))) return snapi_status(env, napi_object_expected);
  *result = false;
  sh_val tag = sh_private_get(env->rt, V(value), SH_PRIVATE_TYPE_TAG);
  if (tag) {
    uint64_t words[2] = {0, 0};
    size_t count = 2;
    int sign = 0;
    sh_bigint_get_words(tag, &sign, &count, words);
    *result = words[0] == type_tag->lower && words[1] == type_tag->upper;
  }
  return NAPI_OK(env);
}
