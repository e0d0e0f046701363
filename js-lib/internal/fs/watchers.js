'use strict';
// fs.watch (FSWatcher on inotify), fs.watchFile/unwatchFile (StatWatcher, a
// stat on a timer) and fs/promises' watch, over internalBinding('fs_watch')
// (bindings/mod_fs_watch.c). Linux's inotify does not watch a tree, so a
// recursive watch is built here as Node does on Linux: a StatWatcher per
// file and folder under the root, folders read again when they change.

const { EventEmitter } = require('events');
const { Buffer } = require('buffer');
const pathModule = require('path');
const binding = internalBinding('fs_watch');
const {
  codes: { ERR_INVALID_ARG_VALUE },
  uvException,
  AbortError,
} = require('internal/errors');
const {
  validateBoolean, validateFunction, validateObject, validateAbortSignal, validateUint32,
} = require('internal/validators');
const { getValidatedPath, makeStats } = require('internal/fs/utils');

const kStart = Symbol('kFSWatchStart');

function watchError(errno, filename) {
  const error = uvException({ errno, syscall: 'watch', path: filename });
  error.filename = filename;
  return error;
}

// A file name as the `encoding` option asks: a string, or a Buffer.
function encodeName(name, encoding) {
  if (name === undefined || !encoding || encoding === 'utf8' || encoding === 'utf-8') return name;
  const bytes = Buffer.from(name);
  return encoding === 'buffer' ? bytes : bytes.toString(encoding);
}

// --- fs.watch -------------------------------------------------------------------

class FSWatcher extends EventEmitter {
  constructor() {
    super();
    this._handle = binding.eventNew();
    this._started = false;
    this._encoding = undefined;
    this._handle.onchange = (status, eventType, filename) => this._onchange(status, eventType, filename);
  }

  _onchange(status, eventType, filename) {
    if (status < 0) {
      // Closed without 'close', as Node: the error is the end.
      this._closeHandle();
      this.emit('error', watchError(status, filename));
      return;
    }
    this.emit('change', eventType, encodeName(filename, this._encoding));
  }

  [kStart](filename, persistent, recursive, encoding) {
    if (this._handle === null || this._started) return;
    filename = getValidatedPath(filename, 'filename');
    this._encoding = encoding;
    const err = binding.eventStart(this._handle, filename);
    if (err) {
      this._closeHandle();
      throw watchError(err, filename);
    }
    this._started = true;
    if (!persistent) binding.unref(this._handle);
  }

  _closeHandle() {
    if (this._handle === null) return;
    binding.close(this._handle);
    this._handle = null;
  }

  close() {
    if (this._handle === null || !this._started) return;
    this._closeHandle();
    process.nextTick(() => this.emit('close'));
  }

  ref() {
    if (this._handle !== null) binding.ref(this._handle);
    return this;
  }

  unref() {
    if (this._handle !== null) binding.unref(this._handle);
    return this;
  }

  start() {}
}

// --- fs.watchFile -------------------------------------------------------------------

const kRefs = Symbol('kRefs');
const kMaxRefs = Symbol('kMaxRefs');

// Stats of a path that does not exist are all zero; a StatWatcher reports
// such a path once, not at every poll.
class StatWatcher extends EventEmitter {
  constructor(bigint) {
    super();
    this._handle = null;
    this._bigint = Boolean(bigint);
    this._lastStatus = 0;
    // Each watchFile() of the path holds one reference; ref/unref move
    // between 0 and that count, and the handle keeps the loop alive above 0.
    this[kRefs] = 1;
    this[kMaxRefs] = 1;
  }

  [kStart](filename, persistent, interval) {
    if (this._handle !== null) return;
    filename = getValidatedPath(filename, 'filename');
    validateUint32(interval, 'interval');
    this._handle = binding.pollNew();
    this._handle.onchange = (status, current, previous) => this._onchange(status, current, previous);
    if (!persistent) binding.unref(this._handle);
    const err = binding.pollStart(this._handle, filename, interval);
    if (err) {
      binding.close(this._handle);
      this._handle = null;
      throw watchError(err, filename);
    }
  }

  _onchange(status, current, previous) {
    if (status < 0 && this._lastStatus < 0 && current[2] === previous[2]) return;
    this._lastStatus = status;
    const big = this._bigint ? (fields) => fields.map((v) => BigInt(v)) : (fields) => fields;
    this.emit('change', makeStats(big(current)), makeStats(big(previous)));
  }

  _addRef() {
    this[kRefs]++;
    this[kMaxRefs]++;
  }

  _dropRef(all) {
    if (all) {
      this[kRefs] = 0;
      this[kMaxRefs] = 0;
      if (this._handle !== null) binding.unref(this._handle);
      return;
    }
    this[kMaxRefs]--;
    this.unref();
  }

  ref() {
    if (this[kRefs] === this[kMaxRefs]) return this;
    if (this._handle !== null && this[kRefs]++ === 0) binding.ref(this._handle);
    return this;
  }

  unref() {
    if (this[kRefs] === 0) return this;
    if (this._handle !== null && --this[kRefs] === 0) binding.unref(this._handle);
    return this;
  }

  stop() {
    if (this._handle === null) return;
    binding.close(this._handle);
    this._handle = null;
    process.nextTick(() => this.emit('stop'));
  }

  start() {}
}

const statWatchers = new Map();

function watchFile(filename, options, listener) {
  filename = pathModule.resolve(getValidatedPath(filename));
  if (options === null || typeof options !== 'object') {
    listener = options;
    options = null;
  }
  options = { interval: 5007, persistent: true, ...options };
  validateFunction(listener, 'listener');
  let stat = statWatchers.get(filename);
  if (stat === undefined) {
    stat = new StatWatcher(options.bigint);
    stat[kStart](filename, options.persistent, options.interval);
    statWatchers.set(filename, stat);
  } else {
    stat._addRef();
  }
  stat.addListener('change', listener);
  return stat;
}

function unwatchFile(filename, listener) {
  filename = pathModule.resolve(getValidatedPath(filename));
  const stat = statWatchers.get(filename);
  if (stat === undefined) return;
  if (typeof listener === 'function') {
    const before = stat.listenerCount('change');
    stat.removeListener('change', listener);
    if (stat.listenerCount('change') < before) stat._dropRef(false);
  } else {
    stat.removeAllListeners('change');
    stat._dropRef(true);
  }
  if (stat.listenerCount('change') === 0) {
    stat.stop();
    statWatchers.delete(filename);
  }
}

// --- recursive fs.watch on Linux -------------------------------------------------------

function validateEncodingOption(encoding) {
  if (encoding != null && typeof encoding !== 'string') {
    throw new ERR_INVALID_ARG_VALUE('options.encoding', encoding);
  }
}

// Every file and folder under the root has a StatWatcher; a folder that
// changes is read again for new entries, a file whose mtime changes is a
// 'change', one that disappears a 'rename'. Names are relative to the root.
class RecursiveWatcher extends EventEmitter {
  #options;
  #closed = false;
  #entries = new Map();
  #links = new Set();
  #root = '';
  #rootIsFile = false;

  constructor(options) {
    super();
    const { persistent, recursive, signal, encoding } = options;
    if (recursive != null) validateBoolean(recursive, 'options.recursive');
    if (persistent != null) validateBoolean(persistent, 'options.persistent');
    if (signal != null) validateAbortSignal(signal, 'options.signal');
    validateEncodingOption(encoding);
    this.#options = { persistent, signal };
  }

  #relative(file) {
    return pathModule.relative(this.#root, file);
  }

  #readFolder(folder) {
    const fs = require('fs');
    try {
      for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
        if (this.#closed) break;
        const file = pathModule.join(folder, entry.name);
        if (this.#entries.has(file)) continue;
        this.emit('change', 'rename', this.#relative(file));
        if (entry.isSymbolicLink()) this.#links.add(file);
        this.#entries.set(file, entry);
        if (entry.isFile()) this.#watchOne(file);
        else if (entry.isDirectory() && !entry.isSymbolicLink()) this.#readFolder(file);
      }
    } catch (error) {
      this.emit('error', error);
    }
  }

  #forget(prefix) {
    this.#links.delete(prefix);
    for (const file of this.#entries.keys()) {
      if (file.startsWith(prefix)) unwatchFile(file);
    }
  }

  #watchOne(file) {
    if (this.#closed) return;
    const known = this.#entries.get(file);
    watchFile(file, { persistent: this.#options.persistent }, (current, previous) => {
      if (known && !known.isDirectory() && current.nlink !== 0 && known.mtimeMs === current.mtimeMs) {
        return;
      }
      this.#entries.set(file, current);
      if (current.birthtimeMs === 0 && previous.birthtimeMs !== 0) {
        this.#entries.delete(file);
        this.emit('change', 'rename', this.#relative(file));
        this.#forget(file);
      } else if (file === this.#root && this.#rootIsFile) {
        this.emit('change', 'change', pathModule.basename(file));
      } else if (this.#links.has(file)) {
        this.emit('change', 'rename', this.#relative(file));
      } else if (current.isDirectory()) {
        this.#readFolder(file);
      } else {
        this.emit('change', 'change', this.#relative(file));
      }
    });
  }

  [kStart](filename) {
    filename = pathModule.resolve(getValidatedPath(filename));
    let stats;
    try {
      stats = require('fs').statSync(filename);
    } catch (error) {
      if (error.code === 'ENOENT') {
        error.filename = filename;
        throw error;
      }
      return;
    }
    this.#root = filename;
    this.#closed = false;
    this.#rootIsFile = stats.isFile();
    if (!stats.isDirectory()) {
      this.#watchOne(filename);
      return;
    }
    this.#entries.set(filename, stats);
    this.#readFolder(filename);
    for (const file of this.#entries.keys()) this.#watchOne(file);
  }

  close() {
    if (this.#closed) return;
    this.#closed = true;
    for (const file of this.#entries.keys()) unwatchFile(file);
    this.#entries.clear();
    this.#links.clear();
    this.emit('close');
  }

  ref() {
    return this;
  }

  unref() {
    return this;
  }

  [Symbol.asyncIterator]() {
    const { signal } = this.#options;
    const next = () => new Promise((resolve, reject) => {
      const onAbort = () => reject(new AbortError(undefined, { cause: signal.reason }));
      if (signal && signal.aborted) return onAbort();
      if (signal) signal.addEventListener('abort', onAbort, { once: true });
      this.once('change', (eventType, filename) => {
        if (signal) signal.removeEventListener('abort', onAbort);
        resolve({ value: { eventType, filename }, done: false });
      });
    });
    return {
      next: () => (this.#closed ? Promise.resolve({ value: undefined, done: true }) : next()),
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }
}

function closeOnAbort(watcher, signal) {
  if (!signal) return;
  if (signal.aborted) {
    process.nextTick(() => watcher.close());
    return;
  }
  const onAbort = () => watcher.close();
  signal.addEventListener('abort', onAbort, { once: true });
  watcher.once('close', () => signal.removeEventListener('abort', onAbort));
}

function watch(filename, options, listener) {
  if (typeof options === 'function') {
    listener = options;
    options = undefined;
  }
  options = require('internal/fs/utils').getOptions(options);
  options = { ...options };
  if (options.persistent === undefined) options.persistent = true;
  if (options.recursive === undefined) options.recursive = false;
  let watcher;
  if (options.recursive) {
    watcher = new RecursiveWatcher(options);
    watcher[kStart](filename);
  } else {
    validateBoolean(options.recursive, 'options.recursive');
    validateBoolean(options.persistent, 'options.persistent');
    if (options.signal !== undefined) validateAbortSignal(options.signal, 'options.signal');
    validateEncodingOption(options.encoding);
    watcher = new FSWatcher();
    watcher[kStart](filename, options.persistent, false, options.encoding);
  }
  if (listener) watcher.addListener('change', listener);
  closeOnAbort(watcher, options.signal);
  return watcher;
}

// --- fs/promises watch ---------------------------------------------------------------

// Yields { eventType, filename } for each change; ends with an AbortError
// when options.signal aborts.
async function* watchPromises(filename, options = {}) {
  validateObject(options, 'options');
  const { persistent = true, recursive = false, encoding = 'utf8', signal } = options;
  validateBoolean(persistent, 'options.persistent');
  validateBoolean(recursive, 'options.recursive');
  validateAbortSignal(signal, 'options.signal');
  if (encoding && !Buffer.isEncoding(encoding) && encoding !== 'buffer') {
    throw new ERR_INVALID_ARG_VALUE('encoding', encoding, 'is invalid encoding');
  }
  if (signal && signal.aborted) throw new AbortError(undefined, { cause: signal.reason });
  if (recursive) {
    const watcher = new RecursiveWatcher({ persistent, recursive, signal, encoding });
    watcher[kStart](filename);
    try {
      yield* watcher;
    } finally {
      watcher.close();
    }
    return;
  }
  const path = getValidatedPath(filename);
  const watcher = new FSWatcher();
  const queue = [];
  let wake = null;
  let failure = null;
  const notify = () => {
    if (wake) wake();
    wake = null;
  };
  watcher.on('change', (eventType, name) => {
    queue.push({ eventType, filename: name });
    notify();
  });
  watcher.on('error', (err) => {
    failure = err;
    notify();
  });
  const onAbort = () => notify();
  if (signal) signal.addEventListener('abort', onAbort, { once: true });
  try {
    watcher[kStart](path, persistent, false, encoding);
    for (;;) {
      if (signal && signal.aborted) throw new AbortError(undefined, { cause: signal.reason });
      if (queue.length) {
        yield queue.shift();
        continue;
      }
      if (failure) throw failure;
      await new Promise((resolve) => { wake = resolve; });
    }
  } finally {
    watcher._closeHandle();
    if (signal) signal.removeEventListener('abort', onAbort);
  }
}

module.exports = { FSWatcher, StatWatcher, watch, watchFile, unwatchFile, watchPromises };
