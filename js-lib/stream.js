'use strict';
// stream: Node's streams (Readable, Writable, Duplex, Transform,
// PassThrough, pipeline, finished, compose, addAbortSignal, promises), from
// the readable-stream npm package (pinned in js-lib/vendor, bundled at
// build time), which carries Node's own stream semantics.

const Stream = require('vendor/readable-stream/lib/stream');

// Readable.toWeb / fromWeb and Writable.toWeb / fromWeb: adapters between
// Node streams and the WHATWG streams of stream/web (Node 17+ API).
const { Readable, Writable } = Stream;

function isReadableStream(v) {
  const { ReadableStream } = require('internal/webstreams');
  return v instanceof ReadableStream;
}

Readable.toWeb = function toWeb(readable, options = {}) {
  const { ReadableStream } = require('internal/webstreams');
  const objectMode = !!(readable.readableObjectMode);
  const strategy = options.strategy || (objectMode ? { highWaterMark: readable.readableHighWaterMark } :
    { highWaterMark: readable.readableHighWaterMark, size: (chunk) => chunk.length || 1 });
  let finished = false;
  return new ReadableStream({
    start(controller) {
      readable.on('data', (chunk) => {
        if (finished) return;
        if (!objectMode && chunk instanceof Uint8Array) {
          chunk = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        }
        controller.enqueue(chunk);
        if (controller.desiredSize <= 0) readable.pause();
      });
      Stream.finished(readable, (err) => {
        if (finished) return;
        finished = true;
        if (err && err.code !== 'ERR_STREAM_PREMATURE_CLOSE') controller.error(err);
        else if (err) controller.error(err);
        else controller.close();
      });
      readable.pause();
    },
    pull() {
      readable.resume();
    },
    cancel(reason) {
      finished = true;
      readable.destroy(reason);
    },
  }, strategy);
};

Readable.fromWeb = function fromWeb(readableStream, options = {}) {
  if (!isReadableStream(readableStream)) {
    const { codes } = require('internal/errors');
    throw new codes.ERR_INVALID_ARG_TYPE('readableStream', 'ReadableStream', readableStream);
  }
  const reader = readableStream.getReader();
  let closed = false;
  reader.closed.then(() => { closed = true; }, () => { closed = true; });
  return new Readable({
    objectMode: !!options.objectMode,
    highWaterMark: options.highWaterMark,
    encoding: options.encoding,
    signal: options.signal,
    read() {
      reader.read().then(({ value, done }) => {
        if (done) this.push(null);
        else this.push(value);
      }, (err) => this.destroy(err));
    },
    destroy(err, callback) {
      if (closed) {
        callback(err);
        return;
      }
      reader.cancel(err).then(() => callback(err), (e) => callback(e || err));
    },
  });
};

Writable.toWeb = function toWeb(writable) {
  const { WritableStream, CountQueuingStrategy } = require('internal/webstreams');
  return new WritableStream({
    write(chunk) {
      return new Promise((resolve, reject) => {
        let drained = false;
        const ok = writable.write(chunk, (err) => {
          if (err) reject(err);
          else if (ok || drained) resolve();
        });
        if (!ok) {
          writable.once('drain', () => {
            drained = true;
            resolve();
          });
        }
      });
    },
    close() {
      return new Promise((resolve, reject) => {
        Stream.finished(writable, (err) => (err ? reject(err) : resolve()));
        writable.end();
      });
    },
    abort(reason) {
      writable.destroy(reason);
    },
  }, new CountQueuingStrategy({ highWaterMark: 1 }));
};

Writable.fromWeb = function fromWeb(writableStream, options = {}) {
  const { WritableStream } = require('internal/webstreams');
  if (!(writableStream instanceof WritableStream)) {
    const { codes } = require('internal/errors');
    throw new codes.ERR_INVALID_ARG_TYPE('writableStream', 'WritableStream', writableStream);
  }
  const writer = writableStream.getWriter();
  return new Writable({
    objectMode: !!options.objectMode,
    highWaterMark: options.highWaterMark,
    decodeStrings: options.decodeStrings,
    signal: options.signal,
    write(chunk, encoding, callback) {
      writer.ready.then(() => writer.write(chunk)).then(() => callback(), callback);
    },
    final(callback) {
      writer.close().then(() => callback(), callback);
    },
    destroy(err, callback) {
      if (err) writer.abort(err).then(() => callback(err), () => callback(err));
      else callback(err);
    },
  });
};

// Duplex.fromWeb({ readable, writable }, options) and Duplex.toWeb(duplex)
// (also what Duplex.from uses for a pair of web streams), as Node's
// adapters: reads pull from the ReadableStream, writes wait for the
// writer's readiness, and an error or early close on either side
// destroys the duplex.
Stream.Duplex.fromWeb = function fromWeb(pair = {}, options = {}) {
  const { codes } = require('internal/errors');
  const { validateObject, validateBoolean } = require('internal/validators');
  const { WritableStream } = require('internal/webstreams');
  validateObject(pair, 'pair');
  const { readable: readableStream, writable: writableStream } = pair;
  if (!isReadableStream(readableStream)) {
    throw new codes.ERR_INVALID_ARG_TYPE('pair.readable', 'ReadableStream', readableStream);
  }
  if (!(writableStream instanceof WritableStream)) {
    throw new codes.ERR_INVALID_ARG_TYPE('pair.writable', 'WritableStream', writableStream);
  }
  validateObject(options, 'options');
  const {
    allowHalfOpen = false, objectMode = false, encoding, decodeStrings = true, highWaterMark, signal,
  } = options;
  validateBoolean(objectMode, 'options.objectMode');
  if (encoding !== undefined && !Buffer.isEncoding(encoding)) {
    throw new codes.ERR_INVALID_ARG_VALUE(encoding, 'options.encoding');
  }
  const writer = writableStream.getWriter();
  const reader = readableStream.getReader();
  let writableClosed = false;
  let readableClosed = false;
  const duplex = new Stream.Duplex({
    allowHalfOpen, highWaterMark, objectMode, encoding, decodeStrings, signal,
    write(chunk, enc, callback) {
      if (typeof chunk === 'string' && decodeStrings && !objectMode) {
        const b = Buffer.from(chunk, enc);
        chunk = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
      }
      const done = (err) => {
        try {
          callback(err);
        } catch (e) {
          process.nextTick(() => duplex.destroy(e));
        }
      };
      writer.ready.then(() => writer.write(chunk).then(done, done), done);
    },
    final(callback) {
      const done = (err) => {
        try {
          callback(err);
        } catch (e) {
          process.nextTick(() => duplex.destroy(e));
        }
      };
      if (!writableClosed) writer.close().then(done, done);
    },
    read() {
      reader.read().then((chunk) => {
        if (chunk.done) duplex.push(null);
        else duplex.push(chunk.value);
      }, (err) => duplex.destroy(err));
    },
    destroy(err, callback) {
      const done = () => {
        try {
          callback(err);
        } catch (e) {
          process.nextTick(() => { throw e; });
        }
      };
      const closeWriter = async () => { if (!writableClosed) await writer.abort(err); };
      const closeReader = async () => { if (!readableClosed) await reader.cancel(err); };
      if (!writableClosed || !readableClosed) {
        Promise.all([closeWriter(), closeReader()]).then(done, done);
        return;
      }
      done();
    },
  });
  writer.closed.then(() => {
    writableClosed = true;
    if (!duplex.writableEnded) {
      const { codes } = require('internal/errors');
      duplex.destroy(new codes.ERR_STREAM_PREMATURE_CLOSE());
    }
  }, (err) => {
    writableClosed = true;
    readableClosed = true;
    duplex.destroy(err);
  });
  reader.closed.then(() => { readableClosed = true; }, (err) => {
    writableClosed = true;
    readableClosed = true;
    duplex.destroy(err);
  });
  return duplex;
};

Stream.Duplex.toWeb = function toWeb(duplex) {
  return { readable: Readable.toWeb(duplex), writable: Writable.toWeb(duplex) };
};

module.exports = Stream;
