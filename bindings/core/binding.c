/* binding: internalBinding registry and helpers (see binding.h). */
#include "binding.h"

#include <stdlib.h>
#include <string.h>

/* The tables registered so far (static storage, owned by the registrant).
 * Registration happens at start-up, before any runtime or thread exists. */
enum { MAX_TABLES = 4 };
static struct {
  const binding_entry *entries;
  size_t count;
} tables[MAX_TABLES];
static size_t table_count;

void binding_register(const binding_entry *entries, size_t count) {
  if (table_count == MAX_TABLES) abort(); /* a programming error, found at start-up */
  tables[table_count].entries = entries;
  tables[table_count].count = count;
  table_count++;
}

sh_val binding_load(sh_rt *rt, const char *name) {
  for (size_t t = 0; t < table_count; t++) {
    for (size_t i = 0; i < tables[t].count; i++) {
      const binding_entry *e = &tables[t].entries[i];
      if (strcmp(e->name, name) == 0) return e->init(rt);
    }
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

void throw_string_too_long(sh_rt *rt) {
  sh_val e = sh_error(rt, SH_ERROR, "Cannot create a string longer than 0x1fffffe8 characters");
  bind_str(rt, e, "code", "ERR_STRING_TOO_LONG");
  sh_throw(rt, e);
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
