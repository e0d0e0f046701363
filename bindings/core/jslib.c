/* jslib: lookup in the embedded js-lib table (see jslib.h). */
#include "jslib.h"

#include <string.h>

const shoal_jslib_entry *jslib_find(const char *name, size_t len) {
  for (const shoal_jslib_entry *e = shoal_jslib; e->name; e++) {
    if (strlen(e->name) == len && memcmp(e->name, name, len) == 0) return e;
  }
  return NULL;
}
