#ifndef SHOAL_MASTER_METRICS_H
#define SHOAL_MASTER_METRICS_H
/* metrics: the cluster's counters in the Prometheus text format, from the
 * workers' heartbeats and the master's own events. Returns a malloc'd
 * string. */
struct shoal_master;

char *metrics_render(struct shoal_master *m);
/* Serves GET /metrics, /status.json and /dashboard (dashboard.h) on the
 * config's metrics.listen (HOST:PORT). */
int metrics_listen(struct shoal_master *m);
void metrics_close(struct shoal_master *m);
#endif
