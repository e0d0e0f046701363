/* internalBinding('fs'): file system calls for js-lib/fs.js and the module
 * loaders. This first part holds what the loaders need synchronously. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uv.h>

#include "bindings/binding.h"
#include "bindings/uverr.h"

/* internalModuleStat(path) -> 0 file, 1 directory, negative errno */
static void internal_module_stat(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  char *path = arg_utf8(ci, 0);
  if (!path) return;
  struct stat st;
  int rc = stat(path, &st) == 0 ? (S_ISDIR(st.st_mode) ? 1 : 0) : UV_ENOENT;
  free(path);
  sh_ret(ci, sh_int(rt, rc));
}

/* Reads a whole file into a malloc'd buffer. Returns 0 or a libuv error. */
static int read_whole(const char *path, char **out, size_t *len) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return uv_translate_sys_error(errno);
  size_t cap = 65536, n = 0;
  char *buf = malloc(cap);
  for (;;) {
    if (n == cap) buf = realloc(buf, cap *= 2);
    ssize_t r = read(fd, buf + n, cap - n);
    if (r < 0) {
      if (errno == EINTR) continue;
      int err = uv_translate_sys_error(errno);
      free(buf);
      close(fd);
      return err;
    }
    if (r == 0) break;
    n += (size_t)r;
  }
  close(fd);
  *out = buf;
  *len = n;
  return 0;
}

/* readFileUtf8(path) -> string (throws a Node-style error) */
static void read_file_utf8(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  char *path = arg_utf8(ci, 0);
  if (!path) return;
  char *data = NULL;
  size_t len = 0;
  int err = read_whole(path, &data, &len);
  if (err) {
    uverr_throw(rt, err, "open", path, NULL);
  } else {
    size_t skip = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    sh_val s = sh_str(rt, data + skip, len - skip);
    if (s) sh_ret(ci, s);
    else sh_throw_error(rt, SH_ERROR, "Cannot create a string longer than 0x1fffffe8 characters");
    free(data);
  }
  free(path);
}

/* realpath(path) -> string */
static void real_path(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  char *path = arg_utf8(ci, 0);
  if (!path) return;
  char *res = realpath(path, NULL);
  if (!res) uverr_throw(rt, uv_translate_sys_error(errno), "realpath", path, NULL);
  else sh_ret(ci, sh_str(rt, res, SIZE_MAX));
  free(res);
  free(path);
}

sh_val binding_fs_init(sh_rt *rt) {
  sh_val o = sh_obj(rt);
  bind_fn(rt, o, "internalModuleStat", internal_module_stat);
  bind_fn(rt, o, "readFileUtf8", read_file_utf8);
  bind_fn(rt, o, "realpath", real_path);
  return o;
}
