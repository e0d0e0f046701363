/* watch: reload on changes under the app's folder. See watch.h. */
#include "watch.h"

#include <dirent.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DEBOUNCE_MS 200
#define FOLDERS_MAX 4096

typedef struct folder {
  uv_fs_event_t ev;
  char *rel; /* relative to the app's folder ("" for itself) */
} folder;

static struct {
  shoal_master *m;
  char root[1024];
  folder **folders;
  size_t nfolders;
  uv_timer_t debounce;
  bool started;
} W;

/* The master's own files (the access log, the control socket) change as it
 * runs: a reload for each would never end. */
static bool own_file(const char *rel) {
  shoal_config *c = &W.m->cfg;
  char full[2048];
  snprintf(full, sizeof full, "%s/%s", W.root, rel);
  return (c->access_log && strcmp(full, c->access_log) == 0) ||
         (c->control_socket && strcmp(full, c->control_socket) == 0);
}

static bool ignored(const char *rel, const char *name) {
  if (name[0] == '.' || strcmp(name, "node_modules") == 0 || own_file(rel)) return true;
  shoal_config *c = &W.m->cfg;
  for (size_t i = 0; i < c->nwatch_ignore; i++) {
    if (fnmatch(c->watch_ignore[i], rel, 0) == 0 || fnmatch(c->watch_ignore[i], name, 0) == 0)
      return true;
  }
  return false;
}

static void free_folder(uv_handle_t *h) {
  folder *f = h->data;
  free(f->rel);
  free(f);
}

static void on_change(uv_fs_event_t *h, const char *name, int events, int status);

static void add_folder(const char *rel) {
  if (W.nfolders >= FOLDERS_MAX) return;
  char path[2048];
  snprintf(path, sizeof path, "%s%s%s", W.root, *rel ? "/" : "", rel);
  folder *f = calloc(1, sizeof *f);
  f->rel = strdup(rel);
  uv_fs_event_init(W.m->loop, &f->ev);
  f->ev.data = f;
  if (uv_fs_event_start(&f->ev, on_change, path, 0) != 0) {
    uv_close((uv_handle_t *)&f->ev, free_folder);
    return;
  }
  W.folders = realloc(W.folders, (W.nfolders + 1) * sizeof *W.folders);
  W.folders[W.nfolders++] = f;
  DIR *d = opendir(path);
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d))) {
    char sub[2048], full[4096];
    snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
    snprintf(full, sizeof full, "%s/%s", W.root, sub);
    struct stat st;
    if (ignored(sub, e->d_name) || lstat(full, &st) != 0 || !S_ISDIR(st.st_mode)) continue;
    add_folder(sub);
  }
  closedir(d);
}

static void close_folders(void) {
  for (size_t i = 0; i < W.nfolders; i++) uv_close((uv_handle_t *)&W.folders[i]->ev, free_folder);
  free(W.folders);
  W.folders = NULL;
  W.nfolders = 0;
}

/* Folders may have come or gone: watch the tree as it is now. */
static void rescan(void) {
  close_folders();
  add_folder("");
}

static void on_quiet(uv_timer_t *t) {
  (void)t;
  shoal_master *m = W.m;
  if (m->stopping) return;
  if (m->op.kind != OP_NONE) { /* a reload still running: try once it is over */
    uv_timer_start(&W.debounce, on_quiet, DEBOUNCE_MS, 0);
    return;
  }
  rescan();
  master_log(m, "watch: files changed under %s: reloading", W.root);
  master_reload(m, NULL);
}

static void on_change(uv_fs_event_t *h, const char *name, int events, int status) {
  (void)events;
  folder *f = h->data;
  if (status < 0 || !name) return;
  char rel[2048];
  snprintf(rel, sizeof rel, "%s%s%s", f->rel, *f->rel ? "/" : "", name);
  if (ignored(rel, name)) return;
  uv_timer_start(&W.debounce, on_quiet, DEBOUNCE_MS, 0); /* debounce: restarts the wait */
}

void watch_start(shoal_master *m) {
  W.m = m;
  const char *slash = strrchr(m->cfg.app, '/');
  size_t n = slash ? (size_t)(slash - m->cfg.app) : 0;
  if (n == 0 || n >= sizeof W.root) n = 1;
  memcpy(W.root, m->cfg.app, n);
  W.root[n] = 0;
  uv_timer_init(m->loop, &W.debounce);
  W.started = true;
  add_folder("");
  master_log(m, "watch: %zu folders under %s (reload on change)", W.nfolders, W.root);
}

void watch_stop(void) {
  if (!W.started) return;
  W.started = false;
  uv_timer_stop(&W.debounce);
  uv_close((uv_handle_t *)&W.debounce, NULL);
  close_folders();
}
