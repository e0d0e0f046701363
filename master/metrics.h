#ifndef SHOAL_MASTER_METRICS_H
#define SHOAL_MASTER_METRICS_H
/* metrics: the cluster's counters in the Prometheus text format, from the
 * workers' heartbeats and the master's own events. Returns a malloc'd
 * string. */
struct shoal_master;

char *metrics_render(struct shoal_master *m);
/* Serves GET /metrics, /status.json and /dashboard (dashboard.h) on the
 * config's metrics.listen (HOST:PORT), and GET /events: the status JSON as
 * server-sent events, one a second, to at most 16 readers at once (within
 * the listener's 32 connections). */
int metrics_listen(struct shoal_master *m);
void metrics_close(struct shoal_master *m);
#endif
