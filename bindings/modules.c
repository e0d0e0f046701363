/* modules: the native modules of bindings/ (see modules.h). */
#include "modules.h"

#include "binding.h"

#define SHOAL_BINDINGS(X) \
  X(module)               \
  X(util)                 \
  X(types)                \
  X(process)              \
  X(timers)               \
  X(fs)                   \
  X(fs_watch)             \
  X(os)                   \
  X(buffer)               \
  X(http)                 \
  X(tcp)                  \
  X(spawn)                \
  X(async_context)        \
  X(zlib)                 \
  X(crypto)               \
  X(crypto_keys)          \
  X(http_parser)          \
  X(tls_wrap)             \
  X(napi)                 \
  X(v8)                   \
  X(vm)                   \
  X(udp)                  \
  X(uv)                   \
  X(messaging)            \
  X(http2_session)        \
  X(threads)              \
  X(inspector)

#define DECLARE(name) sh_val binding_##name##_init(sh_rt *rt);
SHOAL_BINDINGS(DECLARE)
#undef DECLARE

static const binding_entry modules[] = {
#define ENTRY(name) {#name, binding_##name##_init},
    SHOAL_BINDINGS(ENTRY)
#undef ENTRY
};

void modules_register(void) {
  binding_register(modules, sizeof modules / sizeof modules[0]);
}
