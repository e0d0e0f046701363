'use strict';
// Built-in module 'fs/promises' (also fs.promises): promise forms of the fs
// calls, and FileHandle from open(). Every call runs on libuv's thread pool
// through internalBinding('fs') with a completion callback.

const binding = internalBinding('fs');
const { Buffer } = require('buffer');
const pathModule = require('path');
const { EventEmitter } = require('events');
const {
  codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_OUT_OF_RANGE, ERR_FS_FILE_TOO_LARGE },
  AbortError,
} = require('internal/errors');
const { validateBuffer, validateBoolean, validateObject } = require('internal/validators');
const {
  constants, stringToFlags, validateInteger, getValidatedPath, parseFileMode,
  getOptions, isArrayBufferView, validateData, dataToBytes, toUnixTimestamp, getValidMode,
  encodeResult,
  makeStats, makeStatFs, Dirent, validatePosition, validateOffsetLengthRead,
  warnRecursiveRmdir, warnOnNonPortableTemplate, validateBufferArray,
  direntTypeOfStats, fsEisdirError, symlinkTypeFlag, namesMode, decodeNames, validateStringData, entryPath,
} = require('internal/fs/utils');

const kMaxLength = 2 ** 31 - 1; // Node 20's kIoMaxLength: larger files are ERR_FS_FILE_TOO_LARGE
const kReadChunk = 512 * 1024;

// Runs binding[name](...args, req) and settles with its result.
function call(name, ...args) {
  return new Promise((resolve, reject) => {
    binding[name](...args, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

function nullProto(obj) {
  return Object.assign(Object.create(null), obj);
}

function closedError(syscall) {
  const err = new Error('file closed');
  err.code = 'EBADF';
  err.syscall = syscall;
  return err;
}

// --- FileHandle --------------------------------------------------------------

// The descriptor of an open handle (its methods called on another object:
// Node's internal assertion).
function openFd(handle, syscall) {
  if (!(handle instanceof FileHandle)) {
    throw new (require('internal/errors').codes.ERR_INTERNAL_ASSERTION)('handle must be an instance of FileHandle');
  }
  if (handle[kFd] < 0) throw closedError(syscall);
  return handle[kFd];
}

const kFd = Symbol('kFd');

// An EventEmitter as Node's ('close' once closed).
class FileHandle extends EventEmitter {
  constructor(fd) {
    super();
    this[kFd] = fd;
  }

  get fd() {
    return this[kFd];
  }

  checkOpen(syscall) {
    return openFd(this, syscall);
  }

  async close() {
    if (this[kFd] < 0) return undefined;
    const fd = this[kFd];
    this[kFd] = -1;
    try {
      await call('close', fd);
    } finally {
      this.emit('close');
    }
    return undefined;
  }

  async [Symbol.asyncDispose]() {
    return this.close();
  }

  async readv(buffers, position) {
    const fd = openFd(this, 'read');
    validateBufferArray(buffers);
    const bytesRead = buffers.length === 0 ? 0
      : await call('readv', fd, buffers, typeof position === 'number' ? position : -1);
    return nullProto({ bytesRead, buffers });
  }

  async writev(buffers, position) {
    const fd = openFd(this, 'write');
    validateBufferArray(buffers);
    const bytesWritten = buffers.length === 0 ? 0
      : await call('writev', fd, buffers, typeof position === 'number' ? position : -1);
    return nullProto({ bytesWritten, buffers });
  }

  createReadStream(options = undefined) {
    openFd(this, 'read');
    const { ReadStream } = require('internal/fs/streams');
    return new ReadStream(undefined, { ...options, fd: this });
  }

  createWriteStream(options = undefined) {
    openFd(this, 'write');
    const { WriteStream } = require('internal/fs/streams');
    return new WriteStream(undefined, { ...options, fd: this });
  }

  readLines(options = undefined) {
    const { Interface } = require('readline');
    return new Interface({ input: this.createReadStream(options), crlfDelay: Infinity });
  }

  async read(buffer, offset, length, position) {
    const fd = openFd(this, 'read');
    if (!isArrayBufferView(buffer)) {
      if (buffer != null) validateObject(buffer, 'options');
      ({
        buffer = Buffer.alloc(16384), offset = 0, length = buffer.byteLength - offset, position = null,
      } = buffer ?? {});
      validateBuffer(buffer);
    }
    if (offset !== null && typeof offset === 'object') {
      ({ offset = 0, length = buffer.byteLength - offset, position = null } = offset);
    }
    if (offset == null) offset = 0;
    else validateInteger(offset, 'offset', 0);
    length ??= buffer.byteLength - offset;
    if (length === 0) return nullProto({ bytesRead: 0, buffer });
    if (buffer.byteLength === 0) {
      throw new ERR_INVALID_ARG_VALUE('buffer', buffer, 'is empty and cannot be written');
    }
    validateOffsetLengthRead(offset, length, buffer.byteLength);
    const pos = validatePosition(position, length);
    const bytesRead = await call('read', fd, buffer, offset, length, pos);
    return nullProto({ bytesRead, buffer });
  }

  async write(buffer, offsetOrOptions, length, position) {
    const fd = openFd(this, 'write');
    if (typeof buffer === 'string') {
      validateStringData(buffer, length);
      const bytes = Buffer.from(buffer, typeof length === 'string' ? length : 'utf8');
      const pos = offsetOrOptions == null ? -1 : offsetOrOptions;
      const n = await call('write', fd, bytes, 0, bytes.length, pos);
      return nullProto({ bytesWritten: n, buffer });
    }
    if (!isArrayBufferView(buffer)) {
      throw new ERR_INVALID_ARG_TYPE('buffer', ['string', 'Buffer', 'TypedArray', 'DataView'], buffer);
    }
    let offset = offsetOrOptions;
    if (offset !== null && typeof offset === 'object') {
      ({ offset = 0, length = buffer.byteLength - offset, position = null } = offset);
    }
    if (offset == null) offset = 0;
    if (typeof length !== 'number') length = buffer.byteLength - offset;
    validateInteger(offset, 'offset', 0);
    validateInteger(length, 'length', 0, buffer.byteLength - offset);
    const n = await call('write', fd, buffer, offset, length, position == null ? -1 : position);
    return nullProto({ bytesWritten: n, buffer });
  }

  async readFile(options) {
    options = getOptions(options, { flag: 'r' });
    return decode(await readAll(openFd(this, 'read'), options.signal), options);
  }

  async writeFile(data, options) {
    options = getOptions(options, { encoding: 'utf8', mode: 0o666, flag: 'w' });
    const fd = openFd(this, 'write');
    await writeAll(fd, await toBytes(data, options.encoding, options.signal), options.signal);
  }

  async appendFile(data, options) {
    return this.writeFile(data, options);
  }

  async stat(options) {
    const fd = openFd(this, 'fstat');
    return makeStats(await call('fstat', fd, Boolean(options && options.bigint)));
  }

  async truncate(len = 0) {
    const fd = openFd(this, 'ftruncate');
    validateInteger(len, 'len');
    await call('ftruncate', fd, Math.max(0, len));
  }

  async sync() {
    await call('fsync', openFd(this, 'fsync'));
  }

  async datasync() {
    await call('fdatasync', openFd(this, 'fdatasync'));
  }

  async chmod(mode) {
    await call('fchmod', openFd(this, 'fchmod'), parseFileMode(mode, 'mode'));
  }

  async chown(uid, gid) {
    validateInteger(uid, 'uid', -1, 4294967295);
    validateInteger(gid, 'gid', -1, 4294967295);
    await call('fchown', openFd(this, 'fchown'), uid, gid);
  }

  async utimes(atime, mtime) {
    await call('futimes', openFd(this, 'futime'), toUnixTimestamp(atime, 'atime'),
      toUnixTimestamp(mtime, 'mtime'));
  }

}
Object.defineProperty(FileHandle.prototype, 'checkOpen', { enumerable: false });

// --- helpers -----------------------------------------------------------------

function decode(buffer, options) {
  return options.encoding && options.encoding !== 'buffer'
    ? buffer.toString(options.encoding) : buffer;
}

// options.signal: an aborted signal ends a readFile/writeFile between its
// steps with an AbortError, as in Node.
function checkAborted(signal) {
  if (signal && signal.aborted) throw new AbortError(undefined, { cause: signal.reason });
}

async function readAll(fd, signal) {
  checkAborted(signal);
  const st = await call('fstat', fd, false);
  checkAborted(signal);
  const size = (st[1] & constants.S_IFMT) === constants.S_IFREG ? st[8] : 0;
  if (size > kMaxLength) throw new ERR_FS_FILE_TOO_LARGE(size);
  const chunks = [];
  let total = 0;
  for (;;) {
    const want = size > 0 ? Math.min(kReadChunk, size - total) : kReadChunk;
    if (want === 0) break;
    const chunk = Buffer.allocUnsafe(want);
    const n = await call('read', fd, chunk, 0, want, -1);
    checkAborted(signal);
    if (n === 0) break;
    chunks.push(n < want ? chunk.subarray(0, n) : chunk);
    total += n;
  }
  return Buffer.concat(chunks, total);
}

// In chunks of 512 KiB, as Node, so that an abort is seen between them.
async function writeAll(fd, bytes, signal) {
  let off = 0;
  do {
    checkAborted(signal);
    if (off < bytes.length) {
      off += await call('write', fd, bytes, off, Math.min(kReadChunk, bytes.length - off), -1);
    }
  } while (off < bytes.length);
}

// Bytes of writeFile data: a string, a view, or an (async) iterable of them.
async function toBytes(data, encoding, signal) {
  if (typeof data === 'string' || isArrayBufferView(data)) return dataToBytes(data, encoding);
  if (data != null && typeof data === 'object' &&
      (typeof data[Symbol.asyncIterator] === 'function' || typeof data[Symbol.iterator] === 'function')) {
    const parts = [];
    for await (const chunk of data) {
      checkAborted(signal);
      validateData(chunk, 'data');
      parts.push(dataToBytes(chunk, encoding));
    }
    return Buffer.concat(parts);
  }
  validateData(data);
  return undefined;
}

// --- module functions --------------------------------------------------------

async function open(path, flags, mode) {
  path = getValidatedPath(path);
  const fd = await call('open', path, stringToFlags(flags), parseFileMode(mode, 'mode', 0o666));
  return new FileHandle(fd);
}

async function withFile(path, flags, mode, fn) {
  if (path instanceof FileHandle) return fn(path.checkOpen('read'));
  path = getValidatedPath(path);
  const fd = await call('open', path, stringToFlags(flags), mode);
  try {
    return await fn(fd);
  } finally {
    await call('close', fd);
  }
}

async function readFile(path, options) {
  options = getOptions(options, { flag: 'r' });
  checkAborted(options.signal);
  const buffer = await withFile(path, options.flag || 'r', 0o666, (fd) => readAll(fd, options.signal));
  return decode(buffer, options);
}

async function writeFileAs(path, data, options, defaultFlag) {
  options = getOptions(options, { encoding: 'utf8', mode: 0o666, flag: defaultFlag });
  validateBoolean(options.flush ?? false, 'options.flush');
  checkAborted(options.signal);
  const bytes = await toBytes(data, options.encoding, options.signal);
  const mode = parseFileMode(options.mode, 'mode', 0o666);
  await withFile(path, options.flag || defaultFlag, mode, async (fd) => {
    await writeAll(fd, bytes, options.signal);
    if (options.flush) await call('fsync', fd);
  });
}

async function writeFile(path, data, options) {
  await writeFileAs(path, data, options, 'w');
}

async function appendFile(path, data, options) {
  await writeFileAs(path, data, options, 'a');
}

async function stat(path, options) {
  return makeStats(await call('stat', getValidatedPath(path), Boolean(options && options.bigint)));
}

async function lstat(path, options) {
  return makeStats(await call('lstat', getValidatedPath(path), Boolean(options && options.bigint)));
}

async function direntsOf(dir, [names, types]) {
  const out = [];
  for (let i = 0; i < names.length; i++) {
    let type = types[i];
    if (type === 0) type = direntTypeOfStats(await lstat(pathModule.join(dir, names[i])));
    out.push(new Dirent(names[i], type, dir));
  }
  return out;
}

async function readdirRecursive(base, withTypes) {
  const results = [];
  const queue = [base];
  for (let i = 0; i < queue.length; i++) {
    const dir = queue[i];
    for (const d of await direntsOf(dir, await call('readdir', dir, true))) {
      const full = pathModule.join(dir, d.name);
      results.push(withTypes ? d : pathModule.relative(base, full));
      if (d.isDirectory()) queue.push(full);
    }
  }
  return results;
}

async function readdir(path, options) {
  options = getOptions(options);
  path = getValidatedPath(path);
  const withTypes = Boolean(options.withFileTypes);
  if (options.recursive) return readdirRecursive(path, withTypes);
  if (withTypes) return direntsOf(path, await call('readdir', path, true));
  const names = await call('readdir', path, namesMode(options.encoding));
  return decodeNames(names, options.encoding);
}

async function mkdirp(path, mode) {
  try {
    await call('mkdir', path, mode);
    return path;
  } catch (err) {
    if (err.code === 'ENOENT' && pathModule.dirname(path) !== path) {
      const first = await mkdirp(pathModule.dirname(path), mode);
      // Once more, without going up again (`a/..` exists once `a` does).
      await call('mkdir', path, mode).catch((err2) => existingDir(path, err2));
      return first;
    }
    await existingDir(path, err);
    return undefined;
  }
}

// Settles when err is EEXIST for a directory, else rejects with err.
async function existingDir(path, err) {
  const st = err.code === 'EEXIST' ? await stat(path).catch(() => null) : null;
  if (!st || !st.isDirectory()) throw err;
}

async function mkdir(path, options) {
  path = getValidatedPath(path);
  let mode = 0o777;
  let recursive = false;
  if (typeof options === 'number' || typeof options === 'string') mode = options;
  else if (options) ({ mode = 0o777, recursive = false } = options);
  if (typeof recursive !== 'boolean') {
    throw new ERR_INVALID_ARG_TYPE('options.recursive', 'boolean', recursive);
  }
  mode = parseFileMode(mode, 'mode');
  if (recursive) return mkdirp(`${path}`, mode);
  await call('mkdir', path, mode);
  return undefined;
}

async function mkdtemp(prefix, options) {
  options = getOptions(options);
  prefix = getValidatedPath(prefix, 'prefix');
  warnOnNonPortableTemplate(prefix);
  return encodeResult(await call('mkdtemp', `${prefix}XXXXXX`), options.encoding);
}

async function rimraf(path) {
  const st = await call('lstat', path, false);
  if ((st[1] & constants.S_IFMT) !== constants.S_IFDIR) return call('unlink', path);
  const names = await call('readdir', path, 2);
  await Promise.all(names.map((n) => rimraf(entryPath(path, n))));
  return call('rmdir', path);
}

async function rm(path, options) {
  path = getValidatedPath(path);
  options = { recursive: false, force: false, ...options };
  for (const key of ['recursive', 'force']) {
    if (typeof options[key] !== 'boolean') {
      throw new ERR_INVALID_ARG_TYPE(`options.${key}`, 'boolean', options[key]);
    }
  }
  let st;
  try {
    st = await lstat(path);
  } catch (err) {
    if (err.code === 'ENOENT' && options.force) return;
    throw err;
  }
  if (st.isDirectory() && !options.recursive) throw fsEisdirError(path);
  try {
    await rimraf(path);
  } catch (err) {
    if (!(options.force && err.code === 'ENOENT')) throw err;
  }
}

async function rmdir(path, options) {
  path = getValidatedPath(path);
  if (options && options.recursive) {
    warnRecursiveRmdir();
    if ((await stat(path)).isDirectory()) return rm(path, { ...options, force: false });
  }
  await call('rmdir', path);
}

const modeOrDefault = getValidMode;

async function unlink(path) {
  await call('unlink', getValidatedPath(path));
}

async function rename(oldPath, newPath) {
  await call('rename', getValidatedPath(oldPath, 'oldPath'), getValidatedPath(newPath, 'newPath'));
}

async function copyFile(src, dest, mode) {
  await call('copyFile', getValidatedPath(src, 'src'), getValidatedPath(dest, 'dest'),
    modeOrDefault(mode, 0));
}

async function access(path, mode) {
  await call('access', getValidatedPath(path), modeOrDefault(mode, constants.F_OK));
}

async function realpath(path, options) {
  options = getOptions(options);
  path = getValidatedPath(path);
  try {
    return encodeResult(await call('realpath', path), options.encoding);
  } catch (err) {
    let cur = '/';
    for (const part of pathModule.resolve(path).split('/').filter(Boolean)) {
      cur = pathModule.join(cur, part);
      await call('lstat', cur, false);
    }
    throw err;
  }
}

async function readlink(path, options) {
  options = getOptions(options);
  return encodeResult(await call('readlink', getValidatedPath(path, 'oldPath')), options.encoding);
}

async function symlink(target, path, type) {
  target = getValidatedPath(target, 'target');
  path = getValidatedPath(path);
  await call('symlink', target, path, symlinkTypeFlag(type));
}

async function link(existingPath, newPath) {
  await call('link', getValidatedPath(existingPath, 'existingPath'),
    getValidatedPath(newPath, 'newPath'));
}

async function chmod(path, mode) {
  await call('chmod', getValidatedPath(path), parseFileMode(mode, 'mode'));
}

async function chown(path, uid, gid) {
  validateInteger(uid, 'uid', -1, 4294967295);
  validateInteger(gid, 'gid', -1, 4294967295);
  await call('chown', getValidatedPath(path), uid, gid);
}

// Linux has no lchmod: Node's promise API has it and rejects.
async function lchmod(path, mode) {
  throw new (require('internal/errors').codes.ERR_METHOD_NOT_IMPLEMENTED)('lchmod()');
}

async function lchown(path, uid, gid) {
  validateInteger(uid, 'uid', -1, 4294967295);
  validateInteger(gid, 'gid', -1, 4294967295);
  await call('lchown', getValidatedPath(path), uid, gid);
}

async function utimes(path, atime, mtime) {
  await call('utimes', getValidatedPath(path), toUnixTimestamp(atime), toUnixTimestamp(mtime));
}

async function lutimes(path, atime, mtime) {
  await call('lutimes', getValidatedPath(path), toUnixTimestamp(atime), toUnixTimestamp(mtime));
}

async function truncate(path, len = 0) {
  validateInteger(len, 'len');
  await withFile(path, 'r+', 0o666, (fd) => call('ftruncate', fd, Math.max(0, len)));
}


module.exports = {
  access, copyFile, open, rename, truncate, rm, rmdir, mkdir, readdir, readlink, symlink,
  lstat, stat, link, unlink, chmod, lchmod, lchown, chown, utimes, lutimes, realpath, mkdtemp,
  writeFile, appendFile, readFile,
  opendir: require('internal/fs/dir').opendirPromise,
  statfs: async (path, options = { bigint: false }) =>
    makeStatFs(await call('statfs', getValidatedPath(path), Boolean(options && options.bigint))),
  watch: (filename, options) => require('internal/fs/watchers').watchPromises(filename, options),
  constants,
};

// internal/fs/streams takes a FileHandle as options.fd.
Object.defineProperty(module.exports, Symbol.for('shoal.fs.FileHandle'), { value: FileHandle });
