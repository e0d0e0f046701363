/* notify: see notify.h. */
#include "notify.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

void notify_send(const char *state) {
  const char *path = getenv("NOTIFY_SOCKET");
  if (!path || !*path) return;
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  size_t len = strlen(path);
  if (len >= sizeof addr.sun_path) return;
  memcpy(addr.sun_path, path, len);
  if (addr.sun_path[0] == '@') addr.sun_path[0] = 0; /* abstract namespace */
  int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return;
  char msg[512];
  int n = snprintf(msg, sizeof msg, "%s\nMAINPID=%d", state, (int)getpid());
  socklen_t alen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len);
  ssize_t rc = sendto(fd, msg, (size_t)n, 0, (struct sockaddr *)&addr, alen);
  (void)rc;
  close(fd);
}
