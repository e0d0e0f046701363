#ifndef SHOAL_MASTER_WATCH_H
#define SHOAL_MASTER_WATCH_H
/* watch: `shoal start --watch`. The master watches the app's folder (every
 * sub-folder but node_modules, dot-files and dot-folders, and the config's
 * `watch.ignore` patterns, fnmatch(3) against the path relative to the
 * folder and against the base name; and the master's own access log and
 * control socket) with one inotify watch per folder
 * (uv_fs_event); a change, debounced 200 ms, starts a rolling reload. A
 * reload that fails (a syntax error: the new workers never become ready)
 * leaves the old generation serving and is reported once, by the reload
 * itself; the next save tries again. The module keeps its own state (one
 * master per process). */
#include "master.h"

void watch_start(shoal_master *m);
void watch_stop(void);
#endif
