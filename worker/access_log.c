/* access_log: see access_log.h. */
#include "access_log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static int log_fd = -1;
static bool log_combined;
static int log_worker;
/* The end of a line a non-blocking write took only part of: written before
 * anything else, so that lines reach the reader whole. */
static char pending[8192];
static size_t pending_len;

/* A descriptor of its own, O_NONBLOCK, on the pipe or terminal behind fd;
 * fd itself when that is not possible (a regular file never blocks). */
static int reopen_nonblocking(int fd) {
  struct stat st;
  if (fstat(fd, &st) != 0 || S_ISREG(st.st_mode)) return fd;
  if (S_ISSOCK(st.st_mode)) {
    /* fd 4 is the master's pipe for this worker alone (its relay): ours to
     * change. Another socket (the stdout of `shoal run`) is left as it is. */
    int fl = fd == 4 ? fcntl(fd, F_GETFL) : -1;
    if (fl >= 0) fcntl(fd, F_SETFL, fl | O_NONBLOCK);
    return fd;
  }
  char path[64];
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  int nfd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  return nfd >= 0 ? nfd : fd;
}

int access_log_open(const char *dest, bool combined, int worker_id) {
  access_log_close();
  log_combined = combined;
  log_worker = worker_id;
  if (!dest || strcmp(dest, "off") == 0) return 0;
  if (strcmp(dest, "stdout") == 0) {
    /* fd 4 is a pipe to the master, which relays the lines to its stdout
     * without ever blocking (master/output.c, whole records, counted drops);
     * without a master, our own stdout. Either way the worker must not
     * block (the watchdog would kill it): a non-blocking descriptor (for
     * our stdout, one of our own on the same pipe: fd 1's flags are shared
     * with the parent), and lines it cannot take are dropped, as on a full
     * disk. */
    int fd = fcntl(4, F_GETFD) != -1 ? 4 : 1;
    log_fd = reopen_nonblocking(fd);
    return 0;
  }
  /* Client addresses and URLs are not for every local user: 0640. */
  log_fd = open(dest, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
  return log_fd < 0 ? -errno : 0;
}

void access_log_close(void) {
  if (log_fd > 4) close(log_fd);
  log_fd = -1;
  pending_len = 0;
}

/* Writes what it can of `pending`; true once it is all out. */
static bool flush_pending(void) {
  while (pending_len > 0) {
    ssize_t n = write(log_fd, pending, pending_len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n < 0 && errno != EAGAIN) pending_len = 0; /* the reader is gone */
      return pending_len == 0;
    }
    memmove(pending, pending + n, pending_len - (size_t)n);
    pending_len -= (size_t)n;
  }
  return true;
}

/* Appends s as a JSON string body (without quotes), escaped. */
static size_t json_escape(char *out, size_t cap, const char *s, size_t len) {
  size_t n = 0;
  for (size_t i = 0; i < len && n + 7 < cap; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') {
      out[n++] = '\\';
      out[n++] = (char)c;
    } else if (c < 0x20) {
      n += (size_t)snprintf(out + n, cap - n, "\\u%04x", c);
    } else {
      out[n++] = (char)c;
    }
  }
  return n;
}

static void remote_addr(http_req *r, char *ip, size_t cap) {
  struct sockaddr_storage ss;
  snprintf(ip, cap, "-");
  if (http_conn_peername(http_req_conn(r), &ss) != 0) return;
  if (ss.ss_family == AF_INET6) uv_ip6_name((struct sockaddr_in6 *)&ss, ip, cap);
  else uv_ip4_name((struct sockaddr_in *)&ss, ip, cap);
}

void access_log_write(http_req *r, const http_req_summary *sum) {
  if (log_fd < 0) return;
  char line[8192], ip[64], esc_url[4096];
  size_t url_len, n;
  const char *url = http_req_url(r, &url_len);
  double ms = (double)sum->duration_ns / 1e6;
  struct timeval tv;
  gettimeofday(&tv, NULL);
  struct tm tm;
  gmtime_r(&tv.tv_sec, &tm);
  remote_addr(r, ip, sizeof ip);
  int major, minor;
  http_req_version(r, &major, &minor);
  if (log_combined) {
    char when[64], ua_buf[512] = "-", ref_buf[512] = "-";
    size_t ul, rl;
    const char *ua = http_req_header_value(r, "user-agent", &ul);
    const char *ref = http_req_header_value(r, "referer", &rl);
    if (ua) snprintf(ua_buf, sizeof ua_buf, "%.*s", (int)ul, ua);
    if (ref) snprintf(ref_buf, sizeof ref_buf, "%.*s", (int)rl, ref);
    strftime(when, sizeof when, "%d/%b/%Y:%H:%M:%S +0000", &tm);
    n = (size_t)snprintf(line, sizeof line,
                         "%s - - [%s] \"%s %.*s HTTP/%d.%d\" %d %llu \"%s\" \"%s\" worker=%d "
                         "duration=%.3fms\n",
                         ip, when, http_req_method(r), (int)(url_len > 2048 ? 2048 : url_len), url,
                         major, minor, sum->status, (unsigned long long)sum->bytes_out, ref_buf,
                         ua_buf, log_worker, ms);
  } else {
    char when[64];
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
    size_t el = json_escape(esc_url, sizeof esc_url, url, url_len);
    n = (size_t)snprintf(line, sizeof line,
                         "{\"time\":\"%s.%03dZ\",\"worker\":%d,\"remote\":\"%s\",\"method\":\"%s\","
                         "\"url\":\"%.*s\",\"version\":\"%d.%d\",\"status\":%d,\"bytes\":%llu,"
                         "\"duration_ms\":%.3f}\n",
                         when, (int)(tv.tv_usec / 1000), log_worker, ip, http_req_method(r),
                         (int)el, esc_url, major, minor, sum->status,
                         (unsigned long long)sum->bytes_out, ms);
  }
  if (n >= sizeof line) n = sizeof line - 1;
  /* One write per line: O_APPEND keeps lines whole; on a pipe, the end of
   * a line written in part goes out before the next line, which is dropped
   * until then. */
  if (!flush_pending()) return;
  ssize_t rc;
  do rc = write(log_fd, line, n);
  while (rc < 0 && errno == EINTR);
  if (rc >= 0 && (size_t)rc < n) {
    pending_len = n - (size_t)rc;
    memcpy(pending, line + rc, pending_len);
  }
}
