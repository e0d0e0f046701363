'use strict';
// Shared by js-lib/fs.js and js-lib/fs/promises.js: argument validation,
// open flags, Stats and Dirent, and the constants of internalBinding('fs').
const { validateInt32, validateUint32, validateInteger } = require('internal/validators');

const { Buffer } = require('buffer');
const {
  codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_OUT_OF_RANGE },
  validateFunction,
  makeNodeError,
  invalidArgTypeMessage,
} = require('internal/errors');

const constants = Object.freeze({
  UV_FS_SYMLINK_DIR: 1, UV_FS_SYMLINK_JUNCTION: 2, O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2,
  UV_DIRENT_UNKNOWN: 0, UV_DIRENT_FILE: 1, UV_DIRENT_DIR: 2, UV_DIRENT_LINK: 3,
  UV_DIRENT_FIFO: 4, UV_DIRENT_SOCKET: 5, UV_DIRENT_CHAR: 6, UV_DIRENT_BLOCK: 7,
  EXTENSIONLESS_FORMAT_JAVASCRIPT: 0, EXTENSIONLESS_FORMAT_WASM: 1,
  S_IFMT: 61440, S_IFREG: 32768, S_IFDIR: 16384, S_IFCHR: 8192, S_IFBLK: 24576,
  S_IFIFO: 4096, S_IFLNK: 40960, S_IFSOCK: 49152, O_CREAT: 64, O_EXCL: 128,
  UV_FS_O_FILEMAP: 0, O_NOCTTY: 256, O_TRUNC: 512, O_APPEND: 1024, O_DIRECTORY: 65536,
  O_NOATIME: 262144, O_NOFOLLOW: 131072, O_SYNC: 1052672, O_DSYNC: 4096, O_DIRECT: 16384,
  O_NONBLOCK: 2048, S_IRWXU: 448, S_IRUSR: 256, S_IWUSR: 128, S_IXUSR: 64, S_IRWXG: 56,
  S_IRGRP: 32, S_IWGRP: 16, S_IXGRP: 8, S_IRWXO: 7, S_IROTH: 4, S_IWOTH: 2, S_IXOTH: 1,
  F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1, UV_FS_COPYFILE_EXCL: 1, COPYFILE_EXCL: 1,
  UV_FS_COPYFILE_FICLONE: 2, COPYFILE_FICLONE: 2, UV_FS_COPYFILE_FICLONE_FORCE: 4,
  COPYFILE_FICLONE_FORCE: 4,
});

const { O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC, O_APPEND, O_SYNC } = constants;

const kFlags = {
  r: O_RDONLY, rs: O_RDONLY | O_SYNC, sr: O_RDONLY | O_SYNC,
  'r+': O_RDWR, 'rs+': O_RDWR | O_SYNC, 'sr+': O_RDWR | O_SYNC,
  w: O_TRUNC | O_CREAT | O_WRONLY, wx: O_TRUNC | O_CREAT | O_WRONLY | O_EXCL,
  xw: O_TRUNC | O_CREAT | O_WRONLY | O_EXCL,
  'w+': O_TRUNC | O_CREAT | O_RDWR, 'wx+': O_TRUNC | O_CREAT | O_RDWR | O_EXCL,
  'xw+': O_TRUNC | O_CREAT | O_RDWR | O_EXCL,
  a: O_APPEND | O_CREAT | O_WRONLY, ax: O_APPEND | O_CREAT | O_WRONLY | O_EXCL,
  xa: O_APPEND | O_CREAT | O_WRONLY | O_EXCL, as: O_APPEND | O_CREAT | O_WRONLY | O_SYNC,
  sa: O_APPEND | O_CREAT | O_WRONLY | O_SYNC,
  'a+': O_APPEND | O_CREAT | O_RDWR, 'ax+': O_APPEND | O_CREAT | O_RDWR | O_EXCL,
  'xa+': O_APPEND | O_CREAT | O_RDWR | O_EXCL, 'as+': O_APPEND | O_CREAT | O_RDWR | O_SYNC,
  'sa+': O_APPEND | O_CREAT | O_RDWR | O_SYNC,
};

function stringToFlags(flags, name = 'flags') {
  if (typeof flags === 'number') return flags;
  if (flags == null) return O_RDONLY;
  if (Object.prototype.hasOwnProperty.call(kFlags, flags)) return kFlags[flags];
  throw new ERR_INVALID_ARG_VALUE(name, flags);
}

// --- validation -----------------------------------------------------------




function getValidatedFd(fd, name = 'fd') {
  if (Object.is(fd, -0)) return 0;
  validateInt32(fd, name, 0);
  return fd;
}

function isUint8Array(v) {
  return v instanceof Uint8Array;
}

function getValidatedPath(path, name = 'path') {
  if (path != null && typeof path === 'object' && typeof path.href === 'string' &&
      typeof path.protocol === 'string') {
    path = require('url').fileURLToPath(path);
  } else if (isUint8Array(path)) {
    // A path that is not UTF-8 stays bytes, for the binding to use as is.
    const bytes = Buffer.from(path.buffer, path.byteOffset, path.byteLength);
    if (!require('buffer').isUtf8(bytes)) {
      if (bytes.includes(0)) {
        throw new ERR_INVALID_ARG_VALUE(name, path, 'must be a string, Uint8Array, or URL without null bytes');
      }
      return bytes;
    }
    path = bytes.toString();
  } else if (typeof path !== 'string') {
    throw new ERR_INVALID_ARG_TYPE(name, ['string', 'Buffer', 'URL'], path);
  }
  if (path.includes('\u0000')) {
    throw new ERR_INVALID_ARG_VALUE(name, path,
      'must be a string, Uint8Array, or URL without null bytes');
  }
  return path;
}

const kOctal = /^[0-7]+$/;

function parseFileMode(value, name, def) {
  if (value == null) value = def;
  if (typeof value === 'string') {
    if (!kOctal.test(value)) {
      throw new ERR_INVALID_ARG_VALUE(name, value, 'must be a 32-bit unsigned integer or an octal string');
    }
    value = parseInt(value, 8);
  }
  validateUint32(value, name);
  return value;
}

function assertEncoding(encoding) {
  if (encoding && !Buffer.isEncoding(encoding)) {
    throw new ERR_INVALID_ARG_VALUE('encoding', encoding, 'is invalid encoding');
  }
}

function getOptions(options, defaults = {}) {
  if (options == null || typeof options === 'function') return defaults;
  if (typeof options === 'string') {
    options = { ...defaults, encoding: options };
  } else if (typeof options !== 'object') {
    throw new ERR_INVALID_ARG_TYPE('options', ['string', 'Object'], options);
  }
  if (options.encoding !== 'buffer') assertEncoding(options.encoding);
  return options;
}

function maybeCallback(cb) {
  validateFunction(cb, 'cb');
  // The callback runs in the async context (AsyncLocalStorage) of the call.
  return require('internal/async_context').wrap(cb);
}

function isArrayBufferView(v) {
  return ArrayBuffer.isView(v);
}

// Bytes of an ArrayBufferView as a Uint8Array over the same memory.
function toU8(view) {
  if (view instanceof Uint8Array) return view;
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

function validateData(data, name = 'data') {
  if (typeof data !== 'string' && !isArrayBufferView(data)) {
    throw new ERR_INVALID_ARG_TYPE(name, ['string', 'Buffer', 'TypedArray', 'DataView'], data);
  }
}

function dataToBytes(data, encoding) {
  if (typeof data === 'string') return Buffer.from(data, encoding || 'utf8');
  return toU8(data);
}

function toUnixTimestamp(time, name = 'time') {
  if (typeof time === 'string' && +time == time) return +time;
  if (typeof time === 'number' && Number.isFinite(time)) return time < 0 ? Date.now() / 1000 : time;
  if (time instanceof Date) return time.getTime() / 1000;
  // Node's message reads "an instance of Date or an Time in seconds".
  const msg = invalidArgTypeMessage(name, ['Date'], time)
    .replace('an instance of Date.', 'an instance of Date or an Time in seconds.');
  throw makeNodeError(TypeError, 'ERR_INVALID_ARG_TYPE', msg);
}

// The mode of access() and copyFile(), validated as Node's native layer does.
function getValidMode(mode, def) {
  if (mode == null) return def;
  if (typeof mode !== 'number' || (mode | 0) !== mode) {
    throw makeNodeError(TypeError, 'ERR_INVALID_ARG_TYPE', 'mode must be int32 or null/undefined');
  }
  if (mode < 0 || mode > 7) {
    throw makeNodeError(RangeError, 'ERR_OUT_OF_RANGE', 'mode is out of range: >= 0 && <= 7');
  }
  return mode;
}

// position: null/undefined for the current position (-1 for the binding),
// else an integer >= -1 or a BigInt that leaves room for `length` bytes.
function validatePosition(position, length) {
  if (position == null) return -1;
  if (typeof position === 'bigint') {
    const max = 2n ** 63n - 1n - BigInt(length);
    if (!(position >= -1n && position <= max)) {
      throw new ERR_OUT_OF_RANGE('position', `>= -1 && <= ${max}`, position);
    }
    return position; // the binding takes a BigInt whole
  }
  if (typeof position !== 'number') {
    throw new ERR_INVALID_ARG_TYPE('position', ['integer', 'bigint'], position);
  }
  validateInteger(position, 'position', -1);
  return position;
}

function validateOffsetLengthRead(offset, length, bufferLength) {
  if (offset < 0) throw new ERR_OUT_OF_RANGE('offset', '>= 0', offset);
  if (length < 0) throw new ERR_OUT_OF_RANGE('length', '>= 0', length);
  if (offset + length > bufferLength) {
    throw new ERR_OUT_OF_RANGE('length', `<= ${bufferLength - offset}`, length);
  }
}

// readv/writev's list of buffers.
function validateBufferArray(buffers, name = 'buffers') {
  if (!Array.isArray(buffers) || !buffers.every(isArrayBufferView)) {
    throw new ERR_INVALID_ARG_TYPE(name, 'ArrayBufferView[]', buffers);
  }
  return buffers;
}

// A function emitting process.emitWarning(...args) the first time it is called.
function onceWarning(...args) {
  let warned = false;
  return () => {
    if (warned) return;
    warned = true;
    process.emitWarning(...args);
  };
}

// DEP0147: rmdir's recursive option gives way to fs.rm.
const warnRecursiveRmdir = onceWarning('In future versions of Node.js, fs.rmdir(path, ' +
  '{ recursive: true }) will be removed. Use fs.rm(path, { recursive: true }) instead',
'DeprecationWarning', 'DEP0147');

let nonPortableTemplateWarned = false;

// mkdtemp's templates ending in X are handled differently across platforms:
// Node warns once.
function warnOnNonPortableTemplate(prefix) {
  if (nonPortableTemplateWarned || !prefix.endsWith('X')) return;
  nonPortableTemplateWarned = true;
  process.emitWarning('mkdtemp() templates ending with X are not portable. ' +
    'For details see: https://nodejs.org/api/fs.html');
}

// Converts a string result to the `encoding` option: a Buffer for 'buffer'.
function encodeResult(str, encoding) {
  if (encoding === 'buffer') return Buffer.from(str);
  if (encoding && encoding !== 'utf8' && encoding !== 'utf-8') {
    return Buffer.from(str).toString(encoding);
  }
  return str;
}

// --- Stats -----------------------------------------------------------------

const { S_IFMT, S_IFREG, S_IFDIR, S_IFCHR, S_IFBLK, S_IFIFO, S_IFLNK, S_IFSOCK } = constants;

class StatsBase {
  _checkModeProperty(type) {
    if (typeof this.mode === 'bigint') return (this.mode & BigInt(S_IFMT)) === BigInt(type);
    return (this.mode & S_IFMT) === type;
  }

  isDirectory() { return this._checkModeProperty(S_IFDIR); }
  isFile() { return this._checkModeProperty(S_IFREG); }
  isBlockDevice() { return this._checkModeProperty(S_IFBLK); }
  isCharacterDevice() { return this._checkModeProperty(S_IFCHR); }
  isSymbolicLink() { return this._checkModeProperty(S_IFLNK); }
  isFIFO() { return this._checkModeProperty(S_IFIFO); }
  isSocket() { return this._checkModeProperty(S_IFSOCK); }
}

const kFieldNames = ['dev', 'mode', 'nlink', 'uid', 'gid', 'rdev', 'blksize', 'ino', 'size',
  'blocks'];
const kTimeNames = ['atime', 'mtime', 'ctime', 'birthtime'];

function dateFromMs(ms) {
  return new Date(Number(ms) + 0.5);
}

// new fs.Stats(dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks,
// atimeMs, mtimeMs, ctimeMs, birthtimeMs), as Node's public constructor.
class Stats extends StatsBase {
  constructor(...values) {
    super();
    for (let i = 0; i < 10; i++) this[kFieldNames[i]] = values[i];
    for (let i = 0; i < 4; i++) this[`${kTimeNames[i]}Ms`] = values[10 + i];
    for (const t of kTimeNames) this[t] = dateFromMs(this[`${t}Ms`]);
  }
}

// A Stats from the binding's 18 fields (seconds and nanoseconds apart).
function statsOfFields(fields) {
  const ms = [];
  for (let i = 0; i < 4; i++) ms.push(fields[10 + 2 * i] * 1e3 + fields[11 + 2 * i] / 1e6);
  return new Stats(...fields.slice(0, 10), ...ms);
}

class BigIntStats extends StatsBase {
  constructor(fields) {
    super();
    if (!fields) return;
    for (let i = 0; i < 10; i++) this[kFieldNames[i]] = fields[i];
    const ns = [];
    for (let i = 0; i < 4; i++) ns.push(fields[10 + 2 * i] * 1000000000n + fields[11 + 2 * i]);
    for (let i = 0; i < 4; i++) this[`${kTimeNames[i]}Ms`] = ns[i] / 1000000n;
    for (let i = 0; i < 4; i++) this[`${kTimeNames[i]}Ns`] = ns[i];
    for (const t of kTimeNames) this[t] = dateFromMs(this[`${t}Ms`]);
  }
}

function makeStats(fields) {
  if (fields === undefined) return undefined;
  return typeof fields[0] === 'bigint' ? new BigIntStats(fields) : statsOfFields(fields);
}

// fs.statfs's result: the file system's sizes and counts.
class StatFs {
  constructor(type, bsize, blocks, bfree, bavail, files, ffree) {
    Object.assign(this, { type, bsize, blocks, bfree, bavail, files, ffree });
  }
}

function makeStatFs(fields) {
  return new StatFs(...fields);
}

// --- Dirent ----------------------------------------------------------------

const kType = Symbol('type');
const {
  UV_DIRENT_FILE, UV_DIRENT_DIR, UV_DIRENT_LINK, UV_DIRENT_FIFO, UV_DIRENT_SOCKET,
  UV_DIRENT_CHAR, UV_DIRENT_BLOCK,
} = constants;

class Dirent {
  constructor(name, type, path) {
    this.name = name;
    this.parentPath = path;
    this.path = path;
    this[kType] = type;
  }

  isDirectory() { return this[kType] === UV_DIRENT_DIR; }
  isFile() { return this[kType] === UV_DIRENT_FILE; }
  isBlockDevice() { return this[kType] === UV_DIRENT_BLOCK; }
  isCharacterDevice() { return this[kType] === UV_DIRENT_CHAR; }
  isSymbolicLink() { return this[kType] === UV_DIRENT_LINK; }
  isFIFO() { return this[kType] === UV_DIRENT_FIFO; }
  isSocket() { return this[kType] === UV_DIRENT_SOCKET; }
}

// The Dirent type of a Stats object (for entries whose type readdir did not know).
function direntTypeOfStats(st) {
  if (st.isFile()) return UV_DIRENT_FILE;
  if (st.isDirectory()) return UV_DIRENT_DIR;
  if (st.isSymbolicLink()) return UV_DIRENT_LINK;
  if (st.isFIFO()) return UV_DIRENT_FIFO;
  if (st.isSocket()) return UV_DIRENT_SOCKET;
  if (st.isCharacterDevice()) return UV_DIRENT_CHAR;
  if (st.isBlockDevice()) return UV_DIRENT_BLOCK;
  return 0;
}

// --- errors ------------------------------------------------------------------

// Node's SystemError: "<prefix>: <syscall> returned <code> (<message>) <path>"
// with code, info and errno/syscall/path accessors over info.
class SystemError extends Error {
  constructor(code, prefix, info) {
    let msg = `${prefix}: ${info.syscall} returned ${info.code} (${info.message})`;
    if (info.path !== undefined) msg += ` ${info.path}`;
    if (info.dest !== undefined) msg += ` => ${info.dest}`;
    super(msg);
    Object.defineProperty(this, 'code', { value: code, enumerable: true, writable: true, configurable: true });
    Object.defineProperty(this, 'info', { value: info, enumerable: true, writable: true, configurable: true });
    for (const key of ['errno', 'syscall', 'path', 'dest']) {
      if (!(key in info)) continue;
      Object.defineProperty(this, key, {
        get() { return info[key]; },
        set(v) { info[key] = v; },
        enumerable: true,
        configurable: true,
      });
    }
    const stack = this.stack;
    if (typeof stack === 'string' && stack.startsWith('SystemError: ')) {
      Object.defineProperty(this, 'stack', {
        value: `SystemError [${code}]: ${stack.slice(13)}`, writable: true, configurable: true,
      });
    }
  }

  toString() {
    return `${this.name} [${this.code}]: ${this.message}`;
  }
}
Object.defineProperty(SystemError.prototype, 'name', {
  value: 'SystemError', writable: true, configurable: true, enumerable: false,
});

function fsEisdirError(path) {
  return new SystemError('ERR_FS_EISDIR', 'Path is a directory', {
    code: 'EISDIR', message: 'is a directory', path, syscall: 'rm', errno: 21,
  });
}

// A string write's data and encoding (hex needs an even length).
function validateStringData(buffer, encoding) {
  if (typeof buffer !== 'string') {
    throw new ERR_INVALID_ARG_TYPE('buffer', ['string', 'Buffer', 'TypedArray', 'DataView'], buffer);
  }
  if (encoding === 'hex' && buffer.length % 2 !== 0) {
    throw new ERR_INVALID_ARG_VALUE('encoding', encoding, `is invalid for data of length ${buffer.length}`);
  }
}

// readdir's binding mode for plain names: strings for UTF-8, else the
// names' bytes (2), decoded by decodeNames (a name need not be UTF-8).
function namesMode(encoding) {
  return !encoding || encoding === 'utf8' || encoding === 'utf-8' ? 0 : 2;
}

function decodeNames(names, encoding) {
  if (namesMode(encoding) === 0) return names;
  return names.map((u8) => {
    const b = Buffer.from(u8.buffer, u8.byteOffset, u8.length);
    return encoding === 'buffer' ? b : b.toString(encoding);
  });
}

// A directory's entry from its name as bytes (readdir mode 2), as a path
// the binding takes as it is: recursive removal must reach names that are
// not UTF-8, which a string would not keep.
const kSlash = Buffer.from('/');
function entryPath(dir, rawName) {
  return Buffer.concat([typeof dir === 'string' ? Buffer.from(dir) : dir, kSlash, rawName]);
}

// symlink's type argument as the binding's flag (1: a directory link);
// a type that is not a string means none, as in Node.
function symlinkTypeFlag(type) {
  if (typeof type !== 'string' || type === 'file') return 0;
  if (type === 'dir' || type === 'junction') return 1;
  throw new (require('internal/errors').codes.ERR_FS_INVALID_SYMLINK_TYPE)(type);
}

module.exports = {
  constants,
  entryPath,
  symlinkTypeFlag,
  validateStringData,
  namesMode,
  decodeNames,
  stringToFlags,
  validateInt32,
  validateUint32,
  validateInteger,
  getValidatedFd,
  getValidatedPath,
  parseFileMode,
  assertEncoding,
  getOptions,
  maybeCallback,
  isArrayBufferView,
  toU8,
  validateData,
  dataToBytes,
  toUnixTimestamp,
  getValidMode,
  encodeResult,
  Stats,
  BigIntStats,
  makeStats,
  makeStatFs,
  validatePosition,
  validateOffsetLengthRead,
  warnRecursiveRmdir,
  onceWarning,
  validateBufferArray,
  warnOnNonPortableTemplate,
  Dirent,
  direntTypeOfStats,
  fsEisdirError,
  SystemError,
};
