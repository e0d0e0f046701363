/* unit_test.h: what the C unit tests (tests/unit, tests/config/config_unit.c)
 * share, header-only as each test is one program: CHECK counts a failed
 * condition and names its line on stderr; unit_finish prints the harness's
 * result line ("ok   NAME", or "FAIL NAME: N check(s) failed", the
 * convention of tests/lib/shoaltest.py) and returns the exit status. */
#ifndef SHOAL_TESTS_UNIT_TEST_H
#define SHOAL_TESTS_UNIT_TEST_H

#include <stdio.h>

static int unit_failures;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      unit_failures++;                                                         \
    }                                                                          \
  } while (0)

static inline int unit_finish(const char *name) {
  if (unit_failures) {
    fflush(stderr);
    printf("FAIL %s: %d check(s) failed\n", name, unit_failures);
    return 1;
  }
  printf("ok   %s\n", name);
  return 0;
}

#endif
