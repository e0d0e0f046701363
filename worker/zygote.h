/* The runtime side of the fork server (`shoal-runtime zygote`): see
 * ipc/zygote_wire.h for what it is and how the master talks to it.
 *
 * zygote_main() serves the master's requests until the master goes away. In
 * each worker it clones, it returns ZYGOTE_CHILD once the worker's fds,
 * credentials, working directory and environment are in place: the caller
 * then runs worker_main(). The environment strings stay allocated for the
 * worker's life (environ points into them). */
#ifndef SHOAL_WORKER_ZYGOTE_H
#define SHOAL_WORKER_ZYGOTE_H

#define ZYGOTE_CHILD (-1)

/* argv: the process's own, argv[1] being "zygote"; a worker renames it
 * "worker" in place, which is what ps shows. */
int zygote_main(char **argv);

#endif
