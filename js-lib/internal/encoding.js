'use strict';

// WHATWG Encoding API: TextEncoder and TextDecoder (Node 20 behaviour).
//
// TextDecoder supports utf-8, utf-16le, utf-16be and windows-1252 (with all
// their WHATWG labels: 'latin1', 'ascii', 'iso-8859-1', ... are windows-1252).
// Codec work is delegated to the Buffer helpers of js-lib/buffer.js, which
// use the native internalBinding('buffer') fast paths when present.

const bufferModule = require('buffer');
const {
  makeError,
  ERR_INVALID_ARG_TYPE,
  byteLengthUtf8,
  utf8Write,
  utf8Slice,
  latin1Slice,
  isAnyArrayBuffer,
  isArrayBufferView,
} = bufferModule[Symbol.for('shoal.buffer.internals')];

const customInspect = Symbol.for('nodejs.util.inspect.custom');
const isUint8Array = (v) => ArrayBuffer.isView(v) && Object.prototype.toString.call(v) === '[object Uint8Array]';

function ERR_ENCODING_NOT_SUPPORTED(label) {
  return makeError(RangeError, 'ERR_ENCODING_NOT_SUPPORTED', `The "${label}" encoding is not supported`);
}

function ERR_ENCODING_INVALID_ENCODED_DATA(encoding) {
  return makeError(TypeError, 'ERR_ENCODING_INVALID_ENCODED_DATA',
    `The encoded data was not valid for encoding ${encoding}`);
}

function ERR_INVALID_THIS(type) {
  return makeError(TypeError, 'ERR_INVALID_THIS', `Value of "this" must be of type ${type}`);
}

// ---------------------------------------------------------------------------
// TextEncoder
// ---------------------------------------------------------------------------

class TextEncoder {
  get encoding() {
    return 'utf-8';
  }

  encode(input = '') {
    input = `${input}`;
    const out = new Uint8Array(byteLengthUtf8(input));
    if (out.length > 0) utf8Write(out, input, 0, out.length);
    return out;
  }

  encodeInto(src, dest) {
    if (typeof src !== 'string') throw ERR_INVALID_ARG_TYPE('src', 'string', src);
    if (!isUint8Array(dest)) throw ERR_INVALID_ARG_TYPE('dest', 'Uint8Array', dest);
    const written = dest.length > 0 ? utf8Write(dest, src, 0, dest.length) : 0;
    // Count the UTF-16 code units consumed by `written` bytes.
    let read = 0;
    let bytes = 0;
    while (read < src.length && bytes < written) {
      const c = src.charCodeAt(read);
      if (c < 0x80) bytes += 1;
      else if (c < 0x800) bytes += 2;
      else if (c >= 0xd800 && c <= 0xdbff && read + 1 < src.length) {
        const d = src.charCodeAt(read + 1);
        if (d >= 0xdc00 && d <= 0xdfff) { bytes += 4; read += 2; continue; }
        bytes += 3;
      } else bytes += 3;
      read++;
    }
    return { read, written };
  }

  [customInspect](depth, options) {
    // Node 20 prints this as "{ encoding: 'utf-8' }".
    const obj = { encoding: this.encoding };
    try {
      return require('util').inspect(obj, options);
    } catch {
      return "{ encoding: 'utf-8' }";
    }
  }
}

Object.defineProperty(TextEncoder.prototype, Symbol.toStringTag, {
  value: 'TextEncoder', configurable: true,
});
for (const key of ['encode', 'encodeInto', 'encoding']) {
  Object.defineProperty(TextEncoder.prototype, key, { enumerable: true });
}

// ---------------------------------------------------------------------------
// TextDecoder
// ---------------------------------------------------------------------------

const kLabels = {
  'utf-8': ['unicode-1-1-utf-8', 'unicode11utf8', 'unicode20utf8', 'utf-8', 'utf8',
    'x-unicode20utf8'],
  'utf-16le': ['csunicode', 'iso-10646-ucs-2', 'ucs-2', 'unicode', 'unicodefeff', 'utf-16',
    'utf-16le'],
  'utf-16be': ['unicodefffe', 'utf-16be'],
  'windows-1252': ['ansi_x3.4-1968', 'ascii', 'cp1252', 'cp819', 'csisolatin1', 'ibm819',
    'iso-8859-1', 'iso-ir-100', 'iso8859-1', 'iso88591', 'iso_8859-1', 'iso_8859-1:1987', 'l1',
    'latin1', 'us-ascii', 'windows-1252', 'x-cp1252'],
};
const labelToEncoding = new Map();
for (const enc of Object.keys(kLabels)) {
  for (const label of kLabels[enc]) labelToEncoding.set(label, enc);
}

function getEncodingFromLabel(label) {
  // Strip ASCII whitespace, compare case-insensitively.
  const key = `${label}`.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '').toLowerCase();
  return labelToEncoding.get(key);
}

// Length of a trailing, still-incomplete (but so far valid) UTF-8 sequence.
function incompleteUtf8Tail(u8, end) {
  const limit = Math.min(3, end);
  for (let k = 1; k <= limit; k++) {
    const b = u8[end - k];
    if ((b & 0xc0) === 0x80) continue; // continuation byte, keep looking for the lead
    let need = 0;
    if (b >= 0xc2 && b <= 0xdf) need = 2;
    else if (b >= 0xe0 && b <= 0xef) need = 3;
    else if (b >= 0xf0 && b <= 0xf4) need = 4;
    if (need <= k) return 0;
    if (k >= 2) {
      const c = u8[end - k + 1];
      let lo = 0x80;
      let hi = 0xbf;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
      else if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
      if (c < lo || c > hi) return 0;
    }
    return k;
  }
  return 0;
}

// True when bytes [0, end) contain an invalid UTF-8 sequence.
function hasInvalidUtf8(u8, end) {
  let i = 0;
  while (i < end) {
    const b = u8[i];
    if (b < 0x80) { i++; continue; }
    let need;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0; else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90; else if (b === 0xf4) hi = 0x8f;
    } else return true;
    for (let k = 1; k <= need; k++) {
      const c = i + k < end ? u8[i + k] : -1;
      if (c < lo || c > hi) return true;
      lo = 0x80; hi = 0xbf;
    }
    i += need + 1;
  }
  return false;
}

// Decode UTF-16 (little or big endian) code units, replacing unpaired
// surrogates. Returns [string, hadError].
function decodeUtf16(u8, start, end, bigEndian) {
  let out = '';
  let error = false;
  const units = [];
  for (let i = start; i + 1 < end; i += 2) {
    units.push(bigEndian ? (u8[i] << 8) | u8[i + 1] : u8[i] | (u8[i + 1] << 8));
  }
  const n = units.length;
  let chunk = [];
  for (let i = 0; i < n; i++) {
    const c = units[i];
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = i + 1 < n ? units[i + 1] : -1;
      if (d >= 0xdc00 && d <= 0xdfff) { chunk.push(c, d); i++; } else { chunk.push(0xfffd); error = true; }
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      chunk.push(0xfffd); error = true;
    } else {
      chunk.push(c);
    }
    if (chunk.length >= 8192) { out += String.fromCharCode.apply(null, chunk); chunk = []; }
  }
  out += String.fromCharCode.apply(null, chunk);
  return [out, error];
}

const kEmpty = new Uint8Array(0);

// windows-1252 bytes 0x80..0x9F (the rest of the code page is latin1).
const kWin1252High = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
  0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
  0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
  0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
];

function decodeWindows1252(u8, end) {
  let hasHigh = false;
  for (let i = 0; i < end; i++) {
    if (u8[i] >= 0x80 && u8[i] <= 0x9f) { hasHigh = true; break; }
  }
  if (!hasHigh) return latin1Slice(u8, 0, end);
  let out = '';
  for (let i = 0; i < end; i += 8192) {
    const stop = Math.min(end, i + 8192);
    const units = new Array(stop - i);
    for (let j = i; j < stop; j++) {
      const b = u8[j];
      units[j - i] = b >= 0x80 && b <= 0x9f ? kWin1252High[b - 0x80] : b;
    }
    out += String.fromCharCode.apply(null, units);
  }
  return out;
}

class TextDecoder {
  #encoding;
  #fatal;
  #ignoreBOM;
  #pending = kEmpty; // bytes of an incomplete character kept between stream calls
  #bomSeen = false;
  #usesConverter = false; // see the windows-1252 quirk in decode()

  constructor(encoding = 'utf-8', options = {}) {
    const enc = getEncodingFromLabel(encoding);
    if (enc === undefined) throw ERR_ENCODING_NOT_SUPPORTED(`${encoding}`);
    if (options !== null && typeof options !== 'object' && typeof options !== 'function') {
      throw ERR_INVALID_ARG_TYPE('options', 'object', options);
    }
    this.#encoding = enc;
    this.#fatal = Boolean(options && options.fatal);
    this.#ignoreBOM = Boolean(options && options.ignoreBOM);
  }

  static #check(self) {
    if (self === null || typeof self !== 'object' || !(#encoding in self)) {
      throw ERR_INVALID_THIS('TextDecoder');
    }
  }

  decode(input = kEmpty, options = {}) {
    TextDecoder.#check(this);
    let bytes;
    if (isAnyArrayBuffer(input)) bytes = new Uint8Array(input);
    else if (isArrayBufferView(input)) bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    else {
      throw makeError(TypeError, 'ERR_INVALID_ARG_TYPE',
        'The "list" argument must be an instance of SharedArrayBuffer, ArrayBuffer or ArrayBufferView.');
    }
    const stream = Boolean(options && options.stream);

    // Prepend bytes left over from the previous streaming call.
    if (this.#pending.length > 0) {
      const joined = new Uint8Array(this.#pending.length + bytes.length);
      joined.set(this.#pending, 0);
      joined.set(bytes, this.#pending.length);
      bytes = joined;
    }
    let end = bytes.length;
    let out;
    try {
      if (this.#encoding === 'utf-8') {
        if (stream) end -= incompleteUtf8Tail(bytes, end);
        if (this.#fatal && hasInvalidUtf8(bytes, end)) {
          throw ERR_ENCODING_INVALID_ENCODED_DATA(this.#encoding);
        }
        out = utf8Slice(bytes, 0, end);
      } else if (this.#encoding === 'windows-1252') {
        // Node 20 quirk: windows-1252 is decoded as plain latin1 until the
        // first streaming call switches the decoder to its real converter.
        if (stream) this.#usesConverter = true;
        out = this.#usesConverter ? decodeWindows1252(bytes, end) : latin1Slice(bytes, 0, end);
      } else {
        const bigEndian = this.#encoding === 'utf-16be';
        if (stream) {
          end -= end & 1; // keep an odd trailing byte
          if (end >= 2) { // keep a trailing lead surrogate
            const last = bigEndian ? (bytes[end - 2] << 8) | bytes[end - 1]
              : bytes[end - 2] | (bytes[end - 1] << 8);
            if (last >= 0xd800 && last <= 0xdbff) end -= 2;
          }
        }
        let error;
        [out, error] = decodeUtf16(bytes, 0, end, bigEndian);
        if (!stream && (end & 1)) { // odd trailing byte at the end of the stream
          if (!endsWithLoneLead(bytes, end, bigEndian)) out += '\ufffd';
          error = true;
        }
        if (this.#fatal && error) throw ERR_ENCODING_INVALID_ENCODED_DATA(this.#encoding);
      }
    } catch (err) {
      this.#reset();
      throw err;
    }

    this.#pending = end < bytes.length ? bytes.slice(end) : kEmpty;
    if (!this.#ignoreBOM && !this.#bomSeen && out.length > 0) {
      if (out.charCodeAt(0) === 0xfeff) out = out.slice(1);
      this.#bomSeen = true;
    }
    if (!stream) this.#reset();
    return out;
  }

  get encoding() {
    TextDecoder.#check(this);
    return this.#encoding;
  }

  get fatal() {
    TextDecoder.#check(this);
    return this.#fatal;
  }

  get ignoreBOM() {
    TextDecoder.#check(this);
    return this.#ignoreBOM;
  }

  #reset() {
    this.#pending = kEmpty;
    this.#bomSeen = false;
  }

  [customInspect](depth, options) {
    const obj = new InspectShape();
    obj.encoding = this.#encoding;
    obj.fatal = this.#fatal;
    obj.ignoreBOM = this.#ignoreBOM;
    try {
      return require('util').inspect(obj, options);
    } catch {
      return `TextDecoder { encoding: '${obj.encoding}', fatal: ${obj.fatal}, ignoreBOM: ${obj.ignoreBOM} }`;
    }
  }
}

// Plain object shape used to print "TextDecoder { encoding: ..., ... }".
const InspectShape = class TextDecoder {};

// A lead surrogate immediately before the odd trailing byte: WHATWG emits a
// single U+FFFD for the pair (lead surrogate + lone byte) at end of stream.
function endsWithLoneLead(bytes, end, bigEndian) {
  const e = end - 1;
  if (e < 2) return false;
  const last = bigEndian ? (bytes[e - 2] << 8) | bytes[e - 1] : bytes[e - 2] | (bytes[e - 1] << 8);
  return last >= 0xd800 && last <= 0xdbff;
}

Object.defineProperty(TextDecoder.prototype, Symbol.toStringTag, {
  value: 'TextDecoder', configurable: true,
});
for (const key of ['decode', 'encoding', 'fatal', 'ignoreBOM']) {
  Object.defineProperty(TextDecoder.prototype, key, { enumerable: true });
}

module.exports = { TextEncoder, TextDecoder, getEncodingFromLabel };
