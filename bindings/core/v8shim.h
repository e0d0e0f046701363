#ifndef SHOAL_BINDINGS_V8SHIM_H
#define SHOAL_BINDINGS_V8SHIM_H
/* v8shim: the C API over V8 10.2. The only module that sees C++.
 *
 * Ownership and lifetimes:
 * - sh_rt (one isolate + one context) is owned by its creator: sh_rt_free.
 * - sh_val is a borrowed handle, valid until the enclosing scope ends. The
 *   shim opens a scope around every native callback; C called from the loop
 *   (a libuv callback) opens its own with sh_scope_open, calls into
 *   JavaScript, and closes it with sh_scope_close. C code holds values
 *   across callbacks with sh_ref, which it owns (sh_ref_free).
 * - Strings returned by sh_to_utf8 are malloc'd: the caller frees them.
 *
 * Exceptions: every call that can run JavaScript returns NULL (or -1) when
 * JavaScript threw. Inside a native callback the exception then propagates to
 * the JavaScript caller once the callback returns; at top level (inside
 * a scope opened by C, no JavaScript below) it goes to the uncaught-exception
 * hook. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sh_rt sh_rt;
typedef struct sh_val_s *sh_val;
typedef struct sh_ref sh_ref;
typedef struct sh_cbinfo sh_cbinfo;

typedef void (*sh_native_fn)(sh_cbinfo *ci);
typedef void (*sh_rt_fn)(sh_rt *rt, void *data);
typedef void (*sh_exception_hook)(sh_rt *rt, sh_val exception);
/* event: 0 unhandled rejection, 1 handler added after the fact. */
typedef void (*sh_reject_hook)(sh_rt *rt, int event, sh_val promise, sh_val value);
/* Resolves `specifier` imported by module `referrer` (both module wrappers)
 * to a module wrapper, or returns NULL after throwing. */
typedef sh_val (*sh_resolve_fn)(sh_rt *rt, sh_val specifier, sh_val referrer, void *data);
/* import(): returns a promise of the namespace. `attributes` is an object of
 * the import attributes (with { type: 'json' }), empty when none. */
typedef sh_val (*sh_dynamic_import_fn)(sh_rt *rt, sh_val specifier, sh_val referrer_name,
                                       sh_val attributes);
typedef void (*sh_import_meta_fn)(sh_rt *rt, sh_val module, sh_val meta);
typedef void (*sh_weak_fn)(void *data);
typedef void (*sh_free_fn)(void *data, size_t len, void *hint);

/* --- platform and runtime life cycle ----------------------------------- */
int sh_platform_init(const char *v8_flags);
void sh_platform_dispose(void);

/* --- platform: foreground tasks (v8shim_platform.cc) ------------------- */
/* FN(DATA) is called, from any thread, when V8 queues a task for RT's
 * thread (e.g. an async WebAssembly compilation finished): it must only
 * wake RT's loop (uv_async_send), which then calls sh_platform_run_tasks. */
typedef void (*sh_wake_fn)(void *data);
void sh_platform_set_wake(sh_rt *rt, sh_wake_fn fn, void *data);
/* Runs the tasks V8 queued for RT's thread (inside a scope); returns how many. */
int sh_platform_run_tasks(sh_rt *rt);

typedef struct sh_rt_options {
  size_t heap_mb; /* 0: V8's default */
} sh_rt_options;

sh_rt *sh_rt_new(const sh_rt_options *opt);
void sh_rt_free(sh_rt *rt);
void sh_rt_set_userdata(sh_rt *rt, void *data);
void *sh_rt_userdata(sh_rt *rt);
void sh_set_uncaught_hook(sh_rt *rt, sh_exception_hook hook);
void sh_set_reject_hook(sh_rt *rt, sh_reject_hook hook);
void sh_set_dynamic_import(sh_rt *rt, sh_dynamic_import_fn fn);
void sh_set_import_meta(sh_rt *rt, sh_import_meta_fn fn);

void sh_run_microtasks(sh_rt *rt);
/* Stops the running JavaScript (from any thread); sh_cancel_terminate resumes. */
void sh_terminate(sh_rt *rt);
void sh_cancel_terminate(sh_rt *rt);
bool sh_is_terminating(sh_rt *rt);

/* --- Interrupts and stacks (v8shim_stack.cc) --- */

/* A call V8 makes on the JavaScript thread at its next interrupt check (a
 * loop back-edge, a function call) while JavaScript runs. The caller owns
 * it; it must stay valid until fn ran or the runtime is gone. */
typedef struct sh_interrupt {
  void (*fn)(void *data);
  void *data;
} sh_interrupt;
/* Safe from any thread. */
void sh_request_interrupt(sh_rt *rt, sh_interrupt *in);
/* The JavaScript stack now (JavaScript thread only), at most `frames`
 * frames, one "    at fn (file:line:col)" line each, NUL-terminated in buf
 * (cut at cap). Returns the length; 0 when no JavaScript runs. */
size_t sh_current_stack(sh_rt *rt, char *buf, size_t cap, int frames);

/* --- Inspector (v8shim_inspector.cc) --- */

/* V8's inspector over the runtime's main context, and its sessions (a
 * DevTools client, `inspector.Session`s). Every function runs on the
 * JavaScript thread. The inspector lives as long as the runtime; the
 * caller owns each session until sh_inspector_session_free. */
typedef struct sh_inspector sh_inspector;
typedef struct sh_inspector_session sh_inspector_session;
/* The runtime's inspector, made at the first call: V8 shows a debugger
 * only the scripts compiled after it exists. */
sh_inspector *sh_inspector_of(sh_rt *rt);
/* While JavaScript is paused, pause_wait is called again and again until a
 * message resumes JavaScript; it waits a little for a client's messages
 * and dispatches them, and returns false when no client is there to resume
 * (JavaScript then goes on). */
void sh_inspector_set_pause(sh_inspector *in, bool (*pause_wait)(void *data), void *data);
/* A session: send gets its answers and notifications (UTF-8 JSON, len
 * bytes, no NUL), maybe from inside sh_inspector_session_dispatch. */
sh_inspector_session *sh_inspector_session_new(
    sh_inspector *in, void (*send)(void *data, const char *msg, size_t len), void *data);
void sh_inspector_session_dispatch(sh_inspector_session *s, const char *msg, size_t len);
/* Ends the session: its breakpoints go. */
void sh_inspector_session_free(sh_inspector_session *s);
bool sh_inspector_paused(sh_inspector *in);
/* `--inspect-brk`: every session pauses at the next statement that runs. */
void sh_inspector_break_on_start(sh_inspector *in);
/* How many times a client sent Runtime.runIfWaitingForDebugger. */
unsigned sh_inspector_run_requests(sh_inspector *in);

typedef struct sh_heap_stats {
  size_t total, used, limit, external, arrays;
} sh_heap_stats;
void sh_heap_stats_get(sh_rt *rt, sh_heap_stats *out);
void sh_low_memory(sh_rt *rt);
/* The TZ environment variable changed: V8 reads the time zone again. */
void sh_timezone_changed(sh_rt *rt);
/* Whether an uncaught exception aborts the process when the command line
 * had --abort-on-uncaught-exception (Node's toggle: off while a capture
 * callback is set). A flag set later by v8.setFlagsFromString never aborts. */
void sh_set_abort_on_uncaught(sh_rt *rt, bool on);

/* --- values ------------------------------------------------------------ */
sh_val sh_undefined(sh_rt *rt);
sh_val sh_null(sh_rt *rt);
sh_val sh_bool(sh_rt *rt, bool b);
sh_val sh_num(sh_rt *rt, double d);
sh_val sh_int(sh_rt *rt, int64_t i); /* a Number */
sh_val sh_bigint_i64(sh_rt *rt, int64_t i);
sh_val sh_bigint_u64(sh_rt *rt, uint64_t u);
sh_val sh_str(sh_rt *rt, const char *utf8, size_t len); /* len SIZE_MAX: strlen */
sh_val sh_str_latin1(sh_rt *rt, const uint8_t *s, size_t len);
sh_val sh_str_utf16(sh_rt *rt, const uint16_t *s, size_t len);
sh_val sh_obj(sh_rt *rt);
sh_val sh_arr(sh_rt *rt, uint32_t len);
/* An array of the n given values, made in one step. */
sh_val sh_arr_of(sh_rt *rt, sh_val *items, uint32_t n);
sh_val sh_global(sh_rt *rt);
/* The context's continuation-preserved data (AsyncLocalStorage): V8 carries
 * it from where a promise reaction is created to where it runs. Returns the
 * current value and, when `set` is not NULL, replaces it. */
sh_val sh_async_context(sh_rt *rt, sh_val set);
/* An object with one hidden C pointer slot (see sh_obj_ptr). */
sh_val sh_obj_with_ptr(sh_rt *rt, void *ptr);
void *sh_obj_ptr(sh_rt *rt, sh_val obj); /* NULL if not such an object */
void sh_obj_set_ptr(sh_rt *rt, sh_val obj, void *ptr);

typedef enum sh_kind {
  SH_UNDEFINED,
  SH_NULL,
  SH_BOOLEAN,
  SH_NUMBER,
  SH_STRING,
  SH_SYMBOL,
  SH_BIGINT,
  SH_OBJECT,
  SH_FUNCTION,
  SH_ARRAY,
  SH_PROMISE,
  SH_PROXY,
  SH_DATE,
  SH_REGEXP,
  SH_NATIVE_ERROR,
  SH_MAP,
  SH_SET,
  SH_WEAKMAP,
  SH_WEAKSET,
  SH_MAP_ITERATOR,
  SH_SET_ITERATOR,
  SH_ARRAY_BUFFER,
  SH_SHARED_ARRAY_BUFFER,
  SH_ARRAY_BUFFER_VIEW,
  SH_TYPED_ARRAY,
  SH_UINT8_ARRAY,
  SH_DATA_VIEW,
  SH_EXTERNAL,
  SH_ARGUMENTS,
  SH_BOOLEAN_OBJECT,
  SH_NUMBER_OBJECT,
  SH_STRING_OBJECT,
  SH_SYMBOL_OBJECT,
  SH_BIGINT_OBJECT,
  SH_ASYNC_FUNCTION,
  SH_GENERATOR_FUNCTION,
  SH_GENERATOR_OBJECT,
  SH_MODULE_NAMESPACE,
  SH_INT32,
  SH_UINT32,
  SH_UINT8_CLAMPED_ARRAY,
  SH_INT8_ARRAY,
  SH_UINT16_ARRAY,
  SH_INT16_ARRAY,
  SH_UINT32_ARRAY,
  SH_INT32_ARRAY,
  SH_FLOAT32_ARRAY,
  SH_FLOAT64_ARRAY,
  SH_BIGINT64_ARRAY,
  SH_BIGUINT64_ARRAY,
  SH_ANY_ARRAY_BUFFER,
  SH_BOXED_PRIMITIVE,
  SH_WASM_MODULE,
  SH_KIND_COUNT
} sh_kind;
bool sh_is(sh_val v, sh_kind kind);
bool sh_strict_equals(sh_val a, sh_val b);

double sh_to_num(sh_rt *rt, sh_val v);  /* NaN when not convertible */
int64_t sh_to_i64(sh_rt *rt, sh_val v); /* numbers and bigints; 0 otherwise */
bool sh_to_bool(sh_rt *rt, sh_val v);
sh_val sh_to_string(sh_rt *rt, sh_val v);           /* NULL when toString threw */
char *sh_to_utf8(sh_rt *rt, sh_val v, size_t *len); /* malloc'd; NULL on throw */
/* String access without allocation. (The UTF-8 conversions, sh_str and
 * sh_to_utf8 too, are in v8shim_utf8.cc.) */
size_t sh_str_length(sh_rt *rt, sh_val s); /* UTF-16 code units */
size_t sh_str_utf8_length(sh_rt *rt, sh_val s);
bool sh_str_is_onebyte(sh_val s);
/* Writes at most cap bytes, never a partial character; *chars gets the number of UTF-16 units
 * consumed (may be NULL). Returns bytes written. */
size_t sh_str_write_utf8(sh_rt *rt, sh_val s, char *buf, size_t cap, size_t *chars);
size_t sh_str_write_latin1(sh_rt *rt, sh_val s, uint8_t *buf, size_t start, size_t cap);
size_t sh_str_write_utf16(sh_rt *rt, sh_val s, uint16_t *buf, size_t start, size_t cap);

/* --- objects ----------------------------------------------------------- */
sh_val sh_get(sh_rt *rt, sh_val obj, sh_val key);
sh_val sh_get_s(sh_rt *rt, sh_val obj, const char *key);
sh_val sh_get_i(sh_rt *rt, sh_val obj, uint32_t i);
int sh_set(sh_rt *rt, sh_val obj, sh_val key, sh_val v);
int sh_set_s(sh_rt *rt, sh_val obj, const char *key, sh_val v);
int sh_set_i(sh_rt *rt, sh_val obj, uint32_t i, sh_val v);
uint32_t sh_arr_length(sh_rt *rt, sh_val arr);
sh_val sh_own_keys(sh_rt *rt, sh_val obj); /* enumerable string keys, as an array */
/* Own string keys then symbols, array indices skipped (all, or only the
 * enumerable ones); NULL when a proxy trap threw. */
sh_val sh_own_non_index_keys(sh_rt *rt, sh_val obj, bool only_enumerable);
sh_val sh_constructor_name(sh_rt *rt, sh_val obj);
sh_val sh_proxy_target(sh_rt *rt, sh_val proxy);
sh_val sh_proxy_handler(sh_rt *rt, sh_val proxy);
/* Entries of a Map/Set/iterator/WeakMap/WeakSet; *kv set when pairs. */
sh_val sh_preview_entries(sh_rt *rt, sh_val obj, bool *kv);

/* --- functions --------------------------------------------------------- */
sh_val sh_fn(sh_rt *rt, const char *name, sh_native_fn fn, void *data);
int sh_call(sh_rt *rt, sh_val fn, sh_val recv, int argc, sh_val *argv, sh_val *out);
sh_val sh_new(sh_rt *rt, sh_val ctor, int argc, sh_val *argv);

sh_rt *sh_ci_rt(sh_cbinfo *ci);
int sh_argc(sh_cbinfo *ci);
sh_val sh_arg(sh_cbinfo *ci, int i); /* undefined past the end */
sh_val sh_this(sh_cbinfo *ci);
void *sh_data(sh_cbinfo *ci);
void sh_ret(sh_cbinfo *ci, sh_val v);

/* --- exceptions -------------------------------------------------------- */
typedef enum sh_error_kind {
  SH_ERROR,
  SH_TYPE_ERROR,
  SH_RANGE_ERROR,
  SH_SYNTAX_ERROR,
  SH_REFERENCE_ERROR
} sh_error_kind;
sh_val sh_error(sh_rt *rt, sh_error_kind kind, const char *msg);
void sh_throw(sh_rt *rt, sh_val exception);
void sh_throw_error(sh_rt *rt, sh_error_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Where an exception was thrown: for the "file:line / source / caret" header
 * Node prints above an uncaught error. Strings are malloc'd (free with
 * sh_source_pos_free); fields are NULL/0 when unknown. */
typedef struct sh_source_pos {
  char *file;
  char *source_line;
  int line, start_col, end_col;
} sh_source_pos;
int sh_exception_pos(sh_rt *rt, sh_val exception, sh_source_pos *out);
void sh_source_pos_free(sh_source_pos *pos);

/* --- binary data ------------------------------------------------------- */
sh_val sh_arraybuffer(sh_rt *rt, size_t len, void **data); /* zero-filled, V8-owned */
/* Not zero-filled: for a caller that writes all len bytes at once. */
sh_val sh_arraybuffer_unfilled(sh_rt *rt, size_t len, void **data);
/* A Uint32Array over this thread's zero-fill switch (Node's zeroFill): set
 * to 0 before one zero-initialised ArrayBuffer, that one is not zeroed. */
sh_val sh_zero_fill_toggle(sh_rt *rt);
/* Wraps C memory without copying; free_fn(data, len, hint) runs when V8 drops it. */
sh_val sh_arraybuffer_external(sh_rt *rt, void *data, size_t len, sh_free_fn free_fn, void *hint);
sh_val sh_uint8array(sh_rt *rt, sh_val arraybuffer, size_t offset, size_t len);
/* Moves the memory of arraybuffer into a new ArrayBuffer and detaches the
 * old one (structuredClone's transfer). NULL when it cannot be detached. */
sh_val sh_arraybuffer_transfer(sh_rt *rt, sh_val arraybuffer);
/* Data of an ArrayBuffer, SharedArrayBuffer or any view: 0, or -1 when v is none. */
int sh_bytes(sh_val v, uint8_t **data, size_t *len);

/* --- promises ---------------------------------------------------------- */
sh_val sh_promise_new(sh_rt *rt, sh_val *resolver); /* returns the promise */
int sh_promise_settle(sh_rt *rt, sh_val resolver, bool fulfil, sh_val value);
int sh_promise_state(sh_val promise, sh_val *result); /* 0 pending, 1 fulfilled, 2 rejected */
/* Marks a rejected promise as handled, as if a handler had been added: the
 * reject hook gets event 1 (handler added after reject), so a rejection it
 * was told of is never reported as unhandled (require(esm) throws the error
 * of the promise Evaluate returned instead). */
void sh_promise_mark_handled(sh_rt *rt, sh_val promise);

/* --- references -------------------------------------------------------- */
sh_ref *sh_ref_new(sh_rt *rt, sh_val v);
sh_val sh_ref_get(sh_rt *rt, sh_ref *ref); /* NULL once collected */
/* Makes the reference weak: fn(data) runs after the value is collected. */
void sh_ref_weak(sh_ref *ref, sh_weak_fn fn, void *data);
void sh_ref_free(sh_ref *ref);

/* --- scripts and modules ----------------------------------------------- */
sh_val sh_run_script(sh_rt *rt, const char *src, size_t len, const char *name);
/* Compiles src as the body of a function(params...), as CommonJS does. */
sh_val sh_compile_function(sh_rt *rt, const char *src, size_t len, const char *name, int nparams,
                           const char *const *params);

/* --- code cache -------------------------------------------------------- */
/* V8's version ("10.2.154.26-node.26"): static, not to be freed. */
const char *sh_v8_version(void);
/* A string over one-byte (Latin-1) data that outlives the runtime, such as
 * the embedded js-lib: V8 reads it in place; it is never copied or freed. */
sh_val sh_str_static_latin1(sh_rt *rt, const char *s, size_t len);

typedef enum sh_cache_result {
  SH_CACHE_NONE,     /* no cache given: compiled from source */
  SH_CACHE_ACCEPTED, /* deserialised from the cache */
  SH_CACHE_REJECTED  /* V8 refused the cache (other V8, flags or source): compiled from source */
} sh_cache_result;
/* sh_compile_function for a `source` string value, consuming the code cache
 * cache[0..cache_len) (from sh_code_cache_create; NULL for none). The cache
 * is borrowed for the call only. *result (may be NULL) says what happened. */
sh_val sh_compile_function_cached(sh_rt *rt, sh_val source, const char *name, int nparams,
                                  const char *const *params, const uint8_t *cache, size_t cache_len,
                                  sh_cache_result *result);
/* The code cache of a function compiled by sh_compile_function*: its
 * bytecode and that of the inner functions compiled so far (so make it after
 * the function ran). Returns malloc'd bytes the caller frees, NULL on failure. */
uint8_t *sh_code_cache_create(sh_rt *rt, sh_val fn, size_t *len);
/* ES modules are handled through wrapper objects (plain JS objects that hold
 * the module). */
sh_val sh_module_compile(sh_rt *rt, sh_val source, sh_val url);
sh_val sh_module_synthetic(sh_rt *rt, sh_val url, sh_val export_names, sh_val values);
/* Sets export `name` of an evaluated synthetic module (module.syncBuiltinESMExports);
 * -1 with an exception pending when it has no such export or is not evaluated. */
int sh_module_set_export(sh_rt *rt, sh_val module, sh_val name, sh_val value);
/* [[specifier, attributes], ...]: the module's static imports, in source
 * order, each with an object of its import attributes. */
sh_val sh_module_requests(sh_rt *rt, sh_val module);
int sh_module_instantiate(sh_rt *rt, sh_val module, sh_resolve_fn resolve, void *data);
/* A promise; throws (never aborts) when the module is not instantiated or is
 * being evaluated (import() of a module from its own evaluation). */
sh_val sh_module_evaluate(sh_rt *rt, sh_val module);
/* Whether the instantiated graph of `module` has a top-level await: 1 yes,
 * 0 no (Evaluate then settles its promise before returning), -1 when the
 * module is not instantiated. */
int sh_module_graph_async(sh_rt *rt, sh_val module);
sh_val sh_module_namespace(sh_rt *rt, sh_val module);
int sh_module_status(sh_rt *rt, sh_val module);
sh_val sh_module_exception(sh_rt *rt, sh_val module);

/* --- Node-API support (bindings/v8shim_napi.cc) -------------------------
 * Primitives the Node-API layer (bindings/napi/) builds on. Same rules as
 * above: values are borrowed handles of the enclosing scope. */

/* Handle scopes opened and closed by C, innermost first (napi_open_handle_scope,
 * and every libuv callback that calls into JavaScript: open, call, close).
 * An escapable scope lets one value out into the enclosing scope. Closed
 * scopes are kept for reuse (per thread), so opening one does not allocate. */
typedef struct sh_scope sh_scope;
sh_scope *sh_scope_open(sh_rt *rt, bool escapable);
sh_val sh_scope_escape(sh_scope *scope, sh_val v); /* NULL when already escaped */
void sh_scope_close(sh_scope *scope);

/* Runs fn(rt, data) in a handle scope under a guard: a V8 TryCatch that
 * keeps what fn (or JavaScript it called) threw pending, to be seen with
 * sh_guard_pending and taken with sh_guard_take. When fn returns, a pending
 * exception goes back to the JavaScript caller, or to the uncaught-exception
 * hook when no JavaScript is below. Returns false when an exception left fn. */
bool sh_guarded(sh_rt *rt, sh_rt_fn fn, void *data);
bool sh_guard_pending(sh_rt *rt);
sh_val sh_guard_take(sh_rt *rt); /* NULL when nothing is pending */

/* new.target of a native callback (undefined when called without new). */
sh_val sh_new_target(sh_cbinfo *ci);

/* Values. */
sh_val sh_external(sh_rt *rt, void *ptr);
void *sh_external_value(sh_val v);
sh_val sh_symbol(sh_rt *rt, sh_val description); /* description may be NULL */
sh_val sh_symbol_for(sh_rt *rt, sh_val key);
sh_val sh_date(sh_rt *rt, double time); /* NULL on throw */
double sh_date_value(sh_val date);
sh_val sh_error_v(sh_rt *rt, sh_error_kind kind, sh_val msg);
/* coerce: 0 ToBoolean, 1 ToNumber, 2 ToObject, 3 ToString; NULL on throw. */
sh_val sh_coerce(sh_rt *rt, sh_val v, int to);
/* A number as ToInt32/ToUint32/saturated int64 without running JavaScript. */
int32_t sh_num_i32(sh_val v);
uint32_t sh_num_u32(sh_val v);
int64_t sh_num_i64(sh_val v);
sh_val sh_bigint_words(sh_rt *rt, int sign, size_t count,
                       const uint64_t *words); /* NULL on throw */
/* *count in: room in words (may be NULL to ask), out: words needed. */
void sh_bigint_get_words(sh_val v, int *sign, size_t *count, uint64_t *words);
int64_t sh_bigint_to_i64(sh_val v, bool *lossless);
uint64_t sh_bigint_to_u64(sh_val v, bool *lossless);

/* Objects. All return -1 (or NULL) when JavaScript threw. */
int sh_has(sh_rt *rt, sh_val obj, sh_val key, bool *out);
int sh_has_own(sh_rt *rt, sh_val obj, sh_val key, bool *out);
int sh_delete(sh_rt *rt, sh_val obj, sh_val key, bool *out);
int sh_instanceof(sh_rt *rt, sh_val obj, sh_val ctor, bool *out);
sh_val sh_get_prototype(sh_rt *rt, sh_val obj);
int sh_set_prototype(sh_rt *rt, sh_val obj, sh_val proto);
int sh_freeze(sh_rt *rt, sh_val obj, bool freeze); /* seal when !freeze */
/* Object.defineProperty(obj, key, descriptor); attrs: bit 0 writable, bit 1
 * enumerable, bit 2 configurable (Node-API's napi_property_attributes). A
 * data property when getter and setter are NULL. */
int sh_define(sh_rt *rt, sh_val obj, sh_val key, sh_val value, sh_val getter, sh_val setter,
              int attrs);
/* A data property (writable, configurable, enumerable when attrs bit 1)
 * whose value is `compute()`'s, called on first read (V8's lazy data
 * property): what descriptors show is a value, never an accessor. */
int sh_define_lazy_data(sh_rt *rt, sh_val obj, sh_val key, sh_val compute, int attrs);
/* Keys as v8::Object::GetPropertyNames: own_only, filter (Node-API's
 * napi_key_filter bits), numbers_to_strings. */
sh_val sh_property_names(sh_rt *rt, sh_val obj, bool own_only, int filter, bool numbers_to_strings);
/* Hidden per-object slots keyed by private symbols (wrap pointer, type tag). */
typedef enum sh_private_slot { SH_PRIVATE_WRAP, SH_PRIVATE_TYPE_TAG } sh_private_slot;
sh_val sh_private_get(sh_rt *rt, sh_val obj, sh_private_slot slot);        /* NULL when unset */
int sh_private_set(sh_rt *rt, sh_val obj, sh_private_slot slot, sh_val v); /* v NULL: delete */

/* Classes: a constructor from a function template whose prototype carries
 * the given members (methods, accessors or values). */
typedef struct sh_member {
  sh_val key;
  sh_native_fn method, getter, setter;
  void *data;
  sh_val value;
  int attrs; /* as sh_define */
} sh_member;
sh_val sh_class(sh_rt *rt, sh_val name, sh_native_fn ctor, void *data, const sh_member *members,
                size_t count);
/* sh_fn named by a string value (NULL: anonymous). */
sh_val sh_fn_v(sh_rt *rt, sh_val name, sh_native_fn fn, void *data);

/* Binary data. Typed array types in Node-API's order (napi_typedarray_type). */
sh_val sh_typedarray(sh_rt *rt, int type, sh_val arraybuffer, size_t offset, size_t length);
int sh_typedarray_info(sh_val v, int *type, size_t *length, void **data, sh_val *arraybuffer,
                       size_t *offset);
sh_val sh_dataview(sh_rt *rt, sh_val arraybuffer, size_t offset, size_t length);
int sh_dataview_info(sh_val v, size_t *length, void **data, sh_val *arraybuffer, size_t *offset);
int sh_arraybuffer_detach(sh_val arraybuffer); /* -1 when not detachable */
bool sh_arraybuffer_is_detached(sh_val v);
int64_t sh_adjust_external_memory(sh_rt *rt, int64_t change);
/* Weak references made strong again (after sh_ref_weak). */
void sh_ref_strong(sh_ref *ref);

/* --- v8 module: value serialisation and heap statistics (v8shim_v8.cc) */
/* V8's ValueSerializer/ValueDeserializer. Objects owned by the caller
 * (*_free). `delegate` is the JavaScript Serializer/Deserializer whose
 * _writeHostObject, _getDataCloneError, _getSharedArrayBufferId and
 * _readHostObject methods V8 calls back during that call (may be NULL).
 * Functions returning int give 0, or -1 when JavaScript threw. */
typedef struct sh_serializer sh_serializer;
typedef struct sh_deserializer sh_deserializer;
sh_serializer *sh_serializer_new(sh_rt *rt);
void sh_serializer_free(sh_serializer *s);
void sh_serializer_write_header(sh_serializer *s);
int sh_serializer_write_value(sh_serializer *s, sh_val delegate, sh_val value);
void sh_serializer_write_uint32(sh_serializer *s, uint32_t v);
void sh_serializer_write_uint64(sh_serializer *s, uint64_t v);
void sh_serializer_write_double(sh_serializer *s, double v);
void sh_serializer_write_raw(sh_serializer *s, const void *data, size_t len);
int sh_serializer_transfer_array_buffer(sh_serializer *s, uint32_t id, sh_val ab);
void sh_serializer_views_as_host_objects(sh_serializer *s, bool on);
/* The bytes written so far, malloc'd (the caller frees); resets s. */
uint8_t *sh_serializer_release(sh_serializer *s, size_t *len);
/* Copies data. */
sh_deserializer *sh_deserializer_new(sh_rt *rt, const uint8_t *data, size_t len);
void sh_deserializer_free(sh_deserializer *d);
int sh_deserializer_read_header(sh_deserializer *d, sh_val delegate);
sh_val sh_deserializer_read_value(sh_deserializer *d, sh_val delegate); /* NULL: threw */
int sh_deserializer_read_uint32(sh_deserializer *d, uint32_t *out);     /* -1: no more data */
int sh_deserializer_read_uint64(sh_deserializer *d, uint64_t *out);
int sh_deserializer_read_double(sh_deserializer *d, double *out);
/* Skips len bytes; *offset is where they start in the data. */
int sh_deserializer_read_raw(sh_deserializer *d, size_t len, size_t *offset);
uint32_t sh_deserializer_wire_format_version(sh_deserializer *d);
int sh_deserializer_transfer_array_buffer(sh_deserializer *d, uint32_t id, sh_val ab);

/* v8.getHeapStatistics() in Node's order: total_heap_size,
 * total_heap_size_executable, total_physical_size, total_available_size,
 * used_heap_size, heap_size_limit, malloced_memory, peak_malloced_memory,
 * does_zap_garbage, number_of_native_contexts, number_of_detached_contexts,
 * total_global_handles_size, used_global_handles_size, external_memory. */
void sh_heap_stats_full(sh_rt *rt, double out[14]);
size_t sh_heap_space_count(sh_rt *rt);
/* Space i: size, used, available, physical; returns its name (static), or NULL. */
const char *sh_heap_space_stats(sh_rt *rt, size_t i, double out[4]);
/* code_and_metadata, bytecode_and_metadata, external_script_source, cpu_profiler_metadata. */
void sh_heap_code_stats(sh_rt *rt, double out[4]);
void sh_set_flags(const char *flags);
/* A heap snapshot as JSON (malloc'd, the caller frees), NULL on failure. */
char *sh_heap_snapshot(sh_rt *rt, size_t *len);
uint32_t sh_cached_data_version_tag(void);

/* --- vm module: contexts and scripts (v8shim_vm.cc) ---------------------- */
/* Contextifies `sandbox`: a new context whose globals read and write the
 * sandbox's properties. Returns the context's global, NULL after throwing. */
sh_val sh_vm_make_context(sh_rt *rt, sh_val sandbox);
/* The global of the context made for `sandbox`, NULL when it has none. */
sh_val sh_vm_context_global(sh_rt *rt, sh_val sandbox);
/* Compiles a script not bound to a context (a handle object), consuming the
 * code cache cache[0..cache_len) when given (*cache_rejected says whether V8
 * refused it). NULL after throwing (SyntaxError). */
sh_val sh_vm_script_new(sh_rt *rt, sh_val source, sh_val filename, int line_offset,
                        int column_offset, const uint8_t *cache, size_t cache_len,
                        int *cache_rejected);
/* Runs the script in the context whose global is `global` (NULL: the current
 * one), stopping it after timeout_ms (0: no limit): then NULL, *timed_out. */
sh_val sh_vm_script_run(sh_rt *rt, sh_val script, sh_val global, uint64_t timeout_ms,
                        bool *timed_out);
/* The code cache of the script, malloc'd (the caller frees); NULL on failure. */
uint8_t *sh_vm_script_cache(sh_rt *rt, sh_val script, size_t *len);
/* A function(params...) with body `source` in the context of `global` (NULL:
 * the current one), its scope extended by the objects of `extensions`. */
sh_val sh_vm_compile_function(sh_rt *rt, sh_val source, sh_val filename, sh_val params,
                              sh_val global, sh_val extensions, int line_offset, int column_offset);

/* --- structured clone (serdes): bindings/v8shim_serdes.cc -------------- */
/* V8's ValueSerializer (the HTML structured clone), as bytes only: the v8
 * module's serialize/deserialize. transfer_list must be undefined or empty
 * (everything is copied). Returns 0 with malloc'd bytes in *out, or -1 after
 * throwing (a DataCloneError is an Error named 'DataCloneError'). */
int sh_serialize(sh_rt *rt, sh_val value, sh_val transfer_list, uint8_t **out, size_t *len);
sh_val sh_deserialize(sh_rt *rt, const uint8_t *data, size_t len); /* NULL after throwing */

/* A message between threads (worker_threads): the serialised bytes plus what
 * travels beside them: moved ArrayBuffer memory, shared SharedArrayBuffer
 * memory, and the C pointers of transferred host objects (objects made by
 * sh_obj_with_ptr, e.g. MessagePorts). Owned by its holder: sh_msg_free.
 * A sh_msg may be freed on any thread. */
typedef struct sh_msg sh_msg;
/* Serialises value; the ArrayBuffers of transfer_list (undefined or an
 * array) are moved out (detached here), its host objects travel as their
 * pointers (sh_msg_host). Returns 0 and *out; -1 when JavaScript threw; -2
 * for a DataCloneError, with its malloc'd message in *err (nothing thrown:
 * the caller builds the DOMException). */
int sh_msg_serialize(sh_rt *rt, sh_val value, sh_val transfer_list, sh_msg **out, char **err);
/* Makes the object of a transferred host pointer in the receiving runtime. */
typedef sh_val (*sh_host_revive_fn)(sh_rt *rt, void *ptr, void *data);
/* Rebuilds the value in rt (consuming moved buffers: call once). NULL after throwing. */
sh_val sh_msg_deserialize(sh_rt *rt, sh_msg *msg, sh_host_revive_fn revive, void *data);
size_t sh_msg_host_count(const sh_msg *msg);
void *sh_msg_host(const sh_msg *msg, size_t i);
void sh_msg_free(sh_msg *msg);

/* --- cluster broadcast: messages between processes (bindings/mod_messaging.c) */
/* The serialised bytes of msg (borrowed), or NULL when msg holds what
 * cannot leave the process: shared or moved memory, host objects. */
const uint8_t *sh_msg_bytes(const sh_msg *msg, size_t *len);
/* A message of bytes another process serialised (copied). */
sh_msg *sh_msg_from_bytes(const uint8_t *bytes, size_t len);

#ifdef __cplusplus
}
#endif
#endif
