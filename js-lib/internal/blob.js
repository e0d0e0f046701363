'use strict';
// Blob and File (the Web API, as in Node's buffer module): immutable bytes
// with a MIME type; parts may be strings (UTF-8), ArrayBuffers, views or
// other Blobs.

const { codes } = require('internal/errors');

const kBytes = Symbol('bytes');

function toBytes(part) {
  if (typeof part === 'string') return new TextEncoder().encode(part);
  if (part instanceof Blob) return part[kBytes];
  if (part instanceof ArrayBuffer) return new Uint8Array(part.slice(0));
  if (ArrayBuffer.isView(part)) {
    return new Uint8Array(part.buffer.slice(part.byteOffset, part.byteOffset + part.byteLength));
  }
  return new TextEncoder().encode(String(part));
}

function normalizeType(type) {
  type = `${type === undefined ? '' : type}`;
  return /[^\u0020-\u007E]/.test(type) ? '' : type.toLowerCase();
}

class Blob {
  constructor(sources = [], options = {}) {
    if (sources === null || typeof sources !== 'object' ||
        typeof sources[Symbol.iterator] !== 'function') {
      throw new codes.ERR_INVALID_ARG_TYPE('sources', 'a sequence', sources);
    }
    const parts = [];
    let size = 0;
    for (const s of sources) {
      const b = toBytes(s);
      parts.push(b);
      size += b.length;
    }
    const bytes = new Uint8Array(size);
    let off = 0;
    for (const p of parts) {
      bytes.set(p, off);
      off += p.length;
    }
    this[kBytes] = bytes;
    this._type = normalizeType(options && options.type);
  }

  get size() { return this[kBytes].length; }
  get type() { return this._type; }

  slice(start = 0, end = this.size, type = '') {
    const size = this.size;
    const rel = (v) => (v < 0 ? Math.max(size + v, 0) : Math.min(v, size));
    const s = rel(Math.trunc(start) || 0);
    const e = rel(Math.trunc(end) || 0);
    const out = new Blob([], { type });
    out[kBytes] = this[kBytes].slice(s, Math.max(s, e));
    return out;
  }

  text() {
    return Promise.resolve(new TextDecoder().decode(this[kBytes]));
  }

  arrayBuffer() {
    const b = this[kBytes];
    return Promise.resolve(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  }

  stream() {
    const bytes = this[kBytes];
    const { ReadableStream } = require('internal/webstreams');
    return new ReadableStream({
      type: 'bytes',
      pull(controller) {
        if (bytes.length) controller.enqueue(bytes.slice());
        controller.close();
      },
    });
  }

  get [Symbol.toStringTag]() { return 'Blob'; }

  [Symbol.for('nodejs.util.inspect.custom')](depth, options, inspect) {
    return `Blob { size: ${this.size}, type: ${inspect(this.type, options)} }`;
  }
}

class File extends Blob {
  constructor(bits, name, options = {}) {
    super(bits, options);
    this._name = `${name}`;
    this._lastModified = options.lastModified !== undefined ? Number(options.lastModified) :
      Date.now();
  }

  get name() { return this._name; }
  get lastModified() { return this._lastModified; }
  get [Symbol.toStringTag]() { return 'File'; }

  [Symbol.for('nodejs.util.inspect.custom')](depth, options, inspect) {
    if (depth < 0) return '[File]';
    return `File ${inspect({
      size: this.size, type: this.type, name: this.name, lastModified: this.lastModified,
    }, Object.assign({}, options, { depth: options.depth === null ? null : options.depth - 1 }))}`;
  }
}

module.exports = { Blob, File };
