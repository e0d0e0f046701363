/* internalBinding('inspector'): in-process sessions of V8's inspector
 * (`require('inspector').Session`, js-lib/inspector.js), as Node's
 * JSBindingsConnection: connect(onMessage) returns a session handle whose
 * answers and notifications call onMessage(json) synchronously, dispatch
 * (handle, json) posts a message, disconnect(handle) ends the session.
 * The handle owns its session until disconnect. And the DevTools endpoint
 * (inspector_server.h) for inspector.open(), url(), close(),
 * waitForDebugger(). */
#include <stdlib.h>

#include "binding.h"
#include "inspector_server.h"
#include "runtime.h"

typedef struct js_session {
  sh_rt *rt;
  sh_ref *on_message;
  sh_inspector_session *session;
} js_session;

/* Inside dispatch (JavaScript below): a plain call, as Node's MakeCallback
 * nested in JavaScript, which leaves nextTick callbacks for later. */
static _Thread_local int dispatching;

static void on_session_message(void *data, const char *msg, size_t len) {
  js_session *s = data;
  sh_rt *rt = s->rt;
  sh_scope *scope = sh_scope_open(rt, false);
  sh_val fn = sh_ref_get(rt, s->on_message);
  if (fn) {
    sh_val text = sh_str(rt, msg, len);
    if (dispatching) sh_call(rt, fn, sh_undefined(rt), 1, &text, NULL);
    else runtime_callback(rt, fn, sh_undefined(rt), 1, &text, NULL);
  }
  sh_scope_close(scope);
}

static js_session *session_arg(sh_cbinfo *ci) {
  sh_val v = sh_arg(ci, 0);
  return sh_external_value(v);
}

/* connect(onMessage) -> handle */
static void session_connect(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  js_session *s = calloc(1, sizeof *s);
  if (!s) return;
  s->rt = rt;
  s->on_message = sh_ref_new(rt, sh_arg(ci, 0));
  s->session = sh_inspector_session_new(sh_inspector_of(rt), on_session_message, s);
  sh_ret(ci, sh_external(rt, s));
}

/* dispatch(handle, message) */
static void session_dispatch(sh_cbinfo *ci) {
  js_session *s = session_arg(ci);
  if (!s || !s->session) return;
  size_t len;
  char *msg = sh_to_utf8(sh_ci_rt(ci), sh_arg(ci, 1), &len);
  if (!msg) return;
  dispatching++;
  sh_inspector_session_dispatch(s->session, msg, len);
  dispatching--;
  free(msg);
}

/* disconnect(handle): the handle is not used again */
static void session_disconnect(sh_cbinfo *ci) {
  js_session *s = session_arg(ci);
  if (!s || !s->session) return;
  sh_inspector_session_free(s->session);
  s->session = NULL;
  sh_ref_free(s->on_message);
  free(s);
}

/* open(port, title): says on stderr where, or why not (as Node) */
static void server_open(sh_cbinfo *ci) {
  char *title = sh_is(sh_arg(ci, 1), SH_STRING) ? arg_utf8(ci, 1) : NULL;
  inspector_open_announced(sh_ci_rt(ci), (int)arg_i64(ci, 0), title);
  free(title);
}

/* url() -> the ws:// URL, or undefined */
static void server_url(sh_cbinfo *ci) {
  char url[128];
  if (inspector_url(url, sizeof url)) sh_ret(ci, sh_str(sh_ci_rt(ci), url, SIZE_MAX));
}

static void server_close(sh_cbinfo *ci) {
  (void)ci;
  inspector_close();
}

/* waitForDebugger() -> false when not open */
static void server_wait(sh_cbinfo *ci) {
  sh_ret(ci, sh_bool(sh_ci_rt(ci), inspector_wait_for_debugger() == 0));
}

static void break_on_start(sh_cbinfo *ci) {
  (void)ci;
  inspector_break_on_start();
}

sh_val binding_inspector_init(sh_rt *rt) {
  sh_val o = sh_obj(rt);
  bind_fn(rt, o, "connect", session_connect);
  bind_fn(rt, o, "dispatch", session_dispatch);
  bind_fn(rt, o, "disconnect", session_disconnect);
  bind_fn(rt, o, "open", server_open);
  bind_fn(rt, o, "url", server_url);
  bind_fn(rt, o, "close", server_close);
  bind_fn(rt, o, "waitForDebugger", server_wait);
  bind_fn(rt, o, "breakOnStart", break_on_start);
  return o;
}
