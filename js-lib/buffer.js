'use strict';
const { codes, makeError } = require('internal/errors');
const { validateNumber, validateInteger } = require('internal/validators');
const { kUntransferable } = require('internal/untransferable');
const {
  ERR_INVALID_ARG_TYPE,
  ERR_OUT_OF_RANGE,
  ERR_BUFFER_OUT_OF_BOUNDS,
  ERR_UNKNOWN_ENCODING,
  ERR_INVALID_ARG_VALUE,
  ERR_MISSING_ARGS,
} = codes;

// Built-in module 'buffer': Node's Buffer class (a Uint8Array subclass) plus
// the module-level helpers (SlowBuffer, kMaxLength, constants, atob, btoa,
// isUtf8, isAscii, INSPECT_MAX_BYTES).
//
// ---------------------------------------------------------------------------
// Native fast path: internalBinding('buffer')  (bindings/mod_buffer.c)
// ---------------------------------------------------------------------------
// Every function is OPTIONAL. When the binding lacks a function the pure-JS
// implementation below is used instead, so the binding can be filled in
// incrementally. All `u8` arguments are Uint8Arrays (Buffers included); all
// offsets are already validated integers with
// 0 <= start <= end <= u8.length and offset + maxLength <= u8.length.
//
//   byteLengthUtf8(str) -> number
//       UTF-8 byte length of str; each lone surrogate counts as 3 bytes.
//   utf8Write(u8, str, offset, maxLength) -> bytesWritten
//       Encode str as UTF-8 into u8[offset .. offset+maxLength). Never writes
//       a partial character: stops at the first character that does not fit.
//       Lone surrogates are encoded as EF BF BD.
//   utf8Slice(u8, start, end) -> string
//       Decode UTF-8 per WHATWG (each maximal invalid subpart -> U+FFFD).
//   latin1Write(u8, str, offset, maxLength) -> bytesWritten
//       One byte per UTF-16 code unit (code unit & 0xFF). Also used for
//       'ascii' writes (Node writes ascii exactly like latin1).
//   latin1Slice(u8, start, end) -> string     (byte b -> U+00bb)
//   asciiSlice(u8, start, end) -> string      (byte b -> U+00(b & 0x7F))
//   hexWrite(u8, str, offset, maxLength) -> bytesWritten
//       Decodes pairs of hex digits; stops at the first invalid pair, at an
//       odd trailing digit or when maxLength bytes have been written.
//   hexSlice(u8, start, end) -> string        (lower-case hex)
//   base64Write(u8, str, offset, maxLength) -> bytesWritten
//       Lenient decoder: accepts both the standard (+/) and url (-_)
//       alphabets, skips every other character (whitespace etc.), stops at
//       the first '='. A trailing group of 2 or 3 characters yields 1 or 2
//       bytes; a single trailing character yields nothing.
//   base64Slice(u8, start, end) -> string     (standard alphabet, '=' padded)
//   base64urlSlice(u8, start, end) -> string  (url alphabet, no padding)
//   ucs2Write(u8, str, offset, maxLength) -> bytesWritten
//       UTF-16LE, whole code units only (floor(maxLength / 2) units at most).
//   ucs2Slice(u8, start, end) -> string       (an odd trailing byte is ignored)
//   compare(a, b) -> -1 | 0 | 1
//       Lexicographic byte comparison (memcmp, then shorter-first).
//   indexOf(haystack, needle, fromIndex, isForward) -> index | -1
//       Plain byte search. needle.length >= 1 and 0 <= fromIndex < haystack.length.
//       Forward: first match starting at >= fromIndex. Backward: last match
//       starting at <= fromIndex (a match may then extend past fromIndex).
//   fill(u8, value, start, end) -> undefined
//       Repeat the bytes of Uint8Array `value` (length >= 1) over
//       u8[start .. end); the last repetition may be partial.
//   kMaxLength, kStringMaxLength (numbers, optional)
// ---------------------------------------------------------------------------

const binding = (() => {
  try {
    return (typeof internalBinding === 'function' && internalBinding('buffer')) || {};
  } catch {
    return {};
  }
})();
const nativeFn = (name) => (typeof binding[name] === 'function' ? binding[name] : null);
const N = {
  byteLengthUtf8: nativeFn('byteLengthUtf8'),
  utf8Write: nativeFn('utf8Write'),
  utf8Slice: nativeFn('utf8Slice'),
  latin1Write: nativeFn('latin1Write'),
  latin1Slice: nativeFn('latin1Slice'),
  asciiSlice: nativeFn('asciiSlice'),
  hexWrite: nativeFn('hexWrite'),
  hexSlice: nativeFn('hexSlice'),
  base64Write: nativeFn('base64Write'),
  base64Slice: nativeFn('base64Slice'),
  base64urlSlice: nativeFn('base64urlSlice'),
  ucs2Write: nativeFn('ucs2Write'),
  ucs2Slice: nativeFn('ucs2Slice'),
  compare: nativeFn('compare'),
  indexOf: nativeFn('indexOf'),
  fill: nativeFn('fill'),
};

// V8 10.2 on 64-bit: v8::TypedArray::kMaxLength == 2**32 and
// v8::String::kMaxLength == 2**29 - 24 (same values as Node 20).
const kMaxLength = typeof binding.kMaxLength === 'number' ? binding.kMaxLength : 2 ** 32;
const kStringMaxLength =
  typeof binding.kStringMaxLength === 'number' ? binding.kStringMaxLength : 2 ** 29 - 24;

const TypedArrayProto = Object.getPrototypeOf(Uint8Array.prototype);
const TypedArrayCtor = Object.getPrototypeOf(Uint8Array);
const getTag = Object.getOwnPropertyDescriptor(TypedArrayProto, Symbol.toStringTag).get;
const isUint8Array = (v) => getTag.call(v) === 'Uint8Array';
const isTypedArray = (v) => getTag.call(v) !== undefined;
const isArrayBufferView = (v) => ArrayBuffer.isView(v);
// Generic typed-array methods (Buffer.prototype overrides several of them).
const taIndexOf = TypedArrayProto.indexOf;
const taLastIndexOf = TypedArrayProto.lastIndexOf;
const abByteLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength').get;
const sabByteLength = typeof SharedArrayBuffer === 'function'
  ? Object.getOwnPropertyDescriptor(SharedArrayBuffer.prototype, 'byteLength').get
  : null;
function isAnyArrayBuffer(v) {
  if (v === null || typeof v !== 'object') return false;
  try { abByteLength.call(v); return true; } catch {}
  if (sabByteLength) {
    try { sabByteLength.call(v); return true; } catch {}
  }
  return false;
}

// ---------------------------------------------------------------------------
// Errors (Node-style: `code` property, "Name [CODE]: msg" in stack/toString)
// ---------------------------------------------------------------------------

let utilInspect; // lazily loaded util.inspect, when the module exists
function getInspect() {
  if (utilInspect === undefined) {
    try {
      utilInspect = require('util').inspect;
      if (typeof utilInspect !== 'function') utilInspect = null;
    } catch {
      utilInspect = null;
    }
  }
  return utilInspect;
}


// Lightweight stand-in for errors thrown as plain "argument must be a string"
// by Node's C++ layer.
function ERR_NOT_STRING() {
  return makeError(TypeError, 'ERR_INVALID_ARG_TYPE', 'argument must be a string');
}

function ERR_INDEX_OUT_OF_RANGE() {
  return makeError(RangeError, 'ERR_OUT_OF_RANGE', 'Index out of range');
}


const validateOffset = (value, name, min = 0, max = kMaxLength) =>
  validateInteger(value, name, min, max);

// ---------------------------------------------------------------------------
// String building helper: collects UTF-16 code units, flushing in chunks so
// String.fromCharCode.apply never sees a huge argument list.
// ---------------------------------------------------------------------------

const kChunk = 8192;
const unitBuf = new Uint16Array(kChunk);

function unitsToString(units, n) {
  return String.fromCharCode.apply(null, n === units.length ? units : units.subarray(0, n));
}

// Bytes -> string where each byte maps to one code unit through `mask`.
function bytesToString(u8, start, end, mask) {
  let out = '';
  for (let i = start; i < end; i += kChunk) {
    const stop = Math.min(end, i + kChunk);
    if (mask === 0xff) {
      out += String.fromCharCode.apply(null, u8.subarray(i, stop));
    } else {
      const n = stop - i;
      for (let j = 0; j < n; j++) unitBuf[j] = u8[i + j] & mask;
      out += unitsToString(unitBuf, n);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Pure-JS codecs (fallbacks for the native binding)
// ---------------------------------------------------------------------------

function jsByteLengthUtf8(str) {
  const len = str.length;
  let n = len;
  for (let i = 0; i < len; i++) {
    const c = str.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) { n += 1; continue; }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
      const d = str.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { n += 2; i++; continue; } // 2 units -> 4 bytes
    }
    n += 2; // BMP char or lone surrogate (EF BF BD): 3 bytes
  }
  return n;
}

function jsUtf8Write(u8, str, offset, maxLength) {
  const end = offset + maxLength;
  const len = str.length;
  let p = offset;
  for (let i = 0; i < len; i++) {
    let c = str.charCodeAt(i);
    if (c < 0x80) {
      if (p >= end) break;
      u8[p++] = c;
    } else if (c < 0x800) {
      if (p + 2 > end) break;
      u8[p++] = 0xc0 | (c >> 6);
      u8[p++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = i + 1 < len ? str.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          if (p + 4 > end) break;
          const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          u8[p++] = 0xf0 | (cp >> 18);
          u8[p++] = 0x80 | ((cp >> 12) & 0x3f);
          u8[p++] = 0x80 | ((cp >> 6) & 0x3f);
          u8[p++] = 0x80 | (cp & 0x3f);
          i++;
          continue;
        }
        c = 0xfffd; // lone surrogate
      }
      if (p + 3 > end) break;
      u8[p++] = 0xe0 | (c >> 12);
      u8[p++] = 0x80 | ((c >> 6) & 0x3f);
      u8[p++] = 0x80 | (c & 0x3f);
    }
  }
  return p - offset;
}

// WHATWG UTF-8 decoder: each maximal subpart of an invalid sequence becomes
// one U+FFFD, the offending byte is then reprocessed.
function jsUtf8Slice(u8, start, end) {
  let out = '';
  let n = 0;
  let i = start;
  while (i < end) {
    if (n >= kChunk - 2) { out += unitsToString(unitBuf, n); n = 0; }
    const b = u8[i];
    if (b < 0x80) { unitBuf[n++] = b; i++; continue; }
    let need;
    let cp;
    let lower = 0x80;
    let upper = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) { need = 1; cp = b & 0x1f; }
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2; cp = b & 0x0f;
      if (b === 0xe0) lower = 0xa0; else if (b === 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3; cp = b & 0x07;
      if (b === 0xf0) lower = 0x90; else if (b === 0xf4) upper = 0x8f;
    } else { unitBuf[n++] = 0xfffd; i++; continue; }
    let j = i + 1;
    let ok = true;
    for (let k = 0; k < need; k++, j++) {
      const c = j < end ? u8[j] : -1;
      if (c < lower || c > upper) { ok = false; break; }
      lower = 0x80; upper = 0xbf;
      cp = (cp << 6) | (c & 0x3f);
    }
    i = j;
    if (!ok) unitBuf[n++] = 0xfffd;
    else if (cp < 0x10000) unitBuf[n++] = cp;
    else {
      cp -= 0x10000;
      unitBuf[n++] = 0xd800 | (cp >> 10);
      unitBuf[n++] = 0xdc00 | (cp & 0x3ff);
    }
  }
  return out + unitsToString(unitBuf, n);
}

function jsLatin1Write(u8, str, offset, maxLength) {
  const n = Math.min(str.length, maxLength);
  for (let i = 0; i < n; i++) u8[offset + i] = str.charCodeAt(i);
  return n;
}

function jsUcs2Write(u8, str, offset, maxLength) {
  const n = Math.min(str.length, maxLength >>> 1);
  for (let i = 0, p = offset; i < n; i++) {
    const c = str.charCodeAt(i);
    u8[p++] = c;
    u8[p++] = c >>> 8;
  }
  return n * 2;
}

function jsUcs2Slice(u8, start, end) {
  let out = '';
  let n = 0;
  for (let i = start; i + 1 < end; i += 2) {
    unitBuf[n++] = u8[i] | (u8[i + 1] << 8);
    if (n === kChunk) { out += unitsToString(unitBuf, n); n = 0; }
  }
  return out + unitsToString(unitBuf, n);
}

// Hex digit value of a char code, or -1.
function hexVal(c) {
  if (c >= 48 && c <= 57) return c - 48;
  c |= 0x20;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

function jsHexWrite(u8, str, offset, maxLength) {
  const n = Math.min(str.length >>> 1, maxLength);
  let i = 0;
  for (; i < n; i++) {
    // Like Node, two-byte characters are truncated to their low byte.
    const hi = hexVal(str.charCodeAt(2 * i) & 0xff);
    const lo = hexVal(str.charCodeAt(2 * i + 1) & 0xff);
    if (hi < 0 || lo < 0) break;
    u8[offset + i] = (hi << 4) | lo;
  }
  return i;
}

const hexDigits = '0123456789abcdef';
const hexCodes = new Uint8Array(16);
for (let i = 0; i < 16; i++) hexCodes[i] = hexDigits.charCodeAt(i);

function jsHexSlice(u8, start, end) {
  let out = '';
  let n = 0;
  for (let i = start; i < end; i++) {
    const b = u8[i];
    unitBuf[n++] = hexCodes[b >> 4];
    unitBuf[n++] = hexCodes[b & 15];
    if (n === kChunk) { out += unitsToString(unitBuf, n); n = 0; }
  }
  return out + unitsToString(unitBuf, n);
}

const b64Chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const b64UrlChars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
// char code -> sextet value (both alphabets), 255 = not a base64 character
const b64Lookup = new Uint8Array(256).fill(255);
for (let i = 0; i < 64; i++) {
  b64Lookup[b64Chars.charCodeAt(i)] = i;
  b64Lookup[b64UrlChars.charCodeAt(i)] = i;
}

function jsBase64Write(u8, str, offset, maxLength) {
  const len = str.length;
  const end = offset + maxLength;
  let p = offset;
  let acc = 0;
  let nbits = 0; // sextets collected in current group (0..3)
  for (let i = 0; i < len && p < end; i++) {
    // Like Node, two-byte characters are truncated to their low byte.
    const c = str.charCodeAt(i) & 0xff;
    if (c === 0x3d) break; // '=' stops decoding
    const v = b64Lookup[c];
    if (v === 255) continue; // skip whitespace and other junk
    acc = (acc << 6) | v;
    if (++nbits === 4) {
      u8[p++] = acc >>> 16;
      if (p < end) u8[p++] = (acc >>> 8) & 0xff;
      if (p < end) u8[p++] = acc & 0xff;
      acc = 0;
      nbits = 0;
    }
  }
  if (nbits >= 2 && p < end) {
    if (nbits === 2) {
      u8[p++] = acc >>> 4;
    } else { // 3 sextets -> 2 bytes
      u8[p++] = acc >>> 10;
      if (p < end) u8[p++] = (acc >>> 2) & 0xff;
    }
  }
  return p - offset;
}

function jsBase64Encode(u8, start, end, alphabet, pad) {
  let out = '';
  let n = 0;
  const codes = [];
  for (let i = 0; i < 64; i++) codes.push(alphabet.charCodeAt(i));
  let i = start;
  for (; i + 2 < end; i += 3) {
    const v = (u8[i] << 16) | (u8[i + 1] << 8) | u8[i + 2];
    unitBuf[n++] = codes[v >>> 18];
    unitBuf[n++] = codes[(v >>> 12) & 63];
    unitBuf[n++] = codes[(v >>> 6) & 63];
    unitBuf[n++] = codes[v & 63];
    if (n >= kChunk - 4) { out += unitsToString(unitBuf, n); n = 0; }
  }
  const rest = end - i;
  if (rest === 1) {
    const v = u8[i];
    unitBuf[n++] = codes[v >>> 2];
    unitBuf[n++] = codes[(v & 3) << 4];
    if (pad) { unitBuf[n++] = 61; unitBuf[n++] = 61; }
  } else if (rest === 2) {
    const v = (u8[i] << 8) | u8[i + 1];
    unitBuf[n++] = codes[v >>> 10];
    unitBuf[n++] = codes[(v >>> 4) & 63];
    unitBuf[n++] = codes[(v & 15) << 2];
    if (pad) unitBuf[n++] = 61;
  }
  return out + unitsToString(unitBuf, n);
}

// Codec entry points: native when available, JS otherwise.
const byteLengthUtf8 = N.byteLengthUtf8 || jsByteLengthUtf8;
const utf8Write = N.utf8Write || jsUtf8Write;
const utf8Slice = N.utf8Slice || jsUtf8Slice;
const latin1Write = N.latin1Write || jsLatin1Write;
const latin1Slice = N.latin1Slice || ((u8, s, e) => bytesToString(u8, s, e, 0xff));
const asciiSlice = N.asciiSlice || ((u8, s, e) => bytesToString(u8, s, e, 0x7f));
const hexWrite = N.hexWrite || jsHexWrite;
const hexSlice = N.hexSlice || jsHexSlice;
const base64Write = N.base64Write || jsBase64Write;
const base64Slice = N.base64Slice || ((u8, s, e) => jsBase64Encode(u8, s, e, b64Chars, true));
const base64urlSlice = N.base64urlSlice || ((u8, s, e) => jsBase64Encode(u8, s, e, b64UrlChars, false));
const ucs2Write = N.ucs2Write || jsUcs2Write;
const ucs2Slice = N.ucs2Slice || jsUcs2Slice;

function base64ByteLength(str) {
  let n = str.length;
  if (n > 0 && str.charCodeAt(n - 1) === 0x3d) n--;
  if (n > 1 && str.charCodeAt(n - 1) === 0x3d) n--;
  return (n * 3) >>> 2;
}

function compareBytes(a, b) {
  if (N.compare) return N.compare(a, b);
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

// Plain byte search, see the binding's indexOf contract above.
function searchBytes(hay, needle, from, forward) {
  if (N.indexOf) return N.indexOf(hay, needle, from, forward);
  const nl = needle.length;
  const last = hay.length - nl; // last possible match start
  const first = needle[0];
  if (forward) {
    let i = taIndexOf.call(hay, first, from);
    while (i !== -1 && i <= last) {
      let k = 1;
      while (k < nl && hay[i + k] === needle[k]) k++;
      if (k === nl) return i;
      i = taIndexOf.call(hay, first, i + 1);
    }
    return -1;
  }
  let i = Math.min(from, last);
  if (i < 0) return -1;
  i = taLastIndexOf.call(hay, first, i);
  while (i !== -1) {
    let k = 1;
    while (k < nl && hay[i + k] === needle[k]) k++;
    if (k === nl) return i;
    if (i === 0) break;
    i = taLastIndexOf.call(hay, first, i - 1);
  }
  return -1;
}

function fillBytes(u8, value, start, end) {
  if (N.fill) { N.fill(u8, value, start, end); return; }
  const total = end - start;
  let n = Math.min(value.length, total);
  u8.set(n === value.length ? value : value.subarray(0, n), start);
  while (n < total) { // double the filled prefix until done
    const k = Math.min(n, total - n);
    u8.copyWithin(start + n, start, start + k);
    n += k;
  }
}

// ---------------------------------------------------------------------------
// Encodings
// ---------------------------------------------------------------------------

// Returns the canonical name of a supported encoding, or undefined.
// undefined, null and '' mean utf8 (used where Node defaults them).
function normalizeEncoding(enc) {
  if (enc == null || enc === 'utf8' || enc === 'utf-8' || enc === '') return 'utf8';
  return canonicalEncoding(enc);
}

function canonicalEncoding(enc) {
  if (typeof enc !== 'string') return undefined;
  switch (enc.length) {
    case 3: case 4: case 5: case 6: case 7: case 8: case 9: break;
    default: return undefined;
  }
  switch (enc.toLowerCase()) {
    case 'utf8': case 'utf-8': return 'utf8';
    case 'ucs2': case 'ucs-2': case 'utf16le': case 'utf-16le': return 'utf16le';
    case 'latin1': case 'binary': return 'latin1';
    case 'base64': return 'base64';
    case 'base64url': return 'base64url';
    case 'hex': return 'hex';
    case 'ascii': return 'ascii';
    default: return undefined;
  }
}

// Per-encoding operations. `write` returns bytes written; `bytes` turns a
// string into the byte sequence used to search for it.
const encodingOps = {
  utf8: {
    encoding: 'utf8',
    byteLength: byteLengthUtf8,
    write: utf8Write,
    slice: utf8Slice,
  },
  utf16le: {
    encoding: 'utf16le',
    byteLength: (s) => s.length * 2,
    write: ucs2Write,
    slice: ucs2Slice,
  },
  latin1: {
    encoding: 'latin1',
    byteLength: (s) => s.length,
    write: latin1Write,
    slice: latin1Slice,
  },
  ascii: {
    encoding: 'ascii',
    byteLength: (s) => s.length,
    write: latin1Write,
    slice: asciiSlice,
  },
  base64: {
    encoding: 'base64',
    byteLength: base64ByteLength,
    write: base64Write,
    slice: base64Slice,
  },
  base64url: {
    encoding: 'base64url',
    byteLength: base64ByteLength,
    write: base64Write,
    slice: base64urlSlice,
  },
  hex: {
    encoding: 'hex',
    byteLength: (s) => s.length >>> 1,
    write: hexWrite,
    slice: hexSlice,
  },
};

function getEncodingOps(encoding) {
  const name = canonicalEncoding(`${encoding}`);
  return name === undefined ? undefined : encodingOps[name];
}

// Encode a whole string into a fresh (unpooled) Uint8Array.
function stringToBytes(str, ops) {
  const tmp = new Uint8Array(ops.byteLength(str));
  const n = ops.write(tmp, str, 0, tmp.length);
  return n === tmp.length ? tmp : tmp.subarray(0, n);
}

// ---------------------------------------------------------------------------
// Buffer class and allocation pool
// ---------------------------------------------------------------------------

class FastBuffer extends Uint8Array {
  // Implicit constructor: new FastBuffer(length | arrayBuffer, byteOffset, length)
}

let poolSize;
let poolOffset;
let allocPool;

// The pool is shared by many small Buffers: postMessage must copy it,
// never transfer (detach) it.
function createPool() {
  poolSize = Buffer.poolSize;
  allocPool = createUnsafeBuffer(poolSize).buffer;
  Object.defineProperty(allocPool, kUntransferable, { value: true });
  poolOffset = 0;
}

function alignPool() {
  // Keep pool slices 8-byte aligned (like Node).
  if (poolOffset & 0x7) {
    poolOffset |= 0x7;
    poolOffset++;
  }
}

// Node's zeroFill: a Uint32Array over the allocator's switch; 0 while one
// FastBuffer is made leaves its memory as malloc gave it (not zeroed).
const zeroFill = binding.zeroFill instanceof Uint32Array ? binding.zeroFill : [1];

function createUnsafeBuffer(size) {
  zeroFill[0] = 0;
  try {
    return new FastBuffer(size);
  } finally {
    zeroFill[0] = 1;
  }
}

// Uninitialised-memory allocation, as Node's.
function allocate(size) {
  if (size <= 0) return new FastBuffer();
  if (size < (Buffer.poolSize >>> 1)) {
    if (size > (poolSize - poolOffset)) createPool();
    const b = new FastBuffer(allocPool, poolOffset, size);
    poolOffset += size;
    alignPool();
    return b;
  }
  return createUnsafeBuffer(size);
}

let deprecationWarned = false;
let nodeModulesChecks = 0;

// Whether the first caller outside the runtime (a file name starting with /
// or holding a \) lies in a node_modules folder, as Node's
// isInsideNodeModules: Buffer() warns only for the application's own code.
function isInsideNodeModules() {
  const holder = {};
  const prevLimit = Error.stackTraceLimit;
  const prevPrepare = Error.prepareStackTrace;
  Error.stackTraceLimit = Infinity;
  Error.prepareStackTrace = (_, frames) => frames;
  let frames;
  try {
    Error.captureStackTrace(holder, isInsideNodeModules);
    frames = holder.stack;
  } finally {
    Error.prepareStackTrace = prevPrepare;
    Error.stackTraceLimit = prevLimit;
  }
  if (!Array.isArray(frames)) return false;
  for (const frame of frames) {
    const name = frame.getFileName();
    if (typeof name !== 'string' || !/^\/|\\/.test(name)) continue;
    return /[\\/]node_modules[\\/]/.test(name);
  }
  return false;
}

// DEP0005 once, unless the call comes from node_modules (checked for the
// first 10,000 calls only, as Node, to bound the cost).
function warnBufferConstructor() {
  if (deprecationWarned || ++nodeModulesChecks > 10000) return;
  const pending = process.execArgv.includes('--pending-deprecation') ||
    process.env.NODE_PENDING_DEPRECATION === '1';
  if (!pending && isInsideNodeModules()) return;
  deprecationWarned = true;
  process.emitWarning('Buffer() is deprecated due to security and usability issues. ' +
    'Please use the Buffer.alloc(), Buffer.allocUnsafe(), or Buffer.from() methods instead.',
  'DeprecationWarning', 'DEP0005');
}

// The deprecated `Buffer(arg)` / `new Buffer(arg)` entry point.
function Buffer(arg, encodingOrOffset, length) {
  if (!deprecationWarned && typeof process === 'object' && process &&
      typeof process.emitWarning === 'function') {
    warnBufferConstructor();
  }
  if (typeof arg === 'number') {
    if (typeof encodingOrOffset === 'string') throw ERR_INVALID_ARG_TYPE('string', 'string', arg);
    return Buffer.alloc(arg);
  }
  return Buffer.from(arg, encodingOrOffset, length);
}

FastBuffer.prototype.constructor = Buffer;
Buffer.prototype = FastBuffer.prototype;
Object.setPrototypeOf(Buffer, Uint8Array);

// Like Node: typed-array methods that create new arrays (map, filter, ...)
// construct FastBuffer instances (so they are Buffers without going through
// the deprecated Buffer() constructor).
Object.defineProperty(Buffer, Symbol.species, {
  enumerable: false,
  configurable: true,
  get() { return FastBuffer; },
});

Buffer.poolSize = 8 * 1024;
createPool();

function fromString(string, encoding) {
  let ops;
  if (typeof encoding !== 'string' || encoding.length === 0) {
    if (string.length === 0) return new FastBuffer();
    ops = encodingOps.utf8;
  } else {
    ops = getEncodingOps(encoding);
    if (ops === undefined) throw ERR_UNKNOWN_ENCODING(encoding);
    if (string.length === 0) return new FastBuffer();
  }
  const length = ops.byteLength(string);
  if (length >= (Buffer.poolSize >>> 1)) {
    const b = new FastBuffer(length);
    const actual = ops.write(b, string, 0, length);
    return actual === length ? b : new FastBuffer(b.buffer, 0, actual);
  }
  if (length > (poolSize - poolOffset)) createPool();
  const b = new FastBuffer(allocPool, poolOffset, length);
  const actual = ops.write(b, string, 0, length);
  poolOffset += actual;
  alignPool();
  return actual === length ? b : new FastBuffer(allocPool, b.byteOffset, actual);
}

function fromArrayLike(obj) {
  if (obj.length <= 0) return new FastBuffer();
  if (obj.length < (Buffer.poolSize >>> 1)) {
    if (obj.length > (poolSize - poolOffset)) createPool();
    const b = new FastBuffer(allocPool, poolOffset, obj.length);
    b.set(obj, 0);
    poolOffset += obj.length;
    alignPool();
    return b;
  }
  return new FastBuffer(obj);
}

function fromArrayBuffer(ab, byteOffset, length) {
  if (byteOffset === undefined) {
    byteOffset = 0;
  } else {
    byteOffset = +byteOffset;
    if (Number.isNaN(byteOffset)) byteOffset = 0;
  }
  const maxLength = ab.byteLength - byteOffset;
  if (maxLength < 0) throw ERR_BUFFER_OUT_OF_BOUNDS('offset');
  if (length === undefined) {
    length = maxLength;
  } else {
    length = +length;
    if (length > 0) {
      if (length > maxLength) throw ERR_BUFFER_OUT_OF_BOUNDS('length');
    } else {
      length = 0;
    }
  }
  return new FastBuffer(ab, byteOffset, length);
}

function fromObject(obj) {
  if (obj.length !== undefined || isAnyArrayBuffer(obj.buffer)) {
    if (typeof obj.length !== 'number') return new FastBuffer();
    return fromArrayLike(obj);
  }
  if (obj.type === 'Buffer' && Array.isArray(obj.data)) return fromArrayLike(obj.data);
  return undefined;
}

const kFromTypes = ['string', 'Buffer', 'ArrayBuffer', 'Array', 'Array-like Object'];

Buffer.from = function from(value, encodingOrOffset, length) {
  if (typeof value === 'string') return fromString(value, encodingOrOffset);
  if (typeof value === 'object' && value !== null) {
    if (isAnyArrayBuffer(value)) return fromArrayBuffer(value, encodingOrOffset, length);
    const valueOf = value.valueOf && value.valueOf();
    if (valueOf != null && valueOf !== value &&
        (typeof valueOf === 'string' || typeof valueOf === 'object')) {
      return from(valueOf, encodingOrOffset, length);
    }
    const b = fromObject(value);
    if (b) return b;
    if (typeof value[Symbol.toPrimitive] === 'function') {
      const primitive = value[Symbol.toPrimitive]('string');
      if (typeof primitive === 'string') return fromString(primitive, encodingOrOffset);
    }
  }
  throw ERR_INVALID_ARG_TYPE('first argument', kFromTypes, value);
};

Buffer.copyBytesFrom = function copyBytesFrom(view, offset, length) {
  if (!isTypedArray(view)) throw ERR_INVALID_ARG_TYPE('view', ['TypedArray'], view);
  const viewLength = view.length;
  if (viewLength === 0) return Buffer.alloc(0);
  if (offset !== undefined || length !== undefined) {
    if (offset !== undefined) {
      validateInteger(offset, 'offset', 0);
      if (offset >= viewLength) return Buffer.alloc(0);
    } else {
      offset = 0;
    }
    let end;
    if (length !== undefined) {
      validateInteger(length, 'length', 0);
      end = offset + length;
    } else {
      end = viewLength;
    }
    view = TypedArrayProto.slice.call(view, offset, end);
  }
  return fromArrayLike(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
};

Buffer.of = function of(...items) {
  const b = new FastBuffer(items.length);
  for (let i = 0; i < items.length; i++) b[i] = items[i];
  return b;
};

Buffer.alloc = function alloc(size, fill, encoding) {
  validateNumber(size, 'size', 0, kMaxLength);
  if (fill !== undefined && fill !== 0 && size > 0) {
    return _fill(new FastBuffer(size), fill, 0, size, encoding);
  }
  return new FastBuffer(size);
};

Buffer.allocUnsafe = function allocUnsafe(size) {
  validateNumber(size, 'size', 0, kMaxLength);
  return allocate(size);
};

Buffer.allocUnsafeSlow = function allocUnsafeSlow(size) {
  validateNumber(size, 'size', 0, kMaxLength);
  return createUnsafeBuffer(size);
};

Buffer.isBuffer = function isBuffer(b) {
  return b instanceof Buffer;
};

Buffer.compare = function compare(buf1, buf2) {
  if (!isUint8Array(buf1)) throw ERR_INVALID_ARG_TYPE('buf1', ['Buffer', 'Uint8Array'], buf1);
  if (!isUint8Array(buf2)) throw ERR_INVALID_ARG_TYPE('buf2', ['Buffer', 'Uint8Array'], buf2);
  if (buf1 === buf2) return 0;
  return compareBytes(buf1, buf2);
};

Buffer.isEncoding = function isEncoding(encoding) {
  return typeof encoding === 'string' && encoding.length !== 0 &&
    canonicalEncoding(encoding) !== undefined;
};

// Copy source[sourceStart, sourceEnd) into target at targetStart, clamped to
// the room in target. Returns the number of bytes copied.
function copyActual(source, target, targetStart, sourceStart, sourceEnd) {
  if (sourceEnd - sourceStart > target.length - targetStart) {
    sourceEnd = sourceStart + target.length - targetStart;
  }
  let nb = sourceEnd - sourceStart;
  const sourceLen = source.length - sourceStart;
  if (nb > sourceLen) nb = sourceLen;
  if (nb <= 0) return 0;
  if (sourceStart !== 0 || sourceEnd < source.length) {
    source = new Uint8Array(source.buffer, source.byteOffset + sourceStart, nb);
  }
  TypedArrayProto.set.call(target, source, targetStart);
  return nb;
}

Buffer.concat = function concat(list, length) {
  if (!Array.isArray(list)) throw ERR_INVALID_ARG_TYPE('list', 'Array', list);
  if (list.length === 0) return new FastBuffer();
  if (length === undefined) {
    length = 0;
    for (let i = 0; i < list.length; i++) {
      if (list[i].length) length += list[i].length;
    }
  } else {
    validateOffset(length, 'length');
  }
  const buffer = Buffer.allocUnsafe(length);
  let pos = 0;
  for (let i = 0; i < list.length; i++) {
    const buf = list[i];
    if (!isUint8Array(buf)) {
      throw ERR_INVALID_ARG_TYPE(`list[${i}]`, ['Buffer', 'Uint8Array'], list[i]);
    }
    pos += copyActual(buf, buffer, pos, 0, buf.length);
  }
  if (pos < length) TypedArrayProto.fill.call(buffer, 0, pos, length);
  return buffer;
};

Buffer.byteLength = function byteLength(string, encoding) {
  if (typeof string !== 'string') {
    if (isArrayBufferView(string) || isAnyArrayBuffer(string)) return string.byteLength;
    throw ERR_INVALID_ARG_TYPE('string', ['string', 'Buffer', 'ArrayBuffer'], string);
  }
  const mustMatch = arguments.length > 2 && arguments[2] === true;
  if (!mustMatch && string.length === 0) return 0;
  if (!encoding) return mustMatch ? -1 : byteLengthUtf8(string);
  const ops = getEncodingOps(encoding);
  if (ops === undefined) return mustMatch ? -1 : byteLengthUtf8(string);
  return ops.byteLength(string);
};

// ---------------------------------------------------------------------------
// Buffer.prototype
// ---------------------------------------------------------------------------

const proto = Buffer.prototype;

function defineMethods(target, methods) {
  for (const key of Reflect.ownKeys(methods)) {
    Object.defineProperty(target, key, {
      value: methods[key], writable: true, configurable: true, enumerable: false,
    });
  }
}

// Node's `parent` and `offset` legacy accessors.
Object.defineProperty(proto, 'parent', {
  enumerable: true,
  configurable: true,
  get() { return this instanceof Buffer ? this.buffer : undefined; },
});
Object.defineProperty(proto, 'offset', {
  enumerable: true,
  configurable: true,
  get() { return this instanceof Buffer ? this.byteOffset : undefined; },
});

// Argument handling of the native xxxSlice(start, end) methods.
function sliceArgs(buf, start, end) {
  const len = buf.length;
  start = parseArrayIndex(start, 0);
  end = parseArrayIndex(end, len);
  if (end < start) end = start;
  if (end > len) throw ERR_INDEX_OUT_OF_RANGE();
  return [start, end];
}

function parseArrayIndex(value, def) {
  if (value === undefined) return def;
  const n = Math.trunc(+value) || 0;
  if (n < 0) throw ERR_INDEX_OUT_OF_RANGE();
  return n;
}

// Argument handling of the native xxxWrite(string, offset, length) methods.
function makeWriter(write) {
  return function (string, offset, length) {
    if (typeof string !== 'string') throw ERR_NOT_STRING();
    const len = this.length;
    offset = parseArrayIndex(offset, 0);
    if (offset > len) throw ERR_BUFFER_OUT_OF_BOUNDS('offset');
    length = parseArrayIndex(length, len - offset);
    length = Math.min(len - offset, length);
    if (length === 0) return 0;
    return write(this, string, offset, length);
  };
}

function makeSlicer(slice) {
  return function (start, end) {
    const [s, e] = sliceArgs(this, start, end);
    return slice(this, s, e);
  };
}

defineMethods(proto, {
  asciiSlice: makeSlicer(asciiSlice),
  base64Slice: makeSlicer(base64Slice),
  base64urlSlice: makeSlicer(base64urlSlice),
  latin1Slice: makeSlicer(latin1Slice),
  hexSlice: makeSlicer(hexSlice),
  ucs2Slice: makeSlicer(ucs2Slice),
  utf8Slice: makeSlicer(utf8Slice),
  asciiWrite: makeWriter(latin1Write),
  base64Write: makeWriter(base64Write),
  base64urlWrite: makeWriter(base64Write),
  latin1Write: makeWriter(latin1Write),
  hexWrite: makeWriter(hexWrite),
  ucs2Write: makeWriter(ucs2Write),
  utf8Write: makeWriter(utf8Write),
});

function bufferToString(encoding, start, end) {
  if (arguments.length === 0) return utf8Slice(this, 0, this.length);
  const len = this.length;
  if (start <= 0) start = 0;
  else if (start >= len) return '';
  else start |= 0;
  if (end === undefined || end > len) end = len;
  else if (end <= 0) return '';
  else end |= 0;
  if (end <= start) return '';
  if (encoding === undefined) return utf8Slice(this, start, end);
  const ops = getEncodingOps(encoding);
  if (ops === undefined) throw ERR_UNKNOWN_ENCODING(encoding);
  return ops.slice(this, start, end);
}

// Truncate toward -inf like Node's toInteger(); non-finite / unsafe -> default.
function toInteger(n, defaultVal) {
  n = +n;
  if (!Number.isNaN(n) && n >= Number.MIN_SAFE_INTEGER && n <= Number.MAX_SAFE_INTEGER) {
    return n % 1 === 0 ? n : Math.floor(n);
  }
  return defaultVal;
}

// Semantics of Node's native IndexOfOffset(): where a search with a needle
// of `needleLength` bytes starts, or -1 when it cannot match.
function indexOfOffset(length, offset, needleLength, forward) {
  if (offset < 0) {
    if (offset + length >= 0) return length + offset;
    if (forward || needleLength === 0) return 0;
    return -1;
  }
  if (offset + needleLength <= length) return offset;
  if (needleLength === 0) return length;
  if (forward) return -1;
  return length - 1;
}

// Search 16-bit units (UTF-16LE): only even byte offsets can match. Reproduces
// Node's result for odd-length haystacks (not found -> length - 1).
function searchUcs2(hay, hl, needleUnits, offset, forward) {
  const hu = hl >>> 1;
  const nu = needleUnits.length;
  let result = hu; // "not found" as Node computes it
  if (hu >= nu) {
    const diff = hu - nu;
    const startUnit = offset >>> 1;
    const matchAt = (u) => {
      for (let k = 0; k < nu; k++) {
        const p = 2 * (u + k);
        if ((hay[p] | (hay[p + 1] << 8)) !== needleUnits[k]) return false;
      }
      return true;
    };
    if (forward) {
      for (let u = startUnit; u <= diff; u++) if (matchAt(u)) { result = u; break; }
    } else {
      for (let u = Math.min(startUnit, diff); u >= 0; u--) if (matchAt(u)) { result = u; break; }
    }
  }
  result *= 2;
  return result === hl ? -1 : result;
}

function bidirectionalIndexOf(buffer, val, byteOffset, encoding, forward) {
  if (!isArrayBufferView(buffer)) {
    throw ERR_INVALID_ARG_TYPE('buffer', ['Buffer', 'TypedArray', 'DataView'], buffer);
  }
  if (!isUint8Array(buffer)) buffer = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  if (typeof byteOffset === 'string') {
    encoding = byteOffset;
    byteOffset = undefined;
  } else if (byteOffset > 0x7fffffff) {
    byteOffset = 0x7fffffff;
  } else if (byteOffset < -0x80000000) {
    byteOffset = -0x80000000;
  }
  byteOffset = +byteOffset;
  if (Number.isNaN(byteOffset)) byteOffset = forward ? 0 : (buffer.length || buffer.byteLength);
  byteOffset = Math.trunc(byteOffset);
  let hl = buffer.length;

  if (typeof val === 'number') {
    const start = indexOfOffset(hl, byteOffset, 1, forward);
    if (start <= -1 || hl === 0) return -1;
    const byte = (val >>> 0) & 0xff;
    return forward ? taIndexOf.call(buffer, byte, start) : taLastIndexOf.call(buffer, byte, start);
  }

  const ops = encoding === undefined ? encodingOps.utf8 : getEncodingOps(encoding);
  let needle;
  let ucs2 = false;
  if (typeof val === 'string') {
    if (ops === undefined) throw ERR_UNKNOWN_ENCODING(encoding);
    if (ops.encoding === 'utf16le') {
      ucs2 = true;
      needle = val;
    } else {
      needle = stringToBytes(val, ops);
    }
  } else if (isUint8Array(val)) {
    needle = val;
    ucs2 = ops !== undefined && ops.encoding === 'utf16le';
  } else {
    throw ERR_INVALID_ARG_TYPE('value', ['number', 'string', 'Buffer', 'Uint8Array'], val);
  }

  let nl = needle.length;
  if (ucs2 && typeof needle === 'string') {
    // Node searches strings in whole UTF-16 units only (but not Buffers,
    // whose odd trailing byte is handled by searchUcs2()).
    nl *= 2;
    hl &= ~1;
  }
  const start = indexOfOffset(hl, byteOffset, nl, forward);
  if (nl === 0) return start;
  if (hl === 0 || start <= -1) return -1;
  if ((forward && nl + start > hl) || nl > hl) return -1;
  if (ucs2) {
    if (hl < 2 || nl < 2) return -1;
    let units;
    if (typeof needle === 'string') {
      units = new Uint16Array(needle.length);
      for (let i = 0; i < needle.length; i++) units[i] = needle.charCodeAt(i);
    } else {
      units = new Uint16Array(nl >>> 1);
      for (let i = 0; i < units.length; i++) units[i] = needle[2 * i] | (needle[2 * i + 1] << 8);
    }
    return searchUcs2(buffer, hl, units, start, forward);
  }
  return searchBytes(buffer, needle, start, forward);
}

// Shared implementation of Buffer#fill and Buffer.alloc(size, fill).
function _fill(buf, value, offset, end, encoding) {
  if (typeof value === 'string') {
    if (offset === undefined || typeof offset === 'string') {
      encoding = offset;
      offset = 0;
      end = buf.length;
    } else if (typeof end === 'string') {
      encoding = end;
      end = buf.length;
    }
    const normalized = normalizeEncoding(encoding);
    if (normalized === undefined) {
      if (typeof encoding !== 'string') throw ERR_INVALID_ARG_TYPE('encoding', 'string', encoding);
      throw ERR_UNKNOWN_ENCODING(encoding);
    }
    encoding = normalized;
    if (value.length === 0) {
      value = 0; // an empty string fills with zeroes
    } else if (value.length === 1) {
      const code = value.charCodeAt(0);
      if (normalized === 'utf8' && code < 128) value = code;
      else if (normalized === 'latin1') value = code & 0xff;
    }
  } else {
    encoding = undefined;
  }

  if (offset === undefined) {
    offset = 0;
    end = buf.length;
  } else {
    validateOffset(offset, 'offset');
    if (end === undefined) end = buf.length;
    else validateOffset(end, 'end', 0, buf.length);
    if (offset >= end) return buf;
  }

  if (typeof value === 'number') {
    if (offset > end || end - offset + offset > buf.byteLength) throw ERR_BUFFER_OUT_OF_BOUNDS();
    TypedArrayProto.fill.call(buf, value, offset, end);
    return buf;
  }

  const fillLength = end - offset;
  let bytes;
  if (typeof value === 'string') {
    if (encoding === 'utf8') {
      bytes = stringToBytes(value, encodingOps.utf8); // may be cut mid-character
    } else if (encoding === 'utf16le') {
      bytes = new Uint8Array(value.length * 2);
      jsUcs2Write(bytes, value, 0, bytes.length);
    } else {
      bytes = new Uint8Array(Math.min(fillLength, encodingOps[encoding].byteLength(value) + 2));
      bytes = bytes.subarray(0, encodingOps[encoding].write(bytes, value, 0, bytes.length));
    }
  } else if (isArrayBufferView(value)) {
    bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  } else {
    TypedArrayProto.fill.call(buf, ((+value) >>> 0) & 0xff, offset, end);
    return buf;
  }
  if (bytes.length === 0) throw ERR_INVALID_ARG_VALUE('value', value);
  fillBytes(buf, bytes, offset, end);
  return buf;
}

function checkEqualsArg(buf) {
  if (!isUint8Array(buf)) throw ERR_INVALID_ARG_TYPE('otherBuffer', ['Buffer', 'Uint8Array'], buf);
}

function adjustOffset(offset, length) {
  offset = Math.trunc(offset);
  if (offset === 0 || Number.isNaN(offset)) return 0;
  if (offset < 0) {
    offset += length;
    return offset > 0 ? offset : 0;
  }
  return offset < length ? offset : length;
}

function swapError(bits) {
  return makeError(RangeError, 'ERR_INVALID_BUFFER_SIZE', `Buffer size must be a multiple of ${bits}`);
}

defineMethods(proto, {
  copy(target, targetStart, sourceStart, sourceEnd) {
    if (!isUint8Array(this)) throw ERR_INVALID_ARG_TYPE('source', ['Buffer', 'Uint8Array'], this);
    if (!isUint8Array(target)) throw ERR_INVALID_ARG_TYPE('target', ['Buffer', 'Uint8Array'], target);
    if (targetStart === undefined) {
      targetStart = 0;
    } else {
      targetStart = toInteger(targetStart, 0);
      if (targetStart < 0) throw ERR_OUT_OF_RANGE('targetStart', '>= 0', targetStart);
    }
    if (sourceStart === undefined) {
      sourceStart = 0;
    } else {
      sourceStart = toInteger(sourceStart, 0);
      if (sourceStart < 0 || sourceStart > this.length) {
        throw ERR_OUT_OF_RANGE('sourceStart', `>= 0 && <= ${this.length}`, sourceStart);
      }
    }
    if (sourceEnd === undefined) {
      sourceEnd = this.length;
    } else {
      sourceEnd = toInteger(sourceEnd, 0);
      if (sourceEnd < 0) throw ERR_OUT_OF_RANGE('sourceEnd', '>= 0', sourceEnd);
    }
    if (targetStart >= target.length || sourceStart >= sourceEnd) return 0;
    return copyActual(this, target, targetStart, sourceStart, sourceEnd);
  },

  toString: bufferToString,

  equals(otherBuffer) {
    checkEqualsArg(otherBuffer);
    if (this === otherBuffer) return true;
    const len = this.byteLength;
    if (len !== otherBuffer.byteLength) return false;
    return len === 0 || compareBytes(this, otherBuffer) === 0;
  },

  compare(target, targetStart, targetEnd, sourceStart, sourceEnd) {
    if (!isUint8Array(target)) throw ERR_INVALID_ARG_TYPE('target', ['Buffer', 'Uint8Array'], target);
    if (arguments.length === 1) return compareBytes(this, target);
    if (targetStart === undefined) targetStart = 0;
    else validateOffset(targetStart, 'targetStart');
    if (targetEnd === undefined) targetEnd = target.length;
    else validateOffset(targetEnd, 'targetEnd', 0, target.length);
    if (sourceStart === undefined) sourceStart = 0;
    else validateOffset(sourceStart, 'sourceStart');
    if (sourceEnd === undefined) sourceEnd = this.length;
    else validateOffset(sourceEnd, 'sourceEnd', 0, this.length);
    if (sourceStart >= sourceEnd) return targetStart >= targetEnd ? 0 : -1;
    if (targetStart >= targetEnd) return 1;
    if (sourceStart > this.length) {
      throw makeError(RangeError, 'ERR_OUT_OF_RANGE', 'The value of "sourceStart" is out of range.');
    }
    if (targetStart > target.length) {
      throw makeError(RangeError, 'ERR_OUT_OF_RANGE', 'The value of "targetStart" is out of range.');
    }
    const a = this.subarray(sourceStart, sourceEnd);
    const b = target.subarray(targetStart, targetEnd);
    return compareBytes(a, b);
  },

  // Plain functions as in Node (constructible): `new buf.indexOf()` is the
  // receiver check's TypeError, not "is not a constructor".
  indexOf: function indexOf(val, byteOffset, encoding) {
    return bidirectionalIndexOf(this, val, byteOffset, encoding, true);
  },

  lastIndexOf: function lastIndexOf(val, byteOffset, encoding) {
    return bidirectionalIndexOf(this, val, byteOffset, encoding, false);
  },

  includes: function includes(val, byteOffset, encoding) {
    return this.indexOf(val, byteOffset, encoding) !== -1;
  },

  fill(value, offset, end, encoding) {
    return _fill(this, value, offset, end, encoding);
  },

  write(string, offset, length, encoding) {
    if (offset === undefined) return this.utf8Write(string, 0, this.length);
    if (length === undefined && typeof offset === 'string') {
      encoding = offset;
      length = this.length;
      offset = 0;
    } else {
      validateOffset(offset, 'offset', 0, this.length);
      const remaining = this.length - offset;
      if (length === undefined) {
        length = remaining;
      } else if (typeof length === 'string') {
        encoding = length;
        length = remaining;
      } else {
        validateOffset(length, 'length', 0, this.length);
        if (length > remaining) length = remaining;
      }
    }
    if (!encoding || encoding === 'utf8') return this.utf8Write(string, offset, length);
    if (encoding === 'ascii') return this.asciiWrite(string, offset, length);
    const ops = getEncodingOps(encoding);
    if (ops === undefined) throw ERR_UNKNOWN_ENCODING(encoding);
    if (typeof string !== 'string') throw ERR_NOT_STRING();
    if (length === 0) return 0;
    return ops.write(this, string, offset, length);
  },

  toJSON() {
    const data = new Array(this.length);
    for (let i = 0; i < this.length; i++) data[i] = this[i];
    return { type: 'Buffer', data };
  },

  subarray(start, end) {
    const srcLength = this.length;
    start = adjustOffset(start, srcLength);
    end = end !== undefined ? adjustOffset(end, srcLength) : srcLength;
    const newLength = end > start ? end - start : 0;
    return new FastBuffer(this.buffer, this.byteOffset + start, newLength);
  },

  slice(start, end) {
    return this.subarray(start, end);
  },

  swap16() {
    const len = this.length;
    if (len % 2 !== 0) throw swapError('16-bits');
    for (let i = 0; i < len; i += 2) {
      const t = this[i]; this[i] = this[i + 1]; this[i + 1] = t;
    }
    return this;
  },

  swap32() {
    const len = this.length;
    if (len % 4 !== 0) throw swapError('32-bits');
    for (let i = 0; i < len; i += 4) {
      let t = this[i]; this[i] = this[i + 3]; this[i + 3] = t;
      t = this[i + 1]; this[i + 1] = this[i + 2]; this[i + 2] = t;
    }
    return this;
  },

  swap64() {
    const len = this.length;
    if (len % 8 !== 0) throw swapError('64-bits');
    for (let i = 0; i < len; i += 8) {
      for (let k = 0; k < 4; k++) {
        const t = this[i + k]; this[i + k] = this[i + 7 - k]; this[i + 7 - k] = t;
      }
    }
    return this;
  },
});
Object.defineProperty(proto, 'toLocaleString', {
  value: bufferToString, writable: true, configurable: true, enumerable: false,
});

// ---------------------------------------------------------------------------
// Numeric reads and writes
// ---------------------------------------------------------------------------

function boundsError(value, length, type) {
  if (Math.floor(value) !== value) {
    validateNumber(value, type || 'offset');
    throw ERR_OUT_OF_RANGE(type || 'offset', 'an integer', value);
  }
  if (length < 0) throw ERR_BUFFER_OUT_OF_BOUNDS();
  throw ERR_OUT_OF_RANGE(type || 'offset', `>= ${type ? 1 : 0} and <= ${length}`, value);
}

// Validate that bytes [offset, offset + size) exist; returns nothing.
function checkRead(buf, offset, size) {
  validateNumber(offset, 'offset');
  if (buf[offset] === undefined || buf[offset + size - 1] === undefined) {
    boundsError(offset, buf.length - size);
  }
}

// Value range check for writes. `size` is the width in bytes.
function checkInt(value, min, max, buf, offset, size) {
  if (value > max || value < min) {
    const n = typeof min === 'bigint' ? 'n' : '';
    let range;
    if (size > 4) {
      if (min === 0 || min === 0n) range = `>= 0${n} and < 2${n} ** ${size * 8}${n}`;
      else range = `>= -(2${n} ** ${size * 8 - 1}${n}) and < 2${n} ** ${size * 8 - 1}${n}`;
    } else {
      range = `>= ${min}${n} and <= ${max}${n}`;
    }
    throw ERR_OUT_OF_RANGE('value', range, value);
  }
  checkRead(buf, offset, size);
}

// Generic little/big endian integer read of up to 6 bytes (exact in doubles).
function readUIntGeneric(buf, offset, size, littleEndian) {
  let v = 0;
  let mul = 1;
  for (let k = 0; k < size; k++) {
    v += buf[littleEndian ? offset + k : offset + size - 1 - k] * mul;
    mul *= 256;
  }
  return v;
}

function makeUIntReader(size, le) {
  return function (offset = 0) {
    checkRead(this, offset, size);
    return readUIntGeneric(this, offset, size, le);
  };
}

function makeIntReader(size, le) {
  const limit = 2 ** (size * 8 - 1);
  const full = 2 ** (size * 8);
  return function (offset = 0) {
    checkRead(this, offset, size);
    const v = readUIntGeneric(this, offset, size, le);
    return v >= limit ? v - full : v;
  };
}

function makeWriter32(size, le, signed) {
  const min = signed ? -(2 ** (size * 8 - 1)) : 0;
  const max = signed ? 2 ** (size * 8 - 1) - 1 : 2 ** (size * 8) - 1;
  // `offset` has no default here: writeUIntLE(v, undefined, n) must throw.
  const impl = function (value, offset) {
    value = +value;
    if (size === 1) validateNumber(offset, 'offset'); // checked before the value
    checkInt(value, min, max, this, offset, size);
    writeIntBytes(this, value, offset, size, le);
    return offset + size;
  };
  const pub = function (value, offset = 0) {
    return impl.call(this, value, offset);
  };
  pub.impl = impl;
  return pub;
}

// Store `value` (already range-checked) as `size` bytes.
function writeIntBytes(buf, value, offset, size, le) {
  let lo = value;
  let hi = 0;
  if (size > 4) hi = Math.floor(value * 2 ** -32);
  for (let k = 0; k < size; k++) {
    const pos = le ? offset + k : offset + size - 1 - k;
    if (k < 4) {
      buf[pos] = lo;
      lo >>>= 8;
    } else {
      buf[pos] = hi;
      hi >>>= 8;
    }
  }
}

// (function expressions, not methods: Node's are declarations, with a
// `prototype`)
function makeVarReader(readers, name) {
  return {
    [name]: function (offset, byteLength) {
      if (offset === undefined) throw ERR_INVALID_ARG_TYPE('offset', 'number', offset);
      const r = readers[byteLength];
      if (r === undefined || typeof byteLength !== 'number') boundsError(byteLength, 6, 'byteLength');
      return r.call(this, offset);
    },
  }[name];
}

function makeVarWriter(writers, name) {
  return {
    [name]: function (value, offset, byteLength) {
      const w = writers[byteLength];
      if (w === undefined || typeof byteLength !== 'number') boundsError(byteLength, 6, 'byteLength');
      return w.impl.call(this, value, offset);
    },
  }[name];
}

const uintLE = {}; const uintBE = {}; const intLE = {}; const intBE = {};
const wuintLE = {}; const wuintBE = {}; const wintLE = {}; const wintBE = {};
for (let size = 1; size <= 6; size++) {
  uintLE[size] = makeUIntReader(size, true);
  uintBE[size] = makeUIntReader(size, false);
  intLE[size] = makeIntReader(size, true);
  intBE[size] = makeIntReader(size, false);
  wuintLE[size] = makeWriter32(size, true, false);
  wuintBE[size] = makeWriter32(size, false, false);
  wintLE[size] = makeWriter32(size, true, true);
  wintBE[size] = makeWriter32(size, false, true);
}

// Floating point via a scratch buffer in host byte order.
const f32 = new Float32Array(1);
const f64 = new Float64Array(1);
const f32b = new Uint8Array(f32.buffer);
const f64b = new Uint8Array(f64.buffer);
const hostLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function makeFloatReader(scratch, bytes, size, le) {
  const reverse = le !== hostLE;
  return function (offset = 0) {
    checkRead(this, offset, size);
    for (let k = 0; k < size; k++) bytes[reverse ? size - 1 - k : k] = this[offset + k];
    return scratch[0];
  };
}

function makeFloatWriter(scratch, bytes, size, le) {
  const reverse = le !== hostLE;
  return function (value, offset = 0) {
    value = +value;
    checkRead(this, offset, size);
    scratch[0] = value;
    for (let k = 0; k < size; k++) this[offset + k] = bytes[reverse ? size - 1 - k : k];
    return offset + size;
  };
}

// BigInt 64-bit.
function makeBigReader(signed, le) {
  return function (offset = 0) {
    checkRead(this, offset, 8);
    const a = readUIntGeneric(this, le ? offset : offset + 4, 4, le);
    const b = readUIntGeneric(this, le ? offset + 4 : offset, 4, le);
    // a = low word, b = high word
    const hi = signed ? b | 0 : b;
    return (BigInt(hi) << 32n) + BigInt(a);
  };
}

function makeBigWriter(signed, le) {
  const min = signed ? -(2n ** 63n) : 0n;
  const max = signed ? 2n ** 63n - 1n : 2n ** 64n - 1n;
  return function (value, offset = 0) {
    checkInt(value, min, max, this, offset, 8);
    const lo = Number(value & 0xffffffffn);
    const hi = Number((value >> 32n) & 0xffffffffn);
    writeIntBytes(this, lo, le ? offset : offset + 4, 4, le);
    writeIntBytes(this, hi, le ? offset + 4 : offset, 4, le);
    return offset + 8;
  };
}

const numericMethods = {
  readBigUInt64LE: makeBigReader(false, true),
  readBigUInt64BE: makeBigReader(false, false),
  readBigInt64LE: makeBigReader(true, true),
  readBigInt64BE: makeBigReader(true, false),
  writeBigUInt64LE: makeBigWriter(false, true),
  writeBigUInt64BE: makeBigWriter(false, false),
  writeBigInt64LE: makeBigWriter(true, true),
  writeBigInt64BE: makeBigWriter(true, false),
  readUIntLE: makeVarReader(uintLE, 'readUIntLE'),
  readUInt32LE: uintLE[4],
  readUInt16LE: uintLE[2],
  readUInt8: uintLE[1],
  readUIntBE: makeVarReader(uintBE, 'readUIntBE'),
  readUInt32BE: uintBE[4],
  readUInt16BE: uintBE[2],
  readIntLE: makeVarReader(intLE, 'readIntLE'),
  readInt32LE: intLE[4],
  readInt16LE: intLE[2],
  readInt8: intLE[1],
  readIntBE: makeVarReader(intBE, 'readIntBE'),
  readInt32BE: intBE[4],
  readInt16BE: intBE[2],
  writeUIntLE: makeVarWriter(wuintLE, 'writeUIntLE'),
  writeUInt32LE: wuintLE[4],
  writeUInt16LE: wuintLE[2],
  writeUInt8: wuintLE[1],
  writeUIntBE: makeVarWriter(wuintBE, 'writeUIntBE'),
  writeUInt32BE: wuintBE[4],
  writeUInt16BE: wuintBE[2],
  writeIntLE: makeVarWriter(wintLE, 'writeIntLE'),
  writeInt32LE: wintLE[4],
  writeInt16LE: wintLE[2],
  writeInt8: wintLE[1],
  writeIntBE: makeVarWriter(wintBE, 'writeIntBE'),
  writeInt32BE: wintBE[4],
  writeInt16BE: wintBE[2],
  readFloatLE: makeFloatReader(f32, f32b, 4, true),
  readFloatBE: makeFloatReader(f32, f32b, 4, false),
  readDoubleLE: makeFloatReader(f64, f64b, 8, true),
  readDoubleBE: makeFloatReader(f64, f64b, 8, false),
  writeFloatLE: makeFloatWriter(f32, f32b, 4, true),
  writeFloatBE: makeFloatWriter(f32, f32b, 4, false),
  writeDoubleLE: makeFloatWriter(f64, f64b, 8, true),
  writeDoubleBE: makeFloatWriter(f64, f64b, 8, false),
};

// Node's name of a method's function: its own, but readFloatLE is
// readFloatForwards on a little-endian host and readFloatBE
// readFloatBackwards (the same for Double and the writers).
function functionName(name) {
  if (!name.includes('Float') && !name.includes('Double')) return name;
  return name.slice(0, -2) + (name.endsWith('LE') === hostLE ? 'Forwards' : 'Backwards');
}

// Give each method Node's function name, then add the lower-case "Uint"
// aliases (readUint8 === readUInt8, ...).
for (const name of Object.keys(numericMethods)) {
  const fn = numericMethods[name];
  Object.defineProperty(fn, 'name', { value: functionName(name), configurable: true });
  Object.defineProperty(proto, name, {
    value: fn, writable: true, configurable: true, enumerable: false,
  });
  if (name.includes('UInt')) {
    Object.defineProperty(proto, name.replace('UInt', 'Uint'), {
      value: fn, writable: true, configurable: true, enumerable: false,
    });
  }
}

// ---------------------------------------------------------------------------
// Inspection: console.log(buf) -> <Buffer 68 65 6c 6c 6f>
// ---------------------------------------------------------------------------

let INSPECT_MAX_BYTES = 50;

function bufferInspect(recurseTimes, ctx) {
  const max = INSPECT_MAX_BYTES;
  const shown = Math.min(max, this.length);
  const remaining = this.length - max;
  const hex = hexSlice(this, 0, shown);
  let str = '';
  for (let i = 0; i < hex.length; i += 2) str += (i ? ' ' : '') + hex.slice(i, i + 2);
  if (remaining > 0) str += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`;
  if (ctx) {
    // Own non-index properties are shown too: <Buffer 61 62, foo: 1>
    const extraKeys = (ctx.showHidden ? Object.getOwnPropertyNames(this) : Object.keys(this))
      .filter((k) => !/^(0|[1-9][0-9]*)$/.test(k));
    const inspect = getInspect();
    if (extraKeys.length > 0 && inspect) {
      const obj = { __proto__: null };
      for (const k of extraKeys) obj[k] = this[k];
      if (this.length !== 0) str += ', ';
      str += inspect(obj, { ...ctx, breakLength: Infinity, compact: true }).slice(27, -2);
    }
  }
  return `<${this.constructor.name} ${str}>`;
}

const customInspect = Symbol.for('nodejs.util.inspect.custom');
defineMethods(proto, { [customInspect]: bufferInspect, inspect: bufferInspect });

// ---------------------------------------------------------------------------
// SlowBuffer, atob/btoa, isUtf8/isAscii
// ---------------------------------------------------------------------------

function SlowBuffer(size) {
  validateNumber(size, 'size', 0, kMaxLength);
  return new FastBuffer(size);
}
Object.setPrototypeOf(SlowBuffer.prototype, Uint8Array.prototype);
Object.setPrototypeOf(SlowBuffer, Uint8Array);

// DOMException: the runtime's global one when present, else a stand-in with
// the same name/message/code shape.
class FallbackDOMException extends Error {
  constructor(message = '', name = 'Error') {
    super(message);
    Object.defineProperty(this, 'name', { value: name, configurable: true, writable: true });
  }

  get code() {
    return { InvalidCharacterError: 5, SyntaxError: 12 }[this.name] || 0;
  }
}
Object.defineProperty(FallbackDOMException, 'name', { value: 'DOMException' });

let DOMExceptionCtor;
function domException(message, name) {
  if (DOMExceptionCtor === undefined) {
    try {
      DOMExceptionCtor = require('internal/dom_exception').DOMException;
    } catch {}
    if (typeof DOMExceptionCtor !== 'function') {
      DOMExceptionCtor = typeof globalThis.DOMException === 'function'
        ? globalThis.DOMException : FallbackDOMException;
    }
  }
  return new DOMExceptionCtor(message, name);
}

function btoa(input) {
  if (arguments.length === 0) throw ERR_MISSING_ARGS('input');
  input = `${input}`;
  for (let i = 0; i < input.length; i++) {
    if (input.charCodeAt(i) > 0xff) throw domException('Invalid character', 'InvalidCharacterError');
  }
  const bytes = new Uint8Array(input.length);
  jsLatin1Write(bytes, input, 0, bytes.length);
  return base64Slice(bytes, 0, bytes.length);
}

// WHATWG forgiving-base64 decode.
function atob(input) {
  if (arguments.length === 0) throw ERR_MISSING_ARGS('input');
  input = `${input}`;
  let significant = 0; // non-whitespace characters
  let equals = 0;
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d || c === 0x20) continue;
    significant++;
    if (c === 0x3d) {
      equals++;
      if (equals > 2) throw domException('Invalid character', 'InvalidCharacterError');
    } else if (c > 0x7f || b64Lookup[c] === 255 || c === 0x2d || c === 0x5f) {
      throw domException('Invalid character', 'InvalidCharacterError');
    } else if (equals) {
      throw domException('Invalid character', 'InvalidCharacterError'); // data after '='
    }
  }
  let rem = significant % 4;
  if (!rem) rem = (significant - equals) % 4;
  else if (equals) throw domException('Invalid character', 'InvalidCharacterError');
  if (rem === 1) {
    throw domException('The string to be decoded is not correctly encoded.', 'InvalidCharacterError');
  }
  const bytes = new Uint8Array(base64ByteLength(input));
  const n = base64Write(bytes, input, 0, bytes.length);
  return latin1Slice(bytes, 0, n);
}

// The bytes of isUtf8/isAscii's input; a detached buffer is Node's
// ERR_INVALID_STATE (a view over one cannot be made: V8's TypeError).
function viewBytes(input) {
  const view = isArrayBufferView(input) || isAnyArrayBuffer(input);
  if (!view) throw ERR_INVALID_ARG_TYPE('input', ['ArrayBuffer', 'Buffer', 'TypedArray'], input);
  try {
    return isAnyArrayBuffer(input) ? new Uint8Array(input) :
      new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  } catch (err) {
    if (err instanceof TypeError) {
      throw makeError(Error, 'ERR_INVALID_STATE', 'Cannot validate on a detached buffer');
    }
    throw err;
  }
}

function isUtf8(input) {
  const u8 = viewBytes(input);
  const end = u8.length;
  let i = 0;
  while (i < end) {
    const b = u8[i];
    if (b < 0x80) { i++; continue; }
    let need;
    let lower = 0x80;
    let upper = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lower = 0xa0; else if (b === 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lower = 0x90; else if (b === 0xf4) upper = 0x8f;
    } else return false;
    for (let k = 1; k <= need; k++) {
      const c = i + k < end ? u8[i + k] : -1;
      if (c < lower || c > upper) return false;
      lower = 0x80; upper = 0xbf;
    }
    i += need + 1;
  }
  return true;
}

function isAscii(input) {
  const u8 = viewBytes(input);
  for (let i = 0; i < u8.length; i++) if (u8[i] > 0x7f) return false;
  return true;
}

// transcode(source, fromEnc, toEnc) for the encodings Node supports here
// (utf8, utf16le/ucs2, latin1/binary, ascii), with ICU's substitutions:
// unrepresentable characters become '?', invalid ascii bytes U+FFFD.
function transcodeError(code, errno) {
  const err = new Error(`Unable to transcode Buffer [${code}]`);
  err.code = code;
  err.errno = errno;
  return err;
}

function transcode(source, fromEncoding, toEncoding) {
  if (!isUint8Array(source)) throw ERR_INVALID_ARG_TYPE('source', ['Buffer', 'Uint8Array'], source);
  if (source.length === 0) return Buffer.alloc(0);
  const from = normalizeEncoding(fromEncoding);
  const to = normalizeEncoding(toEncoding);
  const supported = ['utf8', 'utf16le', 'latin1', 'ascii'];
  if (!supported.includes(from) || !supported.includes(to)) {
    throw transcodeError('U_ILLEGAL_ARGUMENT_ERROR', 1);
  }
  // Decode to a string of code points first.
  let str;
  if (from === 'utf8') {
    if (to === 'utf16le' && !isUtf8(source)) throw transcodeError('U_INVALID_CHAR_FOUND', 10);
    str = utf8Slice(source, 0, source.length);
  } else if (from === 'utf16le') {
    str = ucs2Slice(source, 0, source.length);
    if (to === 'utf8' && /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(str)) {
      throw transcodeError('U_INVALID_CHAR_FOUND', 10);
    }
  } else if (from === 'latin1') {
    str = latin1Slice(source, 0, source.length);
  } else if (to === 'utf16le') { // ascii -> ucs2 widens bytes like latin1
    str = latin1Slice(source, 0, source.length);
  } else { // ascii: bytes above 0x7F are invalid
    str = latin1Slice(source, 0, source.length).replace(/[\x80-\xff]/g, '\ufffd');
  }
  if (to === 'latin1' || to === 'ascii') {
    const max = to === 'latin1' ? 0xff : 0x7f;
    let out = '';
    for (const ch of str) out += ch.codePointAt(0) <= max ? ch : '?';
    str = out;
  }
  return Buffer.from(str, to === 'ascii' ? 'latin1' : to);
}

// ---------------------------------------------------------------------------
// Module exports
// ---------------------------------------------------------------------------

const constants = { MAX_LENGTH: kMaxLength, MAX_STRING_LENGTH: kStringMaxLength };

module.exports = {
  Buffer,
  SlowBuffer,
  transcode,
  isUtf8,
  isAscii,
  kMaxLength,
  kStringMaxLength,
  btoa,
  atob,
};

Object.defineProperties(module.exports, {
  constants: { configurable: false, enumerable: true, value: constants },
  INSPECT_MAX_BYTES: {
    configurable: true,
    enumerable: true,
    get() { return INSPECT_MAX_BYTES; },
    set(val) {
      validateNumber(val, 'INSPECT_MAX_BYTES', 0);
      INSPECT_MAX_BYTES = val;
    },
  },
  // Blob/File come from the runtime's globals when someone provides them.
  Blob: { configurable: true, enumerable: true, get() { return require('internal/blob').Blob; } },
  // No blob: URL registry yet, so nothing ever resolves.
  resolveObjectURL: {
    configurable: true,
    enumerable: true,
    writable: true,
    value: function resolveObjectURL(url) {}, // eslint-disable-line no-unused-vars
  },
  File: { configurable: true, enumerable: true, get() { return require('internal/blob').File; } },
});

// Helpers shared with other js-lib modules (string_decoder, internal/encoding).
// Non-enumerable so that Object.keys(require('buffer')) matches Node.
Object.defineProperty(module.exports, Symbol.for('shoal.buffer.internals'), {
  enumerable: false,
  value: {
    FastBuffer,
    normalizeEncoding,
    makeError,
    ERR_INVALID_ARG_TYPE,
    ERR_UNKNOWN_ENCODING,
    ERR_OUT_OF_RANGE,
    isAnyArrayBuffer,
    isArrayBufferView,
    byteLengthUtf8,
    utf8Write,
    utf8Slice,
    latin1Slice,
    ucs2Slice,
    hexSlice,
    base64Slice,
    base64urlSlice,
  },
});
