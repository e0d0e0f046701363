/* handle_base: a binding handle's object, reference and events (see
 * handle_base.h). */
#include "handle_base.h"

#include "runtime.h"

sh_val handle_base_init(handle_base *b, sh_rt *rt, void *owner) {
  sh_val obj = sh_obj_with_ptr(rt, owner);
  b->rt = rt;
  b->self = sh_ref_new(rt, obj);
  return obj;
}

sh_val handle_base_init_weak(handle_base *b, sh_rt *rt, void *owner, sh_weak_fn collected) {
  sh_val obj = handle_base_init(b, rt, owner);
  sh_ref_weak(b->self, collected, owner);
  return obj;
}

void handle_base_release(handle_base *b) {
  sh_ref_free(b->self);
  b->self = NULL;
}

sh_val handle_base_object(const handle_base *b) {
  return b->self ? sh_ref_get(b->rt, b->self) : NULL;
}

void handle_base_close(handle_base *b, sh_val callback) {
  if (callback && sh_is(callback, SH_FUNCTION) && !b->on_close)
    b->on_close = sh_ref_new(b->rt, callback);
  if (!b->self) return;
  sh_val obj = sh_ref_get(b->rt, b->self);
  if (obj) sh_obj_set_ptr(b->rt, obj, NULL);
  handle_base_release(b);
}

void handle_base_closed(handle_base *b) {
  if (!b->on_close) return;
  sh_scope *scope = sh_scope_open(b->rt, false);
  sh_val fn = sh_ref_get(b->rt, b->on_close);
  runtime_callback(b->rt, fn, sh_undefined(b->rt), 0, NULL, NULL);
  sh_scope_close(scope);
  sh_ref_free(b->on_close);
  b->on_close = NULL;
}

int handle_base_emit(handle_base *b, const char *name, int argc, sh_val *argv) {
  sh_val obj = handle_base_object(b);
  if (!obj) return 0;
  sh_val fn = sh_get_s(b->rt, obj, name);
  if (!fn || !sh_is(fn, SH_FUNCTION)) return 0;
  return runtime_callback(b->rt, fn, obj, argc, argv, NULL) == 0 ? 0 : -1;
}
