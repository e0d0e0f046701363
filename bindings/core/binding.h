#ifndef SHOAL_BINDINGS_BINDING_H
#define SHOAL_BINDINGS_BINDING_H
/* binding: the registry of native modules reached from JavaScript as
 * internalBinding(name), and small helpers to build their objects.
 * Each module is a file bindings/mod_NAME.c defining binding_NAME_init,
 * which returns a fresh object (cached by the JavaScript loader). The
 * modules live in higher layers (bindings/modules.c lists bindings/mod_*.c,
 * the worker process adds its own): they register their tables here, so
 * the core never names them. */
#include "v8shim.h"

typedef sh_val (*binding_init_fn)(sh_rt *rt);

typedef struct binding_entry {
  const char *name;
  binding_init_fn init;
} binding_entry;

/* Adds `count` modules to the registry. `entries` must stay valid for the
 * life of the process (a static table). Called at start-up, before any
 * runtime starts; at most a few tables. */
void binding_register(const binding_entry *entries, size_t count);

/* Returns the binding object `name`, or NULL (and throws) when unknown. */
sh_val binding_load(sh_rt *rt, const char *name);

void bind_fn(sh_rt *rt, sh_val obj, const char *name, sh_native_fn fn);
void bind_int(sh_rt *rt, sh_val obj, const char *name, int64_t value);
void bind_str(sh_rt *rt, sh_val obj, const char *name, const char *value);

/* Throws Node's ERR_STRING_TOO_LONG Error: the answer when the shim could
 * not make a string (past V8's maximum length). */
void throw_string_too_long(sh_rt *rt);

/* Argument helpers for native functions. */
int64_t arg_i64(sh_cbinfo *ci, int i);
double arg_num(sh_cbinfo *ci, int i);
/* A malloc'd UTF-8 copy of argument i (converted with ToString), or NULL. */
char *arg_utf8(sh_cbinfo *ci, int i);
#endif
