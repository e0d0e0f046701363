/* jsonpos: source positions of the keys and values of a JSON text.
 *
 * jansson keeps no positions for a valid document, so the config validator
 * scans the text once more and maps key paths to line:column (both 1-based,
 * the column counted in characters as an editor shows it).
 *
 * A path names a value from the root: "" is the root, `limits.body_bytes` a
 * member, `listen[1].tls.cert` a member of an array element. Keys that are
 * not plain identifiers are written `["a.b"]` (JSON-quoted). jsonpos_key and
 * jsonpos_index build paths the same way the scanner does, so a path built by
 * a validator while walking a json_t finds its entry here.
 */
#ifndef SHOAL_MASTER_JSONPOS_H
#define SHOAL_MASTER_JSONPOS_H

#include <stddef.h>

typedef struct jsonpos jsonpos;

/* Scans TEXT (LEN bytes). Returns NULL when out of memory or when the text is
 * not well-formed JSON (validate it with jansson first). */
jsonpos *jsonpos_scan(const char *text, size_t len);

/* The position of PATH: of its key when AT_KEY and the value is an object
 * member, otherwise of the value's first character. Returns 0, or -1 when the
 * path is unknown (LINE and COL are then left alone). */
int jsonpos_find(const jsonpos *p, const char *path, int at_key, int *line, int *col);

void jsonpos_free(jsonpos *p);

/* Appends a member KEY or an array index I to the path in BUF (CAP bytes,
 * currently LEN long; LEN is updated). Paths that do not fit are truncated. */
void jsonpos_key(char *buf, size_t cap, size_t *len, const char *key);
void jsonpos_index(char *buf, size_t cap, size_t *len, size_t i);

#endif
