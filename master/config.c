/* The cluster config: loading, validation, command-line overrides and
 * `shoal check`. See config.h and docs/configuration.md. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <grp.h>
#include <stdbool.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/un.h>
#include <unistd.h>
#include <uv.h>

#include "cgroup.h"
#include "cidr.h"
#include "jsonpos.h"

#define CONFIG_MAX_BYTES (16u << 20)
#define PATH_CAP 1024
#define WORKERS_MAX 1024
#define MS_MAX 2147483647ull          /* as Node's timers: fits a signed 32-bit int */
#define BYTES_MAX 9007199254740991ull /* 2^53 - 1 */
#define HEAP_MB_DEFAULT 512

/* ------------------------------------------------------------------ */
/* small helpers                                                       */

static char *xstrdup(const char *s) {
  return s ? strdup(s) : NULL;
}

/* "auto": what the container lets this process use (cgroup.h), and why. */
static int workers_auto(char *why, size_t whylen) {
  cgroup_info ci;
  cgroup_read(&ci);
  int n = cgroup_auto_workers(&ci, why, whylen);
  return n > WORKERS_MAX ? WORKERS_MAX : n;
}

static void set_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t errlen, const char *fmt, ...) {
  if (!err || !errlen) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, errlen, fmt, ap);
  va_end(ap);
}

static char *get_cwd(void) {
  char buf[PATH_MAX];
  size_t n = sizeof buf;
  if (uv_cwd(buf, &n) != 0) return NULL;
  return strdup(buf);
}

/* BASE + "/" + P (or P when absolute), with ".", ".." and repeated slashes
 * removed lexically (the file need not exist). */
static char *abs_path(const char *base, const char *p) {
  size_t bl = base ? strlen(base) : 0, pl = strlen(p);
  char *joined = malloc(bl + pl + 2);
  if (!joined) return NULL;
  if (p[0] == '/' || !base) {
    memcpy(joined, p, pl + 1);
  } else {
    memcpy(joined, base, bl);
    joined[bl] = '/';
    memcpy(joined + bl + 1, p, pl + 1);
  }
  char *out = malloc(strlen(joined) + 2);
  if (!out) {
    free(joined);
    return NULL;
  }
  size_t n = 0;
  const char *s = joined;
  while (*s) {
    while (*s == '/') s++;
    const char *e = s;
    while (*e && *e != '/') e++;
    size_t len = (size_t)(e - s);
    if (len == 0 || (len == 1 && s[0] == '.')) {
      /* nothing */
    } else if (len == 2 && s[0] == '.' && s[1] == '.') {
      while (n > 0 && out[n - 1] != '/') n--;
      if (n > 0) n--;
    } else {
      out[n++] = '/';
      memcpy(out + n, s, len);
      n += len;
    }
    s = e;
  }
  if (n == 0) out[n++] = '/';
  out[n] = 0;
  free(joined);
  return out;
}

/* The folder of an absolute path. */
static char *dir_of(const char *path) {
  const char *slash = strrchr(path, '/');
  size_t n = slash && slash != path ? (size_t)(slash - path) : 1;
  char *d = malloc(n + 1);
  if (!d) return NULL;
  memcpy(d, path, n);
  d[n] = 0;
  return d;
}

/* Parses an IP literal (or "localhost", or "[v6]") into its canonical text.
 * Returns the address family, or 0 when HOST is not an address. */
static int canon_host(const char *host, char *out, size_t cap) {
  char tmp[128];
  size_t len = strlen(host);
  if (len == 0 || len >= sizeof tmp) return 0;
  if (strcasecmp(host, "localhost") == 0) host = "127.0.0.1";
  if (host[0] == '[' && host[len - 1] == ']') {
    memcpy(tmp, host + 1, len - 2);
    tmp[len - 2] = 0;
    host = tmp;
    if (!strchr(host, ':')) return 0;
  }
  unsigned char bin[16];
  if (uv_inet_pton(AF_INET, host, bin) == 0) {
    if (uv_inet_ntop(AF_INET, bin, out, cap) != 0) return 0;
    return AF_INET;
  }
  if (uv_inet_pton(AF_INET6, host, bin) == 0) {
    if (strchr(host, '%')) {
      /* keep the zone id as written */
      if (strlen(host) >= cap) return 0;
      memcpy(out, host, strlen(host) + 1);
    } else if (uv_inet_ntop(AF_INET6, bin, out, cap) != 0) {
      return 0;
    }
    return AF_INET6;
  }
  return 0;
}

static int is_wildcard(const char *host) {
  return strcmp(host, "0.0.0.0") == 0 || strcmp(host, "::") == 0;
}

static int host_family(const char *host) {
  return strchr(host, ':') ? AF_INET6 : AF_INET;
}

/* Two listeners that cannot both be bound: the same address and port, or a
 * wildcard and a specific address of the same family on the same port. */
static int listeners_clash(const shoal_listen *a, const shoal_listen *b, int *exact) {
  if (a->port != b->port) return 0;
  *exact = strcmp(a->host, b->host) == 0;
  if (*exact) return 1;
  return host_family(a->host) == host_family(b->host) &&
         (is_wildcard(a->host) || is_wildcard(b->host));
}

static void format_hostport(const char *host, int port, char *buf, size_t cap) {
  if (strchr(host, ':')) snprintf(buf, cap, "[%s]:%d", host, port);
  else snprintf(buf, cap, "%s:%d", host, port);
}

/* Optimal-string-alignment distance, for "did you mean". */
static size_t edit_distance(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > 64 || lb > 64) return SIZE_MAX;
  size_t d[65][65];
  for (size_t i = 0; i <= la; i++) d[i][0] = i;
  for (size_t j = 0; j <= lb; j++) d[0][j] = j;
  for (size_t i = 1; i <= la; i++) {
    for (size_t j = 1; j <= lb; j++) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      size_t v = d[i - 1][j] + 1;
      if (d[i][j - 1] + 1 < v) v = d[i][j - 1] + 1;
      if (d[i - 1][j - 1] + cost < v) v = d[i - 1][j - 1] + cost;
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
        v = d[i - 2][j - 2] + 1;
      d[i][j] = v;
    }
  }
  return d[la][lb];
}

/* ------------------------------------------------------------------ */
/* validation context                                                  */

typedef struct config_ctx {
  const char *file; /* as given, for messages */
  jsonpos *pos;
  shoal_config *c;
  char *err;
  size_t errlen;
  char path[PATH_CAP];
  size_t plen;
} ctx;

static size_t push_key(ctx *x, const char *key) {
  size_t saved = x->plen;
  jsonpos_key(x->path, sizeof x->path, &x->plen, key);
  return saved;
}

static size_t push_index(ctx *x, size_t i) {
  size_t saved = x->plen;
  jsonpos_index(x->path, sizeof x->path, &x->plen, i);
  return saved;
}

static void pop(ctx *x, size_t saved) {
  x->plen = saved;
  x->path[saved] = 0;
}

/* Writes "FILE:LINE:COL: PATH: message" for the current path (the position
 * of its key when AT_KEY, else of its value) and returns -1. */
static int fail(ctx *x, int at_key, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(ctx *x, int at_key, const char *fmt, ...) {
  int line = 1, col = 1;
  jsonpos_find(x->pos, x->path, at_key, &line, &col);
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (x->plen) set_err(x->err, x->errlen, "%s:%d:%d: %s: %s", x->file, line, col, x->path, msg);
  else set_err(x->err, x->errlen, "%s:%d:%d: %s", x->file, line, col, msg);
  return -1;
}

static int oom(ctx *x) {
  return fail(x, 0, "out of memory");
}

/* A short description of a JSON value for "got ..." */
static void describe(const json_t *v, char *buf, size_t cap) {
  switch (json_typeof(v)) {
    case JSON_OBJECT: snprintf(buf, cap, "an object"); return;
    case JSON_ARRAY: snprintf(buf, cap, "an array"); return;
    case JSON_TRUE: snprintf(buf, cap, "true"); return;
    case JSON_FALSE: snprintf(buf, cap, "false"); return;
    case JSON_NULL: snprintf(buf, cap, "null"); return;
    case JSON_INTEGER: snprintf(buf, cap, "%" JSON_INTEGER_FORMAT, json_integer_value(v)); return;
    default: break;
  }
  char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT | JSON_REAL_PRECISION(17));
  if (!s) {
    snprintf(buf, cap, "?");
    return;
  }
  size_t n = strlen(s);
  if (n > 60 && json_is_string(v)) snprintf(buf, cap, "%.56s...\"", s);
  else snprintf(buf, cap, "%s", s);
  free(s);
}

#define GOT(v) got_((v), (char[128]){0})
static const char *got_(const json_t *v, char *buf) {
  describe(v, buf, 128);
  return buf;
}

/* Rejects keys of OBJ that are not in KNOWN (NULL-terminated). */
static int check_keys(ctx *x, json_t *obj, const char *const *known) {
  const char *key;
  json_t *v;
  json_object_foreach(obj, key, v) {
    int ok = 0;
    for (const char *const *k = known; *k; k++)
      if (strcmp(key, *k) == 0) ok = 1;
    if (ok) continue;
    const char *best = NULL;
    size_t bestd = SIZE_MAX;
    for (const char *const *k = known; *k; k++) {
      size_t d = edit_distance(key, *k);
      size_t limit = strlen(*k) / 3;
      if (limit < 1) limit = 1;
      if (d <= limit && d < bestd) {
        best = *k;
        bestd = d;
      }
    }
    size_t saved = push_key(x, key);
    int rc;
    if (best) {
      rc = fail(x, 1, "unknown key (did you mean \"%s\"?)", best);
    } else {
      char list[512];
      size_t n = 0;
      list[0] = 0;
      for (const char *const *k = known; *k; k++)
        n += (size_t)snprintf(list + n, n < sizeof list ? sizeof list - n : 0, "%s%s",
                              k == known ? "" : ", ", *k);
      rc = fail(x, 1, "unknown key (expected one of: %s)", list);
    }
    pop(x, saved);
    return rc;
  }
  return 0;
}

static int want_object(ctx *x, json_t *v, const char *what) {
  if (json_is_object(v)) return 0;
  return fail(x, 0, "expected %s, got %s", what, GOT(v));
}

/* An integer in MIN..MAX. */
static int get_uint(ctx *x, json_t *v, uint64_t min, uint64_t max, uint64_t *out) {
  if (!json_is_integer(v)) {
    if (min == 0) return fail(x, 0, "expected an integer (0 = off), got %s", GOT(v));
    return fail(x, 0, "expected a positive integer, got %s", GOT(v));
  }
  json_int_t n = json_integer_value(v);
  if (n < 0 && min == 0)
    return fail(x, 0, "must not be negative (0 = off), got %" JSON_INTEGER_FORMAT, n);
  if (n < 0 || (uint64_t)n < min || (uint64_t)n > max) {
    if (max >= BYTES_MAX && min <= 1)
      return fail(x, 0, "must be at least %llu, got %" JSON_INTEGER_FORMAT, (unsigned long long)min,
                  n);
    return fail(x, 0, "must be between %llu and %llu, got %" JSON_INTEGER_FORMAT,
                (unsigned long long)min, (unsigned long long)max, n);
  }
  *out = (uint64_t)n;
  return 0;
}

static int get_string(ctx *x, json_t *v, const char **out) {
  if (!json_is_string(v)) return fail(x, 0, "expected a string, got %s", GOT(v));
  if (json_string_length(v) == 0) return fail(x, 0, "must not be empty");
  if (strlen(json_string_value(v)) != json_string_length(v))
    return fail(x, 0, "must not contain a NUL character");
  *out = json_string_value(v);
  return 0;
}

/* A path relative to the config's folder, made absolute in *OUT (freed
 * first). With MUST_READ, the file must exist and be readable. */
static int get_path(ctx *x, json_t *v, int must_read, char **out) {
  const char *s;
  if (get_string(x, v, &s) != 0) return -1;
  char *p = abs_path(x->c->dir, s);
  if (!p) return oom(x);
  if (must_read) {
    struct stat st;
    if (stat(p, &st) != 0 || access(p, R_OK) != 0) {
      int e = errno;
      int rc = fail(x, 0, "cannot read %s: %s", p, strerror(e));
      free(p);
      return rc;
    }
    if (S_ISDIR(st.st_mode)) {
      int rc = fail(x, 0, "%s is a directory, expected a file", p);
      free(p);
      return rc;
    }
  }
  free(*out);
  *out = p;
  return 0;
}

/* ------------------------------------------------------------------ */
/* sections                                                            */

static int load_workers(ctx *x, json_t *v) {
  shoal_config *c = x->c;
  if (json_is_string(v) && strcmp(json_string_value(v), "auto") == 0) {
    c->workers = workers_auto(c->workers_source, sizeof c->workers_source);
    return 0;
  }
  if (!json_is_integer(v))
    return fail(x, 0, "expected a positive integer or \"auto\", got %s", GOT(v));
  json_int_t n = json_integer_value(v);
  if (n < 1 || n > WORKERS_MAX)
    return fail(x, 0, "must be between 1 and %d (or \"auto\"), got %" JSON_INTEGER_FORMAT,
                WORKERS_MAX, n);
  c->workers = (int)n;
  snprintf(c->workers_source, sizeof c->workers_source, "config");
  return 0;
}

static const char *const tls_keys[] = {"cert", "key", "ca", "servername", NULL};

static int load_servername(ctx *x, json_t *v, char **out) {
  const char *s;
  if (get_string(x, v, &s) != 0) return -1;
  for (const char *p = s; *p; p++) {
    char ch = *p;
    if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
          ch == '-' || ch == '.' || ch == '*' || ch == '_'))
      return fail(x, 0, "expected a host name such as \"example.com\" or \"*.example.com\", got %s",
                  GOT(v));
  }
  *out = xstrdup(s);
  return *out ? 0 : oom(x);
}

static int load_tls_cert(ctx *x, json_t *v, shoal_tls_cert *t) {
  if (want_object(x, v, "an object like {\"cert\": \"cert.pem\", \"key\": \"key.pem\"}") != 0)
    return -1;
  if (check_keys(x, v, tls_keys) != 0) return -1;
  const char *key;
  json_t *m;
  json_object_foreach(v, key, m) {
    size_t saved = push_key(x, key);
    int rc;
    if (strcmp(key, "cert") == 0) rc = get_path(x, m, 1, &t->cert);
    else if (strcmp(key, "key") == 0) rc = get_path(x, m, 1, &t->key);
    else if (strcmp(key, "ca") == 0) rc = get_path(x, m, 1, &t->ca);
    else rc = load_servername(x, m, &t->servername);
    pop(x, saved);
    if (rc != 0) return -1;
  }
  if (!t->cert) return fail(x, 0, "missing \"cert\" (the certificate chain file)");
  if (!t->key) return fail(x, 0, "missing \"key\" (the private key file)");
  return 0;
}

static int load_tls(ctx *x, json_t *v, shoal_listen *l) {
  if (json_is_object(v)) {
    l->tls = calloc(1, sizeof *l->tls);
    if (!l->tls) return oom(x);
    l->ntls = 1;
    return load_tls_cert(x, v, &l->tls[0]);
  }
  if (!json_is_array(v))
    return fail(x, 0,
                "expected an object like {\"cert\": \"cert.pem\", \"key\": \"key.pem\"} or an "
                "array of them, got %s",
                GOT(v));
  size_t n = json_array_size(v);
  if (n == 0) return fail(x, 0, "expected at least one certificate, got an empty array");
  l->tls = calloc(n, sizeof *l->tls);
  if (!l->tls) return oom(x);
  size_t default_at = SIZE_MAX;
  for (size_t i = 0; i < n; i++) {
    size_t saved = push_index(x, i);
    json_t *e = json_array_get(v, i);
    shoal_tls_cert *t = &l->tls[i];
    l->ntls = i + 1;
    if (load_tls_cert(x, e, t) != 0) return -1;
    if (!t->servername) {
      if (default_at != SIZE_MAX)
        return fail(x, 0,
                    "missing \"servername\": only one certificate of an array may go without one "
                    "(the default), and entry %zu already does",
                    default_at);
      default_at = i;
    } else {
      for (size_t j = 0; j < i; j++) {
        if (l->tls[j].servername && strcasecmp(l->tls[j].servername, t->servername) == 0) {
          size_t s2 = push_key(x, "servername");
          int rc = fail(x, 0, "duplicate servername \"%s\" (also in entry %zu)", t->servername, j);
          pop(x, s2);
          return rc;
        }
      }
    }
    pop(x, saved);
  }
  return 0;
}

static const char *const listen_keys[] = {"host", "port", "tls", "sticky", "proxy_protocol", NULL};

static int load_listener(ctx *x, json_t *v, shoal_listen *l) {
  if (!json_is_object(v))
    return fail(x, 0, "expected an object like {\"host\": \"0.0.0.0\", \"port\": 8080}, got %s",
                GOT(v));
  if (check_keys(x, v, listen_keys) != 0) return -1;
  int have_port = 0;
  const char *key;
  json_t *m;
  json_object_foreach(v, key, m) {
    size_t saved = push_key(x, key);
    int rc = 0;
    if (strcmp(key, "host") == 0) {
      const char *s;
      char canon[128];
      rc = get_string(x, m, &s);
      if (rc == 0 && !canon_host(s, canon, sizeof canon))
        rc = fail(x, 0,
                  "expected an IP address such as \"0.0.0.0\", \"::\" or \"127.0.0.1\", got %s",
                  GOT(m));
      if (rc == 0) {
        free(l->host);
        l->host = strdup(canon);
        if (!l->host) rc = oom(x);
      }
    } else if (strcmp(key, "port") == 0) {
      uint64_t port;
      rc = get_uint(x, m, 1, 65535, &port);
      l->port = (int)port;
      have_port = 1;
    } else if (strcmp(key, "sticky") == 0) {
      const char *s = json_string_value(m);
      l->sticky_ip = s && strcmp(s, "ip") == 0;
      l->sticky_cookie = s && strcmp(s, "cookie") == 0;
      if (!l->sticky_ip && !l->sticky_cookie && !(s && strcmp(s, "none") == 0))
        rc = fail(x, 0, "expected \"ip\", \"cookie\" or \"none\", got %s", GOT(m));
    } else if (strcmp(key, "proxy_protocol") == 0) {
      if (!json_is_boolean(m)) rc = fail(x, 0, "expected true or false, got %s", GOT(m));
      l->proxy_protocol = json_is_true(m);
    } else {
      rc = load_tls(x, m, l);
    }
    pop(x, saved);
    if (rc != 0) return -1;
  }
  if (!have_port) return fail(x, 0, "missing \"port\"");
  /* The master cannot read a cookie through TLS. */
  if (l->sticky_cookie && l->ntls > 0)
    return fail(x, 0,
                "\"sticky\": \"cookie\" needs a cleartext listener (the master cannot "
                "read cookies through TLS): use \"ip\", or terminate TLS in front");
  if (!l->host) {
    l->host = strdup("0.0.0.0");
    if (!l->host) return oom(x);
  }
  return 0;
}

static int load_listen(ctx *x, json_t *v) {
  if (!json_is_array(v))
    return fail(x, 0, "expected an array of listeners like [{\"port\": 8080}], got %s", GOT(v));
  size_t n = json_array_size(v);
  if (n == 0) return 0;
  shoal_config *c = x->c;
  c->listen = calloc(n, sizeof *c->listen);
  if (!c->listen) return oom(x);
  for (size_t i = 0; i < n; i++) {
    size_t saved = push_index(x, i);
    shoal_listen *l = &c->listen[i];
    c->nlisten = i + 1;
    if (load_listener(x, json_array_get(v, i), l) != 0) return -1;
    for (size_t j = 0; j < i; j++) {
      int exact = 0;
      if (!listeners_clash(&c->listen[j], l, &exact)) continue;
      char a[160], b[160];
      format_hostport(l->host, l->port, a, sizeof a);
      format_hostport(c->listen[j].host, c->listen[j].port, b, sizeof b);
      if (exact) return fail(x, 0, "duplicate listener %s (also listen[%zu])", a, j);
      return fail(x, 0, "listener %s overlaps listen[%zu] (%s): both cannot be bound", a, j, b);
    }
    pop(x, saved);
  }
  return 0;
}

static int check_socket_len(ctx *x, const char *p) {
  size_t max = sizeof(((struct sockaddr_un *)0)->sun_path) - 1;
  if (strlen(p) <= max) return 0;
  return fail(x, 0, "path too long for a Unix socket (%zu bytes, at most %zu): %s", strlen(p), max,
              p);
}

static int load_identity(ctx *x, json_t *v, bool is_user, char **out);

static int load_control_group(ctx *x, json_t *v) {
  return load_identity(x, v, false, &x->c->control_group);
}

static int load_control_socket(ctx *x, json_t *v) {
  int rc = get_path(x, v, 0, &x->c->control_socket);
  return rc == 0 ? check_socket_len(x, x->c->control_socket) : rc;
}

static int load_env(ctx *x, json_t *v) {
  if (want_object(x, v, "an object of NAME: \"value\" strings") != 0) return -1;
  size_t n = json_object_size(v);
  if (n == 0) return 0;
  shoal_config *c = x->c;
  c->env = calloc(n, sizeof *c->env);
  if (!c->env) return oom(x);
  const char *key;
  json_t *m;
  json_object_foreach(v, key, m) {
    size_t saved = push_key(x, key);
    if (!*key || strchr(key, '='))
      return fail(x, 1, "not a valid environment variable name (empty or contains '=')");
    if (!json_is_string(m)) {
      if (json_is_number(m) || json_is_boolean(m)) {
        char g[128];
        describe(m, g, sizeof g);
        return fail(
            x, 0, "expected a string, got %s (environment values are strings: write \"%s\")", g, g);
      }
      return fail(x, 0, "expected a string, got %s", GOT(m));
    }
    const char *val = json_string_value(m);
    if (strlen(val) != json_string_length(m)) return fail(x, 0, "must not contain a NUL character");
    size_t kl = strlen(key), vl = strlen(val);
    char *e = malloc(kl + vl + 2);
    if (!e) return oom(x);
    memcpy(e, key, kl);
    e[kl] = '=';
    memcpy(e + kl + 1, val, vl + 1);
    c->env[c->nenv++] = e;
    pop(x, saved);
  }
  return 0;
}

/* The schema of `limits`: one row per key (see config.h). */
#define LIMIT(name, min, max, def, consumer) \
  { #name, offsetof(shoal_limits, name), min, max, def, consumer }
const config_limit_key config_limit_keys[] = {
    LIMIT(header_bytes, 1, MS_MAX, 16384, CONFIG_WORKER),
    LIMIT(body_bytes, 1, BYTES_MAX, 10485760, CONFIG_WORKER),
    LIMIT(header_timeout_ms, 1, MS_MAX, 10000, CONFIG_WORKER),
    LIMIT(idle_timeout_ms, 1, MS_MAX, 5000, CONFIG_WORKER),
    LIMIT(request_cpu_ms, 0, MS_MAX, 0, CONFIG_WORKER),
    LIMIT(heap_mb, 16, 1048576, 512, CONFIG_MASTER),
    LIMIT(max_requests, 0, BYTES_MAX, 0, CONFIG_MASTER),
    LIMIT(h2_max_streams, 1, 2147483647, 100, CONFIG_WORKER),
    LIMIT(queue_ms, 0, MS_MAX, 0, CONFIG_MASTER),
    LIMIT(response_timeout_ms, 0, MS_MAX, 300000, CONFIG_WORKER),
};
#define NLIMITS (sizeof config_limit_keys / sizeof config_limit_keys[0])
const size_t config_nlimit_keys = NLIMITS;

uint64_t *config_limit(shoal_limits *l, const config_limit_key *k) {
  return (uint64_t *)((char *)l + k->offset);
}

static int load_limits(ctx *x, json_t *v) {
  if (want_object(x, v, "an object") != 0) return -1;
  const char *names[NLIMITS + 1];
  for (size_t i = 0; i < NLIMITS; i++) names[i] = config_limit_keys[i].name;
  names[NLIMITS] = NULL;
  if (check_keys(x, v, names) != 0) return -1;
  const char *key;
  json_t *m;
  json_object_foreach(v, key, m) {
    for (size_t i = 0; i < NLIMITS; i++) {
      if (strcmp(key, config_limit_keys[i].name) != 0) continue;
      size_t saved = push_key(x, key);
      uint64_t *dst = config_limit(&x->c->limits, &config_limit_keys[i]);
      int rc = get_uint(x, m, config_limit_keys[i].min, config_limit_keys[i].max, dst);
      if (dst == &x->c->limits.heap_mb) x->c->heap_mb_set = true;
      pop(x, saved);
      if (rc != 0) return -1;
    }
  }
  return 0;
}

/* "log": {"access": "stdout" | "off" | FILE} */
static int load_log_access(ctx *x, json_t *m) {
  const char *s;
  if (!json_is_string(m))
    return fail(x, 0, "expected \"stdout\", \"off\" or a file path, got %s", GOT(m));
  if (get_string(x, m, &s) != 0) return -1;
  if (strcmp(s, "stdout") == 0 || strcmp(s, "off") == 0) {
    free(x->c->access_log);
    x->c->access_log = strdup(s);
    return x->c->access_log ? 0 : oom(x);
  }
  if (get_path(x, m, 0, &x->c->access_log) != 0) return -1;
  char *d = dir_of(x->c->access_log);
  struct stat st;
  int rc = 0;
  if (!d) rc = oom(x);
  else if (stat(d, &st) != 0 || !S_ISDIR(st.st_mode))
    rc = fail(x, 0, "the folder %s does not exist", d);
  free(d);
  return rc;
}

/* "user" / "group": names that must exist on this machine. */
static int load_identity(ctx *x, json_t *v, bool is_user, char **out) {
  if (!json_is_string(v) || json_string_length(v) == 0)
    return fail(x, 0, "expected a %s name, got %s", is_user ? "user" : "group", GOT(v));
  const char *name = json_string_value(v);
  bool known = is_user ? getpwnam(name) != NULL : getgrnam(name) != NULL;
  if (!known) return fail(x, 0, "no such %s: %s", is_user ? "user" : "group", name);
  *out = strdup(name);
  return *out ? 0 : oom(x);
}

static int load_user(ctx *x, json_t *v) {
  return load_identity(x, v, true, &x->c->user);
}

static int load_group(ctx *x, json_t *v) {
  return load_identity(x, v, false, &x->c->group);
}

static int load_app(ctx *x, json_t *v) {
  return get_path(x, v, 0, &x->c->app);
}

static int load_health_path(ctx *x, json_t *p) {
  if (!json_is_string(p) || json_string_value(p)[0] != '/')
    return fail(x, 0, "expected a path starting with \"/\", got %s", GOT(p));
  return (x->c->health_path = strdup(json_string_value(p))) ? 0 : oom(x);
}

static int load_metrics_listen(ctx *x, json_t *l) {
  const char *s = json_is_string(l) ? json_string_value(l) : NULL;
  const char *colon = s ? strrchr(s, ':') : NULL;
  long port = colon ? strtol(colon + 1, NULL, 10) : 0;
  if (!s || port < 1 || port > 65535) return fail(x, 0, "expected \"HOST:PORT\", got %s", GOT(l));
  return (x->c->metrics_listen = strdup(s)) ? 0 : oom(x);
}

/* "allow_app_listen": [port, ...] (0: an ephemeral port). */
static int load_allow_app_listen(ctx *x, json_t *v) {
  if (!json_is_array(v)) return fail(x, 0, "expected an array of ports, got %s", GOT(v));
  shoal_config *c = x->c;
  free(c->allow_app_listen);
  c->nallow_app_listen = 0;
  c->allow_app_listen = calloc(json_array_size(v) + 1, sizeof *c->allow_app_listen);
  if (!c->allow_app_listen) return oom(x);
  size_t i;
  json_t *it;
  json_array_foreach(v, i, it) {
    size_t saved = push_index(x, i);
    uint64_t port;
    int rc = get_uint(x, it, 0, 65535, &port);
    pop(x, saved);
    if (rc != 0) return -1;
    c->allow_app_listen[c->nallow_app_listen++] = (int)port;
  }
  return 0;
}

/* "trusted_proxies": ["10.0.0.0/8", "::1"] */
static int load_trusted(ctx *x, json_t *v) {
  if (!json_is_array(v))
    return fail(x, 0, "expected an array of address ranges like [\"10.0.0.0/8\"], got %s", GOT(v));
  shoal_config *c = x->c;
  size_t n = json_array_size(v);
  c->trusted_proxies = calloc(n + 1, sizeof *c->trusted_proxies);
  if (!c->trusted_proxies) return oom(x);
  for (size_t i = 0; i < n; i++) {
    size_t saved = push_index(x, i);
    json_t *e = json_array_get(v, i);
    cidr range;
    if (!json_is_string(e) || cidr_parse(json_string_value(e), &range) != 0)
      return fail(x, 0, "expected an address or range like \"10.0.0.0/8\" or \"::1\", got %s",
                  GOT(e));
    if (!(c->trusted_proxies[c->ntrusted++] = strdup(json_string_value(e)))) return oom(x);
    pop(x, saved);
  }
  return 0;
}

/* "watch": {"ignore": ["dist", "*.log"]} */
static int load_watch_ignore(ctx *x, json_t *list) {
  if (!json_is_array(list)) return fail(x, 0, "expected an array of patterns, got %s", GOT(list));
  shoal_config *c = x->c;
  size_t n = json_array_size(list);
  c->watch_ignore = calloc(n + 1, sizeof *c->watch_ignore);
  if (!c->watch_ignore) return oom(x);
  for (size_t i = 0; i < n; i++) {
    size_t saved = push_index(x, i);
    json_t *e = json_array_get(list, i);
    if (!json_is_string(e) || json_string_length(e) == 0)
      return fail(x, 0, "expected a file name pattern such as \"*.log\", got %s", GOT(e));
    if (!(c->watch_ignore[c->nwatch_ignore++] = strdup(json_string_value(e)))) return oom(x);
    pop(x, saved);
  }
  return 0;
}

/* The init message's values of the CONFIG_CUSTOM rows the workers consume
 * (config.h `encode`). */
static json_t *encode_app(const shoal_config *c) {
  return json_string(c->app);
}

static json_t *encode_limits(const shoal_config *c) {
  /* Every row, the master's own included: the protocol sends the config's
   * whole limits object. */
  json_t *o = json_object();
  for (size_t i = 0; o && i < NLIMITS; i++) {
    const config_limit_key *k = &config_limit_keys[i];
    const uint64_t *v = (const uint64_t *)((const char *)&c->limits + k->offset);
    json_object_set_new(o, k->name, json_integer((json_int_t)*v));
  }
  return o;
}

static json_t *encode_kernel(const shoal_config *c) {
  return json_boolean(c->balance == BALANCE_KERNEL);
}

static json_t *encode_access_log(const shoal_config *c) {
  return json_string(c->access_log);
}

static json_t *encode_health_path(const shoal_config *c) {
  return c->health_path ? json_string(c->health_path) : NULL;
}

static json_t *encode_trusted(const shoal_config *c) {
  if (c->ntrusted == 0) return NULL;
  json_t *list = json_array();
  for (size_t i = 0; list && i < c->ntrusted; i++)
    json_array_append_new(list, json_string(c->trusted_proxies[i]));
  return list;
}

/* The schema of the config (config.h): one row per key. WIRE is the init
 * message's member for a key the workers consume, or NULL. */
#define UINT_KEY(key, field, lo, hi, dflt, who, wire_name)                      \
  {                                                                             \
    .name = key, .type = CONFIG_UINT, .min = lo, .max = hi, .def = dflt,        \
    .offset = offsetof(shoal_config, field), .consumer = who, .wire = wire_name \
  }
#define ENUM_KEY(key, field, list, dflt, who, wire_name, fn)                                \
  {                                                                                         \
    .name = key, .type = CONFIG_ENUM, .def = dflt, .offset = offsetof(shoal_config, field), \
    .choices = list, .consumer = who, .wire = wire_name, .encode = fn                       \
  }
#define SECTION(key, description) \
  { .name = key, .type = CONFIG_SECTION, .what = description }
#define CUSTOM(key, fn, who, wire_name, encoder)                                        \
  {                                                                                     \
    .name = key, .type = CONFIG_CUSTOM, .load = fn, .consumer = who, .wire = wire_name, \
    .encode = encoder                                                                   \
  }
static const char *const balance_names[] = {"least-busy", "round-robin", "kernel", NULL};
static const char *const log_format_names[] = {"json", "combined", NULL};
_Static_assert(sizeof(shoal_balance) == sizeof(int) && sizeof(shoal_log_format) == sizeof(int),
               "CONFIG_ENUM fields are int-sized");
const config_key config_keys[] = {
    CUSTOM("app", load_app, CONFIG_WORKER, "app", encode_app),
    CUSTOM("workers", load_workers, CONFIG_MASTER, NULL, NULL),
    /* the master binds, workers load TLS: from the "listeners" workers.c builds */
    CUSTOM("listen", load_listen, CONFIG_BOTH, NULL, NULL),
    SECTION("control", "an object like {\"socket\": \"shoal.sock\"}"),
    CUSTOM("control.socket", load_control_socket, CONFIG_MASTER, NULL, NULL),
    CUSTOM("control.group", load_control_group, CONFIG_MASTER, NULL, NULL),
    ENUM_KEY("balance", balance, balance_names, BALANCE_LEAST_BUSY, CONFIG_BOTH, "kernel",
             encode_kernel),
    CUSTOM("env", load_env, CONFIG_WORKER, NULL, NULL), /* the worker's environment */
    CUSTOM("limits", load_limits, CONFIG_BOTH, "limits", encode_limits), /* config_limit_keys */
    UINT_KEY("watchdog_ms", watchdog_ms, 1, MS_MAX, 30000, CONFIG_BOTH, "watchdog_ms"),
    UINT_KEY("ready_timeout_ms", ready_timeout_ms, 1, MS_MAX, 10000, CONFIG_MASTER, NULL),
    UINT_KEY("drain_ms", drain_ms, 1, MS_MAX, 30000, CONFIG_MASTER, NULL),
    SECTION("log", "an object like {\"access\": \"stdout\", \"format\": \"json\"}"),
    CUSTOM("log.access", load_log_access, CONFIG_WORKER, "access_log", encode_access_log),
    ENUM_KEY("log.format", log_format, log_format_names, LOG_FORMAT_JSON, CONFIG_WORKER,
             "log_format", NULL),
    UINT_KEY("log.slow_ms", log_slow_ms, 0, MS_MAX, 0, CONFIG_WORKER, "log_slow_ms"),
    CUSTOM("user", load_user, CONFIG_MASTER, NULL, NULL),
    CUSTOM("group", load_group, CONFIG_MASTER, NULL, NULL),
    SECTION("health", "an object like {\"path\": \"/healthz\"}"),
    CUSTOM("health.path", load_health_path, CONFIG_WORKER, "health", encode_health_path),
    SECTION("metrics", "an object like {\"listen\": \"127.0.0.1:9100\"}"),
    CUSTOM("metrics.listen", load_metrics_listen, CONFIG_MASTER, NULL, NULL),
    CUSTOM("allow_app_listen", load_allow_app_listen, CONFIG_MASTER, NULL, NULL),
    CUSTOM("trusted_proxies", load_trusted, CONFIG_WORKER, "trusted_proxies", encode_trusted),
    SECTION("watch", "an object like {\"ignore\": [\"dist\", \"*.log\"]}"),
    CUSTOM("watch.ignore", load_watch_ignore, CONFIG_MASTER, NULL, NULL),
};
#define NKEYS (sizeof config_keys / sizeof config_keys[0])
const size_t config_nkeys = NKEYS;

/* The member name of row K within SECTION ("" for the top level), or NULL
 * when K is not a direct member of it. */
static const char *member_of(const config_key *k, const char *section) {
  size_t n = strlen(section);
  if (n == 0) return strchr(k->name, '.') ? NULL : k->name;
  if (strncmp(k->name, section, n) != 0 || k->name[n] != '.') return NULL;
  return strchr(k->name + n + 1, '.') ? NULL : k->name + n + 1;
}

/* "expected "a", "b" or "c", got ..." */
static int load_enum(ctx *x, const config_key *k, json_t *v) {
  const char *s = json_is_string(v) ? json_string_value(v) : "";
  char list[256];
  size_t n = 0;
  for (int i = 0; k->choices[i]; i++) {
    if (strcmp(s, k->choices[i]) == 0) {
      *(int *)((char *)x->c + k->offset) = i;
      return 0;
    }
    const char *sep = i == 0 ? "" : k->choices[i + 1] ? ", " : " or ";
    n += (size_t)snprintf(list + n, n < sizeof list ? sizeof list - n : 0, "%s\"%s\"", sep,
                          k->choices[i]);
  }
  return fail(x, 0, "expected %s, got %s", list, GOT(v));
}

static int load_members(ctx *x, json_t *obj, const char *section);

static int load_key(ctx *x, const config_key *k, json_t *v) {
  switch (k->type) {
    case CONFIG_UINT: return get_uint(x, v, k->min, k->max, (uint64_t *)((char *)x->c + k->offset));
    case CONFIG_ENUM: return load_enum(x, k, v);
    case CONFIG_SECTION:
      if (want_object(x, v, k->what) != 0) return -1;
      return load_members(x, v, k->name);
    case CONFIG_CUSTOM: return k->load(x, v);
  }
  return -1;
}

/* The members of OBJ, the top level ("") or a section: the schema's keys
 * only, each loaded through its row. */
static int load_members(ctx *x, json_t *obj, const char *section) {
  const char *names[NKEYS + 1];
  const config_key *rows[NKEYS];
  size_t n = 0;
  for (size_t i = 0; i < NKEYS; i++) {
    const char *m = member_of(&config_keys[i], section);
    if (m) {
      rows[n] = &config_keys[i];
      names[n++] = m;
    }
  }
  names[n] = NULL;
  if (check_keys(x, obj, names) != 0) return -1;
  const char *key;
  json_t *v;
  json_object_foreach(obj, key, v) {
    for (size_t i = 0; i < n; i++) {
      if (strcmp(key, names[i]) != 0) continue;
      size_t saved = push_key(x, key);
      int rc = load_key(x, rows[i], v);
      pop(x, saved);
      if (rc != 0) return -1;
    }
  }
  return 0;
}

static int load_top(ctx *x, json_t *root) {
  if (!json_is_object(root))
    return fail(x, 0, "the config must be a JSON object, got %s", GOT(root));
  return load_members(x, root, "");
}

/* ------------------------------------------------------------------ */
/* public API                                                          */

void config_init_defaults(shoal_config *c) {
  memset(c, 0, sizeof *c);
  c->workers = workers_auto(c->workers_source, sizeof c->workers_source);
  for (size_t i = 0; i < NKEYS; i++) {
    const config_key *k = &config_keys[i];
    if (k->type == CONFIG_UINT) *(uint64_t *)((char *)c + k->offset) = k->def;
    else if (k->type == CONFIG_ENUM) *(int *)((char *)c + k->offset) = (int)k->def;
  }
  for (size_t i = 0; i < NLIMITS; i++) {
    *config_limit(&c->limits, &config_limit_keys[i]) = config_limit_keys[i].def;
  }
}

static json_t *encode_row(const shoal_config *c, const config_key *k) {
  if (k->encode) return k->encode(c);
  const char *field = (const char *)c + k->offset;
  if (k->type == CONFIG_UINT) return json_integer((json_int_t) * (const uint64_t *)field);
  if (k->type == CONFIG_ENUM) return json_string(k->choices[*(const int *)field]);
  return NULL;
}

json_t *config_worker_json(const shoal_config *c) {
  json_t *o = json_object();
  for (size_t i = 0; o && i < NKEYS; i++) {
    if (!config_keys[i].wire) continue;
    json_t *v = encode_row(c, &config_keys[i]);
    if (v) json_object_set_new(o, config_keys[i].wire, v);
  }
  return o;
}

void config_free(shoal_config *c) {
  if (!c) return;
  free(c->path);
  for (size_t i = 0; i < c->ntrusted; i++) free(c->trusted_proxies[i]);
  for (size_t i = 0; i < c->nwatch_ignore; i++) free(c->watch_ignore[i]);
  free(c->watch_ignore);
  free(c->trusted_proxies);
  free(c->dir);
  free(c->app);
  for (size_t i = 0; i < c->nlisten; i++) {
    shoal_listen *l = &c->listen[i];
    free(l->host);
    for (size_t j = 0; j < l->ntls; j++) {
      free(l->tls[j].cert);
      free(l->tls[j].key);
      free(l->tls[j].ca);
      free(l->tls[j].servername);
    }
    free(l->tls);
  }
  free(c->listen);
  free(c->control_socket);
  free(c->user);
  free(c->group);
  free(c->health_path);
  free(c->metrics_listen);
  for (size_t i = 0; i < c->nenv; i++) free(c->env[i]);
  free(c->env);
  free(c->access_log);
  free(c->control_group);
  free(c->allow_app_listen);
  config_init_defaults(c);
}

/* Reads a whole file; returns a malloc'd buffer (NUL-terminated) or NULL
 * with errno set. */
static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    if (n + 1 >= cap) {
      if (cap >= CONFIG_MAX_BYTES) {
        free(buf);
        fclose(f);
        errno = EFBIG;
        return NULL;
      }
      char *nb = realloc(buf, cap * 2);
      if (!nb) break;
      buf = nb;
      cap *= 2;
    }
    size_t got = fread(buf + n, 1, cap - 1 - n, f);
    n += got;
    if (got == 0) {
      if (ferror(f)) {
        int e = errno;
        free(buf);
        fclose(f);
        errno = e ? e : EIO;
        return NULL;
      }
      buf[n] = 0;
      fclose(f);
      *len = n;
      return buf;
    }
  }
  free(buf);
  fclose(f);
  errno = ENOMEM;
  return NULL;
}

/* CHECK_APP (for `shoal check`): also require `app` and that it is a
 * readable file, reporting at its position. */
static int load_impl(const char *path, shoal_config *out, char *err, size_t errlen, int check_app) {
  config_init_defaults(out);
  size_t len = 0;
  char *text = read_file(path, &len);
  if (!text) {
    set_err(err, errlen, "%s: cannot read: %s", path, strerror(errno));
    return -1;
  }
  const char *body = text;
  if (len >= 3 && memcmp(body, "\xEF\xBB\xBF", 3) == 0) { /* a UTF-8 byte-order mark */
    body += 3;
    len -= 3;
  }
  json_error_t jerr;
  json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
  if (!root) {
    /* jansson quotes the offending input ("invalid escape near '"\<newline>'"):
     * keep the message on one line, control characters escaped. */
    char msg[4 * JSON_ERROR_TEXT_LENGTH];
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)jerr.text; *p && n + 5 < sizeof msg; p++) {
      if (*p == '\n') n += (size_t)snprintf(msg + n, sizeof msg - n, "\\n");
      else if (*p == '\t') n += (size_t)snprintf(msg + n, sizeof msg - n, "\\t");
      else if (*p == '\r') n += (size_t)snprintf(msg + n, sizeof msg - n, "\\r");
      else if (*p < 0x20 || *p == 0x7f)
        n += (size_t)snprintf(msg + n, sizeof msg - n, "\\x%02x", *p);
      else msg[n++] = (char)*p;
    }
    msg[n] = 0;
    set_err(err, errlen, "%s:%d:%d: %s", path, jerr.line < 1 ? 1 : jerr.line,
            jerr.column < 1 ? 1 : jerr.column, msg);
    free(text);
    return -1;
  }
  ctx x = {.file = path, .c = out, .err = err, .errlen = errlen};
  x.pos = jsonpos_scan(body, len);
  int rc = 0;
  char *cwd = get_cwd();
  out->path = abs_path(cwd, path);
  out->dir = out->path ? dir_of(out->path) : NULL;
  free(cwd);
  if (!out->path || !out->dir) rc = oom(&x);
  if (rc == 0) rc = load_top(&x, root);
  if (rc == 0 && !out->control_socket) {
    out->control_socket = abs_path(out->dir, "shoal.sock");
    if (!out->control_socket) rc = oom(&x);
  }
  if (rc == 0 && !out->access_log) {
    out->access_log = strdup("stdout");
    if (!out->access_log) rc = oom(&x);
  }
  if (rc == 0 && check_app) {
    json_t *app = json_object_get(root, "app");
    if (!app) {
      rc = fail(&x, 0, "app: missing (the application's entry file)");
    } else {
      size_t saved = push_key(&x, "app");
      rc = get_path(&x, app, 1, &out->app);
      pop(&x, saved);
    }
  }
  if (rc == 0 && check_app) {
    /* the default socket is only known now */
    size_t saved = push_key(&x, "control");
    json_t *ctl = json_object_get(root, "control");
    if (!ctl || !json_object_get(ctl, "socket")) rc = check_socket_len(&x, out->control_socket);
    pop(&x, saved);
  }
  jsonpos_free(x.pos);
  json_decref(root);
  free(text);
  if (rc != 0) config_free(out);
  return rc;
}

int config_load(const char *path, shoal_config *out, char *err, size_t errlen) {
  return load_impl(path, out, err, errlen, 0);
}

static int parse_workers(const char *s, int *out, char *why, size_t whylen) {
  if (strcmp(s, "auto") == 0) {
    *out = workers_auto(why, whylen);
    return 0;
  }
  snprintf(why, whylen, "--workers");
  if (!*s || strlen(s) > 5) return -1;
  int n = 0;
  for (const char *p = s; *p; p++) {
    if (*p < '0' || *p > '9') return -1;
    n = n * 10 + (*p - '0');
  }
  if (n < 1 || n > WORKERS_MAX) return -1;
  *out = n;
  return 0;
}

/* [HOST:]PORT, HOST being an IP literal ("[::1]" for IPv6) or "localhost". */
static int parse_listen(const char *s, char *host, size_t cap, int *port) {
  const char *p = s;
  const char *colon = strrchr(s, ':');
  char h[128] = "0.0.0.0";
  if (colon) {
    size_t hl = (size_t)(colon - s);
    if (hl >= sizeof h) return -1;
    if (hl > 0) {
      memcpy(h, s, hl);
      h[hl] = 0;
      /* a bare IPv6 address is ambiguous: require brackets */
      if (strchr(h, ':') && h[0] != '[') return -1;
    }
    p = colon + 1;
  }
  if (!*p || strlen(p) > 5) return -1;
  int n = 0;
  for (const char *q = p; *q; q++) {
    if (*q < '0' || *q > '9') return -1;
    n = n * 10 + (*q - '0');
  }
  if (n < 1 || n > 65535) return -1;
  if (!canon_host(h, host, cap)) return -1;
  *port = n;
  return 0;
}

int config_override(shoal_config *c, const char *workers, const char *app, const char *listen,
                    char *err, size_t errlen) {
  int nworkers = c->workers;
  char why[sizeof c->workers_source];
  if (workers && parse_workers(workers, &nworkers, why, sizeof why) != 0) {
    set_err(err, errlen, "--workers: expected a number from 1 to %d or \"auto\", got \"%s\"",
            WORKERS_MAX, workers);
    return -1;
  }
  char host[128];
  int port = 0;
  if (listen && parse_listen(listen, host, sizeof host, &port) != 0) {
    set_err(err, errlen,
            "--listen: expected [HOST:]PORT with a port from 1 to 65535 (8080, 127.0.0.1:8080, "
            "[::1]:8080), got \"%s\"",
            listen);
    return -1;
  }
  if (app && !*app) {
    set_err(err, errlen, "--app: expected a file name, got \"\"");
    return -1;
  }
  char *newapp = NULL;
  shoal_listen *newlisten = NULL;
  if (app) {
    char *cwd = get_cwd();
    newapp = cwd ? abs_path(cwd, app) : NULL;
    free(cwd);
    if (!newapp) goto oom;
  }
  if (listen) {
    newlisten = calloc(1, sizeof *newlisten);
    if (!newlisten) goto oom;
    newlisten->host = strdup(host);
    if (!newlisten->host) goto oom;
    newlisten->port = port;
  }
  c->workers = nworkers;
  if (workers) memcpy(c->workers_source, why, sizeof why);
  if (newapp) {
    free(c->app);
    c->app = newapp;
  }
  if (newlisten) {
    shoal_config old = {.listen = c->listen, .nlisten = c->nlisten};
    config_free(&old);
    c->listen = newlisten;
    c->nlisten = 1;
  }
  return 0;
oom:
  free(newapp);
  if (newlisten) free(newlisten->host);
  free(newlisten);
  set_err(err, errlen, "out of memory");
  return -1;
}

/* Opens PATH for reading as uid/gid in a child (the master keeps its
 * identity); returns 0 or the errno the workers would get. */
static int readable_as(const char *path, uid_t uid, gid_t gid) {
  pid_t pid = fork();
  if (pid < 0) return errno;
  if (pid == 0) {
    if (setgroups(0, NULL) != 0 || setgid(gid) != 0 || setuid(uid) != 0) _exit(EPERM);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    _exit(fd < 0 ? (errno & 0xff) : 0);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) continue;
  return WIFEXITED(status) ? WEXITSTATUS(status) : EIO;
}

/* The files the workers open themselves (the app, TLS certificates and
 * keys) must be readable by the workers' user: checked as that user, so a
 * key only root can read fails `shoal check`, start and reload instead of
 * every handshake. Only meaningful when this process may switch users. */
static int check_worker_access(shoal_config *c, char *err, size_t errlen) {
  if ((!c->user && !c->group) || geteuid() != 0) return 0;
  struct passwd *pw = c->user ? getpwnam(c->user) : NULL;
  struct group *gr = c->group ? getgrnam(c->group) : NULL;
  uid_t uid = pw ? pw->pw_uid : geteuid();
  gid_t gid = gr ? gr->gr_gid : pw ? pw->pw_gid : getegid();
  const char *who = c->user ? c->user : c->group;
  int e = readable_as(c->app, uid, gid);
  if (e) {
    set_err(err, errlen, "app: the workers' user %s cannot read %s: %s", who, c->app, strerror(e));
    return -1;
  }
  for (size_t i = 0; i < c->nlisten; i++) {
    for (size_t k = 0; k < c->listen[i].ntls; k++) {
      shoal_tls_cert *t = &c->listen[i].tls[k];
      const char *files[][2] = {{"cert", t->cert}, {"key", t->key}, {"ca", t->ca}};
      for (size_t f = 0; f < 3; f++) {
        if (!files[f][1] || (e = readable_as(files[f][1], uid, gid)) == 0) continue;
        set_err(err, errlen, "listen[%zu].tls.%s: the workers' user %s cannot read %s: %s", i,
                files[f][0], who, files[f][1], strerror(e));
        return -1;
      }
    }
  }
  return 0;
}

/* limits.heap_mb not in the config: shared out of the cgroup's memory. */
static void default_heap(shoal_config *c) {
  if (c->heap_mb_set) {
    snprintf(c->heap_source, sizeof c->heap_source, "config");
    return;
  }
  cgroup_info ci;
  cgroup_read(&ci);
  c->limits.heap_mb = cgroup_default_heap_mb(&ci, c->workers, HEAP_MB_DEFAULT, c->heap_source,
                                             sizeof c->heap_source);
}

int config_finish(shoal_config *c, char *err, size_t errlen) {
  default_heap(c);
  if (!c->dir) {
    c->dir = get_cwd();
    if (!c->dir) goto oom;
  }
  if (!c->control_socket) {
    c->control_socket = abs_path(c->dir, "shoal.sock");
    if (!c->control_socket) goto oom;
  }
  if (!c->access_log) {
    c->access_log = strdup("stdout");
    if (!c->access_log) goto oom;
  }
  if (!c->app) {
    if (c->path)
      set_err(err, errlen, "no app to run: set \"app\" in %s or pass --app FILE", c->path);
    else set_err(err, errlen, "no app to run: pass --app FILE or a config file with \"app\"");
    return -1;
  }
  struct stat st;
  if (stat(c->app, &st) != 0 || access(c->app, R_OK) != 0) {
    set_err(err, errlen, "cannot read app %s: %s", c->app, strerror(errno));
    return -1;
  }
  if (S_ISDIR(st.st_mode)) {
    set_err(err, errlen, "app %s is a directory, expected a file", c->app);
    return -1;
  }
  size_t max = sizeof(((struct sockaddr_un *)0)->sun_path) - 1;
  if (strlen(c->control_socket) > max) {
    set_err(err, errlen,
            "control socket path too long for a Unix socket (%zu bytes, at most %zu): %s; set "
            "control.socket to a shorter path",
            strlen(c->control_socket), max, c->control_socket);
    return -1;
  }
  return check_worker_access(c, err, errlen);
oom:
  set_err(err, errlen, "out of memory");
  return -1;
}

/* ------------------------------------------------------------------ */
/* shoal check CONFIG                                                  */

static void check_usage(FILE *out) {
  fprintf(out,
          "usage: shoal check CONFIG\n"
          "\n"
          "Validates a cluster config: prints \"CONFIG: ok\", or FILE:LINE:COL: message\n"
          "and exits 1.\n");
}

int config_check_main(int argc, char **argv) {
  /* accept the whole command line too: shoal check CONFIG */
  if (argc >= 2 && strcmp(argv[0], "check") != 0 && strcmp(argv[1], "check") == 0) {
    argc--;
    argv++;
  }
  if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
    check_usage(stdout);
    return 0;
  }
  if (argc != 2 || (argv[1][0] == '-' && argv[1][1] != 0)) {
    check_usage(stderr);
    return 2;
  }
  const char *file = argv[1];
  char err[2048];
  shoal_config c;
  if (load_impl(file, &c, err, sizeof err, 1) != 0) {
    fprintf(stderr, "%s\n", err);
    return 1;
  }
  if (config_finish(&c, err, sizeof err) != 0) {
    fprintf(stderr, "%s: %s\n", file, err);
    config_free(&c);
    return 1;
  }
  config_free(&c);
  printf("%s: ok\n", file);
  return 0;
}
