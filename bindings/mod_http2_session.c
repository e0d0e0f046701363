/* http2_session: the HTTP/2 framing of js-lib/internal/http2/core.js (the
 * client, http2.connect, and the core server, http2.createServer), an nghttp2
 * session on memory buffers. JS moves the bytes: what the socket reads is fed
 * in, what the session wants to send is pulled out and written to the
 * socket. (http.createServer/https servers speak HTTP/2 in the C engine,
 * worker/http/h2.c, on its own sockets.)
 *
 *   create(server, options) -> handle   a client (or server) session (send
 *                        settings() first: the connection preface ends with
 *                        a SETTINGS frame); options: see js_create
 *   feed(h, bytes, events) -> n | rc | code   bytes read from the socket
 *                        (code: a Node error code, ERR_HTTP2_TOO_MANY_INVALID_FRAMES)
 *   pull(h, events) -> ArrayBuffer|undefined   the bytes to write
 *   request(h, [name, value, ...], endStream, never, [weight, parent,
 *                        exclusive]) -> id | rc   (never: the names sent
 *                        NO_INDEX, Node's sensitive headers, here and below)
 *   write(h, id, bytes) -> rc            request body (queued until the
 *                        peer's flow-control window lets it go)
 *   queued(h, id) -> n                   body bytes still queued
 *   consume(h, id, n) -> rc              n received bytes were read
 *   end(h, id[, [name, value, ...], never]) -> rc   end of the body, with trailers
 *   respond(h, id, [name, value, ...], endStream, never) -> rc   (server) response
 *                        HEADERS; its body goes through write/end as above
 *   headers(h, id, [name, value, ...], never) -> rc   a HEADERS frame without
 *                        END_STREAM (1xx informational headers)
 *   push(h, id, [name, value, ...], never) -> promised id | rc   (server)
 *   priority(h, id, [weight, parent, exclusive]) -> rc   a PRIORITY frame
 *   altsvc(h, id, origin, value), origin(h, [origin, ...]) -> rc   (server)
 *   rst(h, id, code), ping(h, payload8), settings(h, [id, value, ...]),
 *   goaway(h, code, lastStreamId, opaque), setLocalWindowSize(h, size),
 *   setNextStreamID(h, id) -> rc
 *   getSettings(h, remote) -> [7 numbers] (Node's order, see core.js)
 *   state(h) -> [11 numbers], streamState(h, id) -> [6 numbers] | undefined
 *   strerror(rc) -> string
 *   destroy(h)
 *
 * rc: 0 or a negative nghttp2 error code (JS builds ERR_HTTP2_ERROR from
 * strerror). Events are appended to the `events` array passed in, one array
 * per event, in the order nghttp2 reports them:
 *   [EV_HEADERS, id, category, flags, [name, value, ...], [never-indexed names]]
 *   [EV_DATA, id, ArrayBuffer]        [EV_END, id] (DATA with END_STREAM)
 *   [EV_CLOSE, id, code]              [EV_SETTINGS, ack, [7 numbers]] (the
 *       settings then in force: the peer's, or ours on an ACK, as getSettings)
 *   [EV_PING, ack, ArrayBuffer(8)]    [EV_GOAWAY, code, lastId, ArrayBuffer]
 *   [EV_FRAME_ERROR, id, type, code]
 *   [EV_ALTSVC, id, origin, value]    [EV_ORIGIN, [origin, ...]]
 *   [EV_PRIORITY, id, parent, weight, exclusive]
 *   [EV_SESSION_ERROR, rc] (an invalid frame that ends the session)
 * A received header block over Node's limits (maxHeaderListPairs, the local
 * maxHeaderListSize) resets its stream with ENHANCE_YOUR_CALM, as Node.
 * A PUSH_PROMISE comes as EV_HEADERS of the promised stream (category
 * NGHTTP2_HCAT_REQUEST, the request's headers); received data is
 * acknowledged (WINDOW_UPDATE) only when JS calls consume(h, id, n) for it.
 *
 * Ownership: a handle owns its nghttp2 session and the queued request bodies;
 * they are freed by destroy() or when the JS object is collected. */
#include <nghttp2/nghttp2.h>
#include <stdlib.h>
#include <string.h>

#include "binding.h"

enum {
  EV_HEADERS = 1,
  EV_DATA,
  EV_END,
  EV_CLOSE,
  EV_SETTINGS,
  EV_PING,
  EV_GOAWAY,
  EV_FRAME_ERROR,
  EV_ALTSVC,
  EV_ORIGIN,
  EV_PRIORITY,
  EV_SESSION_ERROR,
};

/* Node's MAX_MAX_HEADER_LIST_SIZE: the most header bytes a block may carry */
#define MAX_HEADER_LIST_SIZE 16777215u

/* A piece of request body waiting for the flow-control window. */
typedef struct chunk {
  struct chunk *next;
  size_t len, off;
  uint8_t data[];
} chunk;

/* The outgoing side of one request. */
typedef struct ostream {
  struct ostream *next;
  int32_t id;
  chunk *head, *tail;
  bool eof;      /* end() was called */
  bool deferred; /* the data source returned DEFERRED: resume on write */
  nghttp2_nv *trailers;
  size_t ntrailers;
  char *trailer_bytes; /* the names and values trailers point into */
} ostream;

typedef struct {
  nghttp2_session *session;
  ostream *streams;
  sh_rt *rt;
  sh_val events; /* during feed/pull: the array events are appended to */
  /* the header block being received (blocks never interleave in HTTP/2) */
  char *hbuf;
  size_t hlen, hcap;
  uint32_t hcount;
  size_t hbytes;           /* the block's size as Node counts it (+32 a field) */
  uint32_t max_pairs;      /* Node's maxHeaderListPairs */
  uint32_t max_invalid;    /* Node's maxSessionInvalidFrames */
  uint32_t invalid_frames; /* invalid frames received so far */
  double frames_recv;      /* frames received and sent: perf_hooks' 'http2' */
  double frames_sent;      /* entries (framesReceived, framesSent) */
  const char *recv_error;  /* a Node error code for feed's failure, or NULL */
  sh_ref *weak;
  bool server;
} h2c;

/* --- request bodies ------------------------------------------------------ */

static ostream *ostream_find(h2c *c, int32_t id) {
  for (ostream *o = c->streams; o; o = o->next) {
    if (o->id == id) return o;
  }
  return NULL;
}

static void ostream_free(ostream *o) {
  chunk *k = o->head;
  while (k) {
    chunk *n = k->next;
    free(k);
    k = n;
  }
  free(o->trailers);
  free(o->trailer_bytes);
  free(o);
}

static void ostream_remove(h2c *c, int32_t id) {
  for (ostream **p = &c->streams; *p; p = &(*p)->next) {
    if ((*p)->id == id) {
      ostream *o = *p;
      *p = o->next;
      ostream_free(o);
      return;
    }
  }
}

static ssize_t on_read_body(nghttp2_session *s, int32_t id, uint8_t *buf, size_t length,
                            uint32_t *flags, nghttp2_data_source *src, void *user) {
  (void)s;
  (void)id;
  (void)user;
  ostream *o = src->ptr;
  size_t n = 0;
  while (o->head && n < length) {
    chunk *k = o->head;
    size_t take = k->len - k->off;
    if (take > length - n) take = length - n;
    memcpy(buf + n, k->data + k->off, take);
    n += take;
    k->off += take;
    if (k->off == k->len) {
      o->head = k->next;
      if (!o->head) o->tail = NULL;
      free(k);
    }
  }
  if (!o->head && o->eof) {
    *flags |= NGHTTP2_DATA_FLAG_EOF;
    if (o->ntrailers > 0) {
      *flags |= NGHTTP2_DATA_FLAG_NO_END_STREAM;
      int rv = nghttp2_submit_trailer(s, o->id, o->trailers, o->ntrailers);
      if (rv != 0) return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
    }
  } else if (n == 0) {
    o->deferred = true;
    return NGHTTP2_ERR_DEFERRED;
  }
  return (ssize_t)n;
}

static void resume(h2c *c, ostream *o) {
  if (!o->deferred) return;
  o->deferred = false;
  nghttp2_session_resume_data(c->session, o->id);
}

/* --- events -------------------------------------------------------------- */

static void push_event(h2c *c, sh_val *items, uint32_t n) {
  if (!c->events) return;
  sh_set_i(c->rt, c->events, sh_arr_length(c->rt, c->events), sh_arr_of(c->rt, items, n));
}

static sh_val bytes_val(sh_rt *rt, const uint8_t *p, size_t n) {
  void *dst;
  sh_val ab = sh_arraybuffer(rt, n, &dst);
  if (n) memcpy(dst, p, n);
  return ab;
}

/* One string of the header block: its length, a flag byte (the field's
 * NO_INDEX flag, on names), its bytes. */
static int hbuf_add(h2c *c, const uint8_t *p, size_t n, uint8_t flag) {
  size_t need = c->hlen + sizeof n + 1 + n;
  if (need > c->hcap) {
    size_t cap = c->hcap ? c->hcap * 2 : 1024;
    while (cap < need) cap *= 2;
    char *b = realloc(c->hbuf, cap);
    if (!b) return -1;
    c->hbuf = b;
    c->hcap = cap;
  }
  memcpy(c->hbuf + c->hlen, &n, sizeof n);
  c->hbuf[c->hlen + sizeof n] = (char)flag;
  memcpy(c->hbuf + c->hlen + sizeof n + 1, p, n);
  c->hlen = need;
  return 0;
}

/* The header block received so far as [name, value, ...] and the names sent
 * never-indexed (Node's headers[http2.sensitiveHeaders]); resets it. */
static sh_val hbuf_take(h2c *c, sh_val *sensitive) {
  sh_val arr = sh_arr(c->rt, c->hcount * 2);
  *sensitive = sh_arr(c->rt, 0);
  uint32_t nsens = 0;
  size_t off = 0;
  for (uint32_t i = 0; off < c->hlen; i++) {
    size_t n;
    memcpy(&n, c->hbuf + off, sizeof n);
    bool never = c->hbuf[off + sizeof n] != 0;
    off += sizeof n + 1;
    sh_val str = sh_str_latin1(c->rt, (const uint8_t *)c->hbuf + off, n);
    sh_set_i(c->rt, arr, i, str);
    if (never) sh_set_i(c->rt, *sensitive, nsens++, str);
    off += n;
  }
  c->hlen = 0;
  c->hcount = 0;
  c->hbytes = 0;
  return arr;
}

/* The local maxHeaderListSize when the stream was made (as Node: a later
 * SETTINGS does not change a stream's limit), kept as its user data + 1. */
static uint32_t header_limit_now(nghttp2_session *s) {
  uint32_t max_size = nghttp2_session_get_local_settings(s, NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE);
  return max_size > MAX_HEADER_LIST_SIZE ? MAX_HEADER_LIST_SIZE : max_size;
}

static void *header_limit_data(nghttp2_session *s) {
  return (void *)((uintptr_t)header_limit_now(s) + 1);
}

static uint32_t header_limit_of(nghttp2_session *s, int32_t id) {
  uintptr_t v = (uintptr_t)nghttp2_session_get_stream_user_data(s, id);
  return v ? (uint32_t)(v - 1) : header_limit_now(s);
}

static int on_begin_headers(nghttp2_session *s, const nghttp2_frame *f, void *user) {
  h2c *c = user;
  int32_t id =
      f->hd.type == NGHTTP2_PUSH_PROMISE ? f->push_promise.promised_stream_id : f->hd.stream_id;
  if (!nghttp2_session_get_stream_user_data(s, id)) {
    nghttp2_session_set_stream_user_data(s, id, header_limit_data(s));
  }
  c->hlen = 0;
  c->hcount = 0;
  c->hbytes = 0;
  return 0;
}

static int on_header(nghttp2_session *s, const nghttp2_frame *f, const uint8_t *name,
                     size_t namelen, const uint8_t *value, size_t valuelen, uint8_t flags,
                     void *user) {
  h2c *c = user;
  if (f->hd.type != NGHTTP2_HEADERS && f->hd.type != NGHTTP2_PUSH_PROMISE) return 0;
  if (namelen == 0) return 0; /* as Node: a field without a name is dropped */
  /* As Node: more fields than maxHeaderListPairs, or more bytes than our
   * maxHeaderListSize, and the stream is refused with ENHANCE_YOUR_CALM. */
  size_t bytes = namelen + valuelen + 32;
  int32_t id =
      f->hd.type == NGHTTP2_PUSH_PROMISE ? f->push_promise.promised_stream_id : f->hd.stream_id;
  if (c->hcount >= c->max_pairs || c->hbytes + bytes > header_limit_of(s, id)) {
    nghttp2_submit_rst_stream(s, NGHTTP2_FLAG_NONE, id, NGHTTP2_ENHANCE_YOUR_CALM);
    return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
  }
  if (hbuf_add(c, name, namelen, flags & NGHTTP2_NV_FLAG_NO_INDEX) < 0 ||
      hbuf_add(c, value, valuelen, 0) < 0) {
    return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
  }
  c->hcount++;
  c->hbytes += bytes;
  return 0;
}

static sh_val num_array(sh_rt *rt, const double *v, uint32_t n) {
  sh_val arr = sh_arr(rt, n);
  for (uint32_t i = 0; i < n; i++) sh_set_i(rt, arr, i, sh_num(rt, v[i]));
  return arr;
}

/* The local or remote settings in Node's order: headerTableSize, enablePush,
 * initialWindowSize, maxFrameSize, maxConcurrentStreams, maxHeaderListSize,
 * enableConnectProtocol. */
static sh_val settings_now(h2c *c, bool remote) {
  static const nghttp2_settings_id ids[] = {
      NGHTTP2_SETTINGS_HEADER_TABLE_SIZE,      NGHTTP2_SETTINGS_ENABLE_PUSH,
      NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE,    NGHTTP2_SETTINGS_MAX_FRAME_SIZE,
      NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE,
      NGHTTP2_SETTINGS_ENABLE_CONNECT_PROTOCOL};
  double v[7];
  for (int i = 0; i < 7; i++) {
    v[i] = remote ? nghttp2_session_get_remote_settings(c->session, ids[i])
                  : nghttp2_session_get_local_settings(c->session, ids[i]);
  }
  return num_array(c->rt, v, 7);
}

/* One more invalid frame: -1 past maxSessionInvalidFrames (feed fails with
 * ERR_HTTP2_TOO_MANY_INVALID_FRAMES, as Node). */
static int count_invalid(h2c *c) {
  if (c->invalid_frames++ > c->max_invalid) {
    c->recv_error = "ERR_HTTP2_TOO_MANY_INVALID_FRAMES";
    return -1;
  }
  return 0;
}

static int on_invalid_frame(nghttp2_session *s, const nghttp2_frame *f, int code, void *user) {
  (void)s;
  (void)f;
  h2c *c = user;
  if (count_invalid(c) < 0) return NGHTTP2_ERR_CALLBACK_FAILURE;
  /* as Node: a fatal error, or a frame on a closed stream, ends the session */
  if (c->events && (nghttp2_is_fatal(code) || code == NGHTTP2_ERR_STREAM_CLOSED)) {
    sh_val ev[] = {sh_int(c->rt, EV_SESSION_ERROR), sh_int(c->rt, code)};
    push_event(c, ev, 2);
  }
  return 0;
}

static int on_frame_recv(nghttp2_session *s, const nghttp2_frame *f, void *user) {
  (void)s;
  h2c *c = user;
  sh_rt *rt = c->rt;
  c->frames_recv++;
  if (!c->events) return 0;
  int32_t id = f->hd.stream_id;
  switch (f->hd.type) {
    case NGHTTP2_HEADERS: {
      sh_val sensitive;
      sh_val list = hbuf_take(c, &sensitive);
      sh_val ev[] = {sh_int(rt, EV_HEADERS),  sh_int(rt, id), sh_int(rt, f->headers.cat),
                     sh_int(rt, f->hd.flags), list,           sensitive};
      push_event(c, ev, 6);
      break;
    }
    case NGHTTP2_PUSH_PROMISE: { /* the promised stream's request headers */
      sh_val sensitive;
      sh_val list = hbuf_take(c, &sensitive);
      sh_val ev[] = {sh_int(rt, EV_HEADERS),
                     sh_int(rt, f->push_promise.promised_stream_id),
                     sh_int(rt, NGHTTP2_HCAT_REQUEST),
                     sh_int(rt, f->hd.flags),
                     list,
                     sensitive};
      push_event(c, ev, 6);
      break;
    }
    case NGHTTP2_DATA:
      /* as Node: an empty DATA frame that does not end the stream counts
       * as an invalid frame */
      if (f->hd.length == 0 && !(f->hd.flags & NGHTTP2_FLAG_END_STREAM) && count_invalid(c) < 0) {
        return NGHTTP2_ERR_CALLBACK_FAILURE;
      }
      if (f->hd.flags & NGHTTP2_FLAG_END_STREAM) {
        sh_val ev[] = {sh_int(rt, EV_END), sh_int(rt, id)};
        push_event(c, ev, 2);
      }
      break;
    case NGHTTP2_PRIORITY: {
      const nghttp2_priority_spec *p = &f->priority.pri_spec;
      sh_val ev[] = {sh_int(rt, EV_PRIORITY), sh_int(rt, id), sh_int(rt, p->stream_id),
                     sh_int(rt, p->weight), sh_bool(rt, p->exclusive)};
      push_event(c, ev, 5);
      break;
    }
    case NGHTTP2_SETTINGS: {
      bool ack = f->hd.flags & NGHTTP2_FLAG_ACK;
      sh_val ev[] = {sh_int(rt, EV_SETTINGS), sh_bool(rt, ack), settings_now(c, !ack)};
      push_event(c, ev, 3);
      break;
    }
    case NGHTTP2_PING: {
      sh_val ev[] = {sh_int(rt, EV_PING), sh_bool(rt, f->hd.flags & NGHTTP2_FLAG_ACK),
                     bytes_val(rt, f->ping.opaque_data, 8)};
      push_event(c, ev, 3);
      break;
    }
    case NGHTTP2_GOAWAY: {
      sh_val ev[] = {sh_int(rt, EV_GOAWAY), sh_int(rt, f->goaway.error_code),
                     sh_int(rt, f->goaway.last_stream_id),
                     bytes_val(rt, f->goaway.opaque_data, f->goaway.opaque_data_len)};
      push_event(c, ev, 4);
      break;
    }
    case NGHTTP2_ALTSVC: {
      const nghttp2_ext_altsvc *a = f->ext.payload;
      sh_val ev[] = {sh_int(rt, EV_ALTSVC), sh_int(rt, id),
                     sh_str_latin1(rt, a->origin, a->origin_len),
                     sh_str_latin1(rt, a->field_value, a->field_value_len)};
      push_event(c, ev, 4);
      break;
    }
    case NGHTTP2_ORIGIN: {
      const nghttp2_ext_origin *o = f->ext.payload;
      sh_val list = sh_arr(rt, (uint32_t)o->nov);
      for (size_t i = 0; i < o->nov; i++) {
        sh_set_i(rt, list, (uint32_t)i, sh_str_latin1(rt, o->ov[i].origin, o->ov[i].origin_len));
      }
      sh_val ev[] = {sh_int(rt, EV_ORIGIN), list};
      push_event(c, ev, 2);
      break;
    }
    default: break;
  }
  return 0;
}

static int on_data_chunk(nghttp2_session *s, uint8_t flags, int32_t id, const uint8_t *data,
                         size_t len, void *user) {
  (void)s;
  (void)flags;
  h2c *c = user;
  if (!c->events) return 0;
  sh_val ev[] = {sh_int(c->rt, EV_DATA), sh_int(c->rt, id), bytes_val(c->rt, data, len)};
  push_event(c, ev, 3);
  return 0;
}

static int on_stream_close(nghttp2_session *s, int32_t id, uint32_t code, void *user) {
  (void)s;
  h2c *c = user;
  ostream_remove(c, id);
  if (!c->events) return 0;
  sh_val ev[] = {sh_int(c->rt, EV_CLOSE), sh_int(c->rt, id), sh_num(c->rt, code)};
  push_event(c, ev, 3);
  return 0;
}

/* A library error as the HTTP/2 error code Node reports it with. */
static uint32_t h2_error_code(int lib_error) {
  switch (lib_error) {
    case NGHTTP2_ERR_STREAM_CLOSED: return NGHTTP2_STREAM_CLOSED;
    case NGHTTP2_ERR_HEADER_COMP: return NGHTTP2_COMPRESSION_ERROR;
    case NGHTTP2_ERR_FRAME_SIZE_ERROR: return NGHTTP2_FRAME_SIZE_ERROR;
    case NGHTTP2_ERR_FLOW_CONTROL: return NGHTTP2_FLOW_CONTROL_ERROR;
    case NGHTTP2_ERR_REFUSED_STREAM: return NGHTTP2_REFUSED_STREAM;
    case NGHTTP2_ERR_PROTO:
    case NGHTTP2_ERR_HTTP_HEADER:
    case NGHTTP2_ERR_HTTP_MESSAGING: return NGHTTP2_PROTOCOL_ERROR;
    default: return NGHTTP2_INTERNAL_ERROR;
  }
}

static int on_frame_send(nghttp2_session *s, const nghttp2_frame *f, void *user) {
  (void)s;
  (void)f;
  ((h2c *)user)->frames_sent++;
  return 0;
}

static int on_frame_not_send(nghttp2_session *s, const nghttp2_frame *f, int code, void *user) {
  (void)s;
  h2c *c = user;
  if (!c->events) return 0;
  /* (as Node: not reported when the session or stream is closing anyway) */
  if (code == NGHTTP2_ERR_SESSION_CLOSING || code == NGHTTP2_ERR_STREAM_CLOSED ||
      code == NGHTTP2_ERR_STREAM_CLOSING) {
    return 0;
  }
  sh_val ev[] = {sh_int(c->rt, EV_FRAME_ERROR), sh_int(c->rt, f->hd.stream_id),
                 sh_int(c->rt, f->hd.type), sh_num(c->rt, h2_error_code(code))};
  push_event(c, ev, 4);
  return 0;
}

/* --- handles ------------------------------------------------------------- */

static void h2c_close(h2c *c) {
  if (c->session) nghttp2_session_del(c->session);
  c->session = NULL;
  while (c->streams) {
    ostream *o = c->streams;
    c->streams = o->next;
    ostream_free(o);
  }
  free(c->hbuf);
  c->hbuf = NULL;
  c->hlen = c->hcap = 0;
}

static void h2c_collected(void *data) {
  h2c *c = data;
  h2c_close(c);
  sh_ref_free(c->weak);
  free(c);
}

static h2c *arg_h2c(sh_cbinfo *ci) {
  h2c *c = sh_obj_ptr(sh_ci_rt(ci), sh_arg(ci, 0));
  if (!c || !c->session) {
    sh_throw_error(sh_ci_rt(ci), SH_TYPE_ERROR, "HTTP/2 session is closed");
    return NULL;
  }
  c->rt = sh_ci_rt(ci);
  return c;
}

/* [id, value, ...] as settings entries; the count, or -1 on a bad list. */
static int settings_list(sh_rt *rt, sh_val list, nghttp2_settings_entry *iv, int cap) {
  if (!list || !sh_is(list, SH_ARRAY)) return 0;
  uint32_t n = sh_arr_length(rt, list) / 2;
  if (n > (uint32_t)cap) return -1;
  for (uint32_t i = 0; i < n; i++) {
    iv[i].settings_id = (int32_t)sh_to_i64(rt, sh_get_i(rt, list, 2 * i));
    iv[i].value = (uint32_t)sh_to_num(rt, sh_get_i(rt, list, 2 * i + 1));
  }
  return (int)n;
}

static nghttp2_session_callbacks *client_callbacks(void) {
  nghttp2_session_callbacks *cb;
  if (nghttp2_session_callbacks_new(&cb) != 0) return NULL;
  nghttp2_session_callbacks_set_on_begin_headers_callback(cb, on_begin_headers);
  nghttp2_session_callbacks_set_on_header_callback(cb, on_header);
  nghttp2_session_callbacks_set_on_frame_recv_callback(cb, on_frame_recv);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cb, on_data_chunk);
  nghttp2_session_callbacks_set_on_stream_close_callback(cb, on_stream_close);
  nghttp2_session_callbacks_set_on_frame_send_callback(cb, on_frame_send);
  nghttp2_session_callbacks_set_on_frame_not_send_callback(cb, on_frame_not_send);
  nghttp2_session_callbacks_set_on_invalid_frame_recv_callback(cb, on_invalid_frame);
  return cb;
}

/* A number option of the create() options object, or dflt. */
static double opt_num(sh_rt *rt, sh_val opts, const char *name, double dflt) {
  if (!opts || !sh_is(opts, SH_OBJECT)) return dflt;
  sh_val v = sh_get_s(rt, opts, name);
  return v && sh_is(v, SH_NUMBER) ? sh_to_num(rt, v) : dflt;
}

/* create(server, options): options (Node's names) maxSettings,
 * maxHeaderListPairs, maxSessionInvalidFrames, peerMaxConcurrentStreams,
 * maxReservedRemoteStreams */
static void js_create(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  bool server = sh_to_bool(rt, sh_arg(ci, 0));
  sh_val opts = sh_arg(ci, 1);
  h2c *c = calloc(1, sizeof *c);
  nghttp2_session_callbacks *cb = client_callbacks();
  nghttp2_option *opt = NULL;
  int rv = c && cb ? nghttp2_option_new(&opt) : NGHTTP2_ERR_NOMEM;
  if (rv == 0) {
    /* JS acknowledges data as it is read (consume): a paused stream stops
     * the peer once its window is spent */
    nghttp2_option_set_no_auto_window_update(opt, 1);
    nghttp2_option_set_builtin_recv_extension_type(opt, NGHTTP2_ALTSVC);
    nghttp2_option_set_builtin_recv_extension_type(opt, NGHTTP2_ORIGIN);
    nghttp2_option_set_max_settings(opt, (size_t)opt_num(rt, opts, "maxSettings", 32));
    double v = opt_num(rt, opts, "peerMaxConcurrentStreams", -1);
    if (v >= 0) nghttp2_option_set_peer_max_concurrent_streams(opt, (uint32_t)v);
    v = opt_num(rt, opts, "maxReservedRemoteStreams", -1);
    if (v >= 0) nghttp2_option_set_max_reserved_remote_streams(opt, (uint32_t)v);
    rv = server ? nghttp2_session_server_new2(&c->session, cb, c, opt)
                : nghttp2_session_client_new2(&c->session, cb, c, opt);
  }
  if (opt) nghttp2_option_del(opt);
  if (cb) nghttp2_session_callbacks_del(cb);
  if (rv != 0) {
    if (c) h2c_close(c);
    free(c);
    sh_throw_error(rt, SH_ERROR, "%s", nghttp2_strerror(rv));
    return;
  }
  c->rt = rt;
  c->server = server;
  /* as Node: at least 4 fields a request (its pseudo-headers), 1 a response */
  double pairs = opt_num(rt, opts, "maxHeaderListPairs", 128);
  double min_pairs = server ? 4 : 1;
  c->max_pairs = (uint32_t)(pairs < min_pairs ? min_pairs : pairs);
  c->max_invalid = (uint32_t)opt_num(rt, opts, "maxSessionInvalidFrames", 1000);
  sh_val obj = sh_obj_with_ptr(rt, c);
  c->weak = sh_ref_new(rt, obj);
  sh_ref_weak(c->weak, h2c_collected, c);
  sh_ret(ci, obj);
}

static void js_destroy(sh_cbinfo *ci) {
  h2c *c = sh_obj_ptr(sh_ci_rt(ci), sh_arg(ci, 0));
  if (c) h2c_close(c);
}

static void js_feed(sh_cbinfo *ci) {
  h2c *c = arg_h2c(ci);
  if (!c) return;
  uint8_t *data;
  size_t len;
  if (sh_bytes(sh_arg(ci, 1), &data, &len) < 0) {
    return sh_throw_error(c->rt, SH_TYPE_ERROR, "feed: bytes expected");
  }
  c->events = sh_arg(ci, 2);
  ssize_t n = nghttp2_session_mem_recv(c->session, data, len);
  c->events = NULL;
  /* a failure of ours with a Node error code: that code */
  if (n < 0 && c->recv_error) return sh_ret(ci, sh_str(c->rt, c->recv_error, SIZE_MAX));
  sh_ret(ci, sh_num(c->rt, (double)n));
}

static void js_pull(sh_cbinfo *ci) {
  h2c *c = arg_h2c(ci);
  if (!c) return;
  /* gather every frame ready now into one buffer: one socket write */
  uint8_t *out = NULL;
  size_t len = 0;
  c->events = sh_arg(ci, 1);
  for (;;) {
    const uint8_t *p;
    ssize_t n = nghttp2_session_mem_send(c->session, &p);
    if (n <= 0) {
      if (n < 0) {
        c->events = NULL;
        free(out);
        return sh_ret(ci, sh_num(c->rt, (double)n));
      }
      break;
    }
    uint8_t *grown = realloc(out, len + (size_t)n);
    if (!grown) {
      free(out);
      c->events = NULL;
      return sh_ret(ci, sh_num(c->rt, NGHTTP2_ERR_NOMEM));
    }
    out = grown;
    memcpy(out + len, p, (size_t)n);
    len += (size_t)n;
  }
  c->events = NULL;
  if (len > 0) sh_ret(ci, bytes_val(c->rt, out, len));
  free(out);
}

/* A string's bytes as Node sends header fields: one byte a character (its
 * low 8 bits), so a character past U+00FF cannot smuggle in a CR or LF
 * that survives (nghttp2 drops the field). malloc'd; NULL on failure. */
static char *latin1_of(sh_rt *rt, sh_val v, size_t *len) {
  sh_val s = sh_is(v, SH_STRING) ? v : sh_to_string(rt, v);
  if (!s) return NULL;
  size_t n = sh_str_length(rt, s);
  char *buf = malloc(n + 1);
  if (!buf) return NULL;
  *len = sh_str_write_latin1(rt, s, (uint8_t *)buf, 0, n);
  return buf;
}

/* Whether name (lower case) is in never, an array of names or undefined. */
static bool never_indexed(sh_rt *rt, sh_val never, const char *name, size_t len) {
  uint32_t n = never && sh_is(never, SH_ARRAY) ? sh_arr_length(rt, never) : 0;
  for (uint32_t i = 0; i < n; i++) {
    size_t l = 0;
    char *s = latin1_of(rt, sh_get_i(rt, never, i), &l);
    bool same = s && l == len && memcmp(s, name, len) == 0;
    free(s);
    if (same) return true;
  }
  return false;
}

/* [name, value, ...] as nv entries pointing into one malloc'd block; the
 * names in never (Node's sensitive headers) are sent NO_INDEX. */
static nghttp2_nv *nv_list(sh_rt *rt, sh_val list, sh_val never, size_t *count, char **bytes) {
  uint32_t n = list && sh_is(list, SH_ARRAY) ? sh_arr_length(rt, list) / 2 : 0;
  char **strs = calloc(2 * (size_t)n + 1, sizeof *strs);
  size_t *lens = calloc(2 * (size_t)n + 1, sizeof *lens);
  nghttp2_nv *nv = calloc((size_t)n + 1, sizeof *nv);
  size_t total = 1;
  bool ok = strs && lens && nv;
  for (uint32_t i = 0; ok && i < 2 * n; i++) {
    strs[i] = latin1_of(rt, sh_get_i(rt, list, i), &lens[i]);
    ok = strs[i] != NULL;
    total += lens[i];
  }
  char *block = ok ? malloc(total) : NULL;
  size_t off = 0;
  for (uint32_t i = 0; block && i < n; i++) {
    nv[i].name = (uint8_t *)block + off;
    nv[i].namelen = lens[2 * i];
    memcpy(block + off, strs[2 * i], lens[2 * i]);
    off += lens[2 * i];
    nv[i].value = (uint8_t *)block + off;
    nv[i].valuelen = lens[2 * i + 1];
    memcpy(block + off, strs[2 * i + 1], lens[2 * i + 1]);
    off += lens[2 * i + 1];
    nv[i].flags = never_indexed(rt, never, strs[2 * i], lens[2 * i]) ? NGHTTP2_NV_FLAG_NO_INDEX
                                                                     : NGHTTP2_NV_FLAG_NONE;
  }
  for (uint32_t i = 0; strs && i < 2 * n; i++) free(strs[i]);
  free(strs);
  free(lens);
  if (!block) {
    free(nv);
    return NULL;
  }
  *count = n;
  *bytes = block;
  return nv;
}

/* [weight, parent, exclusive] (or undefined: the default) as a spec */
static nghttp2_priority_spec *priority_of(sh_rt *rt, sh_val v, nghttp2_priority_spec *spec) {
  if (!v || !sh_is(v, SH_ARRAY)) return NULL;
  nghttp2_priority_spec_init(spec, (int32_t)sh_to_i64(rt, sh_get_i(rt, v, 1)),
                             (int32_t)sh_to_i64(rt, sh_get_i(rt, v, 0)),
                             sh_to_bool(rt, sh_get_i(rt, v, 2)));
  return spec;
}

static void js_request(sh_cbinfo *ci) {
  h2c *c = arg_h2c(ci);
  if (!c) return;
  size_t n;
  char *bytes;
  nghttp2_nv *nv = nv_list(c->rt, sh_arg(ci, 1), sh_arg(ci, 3), &n, &bytes);
  if (!nv) return sh_ret(ci, sh_int(c->rt, NGHTTP2_ERR_NOMEM));
  bool end_stream = sh_to_bool(c->rt, sh_arg(ci, 2));
  nghttp2_priority_spec spec;
  const nghttp2_priority_spec *pri = priority_of(c->rt, sh_arg(ci, 4), &spec);
  ostream *o = end_stream ? NULL : calloc(1, sizeof *o);
  int32_t id;
  if (!end_stream && !o) {
    id = NGHTTP2_ERR_NOMEM;
  } else {
    nghttp2_data_provider prd = {.source.ptr = o, .read_callback = on_read_body};
    id = nghttp2_submit_request(c->session, pri, nv, n, o ? &prd : NULL,
                                header_limit_data(c->session));
  }
  free(nv);
  free(bytes);
  if (o && id > 0) {
    o->id = id;
    o->next = c->streams;
    c->streams = o;
  } else {
    free(o);
  }
  sh_ret(ci, sh_int(c->rt, id));
}

/* respond(h, id, nv, endStream): the response HEADERS; unless endStream, a
 * body source that write/end feed. */
static void js_respond(sh_cbinfo *ci) {
  h2c *c = arg_h2c(ci);
  if (!c) return;
  int32_t id = (int32_t)arg_i64(ci, 1);
  size_t n;
  char *bytes;
  nghttp2_nv *nv = nv_list(c->rt, sh_arg(ci, 2), sh_arg(ci, 4), &n, &bytes);
  if (!nv) return sh_ret(ci, sh_int(c->rt, NGHTTP2_ERR_NOMEM));
  bool end_stream = sh_to_bool(c->rt, sh_arg(ci, 3));
  ostream *o = end_stream ? NULL : calloc(1, sizeof *o);
  int rv;
  if (!end_stream && !o) {
    rv = NGHTTP2_ERR_NOMEM;
  } else {
    if (o) o->id = id;
    nghttp2_data_provider prd = {.source.ptr = o, .read_callback = on_read_body};
    rv = nghttp2_submit_response(c->session, id, nv, n, o ? &prd : NULL);
  }
  free(nv);
  free(bytes);
  if (o && rv == 0) {
    o->next = c->streams;
    c->streams = o;
  } else {
    free(o);
  }
  sh_ret(ci, sh_int(c->rt, rv));
}

static void js_headers(sh_cbinfo *ci) {
  h2c *c = arg_h2c(ci);
  if (!c) return;
  size_t n;
  char *bytes;
  nghttp2_nv *nv = nv_list(c->rt, sh_arg(ci, 2), sh_arg(ci, 3), &n, &bytes);
  if (!nv) return sh_ret(ci, sh_int(c->rt, NGHTTP2_ERR_NOMEM));
  int rv = nghttp2_submit_headers(c->session, NGHTTP2_FLAG_NONE, (int32_t)arg_i64(ci, 1), NULL, nv,
                                  n, NULL);
  free(nv);
  free(bytes);
  sh_ret(ci, sh_int(c->rt, rv));
}

static void js_push(sh_cbinfo *ci) {
  h2c *c = arg_h2c(ci);
  if (!c) return;
  size_t n;
  char *bytes;
  nghttp2_nv *nv = nv_list(c->rt, sh_arg(ci, 2), sh_arg(ci, 3), &n, &bytes);
  if (!nv) return sh_ret(ci, sh_int(c->rt, NGHTTP2_ERR_NOMEM));
  int32_t rv = nghttp2_submit_push_promise(c->session, NGHTTP2_FLAG_NONE, (int32_t)arg_i64(ci, 1),
                                           nv, n, NULL);
  free(nv);
  free(bytes);
  sh_ret(ci, sh_int(c->rt, rv));
}

static void js_altsvc(sh_cbinfo *ci) {
  h2c *c = arg_h2c(ci);
  if (!c) return;
  size_t olen = 0, vlen = 0;
  char *origin = sh_to_utf8(c->rt, sh_arg(ci, 2), &olen);
  char *value = sh_to_utf8(c->rt, sh_arg(ci, 3), &vlen);
  int rv = origin && value
               ? nghttp2_submit_altsvc(c->session, NGHTTP2_FLAG_NONE, (int32_t)arg_i64(ci, 1),
                                       (const uint8_t *)origin, olen, (const uint8_t *)value, vlen)
               : NGHTTP2_ERR_NOMEM;
  free(origin);
  free(value);
  sh_ret(ci, sh_int(c->rt, rv));
}

static void js_origin(sh_cbinfo *ci) {
  h2c *c = arg_h2c(ci);
  if (!c) return;
  sh_val list = sh_arg(ci, 1);
  uint32_t n = list && sh_is(list, SH_ARRAY) ? sh_arr_length(c->rt, list) : 0;
  nghttp2_origin_entry *ov = calloc((size_t)n + 1, sizeof *ov);
  char **strs = calloc((size_t)n + 1, sizeof *strs);
  int rv = ov && strs ? 0 : NGHTTP2_ERR_NOMEM;
  for (uint32_t i = 0; rv == 0 && i < n; i++) {
    strs[i] = sh_to_utf8(c->rt, sh_get_i(c->rt, list, i), &ov[i].origin_len);
    if (!strs[i]) rv = NGHTTP2_ERR_NOMEM;
    ov[i].origin = (uint8_t *)strs[i];
  }
  if (rv == 0) rv = nghttp2_submit_origin(c->session, NGHTTP2_FLAG_NONE, ov, n);
  for (uint32_t i = 0; strs && i < n; i++) free(strs[i]);
  free(strs);
  free(ov);
  sh_ret(ci, sh_int(c->rt, rv));
}

static void js_write(sh_cbinfo *ci) {
  h2c *c = arg_h2c(ci);
  if (!c) return;
  ostream *o = ostream_find(c, (int32_t)arg_i64(ci, 1));
  uint8_t *data;
  size_t len;
  if (sh_bytes(sh_arg(ci, 2), &data, &len) < 0) {
    return sh_throw_error(c->rt, SH_TYPE_ERROR, "write: bytes expected");
  }
  if (!o || o->eof) return sh_ret(ci, sh_int(c->rt, NGHTTP2_ERR_STREAM_CLOSED));
  if (len == 0) return sh_ret(ci, sh_int(c->rt, 0));
  chunk *k = malloc(sizeof *k + len);
  if (!k) return sh_ret(ci, sh_int(c->rt, NGHTTP2_ERR_NOMEM));
  k->next = NULL;
  k->len = len;
  k->off = 0;
  memcpy(k->data, data, len);
  if (o->tail) o->tail->next = k;
  else o->head = k;
  o->tail = k;
  resume(c, o);
  sh_ret(ci, sh_int(c->rt, 0));
}

/* queued(h, id) -> the body bytes still waiting for the window */
static void js_queued(sh_cbinfo *ci) {
  h2c *c = arg_h2c(ci);
  if (!c) return;
  ostream *o = ostream_find(c, (int32_t)arg_i64(ci, 1));
  double n = 0;
  for (chunk *k = o ? o->head : NULL; k; k = k->next) n += (double)(k->len - k->off);
  sh_ret(ci, sh_num(c->rt, n));
}

static void js_end(sh_cbinfo *ci) {
  h2c *c = arg_h2c(ci);
  if (!c) return;
  ostream *o = ostream_find(c, (int32_t)arg_i64(ci, 1));
  if (!o || o->eof) return sh_ret(ci, sh_int(c->rt, 0));
  sh_val trailers = sh_arg(ci, 2);
  if (sh_is(trailers, SH_ARRAY) && sh_arr_length(c->rt, trailers) > 0) {
    o->trailers = nv_list(c->rt, trailers, sh_arg(ci, 3), &o->ntrailers, &o->trailer_bytes);
    if (!o->trailers) return sh_ret(ci, sh_int(c->rt, NGHTTP2_ERR_NOMEM));
  }
  o->eof = true;
  resume(c, o);
  sh_ret(ci, sh_int(c->rt, 0));
}

/* consume(h, id, n): n bytes of the stream's data were read (id 0: of a
 * stream that is gone, for the connection's window only) */
static void js_consume(sh_cbinfo *ci) {
  h2c *c = arg_h2c(ci);
  if (!c) return;
  int32_t id = (int32_t)arg_i64(ci, 1);
  size_t n = (size_t)arg_num(ci, 2);
  int rv = id > 0 ? nghttp2_session_consume(c->session, id, n)
                  : nghttp2_session_consume_connection(c->session, n);
  sh_ret(ci, sh_int(c->rt, rv));
}

static void js_rst(sh_cbinfo *ci) {
  h2c *c = arg_h2c(ci);
  if (!c) return;
  int rv = nghttp2_submit_rst_stream(c->session, NGHTTP2_FLAG_NONE, (int32_t)arg_i64(ci, 1),
                                     (uint32_t)arg_num(ci, 2));
  sh_ret(ci, sh_int(c->rt, rv));
}

/* priority(h, id, [weight, parent, exclusive]) -> rc: a PRIORITY frame */
static void js_priority(sh_cbinfo *ci) {
  h2c *c = arg_h2c(ci);
  if (!c) return;
  nghttp2_priority_spec spec;
  const nghttp2_priority_spec *pri = priority_of(c->rt, sh_arg(ci, 2), &spec);
  int rv =
      pri ? nghttp2_submit_priority(c->session, NGHTTP2_FLAG_NONE, (int32_t)arg_i64(ci, 1), pri)
          : NGHTTP2_ERR_INVALID_ARGUMENT;
  sh_ret(ci, sh_int(c->rt, rv));
}

static void js_ping(sh_cbinfo *ci) {
  h2c *c = arg_h2c(ci);
  if (!c) return;
  uint8_t *data = NULL;
  size_t len = 0;
  if (sh_bytes(sh_arg(ci, 1), &data, &len) < 0 || len != 8) data = NULL;
  sh_ret(ci, sh_int(c->rt, nghttp2_submit_ping(c->session, NGHTTP2_FLAG_NONE, data)));
}

static void js_settings(sh_cbinfo *ci) {
  h2c *c = arg_h2c(ci);
  if (!c) return;
  nghttp2_settings_entry iv[16];
  int n = settings_list(c->rt, sh_arg(ci, 1), iv, 16);
  int rv = n < 0 ? NGHTTP2_ERR_INVALID_ARGUMENT
                 : nghttp2_submit_settings(c->session, NGHTTP2_FLAG_NONE, iv, (size_t)n);
  sh_ret(ci, sh_int(c->rt, rv));
}

static void js_goaway(sh_cbinfo *ci) {
  h2c *c = arg_h2c(ci);
  if (!c) return;
  uint8_t *data = NULL;
  size_t len = 0;
  if (sh_bytes(sh_arg(ci, 3), &data, &len) < 0) {
    data = NULL;
    len = 0;
  }
  int32_t last = (int32_t)arg_i64(ci, 2);
  if (last <= 0) last = nghttp2_session_get_last_proc_stream_id(c->session);
  int rv = nghttp2_submit_goaway(c->session, NGHTTP2_FLAG_NONE, last, (uint32_t)arg_num(ci, 1),
                                 data, len);
  sh_ret(ci, sh_int(c->rt, rv));
}

static void js_set_local_window_size(sh_cbinfo *ci) {
  h2c *c = arg_h2c(ci);
  if (!c) return;
  int rv = nghttp2_session_set_local_window_size(c->session, NGHTTP2_FLAG_NONE, 0,
                                                 (int32_t)arg_i64(ci, 1));
  sh_ret(ci, sh_int(c->rt, rv));
}

static void js_set_next_stream_id(sh_cbinfo *ci) {
  h2c *c = arg_h2c(ci);
  if (!c) return;
  int rv = nghttp2_session_set_next_stream_id(c->session, (int32_t)arg_i64(ci, 1));
  sh_ret(ci, sh_int(c->rt, rv));
}

static void js_get_settings(sh_cbinfo *ci) {
  h2c *c = arg_h2c(ci);
  if (!c) return;
  sh_ret(ci, settings_now(c, sh_to_bool(c->rt, sh_arg(ci, 1))));
}

/* effectiveLocalWindowSize, effectiveRecvDataLength, nextStreamID,
 * localWindowSize, lastProcStreamID, remoteWindowSize, outboundQueueSize,
 * deflateDynamicTableSize, inflateDynamicTableSize, framesReceived, framesSent */
static void js_state(sh_cbinfo *ci) {
  h2c *c = arg_h2c(ci);
  if (!c) return;
  nghttp2_session *s = c->session;
  double v[] = {nghttp2_session_get_effective_local_window_size(s),
                nghttp2_session_get_effective_recv_data_length(s),
                nghttp2_session_get_next_stream_id(s),
                nghttp2_session_get_local_window_size(s),
                nghttp2_session_get_last_proc_stream_id(s),
                nghttp2_session_get_remote_window_size(s),
                (double)nghttp2_session_get_outbound_queue_size(s),
                (double)nghttp2_session_get_hd_deflate_dynamic_table_size(s),
                (double)nghttp2_session_get_hd_inflate_dynamic_table_size(s),
                c->frames_recv,
                c->frames_sent};
  sh_ret(ci, num_array(c->rt, v, 11));
}

/* localWindowSize, state, localClose, remoteClose, sumDependencyWeight, weight */
static void js_stream_state(sh_cbinfo *ci) {
  h2c *c = arg_h2c(ci);
  if (!c) return;
  int32_t id = (int32_t)arg_i64(ci, 1);
  nghttp2_stream *st = nghttp2_session_find_stream(c->session, id);
  if (!st) return;
  double v[] = {nghttp2_session_get_stream_effective_local_window_size(c->session, id),
                nghttp2_stream_get_state(st),
                nghttp2_session_get_stream_local_close(c->session, id),
                nghttp2_session_get_stream_remote_close(c->session, id),
                nghttp2_stream_get_sum_dependency_weight(st),
                nghttp2_stream_get_weight(st)};
  sh_ret(ci, num_array(c->rt, v, 6));
}

static void js_strerror(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  sh_ret(ci, sh_str(rt, nghttp2_strerror((int)arg_i64(ci, 0)), SIZE_MAX));
}

/* wantsIO(h) -> [wantRead, wantWrite]: nothing more to do when both false */
static void js_wants(sh_cbinfo *ci) {
  h2c *c = arg_h2c(ci);
  if (!c) return;
  sh_val v[] = {sh_bool(c->rt, nghttp2_session_want_read(c->session)),
                sh_bool(c->rt, nghttp2_session_want_write(c->session))};
  sh_ret(ci, sh_arr_of(c->rt, v, 2));
}

sh_val binding_http2_session_init(sh_rt *rt) {
  sh_val o = sh_obj(rt);
  bind_fn(rt, o, "create", js_create);
  bind_fn(rt, o, "destroy", js_destroy);
  bind_fn(rt, o, "feed", js_feed);
  bind_fn(rt, o, "pull", js_pull);
  bind_fn(rt, o, "request", js_request);
  bind_fn(rt, o, "respond", js_respond);
  bind_fn(rt, o, "headers", js_headers);
  bind_fn(rt, o, "push", js_push);
  bind_fn(rt, o, "altsvc", js_altsvc);
  bind_fn(rt, o, "origin", js_origin);
  bind_fn(rt, o, "write", js_write);
  bind_fn(rt, o, "end", js_end);
  bind_fn(rt, o, "queued", js_queued);
  bind_fn(rt, o, "consume", js_consume);
  bind_fn(rt, o, "rst", js_rst);
  bind_fn(rt, o, "ping", js_ping);
  bind_fn(rt, o, "priority", js_priority);
  bind_fn(rt, o, "settings", js_settings);
  bind_fn(rt, o, "goaway", js_goaway);
  bind_fn(rt, o, "setLocalWindowSize", js_set_local_window_size);
  bind_fn(rt, o, "setNextStreamID", js_set_next_stream_id);
  bind_fn(rt, o, "getSettings", js_get_settings);
  bind_fn(rt, o, "state", js_state);
  bind_fn(rt, o, "streamState", js_stream_state);
  bind_fn(rt, o, "strerror", js_strerror);
  bind_fn(rt, o, "wants", js_wants);
  bind_int(rt, o, "EV_HEADERS", EV_HEADERS);
  bind_int(rt, o, "EV_DATA", EV_DATA);
  bind_int(rt, o, "EV_END", EV_END);
  bind_int(rt, o, "EV_CLOSE", EV_CLOSE);
  bind_int(rt, o, "EV_SETTINGS", EV_SETTINGS);
  bind_int(rt, o, "EV_PING", EV_PING);
  bind_int(rt, o, "EV_GOAWAY", EV_GOAWAY);
  bind_int(rt, o, "EV_FRAME_ERROR", EV_FRAME_ERROR);
  bind_int(rt, o, "EV_ALTSVC", EV_ALTSVC);
  bind_int(rt, o, "EV_ORIGIN", EV_ORIGIN);
  bind_int(rt, o, "EV_PRIORITY", EV_PRIORITY);
  bind_int(rt, o, "EV_SESSION_ERROR", EV_SESSION_ERROR);
  bind_int(rt, o, "ERR_STREAM_ID_NOT_AVAILABLE", NGHTTP2_ERR_STREAM_ID_NOT_AVAILABLE);
  bind_int(rt, o, "ERR_INVALID_ARGUMENT", NGHTTP2_ERR_INVALID_ARGUMENT);
  bind_int(rt, o, "ERR_STREAM_CLOSED", NGHTTP2_ERR_STREAM_CLOSED);
  return o;
}
