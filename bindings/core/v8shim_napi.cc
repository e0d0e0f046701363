// v8shim_napi: the "Node-API support" section of v8shim.h over V8 10.2.
// The Node-API layer itself (argument checks, statuses, environments) is C,
// in bindings/napi/; this file only reaches V8 for it.
#include <cmath>
#include <cstdint>
#include <cstring>

#include "v8shim.h"
#include "v8shim_internal.h"

using namespace shim;
using v8::Array;
using v8::ArrayBuffer;
using v8::BigInt;
using v8::External;
using v8::FunctionTemplate;
using v8::HandleScope;
using v8::Name;
using v8::PropertyAttribute;
using v8::String;

struct sh_scope {
  sh_rt *rt;
  sh_scope *next_free; /* on t_free_scopes once closed */
  bool escapable;
  bool escaped;
  // Exactly one is constructed (placement new on `storage`).
  alignas(v8::EscapableHandleScope) unsigned char storage[sizeof(v8::EscapableHandleScope)];
};

namespace {

// The guards (TryCatch blocks of sh_guarded) active on this thread, innermost
// first. A TryCatch must live on the C stack (V8 compares its address with
// JavaScript frames), so it is only ever linked here, never allocated.
struct Guard {
  TryCatch *tc;
  Guard *prev;
};
thread_local Guard *t_guard;

PropertyAttribute Attrs(int attrs, bool data) {
  int a = v8::None;
  if (data && !(attrs & 1)) a |= v8::ReadOnly;
  if (!(attrs & 2)) a |= v8::DontEnum;
  if (!(attrs & 4)) a |= v8::DontDelete;
  return static_cast<PropertyAttribute>(a);
}

Local<External> NativeData(sh_rt *rt, sh_native_fn fn, void *data) {
  rt->natives.push_back(std::unique_ptr<NativeFn>(new NativeFn{fn, data}));
  return External::New(rt->isolate, rt->natives.back().get());
}

Local<FunctionTemplate> FnTemplate(sh_rt *rt, sh_native_fn fn, void *data,
                                   Local<v8::Signature> sig) {
  if (!fn) return Local<FunctionTemplate>();
  return FunctionTemplate::New(rt->isolate, Trampoline, NativeData(rt, fn, data), sig);
}

Local<v8::Private> PrivateKey(sh_rt *rt, sh_private_slot slot) {
  static const char *const names[] = {"shoal:napi:wrap", "shoal:napi:type_tag"};
  return v8::Private::ForApi(rt->isolate,
                             String::NewFromUtf8(rt->isolate, names[slot]).ToLocalChecked());
}

// Checked() for any MaybeLocal<T>.
template <class T>
sh_val Got(sh_rt *rt, TryCatch &tc, MaybeLocal<T> r) {
  Local<T> v;
  if (r.ToLocal(&v)) return V(v);
  Dispatch(rt, tc);
  return nullptr;
}

}  // namespace

// --- scopes and guards -----------------------------------------------------

// Closed scopes of this thread, reused: a libuv callback opens one each
// time. Freed when the thread ends (a worker thread).
namespace {
struct ScopeCache {
  sh_scope *head = nullptr;
  ~ScopeCache() {
    while (head) {
      sh_scope *next = head->next_free;
      delete head;
      head = next;
    }
  }
};
thread_local ScopeCache t_scope_cache;
}  // namespace

sh_scope *sh_scope_open(sh_rt *rt, bool escapable) {
  sh_scope *s = t_scope_cache.head;
  if (s) t_scope_cache.head = s->next_free;
  else s = new sh_scope();
  s->rt = rt;
  s->escapable = escapable;
  s->escaped = false;
  if (escapable) ::new (static_cast<void *>(s->storage)) v8::EscapableHandleScope(rt->isolate);
  else ::new (static_cast<void *>(s->storage)) HandleScope(rt->isolate);
  return s;
}

sh_val sh_scope_escape(sh_scope *s, sh_val v) {
  if (!s->escapable || s->escaped) return nullptr;
  s->escaped = true;
  return V(reinterpret_cast<v8::EscapableHandleScope *>(s->storage)->Escape(L(v)));
}

void sh_scope_close(sh_scope *s) {
  if (s->escapable)
    reinterpret_cast<v8::EscapableHandleScope *>(s->storage)->~EscapableHandleScope();
  else reinterpret_cast<HandleScope *>(s->storage)->~HandleScope();
  s->next_free = t_scope_cache.head;
  t_scope_cache.head = s;
}

bool sh_guarded(sh_rt *rt, sh_rt_fn fn, void *data) {
  HandleScope hs(rt->isolate);
  TryCatch tc(rt->isolate);
  Guard g{&tc, t_guard};
  t_guard = &g;
  rt->depth++;
  fn(rt, data);
  rt->depth--;
  t_guard = g.prev;
  if (!tc.HasCaught()) return true;
  Dispatch(rt, tc);
  return false;
}

bool sh_guard_pending(sh_rt *) {
  return t_guard && t_guard->tc->HasCaught();
}

sh_val sh_guard_take(sh_rt *) {
  if (!t_guard || !t_guard->tc->HasCaught() || t_guard->tc->HasTerminated()) return nullptr;
  Local<Value> e = t_guard->tc->Exception();
  t_guard->tc->Reset();
  return V(e);
}

sh_val sh_new_target(sh_cbinfo *ci) {
  return V(ci->info->NewTarget());
}

// --- values -----------------------------------------------------------------

sh_val sh_external(sh_rt *rt, void *ptr) {
  return V(External::New(rt->isolate, ptr));
}

void *sh_external_value(sh_val v) {
  return L(v)->IsExternal() ? L(v).As<External>()->Value() : nullptr;
}

sh_val sh_symbol(sh_rt *rt, sh_val description) {
  Local<String> d;
  if (description) d = L(description).As<String>();
  return V(v8::Symbol::New(rt->isolate, d));
}

sh_val sh_symbol_for(sh_rt *rt, sh_val key) {
  return V(v8::Symbol::For(rt->isolate, L(key).As<String>()));
}

sh_val sh_date(sh_rt *rt, double time) {
  TryCatch tc(rt->isolate);
  return Checked(rt, tc, v8::Date::New(Ctx(rt), time));
}

double sh_date_value(sh_val date) {
  return L(date).As<v8::Date>()->ValueOf();
}

sh_val sh_error_v(sh_rt *rt, sh_error_kind kind, sh_val msg) {
  Local<String> m = L(msg).As<String>();
  switch (kind) {
    case SH_TYPE_ERROR: return V(v8::Exception::TypeError(m));
    case SH_RANGE_ERROR: return V(v8::Exception::RangeError(m));
    case SH_SYNTAX_ERROR: return V(v8::Exception::SyntaxError(m));
    case SH_REFERENCE_ERROR: return V(v8::Exception::ReferenceError(m));
    default: return V(v8::Exception::Error(m));
  }
}

sh_val sh_coerce(sh_rt *rt, sh_val v, int to) {
  TryCatch tc(rt->isolate);
  Local<Value> x = L(v);
  switch (to) {
    case 0: return V(x->ToBoolean(rt->isolate));
    case 1: return Got(rt, tc, x->ToNumber(Ctx(rt)));
    case 2: return Got(rt, tc, x->ToObject(Ctx(rt)));
    default: return Got(rt, tc, x->ToString(Ctx(rt)));
  }
}

int32_t sh_num_i32(sh_val v) {
  if (L(v)->IsInt32()) return L(v).As<v8::Int32>()->Value();
  return static_cast<int32_t>(sh_num_u32(v));
}

uint32_t sh_num_u32(sh_val v) {
  if (L(v)->IsUint32()) return L(v).As<v8::Uint32>()->Value();
  double d = L(v).As<v8::Number>()->Value();
  if (!std::isfinite(d)) return 0;
  // ToUint32: truncate, then modulo 2^32.
  double m = std::fmod(std::trunc(d), 4294967296.0);
  if (m < 0) m += 4294967296.0;
  return static_cast<uint32_t>(m);
}

int64_t sh_num_i64(sh_val v) {
  double d = L(v).As<v8::Number>()->Value();
  if (!std::isfinite(d)) return 0;
  if (d >= 9223372036854775808.0) return INT64_MAX;
  if (d <= -9223372036854775808.0) return INT64_MIN;
  return static_cast<int64_t>(d);
}

sh_val sh_bigint_words(sh_rt *rt, int sign, size_t count, const uint64_t *words) {
  TryCatch tc(rt->isolate);
  return Got(rt, tc, BigInt::NewFromWords(Ctx(rt), sign, static_cast<int>(count), words));
}

void sh_bigint_get_words(sh_val v, int *sign, size_t *count, uint64_t *words) {
  Local<BigInt> b = L(v).As<BigInt>();
  if (!words) {
    *count = static_cast<size_t>(b->WordCount());
    return;
  }
  int n = static_cast<int>(*count);
  b->ToWordsArray(sign, &n, words);
  *count = static_cast<size_t>(n);
}

int64_t sh_bigint_to_i64(sh_val v, bool *lossless) {
  return L(v).As<BigInt>()->Int64Value(lossless);
}

uint64_t sh_bigint_to_u64(sh_val v, bool *lossless) {
  return L(v).As<BigInt>()->Uint64Value(lossless);
}

// --- objects ----------------------------------------------------------------

static int Flag(sh_rt *rt, TryCatch &tc, v8::Maybe<bool> r, bool *out) {
  if (CheckedBool(rt, tc, r) < 0) return -1;
  *out = r.FromJust();
  return 0;
}

int sh_has(sh_rt *rt, sh_val obj, sh_val key, bool *out) {
  TryCatch tc(rt->isolate);
  return Flag(rt, tc, O(obj)->Has(Ctx(rt), L(key)), out);
}

int sh_has_own(sh_rt *rt, sh_val obj, sh_val key, bool *out) {
  TryCatch tc(rt->isolate);
  return Flag(rt, tc, O(obj)->HasOwnProperty(Ctx(rt), L(key).As<Name>()), out);
}

int sh_delete(sh_rt *rt, sh_val obj, sh_val key, bool *out) {
  TryCatch tc(rt->isolate);
  return Flag(rt, tc, O(obj)->Delete(Ctx(rt), L(key)), out);
}

int sh_instanceof(sh_rt *rt, sh_val obj, sh_val ctor, bool *out) {
  TryCatch tc(rt->isolate);
  return Flag(rt, tc, L(obj)->InstanceOf(Ctx(rt), O(ctor)), out);
}

sh_val sh_get_prototype(sh_rt *, sh_val obj) {
  return V(O(obj)->GetPrototype());
}

int sh_set_prototype(sh_rt *rt, sh_val obj, sh_val proto) {
  TryCatch tc(rt->isolate);
  return CheckedBool(rt, tc, O(obj)->SetPrototype(Ctx(rt), L(proto)));
}

int sh_freeze(sh_rt *rt, sh_val obj, bool freeze) {
  TryCatch tc(rt->isolate);
  return CheckedBool(rt, tc,
                     O(obj)->SetIntegrityLevel(Ctx(rt), freeze ? v8::IntegrityLevel::kFrozen
                                                               : v8::IntegrityLevel::kSealed));
}

int sh_define(sh_rt *rt, sh_val obj, sh_val key, sh_val value, sh_val getter, sh_val setter,
              int attrs) {
  TryCatch tc(rt->isolate);
  Local<Value> u = v8::Undefined(rt->isolate);
  if (getter || setter) {
    v8::PropertyDescriptor d(getter ? L(getter) : u, setter ? L(setter) : u);
    d.set_enumerable(attrs & 2);
    d.set_configurable(attrs & 4);
    return CheckedBool(rt, tc, O(obj)->DefineProperty(Ctx(rt), L(key).As<Name>(), d));
  }
  v8::PropertyDescriptor d(value ? L(value) : u, attrs & 1);
  d.set_enumerable(attrs & 2);
  d.set_configurable(attrs & 4);
  return CheckedBool(rt, tc, O(obj)->DefineProperty(Ctx(rt), L(key).As<Name>(), d));
}

// The getter of a lazy data property: calls the JavaScript function kept
// as its data; an exception it throws stays pending for the reader.
static void LazyDataGetter(Local<Name>, const v8::PropertyCallbackInfo<Value> &info) {
  Isolate *iso = info.GetIsolate();
  Local<Value> result;
  if (info.Data()
          .As<v8::Function>()
          ->Call(iso->GetCurrentContext(), v8::Undefined(iso), 0, nullptr)
          .ToLocal(&result))
    info.GetReturnValue().Set(result);
}

int sh_define_lazy_data(sh_rt *rt, sh_val obj, sh_val key, sh_val compute, int attrs) {
  TryCatch tc(rt->isolate);
  int a = v8::None;
  if (!(attrs & 2)) a |= v8::DontEnum;
  return CheckedBool(
      rt, tc,
      O(obj)->SetLazyDataProperty(Ctx(rt), L(key).As<Name>(), LazyDataGetter, L(compute),
                                  static_cast<v8::PropertyAttribute>(a)));
}

sh_val sh_property_names(sh_rt *rt, sh_val obj, bool own_only, int filter,
                         bool numbers_to_strings) {
  TryCatch tc(rt->isolate);
  MaybeLocal<Array> r = O(obj)->GetPropertyNames(
      Ctx(rt),
      own_only ? v8::KeyCollectionMode::kOwnOnly : v8::KeyCollectionMode::kIncludePrototypes,
      static_cast<v8::PropertyFilter>(filter), v8::IndexFilter::kIncludeIndices,
      numbers_to_strings ? v8::KeyConversionMode::kConvertToString
                         : v8::KeyConversionMode::kKeepNumbers);
  Local<Array> a;
  if (r.ToLocal(&a)) return V(a);
  Dispatch(rt, tc);
  return nullptr;
}

sh_val sh_private_get(sh_rt *rt, sh_val obj, sh_private_slot slot) {
  Local<v8::Private> k = PrivateKey(rt, slot);
  if (!O(obj)->HasPrivate(Ctx(rt), k).FromMaybe(false)) return nullptr;
  Local<Value> v;
  if (!O(obj)->GetPrivate(Ctx(rt), k).ToLocal(&v)) return nullptr;
  return V(v);
}

int sh_private_set(sh_rt *rt, sh_val obj, sh_private_slot slot, sh_val v) {
  Local<v8::Private> k = PrivateKey(rt, slot);
  v8::Maybe<bool> r = v ? O(obj)->SetPrivate(Ctx(rt), k, L(v)) : O(obj)->DeletePrivate(Ctx(rt), k);
  return r.FromMaybe(false) ? 0 : -1;
}

// --- functions and classes ---------------------------------------------------

namespace {

// A function's NativeFn, freed when the function is collected: addons make
// functions per call (promise callbacks and the like), so these must not
// accumulate in rt->natives for the runtime's lifetime.
struct OwnedNative {
  NativeFn nf;
  Global<v8::Function> fn;
};

void FreeOwned(const v8::WeakCallbackInfo<OwnedNative> &info) {
  OwnedNative *o = info.GetParameter();
  o->fn.Reset();
  delete o;
}

}  // namespace

sh_val sh_fn_v(sh_rt *rt, sh_val name, sh_native_fn fn, void *data) {
  TryCatch tc(rt->isolate);
  auto *o = new OwnedNative{{fn, data}, {}};
  Local<v8::Function> f;
  if (!v8::Function::New(Ctx(rt), Trampoline, External::New(rt->isolate, &o->nf)).ToLocal(&f)) {
    delete o;
    Dispatch(rt, tc);
    return nullptr;
  }
  if (name) f->SetName(L(name).As<String>());
  o->fn.Reset(rt->isolate, f);
  o->fn.SetWeak(o, FreeOwned, v8::WeakCallbackType::kParameter);
  return V(f);
}

sh_val sh_class(sh_rt *rt, sh_val name, sh_native_fn ctor, void *data, const sh_member *members,
                size_t count) {
  Isolate *iso = rt->isolate;
  TryCatch tc(iso);
  Local<FunctionTemplate> tpl = FnTemplate(rt, ctor, data, Local<v8::Signature>());
  tpl->SetClassName(L(name).As<String>());
  Local<v8::Signature> sig = v8::Signature::New(iso, tpl);
  Local<v8::ObjectTemplate> proto = tpl->PrototypeTemplate();
  for (size_t i = 0; i < count; i++) {
    const sh_member &m = members[i];
    Local<Name> key = L(m.key).As<Name>();
    if (m.getter || m.setter) {
      proto->SetAccessorProperty(key, FnTemplate(rt, m.getter, m.data, sig),
                                 FnTemplate(rt, m.setter, m.data, sig), Attrs(m.attrs, false));
    } else if (m.method) {
      proto->Set(key, FnTemplate(rt, m.method, m.data, sig), Attrs(m.attrs, true));
    } else {
      proto->Set(key, L(m.value), Attrs(m.attrs, true));
    }
  }
  return Got(rt, tc, tpl->GetFunction(Ctx(rt)));
}

// --- binary data ---------------------------------------------------------------

sh_val sh_typedarray(sh_rt *, int type, sh_val arraybuffer, size_t offset, size_t n) {
  Local<ArrayBuffer> ab = L(arraybuffer).As<ArrayBuffer>();
  switch (type) {
    case 0: return V(v8::Int8Array::New(ab, offset, n));
    case 1: return V(v8::Uint8Array::New(ab, offset, n));
    case 2: return V(v8::Uint8ClampedArray::New(ab, offset, n));
    case 3: return V(v8::Int16Array::New(ab, offset, n));
    case 4: return V(v8::Uint16Array::New(ab, offset, n));
    case 5: return V(v8::Int32Array::New(ab, offset, n));
    case 6: return V(v8::Uint32Array::New(ab, offset, n));
    case 7: return V(v8::Float32Array::New(ab, offset, n));
    case 8: return V(v8::Float64Array::New(ab, offset, n));
    case 9: return V(v8::BigInt64Array::New(ab, offset, n));
    case 10: return V(v8::BigUint64Array::New(ab, offset, n));
    default: return nullptr;
  }
}

static int TypedArrayType(Local<Value> v) {
  if (v->IsInt8Array()) return 0;
  if (v->IsUint8Array()) return 1;
  if (v->IsUint8ClampedArray()) return 2;
  if (v->IsInt16Array()) return 3;
  if (v->IsUint16Array()) return 4;
  if (v->IsInt32Array()) return 5;
  if (v->IsUint32Array()) return 6;
  if (v->IsFloat32Array()) return 7;
  if (v->IsFloat64Array()) return 8;
  if (v->IsBigInt64Array()) return 9;
  if (v->IsBigUint64Array()) return 10;
  return -1;
}

static void ViewInfo(Local<v8::ArrayBufferView> view, void **data, sh_val *arraybuffer,
                     size_t *offset) {
  Local<ArrayBuffer> ab = view->Buffer();
  if (data) {
    auto *base = static_cast<uint8_t *>(ab->Data());
    *data = base ? base + view->ByteOffset() : nullptr;
  }
  if (arraybuffer) *arraybuffer = V(ab);
  if (offset) *offset = view->ByteOffset();
}

int sh_typedarray_info(sh_val v, int *type, size_t *length, void **data, sh_val *arraybuffer,
                       size_t *offset) {
  if (!L(v)->IsTypedArray()) return -1;
  Local<v8::TypedArray> ta = L(v).As<v8::TypedArray>();
  if (type) *type = TypedArrayType(ta);
  if (length) *length = ta->Length();
  ViewInfo(ta, data, arraybuffer, offset);
  return 0;
}

sh_val sh_dataview(sh_rt *, sh_val arraybuffer, size_t offset, size_t length) {
  return V(v8::DataView::New(L(arraybuffer).As<ArrayBuffer>(), offset, length));
}

int sh_dataview_info(sh_val v, size_t *length, void **data, sh_val *arraybuffer, size_t *offset) {
  if (!L(v)->IsDataView()) return -1;
  Local<v8::DataView> dv = L(v).As<v8::DataView>();
  if (length) *length = dv->ByteLength();
  ViewInfo(dv, data, arraybuffer, offset);
  return 0;
}

int sh_arraybuffer_detach(sh_val arraybuffer) {
  Local<ArrayBuffer> ab = L(arraybuffer).As<ArrayBuffer>();
  if (!ab->IsDetachable()) return -1;
  ab->Detach();
  return 0;
}

bool sh_arraybuffer_is_detached(sh_val v) {
  if (!L(v)->IsArrayBuffer()) return false;
  Local<ArrayBuffer> ab = L(v).As<ArrayBuffer>();
  return ab->Data() == nullptr && ab->ByteLength() == 0 && ab->WasDetached();
}

int64_t sh_adjust_external_memory(sh_rt *rt, int64_t change) {
  return rt->isolate->AdjustAmountOfExternalAllocatedMemory(change);
}

void sh_ref_strong(sh_ref *ref) {
  if (!ref->handle.IsEmpty()) ref->handle.ClearWeak();
  ref->weak_fn = nullptr;
}
