/* dashboard: see dashboard.h. */
#include "dashboard.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "control.h"

/* The page: a table of the workers and a plot of the cluster's requests/s
 * over the last ten minutes, from /status.json once a second. Values are
 * put in with textContent: nothing from the status is parsed as HTML. */
static const char page[] =
    "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
    "<title>shoal dashboard</title>\n"
    "<style>\n"
    "body{font:14px system-ui,sans-serif;margin:1.5em;color:#222;background:#fafafa}\n"
    "table{border-collapse:collapse;margin-top:1em}\n"
    "th,td{padding:.25em .7em;text-align:right;border-bottom:1px solid #ddd}\n"
    "th{background:#eee}td.s{text-align:left}\n"
    ".busy,.draining,.starting{color:#b35c00}.down{color:#b00}\n"
    "canvas{border:1px solid #ccc;background:#fff;margin-top:1em}\n"
    "</style></head><body>\n"
    "<h1>shoal</h1>\n"
    "<div id=\"head\">connecting&hellip;</div>\n"
    "<canvas id=\"plot\" width=\"600\" height=\"120\"></canvas>\n"
    "<div>requests/s, last 10 minutes (max <span id=\"max\">0</span>)</div>\n"
    "<table><thead><tr><th>id</th><th>pid</th><th>gen</th><th>state</th><th>req/s</th>"
    "<th>in flight</th><th>conns</th><th>requests</th><th>RSS</th><th>heap</th>"
    "<th>CPU %</th><th>lag</th><th>heartbeat</th><th>uptime</th></tr></thead>\n"
    "<tbody id=\"workers\"></tbody></table>\n"
    "<script>\n"
    "'use strict';\n"
    "const hist = [];\n"
    "const mb = (b) => (b / 1048576).toFixed(1) + ' MiB';\n"
    "function cell(tr, text, cls) {\n"
    "  const td = document.createElement('td');\n"
    "  td.textContent = text;\n"
    "  if (cls) td.className = cls;\n"
    "  tr.appendChild(td);\n"
    "}\n"
    "function plot() {\n"
    "  const c = document.getElementById('plot'), g = c.getContext('2d');\n"
    "  const max = Math.max(1, ...hist);\n"
    "  document.getElementById('max').textContent = max.toFixed(1);\n"
    "  g.clearRect(0, 0, c.width, c.height);\n"
    "  g.beginPath();\n"
    "  hist.forEach((v, i) => g.lineTo(i * c.width / 600, c.height - v / max * (c.height - 4)));\n"
    "  g.strokeStyle = '#2a6';\n"
    "  g.stroke();\n"
    "}\n"
    "function draw(st) {\n"
    "  const m = st.master, r = st.restarts;\n"
    "  let rps = 0;\n"
    "  const body = document.getElementById('workers');\n"
    "  body.textContent = '';\n"
    "  for (const w of st.workers) {\n"
    "    rps += w.rps;\n"
    "    const tr = document.createElement('tr');\n"
    "    cell(tr, w.id); cell(tr, w.pid); cell(tr, w.generation);\n"
    "    cell(tr, w.state, 's ' + w.state);\n"
    "    cell(tr, w.rps.toFixed(1)); cell(tr, w.inflight); cell(tr, w.open_conns);\n"
    "    cell(tr, w.requests); cell(tr, mb(w.rss)); cell(tr, mb(w.heap));\n"
    "    cell(tr, w.cpu_pct.toFixed(1)); cell(tr, w.lag_ms.toFixed(0) + ' ms');\n"
    "    cell(tr, w.heartbeat_age_ms < 0 ? '-' : (w.heartbeat_age_ms / 1000).toFixed(1) + ' s');\n"
    "    cell(tr, w.uptime_s + ' s');\n"
    "    body.appendChild(tr);\n"
    "  }\n"
    "  document.getElementById('head').textContent =\n"
    "    `master pid ${m.pid}, version ${m.version}, generation ${m.generation}, ` +\n"
    "    `up ${m.uptime_s} s, ${st.workers.length} workers, ${rps.toFixed(1)} requests/s; ` +\n"
    "    `restarts: crash ${r.crash}, watchdog ${r.watchdog}, ready timeout ${r.ready_timeout}, ` "
    "+\n"
    "    `max requests ${r.max_requests}, heap ${r.heap}` +\n"
    "    (m.health_down ? ' (drained: health answers 503)' : '');\n"
    "  hist.push(rps);\n"
    "  if (hist.length > 600) hist.shift();\n"
    "  plot();\n"
    "}\n"
    "async function poll() {\n"
    "  try {\n"
    "    const res = await fetch('status.json', { cache: 'no-store' });\n"
    "    draw(await res.json());\n"
    "  } catch (e) {\n"
    "    const h = document.getElementById('head');\n"
    "    h.textContent = 'the master does not answer: ' + e.message;\n"
    "    h.className = 'down';\n"
    "  }\n"
    "  setTimeout(poll, 1000);\n"
    "}\n"
    "poll();\n"
    "</script></body></html>\n";

char *dashboard_render(struct shoal_master *m, const char *path, const char **content_type) {
  if (strcmp(path, "/dashboard") == 0) {
    *content_type = "text/html; charset=utf-8";
    return strdup(page);
  }
  if (strcmp(path, "/status.json") == 0) {
    *content_type = "application/json";
    json_t *st = control_status(m);
    char *text = json_dumps(st, JSON_COMPACT);
    json_decref(st);
    return text;
  }
  return NULL;
}
