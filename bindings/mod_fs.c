/* internalBinding('fs'): file system calls for js-lib/fs.js and the module
 * loaders.
 *
 * The loaders use internalModuleStat, readFileUtf8 and realpath synchronously.
 *
 * Every other function takes a last argument `req`:
 *   undefined  synchronous: the uv_fs_* call runs on this thread; failures
 *              throw Node-style errors (bindings/core/uverr.h), results are returned;
 *   a function asynchronous: the call runs on libuv's thread pool and
 *              req(err, result) is called from the loop afterwards.
 * Paths are strings (js-lib converts Buffers and URLs), data is Uint8Array. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uv.h>

#include "binding.h"
#include "mod_fs.h"
#include "uverr.h"
#include "runtime.h"

/* --- module loader helpers ----------------------------------------------- */

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
    else throw_string_too_long(rt);
    free(data);
  }
  free(path);
}

/* --- requests ------------------------------------------------------------ */

typedef enum res_kind {
  RES_NONE,       /* undefined */
  RES_INT,        /* req.result: fd, byte count */
  RES_STAT,       /* the 18 stat fields (fs_stat_fields, mod_fs.h) */
  RES_STAT_BIG,   /* the same as BigInts */
  RES_PTR_STR,    /* req.ptr as a string: readlink, realpath */
  RES_PATH,       /* req.path as a string: mkdtemp */
  RES_DIR,        /* names */
  RES_STATFS,     /* [type, bsize, blocks, bfree, bavail, files, ffree] */
  RES_STATFS_BIG, /* the same as BigInts */
  RES_DIR_TYPES,  /* [names, types] */
  RES_DIR_RAW,    /* names as Uint8Arrays (bytes that may not be UTF-8) */
} res_kind;

/* One fs call. Owns its copies of the paths (for error messages), the
 * reference to the callback and to the buffer that must outlive the call. */
typedef struct fs_req {
  uv_fs_t uv;
  sh_rt *rt;
  sh_ref *cb;   /* NULL: synchronous */
  sh_ref *keep; /* the Uint8Array read into / written from */
  res_kind kind;
  const char *syscall;
  char *path, *dest;
} fs_req;

/* Asynchronous requests of this thread's runtime not yet completed (what
 * process.getActiveResourcesInfo lists as 'FSReqCallback'). */
static _Thread_local unsigned pending_requests;

/* Starts a request whose `req` argument is argument i. */
static fs_req *req_new(sh_cbinfo *ci, int i, res_kind kind, const char *syscall) {
  sh_rt *rt = sh_ci_rt(ci);
  fs_req *r = calloc(1, sizeof *r);
  r->rt = rt;
  r->kind = kind;
  r->syscall = syscall;
  sh_val cb = sh_arg(ci, i);
  if (sh_is(cb, SH_FUNCTION)) r->cb = sh_ref_new(rt, cb);
  return r;
}

static void req_free(fs_req *r) {
  uv_fs_req_cleanup(&r->uv);
  if (r->cb) sh_ref_free(r->cb);
  if (r->keep) sh_ref_free(r->keep);
  free(r->path);
  free(r->dest);
  free(r);
}

static uv_loop_t *req_loop(fs_req *r) {
  return runtime_get(r->rt)->loop;
}

static uv_fs_cb req_cb(fs_req *r);

static sh_val num_or_big(sh_rt *rt, int64_t v, bool big) {
  return big ? sh_bigint_i64(rt, v) : sh_num(rt, (double)v);
}

sh_val fs_stat_fields(sh_rt *rt, const uv_stat_t *s, bool big) {
  const int64_t f[18] = {
      (int64_t)s->st_dev,    (int64_t)s->st_mode,    (int64_t)s->st_nlink,   (int64_t)s->st_uid,
      (int64_t)s->st_gid,    (int64_t)s->st_rdev,    (int64_t)s->st_blksize, (int64_t)s->st_ino,
      (int64_t)s->st_size,   (int64_t)s->st_blocks,  s->st_atim.tv_sec,      s->st_atim.tv_nsec,
      s->st_mtim.tv_sec,     s->st_mtim.tv_nsec,     s->st_ctim.tv_sec,      s->st_ctim.tv_nsec,
      s->st_birthtim.tv_sec, s->st_birthtim.tv_nsec,
  };
  sh_val arr = sh_arr(rt, 18);
  for (uint32_t i = 0; i < 18; i++) sh_set_i(rt, arr, i, num_or_big(rt, f[i], big));
  return arr;
}

static sh_val raw_name(sh_rt *rt, const char *name) {
  size_t len = strlen(name);
  void *data;
  sh_val ab = sh_arraybuffer(rt, len, &data);
  memcpy(data, name, len);
  return sh_uint8array(rt, ab, 0, len);
}

static sh_val dir_entries(sh_rt *rt, uv_fs_t *req, bool types, bool raw) {
  sh_val names = sh_arr(rt, 0), kinds = sh_arr(rt, 0);
  uv_dirent_t ent;
  for (uint32_t i = 0; uv_fs_scandir_next(req, &ent) == 0; i++) {
    sh_set_i(rt, names, i, raw ? raw_name(rt, ent.name) : sh_str(rt, ent.name, SIZE_MAX));
    sh_set_i(rt, kinds, i, sh_int(rt, ent.type));
  }
  if (!types) return names;
  sh_val pair = sh_arr(rt, 2);
  sh_set_i(rt, pair, 0, names);
  sh_set_i(rt, pair, 1, kinds);
  return pair;
}

static sh_val statfs_fields(sh_rt *rt, const uv_statfs_t *s, bool big) {
  const int64_t f[7] = {(int64_t)s->f_type,  (int64_t)s->f_bsize,  (int64_t)s->f_blocks,
                        (int64_t)s->f_bfree, (int64_t)s->f_bavail, (int64_t)s->f_files,
                        (int64_t)s->f_ffree};
  sh_val arr = sh_arr(rt, 7);
  for (uint32_t i = 0; i < 7; i++) sh_set_i(rt, arr, i, num_or_big(rt, f[i], big));
  return arr;
}

/* The JavaScript value of a successful request. */
static sh_val req_result(fs_req *r) {
  sh_rt *rt = r->rt;
  switch (r->kind) {
    case RES_INT: return sh_num(rt, (double)r->uv.result);
    case RES_STAT: return fs_stat_fields(rt, &r->uv.statbuf, false);
    case RES_STAT_BIG: return fs_stat_fields(rt, &r->uv.statbuf, true);
    case RES_PTR_STR: return sh_str(rt, r->uv.ptr, SIZE_MAX);
    case RES_PATH: return sh_str(rt, r->uv.path, SIZE_MAX);
    case RES_DIR: return dir_entries(rt, &r->uv, false, false);
    case RES_DIR_TYPES: return dir_entries(rt, &r->uv, true, false);
    case RES_DIR_RAW: return dir_entries(rt, &r->uv, false, true);
    case RES_STATFS: return statfs_fields(rt, r->uv.ptr, false);
    case RES_STATFS_BIG: return statfs_fields(rt, r->uv.ptr, true);
    default: return sh_undefined(rt);
  }
}

static sh_val req_error(fs_req *r, int err) {
  return uverr_new(r->rt, err, r->syscall, r->path, r->dest);
}

static void req_done(uv_fs_t *req) {
  fs_req *r = req->data;
  sh_rt *rt = r->rt;
  pending_requests--;
  sh_scope *scope = sh_scope_open(rt, false);
  sh_val argv[2];
  int err = (int)r->uv.result;
  argv[0] = err < 0 ? req_error(r, err) : sh_null(rt);
  argv[1] = err < 0 ? sh_undefined(rt) : req_result(r);
  runtime_callback(rt, sh_ref_get(rt, r->cb), sh_undefined(rt), 2, argv, NULL);
  sh_scope_close(scope);
  req_free(r);
}

static uv_fs_cb req_cb(fs_req *r) {
  r->uv.data = r;
  return r->cb ? req_done : NULL;
}

/* Ends a native call after uv_fs_*(..., req_cb(r)) returned rc: a
 * synchronous request returns its result or throws and is freed; an
 * asynchronous one completes in req_done (or throws when it did not start). */
static void req_finish(sh_cbinfo *ci, fs_req *r, int rc) {
  if (r->cb && rc >= 0) {
    pending_requests++;
    return;
  }
  if (rc < 0) sh_throw(r->rt, req_error(r, rc));
  else sh_ret(ci, req_result(r));
  req_free(r);
}

/* Copies argument i into *out as a path: a Uint8Array's bytes as they
 * are (a name that is not UTF-8), else its string; false when ToString
 * threw. */
static bool take_path(sh_cbinfo *ci, int i, char **out) {
  uint8_t *data;
  size_t len;
  if (sh_bytes(sh_arg(ci, i), &data, &len) == 0) {
    *out = malloc(len + 1);
    if (*out == NULL) return false;
    memcpy(*out, data, len);
    (*out)[len] = '\0';
    return true;
  }
  *out = arg_utf8(ci, i);
  return *out != NULL;
}

static int arg_int(sh_cbinfo *ci, int i) {
  return (int)arg_i64(ci, i);
}

/* --- path calls ---------------------------------------------------------- */

#define PATH_REQ(ci, argi, kind, name)                 \
  fs_req *r = req_new(ci, argi, kind, name);           \
  if (!take_path(ci, 0, &r->path)) return req_free(r); \
  uv_loop_t *loop = req_loop(r);                       \
  uv_fs_cb cb = req_cb(r)

/* open(path, flags, mode, req) -> fd */
static void fs_open(sh_cbinfo *ci) {
  PATH_REQ(ci, 3, RES_INT, "open");
  req_finish(ci, r, uv_fs_open(loop, &r->uv, r->path, arg_int(ci, 1), arg_int(ci, 2), cb));
}

/* stat(path, bigint, req) / lstat(path, bigint, req) -> fields */
static void fs_stat(sh_cbinfo *ci) {
  res_kind kind = sh_to_bool(sh_ci_rt(ci), sh_arg(ci, 1)) ? RES_STAT_BIG : RES_STAT;
  PATH_REQ(ci, 2, kind, "stat");
  req_finish(ci, r, uv_fs_stat(loop, &r->uv, r->path, cb));
}

static void fs_lstat(sh_cbinfo *ci) {
  res_kind kind = sh_to_bool(sh_ci_rt(ci), sh_arg(ci, 1)) ? RES_STAT_BIG : RES_STAT;
  PATH_REQ(ci, 2, kind, "lstat");
  req_finish(ci, r, uv_fs_lstat(loop, &r->uv, r->path, cb));
}

/* readdir(path, mode, req) -> names | [names, types] | raw names; mode
 * 0/false: names, 1/true: with types, 2: names as bytes (for encodings
 * other than UTF-8, which must see the bytes as they are). */
static void fs_readdir(sh_cbinfo *ci) {
  res_kind kind = RES_DIR;
  if (sh_to_bool(sh_ci_rt(ci), sh_arg(ci, 1)))
    kind = arg_i64(ci, 1) == 2 ? RES_DIR_RAW : RES_DIR_TYPES;
  PATH_REQ(ci, 2, kind, "scandir");
  req_finish(ci, r, uv_fs_scandir(loop, &r->uv, r->path, 0, cb));
}

/* mkdir(path, mode, req) */
static void fs_mkdir(sh_cbinfo *ci) {
  PATH_REQ(ci, 2, RES_NONE, "mkdir");
  req_finish(ci, r, uv_fs_mkdir(loop, &r->uv, r->path, arg_int(ci, 1), cb));
}

/* mkdtemp(prefixXXXXXX, req) -> path */
static void fs_mkdtemp(sh_cbinfo *ci) {
  PATH_REQ(ci, 1, RES_PATH, "mkdtemp");
  req_finish(ci, r, uv_fs_mkdtemp(loop, &r->uv, r->path, cb));
}

static void fs_rmdir(sh_cbinfo *ci) {
  PATH_REQ(ci, 1, RES_NONE, "rmdir");
  req_finish(ci, r, uv_fs_rmdir(loop, &r->uv, r->path, cb));
}

static void fs_unlink(sh_cbinfo *ci) {
  PATH_REQ(ci, 1, RES_NONE, "unlink");
  req_finish(ci, r, uv_fs_unlink(loop, &r->uv, r->path, cb));
}

/* access(path, mode, req) */
static void fs_access(sh_cbinfo *ci) {
  PATH_REQ(ci, 2, RES_NONE, "access");
  req_finish(ci, r, uv_fs_access(loop, &r->uv, r->path, arg_int(ci, 1), cb));
}

/* realpath(path, req) -> string; also used synchronously by the loaders */
static void fs_realpath(sh_cbinfo *ci) {
  PATH_REQ(ci, 1, RES_PTR_STR, "realpath");
  req_finish(ci, r, uv_fs_realpath(loop, &r->uv, r->path, cb));
}

static void fs_readlink(sh_cbinfo *ci) {
  PATH_REQ(ci, 1, RES_PTR_STR, "readlink");
  req_finish(ci, r, uv_fs_readlink(loop, &r->uv, r->path, cb));
}

/* chmod(path, mode, req) */
static void fs_chmod(sh_cbinfo *ci) {
  PATH_REQ(ci, 2, RES_NONE, "chmod");
  req_finish(ci, r, uv_fs_chmod(loop, &r->uv, r->path, arg_int(ci, 1), cb));
}

/* chown(path, uid, gid, req) / lchown */
static void fs_chown(sh_cbinfo *ci) {
  PATH_REQ(ci, 3, RES_NONE, "chown");
  uv_uid_t uid = (uv_uid_t)arg_i64(ci, 1);
  uv_gid_t gid = (uv_gid_t)arg_i64(ci, 2);
  req_finish(ci, r, uv_fs_chown(loop, &r->uv, r->path, uid, gid, cb));
}

static void fs_lchown(sh_cbinfo *ci) {
  PATH_REQ(ci, 3, RES_NONE, "lchown");
  uv_uid_t uid = (uv_uid_t)arg_i64(ci, 1);
  uv_gid_t gid = (uv_gid_t)arg_i64(ci, 2);
  req_finish(ci, r, uv_fs_lchown(loop, &r->uv, r->path, uid, gid, cb));
}

/* utimes(path, atimeSeconds, mtimeSeconds, req) / lutimes */
static void fs_utimes(sh_cbinfo *ci) {
  PATH_REQ(ci, 3, RES_NONE, "utime");
  req_finish(ci, r, uv_fs_utime(loop, &r->uv, r->path, arg_num(ci, 1), arg_num(ci, 2), cb));
}

static void fs_lutimes(sh_cbinfo *ci) {
  PATH_REQ(ci, 3, RES_NONE, "lutime");
  req_finish(ci, r, uv_fs_lutime(loop, &r->uv, r->path, arg_num(ci, 1), arg_num(ci, 2), cb));
}

/* --- two-path calls: errors read "syscall 'path' -> 'dest'" -------------- */

#define TWO_PATH_REQ(ci, argi, name)                                                  \
  fs_req *r = req_new(ci, argi, RES_NONE, name);                                      \
  if (!take_path(ci, 0, &r->path) || !take_path(ci, 1, &r->dest)) return req_free(r); \
  uv_loop_t *loop = req_loop(r);                                                      \
  uv_fs_cb cb = req_cb(r)

static void fs_rename(sh_cbinfo *ci) {
  TWO_PATH_REQ(ci, 2, "rename");
  req_finish(ci, r, uv_fs_rename(loop, &r->uv, r->path, r->dest, cb));
}

/* copyFile(src, dest, flags, req) */
static void fs_copyfile(sh_cbinfo *ci) {
  TWO_PATH_REQ(ci, 3, "copyfile");
  req_finish(ci, r, uv_fs_copyfile(loop, &r->uv, r->path, r->dest, arg_int(ci, 2), cb));
}

/* symlink(target, path, flags, req) */
static void fs_symlink(sh_cbinfo *ci) {
  TWO_PATH_REQ(ci, 3, "symlink");
  req_finish(ci, r, uv_fs_symlink(loop, &r->uv, r->path, r->dest, arg_int(ci, 2), cb));
}

/* link(existing, new, req) */
static void fs_link(sh_cbinfo *ci) {
  TWO_PATH_REQ(ci, 2, "link");
  req_finish(ci, r, uv_fs_link(loop, &r->uv, r->path, r->dest, cb));
}

/* --- descriptor calls ---------------------------------------------------- */

#define FD_REQ(ci, argi, kind, name)         \
  fs_req *r = req_new(ci, argi, kind, name); \
  uv_file fd = arg_int(ci, 0);               \
  uv_loop_t *loop = req_loop(r);             \
  uv_fs_cb cb = req_cb(r)

static void fs_close(sh_cbinfo *ci) {
  FD_REQ(ci, 1, RES_NONE, "close");
  req_finish(ci, r, uv_fs_close(loop, &r->uv, fd, cb));
}

/* fstat(fd, bigint, req) */
static void fs_fstat(sh_cbinfo *ci) {
  res_kind kind = sh_to_bool(sh_ci_rt(ci), sh_arg(ci, 1)) ? RES_STAT_BIG : RES_STAT;
  FD_REQ(ci, 2, kind, "fstat");
  req_finish(ci, r, uv_fs_fstat(loop, &r->uv, fd, cb));
}

static void fs_fsync(sh_cbinfo *ci) {
  FD_REQ(ci, 1, RES_NONE, "fsync");
  req_finish(ci, r, uv_fs_fsync(loop, &r->uv, fd, cb));
}

static void fs_fdatasync(sh_cbinfo *ci) {
  FD_REQ(ci, 1, RES_NONE, "fdatasync");
  req_finish(ci, r, uv_fs_fdatasync(loop, &r->uv, fd, cb));
}

/* ftruncate(fd, length, req) */
static void fs_ftruncate(sh_cbinfo *ci) {
  FD_REQ(ci, 2, RES_NONE, "ftruncate");
  req_finish(ci, r, uv_fs_ftruncate(loop, &r->uv, fd, arg_i64(ci, 1), cb));
}

static void fs_fchmod(sh_cbinfo *ci) {
  FD_REQ(ci, 2, RES_NONE, "fchmod");
  req_finish(ci, r, uv_fs_fchmod(loop, &r->uv, fd, arg_int(ci, 1), cb));
}

static void fs_fchown(sh_cbinfo *ci) {
  FD_REQ(ci, 3, RES_NONE, "fchown");
  uv_uid_t uid = (uv_uid_t)arg_i64(ci, 1);
  uv_gid_t gid = (uv_gid_t)arg_i64(ci, 2);
  req_finish(ci, r, uv_fs_fchown(loop, &r->uv, fd, uid, gid, cb));
}

static void fs_futimes(sh_cbinfo *ci) {
  FD_REQ(ci, 3, RES_NONE, "futime");
  req_finish(ci, r, uv_fs_futime(loop, &r->uv, fd, arg_num(ci, 1), arg_num(ci, 2), cb));
}

/* Finds bytes [offset, offset + length) of the Uint8Array argument 1 and
 * keeps the array alive for an asynchronous request. */
static bool take_bytes(sh_cbinfo *ci, fs_req *r, uv_buf_t *buf) {
  uint8_t *data;
  size_t len;
  sh_val view = sh_arg(ci, 1);
  if (sh_bytes(view, &data, &len) != 0) {
    sh_throw_error(r->rt, SH_TYPE_ERROR, "buffer must be a TypedArray");
    return false;
  }
  size_t off = (size_t)arg_i64(ci, 2), n = (size_t)arg_i64(ci, 3);
  if (off > len) off = len;
  if (n > len - off) n = len - off;
  *buf = uv_buf_init((char *)data + off, (unsigned)n);
  if (r->cb) r->keep = sh_ref_new(r->rt, view);
  return true;
}

/* read(fd, u8, offset, length, position (-1: current), req) -> bytesRead */
static void fs_read(sh_cbinfo *ci) {
  FD_REQ(ci, 5, RES_INT, "read");
  uv_buf_t buf;
  if (!take_bytes(ci, r, &buf)) return req_free(r);
  req_finish(ci, r, uv_fs_read(loop, &r->uv, fd, &buf, 1, arg_i64(ci, 4), cb));
}

/* write(fd, u8, offset, length, position (-1: current), req) -> bytesWritten */
static void fs_write(sh_cbinfo *ci) {
  FD_REQ(ci, 5, RES_INT, "write");
  uv_buf_t buf;
  if (!take_bytes(ci, r, &buf)) return req_free(r);
  req_finish(ci, r, uv_fs_write(loop, &r->uv, fd, &buf, 1, arg_i64(ci, 4), cb));
}

/* statfs(path, bigint, req) -> [type, bsize, blocks, bfree, bavail, files, ffree] */
static void fs_statfs(sh_cbinfo *ci) {
  res_kind kind = sh_to_bool(sh_ci_rt(ci), sh_arg(ci, 1)) ? RES_STATFS_BIG : RES_STATFS;
  PATH_REQ(ci, 2, kind, "statfs");
  req_finish(ci, r, uv_fs_statfs(loop, &r->uv, r->path, cb));
}

/* The Uint8Arrays of the array argument 1 as buffers (*bufs: malloc'd, the
 * caller frees it after the call, libuv copies it); keeps the array alive
 * for an asynchronous request. */
static bool take_buffers(sh_cbinfo *ci, fs_req *r, uv_buf_t **bufs, unsigned *nbufs) {
  sh_val list = sh_arg(ci, 1);
  uint32_t n = sh_arr_length(r->rt, list);
  *bufs = calloc(n ? n : 1, sizeof **bufs);
  if (!*bufs) {
    sh_throw_error(r->rt, SH_ERROR, "out of memory");
    return false;
  }
  for (uint32_t i = 0; i < n; i++) {
    uint8_t *data;
    size_t len;
    if (sh_bytes(sh_get_i(r->rt, list, i), &data, &len) != 0) {
      free(*bufs);
      sh_throw_error(r->rt, SH_TYPE_ERROR, "buffers must be ArrayBufferViews");
      return false;
    }
    (*bufs)[i] = uv_buf_init((char *)data, (unsigned)len);
  }
  *nbufs = n;
  if (r->cb) r->keep = sh_ref_new(r->rt, list);
  return true;
}

/* readv(fd, [u8...], position (-1: current), req) -> bytesRead
 * writev(fd, [u8...], position (-1: current), req) -> bytesWritten */
static void fs_vector(sh_cbinfo *ci, bool write) {
  FD_REQ(ci, 3, RES_INT, write ? "write" : "read");
  uv_buf_t *bufs;
  unsigned n;
  if (!take_buffers(ci, r, &bufs, &n)) return req_free(r);
  int64_t pos = arg_i64(ci, 2);
  int rc = write ? uv_fs_write(loop, &r->uv, fd, bufs, n, pos, cb)
                 : uv_fs_read(loop, &r->uv, fd, bufs, n, pos, cb);
  free(bufs);
  req_finish(ci, r, rc);
}
static void fs_readv(sh_cbinfo *ci) {
  fs_vector(ci, false);
}
static void fs_writev(sh_cbinfo *ci) {
  fs_vector(ci, true);
}

/* pendingRequests() -> the number of asynchronous requests in flight */
static void pending_requests_fn(sh_cbinfo *ci) {
  sh_ret(ci, sh_int(sh_ci_rt(ci), pending_requests));
}

sh_val binding_fs_init(sh_rt *rt) {
  sh_val o = sh_obj(rt);
  bind_fn(rt, o, "internalModuleStat", internal_module_stat);
  bind_fn(rt, o, "pendingRequests", pending_requests_fn);
  bind_fn(rt, o, "readFileUtf8", read_file_utf8);
  static const struct {
    const char *name;
    sh_native_fn fn;
  } fns[] = {
      {"open", fs_open},         {"close", fs_close},         {"read", fs_read},
      {"write", fs_write},       {"stat", fs_stat},           {"lstat", fs_lstat},
      {"fstat", fs_fstat},       {"readdir", fs_readdir},     {"mkdir", fs_mkdir},
      {"mkdtemp", fs_mkdtemp},   {"rmdir", fs_rmdir},         {"unlink", fs_unlink},
      {"access", fs_access},     {"realpath", fs_realpath},   {"readlink", fs_readlink},
      {"chmod", fs_chmod},       {"chown", fs_chown},         {"lchown", fs_lchown},
      {"utimes", fs_utimes},     {"lutimes", fs_lutimes},     {"rename", fs_rename},
      {"copyFile", fs_copyfile}, {"symlink", fs_symlink},     {"link", fs_link},
      {"fsync", fs_fsync},       {"fdatasync", fs_fdatasync}, {"ftruncate", fs_ftruncate},
      {"fchmod", fs_fchmod},     {"fchown", fs_fchown},       {"futimes", fs_futimes},
      {"statfs", fs_statfs},     {"readv", fs_readv},         {"writev", fs_writev},
  };
  for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) bind_fn(rt, o, fns[i].name, fns[i].fn);
  return o;
}
