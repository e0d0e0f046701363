#ifndef SHOAL_MASTER_HELP_H
#define SHOAL_MASTER_HELP_H
/* help: `shoal help` and `shoal help COMMAND`. Static text only. */
#include <stdio.h>

void help_usage(FILE *out);
/* argv: the words after "help". Returns the exit code (2: unknown topic). */
int help_main(int argc, char **argv);
#endif
