#ifndef SHOAL_MASTER_CGROUP_H
#define SHOAL_MASTER_CGROUP_H
/* cgroup: what this process may use as its container sees it, for
 * `workers: "auto"` and the default `limits.heap_mb` (config.c):
 *
 *   - the CPU quota of its cgroup: v2 `cpu.max` ("QUOTA PERIOD" or "max"),
 *     v1 `cpu.cfs_quota_us` / `cpu.cfs_period_us` (-1: none); the smallest
 *     of the cgroup and its ancestors;
 *   - the CPU affinity mask (sched_getaffinity: `taskset`, cpusets);
 *   - the memory limit: v2 `memory.max`, v1 `memory.limit_in_bytes`; the
 *     smallest of the cgroup and its ancestors.
 *
 * The cgroup files are found through /proc/self/mountinfo and
 * /proc/self/cgroup, so a hybrid host (v1 controllers beside an empty v2
 * hierarchy) and a container with its own cgroup namespace both work.
 * Everything is plain data: no pointer is owned. */
#include <stddef.h>
#include <stdint.h>

typedef struct cgroup_info {
  int host_cpus;       /* online CPUs of the machine */
  int affinity_cpus;   /* CPUs this process may run on (host_cpus when unknown) */
  uint64_t cpu_quota;  /* microseconds per cpu_period; 0 = no quota */
  uint64_t cpu_period; /* microseconds */
  char cpu_file[256];  /* where the quota was read ("" when none) */
  uint64_t memory_max; /* bytes; 0 = no limit */
  char memory_file[256];
} cgroup_info;

/* Reads the limits of the calling process. Never fails: what cannot be read
 * counts as "no limit". */
void cgroup_read(cgroup_info *out);

/* `workers: "auto"`: the quota in CPUs rounded up, at least 1, at most the
 * affinity count (or the affinity count without a quota). Writes where the
 * number came from into why, e.g.
 * "cgroup quota 1.50 CPUs (/sys/fs/cgroup/x/cpu.max), 2 CPUs in the affinity mask". */
int cgroup_auto_workers(const cgroup_info *ci, char *why, size_t whylen);

/* The default limits.heap_mb: 75 % of the memory limit shared by the
 * workers, at least 16, at most default_mb (also the value without a
 * limit). Writes where it came from into why. */
uint64_t cgroup_default_heap_mb(const cgroup_info *ci, int workers, uint64_t default_mb, char *why,
                                size_t whylen);
#endif
