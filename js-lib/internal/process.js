'use strict';
// The `process` object: an EventEmitter with Node's properties and methods,
// built on internalBinding('process').

const EventEmitter = require('events');
const binding = internalBinding('process');
const {
  codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE }, validateInteger,
} = require('internal/errors');
const { validateArray, validateBoolean, validateNumber, validateObject, validateUint32 } =
  require('internal/validators');

// As in Node, process is an instance of a function named "process" whose
// prototype inherits from EventEmitter's.
const ProcessConstructor = { process() {} }.process;
const proto = Object.create(EventEmitter.prototype, {
  constructor: { value: ProcessConstructor, writable: true, configurable: true },
});
ProcessConstructor.prototype = proto;
const process = Object.create(proto);
// The tag is process's own (a copy with the same prototype is a plain Object).
Object.defineProperty(process, Symbol.toStringTag, {
  value: 'process', writable: true, configurable: false, enumerable: false,
});
EventEmitter.call(process);

const NODE_COMPAT_VERSION = 'v20.0.0';

function define(name, value) {
  Object.defineProperty(process, name, {
    value, writable: true, configurable: true, enumerable: true,
  });
}

process.title = 'shoal';
// shoal implements Node 20's API: packages that check process.version see a
// Node 20 version; process.versions.shoal tells which runtime this is.
process.version = NODE_COMPAT_VERSION;
process.versions = {
  node: NODE_COMPAT_VERSION.slice(1),
  shoal: binding.shoalVersion,
  brotli: binding.brotliVersion,
  llhttp: binding.llhttpVersion,
  modules: '115',
  nghttp2: binding.nghttp2Version,
  openssl: binding.opensslVersion,
  uv: binding.uvVersion,
  v8: binding.v8Version,
  zlib: binding.zlibVersion,
  // Node-API version (bindings/napi): prebuilt-binary loaders pick by it.
  napi: '9',
};
process.arch = 'x64';
process.platform = 'linux';
process.release = { name: 'node', lts: undefined };
process.argv = binding.argv;
process.argv0 = binding.argv0 || 'node';
process.execArgv = binding.execArgv || [];
process.execPath = binding.execPath;
process.pid = binding.pid;
process.ppid = binding.ppid;
// Build facts packages and Node's own tests read: Intl has full ICU data
// (V8's from the system ICU), OpenSSL and the compression libraries are the
// system's shared ones.
process.config = {
  target_defaults: {},
  variables: {
    host_arch: 'x64',
    target_arch: 'x64',
    icu_small: false,
    v8_enable_i18n_support: 1,
    node_module_version: 115,
    napi_build_version: '9',
    node_use_openssl: true,
    node_shared_openssl: true,
    node_shared_zlib: true,
    node_shared_brotli: true,
    node_shared_nghttp2: true,
    node_shared_libuv: true,
    node_shared_cares: false,
    node_use_node_code_cache: false,
    node_use_node_snapshot: false,
  },
};
process.features = { inspector: false, ipv6: true, tls: true };
// require() of ES modules is supported (internal/modules/esm requireModule).
Object.defineProperty(process.features, 'require_module', {
  enumerable: true, configurable: true, get() { return true; },
});
process.moduleLoadList = [];
process.env = makeEnv();
Object.defineProperty(process, '_makeEnv', { value: makeEnv, configurable: true, enumerable: false });
Object.defineProperty(process, '_shareEnv', {
  value() { live.on = true; }, configurable: true, enumerable: false,
});


// process.env: the process's environment, or (a worker thread's own env)
// a private copy that changes nothing outside the thread. Once worker
// threads share the environment (SHARE_ENV, process._shareEnv()), reads
// see what other threads set.
const live = { on: false };
function makeEnv(source, shared = true) {
  const target = source || binding.environ();
  const setenv = shared ? binding.setenv : () => {};
  const unsetenv = shared ? binding.unsetenv : () => {};
  const sync = () => {
    if (!live.on || !shared) return;
    const now = binding.environ();
    for (const key of Object.keys(target)) if (!(key in now)) delete target[key];
    Object.assign(target, now);
  };
  const badDescriptor = (accessor) => require('internal/errors').makeError(
    TypeError, 'ERR_INVALID_OBJECT_DEFINE_PROPERTY', accessor ?
      "'process.env' does not accept an accessor(getter/setter) descriptor" :
      "'process.env' only accepts a configurable, writable, and enumerable data descriptor");
  return new Proxy(target, {
    get(obj, key) {
      if (typeof key !== 'string') return undefined;
      sync();
      return Reflect.get(obj, key);
    },
    has(obj, key) {
      if (typeof key !== 'string') return false;
      sync();
      return Reflect.has(obj, key);
    },
    ownKeys(obj) {
      sync();
      return Reflect.ownKeys(obj);
    },
    set(obj, key, value) {
      if (typeof key === 'symbol') throw new TypeError('Cannot convert a Symbol value to a string');
      const s = `${value}`;
      if (setenv(key, s) === false) delete obj[key];
      else obj[key] = s;
      return true;
    },
    // Node's env accepts only plain, writable, enumerable, configurable values.
    defineProperty(obj, key, desc) {
      if ('value' in desc) {
        if (desc.writable !== true || desc.enumerable !== true || desc.configurable !== true) {
          throw badDescriptor(false);
        }
        const s = `${desc.value}`;
        if (setenv(key, s) === false) return Reflect.deleteProperty(obj, key);
        return Reflect.defineProperty(obj, key, { ...desc, value: s });
      }
      throw badDescriptor('get' in desc || 'set' in desc);
    },
    deleteProperty(obj, key) {
      if (typeof key !== 'string') return true;
      unsetenv(key);
      return Reflect.deleteProperty(obj, key);
    },
  });
}

let exitCode;
let exiting = false;
Object.defineProperty(process, 'exitCode', {
  configurable: false,
  enumerable: true,
  get() { return exitCode; },
  set(code) {
    if (code !== null && code !== undefined) {
      let value = code;
      if (typeof code === 'string' && code !== '' && Number.isInteger(+code)) value = +code;
      validateInteger(value, 'code');
    }
    exitCode = code;
  },
});

process.cwd = function cwd() {
  return binding.cwd();
};

process.chdir = function chdir(directory) {
  if (typeof directory !== 'string') throw new ERR_INVALID_ARG_TYPE('directory', 'string', directory);
  binding.chdir(directory);
};

process.umask = function umask(mask) {
  if (mask === undefined) return binding.umask();
  if (typeof mask === 'string') {
    if (!/^[0-7]+$/.test(mask)) {
      throw new ERR_INVALID_ARG_VALUE('mask', mask, 'must be a 32-bit unsigned integer or an octal string');
    }
    mask = parseInt(mask, 8);
  }
  validateUint32(mask, 'mask');
  return binding.umask(mask);
};

process.kill = function kill(pid, sig = 'SIGTERM') {
  const os = require('os');
  const signum = typeof sig === 'number' ? sig : os.constants.signals[sig];
  if (signum === undefined) {
    const e = new TypeError(`Unknown signal: ${sig}`);
    e.code = 'ERR_UNKNOWN_SIGNAL';
    throw e;
  }
  const err = binding.kill(pid, signum);
  if (err) throw require('internal/errors').errnoException(err, 'kill');
  return true;
};

// Runs 'exit' listeners once and returns the code the process ends with.
process._emitExit = function emitExit(code) {
  if (code !== undefined) process.exitCode = code;
  if (!exiting) {
    exiting = true;
    process._exiting = true;
    process.emit('exit', process.exitCode | 0);
  }
  return process.exitCode | 0;
};
process._exiting = false;

process.exit = function exit(code) {
  // An explicit exit is no unsettled top-level await (internal/modules/esm).
  process.off('exit', require('internal/modules/esm').handleProcessExit);
  if (code !== undefined) process.exitCode = code;
  const final = process._emitExit();
  process.reallyExit(final); // (a user may replace it, as in Node)
};

process.reallyExit = function reallyExit(code) {
  binding.reallyExit(code | 0);
};

// A method: no prototype, not a constructor (as Node's native one).
process.abort = { abort() {
  binding.kill(process.pid, 6);
} }.abort;

function hrtime(prev) {
  const t = binding.hrtime();
  if (prev !== undefined) {
    if (!Array.isArray(prev)) throw new ERR_INVALID_ARG_TYPE('time', 'Array', prev);
    if (prev.length !== 2) {
      const { codes } = require('internal/errors');
      throw new codes.ERR_OUT_OF_RANGE('time', '2', prev.length);
    }
    let s = t[0] - prev[0];
    let ns = t[1] - prev[1];
    if (ns < 0) {
      s -= 1;
      ns += 1e9;
    }
    return [s, ns];
  }
  return t;
}
hrtime.bigint = function bigint() {
  return binding.hrtimeBigInt();
};
process.hrtime = hrtime;

process.uptime = function uptime() {
  return binding.uptime();
};

function memoryUsage() {
  return binding.memoryUsage();
}
memoryUsage.rss = function rss() {
  return binding.rss();
};
process.memoryUsage = memoryUsage;

process.dlopen = function dlopen(module, filename, flags) {
  return require('internal/modules/native_addon').dlopen(...arguments);
};

// A previous cpuUsage() value's field, checked as Node does.
function checkPrevious(prev, field) {
  const v = prev[field];
  if (typeof v === 'number' && v >= 0 && v <= Number.MAX_SAFE_INTEGER) return;
  validateObject(prev, 'prevValue');
  validateNumber(v, `prevValue.${field}`);
  throw new ERR_INVALID_ARG_VALUE.RangeError(`prevValue.${field}`, v);
}

// User and system CPU time of the process in microseconds (getrusage).
process.cpuUsage = function cpuUsage(prevValue) {
  const [user, system] = binding.cpuUsage();
  if (prevValue) {
    checkPrevious(prevValue, 'user');
    checkPrevious(prevValue, 'system');
    return { user: user - prevValue.user, system: system - prevValue.system };
  }
  return { user, system };
};

const kResourceUsage = ['userCPUTime', 'systemCPUTime', 'maxRSS', 'sharedMemorySize',
  'unsharedDataSize', 'unsharedStackSize', 'minorPageFault', 'majorPageFault', 'swappedOut',
  'fsRead', 'fsWrite', 'ipcSent', 'ipcReceived', 'signalsCount', 'voluntaryContextSwitches',
  'involuntaryContextSwitches'];

process.resourceUsage = function resourceUsage() {
  const v = binding.resourceUsage();
  const out = {};
  for (let i = 0; i < kResourceUsage.length; i++) out[kResourceUsage[i]] = v[i];
  return out;
};

// --- credentials ----------------------------------------------------------

process.getuid = () => binding.getIds()[0];
process.geteuid = () => binding.getIds()[1];
process.getgid = () => binding.getIds()[2];
process.getegid = () => binding.getIds()[3];
process.getgroups = () => binding.getGroups();

// Node's ERR_UNKNOWN_CREDENTIAL and its "EPERM, Operation not permitted".
function credentialError(result, syscall, type, id) {
  if (result === 0) return;
  if (Array.isArray(result)) {
    const code = internalBinding('uv').errname(result[0]);
    const e = new Error(`${code}, ${result[1]}`);
    Object.assign(e, { errno: result[0], code, syscall });
    throw e;
  }
  const { makeError } = require('internal/errors');
  throw makeError(Error, 'ERR_UNKNOWN_CREDENTIAL', `${type} identifier does not exist: ${id}`);
}

const MAX_ID = 2 ** 32 - 1;
function validateId(id, name) {
  if (typeof id === 'number') validateInteger(id, name, 0, MAX_ID);
  else if (typeof id !== 'string') throw new ERR_INVALID_ARG_TYPE(name, ['number', 'string'], id);
}

[['setuid', 0, 'User'], ['seteuid', 1, 'User'], ['setgid', 2, 'Group'], ['setegid', 3, 'Group']]
  .forEach(([name, which, type]) => {
    define(name, {
      [name](id) {
        validateId(id, 'id');
        if (typeof id === 'number') id >>>= 0;
        credentialError(binding.setId(which, id), name, type, id);
      },
    }[name]);
  });

define('setgroups', function setgroups(groups) {
  validateArray(groups, 'groups');
  for (let i = 0; i < groups.length; i++) validateId(groups[i], `groups[${i}]`);
  const result = binding.setGroups(groups);
  if (typeof result === 'number' && result > 0) credentialError(1, 'setgroups', 'Group', groups[result - 1]);
  credentialError(result, 'setgroups');
});

define('initgroups', function initgroups(user, extraGroup) {
  validateId(user, 'user');
  validateId(extraGroup, 'extraGroup');
  const result = binding.initGroups(user, extraGroup);
  if (result === 1) credentialError(1, 'initgroups', 'User', user);
  else if (result === 2) credentialError(1, 'initgroups', 'Group', extraGroup);
  else credentialError(result, 'initgroups');
});

// --- small APIs -----------------------------------------------------------

// Straight to fd 2, bypassing process.stderr and the tick queue (Node's
// debugging aid that works when all else is broken).
define('_rawDebug', function _rawDebug(...args) {
  binding.writeSync(2, `${require('util').format(...args)}\n`);
});

let assertWarned = false;
define('assert', function assert(value, message) {
  if (!assertWarned) {
    assertWarned = true;
    process.emitWarning('process.assert() is deprecated. Please use the `assert` module instead.',
                        'DeprecationWarning', 'DEP0100');
  }
  if (!value) {
    const { makeError } = require('internal/errors');
    throw makeError(Error, 'ERR_ASSERTION', message || 'assertion error');
  }
});

// The cgroup (v2, then v1) memory limit, when there is one, as libuv's
// uv_get_constrained_memory finds it; undefined otherwise.
define('constrainedMemory', function constrainedMemory() {
  const fs = require('fs');
  for (const file of ['/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes']) {
    try {
      const text = fs.readFileSync(file, 'latin1').trim();
      if (/^\d+$/.test(text) && Number(text) > 0 && Number(text) < 2 ** 62) return Number(text);
      return undefined;
    } catch {
      // not this cgroup version
    }
  }
  return undefined;
});

let sourceMapsEnabled = false;
define('setSourceMapsEnabled', function setSourceMapsEnabled(val) {
  validateBoolean(val, 'val');
  sourceMapsEnabled = val;
});
Object.defineProperty(process, 'sourceMapsEnabled', {
  configurable: true, enumerable: true, get: () => sourceMapsEnabled,
});

const { nextTick } = require('internal/task_queue');
process.nextTick = nextTick;

// Timers, immediates and fs requests in flight: the open handles Node also
// lists are not tracked (docs/compatibility.md).
process.getActiveResourcesInfo = function getActiveResourcesInfo() {
  const { timeouts, immediates } = require('timers')[Symbol.for('shoal.timers.activeCounts')]();
  const requests = internalBinding('fs').pendingRequests();
  return [...new Array(requests).fill('FSReqCallback'), ...require('internal/active_handles').activeTypes(),
    ...new Array(timeouts).fill('Timeout'), ...new Array(immediates).fill('Immediate')];
};

// process.report, made on first use (enumerable: \`import { report } from 'process'\`).
let report;
Object.defineProperty(process, 'report', {
  enumerable: true,
  configurable: true,
  get() {
    report ??= require('internal/process_report').report;
    return report;
  },
});

// The owners of open, ref'd handles (net sockets and servers so far).
define('_getActiveHandles', function _getActiveHandles() {
  return require('internal/active_handles').activeOwners();
});

// One object per fs request in flight (Node gives its request wraps).
class FSReqCallback {}
define('_getActiveRequests', function _getActiveRequests() {
  return Array.from({ length: internalBinding('fs').pendingRequests() }, () => new FSReqCallback());
});

// --- warnings ---------------------------------------------------------

let warnedTrace = false;
process.setUncaughtExceptionCaptureCallback = function setUncaughtExceptionCaptureCallback(fn) {
  require('internal/fatal').setUncaughtExceptionCaptureCallback(fn);
};
process.hasUncaughtExceptionCaptureCallback = function hasUncaughtExceptionCaptureCallback() {
  return require('internal/fatal').hasUncaughtExceptionCaptureCallback();
};

process.emitWarning = function emitWarning(warning, type, code, ctor) {
  let detail;
  if (type !== null && typeof type === 'object' && !Array.isArray(type)) {
    ctor = type.ctor;
    code = type.code;
    if (typeof type.detail === 'string') detail = type.detail;
    type = type.type || 'Warning';
  } else if (typeof type === 'function') {
    ctor = type;
    code = undefined;
    type = 'Warning';
  }
  if (type !== undefined && typeof type !== 'string') throw new ERR_INVALID_ARG_TYPE('type', 'string', type);
  if (typeof code === 'function') {
    ctor = code;
    code = undefined;
  }
  if (typeof warning === 'string') {
    const w = new Error(warning);
    w.name = String(type || 'Warning');
    if (code !== undefined) w.code = code;
    if (detail !== undefined) w.detail = detail;
    Error.captureStackTrace(w, ctor || process.emitWarning);
    warning = w;
  } else if (!(warning instanceof Error)) {
    throw new ERR_INVALID_ARG_TYPE('warning', ['Error', 'string'], warning);
  }
  if (disabledWarnings().has(warning.code) || disabledWarnings().has(warning.name)) return;
  if (warning.name === 'DeprecationWarning') {
    if (process.noDeprecation) return;
    // Thrown on the next tick, after the warnings emitted before it.
    if (process.throwDeprecation) return process.nextTick(() => { throw warning; });
  }
  process.nextTick(() => {
    process.emit('warning', warning);
  });
};

// The values of a repeatable --name=value node option (command line or
// $NODE_OPTIONS).
function optionValues(name) {
  const prefix = `--${name}=`;
  const env = typeof process.env.NODE_OPTIONS === 'string' ? process.env.NODE_OPTIONS.split(/\s+/) : [];
  return [...env, ...process.execArgv].filter((a) => a.startsWith(prefix)).map((a) => a.slice(prefix.length));
}

// --disable-warning=CODE or TYPE: such warnings are not emitted at all.
let disabledWarningSet = null;
function disabledWarnings() {
  if (disabledWarningSet === null) disabledWarningSet = new Set(optionValues('disable-warning'));
  return disabledWarningSet;
}

// --redirect-warnings=FILE or $NODE_REDIRECT_WARNINGS: warnings are appended
// to that file instead of stderr (stderr again if it cannot be written).
function redirectWarningsPath() {
  const files = optionValues('redirect-warnings');
  if (files.length > 0) return files[files.length - 1];
  return process.env.NODE_REDIRECT_WARNINGS || null;
}

function writeWarning(msg) {
  const file = redirectWarningsPath();
  if (file) {
    try {
      require('fs').appendFileSync(file, msg);
      return;
    } catch {
      // fall back to stderr, as Node
    }
  }
  process.stderr.write(msg);
}

function defaultWarningListener(warning) {
  if (!(warning instanceof Error)) return;
  let msg = `(node:${process.pid}) `;
  if (warning.code) msg += `[${warning.code}] `;
  msg += `${warning.name}: ${warning.message}\n`;
  if (typeof warning.detail === 'string') msg += `${warning.detail}\n`;
  if (!warnedTrace) {
    warnedTrace = true;
    const flag = warning.name === 'DeprecationWarning' ? '--trace-deprecation' : '--trace-warnings';
    msg += `(Use \`node ${flag} ...\` to show where the warning was created)\n`;
  }
  writeWarning(msg);
}
// Node options of the command line (worker/cli.h) or of $NODE_OPTIONS
// (space-separated) that js-lib applies.
function hasFlag(name) {
  const env = process.env.NODE_OPTIONS;
  return process.execArgv.includes(name) || (typeof env === 'string' && env.split(/\s+/).includes(name));
}
if (hasFlag('--no-deprecation')) process.noDeprecation = true;
if (hasFlag('--throw-deprecation')) process.throwDeprecation = true;
if (hasFlag('--trace-deprecation')) process.traceDeprecation = true;
if (!hasFlag('--no-warnings') && process.env.NODE_NO_WARNINGS !== '1') {
  process.on('warning', defaultWarningListener);
}

// Built on first use, then a plain (replaceable) property, as in Node.
Object.defineProperty(process, 'allowedNodeEnvironmentFlags', {
  configurable: true,
  enumerable: true,
  get() {
    const flags = require('internal/node_env_flags').allowedNodeEnvironmentFlags();
    Object.defineProperty(process, 'allowedNodeEnvironmentFlags', {
      value: flags, configurable: true, enumerable: true, writable: true,
    });
    return flags;
  },
  set(value) {
    Object.defineProperty(process, 'allowedNodeEnvironmentFlags', {
      value, configurable: true, enumerable: true, writable: true,
    });
  },
});

// --- stdio --------------------------------------------------------------

function lazyStdio(name, fd) {
  let stream;
  Object.defineProperty(process, name, {
    configurable: true,
    enumerable: true,
    get() {
      if (!stream) stream = require('internal/stdio').createWritable(fd);
      return stream;
    },
  });
}
lazyStdio('stdout', 1);
lazyStdio('stderr', 2);
Object.defineProperty(process, 'stdin', {
  configurable: true,
  enumerable: true,
  get() {
    const stdin = require('internal/stdio').createReadable(0);
    Object.defineProperty(process, 'stdin', { value: stdin, configurable: true, enumerable: true });
    return stdin;
  },
});
// Node's deprecated way to read stdin: resumed, in old (flowing) mode.
process.openStdin = function openStdin() {
  process.stdin.resume();
  return process.stdin;
};

// --- signals --------------------------------------------------------------

const signalWatchers = new Map();
function isSignal(name) {
  return typeof name === 'string' && name.startsWith('SIG') &&
    require('os').constants.signals[name] !== undefined;
}
process.on('newListener', (event) => {
  if (isSignal(event) && !signalWatchers.has(event)) {
    const signum = require('os').constants.signals[event];
    signalWatchers.set(event, binding.startSignal(signum, () => process.emit(event, event, signum)));
  }
});
process.on('removeListener', (event) => {
  if (isSignal(event) && signalWatchers.has(event) && process.listenerCount(event) === 0) {
    binding.stopSignal(signalWatchers.get(event));
    signalWatchers.delete(event);
  }
});

// SHOAL_EXPOSE_INTERNALS=1 (like node --expose-internals) opens the native
// bindings and internal modules to user code, for debugging and tests.
const exposeInternals = process.env.SHOAL_EXPOSE_INTERNALS === '1' ||
  process.execArgv.includes('--expose-internals') || process.execArgv.includes('--expose_internals');
// Node's legacy process.binding('util'): these util.types checks.
const kLegacyUtilBinding = ['isAnyArrayBuffer', 'isArrayBuffer', 'isArrayBufferView', 'isAsyncFunction',
  'isDataView', 'isDate', 'isExternal', 'isMap', 'isMapIterator', 'isNativeError', 'isPromise', 'isRegExp',
  'isSet', 'isSetIterator', 'isTypedArray', 'isUint8Array'];
define('binding', function binding(name) {
  if (name === 'util') {
    const { types } = require('util');
    return Object.fromEntries(kLegacyUtilBinding.map((k) => [k, types[k]]));
  }
  if (exposeInternals) return internalBinding(name);
  const e = new Error(`No such module: ${name}`);
  e.code = 'ERR_INVALID_MODULE';
  throw e;
});
process._exposeInternals = exposeInternals;

module.exports = process;
