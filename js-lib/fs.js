'use strict';
// Built-in module 'fs': callback and *Sync forms over internalBinding('fs')
// (bindings/mod_fs.c). Each binding call takes a last `req` argument:
// undefined runs it synchronously (throwing Node-style errors), a function
// runs it on libuv's thread pool and calls req(err, result).
//
// createReadStream/createWriteStream (ReadStream, WriteStream) are in internal/fs/streams; a
// `stream` module exists; watch/watchFile (internal/fs/watchers); cp; opendir/Dir (internal/fs/dir);
const {
  validateBuffer, validateObject, validateInt32, validateBoolean, validateAbortSignal,
} = require('internal/validators');

const binding = internalBinding('fs');
const { Buffer } = require('buffer');
const pathModule = require('path');
const {
  codes: {
    ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_OUT_OF_RANGE, ERR_FS_FILE_TOO_LARGE,
    ERR_METHOD_NOT_IMPLEMENTED,
  },
  AbortError,
} = require('internal/errors');
const {
  constants, stringToFlags, validateInteger, getValidatedFd, getValidatedPath,
  parseFileMode, getOptions, maybeCallback, isArrayBufferView, validateData, dataToBytes,
  toUnixTimestamp, getValidMode, encodeResult, Stats, makeStats, makeStatFs,
  validatePosition, validateOffsetLengthRead, warnRecursiveRmdir,
  warnOnNonPortableTemplate, onceWarning, validateBufferArray,
  Dirent, direntTypeOfStats, fsEisdirError, symlinkTypeFlag, namesMode, decodeNames, validateStringData, entryPath,
} = require('internal/fs/utils');

const { F_OK } = constants;
const kMaxLength = 2 ** 31 - 1; // Node 20's kIoMaxLength: larger files are ERR_FS_FILE_TOO_LARGE
const kReadChunk = 512 * 1024;

function defaultCloseCallback(err) {
  if (err != null) throw err;
}

// The last argument when it is a function (the callback), validated.
function lastCallback(args) {
  return maybeCallback(args[args.length - 1]);
}

function isFd(path) {
  return typeof path === 'number' && (path >>> 0) === path;
}

function bigintOption(options) {
  return Boolean(options && options.bigint);
}

// --- open / close / read / write ---------------------------------------------

function openSync(path, flags, mode) {
  path = getValidatedPath(path);
  return binding.open(path, stringToFlags(flags), parseFileMode(mode, 'mode', 0o666));
}

function open(path, flags, mode, callback) {
  path = getValidatedPath(path);
  if (typeof flags === 'function') [callback, flags, mode] = [flags, 'r', 0o666];
  else if (typeof mode === 'function') [callback, mode] = [mode, 0o666];
  callback = maybeCallback(callback);
  binding.open(path, stringToFlags(flags), parseFileMode(mode, 'mode', 0o666), callback);
}

function closeSync(fd) {
  binding.close(getValidatedFd(fd));
}

function close(fd, callback = defaultCloseCallback) {
  fd = getValidatedFd(fd);
  if (callback !== defaultCloseCallback) callback = maybeCallback(callback);
  binding.close(fd, (err) => callback(err));
}


// The checks of read and readSync after their arguments are sorted out:
// {offset, length, position}, length 0 when there is nothing to read.
function readArgs(buffer, offset, length, position) {
  if (offset == null) offset = 0;
  else validateInteger(offset, 'offset', 0);
  length |= 0;
  if (length === 0) return { offset, length, position: -1 };
  if (buffer.byteLength === 0) {
    throw new ERR_INVALID_ARG_VALUE('buffer', buffer, 'is empty and cannot be written');
  }
  validateOffsetLengthRead(offset, length, buffer.byteLength);
  return { offset, length, position: validatePosition(position, length) };
}

// The options form of read/readSync: { offset, length, position }.
function readOptions(buffer, options) {
  if (options !== undefined) validateObject(options, 'options', true);
  const { offset = 0, length = buffer.byteLength - offset, position = null } = options ?? {};
  return [offset, length, position];
}

function readSync(fd, buffer, offsetOrOptions, length, position) {
  fd = getValidatedFd(fd);
  validateBuffer(buffer);
  let offset = offsetOrOptions;
  if (arguments.length <= 3 || typeof offsetOrOptions === 'object') {
    [offset, length, position] = readOptions(buffer, offsetOrOptions);
  }
  const a = readArgs(buffer, offset === undefined ? 0 : offset, length, position);
  if (a.length === 0) return 0;
  return binding.read(fd, buffer, a.offset, a.length, a.position);
}

// read(fd, buffer, offset, length, position, cb), read(fd, buffer, options, cb),
// read(fd, options, cb), read(fd, cb).
function read(fd, buffer, offsetOrOptions, length, position, callback) {
  fd = getValidatedFd(fd);
  let offset = offsetOrOptions;
  if (arguments.length <= 4) {
    let params;
    if (arguments.length === 4) {
      validateObject(offsetOrOptions, 'options', true);
      callback = length;
      params = offsetOrOptions;
    } else if (arguments.length === 3) {
      if (!isArrayBufferView(buffer)) {
        params = buffer;
        ({ buffer = Buffer.alloc(16384) } = params ?? {});
      }
      callback = offsetOrOptions;
    } else {
      callback = buffer;
      buffer = Buffer.alloc(16384);
    }
    if (params !== undefined) validateObject(params, 'options', true);
    ({ offset = 0, length = buffer?.byteLength - offset, position = null } = params ?? {});
  }
  validateBuffer(buffer);
  callback = maybeCallback(callback);
  const a = readArgs(buffer, offset, length, position);
  if (a.length === 0) {
    process.nextTick(() => callback(null, 0, buffer));
    return;
  }
  binding.read(fd, buffer, a.offset, a.length, a.position,
    (err, n) => (err ? callback(err) : callback(null, n, buffer)));
}

function validateOffsetLengthWrite(offset, length, byteLength) {
  if (offset > byteLength) throw new ERR_OUT_OF_RANGE('offset', `<= ${byteLength}`, offset);
  if (length > byteLength - offset) {
    throw new ERR_OUT_OF_RANGE('length', `<= ${byteLength - offset}`, length);
  }
  if (length < 0) throw new ERR_OUT_OF_RANGE('length', '>= 0', length);
  validateInt32(length, 'length', 0);
}

// A buffer write's {offset, length, position} (a non-number position: the
// current one).
function bufferWriteArgs(buffer, offsetOrOptions, length, position) {
  let offset = offsetOrOptions;
  if (typeof offset === 'object') {
    ({ offset = 0, length = buffer.byteLength - offset, position = null } = offsetOrOptions ?? {});
  }
  if (offset == null || typeof offset === 'function') offset = 0;
  else validateInteger(offset, 'offset', 0);
  if (typeof position !== 'number') position = null;
  if (typeof length !== 'number') length = buffer.byteLength - offset;
  validateOffsetLengthWrite(offset, length, buffer.byteLength);
  return { offset, length, position: position == null ? -1 : validatePosition(position, length) };
}

// A string write: (string, position, encoding).
function stringWriteBytes(buffer, encoding) {
  validateStringData(buffer, encoding);
  return Buffer.from(buffer, typeof encoding === 'string' ? encoding : 'utf8');
}

function writeSync(fd, buffer, offsetOrOptions, length, position) {
  fd = getValidatedFd(fd);
  if (isArrayBufferView(buffer)) {
    const a = bufferWriteArgs(buffer, offsetOrOptions, length, position);
    return binding.write(fd, buffer, a.offset, a.length, a.position);
  }
  const bytes = stringWriteBytes(buffer, length);
  const pos = typeof offsetOrOptions === 'number' ? offsetOrOptions : -1;
  return binding.write(fd, bytes, 0, bytes.length, pos);
}

function write(fd, buffer, offsetOrOptions, length, position, callback) {
  fd = getValidatedFd(fd);
  if (isArrayBufferView(buffer)) {
    callback = maybeCallback(callback || position || length || offsetOrOptions);
    const a = bufferWriteArgs(buffer, offsetOrOptions, length, position);
    binding.write(fd, buffer, a.offset, a.length, a.position,
      (err, n) => callback(err, n || 0, buffer));
    return;
  }
  validateStringData(buffer);
  let offset = offsetOrOptions;
  if (typeof position !== 'function') {
    if (typeof offset === 'function') {
      position = offset;
      offset = null;
    } else {
      position = length;
    }
    length = 'utf8';
  }
  const bytes = stringWriteBytes(buffer, length);
  callback = maybeCallback(position);
  binding.write(fd, bytes, 0, bytes.length, typeof offset === 'number' ? offset : -1,
    (err, n) => callback(err, n || 0, buffer));
}

// Writes all of bytes synchronously at the current position (or `position`).
function writeAllSync(fd, bytes, position = -1) {
  let off = 0;
  while (off < bytes.length) {
    const n = binding.write(fd, bytes, off, bytes.length - off, position);
    off += n;
    if (position >= 0) position += n;
  }
}

// An aborted `signal` ends it with an AbortError before the next write.
function writeAll(fd, bytes, position, callback, signal) {
  if (signalAborted(signal, callback)) return;
  if (bytes.length === 0) return callback(null);
  binding.write(fd, bytes, 0, bytes.length, position, (err, n) => {
    if (err) return callback(err);
    if (n === bytes.length) return callback(null);
    writeAll(fd, bytes.subarray(n), position >= 0 ? position + n : -1, callback, signal);
  });
}

function signalAborted(signal, callback) {
  if (!signal || !signal.aborted) return false;
  callback(new AbortError(undefined, { cause: signal.reason }));
  return true;
}

// --- readv / writev ------------------------------------------------------------

// position: a number, else the current file position (-1 for the binding).
function vectorPosition(position) {
  return typeof position === 'number' ? position : -1;
}

// The sync and callback forms of readv/writev (binding `name`): the byte
// count; an empty list does no call.
function vectorSync(name) {
  return function(fd, buffers, position) {
    fd = getValidatedFd(fd);
    validateBufferArray(buffers);
    if (buffers.length === 0) return 0;
    return binding[name](fd, buffers, vectorPosition(position));
  };
}

function vectorCallback(name) {
  return function(fd, buffers, position, callback) {
    fd = getValidatedFd(fd);
    validateBufferArray(buffers);
    if (typeof position === 'function') [callback, position] = [position, null];
    callback = maybeCallback(callback);
    if (buffers.length === 0) {
      process.nextTick(callback, null, 0, buffers);
      return;
    }
    binding[name](fd, buffers, vectorPosition(position),
      (err, n) => (err ? callback(err) : callback(null, n, buffers)));
  };
}

const readvSync = vectorSync('readv');
const readv = vectorCallback('readv');
const writevSync = vectorSync('writev');
const writev = vectorCallback('writev');

// util.promisify(fs.read) resolves to { bytesRead, buffer }, and so on.
{
  const kArgs = Symbol.for('shoal.util.promisify.customArgs');
  const results = [[read, 'bytesRead', 'buffer'], [write, 'bytesWritten', 'buffer'],
    [readv, 'bytesRead', 'buffers'], [writev, 'bytesWritten', 'buffers']];
  for (const [fn, ...names] of results) {
    Object.defineProperty(fn, kArgs, { value: names, enumerable: false });
  }
}

// --- statfs ----------------------------------------------------------------------

function statfsSync(path, options = { bigint: false }) {
  return makeStatFs(binding.statfs(getValidatedPath(path), bigintOption(options)));
}

function statfs(path, options = { bigint: false }, callback) {
  if (typeof options === 'function') [callback, options] = [options, {}];
  callback = maybeCallback(callback);
  binding.statfs(getValidatedPath(path), bigintOption(options),
    (err, fields) => (err ? callback(err) : callback(null, makeStatFs(fields))));
}

// --- stat ----------------------------------------------------------------------

function statSync(path, options = { bigint: false, throwIfNoEntry: true }) {
  path = getValidatedPath(path);
  try {
    return makeStats(binding.stat(path, bigintOption(options)));
  } catch (err) {
    if (options.throwIfNoEntry === false && err.code === 'ENOENT') return undefined;
    throw err;
  }
}

function lstatSync(path, options = { bigint: false, throwIfNoEntry: true }) {
  path = getValidatedPath(path);
  try {
    return makeStats(binding.lstat(path, bigintOption(options)));
  } catch (err) {
    if (options.throwIfNoEntry === false && err.code === 'ENOENT') return undefined;
    throw err;
  }
}

function fstatSync(fd, options = { bigint: false }) {
  return makeStats(binding.fstat(getValidatedFd(fd), bigintOption(options)));
}

function statCallback(callback) {
  return (err, fields) => (err ? callback(err) : callback(null, makeStats(fields)));
}

function stat(path, options = { bigint: false }, callback) {
  if (typeof options === 'function') [callback, options] = [options, {}];
  callback = maybeCallback(callback);
  binding.stat(getValidatedPath(path), bigintOption(options), statCallback(callback));
}

function lstat(path, options = { bigint: false }, callback) {
  if (typeof options === 'function') [callback, options] = [options, {}];
  callback = maybeCallback(callback);
  binding.lstat(getValidatedPath(path), bigintOption(options), statCallback(callback));
}

function fstat(fd, options = { bigint: false }, callback) {
  if (typeof options === 'function') [callback, options] = [options, {}];
  callback = maybeCallback(callback);
  binding.fstat(getValidatedFd(fd), bigintOption(options), statCallback(callback));
}

// --- readFile / writeFile / appendFile ---------------------------------------------

function decodeFileData(buffer, options) {
  return options.encoding && options.encoding !== 'buffer'
    ? buffer.toString(options.encoding) : buffer;
}

function readFileSync(path, options) {
  options = getOptions(options, { flag: 'r' });
  const userFd = isFd(path);
  const fd = userFd ? path : openSync(path, options.flag || 'r', 0o666);
  let buffer;
  try {
    buffer = readAllSync(fd);
  } finally {
    if (!userFd) closeSync(fd);
  }
  return decodeFileData(buffer, options);
}

function readAllSync(fd) {
  const st = binding.fstat(fd, false);
  const size = (st[1] & constants.S_IFMT) === constants.S_IFREG ? st[8] : 0;
  if (size > kMaxLength) throw new ERR_FS_FILE_TOO_LARGE(size);
  if (size > 0) {
    const buf = Buffer.allocUnsafe(size);
    let n = 0;
    while (n < size) {
      const r = binding.read(fd, buf, n, size - n, -1);
      if (r === 0) break;
      n += r;
    }
    return n < size ? buf.subarray(0, n) : buf;
  }
  const chunks = [];
  for (;;) {
    const chunk = Buffer.allocUnsafe(8192);
    const r = binding.read(fd, chunk, 0, chunk.length, -1);
    if (r === 0) break;
    chunks.push(chunk.subarray(0, r));
  }
  return Buffer.concat(chunks);
}

// Reads what is left of fd asynchronously: callback(err, buffer); an
// aborted `signal` ends it with an AbortError before the next read.
function readAll(fd, callback, signal) {
  binding.fstat(fd, false, (err, st) => {
    if (err) return callback(err);
    const size = (st[1] & constants.S_IFMT) === constants.S_IFREG ? st[8] : 0;
    if (size > kMaxLength) return callback(new ERR_FS_FILE_TOO_LARGE(size));
    const chunks = [];
    let total = 0;
    const next = () => {
      if (signalAborted(signal, callback)) return;
      const want = size > 0 ? Math.min(kReadChunk, size - total) : kReadChunk;
      if (size > 0 && want === 0) return callback(null, Buffer.concat(chunks, total));
      const chunk = Buffer.allocUnsafe(want);
      binding.read(fd, chunk, 0, want, -1, (err2, n) => {
        if (err2) return callback(err2);
        if (n === 0) return callback(null, Buffer.concat(chunks, total));
        chunks.push(n < want ? chunk.subarray(0, n) : chunk);
        total += n;
        next();
      });
    };
    next();
  });
}

function readFile(path, options, callback) {
  callback = maybeCallback(callback || options);
  options = getOptions(options, { flag: 'r' });
  const finish = (err, buffer) => {
    if (err) return callback(err);
    let data;
    try {
      data = decodeFileData(buffer, options);
    } catch (e) {
      return callback(e);
    }
    callback(null, data);
  };
  const { signal } = options;
  if (signal !== undefined) validateAbortSignal(signal, 'options.signal');
  if (isFd(path)) return readAll(path, finish, signal);
  path = getValidatedPath(path);
  if (signalAborted(signal, callback)) return;
  const flags = stringToFlags(options.flag || 'r');
  binding.open(path, flags, 0o666, (err, fd) => {
    if (err) return callback(err);
    readAll(fd, (err2, buffer) => {
      binding.close(fd, (err3) => finish(err2 || err3, buffer));
    }, signal);
  });
}

// writeFile/appendFile options; `flush: true` syncs the data to the disk
// (through fs.fsync/fsyncSync, as Node) before the file is closed.
function writeFileOptions(options, flag) {
  options = getOptions(options, { encoding: 'utf8', mode: 0o666, flag });
  validateBoolean(options.flush ?? false, 'options.flush');
  return options;
}

function writeFileSync(path, data, options) {
  options = writeFileOptions(options, 'w');
  validateData(data);
  const bytes = dataToBytes(data, options.encoding);
  const isUserFd = isFd(path);
  const fd = isUserFd ? path : openSync(path, options.flag || 'w', options.mode);
  try {
    writeAllSync(fd, bytes);
    if (options.flush) module.exports.fsyncSync(fd);
  } finally {
    if (!isUserFd) closeSync(fd);
  }
}

function writeFileWith(path, data, options, callback) {
  validateData(data);
  const { signal } = options;
  if (signal !== undefined) validateAbortSignal(signal, 'options.signal');
  const bytes = dataToBytes(data, options.encoding);
  const written = (fd, done) => writeAll(fd, bytes, -1, (err) => {
    if (err || !options.flush) done(err);
    else module.exports.fsync(fd, done);
  }, signal);
  if (isFd(path)) return written(path, callback);
  path = getValidatedPath(path);
  if (signalAborted(signal, callback)) return;
  const flags = stringToFlags(options.flag || 'w');
  const mode = parseFileMode(options.mode, 'mode', 0o666);
  binding.open(path, flags, mode, (err, fd) => {
    if (err) return callback(err);
    written(fd, (err2) => {
      binding.close(fd, (err3) => callback(err2 || err3 || null));
    });
  });
}

function writeFile(path, data, options, callback) {
  callback = maybeCallback(callback || options);
  writeFileWith(path, data, writeFileOptions(options, 'w'), callback);
}

function appendFileSync(path, data, options) {
  options = writeFileOptions(options, 'a');
  options = { ...options, flag: options.flag || 'a' };
  writeFileSync(path, data, options);
}

function appendFile(path, data, options, callback) {
  callback = maybeCallback(callback || options);
  options = writeFileOptions(options, 'a');
  options = { ...options, flag: options.flag || 'a' };
  writeFileWith(path, data, options, callback);
}

// --- directories -----------------------------------------------------------------

// The entries of readdir(path, withTypes) as Dirents; unknown types are lstat'ed.
function toDirentsSync(path, result) {
  const [names, types] = result;
  return names.map((name, i) => {
    let type = types[i];
    if (type === 0) type = direntTypeOfStats(lstatSync(pathModule.join(path, name)));
    return new Dirent(name, type, path);
  });
}

function readdirRecursiveSync(base, withTypes) {
  const results = [];
  const queue = [base];
  for (let i = 0; i < queue.length; i++) {
    const dir = queue[i];
    if (withTypes) {
      for (const d of toDirentsSync(dir, binding.readdir(dir, true))) {
        results.push(d);
        if (d.isDirectory()) queue.push(pathModule.join(d.path, d.name));
      }
    } else {
      for (const name of binding.readdir(dir, false)) {
        const full = pathModule.join(dir, name);
        results.push(pathModule.relative(base, full));
        if (binding.internalModuleStat(full) === 1) queue.push(full);
      }
    }
  }
  return results;
}

function readdirSync(path, options) {
  options = getOptions(options);
  path = getValidatedPath(path);
  const withTypes = Boolean(options.withFileTypes);
  if (options.recursive) return readdirRecursiveSync(path, withTypes);
  if (withTypes) return toDirentsSync(path, binding.readdir(path, true));
  return decodeNames(binding.readdir(path, namesMode(options.encoding)), options.encoding);
}

// Dirents for an async readdir: callback(err, dirents).
function toDirents(path, result, callback) {
  const [names, types] = result;
  const out = names.map((name, i) => new Dirent(name, types[i], path));
  let pending = 1;
  const done = (err) => {
    if (pending <= 0) return;
    if (err) {
      pending = 0;
      return callback(err);
    }
    if (--pending === 0) callback(null, out);
  };
  out.forEach((d, i) => {
    if (types[i] !== 0) return;
    pending++;
    binding.lstat(pathModule.join(path, d.name), false, (err, fields) => {
      if (!err) d[Object.getOwnPropertySymbols(d)[0]] = direntTypeOfStats(makeStats(fields));
      done(err);
    });
  });
  done(null);
}

function readdirRecursive(base, withTypes, callback) {
  const results = [];
  const queue = [base];
  let i = 0;
  const next = () => {
    if (i >= queue.length) return callback(null, results);
    const dir = queue[i++];
    binding.readdir(dir, true, (err, result) => {
      if (err) return callback(err);
      toDirents(dir, result, (err2, dirents) => {
        if (err2) return callback(err2);
        for (const d of dirents) {
          const full = pathModule.join(dir, d.name);
          results.push(withTypes ? d : pathModule.relative(base, full));
          if (d.isDirectory()) queue.push(full);
        }
        next();
      });
    });
  };
  next();
}

function readdir(path, options, callback) {
  callback = maybeCallback(typeof options === 'function' ? options : callback);
  options = getOptions(options);
  path = getValidatedPath(path);
  const withTypes = Boolean(options.withFileTypes);
  if (options.recursive) return readdirRecursive(path, withTypes, callback);
  binding.readdir(path, withTypes || namesMode(options.encoding), (err, result) => {
    if (err) return callback(err);
    if (withTypes) return toDirents(path, result, callback);
    callback(null, decodeNames(result, options.encoding));
  });
}

function mkdirOptions(options) {
  let mode = 0o777;
  let recursive = false;
  if (typeof options === 'number' || typeof options === 'string') {
    mode = options;
  } else if (options) {
    if (options.recursive !== undefined) recursive = options.recursive;
    if (options.mode !== undefined) mode = options.mode;
  }
  if (typeof recursive !== 'boolean') {
    throw new ERR_INVALID_ARG_TYPE('options.recursive', 'boolean', recursive);
  }
  return { mode: parseFileMode(mode, 'mode'), recursive };
}

function isDirectorySync(path) {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

// mkdir -p: returns the first directory created (undefined if none), as
// given (Node neither resolves nor normalizes: `a/../b` creates `a` too).
function mkdirpSync(path, mode) {
  try {
    binding.mkdir(path, mode);
    return path;
  } catch (err) {
    if (err.code === 'ENOENT') {
      const parent = pathModule.dirname(path);
      if (parent === path) throw err;
      const first = mkdirpSync(parent, mode);
      try {
        binding.mkdir(path, mode);
      } catch (err2) {
        // `a/..` exists once `a` does.
        if (err2.code !== 'EEXIST' || !isDirectorySync(path)) throw err2;
      }
      return first;
    }
    if (err.code === 'EEXIST' && isDirectorySync(path)) return undefined;
    throw err;
  }
}

function mkdirSync(path, options) {
  path = getValidatedPath(path);
  const { mode, recursive } = mkdirOptions(options);
  if (recursive) return mkdirpSync(`${path}`, mode);
  binding.mkdir(path, mode);
}

function mkdirp(path, mode, callback) {
  binding.mkdir(path, mode, (err) => {
    if (!err) return callback(null, path);
    if (err.code === 'ENOENT') {
      const parent = pathModule.dirname(path);
      if (parent === path) return callback(err);
      return mkdirp(parent, mode, (err2, first) => {
        if (err2) return callback(err2);
        // Once more, without going up again (`a/..` exists once `a` does).
        binding.mkdir(path, mode, (err3) => existingDir(path, err3, (err4) => callback(err4, first)));
      });
    }
    existingDir(path, err, (err2) => callback(err2, undefined));
  });
}

// callback(null) when err is EEXIST for a directory, else callback(err).
function existingDir(path, err, callback) {
  if (!err || err.code !== 'EEXIST') return callback(err || null);
  binding.stat(path, false, (err2, fields) => {
    callback(!err2 && makeStats(fields).isDirectory() ? null : err);
  });
}

function mkdir(path, options, callback) {
  if (typeof options === 'function') [callback, options] = [options, undefined];
  callback = maybeCallback(callback);
  path = getValidatedPath(path);
  const { mode, recursive } = mkdirOptions(options);
  if (recursive) return mkdirp(`${path}`, mode, (err, first) => callback(err, first));
  binding.mkdir(path, mode, (err) => callback(err));
}

function mkdtempSync(prefix, options) {
  options = getOptions(options);
  prefix = getValidatedPath(prefix, 'prefix');
  warnOnNonPortableTemplate(prefix);
  return encodeResult(binding.mkdtemp(`${prefix}XXXXXX`), options.encoding);
}

function mkdtemp(prefix, options, callback) {
  callback = maybeCallback(typeof options === 'function' ? options : callback);
  options = getOptions(options);
  prefix = getValidatedPath(prefix, 'prefix');
  warnOnNonPortableTemplate(prefix);
  binding.mkdtemp(`${prefix}XXXXXX`, (err, p) =>
    (err ? callback(err) : callback(null, encodeResult(p, options.encoding))));
}

// --- removal -----------------------------------------------------------------------

function rmOptions(options) {
  options = { recursive: false, force: false, maxRetries: 0, retryDelay: 100, ...options };
  for (const key of ['recursive', 'force']) {
    if (typeof options[key] !== 'boolean') {
      throw new ERR_INVALID_ARG_TYPE(`options.${key}`, 'boolean', options[key]);
    }
  }
  return options;
}

function rimrafSync(path) {
  const st = binding.lstat(path, false);
  if ((st[1] & constants.S_IFMT) !== constants.S_IFDIR) return binding.unlink(path);
  for (const name of binding.readdir(path, 2)) rimrafSync(entryPath(path, name));
  binding.rmdir(path);
}

function rmSync(path, options) {
  path = getValidatedPath(path);
  options = rmOptions(options);
  const st = lstatSync(path, { throwIfNoEntry: !options.force });
  if (!st) return;
  if (st.isDirectory() && !options.recursive) throw fsEisdirError(path);
  try {
    rimrafSync(path);
  } catch (err) {
    if (!(options.force && err.code === 'ENOENT')) throw err;
  }
}

function rimraf(path, callback) {
  binding.lstat(path, false, (err, st) => {
    if (err) return callback(err);
    if ((st[1] & constants.S_IFMT) !== constants.S_IFDIR) return binding.unlink(path, callback);
    binding.readdir(path, 2, (err2, names) => {
      if (err2) return callback(err2);
      let pending = names.length + 1;
      let failed = false;
      const done = (err3) => {
        if (failed) return;
        if (err3) {
          failed = true;
          return callback(err3);
        }
        if (--pending === 0) binding.rmdir(path, callback);
      };
      for (const name of names) rimraf(entryPath(path, name), done);
      done(null);
    });
  });
}

function rm(path, options, callback) {
  if (typeof options === 'function') [callback, options] = [options, undefined];
  callback = maybeCallback(callback);
  path = getValidatedPath(path);
  options = rmOptions(options);
  binding.lstat(path, false, (err, fields) => {
    if (err) return callback(err.code === 'ENOENT' && options.force ? null : err);
    if (makeStats(fields).isDirectory() && !options.recursive) {
      return callback(fsEisdirError(path));
    }
    rimraf(path, (err2) => {
      if (err2 && !(options.force && err2.code === 'ENOENT')) return callback(err2);
      callback(null);
    });
  });
}

// rmdir with { recursive: true } removes a tree, but only from a directory:
// a file is left to rmdir's own ENOTDIR, a missing path fails with ENOENT.
function rmdirSync(path, options) {
  path = getValidatedPath(path);
  if (options && options.recursive) {
    warnRecursiveRmdir();
    if (lstatSync(path).isDirectory()) return rmSync(path, { ...options, force: false });
  }
  binding.rmdir(path);
}

function rmdir(path, options, callback) {
  if (typeof options === 'function') [callback, options] = [options, undefined];
  callback = maybeCallback(callback);
  path = getValidatedPath(path);
  if (!(options && options.recursive)) {
    binding.rmdir(path, (err) => callback(err));
    return;
  }
  warnRecursiveRmdir();
  lstat(path, (err, stats) => {
    if (err) callback(err);
    else if (stats.isDirectory()) rm(path, { ...options, force: false }, callback);
    else binding.rmdir(path, (rmErr) => callback(rmErr));
  });
}

// --- simple path calls -----------------------------------------------------------

function unlinkSync(path) {
  binding.unlink(getValidatedPath(path));
}

function unlink(path, callback) {
  callback = maybeCallback(callback);
  binding.unlink(getValidatedPath(path), (err) => callback(err));
}

function renameSync(oldPath, newPath) {
  binding.rename(getValidatedPath(oldPath, 'oldPath'), getValidatedPath(newPath, 'newPath'));
}

function rename(oldPath, newPath, callback) {
  callback = maybeCallback(callback);
  binding.rename(getValidatedPath(oldPath, 'oldPath'), getValidatedPath(newPath, 'newPath'),
    (err) => callback(err));
}

const copyFileMode = (mode) => getValidMode(mode, 0);

function copyFileSync(src, dest, mode) {
  binding.copyFile(getValidatedPath(src, 'src'), getValidatedPath(dest, 'dest'),
    copyFileMode(mode));
}

function copyFile(src, dest, mode, callback) {
  if (typeof mode === 'function') [callback, mode] = [mode, 0];
  callback = maybeCallback(callback);
  binding.copyFile(getValidatedPath(src, 'src'), getValidatedPath(dest, 'dest'),
    copyFileMode(mode), (err) => callback(err));
}

const accessMode = (mode) => getValidMode(mode, F_OK);

function accessSync(path, mode) {
  binding.access(getValidatedPath(path), accessMode(mode));
}

function access(path, mode, callback) {
  if (typeof mode === 'function') [callback, mode] = [mode, F_OK];
  callback = maybeCallback(callback);
  binding.access(getValidatedPath(path), accessMode(mode), (err) => callback(err));
}

function existsSync(path) {
  try {
    path = getValidatedPath(path);
    binding.access(path, F_OK);
    return true;
  } catch {
    return false;
  }
}

function exists(path, callback) {
  callback = maybeCallback(callback);
  try {
    path = getValidatedPath(path);
  } catch {
    return process.nextTick(() => callback(false));
  }
  binding.access(path, F_OK, (err) => callback(!err));
}

// util.promisify(fs.exists) resolves to the boolean (the callback has no error).
Object.defineProperty(exists, Symbol.for('nodejs.util.promisify.custom'), {
  value: {
    exists(path) {
      return new Promise((resolve) => exists(path, resolve));
    },
  }.exists,
  enumerable: false,
});

// Node's JavaScript realpath reports the first path component that lstat
// fails on; find it after the native call failed.
// realpath(3) fails on a link to a pipe or socket (/dev/stdin ->
// /proc/self/fd/0 -> 'pipe:[N]'); Node's component walk answers the path
// that link names. Returns it, or null when path is no such link.
function realpathOfPipeLink(path) {
  let p = pathModule.resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    const parts = p.split('/').filter(Boolean);
    let cur = '/';
    let relinked = false;
    for (let i = 0; i < parts.length && !relinked; i++) {
      const next = pathModule.join(cur, parts[i]);
      if (!makeStats(binding.lstat(next, false)).isSymbolicLink()) {
        cur = next;
        continue;
      }
      const target = pathModule.resolve(cur, binding.readlink(next));
      if (!existsSync(target)) {
        const st = makeStats(binding.stat(next, false));
        return i === parts.length - 1 && (st.isFIFO() || st.isSocket()) ? target : null;
      }
      p = pathModule.join(target, ...parts.slice(i + 1));
      relinked = true;
    }
    if (!relinked) return null;
  }
  return null;
}

function realpathErrorSync(path, err) {
  if (err.code === 'ENOENT' && typeof path === 'string') {
    let res = null;
    try {
      res = realpathOfPipeLink(path);
    } catch {
      // the original error below
    }
    if (res !== null) return res;
  }
  const abs = pathModule.resolve(path);
  let cur = '/';
  for (const part of abs.split('/').filter(Boolean)) {
    cur = pathModule.join(cur, part);
    binding.lstat(cur, false);
  }
  throw err;
}

function realpathSync(path, options) {
  options = getOptions(options);
  path = getValidatedPath(path);
  let res;
  try {
    res = binding.realpath(path);
  } catch (err) {
    res = realpathErrorSync(path, err);
  }
  return encodeResult(res, options.encoding);
}

realpathSync.native = function realpathSyncNative(path, options) {
  options = getOptions(options);
  return encodeResult(binding.realpath(getValidatedPath(path)), options.encoding);
};

function realpath(path, options, callback) {
  callback = maybeCallback(typeof options === 'function' ? options : callback);
  options = getOptions(options);
  path = getValidatedPath(path);
  binding.realpath(path, (err, res) => {
    if (!err) return callback(null, encodeResult(res, options.encoding));
    let found;
    try {
      found = realpathErrorSync(path, err);
    } catch (e) {
      return callback(e);
    }
    callback(null, encodeResult(found, options.encoding));
  });
}

realpath.native = function realpathNative(path, options, callback) {
  callback = maybeCallback(typeof options === 'function' ? options : callback);
  options = getOptions(options);
  binding.realpath(getValidatedPath(path), (err, res) =>
    (err ? callback(err) : callback(null, encodeResult(res, options.encoding))));
};

function readlinkSync(path, options) {
  options = getOptions(options);
  return encodeResult(binding.readlink(getValidatedPath(path, 'oldPath')), options.encoding);
}

function readlink(path, options, callback) {
  callback = maybeCallback(typeof options === 'function' ? options : callback);
  options = getOptions(options);
  binding.readlink(getValidatedPath(path, 'oldPath'), (err, res) =>
    (err ? callback(err) : callback(null, encodeResult(res, options.encoding))));
}

function symlinkSync(target, path, type) {
  target = getValidatedPath(target, 'target');
  binding.symlink(target, getValidatedPath(path), symlinkTypeFlag(type));
}

function symlink(target, path, type, callback) {
  callback = maybeCallback(typeof type === 'function' ? type : callback);
  target = getValidatedPath(target, 'target');
  path = getValidatedPath(path);
  binding.symlink(target, path, symlinkTypeFlag(type), (err) => callback(err));
}

function linkSync(existingPath, newPath) {
  binding.link(getValidatedPath(existingPath, 'existingPath'), getValidatedPath(newPath, 'newPath'));
}

function link(existingPath, newPath, callback) {
  callback = maybeCallback(callback);
  binding.link(getValidatedPath(existingPath, 'existingPath'),
    getValidatedPath(newPath, 'newPath'), (err) => callback(err));
}

function chmodSync(path, mode) {
  binding.chmod(getValidatedPath(path), parseFileMode(mode, 'mode'));
}

function chmod(path, mode, callback) {
  callback = maybeCallback(callback);
  binding.chmod(getValidatedPath(path), parseFileMode(mode, 'mode'), (err) => callback(err));
}

function fchmodSync(fd, mode) {
  binding.fchmod(getValidatedFd(fd), parseFileMode(mode, 'mode'));
}

function fchmod(fd, mode, callback) {
  callback = maybeCallback(callback);
  binding.fchmod(getValidatedFd(fd), parseFileMode(mode, 'mode'), (err) => callback(err));
}

function validateId(id, name) {
  validateInteger(id, name, -1, 4294967295);
  return id;
}

function chownSync(path, uid, gid) {
  binding.chown(getValidatedPath(path), validateId(uid, 'uid'), validateId(gid, 'gid'));
}

function chown(path, uid, gid, callback) {
  callback = maybeCallback(callback);
  binding.chown(getValidatedPath(path), validateId(uid, 'uid'), validateId(gid, 'gid'),
    (err) => callback(err));
}

function lchownSync(path, uid, gid) {
  binding.lchown(getValidatedPath(path), validateId(uid, 'uid'), validateId(gid, 'gid'));
}

function lchown(path, uid, gid, callback) {
  callback = maybeCallback(callback);
  binding.lchown(getValidatedPath(path), validateId(uid, 'uid'), validateId(gid, 'gid'),
    (err) => callback(err));
}

function fchownSync(fd, uid, gid) {
  binding.fchown(getValidatedFd(fd), validateId(uid, 'uid'), validateId(gid, 'gid'));
}

function fchown(fd, uid, gid, callback) {
  callback = maybeCallback(callback);
  binding.fchown(getValidatedFd(fd), validateId(uid, 'uid'), validateId(gid, 'gid'),
    (err) => callback(err));
}

function utimesSync(path, atime, mtime) {
  binding.utimes(getValidatedPath(path), toUnixTimestamp(atime), toUnixTimestamp(mtime));
}

function utimes(path, atime, mtime, callback) {
  callback = maybeCallback(callback);
  binding.utimes(getValidatedPath(path), toUnixTimestamp(atime), toUnixTimestamp(mtime),
    (err) => callback(err));
}

function lutimesSync(path, atime, mtime) {
  binding.lutimes(getValidatedPath(path), toUnixTimestamp(atime), toUnixTimestamp(mtime));
}

function lutimes(path, atime, mtime, callback) {
  callback = maybeCallback(callback);
  binding.lutimes(getValidatedPath(path), toUnixTimestamp(atime), toUnixTimestamp(mtime),
    (err) => callback(err));
}

function futimesSync(fd, atime, mtime) {
  binding.futimes(getValidatedFd(fd), toUnixTimestamp(atime, 'atime'),
    toUnixTimestamp(mtime, 'mtime'));
}

function futimes(fd, atime, mtime, callback) {
  callback = maybeCallback(callback);
  binding.futimes(getValidatedFd(fd), toUnixTimestamp(atime, 'atime'),
    toUnixTimestamp(mtime, 'mtime'), (err) => callback(err));
}

// --- descriptor calls ------------------------------------------------------------

function fsyncSync(fd) {
  binding.fsync(getValidatedFd(fd));
}

function fsync(fd, callback) {
  callback = maybeCallback(callback);
  binding.fsync(getValidatedFd(fd), (err) => callback(err));
}

function fdatasyncSync(fd) {
  binding.fdatasync(getValidatedFd(fd));
}

function fdatasync(fd, callback) {
  callback = maybeCallback(callback);
  binding.fdatasync(getValidatedFd(fd), (err) => callback(err));
}

function truncateLength(len) {
  if (len == null) return 0;
  validateInteger(len, 'len');
  return Math.max(0, len);
}

function ftruncateSync(fd, len = 0) {
  binding.ftruncate(getValidatedFd(fd), truncateLength(len));
}

function ftruncate(fd, len = 0, callback) {
  if (typeof len === 'function') [callback, len] = [len, 0];
  callback = maybeCallback(callback);
  binding.ftruncate(getValidatedFd(fd), truncateLength(len), (err) => callback(err));
}

function truncateSync(path, len) {
  if (isFd(path)) return ftruncateSync(path, len);
  len = truncateLength(len);
  const fd = openSync(path, 'r+');
  try {
    binding.ftruncate(fd, len);
  } finally {
    closeSync(fd);
  }
}

// DEP0081: truncate takes a path; ftruncate takes the descriptor.
const warnTruncateFd = onceWarning('Using fs.truncate with a file descriptor is deprecated.' +
  ' Please use fs.ftruncate with a file descriptor instead.', 'DeprecationWarning', 'DEP0081');

function truncate(path, len, callback) {
  if (typeof len === 'function') [callback, len] = [len, 0];
  callback = maybeCallback(callback);
  if (isFd(path)) {
    warnTruncateFd();
    return ftruncate(path, len, callback);
  }
  len = truncateLength(len);
  binding.open(getValidatedPath(path), stringToFlags('r+'), 0o666, (err, fd) => {
    if (err) return callback(err);
    binding.ftruncate(fd, len, (err2) => {
      binding.close(fd, (err3) => callback(err2 || err3 || null));
    });
  });
}

// File streams live in internal/fs/streams (loaded on first use).
function createReadStream(path, options) {
  return require('internal/fs/streams').createReadStream(path, options);
}

function createWriteStream(path, options) {
  return require('internal/fs/streams').createWriteStream(path, options);
}

module.exports = {
  appendFile, appendFileSync, access, accessSync, chown, chownSync, chmod, chmodSync,
  close, closeSync, copyFile, copyFileSync, createReadStream, createWriteStream,
  exists, existsSync, fchown, fchownSync, fchmod, fchmodSync, fdatasync, fdatasyncSync,
  fstat, fstatSync, fsync, fsyncSync, ftruncate, ftruncateSync, futimes, futimesSync,
  lchown, lchownSync, link, linkSync, lstat, lstatSync, lutimes, lutimesSync,
  mkdir, mkdirSync, mkdtemp, mkdtempSync, open, openSync, readdir, readdirSync,
  read, readSync, readFile, readFileSync, readlink, readlinkSync, realpath, realpathSync,
  rename, renameSync, rm, rmSync, rmdir, rmdirSync, stat, statSync, symlink, symlinkSync,
  truncate, truncateSync, unlink, unlinkSync, utimes, utimesSync, writeFile, writeFileSync,
  write, writeSync, readv, readvSync, writev, writevSync, statfs, statfsSync,
  Dirent, Stats,
  _toUnixTimestamp: toUnixTimestamp,
  F_OK: constants.F_OK, R_OK: constants.R_OK, W_OK: constants.W_OK, X_OK: constants.X_OK,
  constants,
};

Object.defineProperty(module.exports, 'promises', {
  enumerable: true,
  configurable: true,
  get() {
    return require('fs/promises');
  },
});

{
  const { Dir, opendir, opendirSync } = require('internal/fs/dir');
  Object.assign(module.exports, { Dir, opendir, opendirSync });
}

{
  const watchers = require('internal/fs/watchers');
  module.exports.watch = watchers.watch;
  module.exports.watchFile = watchers.watchFile;
  module.exports.unwatchFile = watchers.unwatchFile;
}

for (const name of ['ReadStream', 'WriteStream']) {
  Object.defineProperty(module.exports, name, {
    enumerable: true,
    configurable: true,
    get() {
      return require('internal/fs/streams')[name];
    },
  });
}
