#ifndef SHOAL_BINDINGS_NAPI_EXIT_H
#define SHOAL_BINDINGS_NAPI_EXIT_H
/* napi_exit: the part of Node-API the runtime calls when the process ends.
 * Runs the cleanup hooks native addons registered (napi_add_env_cleanup_hook,
 * napi_add_async_cleanup_hook), newest first, as Node does at environment
 * teardown. Safe to call when no addon was loaded; runs each hook once. */
void snapi_exit_cleanup(void);
#endif
