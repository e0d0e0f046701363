/* forwarded: resolving X-Forwarded-For / Forwarded against trusted proxies.
 * See forwarded.h. */
#include "forwarded.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>
#include <uv.h>

#include "request.h"

static http_trust_fn trusted;

void http_set_trusted_proxies(http_trust_fn is_trusted) {
  trusted = is_trusted;
}

static bool field_named(http_req *r, http_field *f, const char *name) {
  size_t n = strlen(name);
  return f->name_len == n && strncasecmp(r->buf + f->name_off, name, n) == 0;
}

/* An address (IPv4, IPv6, optionally "[v6]" or with ":port" as Forwarded
 * writes it) into sa; false when it is none ("unknown", "_hidden"). */
static bool parse_addr(const char *s, size_t len, struct sockaddr_storage *sa) {
  char ip[64];
  while (len && (*s == ' ' || *s == '\t' || *s == '"')) s++, len--;
  while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '"')) len--;
  if (len && *s == '[') {
    const char *end = memchr(s, ']', len);
    if (!end) return false;
    len = (size_t)(end - s - 1);
    s++;
  } else if (len && memchr(s, '.', len)) {
    const char *colon = memchr(s, ':', len); /* IPv4:port */
    if (colon) len = (size_t)(colon - s);
  }
  if (len == 0 || len >= sizeof ip) return false;
  memcpy(ip, s, len);
  ip[len] = 0;
  return uv_ip4_addr(ip, 0, (struct sockaddr_in *)sa) == 0 ||
         uv_ip6_addr(ip, 0, (struct sockaddr_in6 *)sa) == 0;
}

/* The value part of one Forwarded element's for= parameter, or NULL. */
static const char *forwarded_for(const char *s, size_t len, size_t *out_len) {
  for (size_t i = 0; i + 4 <= len; i++) {
    bool start = i == 0 || s[i - 1] == ';' || s[i - 1] == ' ' || s[i - 1] == '\t';
    if (!start || strncasecmp(s + i, "for=", 4) != 0) continue;
    const char *v = s + i + 4;
    const char *end = memchr(v, ';', len - i - 4);
    *out_len = end ? (size_t)(end - v) : len - i - 4;
    return v;
  }
  return NULL;
}

typedef struct hop {
  const char *text; /* inside r->buf */
  size_t len;
  size_t field; /* index of its header field */
} hop;

#define HOPS_MAX 64

/* The hops of every field called name, left to right (Forwarded: the for=
 * of each element). */
static size_t collect(http_req *r, const char *name, bool is_forwarded, hop *hops, size_t n) {
  for (size_t i = 0; i < r->nfields; i++) {
    http_field *f = &r->fields[i];
    if (!field_named(r, f, name)) continue;
    const char *v = r->buf + f->value_off, *end = v + f->value_len;
    while (v < end && n < HOPS_MAX) {
      const char *comma = memchr(v, ',', (size_t)(end - v));
      size_t len = comma ? (size_t)(comma - v) : (size_t)(end - v);
      const char *t = v;
      size_t tl = len;
      if (is_forwarded) t = forwarded_for(v, len, &tl);
      if (t) hops[n++] = (hop){t, tl, i};
      v += len + (comma ? 1 : 0);
    }
  }
  return n;
}

static void remove_fields(http_req *r, const char *name) {
  size_t k = 0;
  for (size_t i = 0; i < r->nfields; i++) {
    if (!field_named(r, &r->fields[i], name)) r->fields[k++] = r->fields[i];
  }
  r->nfields = k;
}

/* The right-most hop that is not a trusted proxy (the left-most when all
 * are); -1 when a hop is not an address: the chain cannot be followed. */
static int pick_client(hop *hops, size_t n, struct sockaddr_storage *client) {
  for (size_t i = n; i-- > 0;) {
    if (!parse_addr(hops[i].text, hops[i].len, client)) return -1;
    if (!trusted((struct sockaddr *)client) || i == 0) return (int)i;
  }
  return -1;
}

/* Only the field of hop h stays, its value cut down to h (a substring). */
static void keep_only(http_req *r, const hop *h, const char *name) {
  http_field *f = &r->fields[h->field];
  f->value_off = (size_t)(h->text - r->buf);
  f->value_len = h->len;
  while (f->value_len && isspace((unsigned char)r->buf[f->value_off])) {
    f->value_off++;
    f->value_len--;
  }
  while (f->value_len && isspace((unsigned char)r->buf[f->value_off + f->value_len - 1]))
    f->value_len--;
  size_t k = 0;
  for (size_t i = 0; i < r->nfields; i++) {
    if (i == h->field || !field_named(r, &r->fields[i], name)) r->fields[k++] = r->fields[i];
  }
  r->nfields = k;
}

static void remove_both(http_req *r) {
  remove_fields(r, "x-forwarded-for");
  remove_fields(r, "forwarded");
}

void http_forwarded_apply(http_req *r) {
  if (!trusted) return;
  http_conn *c = r->conn;
  c->has_client = false;
  struct sockaddr_storage peer;
  if (conn_transport_peer(c, &peer) != 0) return;
  if (!trusted((struct sockaddr *)&peer)) return remove_both(r);
  hop hops[HOPS_MAX];
  size_t n = collect(r, "x-forwarded-for", false, hops, 0);
  if (n == 0) {
    n = collect(r, "forwarded", true, hops, 0);
    if (n == 0) return;
  }
  int at = pick_client(hops, n, &c->client);
  if (at < 0) return remove_both(r); /* "unknown" or garbage where the client should be */
  c->has_client = true;
  /* Forwarded carries more than addresses (proto, host): it stays as the
   * trusted proxy wrote it; X-Forwarded-For is cut down to the client. */
  if (field_named(r, &r->fields[hops[at].field], "x-forwarded-for"))
    keep_only(r, &hops[at], "x-forwarded-for");
}
