#ifndef SHOAL_MASTER_DASHBOARD_H
#define SHOAL_MASTER_DASHBOARD_H
/* dashboard: the status pages the master serves beside /metrics on
 * metrics.listen: GET /status.json (what `ctl status --json` answers, with
 * the live rates `ctl top` shows) and GET /dashboard, one self-contained
 * HTML page (inline CSS and JS, no external asset) that follows the
 * master's event stream (GET /events, metrics.c) and redraws the per-worker
 * table and a plot of requests/s and p99 every second. */
struct shoal_master;

/* The body for path ("/dashboard", "/status.json"; malloc'd) and its
 * content type; NULL for any other path. */
char *dashboard_render(struct shoal_master *m, const char *path, const char **content_type);
#endif
