// v8shim_utf8: strings to and from UTF-8 (the "strings" section of
// v8shim.h: sh_str, sh_to_utf8, sh_str_utf8_length, sh_str_write_utf8).
//
// V8 10.2 measures and encodes UTF-8 a character at a time (Utf8Length,
// WriteUtf8: 10-20 instructions a character), and decodes it the same way
// (NewFromUtf8). Here the characters are copied out of V8 in bulk instead
// (WriteOneByte and Write are a memcpy of a flat string) and converted in
// plain loops: a one-byte (Latin-1) string is widened in place where a byte
// is >= 0x80, a two-byte string is encoded from a stack copy. Both cover
// the common strings of a request: response bodies, header blocks, and
// JSON.stringify's output (two-byte as soon as it holds a string that
// JSON.parse made: V8 10.2 internalizes those as two-byte). UTF-8 that is
// all ASCII becomes a one-byte string without decoding. The results are
// those of V8's functions: lone surrogates become U+FFFD, as WriteUtf8 with
// REPLACE_INVALID_UTF8 does, and a write never ends in a partial character.
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "v8shim.h"
#include "v8shim_internal.h"

using shim::L;
using shim::V;
using v8::Isolate;
using v8::Local;
using v8::String;

namespace {

// The bytes >= 0x80 of p[0, n): each takes two bytes in UTF-8.
size_t CountHigh(const uint8_t *p, size_t n) {
  size_t high = 0, i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, p + i, 8);
    w &= 0x8080808080808080ull;
    if (w) high += (size_t)__builtin_popcountll(w);
  }
  for (; i < n; i++) high += p[i] >> 7;
  return high;
}

bool IsAscii(const uint8_t *p, size_t n) {
  size_t i = 0;
  // (32 bytes a step, one test: a request body is checked whole)
  for (; i + 32 <= n; i += 32) {
    uint64_t w[4];
    memcpy(w, p + i, 32);
    if ((w[0] | w[1] | w[2] | w[3]) & 0x8080808080808080ull) return false;
  }
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, p + i, 8);
    if (w & 0x8080808080808080ull) return false;
  }
  for (; i < n; i++) {
    if (p[i] >= 0x80) return false;
  }
  return true;
}

// Turns n Latin-1 bytes at p, `high` of them >= 0x80, into UTF-8 in place
// (p has room for n + high bytes).
void WidenLatin1(uint8_t *p, size_t n, size_t high) {
  size_t o = n + high;
  for (size_t i = n; high > 0;) {
    uint8_t c = p[--i];
    if (c < 0x80) {
      p[--o] = c;
      continue;
    }
    p[--o] = (uint8_t)(0x80 | (c & 0x3f));
    p[--o] = (uint8_t)(0xc0 | (c >> 6));
    high--;
  }
}

// A one-byte string as UTF-8 into buf when all of it fits in cap: its
// length in bytes, else SIZE_MAX (buf's bytes are then clobbered).
size_t WriteOneByte(Isolate *iso, Local<String> str, char *buf, size_t cap) {
  size_t n = (size_t)str->Length();
  if (n > cap) return SIZE_MAX;
  auto *p = reinterpret_cast<uint8_t *>(buf);
  str->WriteOneByte(iso, p, 0, (int)n, String::NO_NULL_TERMINATION);
  size_t high = CountHigh(p, n);
  if (n + high > cap) return SIZE_MAX;
  if (high) WidenLatin1(p, n, high);
  return n + high;
}

// Some of the 4 units at u is not ASCII.
bool NonAscii4(const uint16_t *u) {
  uint64_t w;
  memcpy(&w, u, 8);
  return (w & 0xff80ff80ff80ff80ull) != 0;
}

// The units of u[0, n) before the first that is not ASCII, counted 8 at a
// time (JSON.stringify's output is two-byte whenever it holds an array of
// strings JSON.parse made, and is mostly ASCII).
size_t AsciiPrefix16(const uint16_t *u, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w[2];
    memcpy(w, u + i, 16);
    if ((w[0] | w[1]) & 0xff80ff80ff80ff80ull) break;
  }
  while (i + 4 <= n && !NonAscii4(u + i)) i += 4;
  return i;
}

// Narrows k ASCII units (k a multiple of 4) to bytes, 4 a step.
void NarrowAscii(const uint16_t *u, size_t k, uint8_t *out) {
  for (size_t i = 0; i < k; i += 4) {
    uint64_t w;
    memcpy(&w, u + i, 8);
    w |= w >> 8;  // units 0,1 in bytes 0,1; units 2,3 in bytes 4,5
    uint32_t b = (uint32_t)(w & 0xffff) | (uint32_t)((w >> 16) & 0xffff0000);
    memcpy(out + i, &b, 4);
  }
}

// The code point at u[i] and the units it takes (a surrogate pair: 2); a
// lone surrogate is U+FFFD. `last`: u[n - 1] ends the string (a high
// surrogate there is lone; otherwise it waits for the next chunk: 0 units).
uint32_t CodePoint(const uint16_t *u, size_t i, size_t n, bool last, size_t *units) {
  uint32_t c = u[i];
  *units = 1;
  if (c < 0xd800 || c > 0xdfff) return c;
  if (c <= 0xdbff) {
    if (i + 1 < n) {
      uint32_t d = u[i + 1];
      if (d >= 0xdc00 && d <= 0xdfff) {
        *units = 2;
        return 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
      }
    } else if (!last) {
      *units = 0;
      return 0;
    }
  }
  return 0xfffd;
}

size_t Utf8Size(uint32_t c) {
  return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

// Encodes the code points of u[0, n) into out while they fit in cap: the
// bytes written; *used gets the units consumed.
size_t EncodeUtf16(const uint16_t *u, size_t n, bool last, uint8_t *out, size_t cap, size_t *used) {
  size_t i = 0, o = 0;
  while (i < n) {
    if (u[i] < 0x80) {
      size_t run = AsciiPrefix16(u + i, cap - o < n - i ? cap - o : n - i);
      if (run > 0) {
        NarrowAscii(u + i, run, out + o);
        i += run;
        o += run;
        continue;
      }
      if (o == cap) break;
      out[o++] = (uint8_t)u[i++];
      continue;
    }
    size_t units;
    uint32_t c = CodePoint(u, i, n, last, &units);
    size_t k = Utf8Size(c);
    if (units == 0 || o + k > cap) break;
    if (k == 2) {
      out[o] = (uint8_t)(0xc0 | (c >> 6));
    } else if (k == 3) {
      out[o] = (uint8_t)(0xe0 | (c >> 12));
      out[o + 1] = (uint8_t)(0x80 | ((c >> 6) & 0x3f));
    } else {
      out[o] = (uint8_t)(0xf0 | (c >> 18));
      out[o + 1] = (uint8_t)(0x80 | ((c >> 12) & 0x3f));
      out[o + 2] = (uint8_t)(0x80 | ((c >> 6) & 0x3f));
    }
    out[o + k - 1] = (uint8_t)(0x80 | (c & 0x3f));
    o += k;
    i += units;
  }
  *used = i;
  return o;
}

// The UTF-8 bytes of u[0, n); *used gets the units counted (all but a
// high surrogate at the end when !last).
size_t CountUtf16(const uint16_t *u, size_t n, bool last, size_t *used) {
  size_t i = 0, bytes = 0;
  while (i < n) {
    if (u[i] < 0x80) {
      size_t run = AsciiPrefix16(u + i, n - i);
      if (run == 0) run = 1;
      bytes += run;
      i += run;
      continue;
    }
    size_t units;
    uint32_t c = CodePoint(u, i, n, last, &units);
    if (units == 0) break;
    bytes += Utf8Size(c);
    i += units;
  }
  *used = i;
  return bytes;
}

constexpr int kChunk = 2048;  // characters copied out of V8 at a time

size_t Utf8Length(Isolate *iso, Local<String> str) {
  int n = str->Length();
  size_t bytes = 0;
  // (a cons string is flattened by the first Write, once)
  if (str->IsOneByte()) {
    uint8_t chunk[kChunk];
    bytes = (size_t)n;
    for (int at = 0; at < n; at += kChunk) {
      int k = n - at < kChunk ? n - at : kChunk;
      str->WriteOneByte(iso, chunk, at, k, String::NO_NULL_TERMINATION);
      bytes += CountHigh(chunk, (size_t)k);
    }
    return bytes;
  }
  uint16_t chunk[kChunk];
  for (int at = 0; at < n;) {
    int k = n - at < kChunk ? n - at : kChunk;
    str->Write(iso, chunk, at, k, String::NO_NULL_TERMINATION);
    size_t used;
    bytes += CountUtf16(chunk, (size_t)k, at + k == n, &used);
    at += (int)used;
  }
  return bytes;
}

}  // namespace

sh_val sh_str(sh_rt *rt, const char *s, size_t len) {
  if (len == SIZE_MAX) len = strlen(s);
  if (len > (size_t)String::kMaxLength) return nullptr;
  const auto *p = reinterpret_cast<const uint8_t *>(s);
  if (IsAscii(p, len)) {
    return V(String::NewFromOneByte(rt->isolate, p, v8::NewStringType::kNormal, (int)len)
                 .FromMaybe(Local<String>()));
  }
  return V(String::NewFromUtf8(rt->isolate, s, v8::NewStringType::kNormal, (int)len)
               .FromMaybe(Local<String>()));
}

size_t sh_str_utf8_length(sh_rt *rt, sh_val s) {
  return Utf8Length(rt->isolate, L(s).As<String>());
}

size_t sh_str_write_utf8(sh_rt *rt, sh_val s, char *buf, size_t cap, size_t *chars) {
  Local<String> str = L(s).As<String>();
  int len = str->Length();
  if (str->IsOneByte()) {
    size_t n = WriteOneByte(rt->isolate, str, buf, cap);
    if (n != SIZE_MAX) {
      if (chars) *chars = (size_t)len;
      return n;
    }
  } else if (len <= kChunk) {
    uint16_t units[kChunk];
    str->Write(rt->isolate, units, 0, len, String::NO_NULL_TERMINATION);
    size_t used;
    size_t n = EncodeUtf16(units, (size_t)len, true, reinterpret_cast<uint8_t *>(buf), cap, &used);
    if (chars) *chars = used;
    return n;
  }
  int nchars = 0;
  int cap_i = cap > (size_t)INT32_MAX ? INT32_MAX : (int)cap;
  int n = str->WriteUtf8(rt->isolate, buf, cap_i, &nchars,
                         String::NO_NULL_TERMINATION | String::REPLACE_INVALID_UTF8);
  if (chars) *chars = (size_t)nchars;
  return (size_t)n;
}

char *sh_to_utf8(sh_rt *rt, sh_val v, size_t *len) {
  sh_val s = sh_to_string(rt, v);
  if (!s) return nullptr;
  Local<String> str = L(s).As<String>();
  // (a one-byte string's UTF-8 is at most twice its length: no measuring)
  size_t cap = str->IsOneByte() ? 2 * (size_t)str->Length() : Utf8Length(rt->isolate, str);
  char *buf = static_cast<char *>(malloc(cap + 1));
  if (!buf) return nullptr;
  size_t n = sh_str_write_utf8(rt, s, buf, cap, nullptr);
  buf[n] = 0;
  if (len) *len = n;
  return buf;
}
