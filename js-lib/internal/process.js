'use strict';
// The `process` object: an EventEmitter with Node's properties and methods,
// built on internalBinding('process').

const EventEmitter = require('events');
const binding = internalBinding('process');
const {
  codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE }, validateInteger,
} = require('internal/errors');
const { validateNumber, validateObject } = require('internal/validators');

const proto = Object.create(EventEmitter.prototype, {
  [Symbol.toStringTag]: { value: 'process', configurable: true },
});
const process = Object.create(proto);
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
  return new Proxy(target, {
    get(obj, key) {
      if (typeof key === 'string') sync();
      return Reflect.get(obj, key);
    },
    has(obj, key) {
      sync();
      return Reflect.has(obj, key);
    },
    ownKeys(obj) {
      sync();
      return Reflect.ownKeys(obj);
    },
    set(obj, key, value) {
      if (typeof key === 'symbol') return Reflect.set(obj, key, value);
      const s = `${value}`;
      obj[key] = s;
      setenv(key, s);
      return true;
    },
    defineProperty(obj, key, desc) {
      if ('value' in desc) {
        const s = `${desc.value}`;
        setenv(key, s);
        return Reflect.defineProperty(obj, key, { ...desc, value: s });
      }
      return Reflect.defineProperty(obj, key, desc);
    },
    deleteProperty(obj, key) {
      if (typeof key === 'string') unsetenv(key);
      return Reflect.deleteProperty(obj, key);
    },
  });
}

let exitCode;
let exiting = false;
Object.defineProperty(process, 'exitCode', {
  configurable: true,
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
  if (typeof mask === 'string') mask = parseInt(mask, 8);
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
  return binding.kill(pid, signum);
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
  binding.reallyExit(final);
};

process.reallyExit = function reallyExit(code) {
  binding.reallyExit(code | 0);
};

process.abort = function abort() {
  binding.kill(process.pid, 6);
};

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

process.getuid = () => require('os').userInfo().uid;
process.geteuid = process.getuid;
process.getgid = () => require('os').userInfo().gid;
process.getegid = process.getgid;

const { nextTick } = require('internal/task_queue');
process.nextTick = nextTick;

// Only timers and immediates: the open handles and pending requests that
// Node also lists are not tracked (docs/compatibility.md).
process.getActiveResourcesInfo = function getActiveResourcesInfo() {
  const { timeouts, immediates } = require('timers')[Symbol.for('shoal.timers.activeCounts')]();
  return [...new Array(timeouts).fill('Timeout'), ...new Array(immediates).fill('Immediate')];
};

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
  if (warning.name === 'DeprecationWarning' && process.noDeprecation) return;
  process.nextTick(() => {
    process.emit('warning', warning);
  });
};

function defaultWarningListener(warning) {
  let msg = `(node:${process.pid}) `;
  if (warning.code) msg += `[${warning.code}] `;
  msg += `${warning.name}: ${warning.message}\n`;
  if (typeof warning.detail === 'string') msg += `${warning.detail}\n`;
  if (!warnedTrace) {
    warnedTrace = true;
    const flag = warning.name === 'DeprecationWarning' ? '--trace-deprecation' : '--trace-warnings';
    msg += `(Use \`node ${flag} ...\` to show where the warning was created)\n`;
  }
  process.stderr.write(msg);
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
define('binding', function binding(name) {
  if (exposeInternals) return internalBinding(name);
  const e = new Error(`No such module: ${name}`);
  e.code = 'ERR_INVALID_MODULE';
  throw e;
});
process._exposeInternals = exposeInternals;

module.exports = process;
