#ifndef SHOAL_MASTER_CTL_H
#define SHOAL_MASTER_CTL_H
/* ctl: the `shoal ctl` command, a client of the master's control socket. */

/* argv: the words after "ctl". Returns the process exit code. */
int ctl_main(int argc, char **argv);

/* For ctl_top.c (`ctl top`): */
#include <jansson.h>
#include <stddef.h>
/* Sends req on the connected socket fd and returns the master's {"ok":
 * true} reply (the caller frees it); progress lines go to stderr. NULL when
 * the master refused (said on stderr, *rc 1) or went away (*rc 3). */
json_t *ctl_exchange(int fd, json_t *req, int *rc);
/* 1536 -> "1.5K" */
void ctl_human_bytes(json_int_t v, char *out, size_t cap);
/* argv: "top" and its options; 0 when valid. */
int ctl_top_args(int argc, char **argv);
/* Runs `ctl top` on the connected fd; returns the exit code. */
int ctl_top(int fd, int argc, char **argv);
#endif
