'use strict';
// querystring: Node 20 compatible parse/stringify/escape/unescape.
const { makeError } = require('internal/errors');

// ---------------------------------------------------------------------------
// Errors.


// ---------------------------------------------------------------------------
// Percent-encoding.

// Characters left alone by escape(): A-Z a-z 0-9 - . _ ~ ! ' ( ) *
function isUnreserved(c) {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) ||
    c === 0x2d || c === 0x2e || c === 0x5f || c === 0x7e ||
    c === 0x21 || c === 0x27 || c === 0x28 || c === 0x29 || c === 0x2a;
}

const { utf8Decode } = require('internal/utf8');

const HEX = '0123456789ABCDEF';
function pct(byte) {
  return `%${HEX[byte >> 4]}${HEX[byte & 15]}`;
}

// UTF-8 percent-encode every char not in isUnreserved. Like Node, a surrogate
// code unit consumes the next code unit unconditionally (only its low 10
// bits are used); a surrogate at the very end throws ERR_INVALID_URI.
function escape(str) {
  if (typeof str !== 'string') {
    if (typeof str === 'object') str = String(str);
    else str += '';
  }
  let out = '';
  let lastPos = 0;
  for (let i = 0; i < str.length; i++) {
    let c = str.charCodeAt(i);
    if (c < 0x80 && isUnreserved(c)) continue;
    if (lastPos < i) out += str.slice(lastPos, i);
    if (c < 0x80) {
      out += pct(c);
    } else if (c < 0x800) {
      out += pct(0xc0 | (c >> 6)) + pct(0x80 | (c & 0x3f));
    } else if (c < 0xd800 || c >= 0xe000) {
      out += pct(0xe0 | (c >> 12)) + pct(0x80 | ((c >> 6) & 0x3f)) + pct(0x80 | (c & 0x3f));
    } else {
      ++i;
      if (i >= str.length) throw makeError(URIError, 'ERR_INVALID_URI', 'URI malformed');
      c = 0x10000 + (((c & 0x3ff) << 10) | (str.charCodeAt(i) & 0x3ff));
      out += pct(0xf0 | (c >> 18)) + pct(0x80 | ((c >> 12) & 0x3f)) +
        pct(0x80 | ((c >> 6) & 0x3f)) + pct(0x80 | (c & 0x3f));
    }
    lastPos = i + 1;
  }
  if (lastPos === 0) return str;
  if (lastPos < str.length) return out + str.slice(lastPos);
  return out;
}

function hexValue(c) {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

// Decode %XX escapes (and '+' when decodeSpaces) into raw bytes. Other code
// units are truncated to their low byte, as Node does.
function unescapeBytes(s, decodeSpaces) {
  const out = new Uint8Array(s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2b && decodeSpaces) {
      out[n++] = 0x20;
    } else if (c === 0x25 && i < s.length - 2) {
      const hi = hexValue(s.charCodeAt(i + 1));
      const lo = hexValue(s.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        out[n++] = hi * 16 + lo;
        i += 2;
      } else {
        out[n++] = 0x25;
      }
    } else {
      out[n++] = c & 0xff;
    }
  }
  return out.subarray(0, n);
}

function unescapeBuffer(s, decodeSpaces) {
  const { Buffer } = require('buffer');
  const bytes = unescapeBytes(String(s), decodeSpaces);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

function unescape(s, decodeSpaces) {
  try {
    return decodeURIComponent(s);
  } catch {
    return utf8Decode(unescapeBytes(String(s), decodeSpaces));
  }
}

// ---------------------------------------------------------------------------
// stringify.

function stringifyPrimitive(v) {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && isFinite(v)) return `${v}`;
  if (typeof v === 'bigint') return `${v}`;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return '';
}

// Default encoder path: skip escape() for values that never need it.
function encodeDefault(v, encode) {
  if (typeof v === 'string') return v.length ? encode(v) : '';
  if (typeof v === 'number' && isFinite(v)) {
    return Math.abs(v) < 1e21 ? `${v}` : encode(`${v}`);
  }
  if (typeof v === 'bigint') return `${v}`;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return '';
}

function encodeCustom(v, encode) {
  return encode(stringifyPrimitive(v));
}

function stringify(obj, sep, eq, options) {
  sep = sep || '&';
  eq = eq || '=';
  let encode = module.exports.escape;
  if (options && typeof options.encodeURIComponent === 'function') {
    encode = options.encodeURIComponent;
  }
  const convert = encode === escape ? encodeDefault : encodeCustom;

  if (obj === null || typeof obj !== 'object') return '';
  let fields = '';
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    const ks = convert(k, encode) + eq;
    if (Array.isArray(v)) {
      if (v.length === 0) continue;
      if (fields) fields += sep;
      for (let j = 0; j < v.length; ++j) {
        if (j) fields += sep;
        fields += ks + convert(v[j], encode);
      }
    } else {
      if (fields) fields += sep;
      fields += ks + convert(v, encode);
    }
  }
  return fields;
}

// ---------------------------------------------------------------------------
// parse.

// True if `s` contains a valid %XX escape.
function hasValidEscape(s) {
  for (let i = s.indexOf('%'); i !== -1 && i < s.length - 2; i = s.indexOf('%', i + 1)) {
    if (hexValue(s.charCodeAt(i + 1)) >= 0 && hexValue(s.charCodeAt(i + 2)) >= 0) return true;
  }
  return false;
}

function decodeComponent(s, decode) {
  try {
    return decode(s);
  } catch {
    return module.exports.unescape(s, true);
  }
}

function parse(qs, sep, eq, options) {
  const obj = { __proto__: null };
  if (typeof qs !== 'string' || qs.length === 0) return obj;

  const sepStr = !sep ? '&' : String(sep);
  const eqStr = !eq ? '=' : String(eq);
  const sepLen = sepStr.length;
  const eqLen = eqStr.length;

  // Number of pairs left before we stop; negative means unlimited.
  let pairsLeft = 1000;
  if (options && typeof options.maxKeys === 'number') {
    pairsLeft = options.maxKeys > 0 ? options.maxKeys : -1;
  }

  let decode = module.exports.unescape;
  if (options && typeof options.decodeURIComponent === 'function') {
    decode = options.decodeURIComponent;
  }
  const customDecode = decode !== unescape;
  // With a custom decoder '+' becomes '%20' so the decoder sees a space.
  const plusChar = customDecode ? '%20' : ' ';

  const addPair = (key, value) => {
    if (key.length > 0 && (customDecode || hasValidEscape(key))) key = decodeComponent(key, decode);
    if (value.length > 0 && (customDecode || hasValidEscape(value))) value = decodeComponent(value, decode);
    const current = obj[key];
    if (current === undefined) obj[key] = value;
    else if (Array.isArray(current)) current.push(value);
    else obj[key] = [current, value];
  };

  // Streaming scan. Separators are matched greedily left to right without
  // backtracking (a failed partial match is simply kept as text).
  let key = '';
  let value = '';
  let lastPos = 0; // start of text not yet copied into key/value
  let sepIdx = 0; // chars of `sep` matched so far
  let eqIdx = 0; // chars of `eq` matched so far; === eqLen once in the value

  for (let i = 0; i < qs.length; ++i) {
    const ch = qs[i];

    if (ch === sepStr[sepIdx]) {
      if (++sepIdx !== sepLen) continue;
      // A complete separator ends the current pair.
      const end = i - sepLen + 1;
      if (eqIdx < eqLen) {
        if (lastPos < end) {
          key += qs.slice(lastPos, end);
        } else if (key.length === 0) {
          // Empty pair ("&&"): skipped, but counts towards maxKeys.
          if (--pairsLeft === 0) return obj;
          lastPos = i + 1;
          sepIdx = eqIdx = 0;
          continue;
        }
      } else if (lastPos < end) {
        value += qs.slice(lastPos, end);
      }
      addPair(key, value);
      if (--pairsLeft === 0) return obj;
      key = value = '';
      lastPos = i + 1;
      sepIdx = eqIdx = 0;
      continue;
    }
    sepIdx = 0;

    if (eqIdx < eqLen) {
      // Still reading the key.
      if (ch === eqStr[eqIdx]) {
        if (++eqIdx === eqLen) {
          const end = i - eqLen + 1;
          if (lastPos < end) key += qs.slice(lastPos, end);
          lastPos = i + 1;
        }
        continue;
      }
      eqIdx = 0;
      if (ch === '+') {
        if (lastPos < i) key += qs.slice(lastPos, i);
        key += plusChar;
        lastPos = i + 1;
      }
      continue;
    }

    if (ch === '+') {
      if (lastPos < i) value += qs.slice(lastPos, i);
      value += plusChar;
      lastPos = i + 1;
    }
  }

  // Leftover text after the last separator.
  if (lastPos < qs.length) {
    if (eqIdx < eqLen) key += qs.slice(lastPos);
    else value += qs.slice(lastPos);
  } else if (eqIdx === 0 && key.length === 0) {
    return obj;
  }
  addPair(key, value);
  return obj;
}

module.exports = {
  unescapeBuffer,
  unescape,
  escape,
  stringify,
  encode: stringify,
  parse,
  decode: parse,
};
