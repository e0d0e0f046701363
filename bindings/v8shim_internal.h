#ifndef SHOAL_BINDINGS_V8SHIM_INTERNAL_H
#define SHOAL_BINDINGS_V8SHIM_INTERNAL_H
// v8shim internals shared by the shim's C++ files (v8shim.cc,
// v8shim_serdes.cc): the definition of sh_rt and the sh_val <-> Local
// conversions. C++ only; nothing outside bindings/v8shim*.cc includes it.
#include <v8.h>

#include <cstring>
#include <memory>
#include <unordered_map>
#include <vector>

#include "bindings/v8shim.h"

namespace shim {

using v8::ArrayBuffer;
using v8::Context;
using v8::Global;
using v8::Isolate;
using v8::Local;
using v8::Module;
using v8::Object;
using v8::Value;

struct NativeFn {
  sh_native_fn fn;
  void *data;
};

struct ModuleEntry {
  Global<Module> module;
  Global<Object> wrapper;
  Global<Object> synthetic_values;  // synthetic modules only
};

struct ExternalFree {
  sh_free_fn fn;
  void *hint;
};

// Static one-byte data V8 reads in place (sh_str_static_latin1). V8 deletes
// the resource object when the string dies; the bytes are never freed.
class StaticOneByte : public v8::String::ExternalOneByteStringResource {
 public:
  StaticOneByte(const char *data, size_t len) : data_(data), len_(len) {}
  const char *data() const override {
    return data_;
  }
  size_t length() const override {
    return len_;
  }

 private:
  const char *data_;
  size_t len_;
};

}  // namespace shim

struct sh_rt {
  v8::Isolate *isolate;
  v8::Global<v8::Context> context;
  v8::Global<v8::ObjectTemplate> ptr_template;
  v8::Global<v8::ObjectTemplate> module_template;
  int depth;  // native callbacks active on the stack
  void *userdata;
  sh_exception_hook uncaught;
  sh_reject_hook reject;
  sh_dynamic_import_fn dynamic_import;
  sh_import_meta_fn import_meta;
  sh_resolve_fn resolving;
  void *resolving_data;
  v8::Global<v8::Value> last_exception;  // the last uncaught exception and where it was thrown
  v8::Global<v8::Message> last_message;
  std::vector<std::unique_ptr<shim::NativeFn>> natives;
  std::unordered_multimap<int, std::unique_ptr<shim::ModuleEntry>> modules;
};

struct sh_ref {
  sh_rt *rt;
  v8::Global<v8::Value> handle;
  sh_weak_fn weak_fn;
  void *weak_data;
};

struct sh_cbinfo {
  const v8::FunctionCallbackInfo<v8::Value> *info;
  sh_rt *rt;
  void *data;
};

namespace shim {

static_assert(sizeof(Local<Value>) == sizeof(sh_val), "a Local is one pointer");
inline sh_val V(Local<Value> v) {
  if (v.IsEmpty()) return nullptr;
  sh_val out;
  memcpy(&out, &v, sizeof out);
  return out;
}
inline Local<Value> L(sh_val v) {
  Local<Value> out;
  memcpy(static_cast<void *>(&out), &v, sizeof out);
  return out;
}
inline Local<Object> O(sh_val v) {
  return L(v).As<Object>();
}
inline Local<Context> Ctx(sh_rt *rt) {
  return rt->context.Get(rt->isolate);
}
inline sh_rt *RtOf(Isolate *iso) {
  return static_cast<sh_rt *>(iso->GetData(0));
}

// Decides where a caught exception goes (see v8shim.cc).
void Dispatch(sh_rt *rt, v8::TryCatch &tc);

}  // namespace shim
#endif
