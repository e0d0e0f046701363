/* fuzz_config: the cluster config loader (master/config.c, master/jsonpos.c)
 * and `shoal check`'s error report.
 *
 * The input is written to a config file in a private temporary folder (which
 * also holds an app.js, so that config_finish can succeed) and run through:
 *   config_load (+ config_override + config_finish when it loads) and
 *   config_free, then config_check_main with stdout/stderr captured.
 * Checked: no memory error or leak (ASan/LSan), and every error names the
 * file as "FILE:LINE:COL: message" with a line inside the input (or is
 * "FILE: cannot read: ..."), and `check` prints "FILE: ok" exactly when it
 * returns 0. */
#define _GNU_SOURCE
#include <ctype.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

static char dir[64];
static char path[128];

/* ALLOW_PLAIN: config_finish's errors (no position) are "FILE: message". */
static void check_located(const char *err, size_t lines, const char *where, int allow_plain) {
  size_t plen = strlen(path);
  if (strncmp(err, path, plen) != 0 || err[plen] != ':') {
    fprintf(stderr, "%s: error does not start with the file name: %s\n", where, err);
    abort();
  }
  const char *p = err + plen + 1;
  if (strncmp(p, " cannot read:", 13) == 0) return;
  if (allow_plain && p[0] == ' ' && p[1] && !isdigit((unsigned char)p[1])) return;
  char *end;
  long line = strtol(p, &end, 10);
  if (end == p || *end != ':') goto bad;
  p = end + 1;
  long col = strtol(p, &end, 10);
  if (end == p || *end != ':' || end[1] != ' ' || end[2] == 0) goto bad;
  if (line < 1 || col < 1 || (size_t)line > lines + 1) goto bad;
  return;
bad:
  fprintf(stderr, "%s: error is not FILE:LINE:COL: message (input has %zu lines): %s\n", where,
          lines, err);
  abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  snprintf(dir, sizeof dir, "/tmp/shoal-fuzz-config-XXXXXX");
  if (!mkdtemp(dir)) abort();
  snprintf(path, sizeof path, "%s/shoal.json", dir);
  char app[128];
  snprintf(app, sizeof app, "%s/app.js", dir);
  FILE *f = fopen(app, "w");
  if (!f) abort();
  fputs("module.exports = (req, res) => res.end('ok');\n", f);
  fclose(f);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FILE *f = fopen(path, "wb");
  if (!f) abort();
  if (size && fwrite(data, 1, size, f) != size) abort();
  fclose(f);
  size_t lines = 1;
  for (size_t i = 0; i < size; i++) lines += data[i] == '\n';

  char err[2048];
  shoal_config c;
  if (config_load(path, &c, err, sizeof err) != 0) {
    check_located(err, lines, "config_load", 0);
  } else {
    /* overrides and final checks, as `shoal start` applies them */
    if (config_override(&c, (size & 1) ? "auto" : "3", NULL,
                        (size & 2) ? "[::1]:8080" : "127.0.0.1:9000", err, sizeof err) == 0)
      (void)config_finish(&c, err, sizeof err);
  }
  config_free(&c);

  /* `shoal check FILE`, its output captured */
  char *out_text = NULL, *err_text = NULL;
  size_t out_len = 0, err_len = 0;
  FILE *out = open_memstream(&out_text, &out_len), *errs = open_memstream(&err_text, &err_len);
  FILE *saved_out = stdout, *saved_err = stderr;
  stdout = out;
  stderr = errs;
  char *argv[] = {"check", path, NULL};
  int rc = config_check_main(2, argv);
  stdout = saved_out;
  stderr = saved_err;
  fclose(out);
  fclose(errs);
  if (rc == 0) {
    char want[256];
    snprintf(want, sizeof want, "%s: ok\n", path);
    if (strcmp(out_text, want) != 0 || err_len != 0) {
      fprintf(stderr, "check returned 0 but printed: %s / %s\n", out_text, err_text);
      abort();
    }
  } else if (rc == 1) {
    if (err_len == 0 || err_text[err_len - 1] != '\n' ||
        memchr(err_text, '\n', err_len) != err_text + err_len - 1) {
      fprintf(stderr, "check returned 1 but did not print one line: [%s]\n", err_text);
      abort();
    }
    err_text[err_len - 1] = 0;
    check_located(err_text, lines, "check", 1);
  } else {
    fprintf(stderr, "check returned %d\n", rc);
    abort();
  }
  free(out_text);
  free(err_text);
  return 0;
}
