#ifndef SHOAL_BINDINGS_JSLIB_H
#define SHOAL_BINDINGS_JSLIB_H
/* jslib: the js-lib sources embedded into shoal-runtime by scripts/js2c.c.
 * The table is static data: nothing to free. */
#include <stddef.h>

typedef struct shoal_jslib_entry {
  const char *name; /* "events", "internal/inspect", ... */
  const char *source;
  int length;
} shoal_jslib_entry;

extern const shoal_jslib_entry shoal_jslib[]; /* ends with a NULL name */

const shoal_jslib_entry *jslib_find(const char *name, size_t len);
#endif
