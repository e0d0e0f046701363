#ifndef SHOAL_MASTER_CTL_H
#define SHOAL_MASTER_CTL_H
/* ctl: the `shoal ctl` command, a client of the master's control socket. */

/* argv: the words after "ctl". Returns the process exit code. */
int ctl_main(int argc, char **argv);
#endif
