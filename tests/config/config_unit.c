/* Unit tests of master/config.c beyond `shoal check`: the values a config
 * loads to, command-line overrides, config_finish and the init message's
 * members (config_worker_json).
 *   config_unit DIR    DIR = tests/config (holds good/ and fixtures/)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>
#include <uv.h>

#include "config.h"
#include "unit_test.h"

#define CHECK_STR(a, b)                                                                 \
  do {                                                                                  \
    const char *a_ = (a), *b_ = (b);                                                    \
    if (!a_ || strcmp(a_, b_) != 0) {                                                   \
      fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #a, \
              a_ ? a_ : "(null)", b_);                                                  \
      unit_failures++;                                                                  \
    }                                                                                   \
  } while (0)

static int ends_with(const char *s, const char *suffix) {
  size_t a = s ? strlen(s) : 0, b = strlen(suffix);
  return s && a >= b && strcmp(s + a - b, suffix) == 0;
}

static int cpus(void) {
  unsigned n = uv_available_parallelism();
  return n < 1 ? 1 : n > 1024 ? 1024 : (int)n;
}

/* The init message's config members (config_worker_json) for
 * good/everything.json: the same members and values the master always
 * sent (ipc/PROTOCOL.md). */
static void check_worker_json(const shoal_config *c) {
  json_t *o = config_worker_json(c);
  CHECK(o && json_object_size(o) == 7);
  CHECK_STR(json_string_value(json_object_get(o, "app")), c->app);
  CHECK(json_is_true(json_object_get(o, "kernel")));
  CHECK_STR(json_string_value(json_object_get(o, "access_log")), c->access_log);
  CHECK_STR(json_string_value(json_object_get(o, "log_format")), "combined");
  CHECK(json_integer_value(json_object_get(o, "log_slow_ms")) == 500);
  CHECK(json_integer_value(json_object_get(o, "watchdog_ms")) == 30000);
  json_t *limits = json_object_get(o, "limits");
  CHECK(json_object_size(limits) == config_nlimit_keys);
  CHECK(json_integer_value(json_object_get(limits, "request_cpu_ms")) == 250);
  CHECK(json_integer_value(json_object_get(limits, "header_bytes")) == 16384);
  CHECK(!json_object_get(o, "health") && !json_object_get(o, "trusted_proxies"));
  json_decref(o);
}

static void test_everything(void) {
  shoal_config c;
  char err[2048] = "";
  if (config_load("good/everything.json", &c, err, sizeof err) != 0) {
    fprintf(stderr, "everything.json: %s\n", err);
    unit_failures++;
    return;
  }
  CHECK(c.path && c.path[0] == '/' && ends_with(c.path, "/tests/config/good/everything.json"));
  CHECK(ends_with(c.dir, "/tests/config/good"));
  CHECK(ends_with(c.app, "/tests/config/fixtures/app.js") && !strstr(c.app, ".."));
  CHECK(c.workers == cpus());
  CHECK(c.nlisten == 4);
  if (c.nlisten == 4) {
    CHECK_STR(c.listen[0].host, "0.0.0.0");
    CHECK(c.listen[0].port == 8080 && c.listen[0].tls == NULL && c.listen[0].ntls == 0);
    CHECK_STR(c.listen[1].host, "::1");
    CHECK_STR(c.listen[2].host, "127.0.0.1");
    CHECK(c.listen[2].port == 8081);
    CHECK_STR(c.listen[3].host, "::");
    CHECK(c.listen[3].ntls == 3);
    if (c.listen[3].ntls == 3) {
      shoal_tls_cert *t = c.listen[3].tls;
      CHECK(ends_with(t[0].cert, "/tests/config/fixtures/cert.pem"));
      CHECK(ends_with(t[0].key, "/tests/config/fixtures/key.pem"));
      CHECK(t[0].ca == NULL && t[0].servername == NULL);
      CHECK(ends_with(t[1].ca, "/tests/config/fixtures/ca.pem"));
      CHECK_STR(t[1].servername, "api.example.com");
      CHECK_STR(t[2].servername, "*.example.com");
    }
  }
  CHECK_STR(c.control_socket, "/tmp/shoal-config-test.sock");
  CHECK(c.balance == BALANCE_KERNEL);
  CHECK(c.nenv == 3);
  if (c.nenv == 3) {
    CHECK_STR(c.env[0], "NODE_ENV=production");
    CHECK_STR(c.env[1], "PORT=8080");
    CHECK_STR(c.env[2], "EMPTY=");
  }
  CHECK(c.limits.request_cpu_ms == 250 && c.limits.max_requests == 100000);
  CHECK(c.limits.heap_mb == 16);
  CHECK(c.limits.header_bytes == 16384 && c.limits.body_bytes == 10485760);
  CHECK(c.limits.header_timeout_ms == 10000 && c.limits.idle_timeout_ms == 5000);
  CHECK(c.limits.h2_max_streams == 100);
  CHECK(c.watchdog_ms == 30000 && c.ready_timeout_ms == 10000 && c.drain_ms == 30000);
  CHECK(ends_with(c.access_log, "/tests/config/fixtures/access.log"));
  CHECK(c.log_format == LOG_FORMAT_COMBINED && c.log_slow_ms == 500);
  CHECK(config_finish(&c, err, sizeof err) == 0);
  check_worker_json(&c);
  config_free(&c);
  CHECK(c.app == NULL && c.nlisten == 0);
  config_free(&c); /* twice is harmless */
}

static void test_minimal_defaults(void) {
  shoal_config c;
  char err[2048] = "";
  if (config_load("good/minimal.json", &c, err, sizeof err) != 0) {
    fprintf(stderr, "minimal.json: %s\n", err);
    unit_failures++;
    return;
  }
  CHECK(c.workers == cpus());
  CHECK(c.nlisten == 0 && c.listen == NULL);
  CHECK(c.nenv == 0);
  CHECK(ends_with(c.control_socket, "/tests/config/good/shoal.sock"));
  CHECK_STR(c.access_log, "stdout");
  CHECK(c.balance == BALANCE_LEAST_BUSY && c.log_format == LOG_FORMAT_JSON && c.log_slow_ms == 0);
  CHECK(c.limits.heap_mb == 512 && c.limits.request_cpu_ms == 0 && c.limits.max_requests == 0);

  /* overrides */
  CHECK(config_override(&c, "3", NULL, NULL, err, sizeof err) == 0 && c.workers == 3);
  CHECK(config_override(&c, "auto", NULL, NULL, err, sizeof err) == 0 && c.workers == cpus());
  const char *bad_workers[] = {"0", "1025", "abc", "", "-1", "2.5", "99999999999"};
  for (size_t i = 0; i < sizeof bad_workers / sizeof *bad_workers; i++) {
    err[0] = 0;
    CHECK(config_override(&c, bad_workers[i], NULL, NULL, err, sizeof err) == -1);
    CHECK(strncmp(err, "--workers: ", 11) == 0);
  }
  CHECK(c.workers == cpus());

  struct {
    const char *arg, *host;
    int port;
  } good[] = {
      {"8080", "0.0.0.0", 8080},         {":8081", "0.0.0.0", 8081},
      {"127.0.0.1:80", "127.0.0.1", 80}, {"[::1]:9000", "::1", 9000},
      {"[::]:443", "::", 443},           {"localhost:3000", "127.0.0.1", 3000},
  };
  for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
    CHECK(config_override(&c, NULL, NULL, good[i].arg, err, sizeof err) == 0);
    CHECK(c.nlisten == 1);
    CHECK_STR(c.listen[0].host, good[i].host);
    CHECK(c.listen[0].port == good[i].port && c.listen[0].tls == NULL);
  }
  const char *bad_listen[] = {"",    "0",     "65536",   "::1:80", "example.com:80",
                              "80a", "[::1]", "1.2.3.4:"};
  for (size_t i = 0; i < sizeof bad_listen / sizeof *bad_listen; i++) {
    err[0] = 0;
    CHECK(config_override(&c, NULL, NULL, bad_listen[i], err, sizeof err) == -1);
    CHECK(strncmp(err, "--listen: ", 10) == 0);
  }
  CHECK(c.nlisten == 1 && c.listen[0].port == 3000);

  /* --app is relative to the working directory, not the config's folder */
  CHECK(config_override(&c, NULL, "fixtures/app.js", NULL, err, sizeof err) == 0);
  CHECK(ends_with(c.app, "/tests/config/fixtures/app.js"));
  CHECK(config_finish(&c, err, sizeof err) == 0);
  CHECK(config_override(&c, NULL, "fixtures/missing.js", NULL, err, sizeof err) == 0);
  CHECK(config_finish(&c, err, sizeof err) == -1 && strstr(err, "missing.js") != NULL);
  CHECK(config_override(&c, NULL, "fixtures", NULL, err, sizeof err) == 0);
  CHECK(config_finish(&c, err, sizeof err) == -1 && strstr(err, "is a directory") != NULL);
  config_free(&c);
}

static void test_no_config(void) {
  shoal_config c;
  char err[2048] = "";
  config_init_defaults(&c);
  CHECK(c.path == NULL && c.app == NULL && c.workers == cpus());
  CHECK(config_finish(&c, err, sizeof err) == -1 && strstr(err, "--app") != NULL);
  config_free(&c);

  config_init_defaults(&c);
  CHECK(config_override(&c, "2", "./fixtures/../fixtures/app.js", "9090", err, sizeof err) == 0);
  CHECK(config_finish(&c, err, sizeof err) == 0);
  char cwd[4096];
  CHECK(getcwd(cwd, sizeof cwd) != NULL);
  CHECK_STR(c.dir, cwd);
  CHECK(ends_with(c.control_socket, "/tests/config/shoal.sock"));
  CHECK(ends_with(c.app, "/tests/config/fixtures/app.js") && !strstr(c.app, ".."));
  CHECK_STR(c.access_log, "stdout");
  CHECK(c.workers == 2 && c.nlisten == 1 && c.listen[0].port == 9090);
  config_free(&c);
}

static void test_load_error(void) {
  shoal_config c;
  char err[2048] = "";
  CHECK(config_load("bad/listen_duplicate.json", &c, err, sizeof err) == -1);
  CHECK_STR(err,
            "bad/listen_duplicate.json:5:5: listen[2]: duplicate listener 0.0.0.0:8080 (also "
            "listen[0])");
  CHECK(c.listen == NULL && c.nlisten == 0 && c.path == NULL);
  config_free(&c);
  /* config_load does not require the app: --app may still come */
  CHECK(config_load("bad/app_absent.json", &c, err, sizeof err) == 0);
  CHECK(c.app == NULL && c.workers == 2);
  config_free(&c);
  CHECK(config_load("bad/no-such-file.json", &c, err, sizeof err) == -1);
  CHECK_STR(err, "bad/no-such-file.json: cannot read: No such file or directory");
  /* a tiny error buffer is never overrun */
  char small[8];
  CHECK(config_load("bad/workers_zero.json", &c, small, sizeof small) == -1);
  CHECK(strlen(small) == 7);
}

/* The schema (config_keys): unique names, every member's section is a
 * section row, config_init_defaults gives each row's default. */
static void test_schema(void) {
  shoal_config c;
  config_init_defaults(&c);
  for (size_t i = 0; i < config_nkeys; i++) {
    const config_key *k = &config_keys[i];
    for (size_t j = 0; j < i; j++) CHECK(strcmp(config_keys[j].name, k->name) != 0);
    const char *dot = strrchr(k->name, '.');
    if (dot) {
      bool found = false;
      for (size_t j = 0; j < config_nkeys; j++)
        found |= config_keys[j].type == CONFIG_SECTION &&
                 strlen(config_keys[j].name) == (size_t)(dot - k->name) &&
                 strncmp(config_keys[j].name, k->name, (size_t)(dot - k->name)) == 0;
      CHECK(found);
    }
    if (k->type == CONFIG_UINT) {
      CHECK(k->min <= k->def && k->def <= k->max);
      CHECK(*(uint64_t *)((char *)&c + k->offset) == k->def);
    }
    if (k->type == CONFIG_ENUM) {
      CHECK(k->choices && k->choices[k->def]);
      CHECK(*(int *)((char *)&c + k->offset) == (int)k->def);
    }
    CHECK(k->type != CONFIG_CUSTOM || k->load);
    CHECK(!k->wire || k->consumer != CONFIG_MASTER);
    CHECK(!k->wire || k->type != CONFIG_CUSTOM || k->encode);
    CHECK(k->type != CONFIG_SECTION || k->what);
  }
  CHECK(c.watchdog_ms == 30000 && c.ready_timeout_ms == 10000 && c.drain_ms == 30000);
  CHECK(c.balance == BALANCE_LEAST_BUSY && c.log_format == LOG_FORMAT_JSON);
}

int main(int argc, char **argv) {
  if (argc != 2 || chdir(argv[1]) != 0) {
    fprintf(stderr, "usage: config_unit TESTS/CONFIG/DIR\n");
    return 2;
  }
  test_schema();
  test_everything();
  test_minimal_defaults();
  test_no_config();
  test_load_error();
  return unit_finish("config_unit");
}
