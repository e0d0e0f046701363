/* internalBinding('spawn'): child processes for js-lib/child_process.js.
 *
 * spawn(options, onexit) starts a process on the runtime's loop. options:
 *   file, args[], cwd, envPairs[] ("K=V"), detached, uid, gid,
 *   stdio[]: {type: 'pipe', handle} (a pipe handle of internalBinding('tcp')),
 *            {type: 'ignore'} or {type: 'fd', fd}
 * It returns a negative libuv error code, or a handle object whose `pid`
 * is set; onexit(exitStatus, termSignal) runs when the child ends.
 * kill(handle, signal) and close(handle) act on that handle.
 *
 * spawnSync(options) runs the child to completion on a private loop, with
 * options.input (bytes written to a piped stdin), timeout (ms), killSignal
 * and maxBuffer, and returns {pid, status, signal, error, output: [...]}:
 * output[i] is the bytes read from a piped fd i, or null. */
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "binding.h"
#include "handle_base.h"
#include "runtime.h"

uv_stream_t *tcp_stream_of(sh_rt *rt, sh_val handle); /* mod_tcp.c */

typedef struct proc_opts {
  uv_process_options_t o;
  uv_stdio_container_t stdio[16];
  char **args, **env;
  char *file, *cwd;
  int nargs, nenv;
} proc_opts;

static char **str_array(sh_rt *rt, sh_val arr, int *count) {
  if (!sh_is(arr, SH_ARRAY)) {
    *count = 0;
    return NULL;
  }
  uint32_t n = sh_arr_length(rt, arr);
  char **out = calloc(n + 1, sizeof *out);
  for (uint32_t i = 0; i < n; i++) {
    out[i] = sh_to_utf8(rt, sh_get_i(rt, arr, i), NULL);
    if (!out[i]) out[i] = strdup("");
  }
  *count = (int)n;
  return out;
}

static void opts_free(proc_opts *p) {
  for (int i = 0; i < p->nargs; i++) free(p->args[i]);
  for (int i = 0; i < p->nenv; i++) free(p->env[i]);
  free(p->args);
  free(p->env);
  free(p->file);
  free(p->cwd);
}

static bool is_str(sh_val v) {
  return v && sh_is(v, SH_STRING);
}

/* Fills p from the options object; `pipe_for(i, entry)` gives the stream of
 * a 'pipe' entry. Returns false when JavaScript threw. */
typedef uv_stream_t *(*pipe_fn)(void *data, int i, sh_val entry);

static bool opts_read(sh_rt *rt, sh_val o, proc_opts *p, pipe_fn pipe_for, void *data) {
  memset(p, 0, sizeof *p);
  p->file = sh_to_utf8(rt, sh_get_s(rt, o, "file"), NULL);
  if (!p->file) return false;
  p->args = str_array(rt, sh_get_s(rt, o, "args"), &p->nargs);
  sh_val env = sh_get_s(rt, o, "envPairs");
  if (sh_is(env, SH_ARRAY)) p->env = str_array(rt, env, &p->nenv);
  sh_val cwd = sh_get_s(rt, o, "cwd");
  if (is_str(cwd)) p->cwd = sh_to_utf8(rt, cwd, NULL);
  p->o.file = p->file;
  p->o.args = p->args;
  p->o.env = p->env;
  p->o.cwd = p->cwd;
  if (sh_to_bool(rt, sh_get_s(rt, o, "detached"))) p->o.flags |= UV_PROCESS_DETACHED;
  sh_val uid = sh_get_s(rt, o, "uid"), gid = sh_get_s(rt, o, "gid");
  if (sh_is(uid, SH_NUMBER)) {
    p->o.flags |= UV_PROCESS_SETUID;
    p->o.uid = (uv_uid_t)sh_to_i64(rt, uid);
  }
  if (sh_is(gid, SH_NUMBER)) {
    p->o.flags |= UV_PROCESS_SETGID;
    p->o.gid = (uv_gid_t)sh_to_i64(rt, gid);
  }
  sh_val stdio = sh_get_s(rt, o, "stdio");
  uint32_t n = sh_is(stdio, SH_ARRAY) ? sh_arr_length(rt, stdio) : 0;
  if (n > 16) n = 16;
  for (uint32_t i = 0; i < n; i++) {
    sh_val e = sh_get_i(rt, stdio, i);
    char *type = sh_to_utf8(rt, sh_get_s(rt, e, "type"), NULL);
    uv_stdio_container_t *c = &p->stdio[i];
    if (type && strcmp(type, "pipe") == 0) {
      c->data.stream = pipe_for(data, (int)i, e);
      c->flags = c->data.stream
                     ? (uv_stdio_flags)(UV_CREATE_PIPE | UV_READABLE_PIPE | UV_WRITABLE_PIPE)
                     : UV_IGNORE;
    } else if (type && strcmp(type, "wrap") == 0) {
      /* a stream of the parent's (a net.Socket, a pipe) the child shares */
      c->data.stream = tcp_stream_of(rt, sh_get_s(rt, e, "handle"));
      c->flags = c->data.stream ? UV_INHERIT_STREAM : UV_IGNORE;
    } else if (type && strcmp(type, "fd") == 0) {
      c->flags = UV_INHERIT_FD;
      c->data.fd = (int)sh_to_i64(rt, sh_get_s(rt, e, "fd"));
    } else {
      c->flags = UV_IGNORE;
    }
    free(type);
  }
  p->o.stdio = p->stdio;
  p->o.stdio_count = (int)n;
  return true;
}

/* --- asynchronous ------------------------------------------------------- */

typedef struct proc_h {
  uv_process_t proc;
  handle_base base; /* the handle object, from a successful spawn on */
  sh_ref *onexit;
  int64_t status;
  int signal;
  bool closing;
} proc_h;

static uv_stream_t *async_pipe(void *data, int i, sh_val entry) {
  (void)i;
  return tcp_stream_of(data, sh_get_s(data, entry, "handle"));
}

static void on_child_exit(uv_process_t *proc, int64_t status, int signal) {
  proc_h *p = proc->data;
  sh_rt *rt = p->base.rt;
  p->status = status;
  p->signal = signal;
  sh_scope *scope = sh_scope_open(rt, false);
  sh_val fn = sh_ref_get(rt, p->onexit);
  sh_val h = handle_base_object(&p->base);
  sh_val argv[2] = {sh_num(rt, (double)p->status), sh_int(rt, p->signal)};
  if (fn && sh_is(fn, SH_FUNCTION))
    runtime_callback(rt, fn, h ? h : sh_undefined(rt), 2, argv, NULL);
  sh_scope_close(scope);
}

static void on_proc_closed(uv_handle_t *h) {
  proc_h *p = h->data;
  sh_ref_free(p->onexit);
  free(p);
}

static void spawn_fn(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  proc_opts po;
  if (!opts_read(rt, sh_arg(ci, 0), &po, async_pipe, rt)) {
    opts_free(&po);
    return;
  }
  proc_h *p = calloc(1, sizeof *p);
  if (!p) {
    opts_free(&po);
    return sh_throw_error(rt, SH_ERROR, "out of memory");
  }
  po.o.exit_cb = on_child_exit;
  int err = uv_spawn(runtime_get(rt)->loop, &p->proc, &po.o);
  opts_free(&po);
  p->proc.data = p;
  p->onexit = sh_ref_new(rt, sh_arg(ci, 1));
  if (err) {
    uv_close((uv_handle_t *)&p->proc, on_proc_closed);
    sh_ret(ci, sh_int(rt, err));
    return;
  }
  sh_val h = handle_base_init(&p->base, rt, p);
  bind_int(rt, h, "pid", p->proc.pid);
  sh_ret(ci, h);
}

static proc_h *proc_arg(sh_cbinfo *ci) {
  proc_h *p = sh_obj_ptr(sh_ci_rt(ci), sh_arg(ci, 0));
  return p && !p->closing ? p : NULL;
}

static void kill_fn(sh_cbinfo *ci) {
  proc_h *p = proc_arg(ci);
  if (!p) return sh_ret(ci, sh_int(sh_ci_rt(ci), UV_ESRCH));
  sh_ret(ci, sh_int(sh_ci_rt(ci), uv_process_kill(&p->proc, (int)arg_i64(ci, 1))));
}

static void close_fn(sh_cbinfo *ci) {
  proc_h *p = proc_arg(ci);
  if (!p) return;
  p->closing = true;
  handle_base_close(&p->base, NULL);
  uv_close((uv_handle_t *)&p->proc, on_proc_closed);
}

static void ref_fn(sh_cbinfo *ci) {
  proc_h *p = proc_arg(ci);
  if (p) uv_ref((uv_handle_t *)&p->proc);
}

static void unref_fn(sh_cbinfo *ci) {
  proc_h *p = proc_arg(ci);
  if (p) uv_unref((uv_handle_t *)&p->proc);
}

/* --- synchronous ---------------------------------------------------------- */

typedef struct sync_pipe {
  uv_pipe_t pipe;
  struct sync_run *run;
  char *buf;
  size_t len, cap;
  bool used;
} sync_pipe;

typedef struct sync_run {
  uv_loop_t loop;
  uv_process_t proc;
  uv_timer_t timer;
  sync_pipe pipes[16];
  uv_write_t write_req;
  uv_shutdown_t shutdown_req;
  const uint8_t *input;
  size_t input_len;
  int64_t status;
  int term_signal;
  int kill_signal;
  int error;
  double max_buffer;
  bool exited, timer_on;
} sync_run;

static uv_stream_t *sync_pipe_for(void *data, int i, sh_val entry) {
  (void)entry;
  sync_run *r = data;
  sync_pipe *sp = &r->pipes[i];
  uv_pipe_init(&r->loop, &sp->pipe, 0);
  sp->pipe.data = sp;
  sp->run = r;
  sp->used = true;
  return (uv_stream_t *)&sp->pipe;
}

static void sync_kill(sync_run *r, int error) {
  if (!r->error) r->error = error;
  if (!r->exited) uv_process_kill(&r->proc, r->kill_signal);
}

static void sync_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
  (void)suggested;
  sync_pipe *sp = h->data;
  if (sp->cap - sp->len < 65536) {
    sp->cap = sp->cap ? sp->cap * 2 : 65536;
    if (sp->cap - sp->len < 65536) sp->cap += 65536;
    sp->buf = realloc(sp->buf, sp->cap);
  }
  buf->base = sp->buf + sp->len;
  buf->len = sp->cap - sp->len;
}

static void sync_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf) {
  (void)buf;
  sync_pipe *sp = s->data;
  if (nread > 0) {
    sp->len += (size_t)nread;
    if (sp->run->max_buffer > 0 && (double)sp->len > sp->run->max_buffer) {
      sync_kill(sp->run, UV_ENOBUFS);
      uv_read_stop(s);
      if (!uv_is_closing((uv_handle_t *)s)) uv_close((uv_handle_t *)s, NULL);
    }
  } else if (nread < 0) {
    uv_read_stop(s);
    if (!uv_is_closing((uv_handle_t *)s)) uv_close((uv_handle_t *)s, NULL);
  }
}

static void sync_shutdown(uv_shutdown_t *req, int status) {
  (void)status;
  if (!uv_is_closing((uv_handle_t *)req->handle)) uv_close((uv_handle_t *)req->handle, NULL);
}

static void sync_written(uv_write_t *req, int status) {
  (void)status;
  sync_run *r = req->handle->data ? ((sync_pipe *)req->handle->data)->run : NULL;
  if (r && uv_shutdown(&r->shutdown_req, req->handle, sync_shutdown) != 0 &&
      !uv_is_closing((uv_handle_t *)req->handle))
    uv_close((uv_handle_t *)req->handle, NULL);
}

static void sync_exit(uv_process_t *proc, int64_t status, int signal) {
  sync_run *r = proc->data;
  r->exited = true;
  r->status = status;
  r->term_signal = signal;
  uv_close((uv_handle_t *)proc, NULL);
  if (r->timer_on) uv_close((uv_handle_t *)&r->timer, NULL);
  r->timer_on = false;
}

static void sync_timeout(uv_timer_t *t) {
  sync_run *r = t->data;
  sync_kill(r, UV_ETIMEDOUT);
}

static void walk_close(uv_handle_t *h, void *arg) {
  (void)arg;
  if (!uv_is_closing(h)) uv_close(h, NULL);
}

static void spawn_sync(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  sh_val o = sh_arg(ci, 0);
  sync_run *r = calloc(1, sizeof *r);
  uv_loop_init(&r->loop);
  proc_opts po;
  sh_val out = sh_obj(rt);
  if (!opts_read(rt, o, &po, sync_pipe_for, r)) {
    opts_free(&po);
    goto done;
  }
  sh_val input = sh_get_s(rt, o, "input");
  uint8_t *in_bytes = NULL;
  size_t in_len = 0;
  if (input && sh_bytes(input, &in_bytes, &in_len) != 0) in_bytes = NULL;
  double timeout = sh_to_num(rt, sh_get_s(rt, o, "timeout"));
  r->max_buffer = sh_to_num(rt, sh_get_s(rt, o, "maxBuffer"));
  if (!(r->max_buffer > 0)) r->max_buffer = 0;
  sh_val ks = sh_get_s(rt, o, "killSignal");
  r->kill_signal = sh_is(ks, SH_NUMBER) ? (int)sh_to_i64(rt, ks) : 15;
  po.o.exit_cb = sync_exit;
  int err = uv_spawn(&r->loop, &r->proc, &po.o);
  r->proc.data = r;
  opts_free(&po);
  if (err) {
    r->error = err;
    uv_close((uv_handle_t *)&r->proc, NULL);
    uv_walk(&r->loop, walk_close, NULL);
    uv_run(&r->loop, UV_RUN_DEFAULT);
    goto result;
  }
  bind_int(rt, out, "pid", r->proc.pid);
  if (timeout > 0) {
    uv_timer_init(&r->loop, &r->timer);
    r->timer.data = r;
    uv_timer_start(&r->timer, sync_timeout, (uint64_t)timeout, 0);
    r->timer_on = true;
  }
  for (int i = 0; i < 16; i++) {
    sync_pipe *sp = &r->pipes[i];
    if (!sp->used) continue;
    if (i == 0) {
      if (in_bytes && in_len > 0) {
        uv_buf_t b = uv_buf_init((char *)in_bytes, (unsigned)in_len);
        if (uv_write(&r->write_req, (uv_stream_t *)&sp->pipe, &b, 1, sync_written) != 0)
          uv_close((uv_handle_t *)&sp->pipe, NULL);
      } else {
        uv_close((uv_handle_t *)&sp->pipe, NULL);
      }
    } else {
      uv_read_start((uv_stream_t *)&sp->pipe, sync_alloc, sync_read);
    }
  }
  uv_run(&r->loop, UV_RUN_DEFAULT);
result:
  if (r->exited) {
    if (r->term_signal) {
      sh_set_s(rt, out, "status", sh_null(rt));
      bind_int(rt, out, "signal", r->term_signal);
    } else {
      sh_set_s(rt, out, "status", sh_num(rt, (double)r->status));
      sh_set_s(rt, out, "signal", sh_null(rt));
    }
  }
  if (r->error) bind_int(rt, out, "error", r->error);
  {
    sh_val output = sh_arr(rt, 0);
    for (uint32_t i = 0; i < 16; i++) {
      sync_pipe *sp = &r->pipes[i];
      if (i > 0 && sp->used) {
        void *bytes;
        sh_val ab = sh_arraybuffer(rt, sp->len, &bytes);
        if (sp->len) memcpy(bytes, sp->buf, sp->len);
        sh_set_i(rt, output, i, sh_uint8array(rt, ab, 0, sp->len));
      } else if (i < (uint32_t)po.o.stdio_count) {
        sh_set_i(rt, output, i, sh_null(rt));
      }
    }
    sh_set_s(rt, out, "output", output);
  }
done:
  for (int i = 0; i < 16; i++) free(r->pipes[i].buf);
  uv_walk(&r->loop, walk_close, NULL);
  uv_run(&r->loop, UV_RUN_DEFAULT);
  uv_loop_close(&r->loop);
  free(r);
  sh_ret(ci, out);
}

sh_val binding_spawn_init(sh_rt *rt) {
  sh_val o = sh_obj(rt);
  bind_fn(rt, o, "spawn", spawn_fn);
  bind_fn(rt, o, "spawnSync", spawn_sync);
  bind_fn(rt, o, "kill", kill_fn);
  bind_fn(rt, o, "close", close_fn);
  bind_fn(rt, o, "ref", ref_fn);
  bind_fn(rt, o, "unref", unref_fn);
  return o;
}
