// v8shim_internal: C++-only helpers shared by the files of the V8 shim
// (v8shim.cc, v8shim_serdes.cc, v8shim_vm.cc). Never included from C.
#ifndef SHOAL_BINDINGS_V8SHIM_INTERNAL_H
#define SHOAL_BINDINGS_V8SHIM_INTERNAL_H
#include <v8.h>

#include <cstring>

#include "bindings/v8shim.h"

// A sh_val is a v8::Local<v8::Value> reinterpreted: a Local is one pointer to
// a handle slot, so it travels through C as an opaque pointer.
static_assert(sizeof(v8::Local<v8::Value>) == sizeof(sh_val), "a Local is one pointer");
inline sh_val V(v8::Local<v8::Value> v) {
  if (v.IsEmpty()) return nullptr;
  sh_val out;
  memcpy(&out, &v, sizeof out);
  return out;
}
inline v8::Local<v8::Value> L(sh_val v) {
  v8::Local<v8::Value> out;
  memcpy(static_cast<void *>(&out), &v, sizeof out);
  return out;
}
inline v8::Local<v8::Object> O(sh_val v) {
  return L(v).As<v8::Object>();
}
#endif
