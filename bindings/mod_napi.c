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

#include "binding.h"
#include "napi_internal.h"
#include "runtime.h"

/* What each loaded library registered. Static constructors run once per
 * process, so this outlives runtimes (worker threads load the same handle). */
typedef struct registration {
  void *handle;
  napi_addon_register_func init;
  int32_t api_version; /* node_api_module_get_api_version_v1(), 8 without it */
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

/* What a library just loaded on this thread registered (its static
 * constructor ran inside dlopen) or exports. */
static registration inspect(void *handle) {
  registration r = {.handle = handle, .legacy = t_legacy};
  r.init = t_registered ? t_registered->nm_register_func : NULL;
  if (!r.init) r.init = (napi_addon_register_func)dlsym(handle, "napi_register_module_v1");
  node_api_addon_get_api_version_func version =
      (node_api_addon_get_api_version_func)dlsym(handle, "node_api_module_get_api_version_v1");
  r.api_version = version ? version() : 8;
  /* NODE_MODULE_INIT exports node_register_module_v<ABI>. */
  if (!r.init &&
      (dlsym(handle, "node_register_module_v115") || dlsym(handle, "node_register_module_v108")))
    r.legacy = true;
  t_registered = NULL;
  t_legacy = false;
  return r;
}

/* The registration of an addon handle: recorded on its first load, since a
 * library stays loaded and its constructor never runs again. Libraries that
 * registered nothing are closed by the caller and not recorded. */
static registration lookup(void *handle) {
  uv_once(&g_once, init_lock);
  uv_mutex_lock(&g_lock);
  registration *r = g_registrations;
  while (r && r->handle != handle) r = r->next;
  registration out = r ? *r : inspect(handle);
  if (!r && out.init && (r = malloc(sizeof *r))) {
    *r = out;
    r->next = g_registrations;
    g_registrations = r;
  }
  uv_mutex_unlock(&g_lock);
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

static void cxx_addon_message(char *msg, size_t cap, const char *filename, const char *why) {
  snprintf(
      msg, cap,
      "The module '%s' is a Node.js C++ addon (NODE_MODULE, not Node-API): it needs Node's C++ "
      "ABI, which shoal does not provide. shoal loads Node-API addons only (see "
      "docs/native-addons.md).%s%s",
      filename, why ? " " : "", why ? why : "");
}

/* dlopen failed with err: when symbols are missing because the library is a
 * C++ addon (V8 and node:: symbols of another Node), say so. Loading it
 * lazily only runs its registration, which calls nothing of it. */
static void explain_failure(char *msg, size_t cap, const char *filename, const char *err) {
  snprintf(msg, cap, "%s", err ? err : filename);
  if (!err || !strstr(err, "undefined symbol")) return;
  t_registered = NULL;
  t_legacy = false;
  void *lazy = dlopen(filename, RTLD_LAZY | RTLD_LOCAL);
  if (!lazy) return;
  registration reg = inspect(lazy);
  if (reg.legacy) {
    char *why = strdup(msg);
    cxx_addon_message(msg, cap, filename, why);
    free(why);
  }
  dlclose(lazy);
}

/* Opens filename; on failure writes Node's message into msg, returns NULL. */
static void *open_addon(const char *filename, int flags, registration *reg, char *msg, size_t cap) {
  t_registered = NULL;
  t_legacy = false;
  void *handle = dlopen(filename, flags);
  if (!handle) {
    explain_failure(msg, cap, filename, dlerror());
    return NULL;
  }
  *reg = lookup(handle);
  if (reg->init) return handle;
  if (reg->legacy) cxx_addon_message(msg, cap, filename, NULL);
  else snprintf(msg, cap, "Module did not self-register: '%s'.", filename);
  dlclose(handle);
  return NULL;
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
  registration reg;
  if (!open_addon(filename, flags, &reg, msg, sizeof msg)) {
    fail(ci, msg);
    free(filename);
    return;
  }
  load l = {snapi_env_new(rt, runtime_get(rt)->loop, filename, sh_arg(ci, 3)), reg.init,
            sh_arg(ci, 0)};
  if (l.env) l.env->module_api_version = reg.api_version;
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
