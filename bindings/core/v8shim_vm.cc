// v8shim_vm: contexts and scripts for the `vm` module (see the section "vm
// module" of v8shim.h).
//
// A contextified sandbox: a new V8 context whose global object has named
// property interceptors forwarding to the sandbox object, so that globals
// read the sandbox's properties and writes to globals land on the sandbox
// (Node's semantics). The sandbox keeps the context alive through a private
// property holding the context's global; the context points back to the
// sandbox through its embedder data. Both links are JavaScript heap
// references: the pair is collected together, nothing is freed by hand.
//
// Scripts are V8 unbound scripts held by a wrapper object (sh_obj_with_ptr)
// that frees them when it is collected. Exceptions propagate to the
// JavaScript caller, except the termination of a timed-out run, which is
// cancelled and reported through *timed_out.
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

#include "v8shim.h"
#include "v8shim_internal.h"

using shim::L;
using shim::O;
using shim::V;

using v8::Context;
using v8::Isolate;
using v8::Local;
using v8::MaybeLocal;
using v8::Name;
using v8::Object;
using v8::PropertyCallbackInfo;
using v8::String;
using v8::Value;

namespace {

// Embedder data slot of a vm context that holds its sandbox object.
constexpr int kSandboxSlot = 32;
constexpr uint32_t kScriptMagic = 0x766d5343;  // "vmSC"

Local<v8::Private> GlobalKey(Isolate *iso) {
  return v8::Private::ForApi(iso, String::NewFromUtf8Literal(iso, "shoal:vm:global"));
}

// The sandbox of the vm context the intercepted global belongs to.
bool SandboxOf(Local<Object> holder, Local<Context> *ctx, Local<Object> *sandbox) {
  if (!holder->GetCreationContext().ToLocal(ctx)) return false;
  if ((*ctx)->GetNumberOfEmbedderDataFields() <= kSandboxSlot) return false;
  Local<Value> sb = (*ctx)->GetEmbedderData(kSandboxSlot);
  if (!sb->IsObject()) return false;
  *sandbox = sb.As<Object>();
  return true;
}

void Getter(Local<Name> property, const PropertyCallbackInfo<Value> &info) {
  Local<Context> ctx;
  Local<Object> sandbox;
  if (!SandboxOf(info.Holder(), &ctx, &sandbox)) return;
  bool has;
  if (!sandbox->Has(ctx, property).To(&has) || !has) return;  // V8's own global next
  Local<Value> v;
  if (sandbox->Get(ctx, property).ToLocal(&v)) info.GetReturnValue().Set(v);
}

void Setter(Local<Name> property, Local<Value> value, const PropertyCallbackInfo<Value> &info) {
  Local<Context> ctx;
  Local<Object> sandbox;
  if (!SandboxOf(info.Holder(), &ctx, &sandbox)) return;
  // A read-only global of V8's own (undefined, NaN, Infinity) stays as is.
  v8::PropertyAttribute attr;
  bool on_sandbox;
  if (sandbox->HasRealNamedProperty(ctx, property).To(&on_sandbox) && !on_sandbox &&
      info.Holder()->GetRealNamedPropertyAttributes(ctx, property).To(&attr) &&
      (attr & v8::ReadOnly))
    return;
  if (sandbox->Set(ctx, property, value).IsNothing()) return;
  info.GetReturnValue().Set(value);
}

void Descriptor(Local<Name> property, const PropertyCallbackInfo<Value> &info) {
  Local<Context> ctx;
  Local<Object> sandbox;
  if (!SandboxOf(info.Holder(), &ctx, &sandbox)) return;
  bool has;
  if (!sandbox->HasOwnProperty(ctx, property).To(&has) || !has) return;
  Local<Value> desc;
  if (sandbox->GetOwnPropertyDescriptor(ctx, property).ToLocal(&desc))
    info.GetReturnValue().Set(desc);
}

// Defines `property` on the sandbox with `copy` (a rebuilt descriptor: V8's
// cannot be passed on) plus the enumerable/configurable bits of `desc`.
void DefineOnSandbox(Local<Context> ctx, Local<Object> sandbox, Local<Name> property,
                     const v8::PropertyDescriptor &desc, v8::PropertyDescriptor *copy) {
  if (desc.has_enumerable()) copy->set_enumerable(desc.enumerable());
  if (desc.has_configurable()) copy->set_configurable(desc.configurable());
  // A failed define threw: the exception propagates to the script.
  if (sandbox->DefineProperty(ctx, property, *copy).IsNothing()) return;
}

void Definer(Local<Name> property, const v8::PropertyDescriptor &desc,
             const PropertyCallbackInfo<Value> &info) {
  Local<Context> ctx;
  Local<Object> sandbox;
  if (!SandboxOf(info.Holder(), &ctx, &sandbox)) return;
  Isolate *iso = info.GetIsolate();
  // Not intercepted: V8 defines it on the global too, so declared
  // functions and `typeof f` keep working inside the context.
  if (desc.has_get() || desc.has_set()) {
    Local<Value> undef = v8::Undefined(iso);
    v8::PropertyDescriptor copy(desc.has_get() ? desc.get() : undef,
                                desc.has_set() ? desc.set() : undef);
    DefineOnSandbox(ctx, sandbox, property, desc, &copy);
  } else if (desc.has_value() && desc.has_writable()) {
    v8::PropertyDescriptor copy(desc.value(), desc.writable());
    DefineOnSandbox(ctx, sandbox, property, desc, &copy);
  } else if (desc.has_value()) {
    v8::PropertyDescriptor copy(desc.value());
    DefineOnSandbox(ctx, sandbox, property, desc, &copy);
  } else {
    v8::PropertyDescriptor copy;
    DefineOnSandbox(ctx, sandbox, property, desc, &copy);
  }
}

void Deleter(Local<Name> property, const PropertyCallbackInfo<v8::Boolean> &info) {
  Local<Context> ctx;
  Local<Object> sandbox;
  if (!SandboxOf(info.Holder(), &ctx, &sandbox)) return;
  bool ok;
  if (!sandbox->Delete(ctx, property).To(&ok)) return;
  info.GetReturnValue().Set(ok);
}

void Enumerator(const PropertyCallbackInfo<v8::Array> &info) {
  Local<Context> ctx;
  Local<Object> sandbox;
  if (!SandboxOf(info.Holder(), &ctx, &sandbox)) return;
  Local<v8::Array> names;
  if (sandbox->GetPropertyNames(ctx).ToLocal(&names)) info.GetReturnValue().Set(names);
}

// The context whose global is `global`, or the current one for NULL.
bool ContextOf(Isolate *iso, sh_val global, Local<Context> *out) {
  if (!global) {
    *out = iso->GetCurrentContext();
    return true;
  }
  if (!L(global)->IsObject()) return false;
  return O(global)->GetCreationContext().ToLocal(out);
}

struct ScriptHolder {
  uint32_t magic;
  v8::Global<v8::UnboundScript> script;
  v8::Global<Object> wrapper;
};

void ScriptCollected(const v8::WeakCallbackInfo<ScriptHolder> &info) {
  ScriptHolder *h = info.GetParameter();
  h->wrapper.Reset();
  h->script.Reset();
  delete h;
}

ScriptHolder *HolderOf(sh_rt *rt, sh_val script) {
  auto *h = static_cast<ScriptHolder *>(sh_obj_ptr(rt, script));
  return h && h->magic == kScriptMagic ? h : nullptr;
}

// Stops the isolate's JavaScript after a timeout unless disarmed first.
class Watchdog {
 public:
  Watchdog(Isolate *iso, uint64_t ms) : iso_(iso) {
    if (ms == 0) return;
    thread_ = std::thread([this, ms] {
      std::unique_lock<std::mutex> lock(mu_);
      if (!cv_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return done_; })) {
        fired_ = true;
        iso_->TerminateExecution();
      }
    });
  }
  ~Watchdog() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }
  bool Fired() {
    std::lock_guard<std::mutex> lock(mu_);
    return fired_;
  }

 private:
  Isolate *iso_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  bool fired_ = false;
};

}  // namespace

sh_val sh_vm_make_context(sh_rt *, sh_val sandbox) {
  Isolate *iso = Isolate::GetCurrent();
  Local<Context> current = iso->GetCurrentContext();
  if (!L(sandbox)->IsObject()) return nullptr;
  v8::EscapableHandleScope scope(iso);
  Local<v8::FunctionTemplate> ft = v8::FunctionTemplate::New(iso);
  Local<v8::ObjectTemplate> global = ft->InstanceTemplate();
  global->SetHandler(v8::NamedPropertyHandlerConfiguration(
      Getter, Setter, Descriptor, Deleter, Enumerator, Definer, Local<Value>(),
      v8::PropertyHandlerFlags::kHasNoSideEffect));
  Local<Context> ctx = Context::New(iso, nullptr, global);
  if (ctx.IsEmpty()) return nullptr;
  ctx->SetSecurityToken(current->GetSecurityToken());
  ctx->SetEmbedderData(kSandboxSlot, L(sandbox));
  Local<Object> g = ctx->Global();
  if (O(sandbox)->SetPrivate(current, GlobalKey(iso), g).IsNothing()) return nullptr;
  return V(scope.Escape(g));
}

sh_val sh_vm_context_global(sh_rt *, sh_val sandbox) {
  Isolate *iso = Isolate::GetCurrent();
  if (!L(sandbox)->IsObject()) return nullptr;
  Local<Context> ctx = iso->GetCurrentContext();
  Local<Value> g;
  if (!O(sandbox)->GetPrivate(ctx, GlobalKey(iso)).ToLocal(&g) || !g->IsObject()) return nullptr;
  return V(g);
}

sh_val sh_vm_script_new(sh_rt *rt, sh_val source, sh_val filename, int line_offset,
                        int column_offset, const uint8_t *cache, size_t cache_len,
                        int *cache_rejected) {
  Isolate *iso = Isolate::GetCurrent();
  Local<String> src;
  if (!L(source)->ToString(iso->GetCurrentContext()).ToLocal(&src)) return nullptr;
  v8::ScriptOrigin origin(iso, L(filename), line_offset, column_offset);
  v8::ScriptCompiler::CachedData *cd = nullptr;
  if (cache && cache_len)
    cd = new v8::ScriptCompiler::CachedData(cache, (int)cache_len);  // borrowed bytes
  v8::ScriptCompiler::Source s(src, origin, cd);                     // owns cd
  Local<v8::UnboundScript> script;
  if (!v8::ScriptCompiler::CompileUnboundScript(
           iso, &s,
           cd ? v8::ScriptCompiler::kConsumeCodeCache : v8::ScriptCompiler::kNoCompileOptions)
           .ToLocal(&script))
    return nullptr;
  if (cache_rejected) *cache_rejected = cd ? (s.GetCachedData()->rejected ? 1 : 0) : 0;
  auto *h = new ScriptHolder{kScriptMagic, {}, {}};
  h->script.Reset(iso, script);
  sh_val wrapper = sh_obj_with_ptr(rt, h);
  h->wrapper.Reset(iso, O(wrapper));
  h->wrapper.SetWeak(h, ScriptCollected, v8::WeakCallbackType::kParameter);
  return wrapper;
}

sh_val sh_vm_script_run(sh_rt *rt, sh_val script, sh_val global, uint64_t timeout_ms,
                        bool *timed_out) {
  Isolate *iso = Isolate::GetCurrent();
  *timed_out = false;
  ScriptHolder *h = HolderOf(rt, script);
  Local<Context> ctx;
  if (!h || !ContextOf(iso, global, &ctx)) {
    sh_throw_error(rt, SH_TYPE_ERROR, "Illegal invocation");
    return nullptr;
  }
  v8::EscapableHandleScope scope(iso);
  Context::Scope in_context(ctx);
  Local<v8::Script> bound = h->script.Get(iso)->BindToCurrentContext();
  v8::TryCatch tc(iso);
  MaybeLocal<Value> result;
  bool fired;
  {
    Watchdog dog(iso, timeout_ms);
    result = bound->Run(ctx);
    fired = dog.Fired();
  }
  // The watchdog may fire just as the script ends: its termination must not
  // reach the next JavaScript to run.
  if (fired) iso->CancelTerminateExecution();
  Local<Value> v;
  if (result.ToLocal(&v)) return V(scope.Escape(v));
  if (fired) {
    *timed_out = true;
    return nullptr;
  }
  tc.ReThrow();
  return nullptr;
}

uint8_t *sh_vm_script_cache(sh_rt *rt, sh_val script, size_t *len) {
  ScriptHolder *h = HolderOf(rt, script);
  if (!h) return nullptr;
  Isolate *iso = Isolate::GetCurrent();
  v8::ScriptCompiler::CachedData *cd = v8::ScriptCompiler::CreateCodeCache(h->script.Get(iso));
  if (!cd) return nullptr;
  uint8_t *out = static_cast<uint8_t *>(malloc(cd->length ? cd->length : 1));
  if (out) memcpy(out, cd->data, cd->length);
  *len = cd->length;
  delete cd;
  return out;
}

sh_val sh_vm_compile_function(sh_rt *rt, sh_val source, sh_val filename, sh_val params,
                              sh_val global, sh_val extensions, int line_offset,
                              int column_offset) {
  Isolate *iso = Isolate::GetCurrent();
  Local<Context> ctx;
  if (!ContextOf(iso, global, &ctx)) {
    sh_throw_error(rt, SH_TYPE_ERROR, "Illegal invocation");
    return nullptr;
  }
  v8::EscapableHandleScope scope(iso);
  Local<Context> outer = iso->GetCurrentContext();
  Local<String> src;
  if (!L(source)->ToString(outer).ToLocal(&src)) return nullptr;
  std::vector<Local<String>> names;
  std::vector<Local<Object>> exts;
  if (params && L(params)->IsArray()) {
    Local<v8::Array> a = L(params).As<v8::Array>();
    for (uint32_t i = 0; i < a->Length(); i++) {
      Local<Value> n;
      Local<String> s;
      if (!a->Get(outer, i).ToLocal(&n) || !n->ToString(outer).ToLocal(&s)) return nullptr;
      names.push_back(s);
    }
  }
  if (extensions && L(extensions)->IsArray()) {
    Local<v8::Array> a = L(extensions).As<v8::Array>();
    for (uint32_t i = 0; i < a->Length(); i++) {
      Local<Value> e;
      if (!a->Get(outer, i).ToLocal(&e)) return nullptr;
      if (e->IsObject()) exts.push_back(e.As<Object>());
    }
  }
  v8::ScriptOrigin origin(iso, L(filename), line_offset, column_offset);
  v8::ScriptCompiler::Source s(src, origin);
  Local<v8::Function> fn;
  if (!v8::ScriptCompiler::CompileFunction(ctx, &s, names.size(), names.data(), exts.size(),
                                           exts.data())
           .ToLocal(&fn))
    return nullptr;
  return V(scope.Escape(fn));
}
