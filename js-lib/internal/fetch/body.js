'use strict';
// internal/fetch/body: the Fetch standard's body handling shared by Request
// and Response: extracting a body from a BodyInit (string, buffer source,
// Blob, URLSearchParams, FormData, ReadableStream), the body mixin methods
// (text, json, arrayBuffer, bytes, blob, formData, body, bodyUsed) and
// cloning. Messages follow undici (Node 20).

const {
  ReadableStream, isDisturbed,
} = require('internal/webstreams');
const { Blob, File } = require('internal/blob');
const { TextEncoder, TextDecoder } = require('internal/encoding');

const kState = Symbol('fetch state');

function lazyURLSearchParams() { return require('internal/url').URLSearchParams; }
function lazyFormData() { return require('internal/fetch/formdata').FormData; }

const encoder = new TextEncoder();

function bytesStream(bytes) {
  return new ReadableStream({
    type: 'bytes',
    pull(controller) {
      if (bytes.byteLength) controller.enqueue(new Uint8Array(bytes));
      controller.close();
    },
  });
}

function escapeName(s) {
  return s.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');
}

function normalizeLinefeeds(s) {
  return s.replace(/\r?\n|\r/g, '\r\n');
}

function multipartBody(formData) {
  const boundary = `----formdata-undici-0${`${Math.random()}`.slice(2, 13).padStart(11, '0')}`;
  const prefix = `--${boundary}\r\nContent-Disposition: form-data`;
  const parts = [];
  let length = 0;
  for (const [name, value] of formData) {
    if (typeof value === 'string') {
      const chunk = encoder.encode(`${prefix}; name="${escapeName(normalizeLinefeeds(name))}"` +
                                   `\r\n\r\n${normalizeLinefeeds(value)}\r\n`);
      parts.push(chunk);
      length += chunk.byteLength;
    } else {
      const head = encoder.encode(`${prefix}; name="${escapeName(normalizeLinefeeds(name))}"` +
                                  (value.name ? `; filename="${escapeName(value.name)}"` : '') +
                                  `\r\nContent-Type: ${value.type || 'application/octet-stream'}\r\n\r\n`);
      parts.push(head, value, encoder.encode('\r\n'));
      length += head.byteLength + value.size + 2;
    }
  }
  const tail = encoder.encode(`--${boundary}--\r\n`);
  parts.push(tail);
  length += tail.byteLength;
  let i = 0;
  const stream = new ReadableStream({
    type: 'bytes',
    async pull(controller) {
      if (i >= parts.length) {
        controller.close();
        return;
      }
      const p = parts[i++];
      const bytes = p instanceof Uint8Array ? p : new Uint8Array(await p.arrayBuffer());
      if (bytes.byteLength) controller.enqueue(bytes);
      if (i >= parts.length) controller.close();
    },
  });
  return { stream, source: formData, length, type: `multipart/form-data; boundary=${boundary}` };
}

// BodyInit -> { stream, source, length, type }.
function extractBody(object) {
  const URLSearchParams = lazyURLSearchParams();
  const FormData = lazyFormData();
  if (object instanceof ReadableStream) {
    if (isDisturbed(object) || object.locked) {
      throw new TypeError('Response body object should not be disturbed or locked');
    }
    return { stream: object, source: null, length: null, type: null };
  }
  if (typeof object === 'string') {
    const bytes = encoder.encode(object);
    return { stream: bytesStream(bytes), source: object, length: bytes.byteLength,
             type: 'text/plain;charset=UTF-8' };
  }
  if (object instanceof URLSearchParams) {
    const bytes = encoder.encode(object.toString());
    return { stream: bytesStream(bytes), source: object, length: bytes.byteLength,
             type: 'application/x-www-form-urlencoded;charset=UTF-8' };
  }
  if (object instanceof ArrayBuffer ||
      (typeof SharedArrayBuffer === 'function' && object instanceof SharedArrayBuffer)) {
    const bytes = new Uint8Array(object.slice(0));
    return { stream: bytesStream(bytes), source: bytes, length: bytes.byteLength, type: null };
  }
  if (ArrayBuffer.isView(object)) {
    const bytes = new Uint8Array(object.buffer.slice(object.byteOffset,
                                                     object.byteOffset + object.byteLength));
    return { stream: bytesStream(bytes), source: bytes, length: bytes.byteLength, type: null };
  }
  if (object instanceof Blob) {
    return { stream: object.stream(), source: object, length: object.size,
             type: object.type || null };
  }
  if (object instanceof FormData) return multipartBody(object);
  if (object !== null && typeof object === 'object' && typeof object[Symbol.asyncIterator] === 'function') {
    const it = object[Symbol.asyncIterator]();
    const stream = new ReadableStream({
      async pull(controller) {
        const { value, done } = await it.next();
        if (done) {
          controller.close();
        } else if (value instanceof Uint8Array) {
          controller.enqueue(new Uint8Array(value));
        } else {
          controller.enqueue(typeof value === 'string' ? encoder.encode(value) : value);
        }
      },
      async cancel(reason) {
        if (typeof it.return === 'function') await it.return(reason);
      },
    });
    return { stream, source: null, length: null, type: null };
  }
  const bytes = encoder.encode(`${object}`);
  return { stream: bytesStream(bytes), source: `${object}`, length: bytes.byteLength,
           type: 'text/plain;charset=UTF-8' };
}

function bodyUsed(body) {
  return body !== null && isDisturbed(body.stream);
}

function bodyUnusable(body) {
  return body !== null && (isDisturbed(body.stream) || body.stream.locked);
}

async function readAllBytes(stream) {
  const reader = stream.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    if (!(value instanceof Uint8Array)) {
      throw new TypeError('Received non-Uint8Array chunk');
    }
    chunks.push(value);
    total += value.byteLength;
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
  }
  return out;
}

function consume(object) {
  const state = object[kState];
  const body = state.body;
  if (bodyUnusable(body)) {
    return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
  }
  if (body === null) return Promise.resolve(new Uint8Array(0));
  return readAllBytes(body.stream);
}

function toArrayBuffer(bytes) {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return bytes.buffer;
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

function utf8Decode(bytes) {
  return new TextDecoder().decode(bytes);
}

// The MIME type of a body, serialised the way undici does it.
function mimeTypeOf(object) {
  const ct = object[kState].headersList.get('content-type');
  if (ct === null) return '';
  const parts = ct.split(';').map((p) => p.trim());
  const essence = parts[0].toLowerCase();
  if (!/^[!#$%&'*+\-.^_`|~0-9a-z]+\/[!#$%&'*+\-.^_`|~0-9a-z]+$/.test(essence)) return '';
  const params = [];
  for (const p of parts.slice(1)) {
    const eq = p.indexOf('=');
    if (eq <= 0) continue;
    const name = p.slice(0, eq).trim().toLowerCase();
    let value = p.slice(eq + 1).trim();
    if (value.startsWith('"')) value = value.replace(/^"|"$/g, '');
    if (name === 'charset') value = value.toLowerCase();
    if (!params.some((x) => x[0] === name)) params.push([name, value]);
  }
  return essence + params.map(([n, v]) => `;${n}=${/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(v) ? v : JSON.stringify(v)}`).join('');
}

function latin1(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return s;
}

function parseMultipart(bytes, boundary) {
  const FormData = lazyFormData();
  const fd = new FormData();
  const text = latin1(bytes);
  const delim = `--${boundary}`;
  let pos = text.indexOf(delim);
  if (pos === -1) throw new TypeError('Failed to parse body as FormData.');
  for (;;) {
    pos += delim.length;
    if (text.startsWith('--', pos)) break;
    if (!text.startsWith('\r\n', pos)) throw new TypeError('Failed to parse body as FormData.');
    pos += 2;
    const headEnd = text.indexOf('\r\n\r\n', pos);
    if (headEnd === -1) throw new TypeError('Failed to parse body as FormData.');
    const head = text.slice(pos, headEnd);
    const next = text.indexOf(`\r\n${delim}`, headEnd + 4);
    if (next === -1) throw new TypeError('Failed to parse body as FormData.');
    const content = bytes.subarray(headEnd + 4, next);
    let name = null;
    let filename = null;
    let type = '';
    for (const line of head.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon === -1) continue;
      const hname = line.slice(0, colon).trim().toLowerCase();
      const hvalue = line.slice(colon + 1).trim();
      if (hname === 'content-disposition') {
        const m = /(?:^|;)\s*name="([^"]*)"/i.exec(hvalue);
        if (m) name = m[1];
        const f = /;\s*filename="([^"]*)"/i.exec(hvalue);
        if (f) filename = f[1];
      } else if (hname === 'content-type') {
        type = hvalue;
      }
    }
    if (name === null) throw new TypeError('Failed to parse body as FormData.');
    name = utf8Decode(new Uint8Array([...name].map((c) => c.charCodeAt(0))));
    if (filename !== null) {
      filename = utf8Decode(new Uint8Array([...filename].map((c) => c.charCodeAt(0))));
      fd.append(name, new File([content], filename, { type }));
    } else {
      fd.append(name, utf8Decode(content));
    }
    pos = next + 2;
  }
  return fd;
}

const bodyMixin = {
  get body() {
    const body = this[kState].body;
    return body === null ? null : body.stream;
  },
  get bodyUsed() {
    return bodyUsed(this[kState].body);
  },
  text() {
    return consume(this).then(utf8Decode);
  },
  json() {
    return consume(this).then((bytes) => JSON.parse(utf8Decode(bytes)));
  },
  arrayBuffer() {
    return consume(this).then((bytes) => toArrayBuffer(bytes));
  },
  bytes() {
    return consume(this).then((bytes) => new Uint8Array(toArrayBuffer(bytes)));
  },
  blob() {
    return consume(this).then((bytes) => new Blob([bytes], { type: mimeTypeOf(this) }));
  },
  formData() {
    return consume(this).then((bytes) => {
      const mime = mimeTypeOf(this);
      const essence = mime.split(';')[0];
      if (essence === 'multipart/form-data') {
        const m = /;boundary=("?)([^";]+)\1/.exec(mime);
        if (!m) throw new TypeError('Failed to parse body as FormData.');
        return parseMultipart(bytes, m[2]);
      }
      if (essence === 'application/x-www-form-urlencoded') {
        const FormData = lazyFormData();
        const fd = new FormData();
        for (const [k, v] of new (lazyURLSearchParams())(utf8Decode(bytes))) fd.append(k, v);
        return fd;
      }
      throw new TypeError('Content-Type was not one of "multipart/form-data" or ' +
                          '"application/x-www-form-urlencoded".');
    });
  },
};

function mixinBody(cls) {
  for (const key of Object.keys(bodyMixin)) {
    const desc = Object.getOwnPropertyDescriptor(bodyMixin, key);
    desc.enumerable = true;
    desc.configurable = true;
    if ('value' in desc) desc.writable = true;
    Object.defineProperty(cls.prototype, key, desc);
  }
}

function cloneBody(body) {
  const [a, b] = body.stream.tee();
  body.stream = a;
  return { stream: b, source: body.source, length: body.length, type: body.type };
}

module.exports = {
  kState, extractBody, mixinBody, cloneBody, bodyUsed, bodyUnusable, readAllBytes,
};
