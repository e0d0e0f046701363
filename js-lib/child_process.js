'use strict';
// child_process: spawn / exec / execFile and their synchronous forms over
// libuv (internalBinding('spawn'); pipes are net.Socket streams over
// internalBinding('tcp') pipe handles). fork() and stdio 'ipc' open Node's
// IPC channel (internal/ipc_channel), JSON or serialization 'advanced'. Not
// supported: sending handles, windows* options.

const EventEmitter = require('events');
const { Buffer } = require('buffer');
const { codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_METHOD_NOT_IMPLEMENTED, ERR_OUT_OF_RANGE },
  validateFunction } = require('internal/errors');
const { validateArray, validateString, validateAbortSignal, validateOneOf } = require('internal/validators');
const ac = require('internal/async_context');

const binding = internalBinding('spawn');
const tcp = internalBinding('tcp');

const UV_ENOENT = -2;
const UV_EACCES = -13;
const UV_EAGAIN = -11;
const UV_EMFILE = -24;
const UV_ENFILE = -23;
const UV_ESRCH = -3;
const UV_EINVAL = -22;
const UV_ENOSYS = -38;

function signals() {
  return require('os').constants.signals;
}

function signalName(num) {
  const sigs = signals();
  for (const k of Object.keys(sigs)) if (sigs[k] === num) return k;
  return null;
}

function nodeError(Base, code, message) {
  const e = new Base(message);
  Object.defineProperty(e, 'code', { value: code, enumerable: true, writable: true, configurable: true });
  return e;
}

function convertSignal(sig) {
  if (typeof sig === 'number' && signalName(sig)) return sig;
  if (typeof sig === 'string') {
    const n = signals()[sig.toUpperCase()];
    if (n !== undefined) return n;
  }
  throw nodeError(TypeError, 'ERR_UNKNOWN_SIGNAL', `Unknown signal: ${sig}`);
}

// options.killSignal: a name or number; absent means SIGTERM.
function sanitizeKillSignal(sig) {
  if (sig == null) return signals().SIGTERM;
  if (typeof sig !== 'string' && typeof sig !== 'number') {
    throw new ERR_INVALID_ARG_TYPE('options.killSignal', ['string', 'number'], sig);
  }
  return convertSignal(sig);
}

function errnoException(err, syscall, original) {
  const code = tcp.errname(err);
  const e = new Error(original ? `${syscall} ${code} ${original}` : `${syscall} ${code}`);
  e.errno = err;
  e.code = code;
  e.syscall = syscall;
  return e;
}

// --- options ----------------------------------------------------------------

// A string handed to the kernel cannot hold a NUL: Node refuses it at the call.
function validateNullCheck(value, name) {
  if (typeof value === 'string' && value.includes('\u0000')) {
    throw new ERR_INVALID_ARG_VALUE(name, value, 'must be a string without null bytes');
  }
}

function validateInt32Option(value, name) {
  if (value != null && !(Number.isInteger(value) && value >= -2147483648 && value <= 2147483647)) {
    throw new ERR_INVALID_ARG_TYPE(name, 'int32', value);
  }
}

function validateBooleanOption(value, name) {
  if (value != null && typeof value !== 'boolean') throw new ERR_INVALID_ARG_TYPE(name, 'boolean', value);
}

function validateTimeout(timeout) {
  if (timeout != null && !(Number.isInteger(timeout) && timeout >= 0)) {
    throw new ERR_OUT_OF_RANGE('timeout', 'an unsigned integer', timeout);
  }
}

function validateMaxBuffer(maxBuffer) {
  if (maxBuffer != null && !(typeof maxBuffer === 'number' && maxBuffer >= 0)) {
    throw new ERR_OUT_OF_RANGE('options.maxBuffer', 'a positive number', maxBuffer);
  }
}

function normalizeSpawnArguments(file, args, options) {
  if (typeof file !== 'string') throw new ERR_INVALID_ARG_TYPE('file', 'string', file);
  validateNullCheck(file, 'file');
  if (file.length === 0) throw new ERR_INVALID_ARG_VALUE('file', file, 'cannot be empty');
  if (Array.isArray(args)) {
    args = args.slice();
  } else if (args == null) {
    args = [];
  } else if (typeof args !== 'object') {
    throw new ERR_INVALID_ARG_TYPE('args', 'object', args);
  } else {
    options = args;
    args = [];
  }
  args.forEach((arg, i) => validateNullCheck(arg, `args[${i}]`));
  if (options === undefined) options = {};
  else if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ERR_INVALID_ARG_TYPE('options', 'Object', options);
  }
  options = { __proto__: null, ...options };
  let cwd = options.cwd;
  if (cwd != null) {
    if (cwd instanceof URL || (cwd && cwd.href && cwd.protocol)) cwd = require('url').fileURLToPath(cwd);
    if (typeof cwd !== 'string') throw new ERR_INVALID_ARG_TYPE('options.cwd', ['string', 'URL'], cwd);
    validateNullCheck(cwd, 'options.cwd');
  }
  validateBooleanOption(options.detached, 'options.detached');
  validateInt32Option(options.uid, 'options.uid');
  validateInt32Option(options.gid, 'options.gid');
  if (options.shell != null && typeof options.shell !== 'boolean' && typeof options.shell !== 'string') {
    throw new ERR_INVALID_ARG_TYPE('options.shell', ['boolean', 'string'], options.shell);
  }
  if (options.argv0 != null) {
    if (typeof options.argv0 !== 'string') throw new ERR_INVALID_ARG_TYPE('options.argv0', 'string', options.argv0);
    validateNullCheck(options.argv0, 'options.argv0');
  }
  validateBooleanOption(options.windowsHide, 'options.windowsHide');
  validateBooleanOption(options.windowsVerbatimArguments, 'options.windowsVerbatimArguments');
  if (options.shell) {
    validateNullCheck(options.shell, 'options.shell');
    const command = args.length > 0 ? `${file} ${args.join(' ')}` : file;
    file = typeof options.shell === 'string' ? options.shell : '/bin/sh';
    args = ['-c', command];
  }
  if (typeof options.argv0 === 'string') args.unshift(options.argv0);
  else args.unshift(file);
  const env = options.env || process.env;
  const envPairs = [];
  for (const key in env) { // (inherited keys too, as Node)
    const value = env[key];
    if (value !== undefined) {
      validateNullCheck(key, `options.env['${key}']`);
      validateNullCheck(value, `options.env['${key}']`);
      envPairs.push(`${key}=${value}`);
    }
  }
  return { __proto__: null, ...options, file, args, cwd, envPairs };
}

function stdioArray(stdio, sync) {
  if (stdio === undefined || stdio === null) stdio = 'pipe';
  if (typeof stdio === 'string') {
    if (stdio === 'pipe' || stdio === 'overlapped') stdio = ['pipe', 'pipe', 'pipe'];
    else if (stdio === 'inherit') stdio = [0, 1, 2];
    else if (stdio === 'ignore') stdio = ['ignore', 'ignore', 'ignore'];
    else throw new ERR_INVALID_ARG_VALUE('stdio', stdio);
  } else if (!Array.isArray(stdio)) {
    throw new ERR_INVALID_ARG_VALUE('stdio', stdio);
  }
  while (stdio.length < 3) stdio = [...stdio, undefined];
  return stdio.map((s, i) => {
    if (s === undefined || s === null) s = i < 3 ? 'pipe' : 'ignore';
    if (s === 'pipe' || s === 'overlapped') {
      return sync ? { type: 'pipe' } : { type: 'pipe', handle: tcp.pipeNew() };
    }
    if (s === 'ignore') return { type: 'ignore' };
    if (s === 'inherit') return { type: 'fd', fd: i };
    if (s === 'ipc') {
      if (sync) throw new ERR_METHOD_NOT_IMPLEMENTED("stdio 'ipc' in a synchronous child");
      return { type: 'pipe', handle: tcp.pipeNew(undefined, true), ipc: true };
    }
    if (typeof s === 'number') return { type: 'fd', fd: s };
    if (s && typeof s.fd === 'number') return { type: 'fd', fd: s.fd };
    if (s && s._handle && s._isStdio) return { type: 'fd', fd: s.fd };
    // A stream with a handle (a net.Socket, a child's pipe): the child gets it, as Node's 'wrap'
    if (s && typeof s === 'object' && s._handle) return { type: 'wrap', handle: s._handle, stream: s };
    throw new ERR_INVALID_ARG_VALUE('stdio', s);
  });
}

const kIsUsedAsStdio = Symbol('kIsUsedAsStdio'); // another child reads it

// --- ChildProcess --------------------------------------------------------------

class ChildProcess extends EventEmitter {
  constructor() {
    super();
    this._closesNeeded = 1;
    this._closesGot = 0;
    this.connected = false;
    this.signalCode = null;
    this.exitCode = null;
    this.killed = false;
    this.spawnfile = null;
    this._handle = null;
    this._asyncCtx = ac.current();
  }

  spawn(options) {
    if (options === null || typeof options !== 'object') {
      throw new ERR_INVALID_ARG_TYPE('options', 'Object', options);
    }
    validateOneOf(options.serialization, 'options.serialization', [undefined, 'json', 'advanced']);
    const serialization = options.serialization || 'json';
    const stdio = stdioArray(options.stdio, false);
    const ipcIndex = stdio.findIndex((s) => s.ipc);
    if (ipcIndex !== stdio.findLastIndex((s) => s.ipc)) {
      for (const s of stdio) if (s.handle) tcp.close(s.handle);
      const e = new Error('Child process can have only one IPC pipe');
      e.code = 'ERR_IPC_ONE_PIPE';
      throw e;
    }
    try {
      if (ipcIndex >= 0 && options.envPairs !== undefined) validateArray(options.envPairs, 'options.envPairs');
      validateString(options.file, 'options.file');
      if (options.args !== undefined) validateArray(options.args, 'options.args');
    } catch (err) {
      for (const s of stdio) if (s.handle) tcp.close(s.handle);
      throw err;
    }
    let envPairs = options.envPairs;
    if (ipcIndex >= 0) {
      envPairs = [...(envPairs || []).filter((p) => !p.startsWith('NODE_CHANNEL_FD=')),
        `NODE_CHANNEL_FD=${ipcIndex}`, `NODE_CHANNEL_SERIALIZATION_MODE=${serialization}`];
    }
    this.spawnfile = options.file;
    this.spawnargs = options.args || [];
    const onexit = (exitCode, signalCode) => ac.runWith(this._asyncCtx, () => this._onexit(exitCode, signalCode));
    const result = binding.spawn({
      file: options.file,
      args: this.spawnargs,
      cwd: options.cwd || undefined, // ("" does not chdir, as Node)
      envPairs,
      stdio,
      detached: !!options.detached,
      uid: options.uid,
      gid: options.gid,
    }, onexit);
    let err = 0;
    if (typeof result === 'number') {
      err = result;
      if (err === UV_EACCES || err === UV_EAGAIN || err === UV_EMFILE || err === UV_ENFILE ||
          err === UV_ENOENT) {
        process.nextTick(() => this._onexit(err, 0));
      } else {
        for (const s of stdio) if (s.handle) tcp.close(s.handle);
        throw errnoException(err, 'spawn');
      }
    } else {
      this._handle = result;
      this.pid = result.pid;
      process.nextTick(() => this.emit('spawn'));
    }
    // A stream given to the child stops being read here: its bytes are the
    // child's (Node's 'wrap' stdio).
    for (const s of stdio) {
      if (s.type !== 'wrap' || !s.stream) continue;
      const sock = s.stream;
      sock[kIsUsedAsStdio] = true;
      if (sock._reading && sock._handle && sock._hb) {
        sock._reading = false;
        sock._hb.readStop(sock._handle);
      }
      if (typeof sock.pause === 'function') sock.pause();
      if (sock._readableState) {
        sock._readableState.flowing = false;
        sock._readableState.reading = false;
      }
    }
    const { Socket } = require('net');
    if (ipcIndex >= 0) this._setupIpc(stdio[ipcIndex].handle, err, serialization);
    this.stdio = stdio.map((s, i) => {
      if (s.type !== 'pipe' || s.ipc) return null;
      const readable = i !== 0;
      // Pipes past stdio (fd 3+) go both ways, as in Node.
      const sock = new Socket({ handle: s.handle, readable, writable: !readable || i > 2 });
      if (readable) {
        this._closesNeeded++;
        sock.on('close', () => this._maybeClose());
        if (err) sock.destroy();
      }
      return sock;
    });
    this.stdin = this.stdio[0] || null;
    this.stdout = this.stdio[1] || null;
    this.stderr = this.stdio[2] || null;
    return err;
  }

  _setupIpc(handle, failed, serialization) {
    const { Socket } = require('net');
    const sock = new Socket({ handle, readable: true, writable: true });
    if (failed) {
      sock.destroy();
      return;
    }
    require('internal/ipc_channel').setupChannel(this, sock, serialization);
    // 'close' waits for the channel too.
    this._closesNeeded++;
    this.once('disconnect', () => this._maybeClose());
  }

  _onexit(exitCode, signalCode) {
    if (signalCode) this.signalCode = signalName(signalCode);
    else this.exitCode = exitCode;
    if (this.stdin) this.stdin.destroy();
    if (this._handle) {
      binding.close(this._handle);
      this._handle = null;
    }
    if (exitCode < 0) {
      const syscall = this.spawnfile ? `spawn ${this.spawnfile}` : 'spawn';
      const e = errnoException(exitCode, syscall);
      if (this.spawnfile) e.path = this.spawnfile;
      e.spawnargs = this.spawnargs.slice(1);
      this.emit('error', e);
    } else {
      this.emit('exit', this.exitCode, this.signalCode);
    }
    process.nextTick(() => {
      // Streams nobody reads would keep the child's 'close' waiting.
      for (const s of this.stdio || []) {
        if (s && s.readable && !s[kIsUsedAsStdio] && !s.readableFlowing && s.listenerCount('data') === 0 &&
            s.listenerCount('readable') === 0 && !s._readableState.pipes.length) {
          s.resume();
        }
      }
    });
    this._maybeClose();
  }

  _maybeClose() {
    this._closesGot++;
    if (this._closesGot === this._closesNeeded) this.emit('close', this.exitCode, this.signalCode);
  }

  kill(sig) {
    const signal = sig === 0 ? 0 : convertSignal(sig === undefined ? 'SIGTERM' : sig);
    if (this._handle) {
      const err = binding.kill(this._handle, signal);
      if (err === 0) {
        this.killed = true;
        return true;
      }
      if (err === UV_ESRCH) {
        // already gone
      } else if (err === UV_EINVAL || err === UV_ENOSYS) {
        throw errnoException(err, 'kill');
      } else {
        this.emit('error', errnoException(err, 'kill'));
      }
    }
    return false;
  }

  ref() {
    if (this._handle) binding.ref(this._handle);
  }

  unref() {
    if (this._handle) binding.unref(this._handle);
  }

  disconnect() {
    this.emit('error', nodeError(Error, 'ERR_IPC_DISCONNECTED', 'IPC channel is already disconnected'));
  }

  send(message, handle, options, callback) {
    if (typeof handle === 'function') callback = handle;
    else if (typeof options === 'function') callback = options;
    const err = nodeError(Error, 'ERR_IPC_CHANNEL_CLOSED', 'Channel closed');
    if (typeof callback === 'function') process.nextTick(callback, err);
    else process.nextTick(() => this.emit('error', err));
    return false;
  }

  [Symbol.dispose]() {
    if (!this.killed) this.kill();
  }
}

function spawn(file, args, options) {
  options = normalizeSpawnArguments(file, args, options);
  validateTimeout(options.timeout);
  validateAbortSignal(options.signal, 'options.signal');
  const child = new ChildProcess();
  child.spawn(options);
  if (options.timeout > 0) {
    const { setTimeout, clearTimeout } = require('timers');
    let timer = setTimeout(() => {
      if (timer) {
        try {
          child.kill(options.killSignal);
        } catch (err) {
          child.emit('error', err);
        }
        timer = null;
      }
    }, options.timeout);
    child.once('exit', () => {
      if (timer) {
        clearTimeout(timer);
        timer = null;
      }
    });
  }
  if (options.signal) {
    const signal = options.signal;
    const onAbort = () => {
      if (child.kill(options.killSignal)) {
        const { AbortError } = require('internal/errors');
        child.emit('error', new AbortError(undefined, { cause: signal.reason }));
      }
    };
    if (signal.aborted) process.nextTick(onAbort);
    else {
      signal.addEventListener('abort', onAbort, { once: true });
      child.once('exit', () => signal.removeEventListener('abort', onAbort));
    }
  }
  return child;
}

// --- exec / execFile --------------------------------------------------------------

function normalizeExecArgs(command, options, callback) {
  if (typeof command !== 'string') throw new ERR_INVALID_ARG_TYPE('command', 'string', command);
  validateNullCheck(command, 'command');
  if (typeof options === 'function') {
    callback = options;
    options = undefined;
  }
  options = { __proto__: null, ...options };
  options.shell = typeof options.shell === 'string' ? options.shell : true;
  return { file: command, options, callback };
}

function exec(command, options, callback) {
  const opts = normalizeExecArgs(command, options, callback);
  return execFile(opts.file, opts.options, opts.callback);
}

function execFile(file, args, options, callback) {
  // Node's argument shapes: (file[, args][, options][, callback]), null or
  // undefined standing for a missing one; a string in a later position is a
  // type error (spawn reports a bad args).
  if (typeof args === 'function') {
    callback = args;
    args = [];
    options = undefined;
  } else if (args != null && !Array.isArray(args) && typeof args === 'object') {
    callback = options;
    options = args;
    args = [];
  }
  if (args == null) args = [];
  if (typeof options === 'function') {
    callback = options;
    options = undefined;
  } else if (options === null) {
    options = undefined;
  } else if (options !== undefined && (typeof options !== 'object' || Array.isArray(options))) {
    throw new ERR_INVALID_ARG_TYPE('options', 'Object', options);
  }
  if (callback !== undefined && callback !== null) validateFunction(callback, 'callback');
  options = {
    __proto__: null,
    encoding: 'utf8',
    timeout: 0,
    maxBuffer: 1024 * 1024,
    killSignal: 'SIGTERM',
    cwd: null,
    env: null,
    shell: false,
    ...options,
  };
  validateTimeout(options.timeout);
  validateMaxBuffer(options.maxBuffer);
  const child = spawn(file, args, {
    cwd: options.cwd,
    env: options.env,
    gid: options.gid,
    shell: options.shell,
    signal: options.signal,
    uid: options.uid,
    argv0: options.argv0,
  });
  const encoding = options.encoding === 'buffer' || !Buffer.isEncoding(options.encoding) ? null : options.encoding;
  const stdoutChunks = [];
  const stderrChunks = [];
  let stdoutLen = 0;
  let stderrLen = 0;
  let killed = false;
  let exited = false;
  let timeoutId = null;
  let ex = null;
  let cmd = file;

  function exithandler(code, signal) {
    if (exited) return;
    exited = true;
    if (timeoutId) {
      require('timers').clearTimeout(timeoutId);
      timeoutId = null;
    }
    if (!callback) return;
    // Strings when decoded (by us or by the caller's setEncoding), as Node
    const joined = (stream, chunks) => (encoding || (stream && stream.readableEncoding)
      ? chunks.join('') : Buffer.concat(chunks));
    const stdout = joined(child.stdout, stdoutChunks);
    const stderr = joined(child.stderr, stderrChunks);
    if (!ex && code === 0 && signal === null) {
      callback(null, stdout, stderr);
      return;
    }
    if (args.length) cmd += ` ${args.join(' ')}`;
    if (!ex) {
      ex = new Error(`Command failed: ${cmd}\n${stderr}`);
      ex.code = code < 0 ? tcp.errname(code) : code;
      ex.killed = child.killed || killed;
      ex.signal = signal;
    }
    ex.cmd = cmd;
    callback(ex, stdout, stderr);
  }

  function errorhandler(e) {
    ex = e;
    if (child.stdout) child.stdout.destroy();
    if (child.stderr) child.stderr.destroy();
    exithandler();
  }

  function kill() {
    if (child.stdout) child.stdout.destroy();
    if (child.stderr) child.stderr.destroy();
    killed = true;
    try {
      child.kill(options.killSignal);
    } catch (e) {
      ex = e;
      exithandler();
    }
  }

  if (options.timeout > 0) {
    timeoutId = require('timers').setTimeout(() => {
      kill();
      timeoutId = null;
    }, options.timeout);
  }

  // maxBuffer counts bytes, of the decoded text too (Node's onChildStdout).
  const collect = (stream, chunks, which) => {
    if (!stream) return;
    if (encoding) stream.setEncoding(encoding);
    stream.on('data', (chunk) => {
      const enc = stream.readableEncoding;
      const n = enc && typeof chunk === 'string' ? Buffer.byteLength(chunk, enc) : chunk.length;
      const len = which === 1 ? (stdoutLen += n) : (stderrLen += n);
      if (len > options.maxBuffer) {
        const keep = options.maxBuffer - (len - n);
        if (keep > 0) chunks.push(typeof chunk === 'string' ? chunk.slice(0, keep) : chunk.subarray(0, keep));
        const name = which === 1 ? 'stdout' : 'stderr';
        ex = new RangeError(`${name} maxBuffer length exceeded`);
        ex.code = 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER';
        kill();
      } else {
        chunks.push(chunk);
      }
    });
  };
  collect(child.stdout, stdoutChunks, 1);
  collect(child.stderr, stderrChunks, 2);
  child.addListener('close', exithandler);
  child.addListener('error', errorhandler);
  return child;
}

function customPromiseExec(orig) {
  return (...args) => {
    let resolve;
    let reject;
    const promise = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    promise.child = orig(...args, (err, stdout, stderr) => {
      if (err !== null) {
        err.stdout = stdout;
        err.stderr = stderr;
        reject(err);
      } else {
        resolve({ stdout, stderr });
      }
    });
    return promise;
  };
}

const kCustomPromisify = Symbol.for('nodejs.util.promisify.custom');
Object.defineProperty(exec, kCustomPromisify, {
  enumerable: false, configurable: true, value: customPromiseExec(exec),
});
Object.defineProperty(execFile, kCustomPromisify, {
  enumerable: false, configurable: true, value: customPromiseExec(execFile),
});

// --- synchronous -----------------------------------------------------------------

function spawnSync(file, args, options) {
  options = normalizeSpawnArguments(file, args, options);
  validateTimeout(options.timeout);
  validateMaxBuffer(options.maxBuffer);
  options = { __proto__: null, maxBuffer: 1024 * 1024, ...options };
  const stdio = stdioArray(options.stdio, true);
  let input = options.input;
  if (input !== undefined && input !== null) {
    if (typeof input === 'string') input = Buffer.from(input, options.encoding && options.encoding !== 'buffer' ? options.encoding : 'utf8');
    else if (!ArrayBuffer.isView(input)) {
      throw new ERR_INVALID_ARG_TYPE('options.stdio[0]', ['Buffer', 'TypedArray', 'DataView', 'string'], input);
    }
  }
  const killSignal = sanitizeKillSignal(options.killSignal);
  const r = binding.spawnSync({
    file: options.file,
    args: options.args,
    cwd: options.cwd || undefined,
    envPairs: options.envPairs,
    stdio,
    detached: !!options.detached,
    uid: options.uid,
    gid: options.gid,
    input: input ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength) : undefined,
    timeout: options.timeout,
    maxBuffer: options.maxBuffer,
    killSignal,
  });
  const result = {};
  if (r.error !== undefined && r.pid === undefined) {
    result.error = errnoException(r.error, `spawnSync ${options.file}`);
    result.error.path = options.file;
    result.error.spawnargs = options.args.slice(1);
    result.status = null;
    result.signal = null;
    result.output = null;
    result.pid = 0;
    result.stdout = null;
    result.stderr = null;
    return result;
  }
  const encoding = options.encoding && options.encoding !== 'buffer' ? options.encoding : null;
  const output = r.output.map((b) => {
    if (b === null || b === undefined) return null;
    const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
    return encoding ? buf.toString(encoding) : buf;
  });
  result.status = r.status === undefined ? null : r.status;
  result.signal = r.signal ? signalName(r.signal) : null;
  result.output = output;
  result.pid = r.pid;
  result.stdout = output[1] === undefined ? null : output[1];
  result.stderr = output[2] === undefined ? null : output[2];
  if (r.error !== undefined) {
    result.error = errnoException(r.error, `spawnSync ${options.file}`);
    result.error.path = options.file;
    result.error.spawnargs = options.args.slice(1);
  }
  // Reorder like Node: status, signal, output, pid, stdout, stderr (error first if any).
  const ordered = {};
  if (result.error) ordered.error = result.error;
  for (const k of ['status', 'signal', 'output', 'pid', 'stdout', 'stderr']) ordered[k] = result[k];
  return ordered;
}

function checkExecSyncError(ret, args, cmd) {
  let err;
  if (ret.error) {
    err = ret.error;
    Object.assign(err, ret);
  } else if (ret.status !== 0) {
    let msg = 'Command failed: ';
    msg += cmd || args.join(' ');
    if (ret.stderr && ret.stderr.length > 0) msg += `\n${ret.stderr.toString()}`;
    err = new Error(msg);
    Object.assign(err, ret);
  }
  return err;
}

function execFileSync(file, args, options) {
  if (args != null && !Array.isArray(args) && typeof args === 'object') {
    options = args;
    args = [];
  }
  args = args || [];
  options = { __proto__: null, ...options };
  const inheritStderr = !options.stdio;
  const ret = spawnSync(file, args, options);
  if (inheritStderr && ret.stderr) process.stderr.write(ret.stderr);
  const err = checkExecSyncError(ret, [file, ...args], undefined);
  if (err) throw err;
  return ret.stdout;
}

function execSync(command, options) {
  const opts = normalizeExecArgs(command, options, null);
  const inheritStderr = !opts.options.stdio;
  const ret = spawnSync(opts.file, opts.options);
  if (inheritStderr && ret.stderr) process.stderr.write(ret.stderr);
  const err = checkExecSyncError(ret, undefined, command);
  if (err) throw err;
  return ret.stdout;
}

// fork(modulePath[, args][, options]): a new shoal (process.execPath) on
// modulePath with an IPC channel; stdio inherited, or piped when `silent`.
function fork(modulePath, args, options) {
  if (typeof modulePath !== 'string' &&
      !(modulePath !== null && typeof modulePath === 'object' && typeof modulePath.href === 'string')) {
    throw new ERR_INVALID_ARG_TYPE('modulePath', ['string', 'URL'], modulePath);
  }
  if (typeof modulePath !== 'string') modulePath = require('url').fileURLToPath(modulePath);
  validateNullCheck(modulePath, 'modulePath');
  if (args == null) {
    args = [];
  } else if (!Array.isArray(args)) {
    if (typeof args !== 'object') throw new ERR_INVALID_ARG_TYPE('args', 'Array', args);
    options = args;
    args = [];
  }
  if (options == null) options = {};
  else if (typeof options !== 'object' || Array.isArray(options)) {
    throw new ERR_INVALID_ARG_TYPE('options', 'Object', options);
  }
  options = { __proto__: null, ...options, shell: false };
  let execArgv = options.execArgv || process.execArgv;
  if (execArgv === process.execArgv && process._eval != null) {
    // Without the -e switch: the child would fork again (Node's guard).
    const i = execArgv.lastIndexOf(process._eval);
    if (i > 0) execArgv = [...execArgv.slice(0, i - 1), ...execArgv.slice(i + 1)];
  }
  args = [...execArgv, modulePath, ...args];
  if (typeof options.stdio === 'string') {
    const s = options.stdio;
    options.stdio = [s, s, s, 'ipc'];
  } else if (!Array.isArray(options.stdio)) {
    options.stdio = options.silent ? ['pipe', 'pipe', 'pipe', 'ipc'] : [0, 1, 2, 'ipc'];
  } else if (!options.stdio.includes('ipc')) {
    const e = new Error('Forked processes must have an IPC channel, missing value \'ipc\' in options.stdio');
    e.code = 'ERR_CHILD_PROCESS_IPC_REQUIRED';
    throw e;
  }
  return spawn(options.execPath || process.execPath, args, options);
}

module.exports = {
  ChildProcess,
  spawn,
  exec,
  execFile,
  spawnSync,
  execSync,
  execFileSync,
  fork,
  _forkChild: fork,
};
