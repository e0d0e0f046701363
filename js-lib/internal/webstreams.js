'use strict';
// internal/webstreams: the WHATWG streams (ReadableStream, WritableStream,
// TransformStream, readers, controllers, queuing strategies) from the
// web-streams-polyfill npm package (ponyfill build, pinned in js-lib/vendor),
// plus TextEncoderStream / TextDecoderStream and Node-style inspection.

const P = require('vendor/web-streams-polyfill/dist/ponyfill');
const { TextDecoder } = require('internal/encoding');

const {
  ReadableStream, ReadableStreamDefaultReader, ReadableStreamBYOBReader,
  ReadableStreamBYOBRequest, ReadableByteStreamController,
  ReadableStreamDefaultController, WritableStream, WritableStreamDefaultWriter,
  WritableStreamDefaultController, TransformStream,
  TransformStreamDefaultController, ByteLengthQueuingStrategy,
  CountQueuingStrategy,
} = P;

const kInspect = Symbol.for('nodejs.util.inspect.custom');

function defineInspect(cls, fn) {
  Object.defineProperty(cls.prototype, kInspect, {
    value: fn, writable: true, configurable: true, enumerable: false,
  });
}

function shape(name, props, depth, options, inspect) {
  if (depth < 0) return `[${name}]`;
  const opts = Object.assign({}, options, {
    depth: options.depth === null ? null : options.depth - 1,
  });
  const body = inspect(props, opts);
  return `${name} ${body}`;
}

function readableState(stream) {
  return stream._state;
}

defineInspect(ReadableStream, function inspectReadable(depth, options, inspect) {
  return shape('ReadableStream', {
    locked: this.locked,
    state: readableState(this),
    supportsBYOB: this._readableStreamController instanceof ReadableByteStreamController,
  }, depth, options, inspect);
});

defineInspect(WritableStream, function inspectWritable(depth, options, inspect) {
  return shape('WritableStream', {
    locked: this.locked,
    state: this._state,
  }, depth, options, inspect);
});

defineInspect(TransformStream, function inspectTransform(depth, options, inspect) {
  return shape('TransformStream', {
    readable: this.readable,
    writable: this.writable,
    backpressure: this._backpressure,
  }, depth, options, inspect);
});

// Node keeps the state of streams, readers and controllers in symbol-keyed
// slots: Object.keys() gives [] and JSON.stringify() '{}' (koa measures a
// body with it). The polyfill keeps it in own properties named _x that
// point at each other. Each such name gets a prototype setter that defines
// the own property non-enumerable on the first assignment (later ones
// write it directly), so the polyfill's hasOwnProperty brand checks still
// hold. The names are read from one instance of each kind.
function hideState() {
  const ts = new TransformStream();
  const bytes = new ReadableStream({ type: 'bytes' });
  const samples = [
    ts, ts._transformStreamController, ts.readable, ts.readable._readableStreamController,
    ts.writable, ts.writable._writableStreamController, ts.readable.getReader(),
    ts.writable.getWriter(), bytes, bytes._readableStreamController,
    bytes.getReader({ mode: 'byob' }), new CountQueuingStrategy({ highWaterMark: 1 }),
    new ByteLengthQueuingStrategy({ highWaterMark: 1 }),
  ];
  for (const sample of samples) {
    const proto = Object.getPrototypeOf(sample);
    for (const name of Object.keys(sample)) {
      if (Object.prototype.hasOwnProperty.call(proto, name)) continue;
      Object.defineProperty(proto, name, {
        get: undefined,
        set(value) {
          Object.defineProperty(this, name, {
            value, writable: true, configurable: true, enumerable: false,
          });
        },
        configurable: true, enumerable: false,
      });
    }
  }
}
hideState();

// Node's message when a stream is already locked.
const origGetReader = ReadableStream.prototype.getReader;
Object.defineProperty(ReadableStream.prototype, 'getReader', {
  value: function getReader(options) {
    if (this instanceof ReadableStream && this.locked) {
      const e = new TypeError('Invalid state: ReadableStream is locked');
      e.code = 'ERR_INVALID_STATE';
      throw e;
    }
    return Reflect.apply(origGetReader, this, arguments);
  },
  writable: true, configurable: true, enumerable: true,
});
const origGetWriter = WritableStream.prototype.getWriter;
Object.defineProperty(WritableStream.prototype, 'getWriter', {
  value: function getWriter() {
    if (this instanceof WritableStream && this.locked) {
      const e = new TypeError('Invalid state: WritableStream is locked');
      e.code = 'ERR_INVALID_STATE';
      throw e;
    }
    return Reflect.apply(origGetWriter, this, arguments);
  },
  writable: true, configurable: true, enumerable: true,
});

function invalidChunk(chunk) {
  const { codes } = require('internal/errors');
  return new codes.ERR_INVALID_ARG_TYPE('chunk', ['ArrayBuffer', 'TypedArray', 'DataView'], chunk);
}

const kTransform = Symbol('kTransform');
const kDecoder = Symbol('kDecoder');

class TextEncoderStream {
  constructor() {
    let pending = '';
    const encoder = new (require('internal/encoding').TextEncoder)();
    this[kTransform] = new TransformStream({
      transform(chunk, controller) {
        let s = pending + `${chunk}`;
        pending = '';
        if (s.length) {
          const last = s.charCodeAt(s.length - 1);
          if (last >= 0xD800 && last <= 0xDBFF) {
            pending = s[s.length - 1];
            s = s.slice(0, -1);
          }
        }
        if (s.length) controller.enqueue(encoder.encode(s));
      },
      flush(controller) {
        if (pending) controller.enqueue(new Uint8Array([0xEF, 0xBF, 0xBD]));
      },
    });
  }

  get encoding() { return 'utf-8'; }
  get readable() { return this[kTransform].readable; }
  get writable() { return this[kTransform].writable; }
  get [Symbol.toStringTag]() { return 'TextEncoderStream'; }

  [kInspect](depth, options, inspect) {
    return shape('TextEncoderStream', {
      encoding: this.encoding, readable: this.readable, writable: this.writable,
    }, depth, options, inspect);
  }
}

class TextDecoderStream {
  constructor(encoding = 'utf-8', options = {}) {
    const decoder = new TextDecoder(encoding, options);
    this[kDecoder] = decoder;
    this[kTransform] = new TransformStream({
      transform(chunk, controller) {
        if (!(chunk instanceof ArrayBuffer) && !ArrayBuffer.isView(chunk) &&
            !(typeof SharedArrayBuffer === 'function' && chunk instanceof SharedArrayBuffer)) {
          throw invalidChunk(chunk);
        }
        const s = decoder.decode(chunk, { stream: true });
        if (s) controller.enqueue(s);
      },
      flush(controller) {
        const s = decoder.decode();
        if (s) controller.enqueue(s);
      },
    });
  }

  get encoding() { return this[kDecoder].encoding; }
  get fatal() { return this[kDecoder].fatal; }
  get ignoreBOM() { return this[kDecoder].ignoreBOM; }
  get readable() { return this[kTransform].readable; }
  get writable() { return this[kTransform].writable; }
  get [Symbol.toStringTag]() { return 'TextDecoderStream'; }

  [kInspect](depth, options, inspect) {
    return shape('TextDecoderStream', {
      encoding: this.encoding, fatal: this.fatal, ignoreBOM: this.ignoreBOM,
      readable: this.readable, writable: this.writable,
    }, depth, options, inspect);
  }
}

// Whether a ReadableStream has been read from or cancelled.
function isDisturbed(stream) {
  return !!stream._disturbed;
}

function isErrored(stream) {
  return stream._state === 'errored';
}

module.exports = {
  ReadableStream,
  ReadableStreamDefaultReader,
  ReadableStreamBYOBReader,
  ReadableStreamBYOBRequest,
  ReadableByteStreamController,
  ReadableStreamDefaultController,
  TransformStream,
  TransformStreamDefaultController,
  WritableStream,
  WritableStreamDefaultWriter,
  WritableStreamDefaultController,
  ByteLengthQueuingStrategy,
  CountQueuingStrategy,
  TextEncoderStream,
  TextDecoderStream,
  isDisturbed,
  isErrored,
};
