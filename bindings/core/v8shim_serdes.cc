// v8shim_serdes: structured clone through V8's ValueSerializer (see the
// "structured clone" section of v8shim.h). Messages between worker threads
// carry, beside the bytes, the memory of transferred ArrayBuffers (moved),
// of SharedArrayBuffers (shared: the same backing store in both isolates)
// and the C pointers of transferred host objects.
#include <v8.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "v8shim.h"
#include "v8shim_internal.h"

using v8::ArrayBuffer;
using v8::BackingStore;
using v8::Isolate;
using v8::Local;
using v8::Maybe;
using v8::MaybeLocal;
using v8::Object;
using v8::SharedArrayBuffer;
using v8::TryCatch;
using v8::Value;
using namespace shim;

struct sh_msg {
  uint8_t *bytes = nullptr;  // malloc'd by the serializer
  size_t len = 0;
  std::vector<std::shared_ptr<BackingStore>> moved;   // transferred ArrayBuffers
  std::vector<std::shared_ptr<BackingStore>> shared;  // SharedArrayBuffers
  std::vector<void *> hosts;                          // transferred host objects
  ~sh_msg() {
    free(bytes);
  }
};

namespace {

const char kNotTransferred[] =
    "Object that needs transfer was found in message but not listed in transferList";

class SerDelegate : public v8::ValueSerializer::Delegate {
 public:
  SerDelegate(Isolate *iso, sh_msg *msg) : iso_(iso), msg_(msg) {}
  void ThrowDataCloneError(Local<v8::String> message) override {
    v8::String::Utf8Value u(iso_, message);
    error = *u ? *u : "could not be cloned";
    failed = true;
    Local<Value> e = v8::Exception::Error(message);
    Local<v8::Context> ctx = iso_->GetCurrentContext();
    e.As<Object>()
        ->Set(ctx, v8::String::NewFromUtf8Literal(iso_, "name"),
              v8::String::NewFromUtf8Literal(iso_, "DataCloneError"))
        .Check();
    iso_->ThrowException(e);
  }
  Maybe<bool> WriteHostObject(Isolate *iso, Local<Object> object) override {
    for (size_t i = 0; i < host_objects.size(); i++) {
      if (host_objects[i] == object) {
        serializer->WriteUint32(static_cast<uint32_t>(i));
        return v8::Just(true);
      }
    }
    ThrowDataCloneError(v8::String::NewFromUtf8Literal(iso, kNotTransferred));
    return v8::Nothing<bool>();
  }
  Maybe<uint32_t> GetSharedArrayBufferId(Isolate *, Local<SharedArrayBuffer> sab) override {
    if (!msg_) return v8::Just<uint32_t>(0);  // bytes only: never read back across isolates
    for (size_t i = 0; i < sabs.size(); i++) {
      if (sabs[i] == sab) return v8::Just(static_cast<uint32_t>(i));
    }
    sabs.push_back(sab);
    msg_->shared.push_back(sab->GetBackingStore());
    return v8::Just(static_cast<uint32_t>(sabs.size() - 1));
  }

  v8::ValueSerializer *serializer = nullptr;
  std::vector<Local<Object>> host_objects;
  std::vector<Local<SharedArrayBuffer>> sabs;
  std::string error;
  bool failed = false;

 private:
  Isolate *iso_;
  sh_msg *msg_;
};

class DesDelegate : public v8::ValueDeserializer::Delegate {
 public:
  DesDelegate(sh_rt *rt, sh_msg *msg, sh_host_revive_fn revive, void *data)
      : rt_(rt), msg_(msg), revive_(revive), data_(data) {}
  MaybeLocal<Object> ReadHostObject(Isolate *iso) override {
    uint32_t i;
    if (!msg_ || !deserializer->ReadUint32(&i) || i >= msg_->hosts.size() || !revive_) {
      iso->ThrowException(v8::Exception::Error(
          v8::String::NewFromUtf8Literal(iso, "Unable to deserialize cloned data.")));
      return MaybeLocal<Object>();
    }
    sh_val v = revive_(rt_, msg_->hosts[i], data_);
    if (!v || !L(v)->IsObject()) return MaybeLocal<Object>();
    return L(v).As<Object>();
  }
  MaybeLocal<SharedArrayBuffer> GetSharedArrayBufferFromId(Isolate *iso, uint32_t id) override {
    if (!msg_ || id >= msg_->shared.size()) {
      iso->ThrowException(v8::Exception::Error(
          v8::String::NewFromUtf8Literal(iso, "Unable to deserialize cloned data.")));
      return MaybeLocal<SharedArrayBuffer>();
    }
    return SharedArrayBuffer::New(iso, msg_->shared[id]);
  }
  v8::ValueDeserializer *deserializer = nullptr;

 private:
  sh_rt *rt_;
  sh_msg *msg_;
  sh_host_revive_fn revive_;
  void *data_;
};

// Reads the transfer list: ArrayBuffers to move and host objects. Returns
// false after a DataCloneError (reported through the delegate).
bool ReadTransferList(sh_rt *rt, Local<Value> list, SerDelegate &d,
                      std::vector<Local<ArrayBuffer>> &buffers) {
  if (list.IsEmpty() || list->IsUndefined() || list->IsNull()) return true;
  Isolate *iso = rt->isolate;
  if (!list->IsArray()) {
    d.ThrowDataCloneError(v8::String::NewFromUtf8Literal(iso, "Invalid transfer list"));
    return false;
  }
  Local<v8::Array> arr = list.As<v8::Array>();
  for (uint32_t i = 0; i < arr->Length(); i++) {
    Local<Value> item;
    if (!arr->Get(Ctx(rt), i).ToLocal(&item)) return false;
    if (item->IsArrayBuffer()) {
      Local<ArrayBuffer> ab = item.As<ArrayBuffer>();
      for (auto &b : buffers) {
        if (b == ab) {
          d.ThrowDataCloneError(
              v8::String::NewFromUtf8Literal(iso, "Transfer list contains duplicate ArrayBuffer"));
          return false;
        }
      }
      if (!ab->IsDetachable()) {
        d.ThrowDataCloneError(v8::String::NewFromUtf8Literal(
            iso, "An ArrayBuffer is detached and could not be cloned."));
        return false;
      }
      buffers.push_back(ab);
    } else if (item->IsObject() && item.As<Object>()->InternalFieldCount() == 1) {
      for (auto &h : d.host_objects) {
        if (h == item) {
          d.ThrowDataCloneError(
              v8::String::NewFromUtf8Literal(iso, "Transfer list contains duplicate object"));
          return false;
        }
      }
      d.host_objects.push_back(item.As<Object>());
    } else {
      d.ThrowDataCloneError(
          v8::String::NewFromUtf8Literal(iso, "Found invalid value in transferList."));
      return false;
    }
  }
  return true;
}

// Serialises into msg (bytes, moved buffers, host pointers). Returns 0, -1
// (JavaScript threw; the exception is left in tc), -2 (DataCloneError: *err).
int Serialize(sh_rt *rt, Local<Value> value, Local<Value> list, sh_msg *msg, TryCatch &tc,
              std::string *err) {
  Isolate *iso = rt->isolate;
  SerDelegate d(iso, msg);
  v8::ValueSerializer ser(iso, &d);
  d.serializer = &ser;
  std::vector<Local<ArrayBuffer>> buffers;
  bool ok = ReadTransferList(rt, list, d, buffers);
  if (ok) {
    for (size_t i = 0; i < buffers.size(); i++) ser.TransferArrayBuffer((uint32_t)i, buffers[i]);
    ser.WriteHeader();
    ok = ser.WriteValue(Ctx(rt), value).FromMaybe(false);
  }
  if (!ok) {
    if (d.failed && err) {
      *err = d.error;
      tc.Reset();
      return -2;
    }
    return -1;
  }
  auto res = ser.Release();
  msg->bytes = res.first;
  msg->len = res.second;
  for (auto &ab : buffers) {
    msg->moved.push_back(ab->GetBackingStore());
    ab->Detach();
  }
  for (auto &h : d.host_objects) {
    msg->hosts.push_back(h->GetAlignedPointerFromInternalField(0));
  }
  return 0;
}

MaybeLocal<Value> Deserialize(sh_rt *rt, const uint8_t *data, size_t len, sh_msg *msg,
                              sh_host_revive_fn revive, void *rdata) {
  Isolate *iso = rt->isolate;
  DesDelegate d(rt, msg, revive, rdata);
  v8::ValueDeserializer des(iso, data, len, &d);
  d.deserializer = &des;
  if (msg) {
    for (size_t i = 0; i < msg->moved.size(); i++) {
      des.TransferArrayBuffer((uint32_t)i, ArrayBuffer::New(iso, msg->moved[i]));
    }
  }
  if (!des.ReadHeader(Ctx(rt)).FromMaybe(false)) return MaybeLocal<Value>();
  return des.ReadValue(Ctx(rt));
}

}  // namespace

extern "C" {

int sh_serialize(sh_rt *rt, sh_val value, sh_val transfer_list, uint8_t **out, size_t *len) {
  v8::EscapableHandleScope hs(rt->isolate);
  TryCatch tc(rt->isolate);
  sh_msg msg;
  int rc =
      Serialize(rt, L(value), transfer_list ? L(transfer_list) : Local<Value>(), &msg, tc, nullptr);
  if (rc != 0) {
    Dispatch(rt, tc);
    return -1;
  }
  *out = msg.bytes;
  *len = msg.len;
  msg.bytes = nullptr;
  return 0;
}

sh_val sh_deserialize(sh_rt *rt, const uint8_t *data, size_t len) {
  v8::EscapableHandleScope hs(rt->isolate);
  TryCatch tc(rt->isolate);
  Local<Value> v;
  if (!Deserialize(rt, data, len, nullptr, nullptr, nullptr).ToLocal(&v)) {
    Dispatch(rt, tc);
    return nullptr;
  }
  return V(hs.Escape(v));
}

int sh_msg_serialize(sh_rt *rt, sh_val value, sh_val transfer_list, sh_msg **out, char **err) {
  v8::HandleScope hs(rt->isolate);
  TryCatch tc(rt->isolate);
  auto *msg = new sh_msg();
  std::string text;
  int rc =
      Serialize(rt, L(value), transfer_list ? L(transfer_list) : Local<Value>(), msg, tc, &text);
  if (rc != 0) {
    delete msg;
    if (rc == -2 && err) *err = strdup(text.c_str());
    if (rc == -1) Dispatch(rt, tc);
    return rc;
  }
  *out = msg;
  return 0;
}

sh_val sh_msg_deserialize(sh_rt *rt, sh_msg *msg, sh_host_revive_fn revive, void *data) {
  v8::EscapableHandleScope hs(rt->isolate);
  TryCatch tc(rt->isolate);
  Local<Value> v;
  if (!Deserialize(rt, msg->bytes, msg->len, msg, revive, data).ToLocal(&v)) {
    Dispatch(rt, tc);
    return nullptr;
  }
  return V(hs.Escape(v));
}

size_t sh_msg_host_count(const sh_msg *msg) {
  return msg->hosts.size();
}

void *sh_msg_host(const sh_msg *msg, size_t i) {
  return i < msg->hosts.size() ? msg->hosts[i] : nullptr;
}

void sh_msg_free(sh_msg *msg) {
  delete msg;
}

const uint8_t *sh_msg_bytes(const sh_msg *msg, size_t *len) {
  if (!msg->moved.empty() || !msg->shared.empty() || !msg->hosts.empty()) return nullptr;
  *len = msg->len;
  return msg->bytes;
}

sh_msg *sh_msg_from_bytes(const uint8_t *bytes, size_t len) {
  auto *msg = new sh_msg();
  msg->bytes = static_cast<uint8_t *>(malloc(len ? len : 1));
  if (!msg->bytes) {
    delete msg;
    return nullptr;
  }
  memcpy(msg->bytes, bytes, len);
  msg->len = len;
  return msg;
}

}  // extern "C"
