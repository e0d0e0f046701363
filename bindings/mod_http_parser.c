/* internalBinding('http_parser'): an llhttp HTTP/1.x response parser for
 * the http client (js-lib/_http_client.js), or a request parser (Node's
 * HTTPParser of _http_common is built on both). The JavaScript side feeds it the
 * bytes read from a net.Socket; the parser calls back, synchronously, the
 * functions stored on the parser object:
 *
 *   onHeaders(major, minor, status, statusMessage, rawHeaders, upgrade, keepAlive,
 *             method)  (a request: status 0, statusMessage the URL, method
 *                       llhttp's number, Node's _http_common.methods index)
 *       -> 0 (parse the body), 1 (no body: HEAD, 1xx) or 2 (no body, stop: upgrade)
 *   onBody(Uint8Array)            (a copy)
 *   onComplete(rawTrailers)       -> truthy: stop after this message
 *
 * Functions (p is a parser object from create):
 *   create(maxHeaderSize[, request])  -> p  (request: parse requests)
 *   execute(p, bytes)      -> 0, or { code, reason, bytesParsed, paused, upgrade }
 *   finish(p)              -> 0, or { code, reason } (EOF in the middle of a message)
 *   reset(p[, maxHeaderSize[, request]])  start over (the next message on a kept-alive
 *                          socket, or a pooled parser given to a new request)
 *   free(p)                release now (else released when p is collected)
 * Header names and values are latin1 strings, like Node's. */
#include <llhttp.h>
#include <stdlib.h>
#include <string.h>

#include "binding.h"
#include "handle_base.h"

typedef struct hp {
  llhttp_t parser;
  sh_rt *rt;
  handle_base base; /* its object, which owns it (weak) */
  sh_val self;      /* valid during execute/finish only */
  /* the header (or trailer) being accumulated */
  char *buf;
  size_t len, cap;
  /* completed header strings, back to back; ends[i] is where string i ends */
  char *acc;
  size_t acc_len, acc_cap;
  size_t *ends;
  uint32_t nends, ends_cap;
  char *status;
  size_t status_len;
  size_t header_bytes, max_header;
  bool request;    /* parses requests (else responses) */
  bool in_headers; /* between message begin and headers complete */
  bool threw;
  bool overflow;
} hp;

static _Thread_local llhttp_settings_t settings;

static int append(hp *p, const char *at, size_t n) {
  if (p->len + n > p->cap) {
    size_t cap = p->cap ? p->cap * 2 : 256;
    while (cap < p->len + n) cap *= 2;
    char *nb = realloc(p->buf, cap);
    if (!nb) return -1;
    p->buf = nb;
    p->cap = cap;
  }
  memcpy(p->buf + p->len, at, n);
  p->len += n;
  return 0;
}

static int count(hp *p, size_t n) {
  if (!p->in_headers) return 0;
  p->header_bytes += n;
  if (p->max_header && p->header_bytes > p->max_header) {
    p->overflow = true;
    return -1;
  }
  return 0;
}

static int push_buf(hp *p) {
  if (p->acc_len + p->len > p->acc_cap) {
    size_t cap = p->acc_cap ? p->acc_cap * 2 : 1024;
    while (cap < p->acc_len + p->len) cap *= 2;
    char *na = realloc(p->acc, cap);
    if (!na) return -1;
    p->acc = na;
    p->acc_cap = cap;
  }
  if (p->nends == p->ends_cap) {
    uint32_t cap = p->ends_cap ? p->ends_cap * 2 : 32;
    size_t *ne = realloc(p->ends, cap * sizeof *ne);
    if (!ne) return -1;
    p->ends = ne;
    p->ends_cap = cap;
  }
  memcpy(p->acc + p->acc_len, p->buf, p->len);
  p->acc_len += p->len;
  p->ends[p->nends++] = p->acc_len;
  p->len = 0;
  return 0;
}

/* The collected strings as a JS array; empties the collection. */
static sh_val take_list(hp *p) {
  sh_rt *rt = p->rt;
  sh_val arr = sh_arr(rt, p->nends);
  size_t start = 0;
  for (uint32_t i = 0; i < p->nends; i++) {
    sh_set_i(rt, arr, i, sh_str_latin1(rt, (const uint8_t *)p->acc + start, p->ends[i] - start));
    start = p->ends[i];
  }
  p->nends = 0;
  p->acc_len = 0;
  return arr;
}

static int on_message_begin(llhttp_t *l) {
  hp *p = l->data;
  p->in_headers = true;
  p->header_bytes = 0;
  p->nends = 0;
  p->acc_len = 0;
  p->len = 0;
  p->status_len = 0;
  return 0;
}

static int on_status(llhttp_t *l, const char *at, size_t n) {
  hp *p = l->data;
  if (count(p, n)) return -1;
  char *ns = realloc(p->status, p->status_len + n + 1);
  if (!ns) return -1;
  p->status = ns;
  memcpy(p->status + p->status_len, at, n);
  p->status_len += n;
  return 0;
}

static int on_data_acc(llhttp_t *l, const char *at, size_t n) {
  hp *p = l->data;
  if (count(p, n)) return -1;
  return append(p, at, n);
}

static int on_field_complete(llhttp_t *l) {
  return push_buf(l->data);
}

static int on_value_complete(llhttp_t *l) {
  hp *p = l->data;
  /* llhttp strips leading whitespace; trailing whitespace is ours to drop */
  while (p->len && (p->buf[p->len - 1] == ' ' || p->buf[p->len - 1] == '\t')) p->len--;
  return push_buf(p);
}

static sh_val callback(hp *p, const char *name) {
  sh_val fn = sh_get_s(p->rt, p->self, name);
  if (!fn || !sh_is(fn, SH_FUNCTION)) return NULL;
  return fn;
}

static int on_headers_complete(llhttp_t *l) {
  hp *p = l->data;
  sh_rt *rt = p->rt;
  p->in_headers = false;
  sh_val fn = callback(p, "onHeaders");
  sh_val list = take_list(p);
  if (!fn) return 0;
  sh_val argv[8] = {
      sh_int(rt, l->http_major),
      sh_int(rt, l->http_minor),
      sh_int(rt, l->status_code),
      sh_str_latin1(rt, (const uint8_t *)(p->status ? p->status : ""), p->status_len),
      list,
      sh_bool(rt, l->upgrade),
      sh_bool(rt, llhttp_should_keep_alive(l)),
      sh_int(rt, l->method),
  };
  sh_val ret = NULL;
  if (sh_call(rt, fn, p->self, 8, argv, &ret) < 0) {
    p->threw = true;
    return -1;
  }
  int r = ret ? (int)sh_to_num(rt, ret) : 0;
  if (r == 1 || r == 2) return r;
  return 0;
}

static int on_body(llhttp_t *l, const char *at, size_t n) {
  hp *p = l->data;
  sh_rt *rt = p->rt;
  sh_val fn = callback(p, "onBody");
  if (!fn) return 0;
  void *data;
  sh_val ab = sh_arraybuffer(rt, n, &data);
  memcpy(data, at, n);
  sh_val u8 = sh_uint8array(rt, ab, 0, n);
  if (sh_call(rt, fn, p->self, 1, &u8, NULL) < 0) {
    p->threw = true;
    return -1;
  }
  return 0;
}

static int on_message_complete(llhttp_t *l) {
  hp *p = l->data;
  sh_rt *rt = p->rt;
  p->in_headers = false;
  sh_val trailers = take_list(p);
  sh_val fn = callback(p, "onComplete");
  if (!fn) return 0;
  sh_val ret = NULL;
  if (sh_call(rt, fn, p->self, 1, &trailers, &ret) < 0) {
    p->threw = true;
    return -1;
  }
  if (ret && sh_to_bool(rt, ret)) return HPE_PAUSED;
  return 0;
}

static void hp_free(hp *p) {
  free(p->buf);
  free(p->status);
  free(p->acc);
  free(p->ends);
  free(p);
}

static void hp_collected(void *data) {
  hp *p = data;
  handle_base_release(&p->base);
  hp_free(p);
}

static hp *get(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  sh_val obj = sh_arg(ci, 0);
  hp *p = sh_is(obj, SH_OBJECT) ? sh_obj_ptr(rt, obj) : NULL;
  if (!p) {
    sh_throw_error(rt, SH_TYPE_ERROR, "not an HTTP parser (or already freed)");
    return NULL;
  }
  p->self = obj;
  return p;
}

static void hp_init(hp *p) {
  llhttp_init(&p->parser, p->request ? HTTP_REQUEST : HTTP_RESPONSE, &settings);
  p->parser.data = p;
  p->len = 0;
  p->nends = 0;
  p->acc_len = 0;
  p->in_headers = false;
  p->header_bytes = 0;
  p->overflow = false;
}

static void js_create(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  hp *p = calloc(1, sizeof *p);
  if (!p) {
    sh_throw_error(rt, SH_ERROR, "out of memory");
    return;
  }
  p->rt = rt;
  double max = arg_num(ci, 0);
  p->max_header = max > 0 ? (size_t)max : 16384;
  p->request = sh_to_bool(rt, sh_arg(ci, 1));
  hp_init(p);
  sh_ret(ci, handle_base_init_weak(&p->base, rt, p, hp_collected));
}

static sh_val error_info(hp *p, llhttp_errno_t err, const char *start) {
  sh_rt *rt = p->rt;
  sh_val o = sh_obj(rt);
  const char *reason = llhttp_get_error_reason(&p->parser);
  const char *code = llhttp_errno_name(err);
  if (p->overflow) {
    code = "HPE_HEADER_OVERFLOW";
    reason = "Header overflow";
  }
  sh_set_s(rt, o, "code", sh_str(rt, code, SIZE_MAX));
  sh_set_s(rt, o, "reason", sh_str(rt, reason ? reason : "", SIZE_MAX));
  const char *pos = llhttp_get_error_pos(&p->parser);
  if (start && pos && pos >= start) sh_set_s(rt, o, "bytesParsed", sh_int(rt, pos - start));
  sh_set_s(rt, o, "paused", sh_bool(rt, err == HPE_PAUSED));
  sh_set_s(rt, o, "upgrade", sh_bool(rt, err == HPE_PAUSED_UPGRADE));
  return o;
}

static void js_execute(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  hp *p = get(ci);
  if (!p) return;
  uint8_t *data;
  size_t len;
  if (sh_bytes(sh_arg(ci, 1), &data, &len) < 0) {
    sh_throw_error(rt, SH_TYPE_ERROR, "execute: bytes expected");
    return;
  }
  p->threw = false;
  llhttp_errno_t err = llhttp_execute(&p->parser, (const char *)data, len);
  if (p->threw) return; /* the exception propagates */
  if (err == HPE_OK) {
    sh_ret(ci, sh_int(rt, 0));
    return;
  }
  sh_ret(ci, error_info(p, err, (const char *)data));
}

static void js_finish(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  hp *p = get(ci);
  if (!p) return;
  p->threw = false;
  llhttp_errno_t err = llhttp_finish(&p->parser);
  if (p->threw) return;
  if (err == HPE_OK) {
    sh_ret(ci, sh_int(rt, 0));
    return;
  }
  sh_ret(ci, error_info(p, err, NULL));
}

static void js_reset(sh_cbinfo *ci) {
  hp *p = get(ci);
  if (!p) return;
  double max = arg_num(ci, 1);
  if (max > 0) p->max_header = (size_t)max;
  if (sh_argc(ci) > 2) p->request = sh_to_bool(sh_ci_rt(ci), sh_arg(ci, 2));
  hp_init(p);
}

static void js_free(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  sh_val obj = sh_arg(ci, 0);
  hp *p = sh_is(obj, SH_OBJECT) ? sh_obj_ptr(rt, obj) : NULL;
  if (!p) return;
  handle_base_close(&p->base, NULL); /* collected will not run */
  hp_free(p);
}

sh_val binding_http_parser_init(sh_rt *rt) {
  llhttp_settings_init(&settings);
  settings.on_message_begin = on_message_begin;
  settings.on_status = on_status;
  settings.on_url = on_status; /* (a request's URL, where a response's reason goes) */
  settings.on_header_field = on_data_acc;
  settings.on_header_value = on_data_acc;
  settings.on_header_field_complete = on_field_complete;
  settings.on_header_value_complete = on_value_complete;
  settings.on_headers_complete = on_headers_complete;
  settings.on_body = on_body;
  settings.on_message_complete = on_message_complete;
  sh_val o = sh_obj(rt);
  bind_fn(rt, o, "create", js_create);
  bind_fn(rt, o, "execute", js_execute);
  bind_fn(rt, o, "finish", js_finish);
  bind_fn(rt, o, "reset", js_reset);
  bind_fn(rt, o, "free", js_free);
  return o;
}
