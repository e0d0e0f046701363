#ifndef SHOAL_BINDINGS_V8SHIM_INTERNAL_H
#define SHOAL_BINDINGS_V8SHIM_INTERNAL_H
// v8shim internals shared by the shim's C++ files (v8shim.cc and the area
// files v8shim_<area>.cc): the runtime structure and the Local<->sh_val
// conversions. C++ only; nothing outside bindings/v8shim*.cc includes it.
#include <v8.h>

#include <atomic>
#include <cstring>
#include <memory>
#include <unordered_map>
#include <vector>

#include "v8shim.h"

namespace shim {

using v8::Context;
using v8::FunctionCallbackInfo;
using v8::Global;
using v8::Isolate;
using v8::Local;
using v8::MaybeLocal;
using v8::Module;
using v8::Object;
using v8::TryCatch;
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

// Ends the runtime's inspector and its sessions' V8 halves, before the
// isolate goes (v8shim_inspector.cc); session handles left are inert.
void InspectorFree(sh_rt *rt);

std::unique_ptr<v8::Platform> NewWakingPlatform();
}  // namespace shim

struct sh_rt {
  v8::Isolate *isolate;
  v8::Global<v8::Context> context;
  v8::Global<v8::ObjectTemplate> ptr_template;
  v8::Global<v8::Object> ptr_proto;  // an instance of it, cloned by sh_obj_with_ptr
  v8::Global<v8::ObjectTemplate> module_template;
  int depth;  // native callbacks active on the stack
  void *userdata;
  sh_exception_hook uncaught;
  sh_reject_hook reject;
  sh_dynamic_import_fn dynamic_import;
  sh_import_meta_fn import_meta;
  sh_resolve_fn resolving;
  std::atomic<sh_wake_fn> wake{nullptr};  // called from V8's threads (v8shim_platform.cc)
  void *wake_data = nullptr;
  void *resolving_data;
  v8::Global<v8::Value> last_exception;  // the last uncaught exception and where it was thrown
  v8::Global<v8::Message> last_message;
  std::vector<std::unique_ptr<shim::NativeFn>> natives;
  std::unordered_multimap<int, std::unique_ptr<shim::ModuleEntry>> modules;
  sh_inspector *inspector = nullptr;  // made on demand (v8shim_inspector.cc), never freed
  bool abort_on_uncaught = true;      // sh_set_abort_on_uncaught
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

// Decides where a caught exception goes: back into JavaScript when C was
// called from JavaScript, to the uncaught hook otherwise.
inline void Dispatch(sh_rt *rt, TryCatch &tc) {
  if (!tc.HasCaught() || tc.HasTerminated()) {
    if (tc.HasTerminated() && rt->depth > 0) tc.ReThrow();
    return;
  }
  if (rt->depth > 0) {
    tc.ReThrow();
    return;
  }
  Local<Value> exc = tc.Exception();
  rt->last_exception.Reset(rt->isolate, exc);
  rt->last_message.Reset(rt->isolate, tc.Message());
  tc.Reset();
  if (rt->uncaught) rt->uncaught(rt, V(exc));
}

inline sh_val Checked(sh_rt *rt, TryCatch &tc, MaybeLocal<Value> r) {
  Local<Value> v;
  if (r.ToLocal(&v)) return V(v);
  Dispatch(rt, tc);
  return nullptr;
}

inline int CheckedBool(sh_rt *rt, TryCatch &tc, v8::Maybe<bool> r) {
  if (r.IsJust()) return 0;
  Dispatch(rt, tc);
  return -1;
}

// The FunctionCallback of every native function: calls the NativeFn held in
// its data (an External) with a sh_cbinfo.
void Trampoline(const FunctionCallbackInfo<Value> &info);

}  // namespace shim
#endif
