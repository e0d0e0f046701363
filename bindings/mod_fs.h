#ifndef SHOAL_BINDINGS_MOD_FS_H
#define SHOAL_BINDINGS_MOD_FS_H
/* mod_fs: what the other file-system bindings (mod_fs_watch.c) share with
 * internalBinding('fs'). */
#include <stdbool.h>
#include <uv.h>

#include "v8shim.h"

/* A new array of the 18 numbers js-lib builds fs.Stats from (BigInts when
 * big): [dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks,
 * atime s, ns, mtime s, ns, ctime s, ns, birthtime s, ns]. Runs in a scope
 * its caller opened. */
sh_val fs_stat_fields(sh_rt *rt, const uv_stat_t *s, bool big);
#endif
