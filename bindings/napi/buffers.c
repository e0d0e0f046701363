/* Node-API: ArrayBuffers (external ones too), typed arrays, DataViews and
 * Node Buffers (Uint8Arrays whose prototype is Buffer.prototype). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "napi_internal.h"

#define V(x) ((sh_val)(x))
#define NV(x) ((napi_value)(x))

napi_status napi_create_arraybuffer(napi_env env, size_t byte_length, void **data,
                                    napi_value *result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, result);
  void *p = NULL;
  sh_val ab = sh_arraybuffer(env->rt, byte_length, &p);
  if (!ab) return NAPI_THREW(env);
  if (data) *data = p;
  *result = NV(ab);
  return NAPI_OK(env);
}

/* The deleter of an external backing store may run on a GC thread: the
 * addon's finalizer is deferred to the loop. */
typedef struct ext_free {
  napi_env env;
  napi_finalize cb;
  void *hint;
} ext_free;

static void external_freed(void *data, size_t len, void *hint) {
  ext_free *e = hint;
  (void)len;
  snapi_defer_finalize(e->env, e->cb, data, e->hint);
  free(e);
}

static sh_val external_arraybuffer(napi_env env, void *data, size_t len, napi_finalize cb,
                                   void *hint) {
  ext_free *e = NULL;
  if (cb) {
    e = malloc(sizeof *e);
    if (!e) return NULL;
    *e = (ext_free){env, cb, hint};
  }
  return sh_arraybuffer_external(env->rt, data, len, e ? external_freed : NULL, e);
}

napi_status napi_create_external_arraybuffer(napi_env env, void *external_data, size_t byte_length,
                                             node_api_nogc_finalize finalize_cb,
                                             void *finalize_hint, napi_value *result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, result);
  sh_val ab = external_arraybuffer(env, external_data, byte_length, finalize_cb, finalize_hint);
  if (!ab) return NAPI_THREW(env);
  *result = NV(ab);
  return NAPI_OK(env);
}

napi_status napi_get_arraybuffer_info(napi_env env, napi_value arraybuffer, void **data,
                                      size_t *byte_length) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, arraybuffer);
  if (!sh_is(V(arraybuffer), SH_ARRAY_BUFFER)) return snapi_status(env, napi_arraybuffer_expected);
  uint8_t *p;
  size_t n;
  sh_bytes(V(arraybuffer), &p, &n);
  if (data) *data = p;
  if (byte_length) *byte_length = n;
  return NAPI_OK(env);
}

napi_status napi_detach_arraybuffer(napi_env env, napi_value arraybuffer) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, arraybuffer);
  if (!sh_is(V(arraybuffer), SH_ARRAY_BUFFER)) return snapi_status(env, napi_arraybuffer_expected);
  if (sh_arraybuffer_detach(V(arraybuffer)) != 0)
    return snapi_status(env, napi_detachable_arraybuffer_expected);
  return NAPI_OK(env);
}

napi_status napi_is_detached_arraybuffer(napi_env env, napi_value value, bool *result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, result);
  *result = sh_arraybuffer_is_detached(V(value));
  return NAPI_OK(env);
}

/* --- typed arrays and DataViews ------------------------------------------------ */

static const size_t element_size[] = {1, 1, 1, 2, 2, 4, 4, 4, 8, 8, 8};
static const char *const type_names[] = {"Int8Array",     "Uint8Array",    "Uint8ClampedArray",
                                         "Int16Array",    "Uint16Array",   "Int32Array",
                                         "Uint32Array",   "Float32Array",  "Float64Array",
                                         "BigInt64Array", "BigUint64Array"};

/* Throws a RangeError with Node's code; Node reports napi_generic_failure. */
static napi_status range_error(napi_env env, const char *code, const char *msg) {
  sh_val e = sh_error(env->rt, SH_RANGE_ERROR, msg);
  sh_set_s(env->rt, e, "code", sh_str(env->rt, code, SIZE_MAX));
  sh_throw(env->rt, e);
  return snapi_status(env, napi_generic_failure);
}

napi_status napi_create_typedarray(napi_env env, napi_typedarray_type type, size_t length,
                                   napi_value arraybuffer, size_t byte_offset, napi_value *result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, arraybuffer);
  NAPI_CHECK_ARG(env, result);
  if (!sh_is(V(arraybuffer), SH_ARRAY_BUFFER)) return snapi_status(env, napi_invalid_arg);
  if ((unsigned)type > napi_biguint64_array) return snapi_status(env, napi_invalid_arg);
  size_t size = element_size[type];
  uint8_t *p;
  size_t ab_len;
  sh_bytes(V(arraybuffer), &p, &ab_len);
  if (size > 1 && byte_offset % size != 0) {
    char msg[80];
    snprintf(msg, sizeof msg, "start offset of %s should be a multiple of %zu", type_names[type],
             size);
    return range_error(env, "ERR_NAPI_INVALID_TYPEDARRAY_ALIGNMENT", msg);
  }
  if (length * size + byte_offset > ab_len) {
    return range_error(env, "ERR_NAPI_INVALID_TYPEDARRAY_LENGTH", "Invalid typed array length");
  }
  sh_val ta = sh_typedarray(env->rt, (int)type, V(arraybuffer), byte_offset, length);
  if (!ta) return NAPI_THREW(env);
  *result = NV(ta);
  return NAPI_OK(env);
}

napi_status napi_get_typedarray_info(napi_env env, napi_value typedarray,
                                     napi_typedarray_type *type, size_t *length, void **data,
                                     napi_value *arraybuffer, size_t *byte_offset) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, typedarray);
  int t;
  sh_val ab;
  if (sh_typedarray_info(V(typedarray), &t, length, data, &ab, byte_offset) != 0)
    return snapi_status(env, napi_invalid_arg);
  if (type) *type = (napi_typedarray_type)t;
  if (arraybuffer) *arraybuffer = NV(ab);
  return NAPI_OK(env);
}

napi_status napi_create_dataview(napi_env env, size_t length, napi_value arraybuffer,
                                 size_t byte_offset, napi_value *result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, arraybuffer);
  NAPI_CHECK_ARG(env, result);
  if (!sh_is(V(arraybuffer), SH_ARRAY_BUFFER)) return snapi_status(env, napi_invalid_arg);
  uint8_t *p;
  size_t ab_len;
  sh_bytes(V(arraybuffer), &p, &ab_len);
  if (byte_offset + length > ab_len) {
    return range_error(env, "ERR_NAPI_INVALID_DATAVIEW_ARGS",
                       "byte_offset + byte_length should be less than or equal to the size in "
                       "bytes of the array passed in");
  }
  sh_val dv = sh_dataview(env->rt, V(arraybuffer), byte_offset, length);
  if (!dv) return NAPI_THREW(env);
  *result = NV(dv);
  return NAPI_OK(env);
}

napi_status napi_get_dataview_info(napi_env env, napi_value dataview, size_t *bytelength,
                                   void **data, napi_value *arraybuffer, size_t *byte_offset) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, dataview);
  sh_val ab;
  if (sh_dataview_info(V(dataview), bytelength, data, &ab, byte_offset) != 0)
    return snapi_status(env, napi_invalid_arg);
  if (arraybuffer) *arraybuffer = NV(ab);
  return NAPI_OK(env);
}

/* --- Buffers --------------------------------------------------------------------------- */

static napi_status as_buffer(napi_env env, sh_val ab, size_t length, napi_value *result) {
  sh_val u8 = sh_uint8array(env->rt, ab, 0, length);
  if (!u8) return NAPI_THREW(env);
  sh_val proto = env->buffer_proto ? sh_ref_get(env->rt, env->buffer_proto) : NULL;
  if (proto && sh_set_prototype(env->rt, u8, proto) != 0) return NAPI_THREW(env);
  *result = NV(u8);
  return NAPI_OK(env);
}

napi_status napi_create_buffer(napi_env env, size_t length, void **data, napi_value *result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, result);
  void *p = NULL;
  sh_val ab = sh_arraybuffer(env->rt, length, &p);
  if (!ab) return NAPI_THREW(env);
  if (data) *data = p;
  return as_buffer(env, ab, length, result);
}

napi_status napi_create_external_buffer(napi_env env, size_t length, void *data,
                                        node_api_nogc_finalize finalize_cb, void *finalize_hint,
                                        napi_value *result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, result);
  sh_val ab = external_arraybuffer(env, data, length, finalize_cb, finalize_hint);
  if (!ab) return NAPI_THREW(env);
  return as_buffer(env, ab, length, result);
}

napi_status napi_create_buffer_copy(napi_env env, size_t length, const void *data,
                                    void **result_data, napi_value *result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, result);
  if (length > 0) NAPI_CHECK_ARG(env, data);
  void *p = NULL;
  sh_val ab = sh_arraybuffer(env->rt, length, &p);
  if (!ab) return NAPI_THREW(env);
  if (length) memcpy(p, data, length);
  if (result_data) *result_data = p;
  return as_buffer(env, ab, length, result);
}

napi_status napi_is_buffer(napi_env env, napi_value value, bool *result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, result);
  /* Node 20 answers true for any ArrayBufferView. */
  *result = sh_is(V(value), SH_ARRAY_BUFFER_VIEW);
  return NAPI_OK(env);
}

napi_status napi_get_buffer_info(napi_env env, napi_value value, void **data, size_t *length) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, value);
  if (!sh_is(V(value), SH_ARRAY_BUFFER_VIEW)) return snapi_status(env, napi_invalid_arg);
  uint8_t *p;
  size_t n;
  sh_bytes(V(value), &p, &n);
  if (data) *data = p;
  if (length) *length = n;
  return NAPI_OK(env);
}
