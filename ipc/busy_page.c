/* busy_page: see busy_page.h. */
#define _GNU_SOURCE
#include "busy_page.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096

int busy_page_create(busy_page **page) {
  *page = NULL;
  int fd = memfd_create("shoal-busy", MFD_CLOEXEC);
  if (fd < 0) return -1;
  void *p = MAP_FAILED;
  if (ftruncate(fd, PAGE) == 0) p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) {
    close(fd);
    return -1;
  }
  *page = p;
  return fd;
}

busy_page *busy_page_attach(void) {
  if (fcntl(BUSY_PAGE_FD, F_GETFD) == -1) return NULL;
  void *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, BUSY_PAGE_FD, 0);
  close(BUSY_PAGE_FD);
  return p == MAP_FAILED ? NULL : p;
}

void busy_page_release(busy_page *page) {
  if (page) munmap(page, PAGE);
}
