/* cli: Node's command line (see cli.h). */
#include "cli.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Options given to V8 as they are (the prefix of the option's name). */
static const char *const v8_options[] = {
    "--expose-gc",
    "--expose_gc",
    "--max-old-space-size",
    "--max_old_space_size",
    "--max-semi-space-size",
    "--stack-size",
    "--stack_size",
    "--harmony",
    "--allow-natives-syntax",
    "--jitless",
    "--no-opt",
    "--always-opt",
    "--random-seed",
    "--abort-on-uncaught-exception",
};

/* Options followed by a separate value. */
static const char *const with_value[] = {
    "-e",
    "--eval",
    "-p",
    "-pe",
    "--print",
    "-r",
    "--require",
    "--import",
    "--loader",
    "--experimental-loader",
    "--input-type",
    "--experimental-default-type",
    "--title",
    "-C",
    "--conditions",
    "--inspect-port",
    "--test-reporter",
    "--test-name-pattern",
    "--test-reporter-destination",
    "--test-concurrency",
    "--test-timeout",
    "--secure-heap",
    "--secure-heap-min",
};

static bool in_list(const char *opt, const char *const *list, size_t n, bool prefix) {
  for (size_t i = 0; i < n; i++) {
    size_t len = strlen(list[i]);
    if (prefix ? strncmp(opt, list[i], len) == 0 : strcmp(opt, list[i]) == 0) return true;
  }
  return false;
}

static void add_v8_flag(runtime_cli *c, const char *flag) {
  size_t old = c->v8_flags ? strlen(c->v8_flags) : 0;
  char *p = realloc(c->v8_flags, old + strlen(flag) + 2);
  if (!p) return;
  if (old) p[old++] = ' ';
  strcpy(p + old, flag);
  c->v8_flags = p;
}

/* The value of option argv[*i] (`--x=v` or `--x v`), or NULL. */
static const char *value_of(int argc, char **argv, int *i) {
  const char *eq = strchr(argv[*i], '=');
  if (eq && argv[*i][1] == '-') return eq + 1;
  if (*i + 1 < argc) return argv[++*i];
  return NULL;
}

static int take_option(runtime_cli *c, int argc, char **argv, int *i) {
  const char *a = argv[*i];
  size_t name_len = strcspn(a, "=");
  char name[64];
  snprintf(name, sizeof name, "%.*s", (int)(name_len < 63 ? name_len : 63), a);
  c->exec_argv[c->exec_argc++] = argv[*i];
  if (in_list(a, v8_options, sizeof v8_options / sizeof v8_options[0], true)) {
    add_v8_flag(c, a);
    return 0;
  }
  if (!strcmp(a, "-v") || !strcmp(a, "--version")) {
    /* Node prints process.version and exits: the same as -p process.version. */
    c->eval = "process.version";
    c->print = true;
    return 0;
  }
  if (!in_list(name, with_value, sizeof with_value / sizeof with_value[0], false)) {
    if (a[1] != '-') {
      fprintf(stderr, "%s: bad option: %s\n", "shoal", a);
      return 9;
    }
    return 0;
  }
  const char *v = value_of(argc, argv, i);
  if (v == NULL) {
    fprintf(stderr, "shoal: %s requires an argument\n", name);
    return 9;
  }
  if (!(strchr(a, '=') && a[1] == '-')) c->exec_argv[c->exec_argc++] = argv[*i];
  if (!strcmp(name, "-e") || !strcmp(name, "--eval")) c->eval = v;
  else if (!strcmp(name, "-p") || !strcmp(name, "-pe") || !strcmp(name, "--print")) {
    c->eval = v;
    c->print = true;
  } else if (!strcmp(name, "--input-type")) c->input_type = v;
  else if (!strcmp(name, "-r") || !strcmp(name, "--require")) c->preload[c->npreload++] = (char *)v;
  else if (!strcmp(name, "--secure-heap")) c->secure_heap = strtoll(v, NULL, 10);
  else if (!strcmp(name, "--secure-heap-min")) c->secure_heap_min = strtoll(v, NULL, 10);
  return 0;
}

static bool power_of_2(long long n) {
  return (n & (n - 1)) == 0;
}

/* Node's checks of the secure heap options: both powers of 2, the minimum
 * clamped to [2, heap size]; every error printed, then status 9. */
static int check_secure_heap(runtime_cli *c) {
  int rc = 0;
  if (c->secure_heap < 2) return 0;
  if (!power_of_2(c->secure_heap)) {
    fprintf(stderr, "shoal: --secure-heap must be a power of 2\n");
    rc = 9;
  }
  long long min = c->secure_heap_min < c->secure_heap ? c->secure_heap_min : c->secure_heap;
  if (min > INT_MAX) min = INT_MAX;
  c->secure_heap_min = min < 2 ? 2 : min;
  if (!power_of_2(c->secure_heap_min)) {
    fprintf(stderr, "shoal: --secure-heap-min must be a power of 2\n");
    rc = 9;
  }
  return rc;
}

int cli_parse(int argc, char **argv, runtime_cli *c) {
  memset(c, 0, sizeof *c);
  c->secure_heap_min = 2;
  c->exec_argv = calloc((size_t)argc + 1, sizeof *c->exec_argv);
  c->preload = calloc((size_t)argc + 1, sizeof *c->preload);
  const char *env_flags = getenv("SHOAL_V8_FLAGS");
  if (env_flags && *env_flags) add_v8_flag(c, env_flags);
  int i = 0;
  for (; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--") == 0) {
      i++;
      break;
    }
    if (a[0] != '-' || a[1] == 0) break;
    int rc = take_option(c, argc, argv, &i);
    if (rc != 0) return rc;
  }
  c->args = argv + i;
  c->nargs = argc - i;
  return check_secure_heap(c);
}

void cli_free(runtime_cli *c) {
  free(c->exec_argv);
  free(c->preload);
  free(c->v8_flags);
}
