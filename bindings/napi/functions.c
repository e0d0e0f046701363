/* Node-API: functions and their callback info, calls, classes, wrapping,
 * externals and finalizers of collected objects. */
#include <stdlib.h>
#include <string.h>

#include "napi_internal.h"

#define V(x) ((sh_val)(x))
#define NV(x) ((napi_value)(x))

/* What a function made by Node-API calls. Owned by the function: freed when
 * it is collected (plain functions) or never (class members). */
typedef struct fn_data {
  napi_env env;
  napi_callback cb;
  void *data;
  sh_ref *self;
} fn_data;

struct napi_callback_info__ {
  sh_cbinfo *ci;
  void *data;
};

typedef struct call_state {
  fn_data *fd;
  sh_cbinfo *ci;
} call_state;

/* Inside the guard: an exception the callback leaves pending goes to the
 * JavaScript caller; otherwise its result is the return value. */
static void call_guarded(sh_rt *rt, void *p) {
  call_state *st = p;
  struct napi_callback_info__ info = {st->ci, st->fd->data};
  napi_env env = st->fd->env;
  snapi_status(env, napi_ok);
  napi_value result = st->fd->cb(env, &info);
  if (result && !sh_guard_pending(rt)) sh_ret(st->ci, V(result));
}

void snapi_trampoline(sh_cbinfo *ci) {
  call_state st = {sh_data(ci), ci};
  sh_guarded(sh_ci_rt(ci), call_guarded, &st);
}

void *snapi_callback_data(napi_env env, napi_callback cb, void *data) {
  fn_data *fd = calloc(1, sizeof *fd);
  if (!fd) return NULL;
  fd->env = env;
  fd->cb = cb;
  fd->data = data;
  return fd;
}

static void fn_collected(void *p) {
  fn_data *fd = p;
  sh_ref_free(fd->self);
  free(fd);
}

sh_val snapi_function(napi_env env, sh_val name, napi_callback cb, void *data) {
  fn_data *fd = snapi_callback_data(env, cb, data);
  if (!fd) return NULL;
  sh_val f = sh_fn_v(env->rt, name, snapi_trampoline, fd);
  if (!f) {
    free(fd);
    return NULL;
  }
  fd->self = sh_ref_new(env->rt, f);
  sh_ref_weak(fd->self, fn_collected, fd);
  return f;
}

napi_status napi_create_function(napi_env env, const char *utf8name, size_t length,
                                 napi_callback cb, void *data, napi_value *result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, result);
  NAPI_CHECK_ARG(env, cb);
  sh_val name = NULL;
  if (utf8name && !(name = snapi_str(env, utf8name, length)))
    return snapi_status(env, napi_invalid_arg);
  sh_val f = snapi_function(env, name, cb, data);
  if (!f) return NAPI_THREW(env);
  *result = NV(f);
  return NAPI_OK(env);
}

napi_status napi_get_cb_info(napi_env env, napi_callback_info cbinfo, size_t *argc,
                             napi_value *argv, napi_value *this_arg, void **data) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, cbinfo);
  sh_cbinfo *ci = cbinfo->ci;
  if (argv) {
    NAPI_CHECK_ARG(env, argc);
    size_t have = (size_t)sh_argc(ci);
    for (size_t i = 0; i < *argc; i++)
      argv[i] = NV(i < have ? sh_arg(ci, (int)i) : sh_undefined(env->rt));
  }
  if (argc) *argc = (size_t)sh_argc(ci);
  if (this_arg) *this_arg = NV(sh_this(ci));
  if (data) *data = cbinfo->data;
  return NAPI_OK(env);
}

napi_status napi_get_new_target(napi_env env, napi_callback_info cbinfo, napi_value *result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, cbinfo);
  NAPI_CHECK_ARG(env, result);
  sh_val t = sh_new_target(cbinfo->ci);
  *result = sh_is(t, SH_UNDEFINED) ? NULL : NV(t);
  return NAPI_OK(env);
}

napi_status napi_call_function(napi_env env, napi_value recv, napi_value func, size_t argc,
                               const napi_value *argv, napi_value *result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, recv);
  NAPI_CHECK_ARG(env, func);
  if (argc > 0) NAPI_CHECK_ARG(env, argv);
  if (!sh_is(V(func), SH_FUNCTION)) return snapi_status(env, napi_invalid_arg);
  sh_val out = NULL;
  if (sh_call(env->rt, V(func), V(recv), (int)argc, (sh_val *)argv, &out) != 0)
    return NAPI_THREW(env);
  if (result) *result = NV(out);
  return NAPI_OK(env);
}

napi_status napi_new_instance(napi_env env, napi_value constructor, size_t argc,
                              const napi_value *argv, napi_value *result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, constructor);
  NAPI_CHECK_ARG(env, result);
  if (argc > 0) NAPI_CHECK_ARG(env, argv);
  if (!sh_is(V(constructor), SH_FUNCTION)) return snapi_status(env, napi_invalid_arg);
  sh_val o = sh_new(env->rt, V(constructor), (int)argc, (sh_val *)argv);
  if (!o) return NAPI_THREW(env);
  *result = NV(o);
  return NAPI_OK(env);
}

/* --- classes ------------------------------------------------------------------ */

napi_status napi_define_class(napi_env env, const char *utf8name, size_t length,
                              napi_callback constructor, void *data, size_t property_count,
                              const napi_property_descriptor *properties, napi_value *result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, result);
  NAPI_CHECK_ARG(env, constructor);
  NAPI_CHECK_ARG(env, utf8name);
  if (property_count > 0) NAPI_CHECK_ARG(env, properties);
  sh_val name = snapi_str(env, utf8name, length);
  if (!name) return snapi_status(env, napi_invalid_arg);
  sh_member *members = calloc(property_count ? property_count : 1, sizeof *members);
  if (!members) return snapi_status(env, napi_generic_failure);
  size_t n = 0;
  for (size_t i = 0; i < property_count; i++) {
    const napi_property_descriptor *p = &properties[i];
    /* Static members, and accessors with both a getter and a setter (two
     * callbacks, one data slot per member), are defined after the class. */
    if ((p->attributes & napi_static) || (p->getter && p->setter)) continue;
    sh_member *m = &members[n++];
    m->key = snapi_property_key(env, p);
    if (!m->key) {
      free(members);
      return snapi_status(env, napi_name_expected);
    }
    m->attrs = p->attributes & 7;
    if (p->getter || p->setter) {
      m->getter = p->getter ? snapi_trampoline : NULL;
      m->setter = p->setter ? snapi_trampoline : NULL;
      m->data = snapi_callback_data(env, p->getter ? p->getter : p->setter, p->data);
    } else if (p->method) {
      m->method = snapi_trampoline;
      m->data = snapi_callback_data(env, p->method, p->data);
    } else {
      m->value = p->value ? V(p->value) : sh_undefined(env->rt);
    }
  }
  void *ctor_data = snapi_callback_data(env, constructor, data);
  sh_val cls = sh_class(env->rt, name, snapi_trampoline, ctor_data, members, n);
  free(members);
  if (!cls) return NAPI_THREW(env);
  sh_val proto = NULL;
  for (size_t i = 0; i < property_count; i++) {
    const napi_property_descriptor *p = &properties[i];
    bool is_static = p->attributes & napi_static;
    if (!is_static && !(p->getter && p->setter)) continue;
    if (!is_static && !proto && !(proto = sh_get_s(env->rt, cls, "prototype")))
      return NAPI_THREW(env);
    napi_status s = snapi_define(env, is_static ? cls : proto, p);
    if (s != napi_ok) return s;
  }
  *result = NV(cls);
  return NAPI_OK(env);
}

/* --- finalizers of collected objects ---------------------------------------------- */

typedef struct collect {
  napi_env env;
  napi_finalize cb;
  void *data, *hint;
  sh_ref *ref;
} collect;

static void collected(void *p) {
  collect *c = p;
  snapi_defer_finalize(c->env, c->cb, c->data, c->hint);
  sh_ref_free(c->ref);
  free(c);
}

void *snapi_on_collect(napi_env env, sh_val v, napi_finalize cb, void *data, void *hint) {
  collect *c = calloc(1, sizeof *c);
  if (!c) return NULL;
  *c = (collect){env, cb, data, hint, sh_ref_new(env->rt, v)};
  sh_ref_weak(c->ref, collected, c);
  return c;
}

void snapi_cancel_finalizer(void *handle) {
  collect *c = handle;
  if (c) c->cb = NULL;
}

napi_status napi_add_finalizer(napi_env env, napi_value js_object, void *finalize_data,
                               node_api_nogc_finalize finalize_cb, void *finalize_hint,
                               napi_ref *result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, js_object);
  NAPI_CHECK_ARG(env, finalize_cb);
  if (!sh_is(V(js_object), SH_OBJECT)) return snapi_status(env, napi_object_expected);
  if (!snapi_on_collect(env, V(js_object), finalize_cb, finalize_data, finalize_hint))
    return snapi_status(env, napi_generic_failure);
  if (result) return napi_create_reference(env, js_object, 0, result);
  return NAPI_OK(env);
}

napi_status node_api_post_finalizer(node_api_nogc_env env, napi_finalize finalize_cb,
                                    void *finalize_data, void *finalize_hint) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, finalize_cb);
  snapi_defer_finalize(env, finalize_cb, finalize_data, finalize_hint);
  return NAPI_OK(env);
}

/* --- wrap ------------------------------------------------------------------------------ */

typedef struct wrap {
  void *native;
  void *finalizer; /* snapi_on_collect handle, NULL without finalize_cb */
} wrap;

static wrap *wrap_of(napi_env env, sh_val obj) {
  sh_val w = sh_private_get(env->rt, obj, SH_PRIVATE_WRAP);
  return w ? sh_external_value(w) : NULL;
}

static void free_wrap(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  free(data);
}

napi_status napi_wrap(napi_env env, napi_value js_object, void *native_object,
                      node_api_nogc_finalize finalize_cb, void *finalize_hint, napi_ref *result) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, js_object);
  sh_val obj = V(js_object);
  if (!sh_is(obj, SH_OBJECT)) return snapi_status(env, napi_object_expected);
  if (wrap_of(env, obj)) return snapi_status(env, napi_invalid_arg);
  wrap *w = calloc(1, sizeof *w);
  if (!w) return snapi_status(env, napi_generic_failure);
  w->native = native_object;
  if (finalize_cb)
    w->finalizer = snapi_on_collect(env, obj, finalize_cb, native_object, finalize_hint);
  snapi_on_collect(env, obj, free_wrap, w, NULL);
  if (sh_private_set(env->rt, obj, SH_PRIVATE_WRAP, sh_external(env->rt, w)) != 0)
    return NAPI_THREW(env);
  if (result) return napi_create_reference(env, js_object, 0, result);
  return NAPI_OK(env);
}

static napi_status unwrap(napi_env env, napi_value js_object, void **result, bool remove) {
  NAPI_PREAMBLE(env);
  NAPI_CHECK_ARG(env, js_object);
  if (!remove) NAPI_CHECK_ARG(env, result);
  sh_val obj = V(js_object);
  if (!sh_is(obj, SH_OBJECT)) return snapi_status(env, napi_object_expected);
  wrap *w = wrap_of(env, obj);
  if (!w) return snapi_status(env, napi_invalid_arg);
  if (result) *result = w->native;
  if (remove) {
    snapi_cancel_finalizer(w->finalizer);
    w->finalizer = NULL;
    sh_private_set(env->rt, obj, SH_PRIVATE_WRAP, NULL);
  }
  return NAPI_OK(env);
}

napi_status napi_unwrap(napi_env env, napi_value js_object, void **result) {
  return unwrap(env, js_object, result, false);
}

napi_status napi_remove_wrap(napi_env env, napi_value js_object, void **result) {
  return unwrap(env, js_object, result, true);
}

/* --- externals ----------------------------------------------------------------------------- */

napi_status napi_create_external(napi_env env, void *data, node_api_nogc_finalize finalize_cb,
                                 void *finalize_hint, napi_value *result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, result);
  sh_val e = sh_external(env->rt, data);
  if (finalize_cb && !snapi_on_collect(env, e, finalize_cb, data, finalize_hint))
    return snapi_status(env, napi_generic_failure);
  *result = NV(e);
  return NAPI_OK(env);
}

napi_status napi_get_value_external(napi_env env, napi_value value, void **result) {
  NAPI_CHECK_ENV(env);
  NAPI_CHECK_ARG(env, value);
  NAPI_CHECK_ARG(env, result);
  if (!sh_is(V(value), SH_EXTERNAL)) return snapi_status(env, napi_invalid_arg);
  *result = sh_external_value(V(value));
  return NAPI_OK(env);
}
