/* binding: internalBinding registry and helpers (see binding.h). */
#include "bindings/binding.h"

#include <stdlib.h>
#include <string.h>

#define SHOAL_BINDINGS(X) \
  X(module)               \
  X(util)                 \
  X(types)                \
  X(process)              \
  X(timers)               \
  X(fs)                   \
  X(os)                   \
  X(buffer)               \
  X(http)                 \
  X(tcp)                  \
  X(spawn)                \
  X(async_context)        \
  X(zlib)                 \
  X(worker)               \
  X(crypto)               \
  X(http_parser)          \
  X(tls_client)           \
  X(messaging)            \
  X(threads)

#define DECLARE(name) sh_val binding_##name##_init(sh_rt *rt);
SHOAL_BINDINGS(DECLARE)
#undef DECLARE

static const struct {
  const char *name;
  binding_init_fn init;
} bindings[] = {
#define ENTRY(name) {#name, binding_##name##_init},
    SHOAL_BINDINGS(ENTRY)
#undef ENTRY
};

sh_val binding_load(sh_rt *rt, const char *name) {
  for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++) {
    if (strcmp(bindings[i].name, name) == 0) return bindings[i].init(rt);
  }
  sh_throw_error(rt, SH_ERROR, "No such binding: %s", name);
  return NULL;
}

void bind_fn(sh_rt *rt, sh_val obj, const char *name, sh_native_fn fn) {
  sh_set_s(rt, obj, name, sh_fn(rt, name, fn, NULL));
}

void bind_int(sh_rt *rt, sh_val obj, const char *name, int64_t value) {
  sh_set_s(rt, obj, name, sh_int(rt, value));
}

void bind_str(sh_rt *rt, sh_val obj, const char *name, const char *value) {
  sh_set_s(rt, obj, name, sh_str(rt, value, SIZE_MAX));
}

int64_t arg_i64(sh_cbinfo *ci, int i) {
  return sh_to_i64(sh_ci_rt(ci), sh_arg(ci, i));
}

double arg_num(sh_cbinfo *ci, int i) {
  return sh_to_num(sh_ci_rt(ci), sh_arg(ci, i));
}

char *arg_utf8(sh_cbinfo *ci, int i) {
  return sh_to_utf8(sh_ci_rt(ci), sh_arg(ci, i), NULL);
}
