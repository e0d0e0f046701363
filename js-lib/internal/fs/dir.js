'use strict';
// fs.Dir, fs.opendir, fs.opendirSync and fs.promises.opendir. The entries
// are read at open (readdir with file types) and handed out one by one:
// the observable API (read/readSync/close/closeSync, async iteration, the
// errors for a closed handle) is Node's; only the reading is not
// incremental. A failing open reports syscall 'opendir', as Node.
const {
  codes: { ERR_DIR_CLOSED, ERR_DIR_CONCURRENT_OPERATION, ERR_INVALID_ARG_TYPE, ERR_MISSING_ARGS },
} = require('internal/errors');
const { getValidatedPath, getOptions, validateInteger } = require('internal/fs/utils');

const kEntries = Symbol('kEntries');
const kClosed = Symbol('kClosed');
const kPath = Symbol('kPath');
const kPending = Symbol('kPending'); // async reads not yet answered

function fs() {
  return require('fs');
}

class Dir {
  constructor(path, entries) {
    // The entries stand for Node's native handle: `new fs.Dir()` has none.
    if (entries == null) throw new ERR_MISSING_ARGS('handle');
    this[kPath] = path;
    this[kEntries] = entries;
    this[kClosed] = false;
    this[kPending] = 0;
  }

  // Node refuses synchronous work while an asynchronous read is under way.
  checkSync() {
    if (this[kClosed]) throw new ERR_DIR_CLOSED();
    if (this[kPending] > 0) throw new ERR_DIR_CONCURRENT_OPERATION();
  }

  get path() {
    return this[kPath];
  }

  readSync() {
    this.checkSync();
    return this.nextEntry();
  }

  nextEntry() {
    return this[kEntries].length ? this[kEntries].shift() : null;
  }

  read(callback) {
    if (this[kClosed]) throw new ERR_DIR_CLOSED();
    if (callback === undefined) {
      return new Promise((resolve, reject) => this.read((err, entry) => (err ? reject(err) : resolve(entry))));
    }
    if (typeof callback !== 'function') throw new ERR_INVALID_ARG_TYPE('callback', 'Function', callback);
    const entry = this.nextEntry();
    this[kPending]++;
    process.nextTick(() => {
      this[kPending]--;
      callback(null, entry);
    });
  }

  closeSync() {
    this.checkSync();
    this[kClosed] = true;
    this[kEntries] = [];
  }

  // Closes after the reads already asked for (their ticks come first).
  close(callback) {
    if (callback === undefined) {
      return new Promise((resolve, reject) => this.close((err) => (err ? reject(err) : resolve())));
    }
    if (typeof callback !== 'function') throw new ERR_INVALID_ARG_TYPE('callback', 'Function', callback);
    process.nextTick(() => {
      let err = null;
      try {
        this.closeSync();
      } catch (e) {
        err = e;
      }
      callback(err);
    });
  }

  async *entries() {
    try {
      for (;;) {
        const entry = await this.read();
        if (entry === null) break;
        yield entry;
      }
    } finally {
      if (!this[kClosed]) this.closeSync();
    }
  }

  [Symbol.asyncIterator]() {
    return this.entries();
  }
}

function dirOptions(options) {
  options = getOptions(options, { encoding: 'utf8' });
  if (options.bufferSize !== undefined) validateInteger(options.bufferSize, 'options.bufferSize', 1, 4294967295);
  return { encoding: options.encoding, withFileTypes: true, recursive: Boolean(options.recursive) };
}

// readdir's error as opendir's: same errno, Node's syscall; Node 20's
// opendirSync error names no path (neither in the message nor as .path).
function asOpendirError(err, withPath) {
  if (!err || err.syscall !== 'scandir') return err;
  const message = err.message.replace(/, scandir( .*)?$/s, (m, rest) => `, opendir${withPath && rest ? rest : ''}`);
  const e = new Error(message);
  for (const key of Object.keys(err)) if (withPath || key !== 'path') e[key] = err[key];
  e.syscall = 'opendir';
  return e;
}

function opendirSync(path, options) {
  path = getValidatedPath(path);
  const opts = dirOptions(options);
  try {
    return new Dir(path, fs().readdirSync(path, opts));
  } catch (err) {
    throw asOpendirError(err, false);
  }
}

function opendir(path, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = undefined;
  }
  if (typeof callback !== 'function') throw new ERR_INVALID_ARG_TYPE('callback', 'Function', callback);
  path = getValidatedPath(path);
  const opts = dirOptions(options);
  fs().readdir(path, opts, (err, entries) => {
    if (err) return callback(asOpendirError(err, true));
    callback(null, new Dir(path, entries));
  });
}

function opendirPromise(path, options) {
  return new Promise((resolve, reject) => {
    opendir(path, options, (err, dir) => (err ? reject(err) : resolve(dir)));
  });
}

module.exports = { Dir, opendir, opendirSync, opendirPromise };
