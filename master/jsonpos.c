/* jsonpos: source positions of the keys and values of a JSON text. */
#include "jsonpos.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSONPOS_PATH_CAP 1024
#define JSONPOS_MAX_DEPTH 4096

typedef struct entry {
  char *path;
  int key_line, key_col, val_line, val_col;
} entry;

struct jsonpos {
  entry *v;
  size_t n, cap;
};

typedef struct scanner {
  const char *s;
  size_t n, i;
  int line, col;
  jsonpos *out;
  char path[JSONPOS_PATH_CAP];
  size_t plen;
  int depth;
} scanner;

static int peek(const scanner *sc) {
  return sc->i < sc->n ? (unsigned char)sc->s[sc->i] : -1;
}

/* Consumes one byte, keeping line and column: a column counts characters, so
 * UTF-8 continuation bytes do not move it. */
static void advance(scanner *sc) {
  unsigned char c = (unsigned char)sc->s[sc->i++];
  if (c == '\n') {
    sc->line++;
    sc->col = 1;
  } else if ((c & 0xC0) != 0x80) {
    sc->col++;
  }
}

static void skip_ws(scanner *sc) {
  for (int c = peek(sc); c == ' ' || c == '\t' || c == '\r' || c == '\n'; c = peek(sc)) advance(sc);
}

static void put_utf8(char *buf, size_t *len, uint32_t cp) {
  if (cp < 0x80) {
    buf[(*len)++] = (char)cp;
  } else if (cp < 0x800) {
    buf[(*len)++] = (char)(0xC0 | (cp >> 6));
    buf[(*len)++] = (char)(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    buf[(*len)++] = (char)(0xE0 | (cp >> 12));
    buf[(*len)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
    buf[(*len)++] = (char)(0x80 | (cp & 0x3F));
  } else {
    buf[(*len)++] = (char)(0xF0 | (cp >> 18));
    buf[(*len)++] = (char)(0x80 | ((cp >> 12) & 0x3F));
    buf[(*len)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
    buf[(*len)++] = (char)(0x80 | (cp & 0x3F));
  }
}

static int hex4(scanner *sc, uint32_t *out) {
  uint32_t v = 0;
  for (int k = 0; k < 4; k++) {
    int c = peek(sc);
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return -1;
    v = v * 16 + (uint32_t)d;
    advance(sc);
  }
  *out = v;
  return 0;
}

/* Reads a string token. With OUT, returns its decoded text (malloc'd) there. */
static int string_token(scanner *sc, char **out) {
  if (peek(sc) != '"') return -1;
  advance(sc);
  size_t start = sc->i;
  char *buf = NULL;
  size_t len = 0;
  if (out) {
    /* Decoded text is never longer than the source text. */
    size_t end = start;
    while (end < sc->n && sc->s[end] != '"') end += sc->s[end] == '\\' ? 2 : 1;
    buf = malloc(end - start + 1);
    if (!buf) return -1;
  }
  for (;;) {
    int c = peek(sc);
    if (c < 0) goto fail;
    if (c == '"') {
      advance(sc);
      break;
    }
    if (c != '\\') {
      if (buf) buf[len++] = (char)c;
      advance(sc);
      continue;
    }
    advance(sc);
    c = peek(sc);
    if (c < 0) goto fail;
    advance(sc);
    char ch;
    switch (c) {
      case 'b': ch = '\b'; break;
      case 'f': ch = '\f'; break;
      case 'n': ch = '\n'; break;
      case 'r': ch = '\r'; break;
      case 't': ch = '\t'; break;
      case 'u': {
        uint32_t cp;
        if (hex4(sc, &cp) != 0) goto fail;
        if (cp >= 0xD800 && cp < 0xDC00 && peek(sc) == '\\' && sc->i + 1 < sc->n &&
            sc->s[sc->i + 1] == 'u') {
          advance(sc);
          advance(sc);
          uint32_t lo;
          if (hex4(sc, &lo) != 0) goto fail;
          if (lo >= 0xDC00 && lo < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else {
            if (buf) put_utf8(buf, &len, cp);
            cp = lo;
          }
        }
        if (buf) put_utf8(buf, &len, cp);
        continue;
      }
      default: ch = (char)c; break;
    }
    if (buf) buf[len++] = ch;
  }
  if (buf) {
    buf[len] = 0;
    *out = buf;
  }
  return 0;
fail:
  free(buf);
  return -1;
}

static int add_entry(scanner *sc, int kl, int kc, int vl, int vc) {
  jsonpos *p = sc->out;
  if (p->n == p->cap) {
    size_t cap = p->cap ? p->cap * 2 : 64;
    entry *v = realloc(p->v, cap * sizeof *v);
    if (!v) return -1;
    p->v = v;
    p->cap = cap;
  }
  char *path = malloc(sc->plen + 1);
  if (!path) return -1;
  memcpy(path, sc->path, sc->plen);
  path[sc->plen] = 0;
  p->v[p->n++] = (entry){path, kl, kc, vl, vc};
  return 0;
}

/* Parses the value at the cursor, whose path is sc->path; KL:KC is the
 * position of its key (0 when it has none). */
static int value(scanner *sc, int kl, int kc) {
  skip_ws(sc);
  int vl = sc->line, vc = sc->col;
  if (add_entry(sc, kl ? kl : vl, kl ? kc : vc, vl, vc) != 0) return -1;
  if (++sc->depth > JSONPOS_MAX_DEPTH) return -1;
  int c = peek(sc);
  size_t saved = sc->plen;
  if (c == '{') {
    advance(sc);
    skip_ws(sc);
    if (peek(sc) == '}') {
      advance(sc);
    } else {
      for (;;) {
        skip_ws(sc);
        int l = sc->line, col = sc->col;
        char *key;
        if (string_token(sc, &key) != 0) return -1;
        jsonpos_key(sc->path, sizeof sc->path, &sc->plen, key);
        free(key);
        skip_ws(sc);
        if (peek(sc) != ':') return -1;
        advance(sc);
        if (value(sc, l, col) != 0) return -1;
        sc->plen = saved;
        skip_ws(sc);
        c = peek(sc);
        advance(sc);
        if (c == '}') break;
        if (c != ',') return -1;
      }
    }
  } else if (c == '[') {
    advance(sc);
    skip_ws(sc);
    if (peek(sc) == ']') {
      advance(sc);
    } else {
      for (size_t idx = 0;; idx++) {
        jsonpos_index(sc->path, sizeof sc->path, &sc->plen, idx);
        if (value(sc, 0, 0) != 0) return -1;
        sc->plen = saved;
        skip_ws(sc);
        c = peek(sc);
        advance(sc);
        if (c == ']') break;
        if (c != ',') return -1;
      }
    }
  } else if (c == '"') {
    if (string_token(sc, NULL) != 0) return -1;
  } else {
    /* number, true, false, null */
    size_t start = sc->i;
    for (c = peek(sc); c > 0 && !strchr(",]} \t\r\n", c); c = peek(sc)) advance(sc);
    if (sc->i == start) return -1;
  }
  sc->depth--;
  return 0;
}

jsonpos *jsonpos_scan(const char *text, size_t len) {
  scanner *sc = calloc(1, sizeof *sc);
  jsonpos *p = calloc(1, sizeof *p);
  if (!sc || !p) goto fail;
  sc->s = text;
  sc->n = len;
  sc->line = 1;
  sc->col = 1;
  sc->out = p;
  if (value(sc, 0, 0) != 0) goto fail;
  free(sc);
  return p;
fail:
  free(sc);
  jsonpos_free(p);
  return NULL;
}

int jsonpos_find(const jsonpos *p, const char *path, int at_key, int *line, int *col) {
  if (!p) return -1;
  for (size_t k = 0; k < p->n; k++) {
    if (strcmp(p->v[k].path, path) != 0) continue;
    *line = at_key ? p->v[k].key_line : p->v[k].val_line;
    *col = at_key ? p->v[k].key_col : p->v[k].val_col;
    return 0;
  }
  return -1;
}

void jsonpos_free(jsonpos *p) {
  if (!p) return;
  for (size_t k = 0; k < p->n; k++) free(p->v[k].path);
  free(p->v);
  free(p);
}

static void append(char *buf, size_t cap, size_t *len, const char *s, size_t n) {
  if (*len >= cap) return;
  if (n > cap - 1 - *len) n = cap - 1 - *len;
  memcpy(buf + *len, s, n);
  *len += n;
  buf[*len] = 0;
}

static int plain_key(const char *key) {
  if (!*key) return 0;
  for (const char *s = key; *s; s++) {
    char c = *s;
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '-' || c == '$'))
      return 0;
  }
  return 1;
}

void jsonpos_key(char *buf, size_t cap, size_t *len, const char *key) {
  if (plain_key(key)) {
    if (*len) append(buf, cap, len, ".", 1);
    append(buf, cap, len, key, strlen(key));
    return;
  }
  append(buf, cap, len, "[\"", 2);
  for (const unsigned char *s = (const unsigned char *)key; *s; s++) {
    char esc[8];
    if (*s == '"' || *s == '\\') {
      esc[0] = '\\';
      esc[1] = (char)*s;
      append(buf, cap, len, esc, 2);
    } else if (*s < 0x20) {
      snprintf(esc, sizeof esc, "\\u%04x", *s);
      append(buf, cap, len, esc, 6);
    } else {
      append(buf, cap, len, (const char *)s, 1);
    }
  }
  append(buf, cap, len, "\"]", 2);
}

void jsonpos_index(char *buf, size_t cap, size_t *len, size_t i) {
  char tmp[32];
  int n = snprintf(tmp, sizeof tmp, "[%zu]", i);
  append(buf, cap, len, tmp, (size_t)n);
}
