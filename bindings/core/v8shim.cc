// v8shim: the C API of v8shim.h over V8 10.2. See the header for the rules
// (handles, scopes, exceptions). Nothing of C++ leaks out of this file.
//
// A sh_val is a v8::Local<v8::Value> reinterpreted (v8shim_internal.h). Handles live
// in the HandleScope opened by sh_scope_open or by V8 around a native callback.
#include "v8shim.h"
#include "v8shim_internal.h"

#include <libplatform/libplatform.h>
#include <v8.h>

#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>
#include <unordered_map>
#include <vector>

using v8::Array;
using v8::ArrayBuffer;
using v8::Context;
using v8::External;
using v8::FunctionCallbackInfo;
using v8::Global;
using v8::HandleScope;
using v8::Isolate;
using v8::Local;
using v8::MaybeLocal;
using v8::Module;
using v8::Object;
using v8::String;
using v8::TryCatch;
using v8::Value;

using namespace shim;

namespace {

std::unique_ptr<v8::Platform> g_platform;
bool g_abort_on_uncaught_cli;  // --abort-on-uncaught-exception on the command line

// V8 asks before aborting for an uncaught exception (its flag is on): only
// when the command line asked for it and no capture callback is set, as in
// Node, so v8.setFlagsFromString('--abort-on-uncaught-exception') alone does
// not abort a process that handles its errors in JS.
bool ShouldAbortOnUncaught(Isolate *iso) {
  auto *rt = static_cast<sh_rt *>(iso->GetData(0));
  return g_abort_on_uncaught_cli && rt && rt->abort_on_uncaught;
}

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

// Whether the next zero-initialised ArrayBuffer of this thread is zeroed:
// as Node's allocator, off for the one allocation of a Buffer whose every
// byte is written next (Buffer.allocUnsafe's pool, a body copied in from
// C), which then skips calloc's zeroing and slow path. Per thread: each
// worker thread's isolate allocates on its own thread.
thread_local uint32_t t_zero_fill = 1;

// V8's default allocator with that switch.
class ToggledAllocator : public ArrayBuffer::Allocator {
 public:
  ToggledAllocator() : inner_(ArrayBuffer::Allocator::NewDefaultAllocator()) {}
  void *Allocate(size_t length) override {
    return t_zero_fill ? inner_->Allocate(length) : inner_->AllocateUninitialized(length);
  }
  void *AllocateUninitialized(size_t length) override {
    return inner_->AllocateUninitialized(length);
  }
  void Free(void *data, size_t length) override {
    inner_->Free(data, length);
  }

 private:
  std::unique_ptr<ArrayBuffer::Allocator> inner_;
};

// One allocator for every isolate of the process: an ArrayBuffer transferred
// or a SharedArrayBuffer shared between worker threads outlives the isolate
// that allocated it, so its allocator must too.
std::shared_ptr<ArrayBuffer::Allocator> g_allocator;

}  // namespace

void shim::Trampoline(const FunctionCallbackInfo<Value> &info) {
  sh_rt *rt = RtOf(info.GetIsolate());
  auto *nf = static_cast<NativeFn *>(info.Data().As<External>()->Value());
  sh_cbinfo ci{&info, rt, nf->data};
  rt->depth++;
  nf->fn(&ci);
  rt->depth--;
}

namespace {

ModuleEntry *FindModule(sh_rt *rt, Local<Module> m) {
  auto range = rt->modules.equal_range(m->GetIdentityHash());
  for (auto it = range.first; it != range.second; ++it) {
    if (it->second->module.Get(rt->isolate) == m) return it->second.get();
  }
  return nullptr;
}

ModuleEntry *EntryOfWrapper(sh_rt *rt, sh_val wrapper) {
  if (!wrapper || !L(wrapper)->IsObject()) return nullptr;
  Local<Object> o = O(wrapper);
  if (o->InternalFieldCount() != 2) return nullptr;
  Local<Value> tag = o->GetInternalField(1);
  if (!tag->IsExternal() || tag.As<External>()->Value() != rt) return nullptr;
  return static_cast<ModuleEntry *>(o->GetInternalField(0).As<External>()->Value());
}

Local<Object> WrapModule(sh_rt *rt, Local<Module> m, Local<Value> values) {
  Isolate *iso = rt->isolate;
  Local<Object> w = rt->module_template.Get(iso)->NewInstance(Ctx(rt)).ToLocalChecked();
  auto entry = std::make_unique<ModuleEntry>();
  entry->module.Reset(iso, m);
  entry->wrapper.Reset(iso, w);
  if (!values.IsEmpty() && values->IsObject())
    entry->synthetic_values.Reset(iso, values.As<Object>());
  w->SetInternalField(0, External::New(iso, entry.get()));
  w->SetInternalField(1, External::New(iso, rt));
  rt->modules.emplace(m->GetIdentityHash(), std::move(entry));
  return w;
}

MaybeLocal<Module> ResolveCallback(Local<Context> ctx, Local<String> specifier,
                                   Local<v8::FixedArray>, Local<Module> referrer) {
  sh_rt *rt = RtOf(ctx->GetIsolate());
  ModuleEntry *ref = FindModule(rt, referrer);
  if (!ref || !rt->resolving) return MaybeLocal<Module>();
  sh_val res =
      rt->resolving(rt, V(specifier), V(ref->wrapper.Get(rt->isolate)), rt->resolving_data);
  ModuleEntry *dep = EntryOfWrapper(rt, res);
  if (!dep) {
    if (res) sh_throw_error(rt, SH_ERROR, "module resolution returned no module");
    return MaybeLocal<Module>();
  }
  return dep->module.Get(rt->isolate);
}

MaybeLocal<Value> SyntheticSteps(Local<Context> ctx, Local<Module> m) {
  sh_rt *rt = RtOf(ctx->GetIsolate());
  Isolate *iso = rt->isolate;
  ModuleEntry *e = FindModule(rt, m);
  if (!e || e->synthetic_values.IsEmpty()) return v8::Undefined(iso);
  Local<Object> values = e->synthetic_values.Get(iso);
  Local<Array> keys;
  if (!values->GetOwnPropertyNames(ctx).ToLocal(&keys)) return MaybeLocal<Value>();
  for (uint32_t i = 0; i < keys->Length(); i++) {
    Local<Value> k = keys->Get(ctx, i).ToLocalChecked();
    Local<Value> v;
    if (!values->Get(ctx, k).ToLocal(&v)) return MaybeLocal<Value>();
    if (m->SetSyntheticModuleExport(iso, k.As<String>(), v).IsNothing()) return MaybeLocal<Value>();
  }
  return v8::Undefined(iso);
}

// Import attributes as an object: V8 gives them as a flat array of
// [key, value, (source offset,)] entries of `stride` elements.
Local<Object> AttributesObject(Local<Context> ctx, Local<v8::FixedArray> list, int stride) {
  Isolate *iso = ctx->GetIsolate();
  Local<Object> out = Object::New(iso);
  for (int i = 0; !list.IsEmpty() && i + 1 < list->Length(); i += stride) {
    Local<Value> key = list->Get(ctx, i).As<Value>();
    Local<Value> value = list->Get(ctx, i + 1).As<Value>();
    if (out->Set(ctx, key, value).IsNothing()) break;
  }
  return out;
}

MaybeLocal<v8::Promise> DynamicImport(Local<Context> ctx, Local<v8::Data>, Local<Value> name,
                                      Local<String> specifier, Local<v8::FixedArray> attrs) {
  sh_rt *rt = RtOf(ctx->GetIsolate());
  if (!rt->dynamic_import) return MaybeLocal<v8::Promise>();
  sh_val p = rt->dynamic_import(rt, V(specifier), V(name), V(AttributesObject(ctx, attrs, 2)));
  if (!p || !L(p)->IsPromise()) return MaybeLocal<v8::Promise>();
  return L(p).As<v8::Promise>();
}

void ImportMeta(Local<Context> ctx, Local<Module> m, Local<Object> meta) {
  sh_rt *rt = RtOf(ctx->GetIsolate());
  ModuleEntry *e = FindModule(rt, m);
  if (e && rt->import_meta) rt->import_meta(rt, V(e->wrapper.Get(rt->isolate)), V(meta));
}

void RejectCallback(v8::PromiseRejectMessage msg) {
  Local<v8::Promise> p = msg.GetPromise();
  sh_rt *rt = RtOf(p->GetIsolate());
  if (!rt->reject) return;
  int event;
  switch (msg.GetEvent()) {
    case v8::kPromiseRejectWithNoHandler: event = 0; break;
    case v8::kPromiseHandlerAddedAfterReject: event = 1; break;
    default: return;  // resolve/reject after resolved: ignored, as Node does by default
  }
  Local<Value> value = event == 0 ? msg.GetValue() : Local<Value>(v8::Undefined(rt->isolate));
  rt->reject(rt, event, V(p), V(value));
}

char *DupUtf8(Isolate *iso, Local<Value> v) {
  if (v.IsEmpty()) return nullptr;
  String::Utf8Value u(iso, v);
  if (!*u) return nullptr;
  return strdup(*u);
}

}  // namespace

using namespace shim;

extern "C" {

// --- platform and runtime life cycle ------------------------------------

int sh_platform_init(const char *v8_flags) {
  if (g_platform) return 0;
  v8::V8::InitializeICU();
  // Import assertions (assert { type: 'json' }), which V8 10 parses only
  // behind this flag; js-lib reads `with` as them (internal/modules/attributes).
  v8::V8::SetFlagsFromString("--harmony-import-assertions");
  // No adler32 over every code cache V8 deserialises (and over its own
  // snapshot): bindings/core/code_cache.c has already checked each blob
  // against its hash, and the snapshot is part of libnode. Later V8s (Node
  // 20's) verify only in debug builds. 2.5 % of a worker's start-up.
  v8::V8::SetFlagsFromString("--no-verify-snapshot-checksum");
  // Tier-up as Node 20's V8 (11.3) does: a profiler tick per 66 KiB of
  // bytecode run, half of V8 10.2's 132 KiB. An IC that changes state resets
  // its function's ticks; Express gives every request's req/res a map of its
  // own, so with 10.2's budget expressInit and body-parser's jsonParser never
  // gathered the 3 ticks between resets and ran in Sparkplug code for good
  // (V8's --trace-opt, 20,000 requests; Node 20 optimises both).
  // User flags (SHOAL_V8_FLAGS, the command line) come after and win.
  v8::V8::SetFlagsFromString("--interrupt-budget=67584");
  if (v8_flags && *v8_flags) v8::V8::SetFlagsFromString(v8_flags);
  g_abort_on_uncaught_cli = v8_flags && (strstr(v8_flags, "--abort-on-uncaught-exception") ||
                                         strstr(v8_flags, "--abort_on_uncaught_exception"));
  g_platform = shim::NewWakingPlatform();
  g_allocator = std::make_shared<ToggledAllocator>();
  v8::V8::InitializePlatform(g_platform.get());
  return v8::V8::Initialize() ? 0 : -1;
}

void sh_platform_dispose(void) {
  if (!g_platform) return;
  v8::V8::Dispose();
  v8::V8::DisposePlatform();
  g_platform.reset();
}

constexpr size_t kInitialSemiSpace = 2u << 20;

sh_rt *sh_rt_new(const sh_rt_options *opt) {
  auto *rt = new sh_rt();
  Isolate::CreateParams params;
  params.array_buffer_allocator_shared = g_allocator;
  if (opt && opt->heap_mb) params.constraints.ConfigureDefaultsFromHeapSize(0, opt->heap_mb << 20);
  // Young generation to start with: 2 MiB semi-spaces instead of V8 10.2's
  // 1 MiB (it is 2 semi-spaces + as much for large objects). What js-lib's
  // boot, `http` and a first request allocate then fits without a
  // scavenge: a worker made 6.1 M instructions of scavenges before its
  // first response, now none, and its RSS is no larger (less is copied).
  // V8 still grows the semi-spaces under load, up to its maximum (and
  // clamps this to --max-semi-space-size when that is smaller).
  params.constraints.set_initial_young_generation_size_in_bytes(3 * kInitialSemiSpace);
  rt->isolate = Isolate::New(params);
  Isolate *iso = rt->isolate;
  iso->SetData(0, rt);
  iso->Enter();
  iso->SetMicrotasksPolicy(v8::MicrotasksPolicy::kExplicit);
  iso->SetCaptureStackTraceForUncaughtExceptions(true, 10);
  iso->SetPromiseRejectCallback(RejectCallback);
  iso->SetAbortOnUncaughtExceptionCallback(ShouldAbortOnUncaught);
  iso->SetHostImportModuleDynamicallyCallback(DynamicImport);
  iso->SetHostInitializeImportMetaObjectCallback(ImportMeta);
  HandleScope hs(iso);
  Local<Context> ctx = Context::New(iso);
  rt->context.Reset(iso, ctx);
  ctx->Enter();
  Local<v8::ObjectTemplate> pt = v8::ObjectTemplate::New(iso);
  pt->SetInternalFieldCount(1);
  rt->ptr_template.Reset(iso, pt);
  Local<v8::ObjectTemplate> mt = v8::ObjectTemplate::New(iso);
  mt->SetInternalFieldCount(2);
  rt->module_template.Reset(iso, mt);
  return rt;
}

void sh_rt_free(sh_rt *rt) {
  if (!rt) return;
  Isolate *iso = rt->isolate;
  {
    HandleScope hs(iso);
    Ctx(rt)->Exit();
  }
  shim::InspectorFree(rt);
  rt->modules.clear();
  rt->last_exception.Reset();
  rt->last_message.Reset();
  rt->context.Reset();
  rt->ptr_template.Reset();
  rt->ptr_proto.Reset();
  rt->module_template.Reset();
  iso->Exit();
  iso->Dispose();
  rt->natives.clear();
  delete rt;
}

void sh_rt_set_userdata(sh_rt *rt, void *data) {
  rt->userdata = data;
}
void *sh_rt_userdata(sh_rt *rt) {
  return rt->userdata;
}
void sh_set_uncaught_hook(sh_rt *rt, sh_exception_hook hook) {
  rt->uncaught = hook;
}
void sh_set_reject_hook(sh_rt *rt, sh_reject_hook hook) {
  rt->reject = hook;
}
void sh_set_dynamic_import(sh_rt *rt, sh_dynamic_import_fn fn) {
  rt->dynamic_import = fn;
}
void sh_set_import_meta(sh_rt *rt, sh_import_meta_fn fn) {
  rt->import_meta = fn;
}

void sh_run_microtasks(sh_rt *rt) {
  HandleScope hs(rt->isolate);
  TryCatch tc(rt->isolate);
  rt->isolate->PerformMicrotaskCheckpoint();
  Dispatch(rt, tc);
}

void sh_terminate(sh_rt *rt) {
  rt->isolate->TerminateExecution();
}
void sh_cancel_terminate(sh_rt *rt) {
  rt->isolate->CancelTerminateExecution();
}
bool sh_is_terminating(sh_rt *rt) {
  return rt->isolate->IsExecutionTerminating();
}

void sh_heap_stats_get(sh_rt *rt, sh_heap_stats *out) {
  v8::HeapStatistics hs;
  rt->isolate->GetHeapStatistics(&hs);
  out->total = hs.total_heap_size();
  out->used = hs.used_heap_size();
  out->limit = hs.heap_size_limit();
  out->external = hs.external_memory();
  out->arrays = hs.malloced_memory();
}

void sh_low_memory(sh_rt *rt) {
  rt->isolate->LowMemoryNotification();
}

void sh_timezone_changed(sh_rt *rt) {
  tzset();
  rt->isolate->DateTimeConfigurationChangeNotification(Isolate::TimeZoneDetection::kRedetect);
}

void sh_set_abort_on_uncaught(sh_rt *rt, bool on) {
  rt->abort_on_uncaught = on;
}

// --- values ---------------------------------------------------------------

sh_val sh_undefined(sh_rt *rt) {
  return V(v8::Undefined(rt->isolate));
}
sh_val sh_null(sh_rt *rt) {
  return V(v8::Null(rt->isolate));
}
sh_val sh_bool(sh_rt *rt, bool b) {
  return V(v8::Boolean::New(rt->isolate, b));
}
sh_val sh_num(sh_rt *rt, double d) {
  return V(v8::Number::New(rt->isolate, d));
}
sh_val sh_int(sh_rt *rt, int64_t i) {
  if (i >= INT32_MIN && i <= INT32_MAX) return V(v8::Integer::New(rt->isolate, (int32_t)i));
  return V(v8::Number::New(rt->isolate, (double)i));
}
sh_val sh_bigint_i64(sh_rt *rt, int64_t i) {
  return V(v8::BigInt::New(rt->isolate, i));
}
sh_val sh_bigint_u64(sh_rt *rt, uint64_t u) {
  return V(v8::BigInt::NewFromUnsigned(rt->isolate, u));
}

sh_val sh_str_latin1(sh_rt *rt, const uint8_t *s, size_t len) {
  if (len > (size_t)String::kMaxLength) return nullptr;
  return V(String::NewFromOneByte(rt->isolate, s, v8::NewStringType::kNormal, (int)len)
               .FromMaybe(Local<String>()));
}
sh_val sh_str_utf16(sh_rt *rt, const uint16_t *s, size_t len) {
  if (len > (size_t)String::kMaxLength) return nullptr;
  return V(String::NewFromTwoByte(rt->isolate, s, v8::NewStringType::kNormal, (int)len)
               .FromMaybe(Local<String>()));
}
sh_val sh_obj(sh_rt *rt) {
  return V(Object::New(rt->isolate));
}
sh_val sh_arr(sh_rt *rt, uint32_t len) {
  return V(Array::New(rt->isolate, (int)len));
}
sh_val sh_global(sh_rt *rt) {
  return V(Ctx(rt)->Global());
}

sh_val sh_arr_of(sh_rt *rt, sh_val *items, uint32_t n) {
  return V(Array::New(rt->isolate, reinterpret_cast<Local<Value> *>(items), n));
}

sh_val sh_async_context(sh_rt *rt, sh_val set) {
  Local<Context> ctx = Ctx(rt);
  Local<Value> old = ctx->GetContinuationPreservedEmbedderData();
  if (set) ctx->SetContinuationPreservedEmbedderData(L(set));
  return V(old);
}

// The pointer is stored raw (an aligned pointer, like Node's wrap objects)
// rather than as a v8::External: no heap object is made for it, which was
// ~680 instructions per handle made or cleared (one request handle each
// request). Every pointer stored is a struct's, so at least 2-byte aligned.
// A copy of one instance made once: Object::Clone copies the object as it is
// (its map, its internal field), where NewInstance goes through the
// template's instantiation each time (about three times the instructions;
// one of these is made per request).
sh_val sh_obj_with_ptr(sh_rt *rt, void *ptr) {
  if (rt->ptr_proto.IsEmpty()) {
    rt->ptr_proto.Reset(rt->isolate,
                        rt->ptr_template.Get(rt->isolate)->NewInstance(Ctx(rt)).ToLocalChecked());
  }
  Local<Object> o = rt->ptr_proto.Get(rt->isolate)->Clone();
  o->SetAlignedPointerInInternalField(0, ptr);
  return V(o);
}

void *sh_obj_ptr(sh_rt *, sh_val obj) {
  if (!obj || !L(obj)->IsObject()) return nullptr;
  Local<Object> o = O(obj);
  // (only ptr_template's objects have exactly one internal field)
  if (o->InternalFieldCount() != 1) return nullptr;
  return o->GetAlignedPointerFromInternalField(0);
}

void sh_obj_set_ptr(sh_rt *, sh_val obj, void *ptr) {
  if (L(obj)->IsObject() && O(obj)->InternalFieldCount() == 1)
    O(obj)->SetAlignedPointerInInternalField(0, ptr);
}

bool sh_is(sh_val sv, sh_kind kind) {
  if (!sv) return false;
  Local<Value> v = L(sv);
  switch (kind) {
    case SH_UNDEFINED: return v->IsUndefined();
    case SH_NULL: return v->IsNull();
    case SH_BOOLEAN: return v->IsBoolean();
    case SH_NUMBER: return v->IsNumber();
    case SH_STRING: return v->IsString();
    case SH_SYMBOL: return v->IsSymbol();
    case SH_BIGINT: return v->IsBigInt();
    case SH_OBJECT: return v->IsObject();
    case SH_FUNCTION: return v->IsFunction();
    case SH_ARRAY: return v->IsArray();
    case SH_PROMISE: return v->IsPromise();
    case SH_PROXY: return v->IsProxy();
    case SH_DATE: return v->IsDate();
    case SH_REGEXP: return v->IsRegExp();
    case SH_NATIVE_ERROR: return v->IsNativeError();
    case SH_MAP: return v->IsMap();
    case SH_SET: return v->IsSet();
    case SH_WEAKMAP: return v->IsWeakMap();
    case SH_WEAKSET: return v->IsWeakSet();
    case SH_MAP_ITERATOR: return v->IsMapIterator();
    case SH_SET_ITERATOR: return v->IsSetIterator();
    case SH_ARRAY_BUFFER: return v->IsArrayBuffer();
    case SH_SHARED_ARRAY_BUFFER: return v->IsSharedArrayBuffer();
    case SH_ARRAY_BUFFER_VIEW: return v->IsArrayBufferView();
    case SH_TYPED_ARRAY: return v->IsTypedArray();
    case SH_UINT8_ARRAY: return v->IsUint8Array();
    case SH_DATA_VIEW: return v->IsDataView();
    case SH_EXTERNAL: return v->IsExternal();
    case SH_ARGUMENTS: return v->IsArgumentsObject();
    case SH_BOOLEAN_OBJECT: return v->IsBooleanObject();
    case SH_NUMBER_OBJECT: return v->IsNumberObject();
    case SH_STRING_OBJECT: return v->IsStringObject();
    case SH_SYMBOL_OBJECT: return v->IsSymbolObject();
    case SH_BIGINT_OBJECT: return v->IsBigIntObject();
    case SH_ASYNC_FUNCTION: return v->IsAsyncFunction();
    case SH_GENERATOR_FUNCTION: return v->IsGeneratorFunction();
    case SH_GENERATOR_OBJECT: return v->IsGeneratorObject();
    case SH_MODULE_NAMESPACE: return v->IsModuleNamespaceObject();
    case SH_INT32: return v->IsInt32();
    case SH_UINT32: return v->IsUint32();
    case SH_UINT8_CLAMPED_ARRAY: return v->IsUint8ClampedArray();
    case SH_INT8_ARRAY: return v->IsInt8Array();
    case SH_UINT16_ARRAY: return v->IsUint16Array();
    case SH_INT16_ARRAY: return v->IsInt16Array();
    case SH_UINT32_ARRAY: return v->IsUint32Array();
    case SH_INT32_ARRAY: return v->IsInt32Array();
    case SH_FLOAT32_ARRAY: return v->IsFloat32Array();
    case SH_FLOAT64_ARRAY: return v->IsFloat64Array();
    case SH_BIGINT64_ARRAY: return v->IsBigInt64Array();
    case SH_BIGUINT64_ARRAY: return v->IsBigUint64Array();
    case SH_ANY_ARRAY_BUFFER: return v->IsArrayBuffer() || v->IsSharedArrayBuffer();
    case SH_BOXED_PRIMITIVE:
      return v->IsNumberObject() || v->IsStringObject() || v->IsBooleanObject() ||
             v->IsBigIntObject() || v->IsSymbolObject();
    case SH_WASM_MODULE: return v->IsWasmModuleObject();
    case SH_KIND_COUNT: break;
  }
  return false;
}

bool sh_strict_equals(sh_val a, sh_val b) {
  return L(a)->StrictEquals(L(b));
}

double sh_to_num(sh_rt *rt, sh_val v) {
  if (L(v)->IsNumber()) return L(v).As<v8::Number>()->Value();
  if (L(v)->IsBigInt()) return (double)L(v).As<v8::BigInt>()->Int64Value();
  TryCatch tc(rt->isolate);
  return L(v)->NumberValue(Ctx(rt)).FromMaybe(NAN);
}

int64_t sh_to_i64(sh_rt *rt, sh_val v) {
  if (L(v)->IsBigInt()) return L(v).As<v8::BigInt>()->Int64Value();
  if (L(v)->IsNumber()) {
    double d = L(v).As<v8::Number>()->Value();
    if (d != d) return 0;
    if (d >= 9.2e18) return INT64_MAX;
    if (d <= -9.2e18) return INT64_MIN;
    return (int64_t)d;
  }
  (void)rt;
  return 0;
}

bool sh_to_bool(sh_rt *rt, sh_val v) {
  return L(v)->BooleanValue(rt->isolate);
}

sh_val sh_to_string(sh_rt *rt, sh_val v) {
  if (L(v)->IsString()) return v;
  TryCatch tc(rt->isolate);
  MaybeLocal<String> s = L(v)->ToString(Ctx(rt));
  Local<String> out;
  if (s.ToLocal(&out)) return V(out);
  Dispatch(rt, tc);
  return nullptr;
}

size_t sh_str_length(sh_rt *, sh_val s) {
  return (size_t)L(s).As<String>()->Length();
}
bool sh_str_is_onebyte(sh_val s) {
  return L(s).As<String>()->IsOneByte();
}

size_t sh_str_write_latin1(sh_rt *rt, sh_val s, uint8_t *buf, size_t start, size_t cap) {
  int cap_i = cap > (size_t)INT32_MAX ? INT32_MAX : (int)cap;
  return (size_t)L(s).As<String>()->WriteOneByte(rt->isolate, buf, (int)start, cap_i,
                                                 String::NO_NULL_TERMINATION);
}

size_t sh_str_write_utf16(sh_rt *rt, sh_val s, uint16_t *buf, size_t start, size_t cap) {
  int cap_i = cap > (size_t)INT32_MAX ? INT32_MAX : (int)cap;
  return (size_t)L(s).As<String>()->Write(rt->isolate, buf, (int)start, cap_i,
                                          String::NO_NULL_TERMINATION);
}

// --- objects --------------------------------------------------------------

sh_val sh_get(sh_rt *rt, sh_val obj, sh_val key) {
  if (!L(obj)->IsObject()) return sh_undefined(rt);
  TryCatch tc(rt->isolate);
  return Checked(rt, tc, O(obj)->Get(Ctx(rt), L(key)));
}

sh_val sh_get_s(sh_rt *rt, sh_val obj, const char *key) {
  return sh_get(rt, obj, sh_str(rt, key, SIZE_MAX));
}

sh_val sh_get_i(sh_rt *rt, sh_val obj, uint32_t i) {
  if (!L(obj)->IsObject()) return sh_undefined(rt);
  TryCatch tc(rt->isolate);
  return Checked(rt, tc, O(obj)->Get(Ctx(rt), i));
}

int sh_set(sh_rt *rt, sh_val obj, sh_val key, sh_val v) {
  if (!L(obj)->IsObject()) return -1;
  TryCatch tc(rt->isolate);
  return CheckedBool(rt, tc, O(obj)->Set(Ctx(rt), L(key), L(v)));
}

int sh_set_s(sh_rt *rt, sh_val obj, const char *key, sh_val v) {
  return sh_set(rt, obj, sh_str(rt, key, SIZE_MAX), v);
}

int sh_set_i(sh_rt *rt, sh_val obj, uint32_t i, sh_val v) {
  if (!L(obj)->IsObject()) return -1;
  TryCatch tc(rt->isolate);
  return CheckedBool(rt, tc, O(obj)->Set(Ctx(rt), i, L(v)));
}

uint32_t sh_arr_length(sh_rt *, sh_val arr) {
  return L(arr)->IsArray() ? L(arr).As<Array>()->Length() : 0;
}

sh_val sh_own_keys(sh_rt *rt, sh_val obj) {
  if (!L(obj)->IsObject()) return sh_arr(rt, 0);
  TryCatch tc(rt->isolate);
  MaybeLocal<Array> keys = O(obj)->GetOwnPropertyNames(Ctx(rt));
  Local<Array> out;
  if (keys.ToLocal(&out)) return V(out);
  Dispatch(rt, tc);
  return nullptr;
}

sh_val sh_own_non_index_keys(sh_rt *rt, sh_val obj, bool only_enumerable) {
  if (!L(obj)->IsObject()) return sh_arr(rt, 0);
  TryCatch tc(rt->isolate);
  /* Strings then symbols, never the indices: a 1 MB typed array has no
   * million keys to make and filter (Node's getOwnNonIndexProperties). */
  v8::PropertyFilter filter =
      only_enumerable ? v8::PropertyFilter::ONLY_ENUMERABLE : v8::PropertyFilter::ALL_PROPERTIES;
  MaybeLocal<Array> keys = O(obj)->GetPropertyNames(Ctx(rt), v8::KeyCollectionMode::kOwnOnly,
                                                    filter, v8::IndexFilter::kSkipIndices);
  Local<Array> out;
  if (keys.ToLocal(&out)) return V(out);
  Dispatch(rt, tc);
  return nullptr;
}

sh_val sh_constructor_name(sh_rt *rt, sh_val obj) {
  if (!L(obj)->IsObject()) return sh_str(rt, "", 0);
  return V(O(obj)->GetConstructorName());
}

sh_val sh_proxy_target(sh_rt *rt, sh_val proxy) {
  if (!L(proxy)->IsProxy()) return sh_undefined(rt);
  return V(L(proxy).As<v8::Proxy>()->GetTarget());
}

sh_val sh_proxy_handler(sh_rt *rt, sh_val proxy) {
  if (!L(proxy)->IsProxy()) return sh_undefined(rt);
  return V(L(proxy).As<v8::Proxy>()->GetHandler());
}

sh_val sh_preview_entries(sh_rt *rt, sh_val obj, bool *kv) {
  *kv = false;
  if (!L(obj)->IsObject()) return sh_arr(rt, 0);
  Local<Array> out;
  if (!O(obj)->PreviewEntries(kv).ToLocal(&out)) return sh_arr(rt, 0);
  return V(out);
}

// --- functions ------------------------------------------------------------

sh_val sh_fn(sh_rt *rt, const char *name, sh_native_fn fn, void *data) {
  Isolate *iso = rt->isolate;
  rt->natives.push_back(std::unique_ptr<NativeFn>(new NativeFn{fn, data}));
  Local<v8::Function> f;
  if (!v8::Function::New(Ctx(rt), Trampoline, External::New(iso, rt->natives.back().get()))
           .ToLocal(&f))
    return nullptr;
  if (name) f->SetName(String::NewFromUtf8(iso, name).ToLocalChecked());
  return V(f);
}

int sh_call(sh_rt *rt, sh_val fn, sh_val recv, int argc, sh_val *argv, sh_val *out) {
  if (!L(fn)->IsFunction()) {
    sh_throw_error(rt, SH_TYPE_ERROR, "not a function");
    return -1;
  }
  TryCatch tc(rt->isolate);
  MaybeLocal<Value> r = L(fn).As<v8::Function>()->Call(
      Ctx(rt), recv ? L(recv) : Local<Value>(v8::Undefined(rt->isolate)), argc,
      reinterpret_cast<Local<Value> *>(argv));
  sh_val v = Checked(rt, tc, r);
  if (out) *out = v;
  return v ? 0 : -1;
}

sh_val sh_new(sh_rt *rt, sh_val ctor, int argc, sh_val *argv) {
  if (!L(ctor)->IsFunction()) {
    sh_throw_error(rt, SH_TYPE_ERROR, "not a constructor");
    return nullptr;
  }
  TryCatch tc(rt->isolate);
  MaybeLocal<Object> r = L(ctor).As<v8::Function>()->NewInstance(
      Ctx(rt), argc, reinterpret_cast<Local<Value> *>(argv));
  Local<Object> o;
  if (r.ToLocal(&o)) return V(o);
  Dispatch(rt, tc);
  return nullptr;
}

sh_rt *sh_ci_rt(sh_cbinfo *ci) {
  return ci->rt;
}
int sh_argc(sh_cbinfo *ci) {
  return ci->info->Length();
}
sh_val sh_arg(sh_cbinfo *ci, int i) {
  return V((*ci->info)[i]);
}
sh_val sh_this(sh_cbinfo *ci) {
  return V(ci->info->This());
}
void *sh_data(sh_cbinfo *ci) {
  return ci->data;
}
void sh_ret(sh_cbinfo *ci, sh_val v) {
  if (v) ci->info->GetReturnValue().Set(L(v));
}

// --- exceptions -----------------------------------------------------------

sh_val sh_error(sh_rt *rt, sh_error_kind kind, const char *msg) {
  Local<String> m = String::NewFromUtf8(rt->isolate, msg).FromMaybe(String::Empty(rt->isolate));
  return sh_error_v(rt, kind, V(m));
}

void sh_throw(sh_rt *rt, sh_val exception) {
  rt->isolate->ThrowException(L(exception));
}

void sh_throw_error(sh_rt *rt, sh_error_kind kind, const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  sh_throw(rt, sh_error(rt, kind, buf));
}

int sh_exception_pos(sh_rt *rt, sh_val exception, sh_source_pos *out) {
  memset(out, 0, sizeof *out);
  Isolate *iso = rt->isolate;
  // The throw site when this exception reached top level uncaught, else
  // where the error was created (as Node reports unhandled rejections).
  Local<v8::Message> msg;
  if (!rt->last_exception.IsEmpty() && rt->last_exception.Get(iso)->StrictEquals(L(exception)))
    msg = rt->last_message.Get(iso);
  if (msg.IsEmpty()) msg = v8::Exception::CreateMessage(iso, L(exception));
  if (msg.IsEmpty()) return -1;
  Local<Context> ctx = Ctx(rt);
  out->file = DupUtf8(iso, msg->GetScriptResourceName());
  Local<String> line;
  if (msg->GetSourceLine(ctx).ToLocal(&line)) out->source_line = DupUtf8(iso, line);
  out->line = msg->GetLineNumber(ctx).FromMaybe(0);
  out->start_col = msg->GetStartColumn(ctx).FromMaybe(0);
  out->end_col = msg->GetEndColumn(ctx).FromMaybe(0);
  return 0;
}

void sh_source_pos_free(sh_source_pos *pos) {
  free(pos->file);
  free(pos->source_line);
  memset(pos, 0, sizeof *pos);
}

// --- binary data ----------------------------------------------------------

sh_val sh_arraybuffer(sh_rt *rt, size_t len, void **data) {
  std::unique_ptr<v8::BackingStore> bs = ArrayBuffer::NewBackingStore(rt->isolate, len);
  if (!bs || (len && !bs->Data())) return nullptr;
  if (data) *data = bs->Data();
  return V(ArrayBuffer::New(rt->isolate, std::move(bs)));
}

sh_val sh_arraybuffer_unfilled(sh_rt *rt, size_t len, void **data) {
  t_zero_fill = 0;
  sh_val ab = sh_arraybuffer(rt, len, data);
  t_zero_fill = 1;
  return ab;
}

sh_val sh_zero_fill_toggle(sh_rt *rt) {
  std::unique_ptr<v8::BackingStore> bs = ArrayBuffer::NewBackingStore(
      &t_zero_fill, sizeof t_zero_fill, v8::BackingStore::EmptyDeleter, nullptr);
  return V(v8::Uint32Array::New(ArrayBuffer::New(rt->isolate, std::move(bs)), 0, 1));
}

static void FreeExternal(void *data, size_t len, void *arg) {
  auto *ef = static_cast<ExternalFree *>(arg);
  if (ef->fn) ef->fn(data, len, ef->hint);
  delete ef;
}

sh_val sh_arraybuffer_external(sh_rt *rt, void *data, size_t len, sh_free_fn free_fn, void *hint) {
  auto *ef = new ExternalFree{free_fn, hint};
  std::unique_ptr<v8::BackingStore> bs = ArrayBuffer::NewBackingStore(data, len, FreeExternal, ef);
  return V(ArrayBuffer::New(rt->isolate, std::move(bs)));
}

sh_val sh_arraybuffer_transfer(sh_rt *rt, sh_val ab) {
  if (!L(ab)->IsArrayBuffer()) return nullptr;
  Local<ArrayBuffer> old = L(ab).As<ArrayBuffer>();
  if (!old->IsDetachable()) return nullptr;
  std::shared_ptr<v8::BackingStore> bs = old->GetBackingStore();
  Local<ArrayBuffer> moved = ArrayBuffer::New(rt->isolate, bs);
  old->Detach();
  return V(moved);
}

sh_val sh_uint8array(sh_rt *rt, sh_val ab, size_t offset, size_t len) {
  (void)rt;
  return V(v8::Uint8Array::New(L(ab).As<ArrayBuffer>(), offset, len));
}

int sh_bytes(sh_val sv, uint8_t **data, size_t *len) {
  if (!sv) return -1;
  Local<Value> v = L(sv);
  // (ArrayBuffer::Data(), not GetBackingStore()->Data(): no shared_ptr
  // made and dropped, two atomic operations, on every binding call that
  // reads bytes)
  if (v->IsArrayBufferView()) {
    Local<v8::ArrayBufferView> view = v.As<v8::ArrayBufferView>();
    auto *base = static_cast<uint8_t *>(view->Buffer()->Data());
    *data = base ? base + view->ByteOffset() : nullptr;
    *len = view->ByteLength();
    return 0;
  }
  if (v->IsArrayBuffer()) {
    Local<ArrayBuffer> ab = v.As<ArrayBuffer>();
    *data = static_cast<uint8_t *>(ab->Data());
    *len = ab->ByteLength();
    return 0;
  }
  if (v->IsSharedArrayBuffer()) {
    auto bs = v.As<v8::SharedArrayBuffer>()->GetBackingStore();
    *data = static_cast<uint8_t *>(bs->Data());
    *len = bs->ByteLength();
    return 0;
  }
  return -1;
}

// --- promises -------------------------------------------------------------

sh_val sh_promise_new(sh_rt *rt, sh_val *resolver) {
  Local<v8::Promise::Resolver> r;
  if (!v8::Promise::Resolver::New(Ctx(rt)).ToLocal(&r)) return nullptr;
  *resolver = V(r);
  return V(r->GetPromise());
}

int sh_promise_settle(sh_rt *rt, sh_val resolver, bool fulfil, sh_val value) {
  Local<v8::Promise::Resolver> r = L(resolver).As<v8::Promise::Resolver>();
  TryCatch tc(rt->isolate);
  v8::Maybe<bool> ok = fulfil ? r->Resolve(Ctx(rt), L(value)) : r->Reject(Ctx(rt), L(value));
  return CheckedBool(rt, tc, ok);
}

int sh_promise_state(sh_val promise, sh_val *result) {
  Local<v8::Promise> p = L(promise).As<v8::Promise>();
  switch (p->State()) {
    case v8::Promise::kPending: return 0;
    case v8::Promise::kFulfilled: *result = V(p->Result()); return 1;
    case v8::Promise::kRejected: *result = V(p->Result()); return 2;
  }
  return 0;
}

void sh_promise_mark_handled(sh_rt *rt, sh_val promise) {
  Local<v8::Promise> p = L(promise).As<v8::Promise>();
  if (p->HasHandler()) return;
  p->MarkAsHandled();
  if (rt->reject) rt->reject(rt, 1, promise, sh_undefined(rt));
}

// --- references -----------------------------------------------------------

sh_ref *sh_ref_new(sh_rt *rt, sh_val v) {
  auto *ref = new sh_ref();
  ref->rt = rt;
  ref->handle.Reset(rt->isolate, L(v));
  return ref;
}

sh_val sh_ref_get(sh_rt *rt, sh_ref *ref) {
  if (ref->handle.IsEmpty()) return nullptr;
  return V(ref->handle.Get(rt->isolate));
}

static void WeakTrampoline(const v8::WeakCallbackInfo<sh_ref> &info) {
  sh_ref *ref = info.GetParameter();
  ref->handle.Reset();
  if (ref->weak_fn) ref->weak_fn(ref->weak_data);
}

void sh_ref_weak(sh_ref *ref, sh_weak_fn fn, void *data) {
  ref->weak_fn = fn;
  ref->weak_data = data;
  ref->handle.SetWeak(ref, WeakTrampoline, v8::WeakCallbackType::kParameter);
}

void sh_ref_free(sh_ref *ref) {
  if (!ref) return;
  ref->handle.Reset();
  delete ref;
}

// --- scripts and modules --------------------------------------------------

sh_val sh_run_script(sh_rt *rt, const char *src, size_t len, const char *name) {
  Isolate *iso = rt->isolate;
  TryCatch tc(iso);
  sh_val source = sh_str(rt, src, len);
  if (!source) return nullptr;
  v8::ScriptOrigin origin(iso, String::NewFromUtf8(iso, name).ToLocalChecked());
  Local<v8::Script> script;
  if (!v8::Script::Compile(Ctx(rt), L(source).As<String>(), &origin).ToLocal(&script)) {
    Dispatch(rt, tc);
    return nullptr;
  }
  return Checked(rt, tc, script->Run(Ctx(rt)));
}

sh_val sh_compile_function(sh_rt *rt, const char *src, size_t len, const char *name, int nparams,
                           const char *const *params) {
  sh_val source = sh_str(rt, src, len);
  if (!source) return nullptr;
  return sh_compile_function_cached(rt, source, name, nparams, params, nullptr, 0, nullptr);
}

// --- code cache -----------------------------------------------------------

const char *sh_v8_version(void) {
  return v8::V8::GetVersion();
}

sh_val sh_str_static_latin1(sh_rt *rt, const char *s, size_t len) {
  auto *res = new StaticOneByte(s, len);
  Local<String> out;
  if (v8::String::NewExternalOneByte(rt->isolate, res).ToLocal(&out)) return V(out);
  delete res;  // never adopted: the string was too long
  return nullptr;
}

sh_val sh_compile_function_cached(sh_rt *rt, sh_val source, const char *name, int nparams,
                                  const char *const *params, const uint8_t *cache, size_t cache_len,
                                  sh_cache_result *result) {
  Isolate *iso = rt->isolate;
  TryCatch tc(iso);
  using SC = v8::ScriptCompiler;
  SC::CachedData *cd = nullptr;
  if (cache && cache_len > 0 && cache_len <= INT32_MAX)
    cd = new SC::CachedData(cache, static_cast<int>(cache_len), SC::CachedData::BufferNotOwned);
  v8::ScriptOrigin origin(iso, String::NewFromUtf8(iso, name).ToLocalChecked());
  SC::Source s(L(source).As<String>(), origin, cd);  // s owns cd, not its bytes
  std::vector<Local<String>> names;
  for (int i = 0; i < nparams; i++)
    names.push_back(String::NewFromUtf8(iso, params[i]).ToLocalChecked());
  MaybeLocal<v8::Function> f =
      SC::CompileFunction(Ctx(rt), &s, names.size(), names.data(), 0, nullptr,
                          cd ? SC::kConsumeCodeCache : SC::kNoCompileOptions);
  if (result) {
    *result = !cd                           ? SH_CACHE_NONE
              : s.GetCachedData()->rejected ? SH_CACHE_REJECTED
                                            : SH_CACHE_ACCEPTED;
  }
  Local<v8::Function> out;
  if (f.ToLocal(&out)) return V(out);
  Dispatch(rt, tc);
  return nullptr;
}

uint8_t *sh_code_cache_create(sh_rt *rt, sh_val fn, size_t *len) {
  if (!fn || !L(fn)->IsFunction()) return nullptr;
  std::unique_ptr<v8::ScriptCompiler::CachedData> cd(
      v8::ScriptCompiler::CreateCodeCacheForFunction(L(fn).As<v8::Function>()));
  if (!cd || cd->length <= 0) return nullptr;
  auto *out = static_cast<uint8_t *>(malloc(static_cast<size_t>(cd->length)));
  if (!out) return nullptr;
  memcpy(out, cd->data, static_cast<size_t>(cd->length));
  *len = static_cast<size_t>(cd->length);
  return out;
}

sh_val sh_module_compile(sh_rt *rt, sh_val source, sh_val url) {
  Isolate *iso = rt->isolate;
  TryCatch tc(iso);
  v8::ScriptOrigin origin(iso, L(url), 0, 0, false, -1, Local<Value>(), false, false, true);
  v8::ScriptCompiler::Source s(L(source).As<String>(), origin);
  Local<Module> m;
  if (!v8::ScriptCompiler::CompileModule(iso, &s).ToLocal(&m)) {
    Dispatch(rt, tc);
    return nullptr;
  }
  return V(WrapModule(rt, m, Local<Value>()));
}

sh_val sh_module_synthetic(sh_rt *rt, sh_val url, sh_val export_names, sh_val values) {
  Isolate *iso = rt->isolate;
  std::vector<Local<String>> names;
  Local<Array> arr = L(export_names).As<Array>();
  for (uint32_t i = 0; i < arr->Length(); i++) {
    Local<Value> n = arr->Get(Ctx(rt), i).ToLocalChecked();
    if (n->IsString()) names.push_back(n.As<String>());
  }
  Local<Module> m = Module::CreateSyntheticModule(iso, L(url).As<String>(), names, SyntheticSteps);
  return V(WrapModule(rt, m, L(values)));
}

int sh_module_set_export(sh_rt *rt, sh_val module, sh_val name, sh_val value) {
  ModuleEntry *e = EntryOfWrapper(rt, module);
  if (!e || !L(name)->IsString()) return -1;
  Local<Module> m = e->module.Get(rt->isolate);
  if (!m->IsSyntheticModule() || m->GetStatus() != Module::kEvaluated) return -1;
  TryCatch tc(rt->isolate);
  if (m->SetSyntheticModuleExport(rt->isolate, L(name).As<String>(), L(value)).IsNothing()) {
    Dispatch(rt, tc);
    return -1;
  }
  return 0;
}

sh_val sh_module_requests(sh_rt *rt, sh_val module) {
  ModuleEntry *e = EntryOfWrapper(rt, module);
  if (!e) return sh_arr(rt, 0);
  Local<Module> m = e->module.Get(rt->isolate);
  Local<v8::FixedArray> reqs = m->GetModuleRequests();
  Local<Array> out = Array::New(rt->isolate, reqs->Length());
  for (int i = 0; i < reqs->Length(); i++) {
    Local<v8::ModuleRequest> r = reqs->Get(Ctx(rt), i).As<v8::ModuleRequest>();
    Local<Value> pair[2] = {r->GetSpecifier(),
                            AttributesObject(Ctx(rt), r->GetImportAssertions(), 3)};
    if (out->Set(Ctx(rt), (uint32_t)i, Array::New(rt->isolate, pair, 2)).IsNothing())
      return nullptr;
  }
  return V(out);
}

int sh_module_instantiate(sh_rt *rt, sh_val module, sh_resolve_fn resolve, void *data) {
  ModuleEntry *e = EntryOfWrapper(rt, module);
  if (!e) return -1;
  TryCatch tc(rt->isolate);
  sh_resolve_fn saved = rt->resolving;
  void *saved_data = rt->resolving_data;
  rt->resolving = resolve;
  rt->resolving_data = data;
  v8::Maybe<bool> ok = e->module.Get(rt->isolate)->InstantiateModule(Ctx(rt), ResolveCallback);
  rt->resolving = saved;
  rt->resolving_data = saved_data;
  return CheckedBool(rt, tc, ok);
}

sh_val sh_module_evaluate(sh_rt *rt, sh_val module) {
  ModuleEntry *e = EntryOfWrapper(rt, module);
  if (!e) return nullptr;
  Local<Module> m = e->module.Get(rt->isolate);
  // V8 CHECKs (aborts the process) on these statuses.
  Module::Status st = m->GetStatus();
  if (st < Module::kInstantiated || st == Module::kEvaluating) {
    sh_throw_error(rt, SH_ERROR, "module is %s",
                   st == Module::kEvaluating ? "being evaluated" : "not instantiated");
    return nullptr;
  }
  TryCatch tc(rt->isolate);
  return Checked(rt, tc, m->Evaluate(Ctx(rt)));
}

int sh_module_graph_async(sh_rt *rt, sh_val module) {
  ModuleEntry *e = EntryOfWrapper(rt, module);
  if (!e) return -1;
  Local<Module> m = e->module.Get(rt->isolate);
  if (m->GetStatus() < Module::kInstantiated || m->GetStatus() == Module::kErrored) return -1;
  return m->IsGraphAsync() ? 1 : 0;
}

sh_val sh_module_namespace(sh_rt *rt, sh_val module) {
  ModuleEntry *e = EntryOfWrapper(rt, module);
  if (!e) return sh_undefined(rt);
  Local<Module> m = e->module.Get(rt->isolate);
  if (m->GetStatus() < Module::kInstantiated) return sh_undefined(rt);
  return V(m->GetModuleNamespace());
}

int sh_module_status(sh_rt *rt, sh_val module) {
  ModuleEntry *e = EntryOfWrapper(rt, module);
  return e ? (int)e->module.Get(rt->isolate)->GetStatus() : -1;
}

sh_val sh_module_exception(sh_rt *rt, sh_val module) {
  ModuleEntry *e = EntryOfWrapper(rt, module);
  if (!e) return sh_undefined(rt);
  Local<Module> m = e->module.Get(rt->isolate);
  if (m->GetStatus() != Module::kErrored) return sh_undefined(rt);
  return V(m->GetException());
}

}  // extern "C"
