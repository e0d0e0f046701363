'use strict';

// Built-in module 'string_decoder': StringDecoder turns a stream of byte
// chunks into strings, holding back characters split across chunks.
//
// The state lives in a 7-byte Buffer laid out like Node's native decoder
// (so that util.inspect output and lastChar/lastNeed/lastTotal match):
//   [0..4)  bytes of the incomplete character
//   [4]     number of bytes still missing
//   [5]     number of bytes buffered
//   [6]     encoding id

const { Buffer, [Symbol.for('shoal.buffer.internals')]: internals } = require('buffer');
const { makeError, ERR_INVALID_ARG_TYPE, ERR_UNKNOWN_ENCODING, utf8Slice, ucs2Slice,
  latin1Slice, hexSlice, base64Slice, base64urlSlice } = internals;

const kIncompleteEnd = 4;
const kMissingBytes = 4;
const kBufferedBytes = 5;
const kEncodingField = 6;
const kSize = 7;

const encodingIds = {
  ascii: 0, utf8: 1, base64: 2, utf16le: 3, latin1: 4, hex: 5, base64url: 7,
};

const kNativeDecoder = Symbol('kNativeDecoder');

// Name normalisation as in Node: undefined/null/'' mean utf8.
function normalizeEncoding(enc) {
  const name = internals.normalizeEncoding(enc);
  if (name === undefined) {
    if (Buffer.isEncoding === originalIsEncoding || !Buffer.isEncoding(enc)) {
      throw ERR_UNKNOWN_ENCODING(enc);
    }
    return enc;
  }
  return name;
}
const originalIsEncoding = Buffer.isEncoding;

function asciiSlice(u8, start, end) {
  let out = '';
  for (let i = start; i < end; i++) out += String.fromCharCode(u8[i] & 0x7f);
  return out;
}

// Decode complete data in the given encoding.
function makeString(encoding, u8, start, end) {
  if (end <= start) return '';
  switch (encoding) {
    case 'utf8': return utf8Slice(u8, start, end);
    case 'utf16le': return ucs2Slice(u8, start, end);
    case 'latin1': return latin1Slice(u8, start, end);
    case 'hex': return hexSlice(u8, start, end);
    case 'base64': return base64Slice(u8, start, end);
    case 'base64url': return base64urlSlice(u8, start, end);
    case 'ascii': return asciiSlice(u8, start, end);
    default: return utf8Slice(u8, start, end);
  }
}

// Decode one chunk, updating the state buffer `st`.
function decodeChunk(encoding, st, data) {
  let pos = 0;
  let nread = data.length;
  if (encoding !== 'utf8' && encoding !== 'utf16le' &&
      encoding !== 'base64' && encoding !== 'base64url') {
    return makeString(encoding, data, 0, nread); // stateless encodings
  }

  let prepend = '';
  if (st[kMissingBytes] > 0) {
    if (encoding === 'utf8') {
      // A non-continuation byte ends the incomplete character early; the
      // partial character is then decoded (to U+FFFD) on its own.
      for (let i = 0; i < nread && i < st[kMissingBytes]; i++) {
        if ((data[i] & 0xc0) !== 0x80) {
          st[kMissingBytes] = 0;
          st.set(data.subarray(0, i), st[kBufferedBytes]);
          st[kBufferedBytes] += i;
          pos += i;
          nread -= i;
          break;
        }
      }
    }
    const found = Math.min(nread, st[kMissingBytes]);
    st.set(data.subarray(pos, pos + found), st[kBufferedBytes]);
    pos += found;
    nread -= found;
    st[kMissingBytes] -= found;
    st[kBufferedBytes] += found;
    if (st[kMissingBytes] === 0) {
      prepend = makeString(encoding, st, 0, st[kBufferedBytes]);
      st[kBufferedBytes] = 0;
    }
  }

  if (nread === 0) return prepend;

  // Work out whether the chunk ends in a character that must be held back.
  const end = pos + nread;
  if (encoding === 'utf8') {
    if (data[end - 1] & 0x80) {
      let buffered = 0;
      for (let i = end - 1; ; i--) {
        buffered++;
        const b = data[i];
        if ((b & 0xc0) === 0x80) { // continuation byte
          if (buffered >= 4 || i === pos) { buffered = 0; break; }
          continue;
        }
        let total;
        if ((b & 0xe0) === 0xc0) total = 2;
        else if ((b & 0xf0) === 0xe0) total = 3;
        else if ((b & 0xf8) === 0xf0) total = 4;
        else { buffered = 0; break; }
        if (buffered >= total) { buffered = 0; break; } // complete (or invalid anyway)
        st[kMissingBytes] = total - buffered;
        break;
      }
      st[kBufferedBytes] = buffered;
    }
  } else if (encoding === 'utf16le') {
    if (nread % 2 === 1) {
      st[kBufferedBytes] = 1;
      st[kMissingBytes] = 1;
    } else if ((data[end - 1] & 0xfc) === 0xd8) { // lead surrogate
      st[kBufferedBytes] = 2;
      st[kMissingBytes] = 2;
    }
  } else { // base64, base64url: encode whole 3-byte groups only
    st[kBufferedBytes] = nread % 3;
    if (st[kBufferedBytes] > 0) st[kMissingBytes] = 3 - st[kBufferedBytes];
  }

  let bodyEnd = end;
  if (st[kBufferedBytes] > 0) {
    bodyEnd -= st[kBufferedBytes];
    st.set(data.subarray(bodyEnd, end), 0);
  }
  return prepend + makeString(encoding, data, pos, bodyEnd);
}

function flushState(encoding, st) {
  if (encoding === 'utf16le' && st[kBufferedBytes] % 2 === 1) {
    // A single trailing byte is dropped.
    st[kMissingBytes]--;
    st[kBufferedBytes]--;
  }
  if (st[kBufferedBytes] === 0) return '';
  const ret = makeString(encoding, st, 0, st[kBufferedBytes]);
  st[kMissingBytes] = 0;
  st[kBufferedBytes] = 0;
  return ret;
}

function ERR_INVALID_THIS(type) {
  return makeError(TypeError, 'ERR_INVALID_THIS', `Value of "this" must be of type ${type}`);
}

function StringDecoder(encoding) {
  this.encoding = normalizeEncoding(encoding);
  const st = Buffer.alloc(kSize);
  st[kEncodingField] = encodingIds[this.encoding] !== undefined ? encodingIds[this.encoding] : 1;
  this[kNativeDecoder] = st;
}

StringDecoder.prototype.write = function write(buf) {
  if (typeof buf === 'string') return buf;
  if (!ArrayBuffer.isView(buf)) {
    throw ERR_INVALID_ARG_TYPE('buf', ['Buffer', 'TypedArray', 'DataView'], buf);
  }
  if (!this[kNativeDecoder]) throw ERR_INVALID_THIS('StringDecoder');
  const bytes = buf instanceof Uint8Array ? buf : new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  return decodeChunk(this.encoding, this[kNativeDecoder], bytes);
};

StringDecoder.prototype.end = function end(buf) {
  let ret = '';
  if (buf !== undefined) ret = this.write(buf);
  if (this[kNativeDecoder][kBufferedBytes] > 0) ret += flushState(this.encoding, this[kNativeDecoder]);
  return ret;
};

// Legacy: decode buf from `offset`, discarding any held-back bytes.
StringDecoder.prototype.text = function text(buf, offset) {
  this[kNativeDecoder][kMissingBytes] = 0;
  this[kNativeDecoder][kBufferedBytes] = 0;
  return this.write(buf.slice(offset));
};

Object.defineProperties(StringDecoder.prototype, {
  lastChar: {
    configurable: true,
    enumerable: true,
    get() { return this[kNativeDecoder].subarray(0, kIncompleteEnd); },
  },
  lastNeed: {
    configurable: true,
    enumerable: true,
    get() { return this[kNativeDecoder][kMissingBytes]; },
  },
  lastTotal: {
    configurable: true,
    enumerable: true,
    get() { return this[kNativeDecoder][kBufferedBytes] + this[kNativeDecoder][kMissingBytes]; },
  },
});

module.exports = { StringDecoder };
