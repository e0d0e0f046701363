/* internalBinding('napi'): loads native addons (process.dlopen, require of
 * .node files). Node-API addons register through napi_register_module_v1
 * or napi_module_register (from their static constructor, during dlopen);
 * the registration function then fills module.exports. Addons for Node's
 * C++ ABI (node_module_register) are refused with a clear error.
 *
 * dlopen(module, filename, flags, bufferPrototype) returns undefined, or
 * [code, message] for js-lib to throw (internal/modules/native_addon.js). */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "bindings/binding.h"
#include "bindings/napi/napi_internal.h"
#include "worker/runtime.h"

/* What each loaded library registered. Static constructors run once per
 * process, so this outlives runtimes (worker threads load the same handle). */
typedef struct registration {
  void *handle;
  napi_addon_register_func init;
  bool legacy;
  struct registration *next;
} registration;

static uv_once_t g_once = UV_ONCE_INIT;
static uv_mutex_t g_lock;
static registration *g_registrations;
/* Set by the registration calls an addon makes from its static constructor
 * while this thread is inside dlopen. */
static _Thread_local napi_module *t_registered;
static _Thread_local bool t_legacy;

void napi_module_register(napi_module *mod) {
  t_registered = mod;
}

/* Node's C++ addons (NODE_MODULE) call this; shoal cannot run them. */
void node_module_register(void *mod);
void node_module_register(void *mod) {
  (void)mod;
  t_legacy = true;
}

static void init_lock(void) {
  uv_mutex_init(&g_lock);
}

/* The registration of handle, recorded on its first load. */
static registration lookup(void *handle) {
  uv_once(&g_once, init_lock);
  uv_mutex_lock(&g_lock);
  registration *r = g_registrations;
  while (r && r->handle != handle) r = r->next;
  if (!r && (r = calloc(1, sizeof *r))) {
    r->handle = handle;
    r->init = t_registered ? t_registered->nm_register_func : NULL;
    r->legacy = t_legacy;
    if (!r->init) r->init = (napi_addon_register_func)dlsym(handle, "napi_register_module_v1");
    /* NODE_MODULE_INIT exports node_register_module_v<ABI>. */
    if (!r->init &&
        (dlsym(handle, "node_register_module_v115") || dlsym(handle, "node_register_module_v108")))
      r->legacy = true;
    r->next = g_registrations;
    g_registrations = r;
  }
  registration out = r ? *r : (registration){0};
  uv_mutex_unlock(&g_lock);
  t_registered = NULL;
  t_legacy = false;
  return out;
}

static void fail(sh_cbinfo *ci, const char *message) {
  sh_rt *rt = sh_ci_rt(ci);
  sh_val pair[2] = {sh_str(rt, "ERR_DLOPEN_FAILED", SIZE_MAX), sh_str(rt, message, SIZE_MAX)};
  sh_ret(ci, sh_arr_of(rt, pair, 2));
}

typedef struct load {
  napi_env env;
  napi_addon_register_func init;
  sh_val module;
} load;

/* Under a guard: what the addon throws goes to the require() caller. */
static void run_init(sh_rt *rt, void *data) {
  load *l = data;
  sh_val exports = sh_get_s(rt, l->module, "exports");
  if (!exports) return;
  napi_value out = l->init(l->env, (napi_value)exports);
  if (out && !sh_guard_pending(rt) && !sh_strict_equals((sh_val)out, exports))
    sh_set_s(rt, l->module, "exports", (sh_val)out);
}

static void do_dlopen(sh_cbinfo *ci) {
  sh_rt *rt = sh_ci_rt(ci);
  char *filename = arg_utf8(ci, 1);
  if (!filename) return;
  /* Node's default is RTLD_LAZY. shoal binds every symbol now instead: an
   * addon needing a Node-API function shoal lacks then fails here with
   * "undefined symbol: NAME" rather than killing the process at its call. */
  int flags = sh_is(sh_arg(ci, 2), SH_NUMBER) ? (int)arg_i64(ci, 2) : RTLD_NOW | RTLD_LOCAL;
  char msg[4096];
  t_registered = NULL;
  t_legacy = false;
  void *handle = dlopen(filename, flags);
  if (!handle) {
    const char *err = dlerror();
    fail(ci, err ? err : filename);
    free(filename);
    return;
  }
  registration reg = lookup(handle);
  if (!reg.init) {
    if (reg.legacy)
      snprintf(msg, sizeof msg,
               "The module '%s' is a Node.js C++ addon (node_module_register): it needs "
               "Node's C++ ABI, which shoal does not provide. shoal loads Node-API addons "
               "only (see docs/native-addons.md).",
               filename);
    else snprintf(msg, sizeof msg, "Module did not self-register: '%s'.", filename);
    dlclose(handle);
    fail(ci, msg);
    free(filename);
    return;
  }
  load l = {snapi_env_new(rt, runtime_get(rt)->loop, filename, sh_arg(ci, 3)), reg.init,
            sh_arg(ci, 0)};
  free(filename);
  if (!l.env) {
    sh_throw_error(rt, SH_ERROR, "out of memory loading a native addon");
    return;
  }
  sh_guarded(rt, run_init, &l);
}

sh_val binding_napi_init(sh_rt *rt) {
  sh_val o = sh_obj(rt);
  bind_fn(rt, o, "dlopen", do_dlopen);
  bind_int(rt, o, "RTLD_LAZY", RTLD_LAZY);
  bind_int(rt, o, "RTLD_NOW", RTLD_NOW);
  bind_int(rt, o, "RTLD_GLOBAL", RTLD_GLOBAL);
  bind_int(rt, o, "RTLD_LOCAL", RTLD_LOCAL);
  bind_int(rt, o, "RTLD_DEEPBIND", RTLD_DEEPBIND);
  return o;
}
