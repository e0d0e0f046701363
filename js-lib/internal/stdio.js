'use strict';
// process.stdout / process.stderr: writes go straight to the file
// descriptor, synchronously, as Node does on Linux for files, pipes and
// terminals. process.stdin is a readable stream over fd 0.

const EventEmitter = require('events');
const binding = internalBinding('process');

function toBytesOrString(chunk, encoding) {
  if (typeof chunk === 'string') {
    if (!encoding || encoding === 'utf8' || encoding === 'utf-8') return chunk;
    const { Buffer } = require('buffer');
    return Buffer.from(chunk, encoding);
  }
  if (chunk instanceof Uint8Array) return chunk;
  const { codes } = require('internal/errors');
  throw new codes.ERR_INVALID_ARG_TYPE('chunk', ['string', 'Buffer', 'Uint8Array'], chunk);
}

class SyncWriteStream extends EventEmitter {
  constructor(fd) {
    super();
    this.fd = fd;
    this.isTTY = binding.isatty(fd) || undefined;
    this.writable = true;
    this.writableEnded = false;
    this.writableFinished = false;
    this.writableHighWaterMark = 16384;
    this.writableLength = 0;
    this.writableObjectMode = false;
    this.writableCorked = 0;
    this.destroyed = false;
    this._isStdio = true;
    if (this.isTTY) {
      this.columns = Number(process.env.COLUMNS) || 80;
      this.rows = Number(process.env.LINES) || 24;
    }
  }

  write(chunk, encoding, cb) {
    if (typeof encoding === 'function') {
      cb = encoding;
      encoding = undefined;
    }
    binding.writeSync(this.fd, toBytesOrString(chunk, encoding));
    if (typeof cb === 'function') process.nextTick(cb, null);
    return true;
  }

  end(chunk, encoding, cb) {
    if (typeof chunk === 'function') {
      cb = chunk;
      chunk = undefined;
    } else if (typeof encoding === 'function') {
      cb = encoding;
      encoding = undefined;
    }
    if (chunk !== undefined && chunk !== null) this.write(chunk, encoding);
    this.writableEnded = true;
    process.nextTick(() => {
      this.writableFinished = true;
      this.emit('finish');
      if (typeof cb === 'function') cb();
    });
    return this;
  }

  cork() {}
  uncork() {}
  setDefaultEncoding() { return this; }
  destroy() {
    this.destroyed = true;
    return this;
  }
  getColorDepth() { return this.isTTY ? 8 : 1; }
  hasColors() { return false; }
  getWindowSize() { return [this.columns, this.rows]; }
}

function createWritable(fd) {
  return isRegularFile(fd) ? createFileWritable(fd) : new SyncWriteStream(fd);
}

function isRegularFile(fd) {
  try {
    return require('fs').fstatSync(fd).isFile();
  } catch {
    return false;
  }
}

// stdout/stderr on a regular file are, as in Node, a stream.Writable that
// writes synchronously (instanceof Writable, readable false). Like Node's
// stdio it is never really destroyed: destroy() reports and emits 'close',
// and later writes still reach the file.
function createFileWritable(fd) {
  const { Writable } = require('stream');
  const { writeSync } = require('fs');
  const stream = new Writable({
    write(chunk, encoding, cb) {
      writeSync(fd, chunk);
      cb();
    },
    destroy(err, cb) {
      cb(err);
      this._undestroy();
    },
  });
  stream.fd = fd;
  stream.readable = false;
  stream._type = 'fs';
  stream._isStdio = true;
  stream.destroySoon = stream.destroy;
  return stream;
}

// Over a pipe or a socket Node's stdin is a net.Socket, which ends with
// 'close' after 'end' (its descriptor stays open: libuv never closes stdio).
// Over a file or a terminal it stays open, without 'close'.
function createReadable(fd) {
  const fs = require('fs');
  const isTTY = binding.isatty(fd);
  let piped = false;
  if (!isTTY) {
    try {
      const st = fs.fstatSync(fd);
      piped = st.isFIFO() || st.isSocket();
    } catch {
      // (a closed descriptor: read errors tell)
    }
  }
  const stream = fs.createReadStream(null, piped
    ? { fd, fs: { read: fs.read, close(_fd, cb) { cb(null); } } }
    : { fd, autoClose: false });
  stream.fd = fd;
  stream.isTTY = isTTY || undefined;
  return stream;
}

module.exports = { createWritable, createReadable, SyncWriteStream };
