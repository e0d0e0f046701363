#ifndef SHOAL_BINDINGS_SOCKADDR_H
#define SHOAL_BINDINGS_SOCKADDR_H
/* sockaddr: socket addresses between C and JavaScript, shared by the TCP
 * and UDP bindings. */
#include <uv.h>

#include "v8shim.h"

/* Fills *ss from a numeric IPv4 or IPv6 address and a port: 0 or a libuv error. */
int sockaddr_make(const char *ip, int port, struct sockaddr_storage *ss);
/* {address, family: 'IPv4' | 'IPv6', port} of sa ('', 'IPv4', 0 for another family). */
sh_val sockaddr_obj(sh_rt *rt, const struct sockaddr *sa);
#endif
