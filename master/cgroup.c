/* cgroup: CPU quota, affinity and memory limit of this process's cgroup.
 * See cgroup.h. */
#define _GNU_SOURCE
#include "cgroup.h"

#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NO_LIMIT_V1 (1ull << 62) /* v1 writes "unlimited" as a page-rounded LLONG_MAX */

typedef struct mount_dir {
  char root[256];  /* the cgroup path the mount shows at its top */
  char point[256]; /* where it is mounted */
} mount_dir;

/* Copies src into dst (cap bytes), cut short when too long. */
static void copy_str(char *dst, size_t cap, const char *src) {
  size_t n = strlen(src);
  if (n >= cap) n = cap - 1;
  memcpy(dst, src, n);
  dst[n] = 0;
}

/* dir + "/" + name into out; false when it does not fit. */
static bool join(char *out, size_t cap, const char *dir, const char *name) {
  int n = snprintf(out, cap, "%s/%s", dir, name);
  return n > 0 && (size_t)n < cap;
}

/* Is WORD one of the comma-separated words of LIST? */
static bool has_word(const char *list, const char *word) {
  size_t n = strlen(word);
  for (const char *p = list; p && *p;) {
    const char *end = strchr(p, ',');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if (len == n && strncmp(p, word, n) == 0) return true;
    p = end ? end + 1 : NULL;
  }
  return false;
}

/* The mount of the v2 hierarchy (controller NULL) or of the v1 hierarchy
 * carrying controller, from /proc/self/mountinfo. */
static bool find_mount(const char *controller, mount_dir *out) {
  FILE *f = fopen("/proc/self/mountinfo", "r");
  if (!f) return false;
  char line[1024];
  bool found = false;
  while (!found && fgets(line, sizeof line, f)) {
    char root[256], point[256], fstype[64], source[64], opts[512];
    const char *dash = strstr(line, " - ");
    if (!dash || sscanf(line, "%*s %*s %*s %255s %255s", root, point) != 2) continue;
    if (sscanf(dash + 3, "%63s %63s %511s", fstype, source, opts) != 3) continue;
    if (controller ? strcmp(fstype, "cgroup") == 0 && has_word(opts, controller)
                   : strcmp(fstype, "cgroup2") == 0) {
      snprintf(out->root, sizeof out->root, "%s", root);
      snprintf(out->point, sizeof out->point, "%s", point);
      found = true;
    }
  }
  fclose(f);
  return found;
}

/* This process's cgroup path in the v2 hierarchy (controller NULL) or in the
 * v1 hierarchy of controller, from /proc/self/cgroup. */
static bool find_cgroup(const char *controller, char *path, size_t len) {
  FILE *f = fopen("/proc/self/cgroup", "r");
  if (!f) return false;
  char line[1024];
  bool found = false;
  while (!found && fgets(line, sizeof line, f)) {
    line[strcspn(line, "\n")] = 0;
    char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    if (!c2) continue;
    *c2 = 0;
    const char *ctrls = c1 + 1;
    bool match = controller ? has_word(ctrls, controller) : strcmp(line, "0") == 0 && !*ctrls;
    if (match) {
      snprintf(path, len, "%s", c2 + 1);
      found = true;
    }
  }
  fclose(f);
  return found;
}

/* The folder of this process's cgroup in that hierarchy. The mount may show
 * a sub-tree (a container's): its root is then cut off the path. */
static bool cgroup_dir(const char *controller, char *dir, size_t len, size_t *mount_len) {
  mount_dir md;
  char path[512];
  if (!find_mount(controller, &md) || !find_cgroup(controller, path, sizeof path)) return false;
  const char *rel = path;
  size_t rl = strlen(md.root);
  if (strcmp(md.root, "/") != 0 && strncmp(path, md.root, rl) == 0) rel = path + rl;
  if (strcmp(rel, "/") == 0) rel = "";
  int n = snprintf(dir, len, "%s%s", md.point, rel);
  if (n < 0 || (size_t)n >= len) return false;
  *mount_len = strlen(md.point);
  return true;
}

/* Reads the first two words of a small file; returns how many. */
static int read_words(const char *file, char *a, char *b, size_t len) {
  FILE *f = fopen(file, "r");
  if (!f) return 0;
  char line[256] = "";
  bool ok = fgets(line, sizeof line, f) != NULL;
  fclose(f);
  if (!ok) return 0;
  char fmt[32];
  snprintf(fmt, sizeof fmt, "%%%zus %%%zus", len - 1, len - 1);
  return sscanf(line, fmt, a, b);
}

/* Strips the last component of dir; false at the mount point. */
static bool parent_dir(char *dir, size_t mount_len) {
  char *slash = strrchr(dir, '/');
  if (!slash || (size_t)(slash - dir) < mount_len) return false;
  *slash = 0;
  return true;
}

/* A quota (in CPUs: quota/period) tighter than the one in out? */
static void take_quota(cgroup_info *out, uint64_t quota, uint64_t period, const char *file) {
  if (!quota || !period) return;
  if (out->cpu_quota && quota * out->cpu_period >= out->cpu_quota * period) return;
  out->cpu_quota = quota;
  out->cpu_period = period;
  copy_str(out->cpu_file, sizeof out->cpu_file, file);
}

static void take_memory(cgroup_info *out, uint64_t bytes, const char *file) {
  if (!bytes || bytes >= NO_LIMIT_V1) return;
  if (out->memory_max && bytes >= out->memory_max) return;
  out->memory_max = bytes;
  copy_str(out->memory_file, sizeof out->memory_file, file);
}

/* Walks from dir up to the mount point (mount_len bytes of dir), calling
 * visit on each folder. */
static void walk_up(cgroup_info *out, char *dir, size_t mount_len,
                    void (*visit)(cgroup_info *, const char *)) {
  do visit(out, dir);
  while (parent_dir(dir, mount_len));
}

static void visit_v2(cgroup_info *out, const char *dir) {
  char file[600], a[32], b[32];
  if (join(file, sizeof file, dir, "cpu.max") && read_words(file, a, b, sizeof a) == 2 &&
      strcmp(a, "max") != 0)
    take_quota(out, strtoull(a, NULL, 10), strtoull(b, NULL, 10), file);
  if (join(file, sizeof file, dir, "memory.max") && read_words(file, a, b, sizeof a) >= 1 &&
      strcmp(a, "max") != 0)
    take_memory(out, strtoull(a, NULL, 10), file);
}

static void visit_v1_cpu(cgroup_info *out, const char *dir) {
  char qf[600], pf[600], q[32], p[32], unused[32];
  if (!join(qf, sizeof qf, dir, "cpu.cfs_quota_us") ||
      !join(pf, sizeof pf, dir, "cpu.cfs_period_us"))
    return;
  if (read_words(qf, q, unused, sizeof q) < 1 || read_words(pf, p, unused, sizeof p) < 1) return;
  if (q[0] == '-') return; /* -1: no quota */
  take_quota(out, strtoull(q, NULL, 10), strtoull(p, NULL, 10), qf);
}

static void visit_v1_memory(cgroup_info *out, const char *dir) {
  char file[600], a[32], unused[32];
  if (join(file, sizeof file, dir, "memory.limit_in_bytes") &&
      read_words(file, a, unused, sizeof a) >= 1)
    take_memory(out, strtoull(a, NULL, 10), file);
}

/* Walks the hierarchy of controller (NULL: v2) from this process's cgroup
 * up to its mount point. */
static void walk_hierarchy(cgroup_info *out, const char *controller,
                           void (*visit)(cgroup_info *, const char *)) {
  char dir[512];
  size_t mount_len;
  if (cgroup_dir(controller, dir, sizeof dir, &mount_len)) walk_up(out, dir, mount_len, visit);
}

static int count_affinity(int host) {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return host;
  int n = CPU_COUNT(&set);
  return n > 0 ? n : host;
}

void cgroup_read(cgroup_info *out) {
  memset(out, 0, sizeof *out);
  long host = sysconf(_SC_NPROCESSORS_ONLN);
  out->host_cpus = host > 0 ? (int)host : 1;
  out->affinity_cpus = count_affinity(out->host_cpus);
  /* v2 first; a hybrid host binds cpu and memory to v1 hierarchies instead,
   * and the v2 folder then has neither file. */
  walk_hierarchy(out, NULL, visit_v2);
  if (!out->cpu_quota) walk_hierarchy(out, "cpu", visit_v1_cpu);
  if (!out->memory_max) walk_hierarchy(out, "memory", visit_v1_memory);
}

int cgroup_auto_workers(const cgroup_info *ci, char *why, size_t whylen) {
  int n = ci->affinity_cpus;
  if (ci->cpu_quota) {
    uint64_t q = (ci->cpu_quota + ci->cpu_period - 1) / ci->cpu_period;
    if (q < 1) q = 1;
    if (q < (uint64_t)n) n = (int)q;
    snprintf(why, whylen, "cgroup CPU quota %.2f (%s), %d of %d CPUs in the affinity mask",
             (double)ci->cpu_quota / (double)ci->cpu_period, ci->cpu_file, ci->affinity_cpus,
             ci->host_cpus);
  } else {
    snprintf(why, whylen, "no cgroup CPU quota, %d of %d CPUs in the affinity mask",
             ci->affinity_cpus, ci->host_cpus);
  }
  return n < 1 ? 1 : n;
}

uint64_t cgroup_default_heap_mb(const cgroup_info *ci, int workers, uint64_t default_mb, char *why,
                                size_t whylen) {
  if (!ci->memory_max) {
    snprintf(why, whylen, "default (no cgroup memory limit)");
    return default_mb;
  }
  uint64_t mb = ci->memory_max / 4 * 3 / (uint64_t)(workers > 0 ? workers : 1) >> 20;
  if (mb < 16) mb = 16;
  if (mb > default_mb) mb = default_mb;
  snprintf(why, whylen, "75%% of the cgroup memory limit %llu MiB (%s) / %d workers, at most %llu",
           (unsigned long long)(ci->memory_max >> 20), ci->memory_file, workers,
           (unsigned long long)default_mb);
  return mb;
}
