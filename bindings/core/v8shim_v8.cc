// v8shim_v8: V8's ValueSerializer / ValueDeserializer for the `v8`
// module (serialize, deserialize, Serializer, Deserializer). See the section
// "v8 module" of v8shim.h.
//
// The delegate is the JavaScript Serializer/Deserializer object, given to
// each call that may need it (never stored: no reference cycle between the
// C object and the JavaScript one). Its methods are looked up by name, as
// Node does: _writeHostObject, _getDataCloneError, _getSharedArrayBufferId,
// _readHostObject. Exceptions propagate to the JavaScript caller.
#include <cstdlib>
#include <cstring>
#include <vector>

#include "v8shim.h"
#include "v8shim_internal.h"

using shim::L;
using shim::O;
using shim::V;

#include <v8-profiler.h>

using v8::Context;
using v8::Isolate;
using v8::Local;
using v8::Maybe;
using v8::MaybeLocal;
using v8::Object;
using v8::String;
using v8::Value;

namespace {

Local<Context> Current(Isolate *iso) {
  return iso->GetCurrentContext();
}

// Calls delegate[name](args...) and returns its result (empty when it threw
// or the method is missing: then `missing` is thrown as an Error).
MaybeLocal<Value> CallDelegate(Isolate *iso, Local<Object> delegate, const char *name, int argc,
                               Local<Value> *argv) {
  Local<Context> ctx = Current(iso);
  Local<Value> fn;
  if (delegate.IsEmpty() ||
      !delegate->Get(ctx, String::NewFromUtf8(iso, name).ToLocalChecked()).ToLocal(&fn))
    return MaybeLocal<Value>();
  if (!fn->IsFunction()) {
    iso->ThrowException(v8::Exception::Error(
        String::NewFromUtf8(iso, "delegate method is not a function").ToLocalChecked()));
    return MaybeLocal<Value>();
  }
  return fn.As<v8::Function>()->Call(ctx, delegate, argc, argv);
}

class SerDelegate : public v8::ValueSerializer::Delegate {
 public:
  Isolate *iso = nullptr;
  Local<Object> js;  // set for the duration of one call

  void ThrowDataCloneError(Local<String> message) override {
    Local<Value> argv[] = {message};
    Local<Value> err;
    if (!js.IsEmpty() && CallDelegate(iso, js, "_getDataCloneError", 1, argv).ToLocal(&err)) {
      iso->ThrowException(err);
    } else if (js.IsEmpty()) {
      iso->ThrowException(v8::Exception::Error(message));
    }
  }
  Maybe<bool> WriteHostObject(Isolate *, Local<Object> object) override {
    Local<Value> argv[] = {object};
    Local<Value> r;
    if (!CallDelegate(iso, js, "_writeHostObject", 1, argv).ToLocal(&r)) return v8::Nothing<bool>();
    return v8::Just(true);
  }
  Maybe<uint32_t> GetSharedArrayBufferId(Isolate *, Local<v8::SharedArrayBuffer> sab) override {
    Local<Value> argv[] = {sab};
    Local<Value> r;
    if (!CallDelegate(iso, js, "_getSharedArrayBufferId", 1, argv).ToLocal(&r))
      return v8::Nothing<uint32_t>();
    return r->Uint32Value(Current(iso));
  }
};

class DeDelegate : public v8::ValueDeserializer::Delegate {
 public:
  Isolate *iso = nullptr;
  Local<Object> js;

  MaybeLocal<Object> ReadHostObject(Isolate *) override {
    // V8 forbids JavaScript while it deserialises; the embedder's host
    // object reader is the one place that may run it (as in Node).
    Isolate::AllowJavascriptExecutionScope allow_js(iso);
    Local<Value> r;
    if (!CallDelegate(iso, js, "_readHostObject", 0, nullptr).ToLocal(&r))
      return MaybeLocal<Object>();
    if (!r->IsObject()) {
      iso->ThrowException(v8::Exception::TypeError(
          String::NewFromUtf8(iso, "_readHostObject must return an object").ToLocalChecked()));
      return MaybeLocal<Object>();
    }
    return r.As<Object>();
  }
};

}  // namespace

struct sh_serializer {
  SerDelegate delegate;
  v8::ValueSerializer ser;
  explicit sh_serializer(Isolate *iso) : ser(iso, &delegate) {
    delegate.iso = iso;
  }
};

struct sh_deserializer {
  DeDelegate delegate;
  std::vector<uint8_t> data;
  v8::ValueDeserializer de;
  sh_deserializer(Isolate *iso, const uint8_t *bytes, size_t len)
      : data(bytes, bytes + len), de(iso, data.data(), data.size(), &delegate) {
    delegate.iso = iso;
  }
};

namespace {
// Sets the delegate object for one call and clears it after.
template <typename D>
struct WithDelegate {
  D &d;
  WithDelegate(D &del, sh_val js) : d(del) {
    d.js = js && L(js)->IsObject() ? O(js) : Local<Object>();
  }
  ~WithDelegate() {
    d.js = Local<Object>();
  }
};
}  // namespace

sh_serializer *sh_serializer_new(sh_rt *) {
  return new sh_serializer(Isolate::GetCurrent());
}
void sh_serializer_free(sh_serializer *s) {
  delete s;
}
void sh_serializer_write_header(sh_serializer *s) {
  s->ser.WriteHeader();
}
int sh_serializer_write_value(sh_serializer *s, sh_val delegate, sh_val value) {
  WithDelegate<SerDelegate> w(s->delegate, delegate);
  Maybe<bool> ok = s->ser.WriteValue(Current(s->delegate.iso), L(value));
  return ok.IsJust() && ok.FromJust() ? 0 : -1;
}
void sh_serializer_write_uint32(sh_serializer *s, uint32_t v) {
  s->ser.WriteUint32(v);
}
void sh_serializer_write_uint64(sh_serializer *s, uint64_t v) {
  s->ser.WriteUint64(v);
}
void sh_serializer_write_double(sh_serializer *s, double v) {
  s->ser.WriteDouble(v);
}
void sh_serializer_write_raw(sh_serializer *s, const void *data, size_t len) {
  s->ser.WriteRawBytes(data, len);
}
int sh_serializer_transfer_array_buffer(sh_serializer *s, uint32_t id, sh_val ab) {
  if (!L(ab)->IsArrayBuffer()) return -1;
  s->ser.TransferArrayBuffer(id, L(ab).As<v8::ArrayBuffer>());
  return 0;
}
void sh_serializer_views_as_host_objects(sh_serializer *s, bool on) {
  s->ser.SetTreatArrayBufferViewsAsHostObjects(on);
}
uint8_t *sh_serializer_release(sh_serializer *s, size_t *len) {
  // The default delegate allocates the buffer with realloc: free() frees it.
  std::pair<uint8_t *, size_t> r = s->ser.Release();
  *len = r.second;
  return r.first;
}

sh_deserializer *sh_deserializer_new(sh_rt *, const uint8_t *data, size_t len) {
  return new sh_deserializer(Isolate::GetCurrent(), data, len);
}
void sh_deserializer_free(sh_deserializer *d) {
  delete d;
}
int sh_deserializer_read_header(sh_deserializer *d, sh_val delegate) {
  WithDelegate<DeDelegate> w(d->delegate, delegate);
  Maybe<bool> ok = d->de.ReadHeader(Current(d->delegate.iso));
  return ok.IsJust() && ok.FromJust() ? 0 : -1;
}
sh_val sh_deserializer_read_value(sh_deserializer *d, sh_val delegate) {
  WithDelegate<DeDelegate> w(d->delegate, delegate);
  Local<Value> v;
  if (!d->de.ReadValue(Current(d->delegate.iso)).ToLocal(&v)) return nullptr;
  return V(v);
}
int sh_deserializer_read_uint32(sh_deserializer *d, uint32_t *out) {
  return d->de.ReadUint32(out) ? 0 : -1;
}
int sh_deserializer_read_uint64(sh_deserializer *d, uint64_t *out) {
  return d->de.ReadUint64(out) ? 0 : -1;
}
int sh_deserializer_read_double(sh_deserializer *d, double *out) {
  return d->de.ReadDouble(out) ? 0 : -1;
}
int sh_deserializer_read_raw(sh_deserializer *d, size_t len, size_t *offset) {
  const void *p;
  if (!d->de.ReadRawBytes(len, &p)) return -1;
  *offset = static_cast<size_t>(static_cast<const uint8_t *>(p) - d->data.data());
  return 0;
}
uint32_t sh_deserializer_wire_format_version(sh_deserializer *d) {
  return d->de.GetWireFormatVersion();
}
int sh_deserializer_transfer_array_buffer(sh_deserializer *d, uint32_t id, sh_val ab) {
  if (L(ab)->IsArrayBuffer()) {
    d->de.TransferArrayBuffer(id, L(ab).As<v8::ArrayBuffer>());
  } else if (L(ab)->IsSharedArrayBuffer()) {
    d->de.TransferSharedArrayBuffer(id, L(ab).As<v8::SharedArrayBuffer>());
  } else {
    return -1;
  }
  return 0;
}

// --- heap statistics for v8.getHeapStatistics and friends -------------------

void sh_heap_stats_full(sh_rt *, double out[14]) {
  Isolate *iso = Isolate::GetCurrent();
  v8::HeapStatistics hs;
  iso->GetHeapStatistics(&hs);
  double v[14] = {(double)hs.total_heap_size(),
                  (double)hs.total_heap_size_executable(),
                  (double)hs.total_physical_size(),
                  (double)hs.total_available_size(),
                  (double)hs.used_heap_size(),
                  (double)hs.heap_size_limit(),
                  (double)hs.malloced_memory(),
                  (double)hs.peak_malloced_memory(),
                  (double)hs.does_zap_garbage(),
                  (double)hs.number_of_native_contexts(),
                  (double)hs.number_of_detached_contexts(),
                  (double)hs.total_global_handles_size(),
                  (double)hs.used_global_handles_size(),
                  (double)hs.external_memory()};
  memcpy(out, v, sizeof v);
}

size_t sh_heap_space_count(sh_rt *) {
  return Isolate::GetCurrent()->NumberOfHeapSpaces();
}

const char *sh_heap_space_stats(sh_rt *, size_t i, double out[4]) {
  v8::HeapSpaceStatistics s;
  if (!Isolate::GetCurrent()->GetHeapSpaceStatistics(&s, i)) return nullptr;
  out[0] = (double)s.space_size();
  out[1] = (double)s.space_used_size();
  out[2] = (double)s.space_available_size();
  out[3] = (double)s.physical_space_size();
  return s.space_name();
}

void sh_heap_code_stats(sh_rt *, double out[4]) {
  v8::HeapCodeStatistics s;
  Isolate::GetCurrent()->GetHeapCodeAndMetadataStatistics(&s);
  out[0] = (double)s.code_and_metadata_size();
  out[1] = (double)s.bytecode_and_metadata_size();
  out[2] = (double)s.external_script_source_size();
  out[3] = (double)s.cpu_profiler_metadata_size();
}

void sh_set_flags(const char *flags) {
  v8::V8::SetFlagsFromString(flags);
}

uint32_t sh_cached_data_version_tag(void) {
  return v8::ScriptCompiler::CachedDataVersionTag();
}

// --- heap snapshots (v8.writeHeapSnapshot / getHeapSnapshot) ------------------

namespace {
// Collects the snapshot's JSON in memory.
class StringStream : public v8::OutputStream {
 public:
  std::vector<char> out;
  void EndOfStream() override {}
  int GetChunkSize() override {
    return 64 * 1024;
  }
  WriteResult WriteAsciiChunk(char *data, int size) override {
    out.insert(out.end(), data, data + size);
    return kContinue;
  }
};
}  // namespace

char *sh_heap_snapshot(sh_rt *, size_t *len) {
  Isolate *iso = Isolate::GetCurrent();
  const v8::HeapSnapshot *snap = iso->GetHeapProfiler()->TakeHeapSnapshot();
  if (!snap) return nullptr;
  StringStream stream;
  snap->Serialize(&stream, v8::HeapSnapshot::kJSON);
  const_cast<v8::HeapSnapshot *>(snap)->Delete();
  char *buf = static_cast<char *>(malloc(stream.out.size() + 1));
  if (!buf) return nullptr;
  memcpy(buf, stream.out.data(), stream.out.size());
  buf[stream.out.size()] = '\0';
  *len = stream.out.size();
  return buf;
}
