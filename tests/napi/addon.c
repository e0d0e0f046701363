/* The Node-API test addon: exercises shoal's Node-API (bindings/napi) from
 * C exactly as an npm addon would, with Node's headers. tests/napi/napi.js
 * prints what it returns; the expected output was recorded with the same
 * addon under Node 20 (see tests/napi/README.md). */
#define _GNU_SOURCE
#define NAPI_VERSION 9
#include <dlfcn.h>
#include <node_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#define CHECK(call)                                                                                \
  do {                                                                                             \
    napi_status s_ = (call);                                                                       \
    if (s_ != napi_ok) {                                                                           \
      const napi_extended_error_info *info_;                                                       \
      napi_get_last_error_info(env, &info_);                                                       \
      bool pending_;                                                                               \
      napi_is_exception_pending(env, &pending_);                                                   \
      if (!pending_)                                                                               \
        napi_throw_error(env, "ADDON_CHECK", info_->error_message ? info_->error_message : #call); \
      return NULL;                                                                                 \
    }                                                                                              \
  } while (0)

static napi_value args_of(napi_env env, napi_callback_info info, size_t want, napi_value *argv) {
  size_t argc = want;
  napi_value self;
  if (napi_get_cb_info(env, info, &argc, argv, &self, NULL) != napi_ok) return NULL;
  return self;
}

static napi_value str(napi_env env, const char *s) {
  napi_value v;
  napi_create_string_utf8(env, s, NAPI_AUTO_LENGTH, &v);
  return v;
}

static napi_value num(napi_env env, double d) {
  napi_value v;
  napi_create_double(env, d, &v);
  return v;
}

/* --- instance data -------------------------------------------------------- */

typedef struct instance {
  int calls;
  napi_ref counter_ctor;
} instance;

static void free_instance(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  free(data);
}

static napi_value count_calls(napi_env env, napi_callback_info info) {
  (void)info;
  instance *in;
  CHECK(napi_get_instance_data(env, (void **)&in));
  return num(env, ++in->calls);
}

/* --- values ------------------------------------------------------------------ */

static napi_value add(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  args_of(env, info, 2, argv);
  double a, b;
  if (napi_get_value_double(env, argv[0], &a) != napi_ok ||
      napi_get_value_double(env, argv[1], &b) != napi_ok) {
    napi_throw_type_error(env, "ERR_ADDON_ARGS", "add expects two numbers");
    return NULL;
  }
  return num(env, a + b);
}

static napi_value type_of(napi_env env, napi_callback_info info) {
  static const char *const names[] = {"undefined", "null",   "boolean",  "number",   "string",
                                      "symbol",    "object", "function", "external", "bigint"};
  napi_value argv[1];
  args_of(env, info, 1, argv);
  napi_valuetype t;
  CHECK(napi_typeof(env, argv[0], &t));
  return str(env, names[t]);
}

static napi_value numbers(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  args_of(env, info, 1, argv);
  int32_t i32;
  uint32_t u32;
  int64_t i64;
  CHECK(napi_get_value_int32(env, argv[0], &i32));
  CHECK(napi_get_value_uint32(env, argv[0], &u32));
  CHECK(napi_get_value_int64(env, argv[0], &i64));
  napi_value out, v;
  CHECK(napi_create_array_with_length(env, 3, &out));
  CHECK(napi_create_int32(env, i32, &v));
  CHECK(napi_set_element(env, out, 0, v));
  CHECK(napi_create_uint32(env, u32, &v));
  CHECK(napi_set_element(env, out, 1, v));
  CHECK(napi_create_int64(env, i64, &v));
  CHECK(napi_set_element(env, out, 2, v));
  return out;
}

static napi_value strings(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  args_of(env, info, 1, argv);
  char buf[6];
  size_t len, full;
  CHECK(napi_get_value_string_utf8(env, argv[0], NULL, 0, &full));
  CHECK(napi_get_value_string_utf8(env, argv[0], buf, sizeof buf, &len));
  char16_t u16[64];
  size_t n16;
  CHECK(napi_get_value_string_utf16(env, argv[0], u16, 64, &n16));
  napi_value out, v;
  CHECK(napi_create_object(env, &out));
  CHECK(napi_set_named_property(env, out, "utf8Length", num(env, (double)full)));
  CHECK(napi_create_string_utf8(env, buf, len, &v));
  CHECK(napi_set_named_property(env, out, "truncated", v));
  CHECK(napi_create_string_utf16(env, u16, n16, &v));
  CHECK(napi_set_named_property(env, out, "utf16", v));
  CHECK(napi_create_string_latin1(env, "caf\xe9", NAPI_AUTO_LENGTH, &v));
  CHECK(napi_set_named_property(env, out, "latin1", v));
  return out;
}

static napi_value bigints(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  args_of(env, info, 1, argv);
  int sign;
  size_t count;
  CHECK(napi_get_value_bigint_words(env, argv[0], NULL, &count, NULL));
  uint64_t words[8] = {0};
  if (count > 8) count = 8;
  CHECK(napi_get_value_bigint_words(env, argv[0], &sign, &count, words));
  int64_t i64;
  bool lossless;
  CHECK(napi_get_value_bigint_int64(env, argv[0], &i64, &lossless));
  napi_value out, v;
  CHECK(napi_create_object(env, &out));
  CHECK(napi_set_named_property(env, out, "words", num(env, (double)count)));
  CHECK(napi_set_named_property(env, out, "sign", num(env, sign)));
  CHECK(napi_get_boolean(env, lossless, &v));
  CHECK(napi_set_named_property(env, out, "lossless", v));
  words[0] += 1; /* same words plus one, negated */
  CHECK(napi_create_bigint_words(env, !sign, count, words, &v));
  CHECK(napi_set_named_property(env, out, "negatedPlusOne", v));
  CHECK(napi_create_bigint_uint64(env, UINT64_MAX, &v));
  CHECK(napi_set_named_property(env, out, "u64max", v));
  CHECK(napi_create_bigint_int64(env, INT64_MIN, &v));
  CHECK(napi_set_named_property(env, out, "i64min", v));
  return out;
}

static napi_value misc_values(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out, v, w;
  CHECK(napi_create_object(env, &out));
  CHECK(napi_create_date(env, 86400000.0, &v));
  CHECK(napi_set_named_property(env, out, "date", v));
  double t;
  CHECK(napi_get_date_value(env, v, &t));
  CHECK(napi_set_named_property(env, out, "dateValue", num(env, t)));
  CHECK(node_api_symbol_for(env, "shoal.test", NAPI_AUTO_LENGTH, &v));
  CHECK(napi_set_named_property(env, out, "symbolFor", v));
  CHECK(napi_create_symbol(env, str(env, "local"), &v));
  CHECK(napi_set_named_property(env, out, "symbol", v));
  CHECK(napi_coerce_to_string(env, num(env, 42.5), &v));
  CHECK(napi_set_named_property(env, out, "coerced", v));
  CHECK(napi_coerce_to_number(env, str(env, " 17 "), &v));
  CHECK(napi_set_named_property(env, out, "coercedNumber", v));
  CHECK(napi_coerce_to_bool(env, str(env, ""), &v));
  CHECK(napi_set_named_property(env, out, "coercedBool", v));
  CHECK(napi_get_global(env, &v));
  CHECK(napi_get_named_property(env, v, "Math", &w));
  bool eq;
  CHECK(napi_strict_equals(env, w, w, &eq));
  CHECK(napi_get_boolean(env, eq, &v));
  CHECK(napi_set_named_property(env, out, "strictEquals", v));
  CHECK(napi_run_script(env, str(env, "[1, 2, 3].map((x) => x * 2).join()"), &v));
  CHECK(napi_set_named_property(env, out, "script", v));
  uint32_t version;
  CHECK(napi_get_version(env, &version));
  CHECK(napi_set_named_property(env, out, "napiVersion", num(env, version)));
  const napi_node_version *nv;
  CHECK(napi_get_node_version(env, &nv));
  CHECK(napi_set_named_property(env, out, "nodeMajor", num(env, nv->major)));
  CHECK(napi_set_named_property(env, out, "release", str(env, nv->release)));
  const char *file;
  CHECK(node_api_get_module_file_name(env, &file));
  size_t flen = strlen(file);
  CHECK(napi_get_boolean(
      env, strncmp(file, "file://", 7) == 0 && flen > 5 && strcmp(file + flen - 5, ".node") == 0,
      &v));
  CHECK(napi_set_named_property(env, out, "fileName", v));
  int64_t mem;
  CHECK(napi_adjust_external_memory(env, 1024, &mem));
  CHECK(napi_get_boolean(env, mem >= 1024, &v));
  CHECK(napi_set_named_property(env, out, "externalMemory", v));
  uv_loop_t *loop;
  CHECK(napi_get_uv_event_loop(env, &loop));
  CHECK(napi_get_boolean(env, loop != NULL && uv_loop_alive(loop) >= 0, &v));
  CHECK(napi_set_named_property(env, out, "loop", v));
  return out;
}

/* --- objects -------------------------------------------------------------------- */

static napi_value get_secret(napi_env env, napi_callback_info info) {
  void *data;
  napi_get_cb_info(env, info, NULL, NULL, NULL, &data);
  return str(env, data);
}

static napi_value set_secret(napi_env env, napi_callback_info info) {
  napi_value argv[1], self = args_of(env, info, 1, argv);
  CHECK(napi_set_named_property(env, self, "_lastSet", argv[0]));
  return NULL;
}

static napi_value hello(napi_env env, napi_callback_info info) {
  (void)info;
  return str(env, "hello from C");
}

static napi_value objects(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  args_of(env, info, 1, argv);
  napi_value obj;
  CHECK(napi_create_object(env, &obj));
  napi_property_descriptor props[] = {
      {"plain", NULL, NULL, NULL, NULL, num(env, 1), napi_default_jsproperty, NULL},
      {"readOnly", NULL, NULL, NULL, NULL, num(env, 2), napi_enumerable, NULL},
      {"hidden", NULL, NULL, NULL, NULL, num(env, 3), napi_writable, NULL},
      {"hello", NULL, hello, NULL, NULL, NULL, napi_default_method, NULL},
      {"secret", NULL, NULL, get_secret, set_secret, NULL, napi_enumerable, "s3cr3t"},
  };
  CHECK(napi_define_properties(env, obj, sizeof props / sizeof props[0], props));
  napi_value names, all, v;
  CHECK(napi_get_property_names(env, argv[0], &names));
  CHECK(napi_set_named_property(env, obj, "namesOfArg", names));
  CHECK(napi_get_all_property_names(env, argv[0], napi_key_own_only, napi_key_all_properties,
                                    napi_key_numbers_to_strings, &all));
  CHECK(napi_set_named_property(env, obj, "allOwnOfArg", all));
  bool has, own, deleted;
  CHECK(napi_has_named_property(env, argv[0], "toString", &has));
  CHECK(napi_has_own_property(env, argv[0], str(env, "toString"), &own));
  CHECK(napi_delete_property(env, argv[0], str(env, "a"), &deleted));
  CHECK(napi_get_boolean(env, has && !own && deleted, &v));
  CHECK(napi_set_named_property(env, obj, "hasOwnDelete", v));
  napi_value proto;
  CHECK(napi_get_prototype(env, argv[0], &proto));
  CHECK(napi_set_named_property(env, obj, "protoIsObjectPrototype", proto));
  napi_value arr;
  CHECK(napi_create_array(env, &arr));
  for (uint32_t i = 0; i < 3; i++) CHECK(napi_set_element(env, arr, i, num(env, i * 10)));
  bool has_el, is_arr;
  uint32_t len;
  CHECK(napi_has_element(env, arr, 2, &has_el));
  CHECK(napi_delete_element(env, arr, 0, NULL));
  CHECK(napi_is_array(env, arr, &is_arr));
  CHECK(napi_get_array_length(env, arr, &len));
  CHECK(napi_set_named_property(env, obj, "array", arr));
  CHECK(napi_get_boolean(env, has_el && is_arr && len == 3, &v));
  CHECK(napi_set_named_property(env, obj, "arrayChecks", v));
  napi_value frozen;
  CHECK(napi_create_object(env, &frozen));
  CHECK(napi_set_named_property(env, frozen, "x", num(env, 1)));
  CHECK(napi_object_freeze(env, frozen));
  CHECK(napi_set_named_property(env, obj, "frozen", frozen));
  return obj;
}

/* --- errors -------------------------------------------------------------------------- */

static napi_value make_errors(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out, e;
  CHECK(napi_create_array(env, &out));
  CHECK(napi_create_error(env, str(env, "E_CODE"), str(env, "plain error"), &e));
  CHECK(napi_set_element(env, out, 0, e));
  CHECK(napi_create_type_error(env, NULL, str(env, "type error"), &e));
  CHECK(napi_set_element(env, out, 1, e));
  CHECK(napi_create_range_error(env, str(env, "E_RANGE"), str(env, "range error"), &e));
  CHECK(napi_set_element(env, out, 2, e));
  CHECK(node_api_create_syntax_error(env, NULL, str(env, "syntax error"), &e));
  CHECK(napi_set_element(env, out, 3, e));
  bool is_error;
  CHECK(napi_is_error(env, e, &is_error));
  napi_value b;
  CHECK(napi_get_boolean(env, is_error, &b));
  CHECK(napi_set_element(env, out, 4, b));
  return out;
}

static napi_value throw_kind(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  args_of(env, info, 1, argv);
  int32_t kind;
  CHECK(napi_get_value_int32(env, argv[0], &kind));
  switch (kind) {
    case 0: napi_throw_error(env, "E_ADDON", "thrown by the addon"); break;
    case 1: napi_throw_type_error(env, NULL, "bad type"); break;
    case 2: napi_throw_range_error(env, "E_RANGE", "out of range"); break;
    case 3: node_api_throw_syntax_error(env, NULL, "bad syntax"); break;
    default: napi_throw(env, str(env, "a thrown string")); break;
  }
  return NULL;
}

/* Calls fn; if it threw, catches the exception and returns it wrapped, after
 * checking that a JS-running call is refused while it is pending. */
static napi_value call_and_catch(napi_env env, napi_callback_info info) {
  napi_value argv[1], self = args_of(env, info, 1, argv);
  napi_value result;
  napi_status s = napi_call_function(env, self, argv[0], 0, NULL, &result);
  napi_value out, v;
  if (s == napi_pending_exception) {
    bool pending;
    napi_is_exception_pending(env, &pending);
    napi_value obj;
    napi_status refused = napi_create_object(env, &obj); /* allowed: no JS runs */
    napi_status refused2 = napi_call_function(env, self, argv[0], 0, NULL, &result);
    napi_value exc;
    napi_get_and_clear_last_exception(env, &exc);
    napi_create_object(env, &out);
    napi_get_boolean(env, pending, &v);
    napi_set_named_property(env, out, "pending", v);
    napi_set_named_property(env, out, "createObjectStatus", num(env, refused));
    napi_set_named_property(env, out, "callWhilePendingStatus", num(env, refused2));
    napi_set_named_property(env, out, "caught", exc);
    napi_is_exception_pending(env, &pending);
    napi_get_boolean(env, pending, &v);
    napi_set_named_property(env, out, "pendingAfterClear", v);
    return out;
  }
  CHECK(s);
  return result;
}

/* Bad arguments: statuses, never crashes. */
static napi_value bad_args(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out, v, obj = NULL;
  napi_create_object(env, &out);
  int32_t i;
  napi_set_named_property(env, out, "nullResult", num(env, napi_create_object(env, NULL)));
  napi_value x = str(env, "x");
  napi_status st = napi_get_value_int32(env, x, &i);
  const napi_extended_error_info *err;
  napi_get_last_error_info(env, &err);
  napi_value message = str(env, err->error_message);
  napi_set_named_property(env, out, "int32OfString", num(env, st));
  napi_set_named_property(env, out, "lastError", message);
  napi_set_named_property(env, out, "getPropOfNull",
                          num(env, napi_get_named_property(env, NULL, "x", &v)));
  napi_get_null(env, &obj);
  napi_set_named_property(env, out, "getPropOfNullValue",
                          num(env, napi_get_named_property(env, obj, "x", &v)));
  napi_value exc; /* Node's ToObject threw: take it back */
  napi_get_and_clear_last_exception(env, &exc);
  napi_set_named_property(env, out, "getPropOfNullThrew", exc);
  napi_set_named_property(env, out, "callNonFunction",
                          num(env, napi_call_function(env, obj, obj, 0, NULL, &v)));
  napi_set_named_property(env, out, "stringOfNumber",
                          num(env, napi_get_value_string_utf8(env, num(env, 1), NULL, 0, NULL)));
  napi_set_named_property(env, out, "unwrapPlain", num(env, napi_unwrap(env, out, (void **)&obj)));
  napi_set_named_property(env, out, "refToNumber",
                          num(env, napi_create_reference(env, num(env, 1), 1, (napi_ref *)&obj)));
  napi_set_named_property(env, out, "bigintOfNumber",
                          num(env, napi_get_value_bigint_int64(env, num(env, 1), NULL, NULL)));
  napi_set_named_property(env, out, "detachNonBuffer", num(env, napi_detach_arraybuffer(env, out)));
  napi_set_named_property(env, out, "nullEnv", num(env, napi_create_object(NULL, &v)));
  bool b;
  napi_set_named_property(env, out, "arrayLengthOfObject",
                          num(env, napi_get_array_length(env, out, (uint32_t *)&i)));
  napi_set_named_property(env, out, "dateOfObject",
                          num(env, napi_get_date_value(env, out, (double *)&v)));
  (void)b;
  return out;
}

/* --- escapable scopes and references -------------------------------------------------- */

static napi_value scoped(napi_env env, napi_callback_info info) {
  (void)info;
  napi_escapable_handle_scope scope;
  CHECK(napi_open_escapable_handle_scope(env, &scope));
  napi_value inner, escaped, twice;
  CHECK(napi_create_object(env, &inner));
  CHECK(napi_set_named_property(env, inner, "made", str(env, "inside a scope")));
  CHECK(napi_escape_handle(env, scope, inner, &escaped));
  napi_status second = napi_escape_handle(env, scope, inner, &twice);
  CHECK(napi_close_escapable_handle_scope(env, scope));
  napi_handle_scope plain;
  for (int i = 0; i < 1000; i++) {
    CHECK(napi_open_handle_scope(env, &plain));
    napi_value tmp;
    CHECK(napi_create_object(env, &tmp));
    CHECK(napi_close_handle_scope(env, plain));
  }
  CHECK(napi_set_named_property(env, escaped, "escapeTwiceStatus", num(env, second)));
  return escaped;
}

static napi_ref g_ref;

static napi_value ref_op(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  args_of(env, info, 2, argv);
  char op[16];
  CHECK(napi_get_value_string_utf8(env, argv[0], op, sizeof op, NULL));
  uint32_t count = 0;
  napi_value v;
  if (!strcmp(op, "create")) {
    CHECK(napi_create_reference(env, argv[1], 1, &g_ref));
    count = 1;
  } else if (!strcmp(op, "ref")) {
    CHECK(napi_reference_ref(env, g_ref, &count));
  } else if (!strcmp(op, "unref")) {
    CHECK(napi_reference_unref(env, g_ref, &count));
  } else if (!strcmp(op, "get")) {
    CHECK(napi_get_reference_value(env, g_ref, &v));
    if (!v) napi_get_null(env, &v);
    return v;
  } else if (!strcmp(op, "delete")) {
    CHECK(napi_delete_reference(env, g_ref));
    g_ref = NULL;
  }
  return num(env, count);
}

/* --- classes, wrap, finalizers ------------------------------------------------------- */

typedef struct counter {
  int64_t value;
} counter;

static int g_finalized;

static void counter_finalize(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  free(data);
  g_finalized++;
}

static napi_value counter_new(napi_env env, napi_callback_info info) {
  napi_value target;
  CHECK(napi_get_new_target(env, info, &target));
  if (!target) {
    napi_throw_type_error(env, NULL, "Counter must be called with new");
    return NULL;
  }
  napi_value argv[1], self = args_of(env, info, 1, argv);
  counter *c = calloc(1, sizeof *c);
  napi_valuetype t;
  CHECK(napi_typeof(env, argv[0], &t));
  if (t == napi_number) CHECK(napi_get_value_int64(env, argv[0], &c->value));
  CHECK(napi_wrap(env, self, c, counter_finalize, NULL, NULL));
  return self;
}

static counter *this_counter(napi_env env, napi_callback_info info, napi_value *argv) {
  napi_value self = args_of(env, info, 1, argv);
  counter *c = NULL;
  if (napi_unwrap(env, self, (void **)&c) != napi_ok) {
    napi_throw_error(env, NULL, "not a Counter");
    return NULL;
  }
  return c;
}

static napi_value counter_increment(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  counter *c = this_counter(env, info, argv);
  if (!c) return NULL;
  c->value++;
  return num(env, (double)c->value);
}

static napi_value counter_get(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  counter *c = this_counter(env, info, argv);
  return c ? num(env, (double)c->value) : NULL;
}

static napi_value counter_set(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  counter *c = this_counter(env, info, argv);
  if (!c) return NULL;
  CHECK(napi_get_value_int64(env, argv[0], &c->value));
  return NULL;
}

static napi_value counter_finalized(napi_env env, napi_callback_info info) {
  (void)info;
  return num(env, g_finalized);
}

static napi_value counter_release(napi_env env, napi_callback_info info) {
  napi_value argv[1], self = args_of(env, info, 1, argv);
  counter *c;
  CHECK(napi_remove_wrap(env, self, (void **)&c));
  int64_t v = c->value;
  free(c);
  return num(env, (double)v);
}

static napi_value define_counter(napi_env env) {
  napi_property_descriptor props[] = {
      {"increment", NULL, counter_increment, NULL, NULL, NULL, napi_default_method, NULL},
      {"release", NULL, counter_release, NULL, NULL, NULL, napi_default_method, NULL},
      {"value", NULL, NULL, counter_get, counter_set, NULL, napi_default, NULL},
      {"kind", NULL, NULL, NULL, NULL, NULL, napi_default, NULL},
      {"finalized", NULL, counter_finalized, NULL, NULL, NULL, napi_static, NULL},
  };
  props[3].value = str(env, "counter");
  napi_value cls;
  if (napi_define_class(env, "Counter", NAPI_AUTO_LENGTH, counter_new, NULL,
                        sizeof props / sizeof props[0], props, &cls) != napi_ok)
    return NULL;
  return cls;
}

/* --- type tags, externals, finalizers --------------------------------------------------- */

static const napi_type_tag tag_a = {0x1234567890abcdefULL, 0xfedcba0987654321ULL};
static const napi_type_tag tag_b = {1, 2};

static napi_value tags(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  args_of(env, info, 1, argv);
  bool a, b;
  CHECK(napi_type_tag_object(env, argv[0], &tag_a));
  napi_status again = napi_type_tag_object(env, argv[0], &tag_a);
  CHECK(napi_check_object_type_tag(env, argv[0], &tag_a, &a));
  CHECK(napi_check_object_type_tag(env, argv[0], &tag_b, &b));
  napi_value out, v;
  CHECK(napi_create_object(env, &out));
  CHECK(napi_get_boolean(env, a, &v));
  CHECK(napi_set_named_property(env, out, "matches", v));
  CHECK(napi_get_boolean(env, b, &v));
  CHECK(napi_set_named_property(env, out, "otherMatches", v));
  CHECK(napi_set_named_property(env, out, "retagStatus", num(env, again)));
  return out;
}

static int g_external_value = 7;

static napi_value externals(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value ext;
  CHECK(napi_create_external(env, &g_external_value, NULL, NULL, &ext));
  void *p;
  CHECK(napi_get_value_external(env, ext, &p));
  napi_value out;
  CHECK(napi_create_object(env, &out));
  CHECK(napi_set_named_property(env, out, "external", ext));
  CHECK(napi_set_named_property(env, out, "value", num(env, *(int *)p)));
  return out;
}

static int g_added_finalized;

static void added_finalizer(napi_env env, void *data, void *hint) {
  (void)env;
  (void)data;
  (void)hint;
  g_added_finalized++;
}

static napi_value add_finalizer(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  args_of(env, info, 1, argv);
  CHECK(napi_add_finalizer(env, argv[0], NULL, added_finalizer, NULL, NULL));
  return NULL;
}

static napi_value finalizer_count(napi_env env, napi_callback_info info) {
  (void)info;
  return num(env, g_added_finalized);
}

/* --- buffers ----------------------------------------------------------------------------- */

static void free_external(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  free(data);
}

static napi_value buffers(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  args_of(env, info, 1, argv);
  void *data;
  size_t len;
  CHECK(napi_get_buffer_info(env, argv[0], &data, &len));
  unsigned sum = 0;
  for (size_t i = 0; i < len; i++) sum += ((unsigned char *)data)[i];
  napi_value out, v;
  CHECK(napi_create_object(env, &out));
  CHECK(napi_set_named_property(env, out, "sum", num(env, sum)));
  CHECK(napi_create_buffer_copy(env, 5, "hello", NULL, &v));
  CHECK(napi_set_named_property(env, out, "copy", v));
  void *p;
  CHECK(napi_create_buffer(env, 3, &p, &v));
  memcpy(p, "abc", 3);
  CHECK(napi_set_named_property(env, out, "fresh", v));
  char *ext = malloc(4);
  memcpy(ext, "ext!", 4);
  CHECK(napi_create_external_buffer(env, 4, ext, free_external, NULL, &v));
  CHECK(napi_set_named_property(env, out, "external", v));
  bool is_buf;
  CHECK(napi_is_buffer(env, v, &is_buf));
  CHECK(napi_get_boolean(env, is_buf, &v));
  CHECK(napi_set_named_property(env, out, "isBuffer", v));
  napi_value ab, ta, dv;
  CHECK(napi_create_arraybuffer(env, 16, &p, &ab));
  for (int i = 0; i < 16; i++) ((unsigned char *)p)[i] = (unsigned char)i;
  CHECK(napi_create_typedarray(env, napi_int32_array, 2, ab, 4, &ta));
  CHECK(napi_set_named_property(env, out, "int32", ta));
  napi_typedarray_type type;
  size_t tlen, off;
  CHECK(napi_get_typedarray_info(env, ta, &type, &tlen, NULL, NULL, &off));
  CHECK(napi_set_named_property(env, out, "typedInfo", num(env, type * 100 + tlen * 10 + off)));
  CHECK(napi_create_dataview(env, 8, ab, 8, &dv));
  size_t dlen;
  CHECK(napi_get_dataview_info(env, dv, &dlen, NULL, NULL, &off));
  CHECK(napi_set_named_property(env, out, "dataView", num(env, dlen * 10 + off)));
  napi_status misaligned = napi_create_typedarray(env, napi_int32_array, 1, ab, 3, &ta);
  napi_value exc;
  CHECK(napi_get_and_clear_last_exception(env, &exc));
  CHECK(napi_set_named_property(env, out, "misalignedStatus", num(env, misaligned)));
  CHECK(napi_set_named_property(env, out, "misalignedError", exc));
  bool detached;
  CHECK(napi_detach_arraybuffer(env, ab));
  CHECK(napi_is_detached_arraybuffer(env, ab, &detached));
  CHECK(napi_get_boolean(env, detached, &v));
  CHECK(napi_set_named_property(env, out, "detached", v));
  CHECK(napi_set_named_property(env, out, "detachedBuffer", ab));
  char *extab = malloc(8);
  memset(extab, 9, 8);
  CHECK(napi_create_external_arraybuffer(env, extab, 8, free_external, NULL, &v));
  CHECK(napi_set_named_property(env, out, "externalArrayBuffer", v));
  return out;
}

/* --- promises and async work ---------------------------------------------------------------- */

static napi_value settle_now(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  args_of(env, info, 2, argv);
  bool reject;
  CHECK(napi_get_value_bool(env, argv[1], &reject));
  napi_deferred d;
  napi_value promise;
  CHECK(napi_create_promise(env, &d, &promise));
  if (reject) CHECK(napi_reject_deferred(env, d, argv[0]));
  else CHECK(napi_resolve_deferred(env, d, argv[0]));
  bool is_promise;
  CHECK(napi_is_promise(env, promise, &is_promise));
  return is_promise ? promise : NULL;
}

typedef struct sum_work {
  napi_async_work work;
  napi_deferred deferred;
  double *values;
  size_t count;
  double result;
} sum_work;

static void sum_execute(napi_env env, void *data) {
  (void)env;
  sum_work *w = data;
  for (size_t i = 0; i < w->count; i++) w->result += w->values[i];
}

static void sum_complete(napi_env env, napi_status status, void *data) {
  sum_work *w = data;
  if (status == napi_ok) napi_resolve_deferred(env, w->deferred, num(env, w->result));
  else napi_reject_deferred(env, w->deferred, str(env, "cancelled"));
  napi_delete_async_work(env, w->work);
  free(w->values);
  free(w);
}

static napi_value async_sum(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  args_of(env, info, 1, argv);
  uint32_t n;
  CHECK(napi_get_array_length(env, argv[0], &n));
  sum_work *w = calloc(1, sizeof *w);
  w->values = calloc(n ? n : 1, sizeof *w->values);
  w->count = n;
  for (uint32_t i = 0; i < n; i++) {
    napi_value v;
    CHECK(napi_get_element(env, argv[0], i, &v));
    CHECK(napi_get_value_double(env, v, &w->values[i]));
  }
  napi_value promise;
  CHECK(napi_create_promise(env, &w->deferred, &promise));
  CHECK(napi_create_async_work(env, NULL, str(env, "sum"), sum_execute, sum_complete, w, &w->work));
  CHECK(napi_queue_async_work(env, w->work));
  return promise;
}

/* An async work item whose completion throws: an uncaught exception. */
static void noop_execute(napi_env env, void *data) {
  (void)env;
  (void)data;
}

static napi_async_work g_throw_work;

static void throwing_complete(napi_env env, napi_status status, void *data) {
  (void)status;
  (void)data;
  napi_delete_async_work(env, g_throw_work);
  napi_throw_error(env, "E_ASYNC", "thrown from an async completion");
}

static napi_value async_throw(napi_env env, napi_callback_info info) {
  (void)info;
  CHECK(napi_create_async_work(env, NULL, str(env, "throw"), noop_execute, throwing_complete, NULL,
                               &g_throw_work));
  CHECK(napi_queue_async_work(env, g_throw_work));
  return NULL;
}

/* --- thread-safe functions ------------------------------------------------------------------- */

typedef struct producer {
  uv_thread_t thread;
  napi_threadsafe_function tsfn;
  int count;
  napi_deferred done;
  int queue_full; /* nonblocking calls refused because the queue was full */
} producer;

static void produce(void *arg) {
  producer *p = arg;
  for (int i = 1; i <= p->count; i++) {
    int *v = malloc(sizeof *v);
    *v = i;
    napi_call_threadsafe_function(p->tsfn, v, napi_tsfn_blocking);
  }
  napi_release_threadsafe_function(p->tsfn, napi_tsfn_release);
}

static void call_js(napi_env env, napi_value js_cb, void *context, void *data) {
  (void)context;
  int *v = data;
  if (env) {
    napi_value undefined, arg = num(env, *v);
    napi_get_undefined(env, &undefined);
    napi_call_function(env, undefined, js_cb, 1, &arg, NULL);
  }
  free(v);
}

static void producer_done(napi_env env, void *data, void *context) {
  (void)context;
  producer *p = data;
  uv_thread_join(&p->thread);
  napi_resolve_deferred(env, p->done, num(env, p->count));
  free(p);
}

static napi_value start_thread(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  args_of(env, info, 2, argv);
  producer *p = calloc(1, sizeof *p);
  CHECK(napi_get_value_int32(env, argv[0], &p->count));
  napi_value promise;
  CHECK(napi_create_promise(env, &p->done, &promise));
  CHECK(napi_create_threadsafe_function(env, argv[1], NULL, str(env, "producer"), 2, 1, p,
                                        producer_done, NULL, call_js, &p->tsfn));
  void *ctx = (void *)1;
  CHECK(napi_get_threadsafe_function_context(p->tsfn, &ctx));
  if (ctx != NULL) return NULL;
  uv_thread_create(&p->thread, produce, p);
  return promise;
}

/* --- instance data, cleanup, crash ------------------------------------------------------------ */

static void cleanup_hook(void *arg) {
  (void)arg;
  printf("cleanup hook ran\n");
  fflush(stdout);
}

static napi_value crash(napi_env env, napi_callback_info info) {
  (void)env;
  (void)info;
  volatile int *p = NULL;
  return num(env, *p);
}

static napi_value return_garbage_type(napi_env env, napi_callback_info info) {
  (void)info;
  /* A callback that returns NULL without throwing: undefined in JS. */
  (void)env;
  return NULL;
}

static napi_value fatal_exception(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  args_of(env, info, 1, argv);
  CHECK(napi_fatal_exception(env, argv[0]));
  return str(env, "returned");
}

/* Which file defines the napi_create_object this addon is bound to: the
 * runtime's executable under shoal (not libnode), the node binary under Node. */
static napi_value napi_implementation(napi_env env, napi_callback_info info) {
  (void)info;
  Dl_info where;
  if (!dladdr((void *)napi_create_object, &where) || !where.dli_fname) return str(env, "unknown");
  return str(env, where.dli_fname);
}

NAPI_MODULE_INIT() {
  instance *in = calloc(1, sizeof *in);
  CHECK(napi_set_instance_data(env, in, free_instance, NULL));
  CHECK(napi_add_env_cleanup_hook(env, cleanup_hook, in));
  napi_property_descriptor fns[] = {
      {"hello", NULL, hello, NULL, NULL, NULL, napi_enumerable, NULL},
      {"add", NULL, add, NULL, NULL, NULL, napi_enumerable, NULL},
      {"typeOf", NULL, type_of, NULL, NULL, NULL, napi_enumerable, NULL},
      {"numbers", NULL, numbers, NULL, NULL, NULL, napi_enumerable, NULL},
      {"strings", NULL, strings, NULL, NULL, NULL, napi_enumerable, NULL},
      {"bigints", NULL, bigints, NULL, NULL, NULL, napi_enumerable, NULL},
      {"miscValues", NULL, misc_values, NULL, NULL, NULL, napi_enumerable, NULL},
      {"objects", NULL, objects, NULL, NULL, NULL, napi_enumerable, NULL},
      {"makeErrors", NULL, make_errors, NULL, NULL, NULL, napi_enumerable, NULL},
      {"throwKind", NULL, throw_kind, NULL, NULL, NULL, napi_enumerable, NULL},
      {"callAndCatch", NULL, call_and_catch, NULL, NULL, NULL, napi_enumerable, NULL},
      {"badArgs", NULL, bad_args, NULL, NULL, NULL, napi_enumerable, NULL},
      {"scoped", NULL, scoped, NULL, NULL, NULL, napi_enumerable, NULL},
      {"refOp", NULL, ref_op, NULL, NULL, NULL, napi_enumerable, NULL},
      {"tags", NULL, tags, NULL, NULL, NULL, napi_enumerable, NULL},
      {"externals", NULL, externals, NULL, NULL, NULL, napi_enumerable, NULL},
      {"addFinalizer", NULL, add_finalizer, NULL, NULL, NULL, napi_enumerable, NULL},
      {"finalizerCount", NULL, finalizer_count, NULL, NULL, NULL, napi_enumerable, NULL},
      {"buffers", NULL, buffers, NULL, NULL, NULL, napi_enumerable, NULL},
      {"settleNow", NULL, settle_now, NULL, NULL, NULL, napi_enumerable, NULL},
      {"asyncSum", NULL, async_sum, NULL, NULL, NULL, napi_enumerable, NULL},
      {"asyncThrow", NULL, async_throw, NULL, NULL, NULL, napi_enumerable, NULL},
      {"startThread", NULL, start_thread, NULL, NULL, NULL, napi_enumerable, NULL},
      {"countCalls", NULL, count_calls, NULL, NULL, NULL, napi_enumerable, NULL},
      {"crash", NULL, crash, NULL, NULL, NULL, napi_enumerable, NULL},
      {"returnNothing", NULL, return_garbage_type, NULL, NULL, NULL, napi_enumerable, NULL},
      {"fatalException", NULL, fatal_exception, NULL, NULL, NULL, napi_enumerable, NULL},
      {"napiImplementation", NULL, napi_implementation, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  CHECK(napi_define_properties(env, exports, sizeof fns / sizeof fns[0], fns));
  napi_value cls = define_counter(env);
  if (!cls) return NULL;
  CHECK(napi_create_reference(env, cls, 1, &in->counter_ctor));
  CHECK(napi_set_named_property(env, exports, "Counter", cls));
  return exports;
}
