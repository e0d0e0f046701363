/* inspector_server: see inspector_server.h. */
#define _GNU_SOURCE
#include "inspector_server.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uv.h>

#include "cpu_guard.h"
#include "runtime.h"
#include "ws_frame.h"

#define HTTP_HEAD_MAX 16384
#define PAUSE_WAIT_NS 100000000u /* the paused worker tells its CPU guard it is not stuck */
#define NODE_VERSION_SHOWN "node.js/v20.0.0"

/* --- the two queues ---------------------------------------------------------------- */

typedef enum { EV_CONNECT, EV_MESSAGE, EV_DISCONNECT } event_kind;

typedef struct msg {
  struct msg *next;
  event_kind kind;
  uint64_t session; /* answers of a session that ended are dropped */
  size_t len;
  char data[];
} msg;

typedef struct queue {
  uv_mutex_t lock;
  uv_cond_t cond;
  msg *head, **tail;
} queue;

static void queue_init(queue *q) {
  uv_mutex_init(&q->lock);
  uv_cond_init(&q->cond);
  q->head = NULL;
  q->tail = &q->head;
}

static msg *msg_new(event_kind kind, uint64_t session, const char *data, size_t len) {
  msg *m = malloc(sizeof *m + len);
  if (!m) return NULL;
  m->next = NULL;
  m->kind = kind;
  m->session = session;
  m->len = len;
  if (len) memcpy(m->data, data, len);
  return m;
}

static void queue_push(queue *q, msg *m) {
  if (!m) return;
  uv_mutex_lock(&q->lock);
  *q->tail = m;
  q->tail = &m->next;
  uv_cond_signal(&q->cond);
  uv_mutex_unlock(&q->lock);
}

/* The oldest message, or NULL; waits up to wait_ns (0: not at all). */
static msg *queue_pop(queue *q, uint64_t wait_ns) {
  uv_mutex_lock(&q->lock);
  if (!q->head && wait_ns) uv_cond_timedwait(&q->cond, &q->lock, wait_ns);
  msg *m = q->head;
  if (m) {
    q->head = m->next;
    if (!q->head) q->tail = &q->head;
  }
  uv_mutex_unlock(&q->lock);
  return m;
}

/* --- state ------------------------------------------------------------------------------ */

static sh_rt *rt;
static busy_page *page;
static sh_inspector *ins;
static sh_inspector_session *devtools; /* the attached client's session */
static queue to_js, to_client;
static uv_async_t js_wake; /* on the worker's loop */
static sh_interrupt js_interrupt;
static atomic_bool interrupt_pending;
static bool dispatching;    /* on the JavaScript thread: no nested dispatch outside a pause */
static uint64_t js_session; /* the session the JavaScript thread serves */
static void (*paused_hook)(void);

static uv_loop_t loop; /* the transport's */
static uv_thread_t thread;
static uv_tcp_t server;
static uv_async_t client_wake; /* answers to write */
static uv_async_t stop_wake;   /* inspector_close */
static int bound_port;
static char target_id[37];
static char *app_file;

/* --- the JavaScript thread ------------------------------------------------------------- */

static void send_to_client(void *data, const char *text, size_t len);

static void handle_event(msg *m) {
  switch (m->kind) {
    case EV_CONNECT:
      js_session = m->session;
      if (devtools) sh_inspector_session_free(devtools);
      devtools = sh_inspector_session_new(ins, send_to_client, NULL);
      break;
    case EV_MESSAGE:
      if (m->session == js_session && devtools)
        sh_inspector_session_dispatch(devtools, m->data, m->len);
      break;
    case EV_DISCONNECT:
      if (m->session == js_session && devtools) {
        sh_inspector_session_free(devtools); /* a pause ends: nobody resumes it */
        devtools = NULL;
      }
      break;
  }
  free(m);
}

/* Everything queued, one at a time (a message may pause JavaScript, and
 * the pause loop then takes the following ones). */
static void drain(void) {
  if (dispatching) return;
  dispatching = true;
  for (msg *m; (m = queue_pop(&to_js, 0));) handle_event(m);
  dispatching = false;
}

static void on_js_wake(uv_async_t *a) {
  (void)a;
  drain();
}

static void on_js_interrupt(void *data) {
  (void)data;
  atomic_store(&interrupt_pending, false);
  drain();
}

/* Paused: the worker's loop stands still; the client's messages come here.
 * Without a client (an `inspector.Session` paused JavaScript) nobody could
 * resume: JavaScript goes on. */
static bool pause_wait(void *data) {
  (void)data;
  if (!devtools) return false;
  bool was = dispatching;
  dispatching = true;
  cpu_guard_paused(); /* paused by the developer: neither stuck nor over a CPU limit */
  if (paused_hook) paused_hook();
  for (msg *m = queue_pop(&to_js, PAUSE_WAIT_NS); m; m = queue_pop(&to_js, 0)) {
    handle_event(m);
    if (!sh_inspector_paused(ins)) break; /* resumed: the rest when JavaScript runs */
  }
  dispatching = was;
  return devtools != NULL;
}

static void send_to_client(void *data, const char *text, size_t len) {
  (void)data;
  queue_push(&to_client, msg_new(EV_MESSAGE, js_session, text, len));
  uv_async_send(&client_wake);
}

/* From the transport thread: a message for the JavaScript thread. */
static void post_to_js(event_kind kind, uint64_t session, const char *data, size_t len) {
  queue_push(&to_js, msg_new(kind, session, data, len));
  uv_async_send(&js_wake);
  if (!atomic_exchange(&interrupt_pending, true)) sh_request_interrupt(rt, &js_interrupt);
}

/* --- the transport thread: connections ------------------------------------------------- */

typedef struct conn {
  uv_tcp_t tcp;
  char *buf;
  size_t len, cap;
  bool ws, closing, close_after_write;
  int writes; /* uv_writes not yet called back */
  uint64_t session;
  char *message; /* a fragmented message being reassembled */
  size_t message_len;
} conn;

typedef struct write_req {
  uv_write_t req;
  conn *c;
  char data[];
} write_req;

static conn *client; /* the attached DevTools client */
static uint64_t sessions;

static void on_closed(uv_handle_t *h) {
  conn *c = h->data;
  free(c->buf);
  free(c->message);
  free(c);
}

static void conn_close(conn *c) {
  if (c->closing) return;
  c->closing = true;
  if (c == client) {
    client = NULL;
    post_to_js(EV_DISCONNECT, c->session, NULL, 0);
    if (page) atomic_store(&page->debugger, 0);
  }
  uv_close((uv_handle_t *)&c->tcp, on_closed);
}

static void on_written(uv_write_t *req, int status) {
  write_req *w = (write_req *)req;
  conn *c = w->c;
  free(w);
  c->writes--;
  if (status < 0 || (c->close_after_write && c->writes == 0)) conn_close(c);
}

/* Writes head then body (either may be empty) in one buffer. */
static void conn_write(conn *c, const void *head, size_t hlen, const void *body, size_t blen) {
  if (c->closing) return;
  write_req *w = malloc(sizeof *w + hlen + blen);
  if (!w) return conn_close(c);
  w->c = c;
  memcpy(w->data, head, hlen);
  if (blen) memcpy(w->data + hlen, body, blen);
  uv_buf_t b = uv_buf_init(w->data, (unsigned)(hlen + blen));
  if (uv_write(&w->req, (uv_stream_t *)&c->tcp, &b, 1, on_written) != 0) {
    free(w);
    conn_close(c);
    return;
  }
  c->writes++;
}

static void ws_send(conn *c, int opcode, const void *data, size_t len) {
  uint8_t hdr[WS_HEADER_MAX];
  conn_write(c, hdr, ws_frame_header(hdr, opcode, len), data, len);
}

static void ws_close(conn *c, int code) {
  uint8_t body[2] = {(uint8_t)(code >> 8), (uint8_t)code};
  ws_send(c, WS_CLOSE, body, 2);
  c->close_after_write = true;
}

static void on_client_wake(uv_async_t *a) {
  (void)a;
  for (msg *m; (m = queue_pop(&to_client, 0)); free(m))
    if (client && m->session == client->session) ws_send(client, WS_TEXT, m->data, m->len);
}

/* --- HTTP: the target list and the upgrade ---------------------------------------------- */

static void http_reply(conn *c, const char *status, const char *type, const char *body) {
  char head[256];
  size_t blen = strlen(body);
  int n = snprintf(head, sizeof head,
                   "HTTP/1.1 %s\r\nContent-Type: %s; charset=UTF-8\r\nCache-Control: no-cache\r\n"
                   "Content-Length: %zu\r\nConnection: close\r\n\r\n",
                   status, type, blen);
  c->close_after_write = true;
  conn_write(c, head, (size_t)n, body, blen);
}

/* The value of header name in the head (NUL-terminated), into out. */
static bool header(const char *head, const char *name, char *out, size_t cap) {
  size_t nlen = strlen(name);
  for (const char *p = strstr(head, "\r\n"); p; p = strstr(p, "\r\n")) {
    p += 2;
    if (strncasecmp(p, name, nlen) != 0 || p[nlen] != ':') continue;
    p += nlen + 1;
    while (*p == ' ' || *p == '\t') p++;
    size_t n = strcspn(p, "\r\n");
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t')) n--;
    if (n >= cap) return false;
    memcpy(out, p, n);
    out[n] = 0;
    return true;
  }
  return false;
}

/* As Node: a Host that is not an IP address or localhost is refused, so a
 * web page cannot reach the inspector through DNS rebinding. */
static bool host_allowed(const char *head) {
  char host[256];
  if (!header(head, "Host", host, sizeof host)) return true;
  if (host[0] == '[') return true; /* an IPv6 literal */
  char *colon = strrchr(host, ':');
  if (colon) *colon = 0;
  if (strcasecmp(host, "localhost") == 0) return true;
  return host[0] && strspn(host, "0123456789.") == strlen(host);
}

/* Node's /json/list entry for this worker. */
static char *target_json(void) {
  const char *file = app_file ? app_file : "";
  const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
  char *out = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&out, &len);
  if (!f) return NULL;
  fprintf(f,
          "[ {\n  \"description\": \"node.js instance\",\n"
          "  \"devtoolsFrontendUrl\": \"devtools://devtools/bundled/js_app.html?experiments=true&"
          "v8only=true&ws=127.0.0.1:%d/%s\",\n"
          "  \"devtoolsFrontendUrlCompat\": \"devtools://devtools/bundled/inspector.html?"
          "experiments=true&v8only=true&ws=127.0.0.1:%d/%s\",\n"
          "  \"faviconUrl\": \"https://nodejs.org/static/images/favicons/favicon.ico\",\n"
          "  \"id\": \"%s\",\n  \"title\": \"%s\",\n  \"type\": \"node\",\n"
          "  \"url\": \"file://%s\",\n"
          "  \"webSocketDebuggerUrl\": \"ws://127.0.0.1:%d/%s\"\n} ]\n\n",
          bound_port, target_id, bound_port, target_id, target_id, base, file, bound_port,
          target_id);
  fclose(f);
  return out;
}

static void upgrade(conn *c, const char *head) {
  char key[160], accept[29], up[64];
  if (!header(head, "Upgrade", up, sizeof up) || strcasecmp(up, "websocket") != 0 ||
      !header(head, "Sec-WebSocket-Key", key, sizeof key) ||
      ws_accept_key(key, strlen(key), accept) != 0)
    return http_reply(c, "400 Bad Request", "text/plain", "WebSockets request was expected\n");
  if (client)
    return http_reply(c, "400 Bad Request", "text/plain",
                      "Another debugger is attached to this worker (one at a time)\n");
  if (page) atomic_store(&page->debugger, 1); /* before the client can act */
  c->ws = true;
  c->session = ++sessions;
  client = c;
  post_to_js(EV_CONNECT, c->session, NULL, 0);
  char resp[256];
  int n = snprintf(resp, sizeof resp,
                   "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                   "Connection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n",
                   accept);
  conn_write(c, resp, (size_t)n, NULL, 0);
}

static void on_http(conn *c, char *head) {
  char method[16], path[512];
  if (sscanf(head, "%15s %511s", method, path) != 2)
    return http_reply(c, "400 Bad Request", "text/plain", "Bad request\n");
  if (!host_allowed(head))
    return http_reply(c, "400 Bad Request", "text/plain",
                      "Host header is not an IP address or localhost.\n");
  char ws_path[64];
  snprintf(ws_path, sizeof ws_path, "/%s", target_id);
  if (strcmp(path, ws_path) == 0) return upgrade(c, head);
  if (strcmp(path, "/json") == 0 || strcmp(path, "/json/list") == 0) {
    char *body = target_json();
    http_reply(c, "200 OK", "application/json", body ? body : "[]");
    return free(body);
  }
  if (strcmp(path, "/json/version") == 0)
    return http_reply(c, "200 OK", "application/json",
                      "{\n  \"Browser\": \"" NODE_VERSION_SHOWN
                      "\",\n"
                      "  \"Protocol-Version\": \"1.1\"\n}\n\n");
  http_reply(c, "404 Not Found", "text/plain", "Unknown path\n");
}

/* --- WebSocket frames ------------------------------------------------------------------- */

/* A text (or binary) message, whole: to the JavaScript thread. */
static bool on_data_frame(conn *c, const ws_frame *f) {
  if (f->opcode != WS_CONT) {
    if (c->message) return false; /* a new message inside a fragmented one */
    if (f->fin) {
      post_to_js(EV_MESSAGE, c->session, (const char *)f->payload, f->payload_len);
      return true;
    }
  } else if (!c->message) {
    return false;
  }
  if (c->message_len + f->payload_len > WS_MAX_PAYLOAD) return false;
  char *grown = realloc(c->message, c->message_len + f->payload_len + 1);
  if (!grown) return false;
  memcpy(grown + c->message_len, f->payload, f->payload_len);
  c->message = grown;
  c->message_len += f->payload_len;
  if (f->fin) {
    post_to_js(EV_MESSAGE, c->session, c->message, c->message_len);
    free(c->message);
    c->message = NULL;
    c->message_len = 0;
  }
  return true;
}

/* The frames in c->buf; returns the bytes used. */
static size_t on_frames(conn *c) {
  size_t used = 0;
  while (!c->closing && !c->close_after_write) {
    ws_frame f;
    ws_status s = ws_frame_parse((uint8_t *)c->buf + used, c->len - used, &f);
    if (s == WS_MORE) break;
    if (s != WS_OK) {
      ws_close(c, ws_close_code(s));
      break;
    }
    used += f.header_len + f.payload_len;
    if (f.opcode == WS_PING) ws_send(c, WS_PONG, f.payload, f.payload_len);
    else if (f.opcode == WS_CLOSE) ws_close(c, 1000);
    else if (f.opcode != WS_PONG && !on_data_frame(c, &f)) ws_close(c, 1002);
  }
  return used;
}

/* --- reading ------------------------------------------------------------------------------- */

static void on_alloc(uv_handle_t *h, size_t hint, uv_buf_t *b) {
  conn *c = h->data;
  (void)hint;
  size_t limit = c->ws ? WS_MAX_PAYLOAD + WS_HEADER_MAX : HTTP_HEAD_MAX;
  if (c->cap - c->len < 4096 && c->cap < limit) {
    size_t cap = c->cap ? c->cap * 2 : 8192;
    char *grown = realloc(c->buf, cap > limit ? limit : cap);
    if (grown) {
      c->buf = grown;
      c->cap = cap > limit ? limit : cap;
    }
  }
  *b = uv_buf_init(c->buf + c->len, (unsigned)(c->cap - c->len));
}

static void on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *b) {
  conn *c = s->data;
  (void)b;
  if (n < 0) return conn_close(c);
  c->len += (size_t)n;
  if (!c->ws) {
    char *end = memmem(c->buf, c->len, "\r\n\r\n", 4);
    if (!end) {
      if (c->len >= HTTP_HEAD_MAX) conn_close(c);
      return;
    }
    end[2] = 0; /* the head, as a string: headers end at the last "\r\n" */
    size_t head_len = (size_t)(end + 4 - c->buf);
    on_http(c, c->buf);
    if (!c->ws) {
      uv_read_stop(s); /* answered: closes once written */
      return;
    }
    memmove(c->buf, c->buf + head_len, c->len - head_len);
    c->len -= head_len;
  }
  size_t used = on_frames(c);
  memmove(c->buf, c->buf + used, c->len - used);
  c->len -= used;
  if (c->len == c->cap && c->cap >= WS_MAX_PAYLOAD + WS_HEADER_MAX) ws_close(c, 1009);
}

static void on_connection(uv_stream_t *srv, int status) {
  if (status < 0) return;
  conn *c = calloc(1, sizeof *c);
  if (!c) return;
  uv_tcp_init(&loop, &c->tcp);
  c->tcp.data = c;
  if (uv_accept(srv, (uv_stream_t *)&c->tcp) != 0 ||
      uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read) != 0)
    conn_close(c);
}

static void run_transport(void *arg) {
  (void)arg;
  uv_run(&loop, UV_RUN_DEFAULT);
}

/* --- opening ---------------------------------------------------------------------------------- */

static void make_target_id(void) {
  unsigned char r[16];
  if (uv_random(NULL, NULL, r, sizeof r, 0, NULL) != 0) memset(r, 0x5a, sizeof r);
  r[6] = (r[6] & 0x0F) | 0x40; /* a version 4 UUID, as Node's */
  r[8] = (r[8] & 0x3F) | 0x80;
  snprintf(target_id, sizeof target_id,
           "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", r[0], r[1], r[2],
           r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13], r[14], r[15]);
}

/* The listening socket, on the calling thread before the transport's starts. */
static int listen_on(int port) {
  struct sockaddr_in addr;
  uv_ip4_addr("127.0.0.1", port, &addr);
  int err = uv_loop_init(&loop);
  if (err) return err;
  uv_tcp_init(&loop, &server);
  err = uv_tcp_bind(&server, (const struct sockaddr *)&addr, 0);
  if (!err) err = uv_listen((uv_stream_t *)&server, 16, on_connection);
  if (err) {
    uv_close((uv_handle_t *)&server, NULL);
    uv_run(&loop, UV_RUN_NOWAIT);
    uv_loop_close(&loop);
    return err;
  }
  struct sockaddr_in bound;
  int len = sizeof bound;
  uv_tcp_getsockname(&server, (struct sockaddr *)&bound, &len);
  return ntohs(bound.sin_port);
}

/* The inspector and what lives as long as the process (the queues, the
 * wake-up of the JavaScript thread), once. */
static void ensure(sh_rt *r) {
  if (ins) return;
  rt = r;
  ins = sh_inspector_of(rt);
  sh_inspector_set_pause(ins, pause_wait, NULL);
  queue_init(&to_js);
  queue_init(&to_client);
  uv_async_init(runtime_get(rt)->loop, &js_wake, on_js_wake);
  uv_unref((uv_handle_t *)&js_wake); /* the inspector alone keeps no process alive */
  js_interrupt = (sh_interrupt){on_js_interrupt, NULL};
}

static void on_stop(uv_async_t *a);

int inspector_open(sh_rt *r, int port, const char *app, char *url, size_t cap) {
  ensure(r);
  if (!bound_port) {
    int p = listen_on(port);
    if (p < 0) return p;
    bound_port = p;
    make_target_id();
    free(app_file);
    app_file = app ? strdup(app) : NULL;
    uv_async_init(&loop, &client_wake, on_client_wake);
    uv_async_init(&loop, &stop_wake, on_stop);
    int err = uv_thread_create(&thread, run_transport, NULL);
    if (err) return err; /* the socket stays bound, unanswered: the process is in trouble */
    /* At exit the client still gets what was queued for it (the answer to
     * the Debugger.resume that let the program end) before the socket goes. */
    static bool at_exit;
    if (!at_exit) at_exit = runtime_at_exit(inspector_close) == 0;
  }
  snprintf(url, cap, "ws://127.0.0.1:%d/%s", bound_port, target_id);
  return bound_port;
}

bool inspector_url(char *url, size_t cap) {
  if (!bound_port) return false;
  snprintf(url, cap, "ws://127.0.0.1:%d/%s", bound_port, target_id);
  return true;
}

/* On the transport thread: every handle closes, so its loop ends; the
 * client first gets what the isolate still had for it (the answer to the
 * Debugger.resume that let the program end, say). */
static void close_any(uv_handle_t *h, void *arg) {
  (void)arg;
  if (uv_is_closing(h)) return;
  if (h->type == UV_TCP && h != (uv_handle_t *)&server) {
    conn *c = h->data;
    if (c->writes > 0) c->close_after_write = true;
    else conn_close(c);
    return;
  }
  uv_close(h, NULL);
}

static void on_stop(uv_async_t *a) {
  on_client_wake(NULL);
  uv_walk(a->loop, close_any, NULL);
}

void inspector_close(void) {
  if (!bound_port) return;
  uv_async_send(&stop_wake);
  uv_thread_join(&thread);
  uv_loop_close(&loop);
  bound_port = 0;
  for (msg *m; (m = queue_pop(&to_client, 0));) free(m);
  drain(); /* the client's disconnect: its session ends */
}

void inspector_break_on_start(void) {
  if (ins) sh_inspector_break_on_start(ins);
}

int inspector_wait_for_debugger(void) {
  if (!bound_port) return -1;
  unsigned before = sh_inspector_run_requests(ins);
  bool was = dispatching;
  dispatching = true;
  while (sh_inspector_run_requests(ins) == before) {
    msg *m = queue_pop(&to_js, PAUSE_WAIT_NS);
    if (m) handle_event(m);
  }
  dispatching = was;
  return 0;
}

int inspector_open_announced(sh_rt *r, int port, const char *app) {
  char url[128];
  int bound = inspector_open(r, port, app, url, sizeof url);
  if (bound < 0)
    fprintf(stderr, "Starting inspector on 127.0.0.1:%d failed: %s\n", port, uv_strerror(bound));
  else
    fprintf(stderr,
            "Debugger listening on %s\nFor help, see: https://nodejs.org/en/docs/inspector\n", url);
  fflush(stderr);
  return bound;
}

void inspector_init(sh_rt *r, busy_page *p, void (*while_paused)(void)) {
  page = p;
  paused_hook = while_paused;
  /* Now, before the app is compiled: V8 tags each script with the
   * inspector's context id at compile time, and a debugger sees only the
   * scripts so tagged (Node creates its inspector at start too). No
   * session, no cost. */
  ensure(r);
}
