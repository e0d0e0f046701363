/* dashboard: see dashboard.h. */
#include "dashboard.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "control.h"

/* The page: a table of the workers and a plot of the cluster's requests/s
 * and p99 over the last ten minutes, from the master's event stream (GET
 * /events, one status a second). Values are put in with textContent:
 * nothing from the status is parsed as HTML. */
static const char page[] =
    "<!doctype html>\n"
    "<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
    "<title>shoal dashboard</title>\n"
    "<style>\n"
    "body{font:14px system-ui,sans-serif;margin:1.5em;color:#222;background:#fafafa}\n"
    "table{border-collapse:collapse;margin-top:1em}\n"
    "th,td{padding:.25em .7em;text-align:right;border-bottom:1px solid #ddd}\n"
    "th{background:#eee}td.s{text-align:left}\n"
    ".busy,.draining,.starting{color:#b35c00}.down{color:#b00}\n"
    "canvas{border:1px solid #ccc;background:#fff;margin-top:1em}\n"
    ".rps{color:#2a6}.p99{color:#c50}\n"
    "</style></head><body>\n"
    "<h1>shoal</h1>\n"
    "<div id=\"head\">connecting&hellip;</div>\n"
    "<canvas id=\"plot\" width=\"600\" height=\"120\"></canvas>\n"
    "<div>last 10 minutes: <span class=\"rps\">requests/s (max <span id=\"max\">0</span>)</span>,\n"
    "<span class=\"p99\">p99 (max <span id=\"pmax\">-</span> ms)</span>\n"
    "over the last <span id=\"win\">10</span> s</div>\n"
    "<table><thead><tr><th>id</th><th>pid</th><th>gen</th><th>state</th><th>req/s</th>\n"
    "<th>p50</th><th>p99</th><th>in "
    "flight</th><th>conns</th><th>requests</th><th>RSS</th><th>heap</th>\n"
    "<th>CPU %</th><th>lag</th><th>heartbeat</th><th>uptime</th><th>restarts</th>\n"
    "<th>last exit</th></tr></thead>\n"
    "<tbody id=\"workers\"></tbody></table>\n"
    "<script>\n"
    "'use strict';\n"
    "const hist = [], p99s = [];\n"
    "const mb = (b) => (b / 1048576).toFixed(1) + ' MiB';\n"
    "const ms = (v) => v === null ? '-' : v.toFixed(v < 10 ? 1 : 0) + ' ms';\n"
    "function cell(tr, text, cls) {\n"
    "  const td = document.createElement('td');\n"
    "  td.textContent = text;\n"
    "  if (cls) td.className = cls;\n"
    "  tr.appendChild(td);\n"
    "}\n"
    "function line(g, c, data, max, color) {\n"
    "  g.beginPath();\n"
    "  data.forEach((v, i) => {\n"
    "    const x = (i + 600 - data.length) * c.width / 600;\n"
    "    if (v !== null) g.lineTo(x, c.height - v / max * (c.height - 4));\n"
    "  });\n"
    "  g.strokeStyle = color;\n"
    "  g.stroke();\n"
    "}\n"
    "function plot() {\n"
    "  const c = document.getElementById('plot'), g = c.getContext('2d');\n"
    "  const max = Math.max(1, ...hist), pmax = Math.max(1, ...p99s.filter((v) => v !== null));\n"
    "  document.getElementById('max').textContent = max.toFixed(1);\n"
    "  document.getElementById('pmax').textContent = pmax.toFixed(0);\n"
    "  g.clearRect(0, 0, c.width, c.height);\n"
    "  line(g, c, hist, max, '#2a6');\n"
    "  line(g, c, p99s, pmax, '#c50');\n"
    "}\n"
    "function draw(st) {\n"
    "  const m = st.master, r = st.restarts;\n"
    "  let rps = 0;\n"
    "  const body = document.getElementById('workers');\n"
    "  body.textContent = '';\n"
    "  for (const w of st.workers.slice().sort((a, b) => a.id - b.id)) {\n"
    "    rps += w.rps;\n"
    "    const tr = document.createElement('tr');\n"
    "    cell(tr, w.id); cell(tr, w.pid); cell(tr, w.generation);\n"
    "    cell(tr, w.state, 's ' + w.state);\n"
    "    cell(tr, w.rps.toFixed(1)); cell(tr, ms(w.p50_ms)); cell(tr, ms(w.p99_ms));\n"
    "    cell(tr, w.inflight); cell(tr, w.open_conns);\n"
    "    cell(tr, w.requests); cell(tr, mb(w.rss)); cell(tr, mb(w.heap));\n"
    "    cell(tr, w.cpu_pct.toFixed(1)); cell(tr, w.lag_ms.toFixed(0) + ' ms');\n"
    "    cell(tr, w.heartbeat_age_ms < 0 ? '-' : (w.heartbeat_age_ms / 1000).toFixed(1) + ' s');\n"
    "    cell(tr, w.uptime_s + ' s'); cell(tr, w.restarts);\n"
    "    const e = w.last_exit;\n"
    "    cell(tr, e ? `${e.text}, worker ${e.worker}, ${e.ago_s} s ago` : '-', 's');\n"
    "    body.appendChild(tr);\n"
    "  }\n"
    "  const h = document.getElementById('head');\n"
    "  h.className = '';\n"
    "  h.textContent =\n"
    "    `master pid ${m.pid}, version ${m.version}, generation ${m.generation}, ` +\n"
    "    `up ${m.uptime_s} s, ${st.workers.length} workers, ${rps.toFixed(1)} requests/s, ` +\n"
    "    `p50 ${ms(st.latency.p50_ms)}, p99 ${ms(st.latency.p99_ms)}; ` +\n"
    "    `restarts: crash ${r.crash}, watchdog ${r.watchdog}, ready timeout ${r.ready_timeout}, ` "
    "+\n"
    "    `max requests ${r.max_requests}, heap ${r.heap}` +\n"
    "    (m.health_down ? ' (drained: health answers 503)' : '');\n"
    "  document.getElementById('win').textContent = st.latency.window_s;\n"
    "  hist.push(rps);\n"
    "  p99s.push(st.latency.p99_ms);\n"
    "  if (hist.length > 600) { hist.shift(); p99s.shift(); }\n"
    "  plot();\n"
    "}\n"
    "function down(text) {\n"
    "  const h = document.getElementById('head');\n"
    "  h.textContent = text;\n"
    "  h.className = 'down';\n"
    "}\n"
    "/* Live: one event a second from the master (GET /events); status.json\n"
    " * once a second where EventSource is missing. */\n"
    "if (window.EventSource) {\n"
    "  const es = new EventSource('events');\n"
    "  es.addEventListener('status', (ev) => {\n"
    "    document.body.dataset.events = (+document.body.dataset.events || 0) + 1;\n"
    "    draw(JSON.parse(ev.data));\n"
    "  });\n"
    "  es.onerror = () => down('the master does not answer (reconnecting)');\n"
    "} else {\n"
    "  (async function poll() {\n"
    "    try {\n"
    "      const res = await fetch('status.json', { cache: 'no-store' });\n"
    "      draw(await res.json());\n"
    "    } catch (e) {\n"
    "      down('the master does not answer: ' + e.message);\n"
    "    }\n"
    "    setTimeout(poll, 1000);\n"
    "  })();\n"
    "}\n"
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
