'use strict';
// fs.ReadStream and fs.WriteStream: Node's file streams on top of the
// callback API (fs.open/read/write/close run on libuv's thread pool).

const { Readable, Writable } = require('stream');
const { Buffer } = require('buffer');
const { codes } = require('internal/errors');

function fsModule(options) {
  return (options && options.fs) || require('fs');
}

function normalizeOptions(options, defaults) {
  if (typeof options === 'string') return { ...defaults, encoding: options };
  if (options === null || options === undefined) return { ...defaults };
  if (typeof options !== 'object') {
    throw new codes.ERR_INVALID_ARG_TYPE('options', ['string', 'Object'], options);
  }
  return { ...defaults, ...options };
}

function checkPosition(value, name) {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new codes.ERR_INVALID_ARG_TYPE(name, 'number', value);
  }
  if (value < 0) throw new codes.ERR_OUT_OF_RANGE(name, '>= 0', value);
}

// What ReadStream and WriteStream share: the file and its descriptor,
// opened in _construct (unless an fd was given) and closed in _destroy.
function initFile(stream, path, options, defaultFlags) {
  stream.fs = fsModule(options);
  stream.path = path instanceof URL ? require('url').fileURLToPath(path) : path;
  stream.fd = options.fd === undefined || options.fd === null ? null : options.fd;
  stream.flags = options.flags === undefined ? defaultFlags : options.flags;
  stream.mode = options.mode === undefined ? 0o666 : options.mode;
}

const fileMethods = {
  get pending() {
    return this.fd === null;
  },

  _construct(callback) {
    if (this.fd !== null) {
      callback();
      return;
    }
    this.fs.open(this.path, this.flags, this.mode, (err, fd) => {
      if (err) {
        callback(err);
        return;
      }
      this.fd = fd;
      callback();
      this.emit('open', fd);
      this.emit('ready');
    });
  },

  _destroy(err, callback) {
    if (this.fd === null || !this.autoClose) {
      callback(err);
      return;
    }
    const fd = this.fd;
    this.fd = null;
    this.fs.close(fd, (closeErr) => callback(err || closeErr));
  },
};

function addFileMethods(cls) {
  const descriptors = Object.getOwnPropertyDescriptors(fileMethods);
  for (const d of Object.values(descriptors)) d.enumerable = false; // as class members
  Object.defineProperties(cls.prototype, descriptors);
}

class ReadStream extends Readable {
  constructor(path, options) {
    options = normalizeOptions(options, {});
    super({
      highWaterMark: options.highWaterMark || 64 * 1024,
      encoding: options.encoding,
      emitClose: options.emitClose !== false,
      autoDestroy: options.autoClose !== false,
      signal: options.signal,
    });
    initFile(this, path, options, 'r');
    checkPosition(options.start, 'start');
    checkPosition(options.end, 'end');
    this.start = options.start;
    this.end = options.end === undefined ? Infinity : options.end;
    if (this.start !== undefined && this.start > this.end) {
      throw new codes.ERR_OUT_OF_RANGE('start', `<= "end" (here: ${this.end})`, this.start);
    }
    this.pos = this.start;
    this.bytesRead = 0;
    this.autoClose = options.autoClose !== false;
  }

  _read(n) {
    if (this.end !== Infinity) {
      const left = this.end - (this.pos !== undefined ? this.pos : this.bytesRead) + 1;
      n = Math.min(n, left);
    }
    if (n <= 0) {
      this.push(null);
      return;
    }
    const buf = Buffer.allocUnsafeSlow(n);
    const position = this.pos === undefined ? null : this.pos;
    this.fs.read(this.fd, buf, 0, n, position, (err, bytesRead) => {
      if (err) {
        this.destroy(err);
        return;
      }
      if (this.pos !== undefined) this.pos += bytesRead;
      this.bytesRead += bytesRead;
      if (bytesRead === 0) this.push(null);
      else this.push(bytesRead === n ? buf : buf.subarray(0, bytesRead));
    });
  }

  close(cb) {
    if (typeof cb === 'function') require('stream').finished(this, cb);
    this.destroy();
  }
}

class WriteStream extends Writable {
  constructor(path, options) {
    options = normalizeOptions(options, {});
    super({
      highWaterMark: options.highWaterMark,
      decodeStrings: true,
      defaultEncoding: options.encoding || 'utf8',
      emitClose: options.emitClose !== false,
      autoDestroy: options.autoClose !== false,
      signal: options.signal,
    });
    initFile(this, path, options, 'w');
    checkPosition(options.start, 'start');
    this.start = options.start;
    this.pos = this.start;
    this.bytesWritten = 0;
    this.autoClose = options.autoClose !== false;
    if (options.encoding) this.setDefaultEncoding(options.encoding);
  }

  _write(chunk, encoding, callback) {
    const position = this.pos === undefined ? null : this.pos;
    this.fs.write(this.fd, chunk, 0, chunk.length, position, (err, written) => {
      if (err) {
        callback(err);
        return;
      }
      this.bytesWritten += written;
      if (this.pos !== undefined) this.pos += written;
      callback();
    });
  }

  close(cb) {
    if (cb) {
      if (this.closed) {
        process.nextTick(cb);
        return;
      }
      this.on('close', cb);
    }
    if (!this.autoClose) this.on('finish', this.destroy);
    this.end();
  }

  destroySoon() {
    this.end();
  }
}

addFileMethods(ReadStream);
addFileMethods(WriteStream);

function createReadStream(path, options) {
  return new ReadStream(path, options);
}

function createWriteStream(path, options) {
  return new WriteStream(path, options);
}

module.exports = { ReadStream, WriteStream, createReadStream, createWriteStream };
