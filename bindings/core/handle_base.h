#ifndef SHOAL_BINDINGS_HANDLE_BASE_H
#define SHOAL_BINDINGS_HANDLE_BASE_H
/* handle_base: the life cycle every binding handle shares, as Node's
 * BaseObject and HandleWrap. A binding's C struct (a libuv handle, a child
 * process, an engine server) embeds a handle_base and gets:
 *
 * - a JavaScript object whose hidden pointer is the struct (sh_obj_ptr(rt,
 *   obj) gives it back, NULL once closed);
 * - a strong reference from the struct to that object while the handle is
 *   open, so the object lives as long as libuv may still call back;
 * - close: the hidden pointer is cleared (a later call on the object finds
 *   NULL and does nothing, or returns UV_EBADF) and the reference dropped;
 *   the callback given to close runs once libuv has closed the handle;
 * - events delivered by calling a method of the object by name.
 *
 * The struct owns its handle_base; the object never owns the struct (the
 * binding frees the struct when libuv is done with it, after close). Every
 * function but handle_base_closed needs an open handle scope (a native
 * callback, or sh_scope_open in a libuv callback). */
#include "v8shim.h"

typedef struct handle_base {
  sh_rt *rt;
  sh_ref *self;     /* strong while open; NULL once closed */
  sh_ref *on_close; /* the callback given to close, until handle_base_closed */
} handle_base;

/* Makes the object for `owner` (the struct embedding b) and holds it until
 * handle_base_close. Returns the object. */
sh_val handle_base_init(handle_base *b, sh_rt *rt, void *owner);
/* Weak mode, Node's MakeWeak: for a struct the object owns rather than
 * libuv (a zlib stream, a parser, a TLS context). Makes the object for
 * `owner` with a weak reference: once the object is collected,
 * collected(owner) runs, outside any scope (it frees the struct and must
 * not call into JavaScript), and must call handle_base_release first.
 * handle_base_close ends it early (clears the hidden pointer and drops the
 * reference: collected will not run); the binding then frees the struct. */
sh_val handle_base_init_weak(handle_base *b, sh_rt *rt, void *owner, sh_weak_fn collected);
/* Drops the reference without touching the object (no scope needed): the
 * start of a weak handle's `collected`. */
void handle_base_release(handle_base *b);
/* The object, or NULL once closed. */
sh_val handle_base_object(const handle_base *b);
/* Closes the JavaScript face: the hidden pointer is cleared and the strong
 * reference dropped. `callback` (a function, else ignored; NULL: none) is
 * kept for handle_base_closed. Safe to call twice. */
void handle_base_close(handle_base *b, sh_val callback);
/* libuv closed the handle (its uv_close callback, before the owner is
 * freed): calls the close callback, in a scope of its own, and drops it. */
void handle_base_closed(handle_base *b);
/* Calls object[name](argv...) with the object as `this`, as a macrotask
 * (runtime_callback: nextTicks and microtasks run after it). Nothing when
 * the handle is closed or the method is missing. Returns -1 when the method
 * threw, else 0. */
int handle_base_emit(handle_base *b, const char *name, int argc, sh_val *argv);
#endif
