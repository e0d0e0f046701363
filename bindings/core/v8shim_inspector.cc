// v8shim_inspector: V8's inspector (the Chrome DevTools protocol's
// backend) over the runtime's isolate, as a C API. See the section
// "Inspector" of v8shim.h. The transport (a loopback WebSocket served by
// its own thread) is the caller's; this file only speaks to V8: it turns
// the client's UTF-8 messages into V8's strings and back, and runs the
// caller's wait while JavaScript is paused (V8 calls runMessageLoopOnPause
// on the JavaScript thread and returns to the paused code when it returns).
#include <v8-inspector.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <set>
#include <string>

#include "v8shim.h"
#include "v8shim_internal.h"

namespace {

constexpr int kContextGroup = 1;

// UTF-8 (from the client) to UTF-16 (V8's StringView); bad bytes become U+FFFD.
std::u16string FromUtf8(const char *s, size_t len) {
  std::u16string out;
  out.reserve(len);
  size_t i = 0;
  while (i < len) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    uint32_t cp = 0xFFFD;
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 1) {
      cp = c;
    } else if (n && i + n <= len) {
      cp = c & (0x7F >> n);
      for (size_t k = 1; k < n; k++) {
        unsigned char d = static_cast<unsigned char>(s[i + k]);
        if ((d >> 6) != 2) {
          cp = 0xFFFD;
          n = k;
          break;
        }
        cp = (cp << 6) | (d & 0x3F);
      }
    } else {
      n = 1;
    }
    i += n;
    if (cp >= 0x10000 && cp <= 0x10FFFF) {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(cp > 0x10FFFF ? 0xFFFD : cp));
    }
  }
  return out;
}

void PutUtf8(std::string *out, uint32_t cp) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// V8's StringView (Latin-1 or UTF-16) to UTF-8; a lone surrogate becomes U+FFFD.
std::string ToUtf8(const v8_inspector::StringView &v) {
  std::string out;
  out.reserve(v.length());
  for (size_t i = 0; i < v.length(); i++) {
    uint32_t cp = v.is8Bit() ? v.characters8()[i] : v.characters16()[i];
    if (!v.is8Bit() && cp >= 0xD800 && cp <= 0xDFFF) {
      uint32_t lo = i + 1 < v.length() ? v.characters16()[i + 1] : 0;
      if (cp < 0xDC00 && lo >= 0xDC00 && lo <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        i++;
      } else {
        cp = 0xFFFD;
      }
    }
    PutUtf8(&out, cp);
  }
  return out;
}

v8_inspector::StringView View(const char *ascii) {
  return v8_inspector::StringView(reinterpret_cast<const uint8_t *>(ascii), std::strlen(ascii));
}

}  // namespace

struct sh_inspector final : v8_inspector::V8InspectorClient {
  sh_rt *rt = nullptr;
  bool (*pause_wait)(void *) = nullptr;
  void *pause_data = nullptr;
  std::unique_ptr<v8_inspector::V8Inspector> inspector;
  std::set<sh_inspector_session *> sessions;
  bool paused = false;
  unsigned run_requests = 0;

  // JavaScript stopped (a breakpoint, a step, `debugger;`): the pause hook
  // waits for and dispatches the client's messages until one resumes it
  // (quitMessageLoopOnPause), or says no client is there to resume it.
  void runMessageLoopOnPause(int) override {
    if (paused) return;  // nested: the outer loop serves
    paused = true;
    while (paused && pause_wait && pause_wait(pause_data)) {
    }
    paused = false;
  }
  void quitMessageLoopOnPause() override {
    paused = false;
  }
  void runIfWaitingForDebugger(int) override {
    run_requests++;
  }
  v8::Local<v8::Context> ensureDefaultContextInGroup(int) override {
    return rt->context.Get(rt->isolate);
  }
  // As Node: a script named by an absolute path shows as a file:// URL
  // (what DevTools and breakpoints by URL expect).
  std::unique_ptr<v8_inspector::StringBuffer> resourceNameToUrl(
      const v8_inspector::StringView &name) override {
    std::string path = ToUtf8(name);
    if (path.empty() || path[0] != '/') return nullptr;
    std::string url = "file://";
    for (unsigned char c : path) {
      if (c <= ' ' || c == '%' || c == '#' || c == '?' || c >= 0x7F) {
        char esc[4];
        std::snprintf(esc, sizeof esc, "%%%02X", c);
        url += esc;
      } else {
        url.push_back(static_cast<char>(c));
      }
    }
    return v8_inspector::StringBuffer::create(
        v8_inspector::StringView(reinterpret_cast<const uint8_t *>(url.data()), url.size()));
  }
  double currentTimeMS() override {
    return static_cast<double>(std::chrono::duration_cast<std::chrono::microseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count()) /
           1000.0;
  }
};

struct sh_inspector_session final : v8_inspector::V8Inspector::Channel {
  sh_inspector *in = nullptr;
  void (*send)(void *, const char *, size_t) = nullptr;
  void *data = nullptr;
  std::unique_ptr<v8_inspector::V8InspectorSession> session;

  void Send(const v8_inspector::StringBuffer &message) {
    std::string s = ToUtf8(message.string());
    send(data, s.data(), s.size());
  }
  void sendResponse(int, std::unique_ptr<v8_inspector::StringBuffer> message) override {
    Send(*message);
  }
  void sendNotification(std::unique_ptr<v8_inspector::StringBuffer> message) override {
    Send(*message);
  }
  void flushProtocolNotifications() override {}
};

sh_inspector *sh_inspector_of(sh_rt *rt) {
  if (rt->inspector) return rt->inspector;
  v8::Isolate *iso = rt->isolate;
  v8::HandleScope scope(iso);
  auto *in = new sh_inspector();
  in->rt = rt;
  in->inspector = v8_inspector::V8Inspector::create(iso, in);
  v8_inspector::V8ContextInfo info(rt->context.Get(iso), kContextGroup, View("shoal"));
  info.origin = View("");
  info.auxData = View("{\"isDefault\":true}");
  in->inspector->contextCreated(info);
  rt->inspector = in;
  return in;
}

void sh_inspector_set_pause(sh_inspector *in, bool (*pause_wait)(void *data), void *data) {
  in->pause_wait = pause_wait;
  in->pause_data = data;
}

sh_inspector_session *sh_inspector_session_new(
    sh_inspector *in, void (*send)(void *data, const char *msg, size_t len), void *data) {
  v8::HandleScope scope(in->rt->isolate);
  auto *s = new sh_inspector_session();
  s->in = in;
  s->send = send;
  s->data = data;
  s->session = in->inspector->connect(kContextGroup, s, v8_inspector::StringView());
  in->sessions.insert(s);
  return s;
}

void sh_inspector_session_dispatch(sh_inspector_session *s, const char *msg, size_t len) {
  if (!s->in) return;
  v8::HandleScope scope(s->in->rt->isolate);
  std::u16string text = FromUtf8(msg, len);
  s->session->dispatchProtocolMessage(
      v8_inspector::StringView(reinterpret_cast<const uint16_t *>(text.data()), text.size()));
}

void sh_inspector_session_free(sh_inspector_session *s) {
  if (s->in) {
    v8::HandleScope scope(s->in->rt->isolate);
    s->in->sessions.erase(s);
    s->session.reset();  // its agents disable: its breakpoints go
  }
  delete s;
}

void shim::InspectorFree(sh_rt *rt) {
  sh_inspector *in = rt->inspector;
  if (!in) return;
  v8::HandleScope scope(rt->isolate);
  for (sh_inspector_session *s : in->sessions) {
    s->session.reset();
    s->in = nullptr;
  }
  in->inspector.reset();
  delete in;
  rt->inspector = nullptr;
}

void sh_inspector_break_on_start(sh_inspector *in) {
  v8::HandleScope scope(in->rt->isolate);
  for (sh_inspector_session *s : in->sessions)
    s->session->schedulePauseOnNextStatement(View("Break on start"), View(""));
}

unsigned sh_inspector_run_requests(sh_inspector *in) {
  return in->run_requests;
}

bool sh_inspector_paused(sh_inspector *in) {
  return in->paused;
}
