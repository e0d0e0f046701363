/* internalBinding('v8'): the native side of the `v8` module (js-lib/v8.js):
 * Serializer/Deserializer handles over V8's value serialisation, heap
 * statistics, V8 flags and the code cache version tag.
 *
 * Handles are objects with one C pointer (sh_obj_with_ptr) to a `serdes`
 * record owned by the handle: freed when the handle is collected. */
#include <stdlib.h>
#include <string.h>

#include "binding.h"

enum { SERDES_MAGIC = 0x53455244 };

typedef struct serdes {
  uint32_t magic;
  sh_serializer *ser; /* one of ser/de is set */
  sh_deserializer *de;
  sh_ref *ref;
} serdes;

static void serdes_collected(void *data) {
  serdes *h = data;
  if (h->ser) sh_serializer_free(h->ser);
  if (h->de) sh_deserializer_free(h->de);
  sh_ref_free(h->ref);
  free(h);
}

static sh_val serdes_wrap(sh_rt *rt, serdes *h) {
  h->magic = SERDES_MAGIC;
  sh_val obj = sh_obj_with_ptr(rt, h);
  h->ref = sh_ref_new(rt, obj);
  sh_ref_weak(h->ref, serdes_collected, h);
  return obj;
}

/* The handle of argument 0, or NULL after throwing a TypeError. */
static serdes *arg_handle(sh_cbinfo *ci, bool serializer) {
  serdes *h = sh_obj_ptr(sh_ci_rt(ci), sh_arg(ci, 0));
  if (!h || h->magic != SERDES_MAGIC || (serializer ? !h->ser : !h->de)) {
    sh_throw_error(sh_ci_rt(ci), SH_TYPE_ERROR, "Illegal invocation");
    return NULL;
  }
  return h;
}

/* newSerializer() -> handle */
static void new_serializer(sh_cbinfo *ci) {
  serdes *h = calloc(1, sizeof *h);
  h->ser = sh_serializer_new(sh_ci_rt(ci));
  sh_ret(ci, serdes_wrap(sh_ci_rt(ci), h));
}

/* writeHeader(h) */
static void write_header(sh_cbinfo *ci) {
  serdes *h = arg_handle(ci, true);
  if (h) sh_serializer_write_header(h->ser);
}

/* writeValue(h, delegate, value) -> true (throws on failure) */
static void write_value(sh_cbinfo *ci) {
  serdes *h = arg_handle(ci, true);
  if (h && sh_serializer_write_value(h->ser, sh_arg(ci, 1), sh_arg(ci, 2)) == 0)
    sh_ret(ci, sh_bool(sh_ci_rt(ci), true));
}

/* writeUint32(h, n), writeUint64(h, hi, lo), writeDouble(h, d) */
static void write_uint32(sh_cbinfo *ci) {
  serdes *h = arg_handle(ci, true);
  if (h) sh_serializer_write_uint32(h->ser, (uint32_t)arg_i64(ci, 1));
}
static void write_uint64(sh_cbinfo *ci) {
  serdes *h = arg_handle(ci, true);
  uint64_t v = ((uint64_t)(uint32_t)arg_i64(ci, 1) << 32) | (uint32_t)arg_i64(ci, 2);
  if (h) sh_serializer_write_uint64(h->ser, v);
}
static void write_double(sh_cbinfo *ci) {
  serdes *h = arg_handle(ci, true);
  if (h) sh_serializer_write_double(h->ser, arg_num(ci, 1));
}

/* writeRawBytes(h, view) */
static void write_raw(sh_cbinfo *ci) {
  serdes *h = arg_handle(ci, true);
  uint8_t *data;
  size_t len;
  if (!h) return;
  if (sh_bytes(sh_arg(ci, 1), &data, &len) != 0) {
    sh_throw_error(sh_ci_rt(ci), SH_TYPE_ERROR, "source must be a TypedArray or a DataView");
    return;
  }
  sh_serializer_write_raw(h->ser, data, len);
}

/* transferArrayBuffer(h, id, arrayBuffer) -> 0 | -1 (not an ArrayBuffer) */
static void transfer_ab(sh_cbinfo *ci) {
  serdes *h = sh_obj_ptr(sh_ci_rt(ci), sh_arg(ci, 0));
  if (!h || h->magic != SERDES_MAGIC) {
    sh_throw_error(sh_ci_rt(ci), SH_TYPE_ERROR, "Illegal invocation");
    return;
  }
  uint32_t id = (uint32_t)arg_i64(ci, 1);
  int r = h->ser ? sh_serializer_transfer_array_buffer(h->ser, id, sh_arg(ci, 2))
                 : sh_deserializer_transfer_array_buffer(h->de, id, sh_arg(ci, 2));
  sh_ret(ci, sh_int(sh_ci_rt(ci), r));
}

/* viewsAsHostObjects(h, bool) */
static void views_as_host(sh_cbinfo *ci) {
  serdes *h = arg_handle(ci, true);
  if (h) sh_serializer_views_as_host_objects(h->ser, sh_to_bool(sh_ci_rt(ci), sh_arg(ci, 1)));
}

static void free_released(void *data, size_t len, void *hint) {
  (void)len;
  (void)hint;
  free(data);
}

/* releaseBuffer(h) -> ArrayBuffer of the bytes written */
static void release(sh_cbinfo *ci) {
  serdes *h = arg_handle(ci, true);
  if (!h) return;
  size_t len;
  uint8_t *data = sh_serializer_release(h->ser, &len);
  sh_rt *rt = sh_ci_rt(ci);
  if (!data) {
    sh_ret(ci, sh_arraybuffer(rt, 0, NULL));
    return;
  }
  sh_ret(ci, sh_arraybuffer_external(rt, data, len, free_released, NULL));
}

/* newDeserializer(view) -> handle */
static void new_deserializer(sh_cbinfo *ci) {
  uint8_t *data;
  size_t len;
  if (sh_bytes(sh_arg(ci, 0), &data, &len) != 0) {
    sh_throw_error(sh_ci_rt(ci), SH_TYPE_ERROR, "buffer must be a TypedArray or a DataView");
    return;
  }
  serdes *h = calloc(1, sizeof *h);
  h->de = sh_deserializer_new(sh_ci_rt(ci), data, len);
  sh_ret(ci, serdes_wrap(sh_ci_rt(ci), h));
}

/* readHeader(h, delegate) -> true */
static void read_header(sh_cbinfo *ci) {
  serdes *h = arg_handle(ci, false);
  if (h && sh_deserializer_read_header(h->de, sh_arg(ci, 1)) == 0)
    sh_ret(ci, sh_bool(sh_ci_rt(ci), true));
}

/* readValue(h, delegate) -> value */
static void read_value(sh_cbinfo *ci) {
  serdes *h = arg_handle(ci, false);
  sh_val v = h ? sh_deserializer_read_value(h->de, sh_arg(ci, 1)) : NULL;
  if (v) sh_ret(ci, v);
}

/* readUint32(h) / readDouble(h) -> number | undefined (no data);
 * readUint64(h) -> [hi, lo] | undefined; readRawBytes(h, len) -> offset | undefined */
static void read_uint32(sh_cbinfo *ci) {
  serdes *h = arg_handle(ci, false);
  uint32_t v;
  if (h && sh_deserializer_read_uint32(h->de, &v) == 0) sh_ret(ci, sh_int(sh_ci_rt(ci), v));
}
static void read_uint64(sh_cbinfo *ci) {
  serdes *h = arg_handle(ci, false);
  uint64_t v;
  sh_rt *rt = sh_ci_rt(ci);
  if (h && sh_deserializer_read_uint64(h->de, &v) == 0) {
    sh_val parts[2] = {sh_int(rt, (int64_t)(v >> 32)), sh_int(rt, (int64_t)(v & 0xffffffffu))};
    sh_ret(ci, sh_arr_of(rt, parts, 2));
  }
}
static void read_double(sh_cbinfo *ci) {
  serdes *h = arg_handle(ci, false);
  double v;
  if (h && sh_deserializer_read_double(h->de, &v) == 0) sh_ret(ci, sh_num(sh_ci_rt(ci), v));
}
static void read_raw(sh_cbinfo *ci) {
  serdes *h = arg_handle(ci, false);
  size_t offset;
  double len = arg_num(ci, 1);
  if (h && len >= 0 && sh_deserializer_read_raw(h->de, (size_t)len, &offset) == 0)
    sh_ret(ci, sh_num(sh_ci_rt(ci), (double)offset));
}

/* wireFormatVersion(h) -> number */
static void wire_version(sh_cbinfo *ci) {
  serdes *h = arg_handle(ci, false);
  if (h) sh_ret(ci, sh_int(sh_ci_rt(ci), sh_deserializer_wire_format_version(h->de)));
}

static sh_val num_array(sh_rt *rt, const double *v, uint32_t n) {
  sh_val items[16];
  for (uint32_t i = 0; i < n; i++) items[i] = sh_num(rt, v[i]);
  return sh_arr_of(rt, items, n);
}

/* heapStatistics() -> [14 numbers], see sh_heap_stats_full */
static void heap_stats(sh_cbinfo *ci) {
  double v[14];
  sh_heap_stats_full(sh_ci_rt(ci), v);
  sh_ret(ci, num_array(sh_ci_rt(ci), v, 14));
}

/* heapSpaceStatistics() -> [[name, size, used, available, physical], ...] */
static void heap_space_stats(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  size_t n = sh_heap_space_count(rt);
  sh_val arr = sh_arr(rt, 0);
  uint32_t out = 0;
  for (size_t i = 0; i < n; i++) {
    double v[4];
    const char *name = sh_heap_space_stats(rt, i, v);
    if (!name) continue;
    sh_val row = num_array(rt, v, 4);
    sh_val entry[2] = {sh_str(rt, name, SIZE_MAX), row};
    sh_set_i(rt, arr, out++, sh_arr_of(rt, entry, 2));
  }
  sh_ret(ci, arr);
}

/* heapCodeStatistics() -> [4 numbers] */
static void heap_code_stats(sh_cbinfo *ci) {
  double v[4];
  sh_heap_code_stats(sh_ci_rt(ci), v);
  sh_ret(ci, num_array(sh_ci_rt(ci), v, 4));
}

/* setFlagsFromString(flags) */
static void set_flags(sh_cbinfo *ci) {
  char *flags = arg_utf8(ci, 0);
  if (flags) sh_set_flags(flags);
  free(flags);
}

/* heapSnapshot() -> the snapshot JSON as a Uint8Array */
static void heap_snapshot(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  size_t len = 0;
  char *json = sh_heap_snapshot(rt, &len);
  if (!json) {
    sh_throw_error(rt, SH_ERROR, "could not take a heap snapshot");
    return;
  }
  sh_val ab = sh_arraybuffer_external(rt, json, len, free_released, NULL);
  sh_ret(ci, sh_uint8array(rt, ab, 0, len));
}

sh_val binding_v8_init(sh_rt *rt) {
  sh_val b = sh_obj(rt);
  bind_fn(rt, b, "newSerializer", new_serializer);
  bind_fn(rt, b, "writeHeader", write_header);
  bind_fn(rt, b, "writeValue", write_value);
  bind_fn(rt, b, "writeUint32", write_uint32);
  bind_fn(rt, b, "writeUint64", write_uint64);
  bind_fn(rt, b, "writeDouble", write_double);
  bind_fn(rt, b, "writeRawBytes", write_raw);
  bind_fn(rt, b, "transferArrayBuffer", transfer_ab);
  bind_fn(rt, b, "viewsAsHostObjects", views_as_host);
  bind_fn(rt, b, "releaseBuffer", release);
  bind_fn(rt, b, "newDeserializer", new_deserializer);
  bind_fn(rt, b, "readHeader", read_header);
  bind_fn(rt, b, "readValue", read_value);
  bind_fn(rt, b, "readUint32", read_uint32);
  bind_fn(rt, b, "readUint64", read_uint64);
  bind_fn(rt, b, "readDouble", read_double);
  bind_fn(rt, b, "readRawBytes", read_raw);
  bind_fn(rt, b, "wireFormatVersion", wire_version);
  bind_fn(rt, b, "heapStatistics", heap_stats);
  bind_fn(rt, b, "heapSpaceStatistics", heap_space_stats);
  bind_fn(rt, b, "heapCodeStatistics", heap_code_stats);
  bind_fn(rt, b, "setFlagsFromString", set_flags);
  bind_fn(rt, b, "heapSnapshot", heap_snapshot);
  bind_int(rt, b, "cachedDataVersionTag", sh_cached_data_version_tag());
  return b;
}
