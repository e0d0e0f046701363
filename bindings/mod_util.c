/* internalBinding('util') and internalBinding('types'): what only the engine
 * can tell about a value, for util.inspect and util.types. */
#include "binding.h"

static void get_promise_state(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  sh_val p = sh_arg(ci, 0);
  if (!sh_is(p, SH_PROMISE)) return;
  sh_val result = sh_undefined(rt);
  int state = sh_promise_state(p, &result);
  sh_val arr = sh_arr(rt, 2);
  sh_set_i(rt, arr, 0, sh_int(rt, state));
  sh_set_i(rt, arr, 1, result);
  sh_ret(ci, arr);
}

static void get_proxy_details(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  sh_val p = sh_arg(ci, 0);
  if (!sh_is(p, SH_PROXY)) return;
  sh_val arr = sh_arr(rt, 2);
  sh_set_i(rt, arr, 0, sh_proxy_target(rt, p));
  sh_set_i(rt, arr, 1, sh_proxy_handler(rt, p));
  sh_ret(ci, arr);
}

static void preview_entries(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  bool kv = false;
  sh_val entries = sh_preview_entries(rt, sh_arg(ci, 0), &kv);
  sh_val arr = sh_arr(rt, 2);
  sh_set_i(rt, arr, 0, entries);
  sh_set_i(rt, arr, 1, sh_bool(rt, kv));
  sh_ret(ci, arr);
}

static void get_constructor_name(sh_cbinfo *ci) {
  sh_ret(ci, sh_constructor_name(sh_ci_rt(ci), sh_arg(ci, 0)));
}

/* transferArrayBuffer(ab) -> a new ArrayBuffer owning ab's memory; ab is detached */
/* getOwnNonIndexProperties(obj, onlyEnumerable) */
static void get_own_non_index_properties(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  sh_val keys = sh_own_non_index_keys(rt, sh_arg(ci, 0), sh_to_bool(rt, sh_arg(ci, 1)));
  if (keys) sh_ret(ci, keys);
}

static void transfer_array_buffer(sh_cbinfo *ci) {
  sh_val moved = sh_arraybuffer_transfer(sh_ci_rt(ci), sh_arg(ci, 0));
  if (moved) sh_ret(ci, moved);
}

/* defineLazyDataProperty(obj, key, compute, enumerable): a data property
 * computed on first read (globals that load their module only when used,
 * yet show as plain values, as Node's). */
static void define_lazy_data_property(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  int attrs = sh_to_bool(rt, sh_arg(ci, 3)) ? 2 : 0;
  sh_define_lazy_data(rt, sh_arg(ci, 0), sh_arg(ci, 1), sh_arg(ci, 2), attrs);
}

sh_val binding_util_init(sh_rt *rt) {
  sh_val o = sh_obj(rt);
  bind_fn(rt, o, "transferArrayBuffer", transfer_array_buffer);
  bind_fn(rt, o, "getPromiseState", get_promise_state);
  bind_fn(rt, o, "getProxyDetails", get_proxy_details);
  bind_fn(rt, o, "previewEntries", preview_entries);
  bind_fn(rt, o, "getConstructorName", get_constructor_name);
  bind_fn(rt, o, "getOwnNonIndexProperties", get_own_non_index_properties);
  bind_fn(rt, o, "defineLazyDataProperty", define_lazy_data_property);
  return o;
}

/* One native predicate per kind; the kind travels as the function's data. */
static void is_kind(sh_cbinfo *ci) {
  sh_kind kind = (sh_kind)(intptr_t)sh_data(ci);
  sh_ret(ci, sh_bool(sh_ci_rt(ci), sh_is(sh_arg(ci, 0), kind)));
}

sh_val binding_types_init(sh_rt *rt) {
  static const struct {
    const char *name;
    sh_kind kind;
  } preds[] = {
      {"isExternal", SH_EXTERNAL},
      {"isDate", SH_DATE},
      {"isArgumentsObject", SH_ARGUMENTS},
      {"isBigIntObject", SH_BIGINT_OBJECT},
      {"isBooleanObject", SH_BOOLEAN_OBJECT},
      {"isNumberObject", SH_NUMBER_OBJECT},
      {"isStringObject", SH_STRING_OBJECT},
      {"isSymbolObject", SH_SYMBOL_OBJECT},
      {"isNativeError", SH_NATIVE_ERROR},
      {"isRegExp", SH_REGEXP},
      {"isAsyncFunction", SH_ASYNC_FUNCTION},
      {"isGeneratorFunction", SH_GENERATOR_FUNCTION},
      {"isGeneratorObject", SH_GENERATOR_OBJECT},
      {"isPromise", SH_PROMISE},
      {"isMap", SH_MAP},
      {"isSet", SH_SET},
      {"isMapIterator", SH_MAP_ITERATOR},
      {"isSetIterator", SH_SET_ITERATOR},
      {"isWeakMap", SH_WEAKMAP},
      {"isWeakSet", SH_WEAKSET},
      {"isArrayBuffer", SH_ARRAY_BUFFER},
      {"isDataView", SH_DATA_VIEW},
      {"isSharedArrayBuffer", SH_SHARED_ARRAY_BUFFER},
      {"isProxy", SH_PROXY},
      {"isModuleNamespaceObject", SH_MODULE_NAMESPACE},
      {"isArrayBufferView", SH_ARRAY_BUFFER_VIEW},
      {"isTypedArray", SH_TYPED_ARRAY},
      {"isUint8Array", SH_UINT8_ARRAY},
      {"isUint8ClampedArray", SH_UINT8_CLAMPED_ARRAY},
      {"isInt8Array", SH_INT8_ARRAY},
      {"isUint16Array", SH_UINT16_ARRAY},
      {"isInt16Array", SH_INT16_ARRAY},
      {"isUint32Array", SH_UINT32_ARRAY},
      {"isInt32Array", SH_INT32_ARRAY},
      {"isFloat32Array", SH_FLOAT32_ARRAY},
      {"isFloat64Array", SH_FLOAT64_ARRAY},
      {"isBigInt64Array", SH_BIGINT64_ARRAY},
      {"isBigUint64Array", SH_BIGUINT64_ARRAY},
      {"isAnyArrayBuffer", SH_ANY_ARRAY_BUFFER},
      {"isBoxedPrimitive", SH_BOXED_PRIMITIVE},
      {"isWebAssemblyCompiledModule", SH_WASM_MODULE},
  };
  sh_val o = sh_obj(rt);
  for (size_t i = 0; i < sizeof preds / sizeof preds[0]; i++) {
    sh_set_s(rt, o, preds[i].name,
             sh_fn(rt, preds[i].name, is_kind, (void *)(intptr_t)preds[i].kind));
  }
  return o;
}
