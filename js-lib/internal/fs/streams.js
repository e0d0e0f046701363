'use strict';
// fs.ReadStream and fs.WriteStream: Node's file streams on top of the
// callback API (fs.open/read/write/close run on libuv's thread pool), or of
// a FileHandle's methods when options.fd is one, or of options.fs.
//
// As in Node they are plain constructor functions (callable without `new`,
// and through ReadStream.call(this) by old subclasses such as graceful-fs),
// and a stream whose `open` method was replaced (patched before Node 15's
// _construct) still opens through it.

const { Readable, Writable, finished } = require('stream');
const { Buffer } = require('buffer');
const { codes, makeError, uvException } = require('internal/errors');
const { validateBoolean, validateFunction, validateInteger } = require('internal/validators');
const { getOptions, getValidatedFd, getValidatedPath } = require('internal/fs/utils');
const { wrap } = require('internal/async_context');

const kFs = Symbol('kFs');
const kHandle = Symbol('kHandle');
const kIoDone = Symbol('kIoDone');
const kIsPerformingIO = Symbol('kIsPerformingIO');

function fsModule() {
  return require('fs');
}

function isFileHandle(v) {
  return v instanceof require('fs/promises')[Symbol.for('shoal.fs.FileHandle')];
}

// The callback-style operations a stream calls, over a FileHandle.
function fileHandleOperations(handle) {
  const settle = (promise, cb, fallback, key) =>
    promise.then((r) => cb(null, r[key], r.buffer || r.buffers), (err) => cb(err, 0, fallback));
  return {
    open() {
      throw new codes.ERR_METHOD_NOT_IMPLEMENTED('open()');
    },
    close(fd, cb) {
      handle.close().then(() => cb(), cb);
    },
    fsync(fd, cb) {
      handle.sync().then(() => cb(), cb);
    },
    read(fd, buf, offset, length, pos, cb) {
      // A handle being closed ends the stream through its 'close' (as in
      // Node, where close waits for the reads already asked for).
      if (handle.fd < 0) return handle.once('close', () => cb(null, 0, buf));
      settle(handle.read(buf, offset, length, pos), cb, buf, 'bytesRead');
    },
    write(fd, buf, offset, length, pos, cb) {
      settle(handle.write(buf, offset, length, pos), cb, buf, 'bytesWritten');
    },
    writev(fd, buffers, pos, cb) {
      settle(handle.writev(buffers, pos), cb, buffers, 'bytesWritten');
    },
  };
}

// options.fd as a descriptor: a number, or a FileHandle whose methods the
// stream then uses (and whose 'close' closes the stream).
function importFd(stream, options) {
  if (typeof options.fd === 'number') {
    stream[kFs] = options.fs || fsModule();
    return options.fd;
  }
  if (typeof options.fd === 'object' && isFileHandle(options.fd)) {
    if (options.fs) throw new codes.ERR_METHOD_NOT_IMPLEMENTED('FileHandle with fs');
    stream[kHandle] = options.fd;
    stream[kFs] = fileHandleOperations(options.fd);
    options.fd.on('close', () => stream.close());
    return options.fd.fd;
  }
  throw new codes.ERR_INVALID_ARG_TYPE('options.fd', ['number', 'FileHandle'], options.fd);
}

// A copy of the options, inherited properties included (as Node's).
function copyOptions(options) {
  const copy = {};
  for (const key in options) copy[key] = options[key];
  return copy;
}

// What both constructors do first: the options copied, the file named by
// path or given by fd, the operations validated.
function initFile(stream, path, options, defaultFlags) {
  if (options.fd == null) {
    stream.fd = null;
    stream[kFs] = options.fs || fsModule();
    validateFunction(stream[kFs].open, 'options.fs.open');
    stream.path = path != null && typeof path === 'object' && typeof path.href === 'string'
      ? require('url').fileURLToPath(path) : path;
    stream.flags = options.flags === undefined ? defaultFlags : options.flags;
    stream.mode = options.mode === undefined ? 0o666 : options.mode;
    getValidatedPath(stream.path);
  } else {
    stream.fd = getValidatedFd(importFd(stream, options));
  }
  options.autoDestroy = options.autoClose === undefined ? true : options.autoClose;
  if (options.autoDestroy) validateFunction(stream[kFs].close, 'options.fs.close');
  stream.start = options.start;
  stream.pos = undefined;
  stream[kIsPerformingIO] = false;
  if (stream.start !== undefined) {
    validateInteger(stream.start, 'start', 0);
    stream.pos = stream.start;
  }
  stream.flush = options.flush == null ? false : options.flush;
  if (options.flush != null) validateBoolean(options.flush, 'options.flush');
}

// The deprecated, now empty, open(); _construct opens the file unless a
// subclass or the user replaced it.
const openReadFs = require('util').deprecate(function open() {},
  'ReadStream.prototype.open() is deprecated', 'DEP0135');
const openWriteFs = require('util').deprecate(function open() {},
  'WriteStream.prototype.open() is deprecated', 'DEP0135');

function construct(callback) {
  const stream = this;
  if (typeof stream.fd === 'number') {
    callback();
    return;
  }
  if (stream.open !== openReadFs && stream.open !== openWriteFs) {
    // A patched open() reports through 'open' or 'error'.
    const emit = stream.emit;
    stream.emit = function(name, ...args) {
      if (name === 'open') {
        this.emit = emit;
        callback();
        return Reflect.apply(emit, this, [name, ...args]);
      }
      if (name === 'error') {
        this.emit = emit;
        callback(args[0]);
        return false;
      }
      return Reflect.apply(emit, this, [name, ...args]);
    };
    stream.open();
    return;
  }
  stream[kFs].open(stream.path, stream.flags, stream.mode, (err, fd) => {
    if (err) {
      callback(err);
      return;
    }
    stream.fd = fd;
    callback();
    stream.emit('open', stream.fd);
    stream.emit('ready');
  });
}

function closeAfterSync(stream, err, cb) {
  stream[kFs].close(stream.fd, (closeErr) => cb(closeErr || err));
  stream.fd = null;
}

function closeFile(stream, err, cb) {
  if (!stream.fd && stream.fd !== 0) cb(err);
  else if (stream.flush) stream[kFs].fsync(stream.fd, (e) => closeAfterSync(stream, err || e, cb));
  else closeAfterSync(stream, err, cb);
}

// A read or write on the thread pool still uses the descriptor: close it
// once that is done.
function destroy(err, cb) {
  if (this[kIsPerformingIO]) this.once(kIoDone, (ioErr) => closeFile(this, err || ioErr, cb));
  else closeFile(this, err, cb);
}

function defineShared(proto, stateName) {
  Object.defineProperty(proto, 'autoClose', {
    get() {
      return this[stateName].autoDestroy;
    },
    set(val) {
      this[stateName].autoDestroy = val;
    },
    configurable: true,
  });
  Object.defineProperty(proto, 'pending', {
    get() {
      return this.fd === null;
    },
    configurable: true,
  });
  proto._construct = construct;
  proto._destroy = destroy;
}

// --- ReadStream ------------------------------------------------------------------

const { errorOrDestroy } = require('vendor/readable-stream/lib/internal/streams/destroy');

function ReadStream(path, options) {
  if (!(this instanceof ReadStream)) return new ReadStream(path, options);
  options = copyOptions(getOptions(options, {}));
  if (options.highWaterMark === undefined) options.highWaterMark = 64 * 1024;
  initFile(this, path, options, 'r');
  validateFunction(this[kFs].read, 'options.fs.read');
  this.end = options.end;
  this.bytesRead = 0;
  if (this.end === undefined) {
    this.end = Infinity;
  } else if (this.end !== Infinity) {
    validateInteger(this.end, 'end', 0);
    if (this.start !== undefined && this.start > this.end) {
      throw new codes.ERR_OUT_OF_RANGE('start', `<= "end" (here: ${this.end})`, this.start);
    }
  }
  Reflect.apply(Readable, this, [options]);
}
Object.setPrototypeOf(ReadStream.prototype, Readable.prototype);
Object.setPrototypeOf(ReadStream, Readable);
defineShared(ReadStream.prototype, '_readableState');
ReadStream.prototype.open = openReadFs;

// A stream piped to a response of the HTTP engine and read by nothing else
// (no encoding, no other 'data' or 'readable' listener, the default fs, a
// file it opened and closes): the engine sends the file with sendfile(2)
// (docs/performance.md) and the stream ends as if it had read it all, with
// its bytesRead, 'end' (the pipe then ends the response) and 'close'. A read
// error destroys it with the error, as a failed read does; the connection
// gone (UV_ECANCELED) destroys it too, closing the file (Node's pipe leaves
// such a stream paused and open). false: read as usual.
function sendToResponse(stream) {
  const state = stream._readableState;
  if (state.pipes.length !== 1 || state.encoding || stream.listenerCount('data') !== 1 ||
      stream.listenerCount('readable') !== 0 || !state.autoDestroy ||
      stream.path === undefined || stream[kFs] !== fsModule() || stream[kHandle] !== undefined) {
    return false;
  }
  const dest = state.pipes[0];
  if (typeof dest._sendFile !== 'function') return false;
  stream[kIsPerformingIO] = true;
  // (called back in the AsyncLocalStorage store of this read, as fs.read's)
  const sent = dest._sendFile(stream.fd, stream.pos !== undefined ? stream.pos : 0, stream.end,
                              wrap((status, bytes) => fileSent(stream, status, bytes)));
  if (!sent) stream[kIsPerformingIO] = false;
  return sent;
}

function fileSent(stream, status, bytes) {
  stream[kIsPerformingIO] = false;
  stream.bytesRead += bytes;
  if (stream.pos !== undefined) stream.pos += bytes;
  if (stream.destroyed) {
    stream.emit(kIoDone);
  } else if (status === 0) {
    stream.push(null);
  } else if (status === internalBinding('http').UV_ECANCELED) {
    stream.destroy();
  } else {
    errorOrDestroy(stream, uvException({ errno: status, syscall: 'read' }));
  }
}

ReadStream.prototype._read = function(n) {
  if (this.bytesRead === 0 && sendToResponse(this)) return;
  const done = this.pos !== undefined ? this.pos : this.bytesRead;
  n = Math.min(this.end - done + 1, n);
  if (n <= 0) {
    this.push(null);
    return;
  }
  const buf = Buffer.allocUnsafeSlow(n);
  this[kIsPerformingIO] = true;
  this[kFs].read(this.fd, buf, 0, n, this.pos, (err, bytesRead) => {
    this[kIsPerformingIO] = false;
    if (this.destroyed) {
      this.emit(kIoDone, err);
      return;
    }
    if (err) {
      // Without autoClose the stream errors but stays open, as in Node.
      errorOrDestroy(this, err);
    } else if (bytesRead > 0) {
      if (this.pos !== undefined) this.pos += bytesRead;
      this.bytesRead += bytesRead;
      // A short read is copied, so the rest of the allocation is not kept.
      this.push(bytesRead === buf.length ? buf : Buffer.from(buf.subarray(0, bytesRead)));
    } else {
      this.push(null);
    }
  });
};

ReadStream.prototype.close = function(cb) {
  if (typeof cb === 'function') finished(this, cb);
  this.destroy();
};

// --- WriteStream ------------------------------------------------------------------

function WriteStream(path, options) {
  if (!(this instanceof WriteStream)) return new WriteStream(path, options);
  options = copyOptions(getOptions(options, {}));
  options.decodeStrings = true;
  initFile(this, path, options, 'w');
  const ops = this[kFs];
  if (!ops.write && !ops.writev) {
    throw new codes.ERR_INVALID_ARG_TYPE('options.fs.write', 'function', ops.write);
  }
  if (ops.write) validateFunction(ops.write, 'options.fs.write');
  if (ops.writev) validateFunction(ops.writev, 'options.fs.writev');
  // Either one is enough; the stream uses the one there is.
  if (!ops.writev) this._writev = null;
  this.bytesWritten = 0;
  Reflect.apply(Writable, this, [options]);
  if (options.encoding) this.setDefaultEncoding(options.encoding);
}
Object.setPrototypeOf(WriteStream.prototype, Writable.prototype);
Object.setPrototypeOf(WriteStream, Writable);
defineShared(WriteStream.prototype, '_writableState');
WriteStream.prototype.open = openWriteFs;

const kMaxRetries = 5;

function writeFailed() {
  return makeError(Error, 'ERR_SYSTEM_ERROR', 'A system error occurred: write failed');
}

// Writes all `size` bytes of `chunks` (one chunk through fs.write when
// there is one, else fs.writev), again after short writes (EAGAIN counts as
// zero bytes); gives up after kMaxRetries writes in a row of nothing.
function writeAll(chunks, size, pos, cb, retries = 0) {
  const ops = this[kFs];
  const single = chunks.length === 1 && ops.write;
  const done = (err, bytesWritten) => {
    if (err && err.code === 'EAGAIN') {
      err = null;
      bytesWritten = 0;
    }
    if (this.destroyed || err) {
      cb(err || new codes.ERR_STREAM_DESTROYED(single ? 'write' : 'writev'));
      return;
    }
    this.bytesWritten += bytesWritten;
    retries = bytesWritten ? 0 : retries + 1;
    size -= bytesWritten;
    if (pos !== undefined && pos !== null) pos += bytesWritten;
    if (retries > kMaxRetries) cb(writeFailed());
    else if (size) writeAll.call(this, [Buffer.concat(chunks).subarray(bytesWritten)], size, pos, cb, retries);
    else cb();
  };
  if (single) ops.write(this.fd, chunks[0], 0, size, pos, done);
  else ops.writev(this.fd, chunks, pos, done);
}

// Runs one write on the thread pool, marked so that _destroy waits for it.
function ioThen(stream, cb) {
  stream[kIsPerformingIO] = true;
  return (err) => {
    stream[kIsPerformingIO] = false;
    if (stream.destroyed) {
      cb(err);
      stream.emit(kIoDone, err);
      return;
    }
    cb(err);
  };
}

WriteStream.prototype._write = function(data, encoding, cb) {
  writeAll.call(this, [data], data.length, this.pos, ioThen(this, cb));
  if (this.pos !== undefined) this.pos += data.length;
};

WriteStream.prototype._writev = function(data, cb) {
  const chunks = data.map((entry) => entry.chunk);
  const size = chunks.reduce((n, chunk) => n + chunk.length, 0);
  writeAll.call(this, chunks, size, this.pos, ioThen(this, cb));
  if (this.pos !== undefined) this.pos += size;
};

WriteStream.prototype.close = function(cb) {
  if (cb) {
    if (this.closed) {
      process.nextTick(cb);
      return;
    }
    this.on('close', cb);
  }
  // Without autoClose, 'finish' is when the file is done with.
  if (!this.autoClose) this.on('finish', this.destroy);
  this.end();
};

// A file has no half-close: soon is at the end.
WriteStream.prototype.destroySoon = WriteStream.prototype.end;

function createReadStream(path, options) {
  return new ReadStream(path, options);
}

function createWriteStream(path, options) {
  return new WriteStream(path, options);
}

module.exports = { ReadStream, WriteStream, createReadStream, createWriteStream };
