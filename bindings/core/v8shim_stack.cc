// v8shim_stack: what the running JavaScript is doing, asked from outside it.
// See the section "Interrupts and stacks" of v8shim.h. The CPU guard's
// watch thread uses these to log the stack of a request that runs too long
// (log.slow_ms, limits.request_cpu_ms) or of a worker about to be killed by
// the master's watchdog: V8 runs an interrupt at its next check (a loop
// back-edge, a call), on the JavaScript thread, where the stack can be read.
#include <cstdio>

#include "v8shim.h"
#include "v8shim_internal.h"

namespace {

void RunInterrupt(v8::Isolate *, void *data) {
  auto *in = static_cast<sh_interrupt *>(data);
  in->fn(in->data);
}

// Appends printf-style text to buf; stops (keeping the NUL) when it is full.
void Append(char *buf, size_t cap, size_t *len, const char *fmt, const char *a, const char *b,
            int line, int col) {
  if (*len + 1 >= cap) return;
  int n = std::snprintf(buf + *len, cap - *len, fmt, a, b, line, col);
  if (n < 0) return;
  *len += static_cast<size_t>(n) < cap - *len ? static_cast<size_t>(n) : cap - *len - 1;
}

}  // namespace

void sh_request_interrupt(sh_rt *rt, sh_interrupt *in) {
  rt->isolate->RequestInterrupt(RunInterrupt, in);
}

size_t sh_current_stack(sh_rt *rt, char *buf, size_t cap, int frames) {
  if (cap == 0) return 0;
  buf[0] = '\0';
  v8::Isolate *iso = rt->isolate;
  v8::HandleScope scope(iso);
  v8::Local<v8::StackTrace> st =
      v8::StackTrace::CurrentStackTrace(iso, frames, v8::StackTrace::kDetailed);
  size_t len = 0;
  for (int i = 0; i < st->GetFrameCount(); i++) {
    v8::Local<v8::StackFrame> f = st->GetFrame(iso, i);
    v8::String::Utf8Value fn(iso, f->GetFunctionName());
    v8::String::Utf8Value file(iso, f->GetScriptNameOrSourceURL());
    const char *where = *file && **file ? *file : "<anonymous>";
    if (*fn && **fn) {
      Append(buf, cap, &len, "    at %s (%s:%d:%d)\n", *fn, where, f->GetLineNumber(),
             f->GetColumn());
    } else {
      Append(buf, cap, &len, "    at %s%s:%d:%d\n", "", where, f->GetLineNumber(), f->GetColumn());
    }
  }
  return len;
}
