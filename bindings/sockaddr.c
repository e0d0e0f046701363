/* sockaddr: socket addresses between C and JavaScript (see sockaddr.h). */
#include "sockaddr.h"

#include <string.h>

#include "binding.h"

int sockaddr_make(const char *ip, int port, struct sockaddr_storage *ss) {
  if (strchr(ip, ':')) return uv_ip6_addr(ip, port, (struct sockaddr_in6 *)ss);
  return uv_ip4_addr(ip, port, (struct sockaddr_in *)ss);
}

sh_val sockaddr_obj(sh_rt *rt, const struct sockaddr *sa) {
  char ip[INET6_ADDRSTRLEN] = "";
  int port = 0;
  const char *family = "IPv4";
  if (sa->sa_family == AF_INET6) {
    const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)sa;
    uv_ip6_name(a, ip, sizeof ip);
    port = ntohs(a->sin6_port);
    family = "IPv6";
  } else if (sa->sa_family == AF_INET) {
    const struct sockaddr_in *a = (const struct sockaddr_in *)sa;
    uv_ip4_name(a, ip, sizeof ip);
    port = ntohs(a->sin_port);
  }
  sh_val o = sh_obj(rt);
  bind_str(rt, o, "address", ip);
  bind_str(rt, o, "family", family);
  bind_int(rt, o, "port", port);
  return o;
}
