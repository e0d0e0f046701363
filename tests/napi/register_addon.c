/* An addon that registers the old way: napi_module_register() from its
 * static constructor, which runs once, inside the first dlopen. shoal must
 * still give every later load (process.dlopen again, another worker) the
 * registration function. */
#include <node_api.h>

static napi_value init(napi_env env, napi_value exports) {
  napi_value v;
  napi_create_string_utf8(env, "napi_module_register", NAPI_AUTO_LENGTH, &v);
  napi_set_named_property(env, exports, "registeredBy", v);
  return exports;
}

static napi_module module = {NAPI_MODULE_VERSION,     0, __FILE__, init, "register_addon", NULL,
                             {NULL, NULL, NULL, NULL}};

__attribute__((constructor)) static void register_module(void) {
  napi_module_register(&module);
}
