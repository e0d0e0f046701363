'use strict';
const { describeReceived, invalidArgType, makeError } = require('internal/errors');
const { validateFunction } = require('internal/validators');

// The `util` built-in module.

const {
  inspect,
  format,
  formatWithOptions,
  stripVTControlCharacters,
  isError: isErrorLike,
  shouldColorize,
} = require('internal/inspect');
const { isDeepStrictEqual } = require('internal/comparisons');
const { debuglog } = require('internal/util/debuglog');

const typesBinding = internalBinding('types');

// ---------------------------------------------------------------------------
// Errors




// ---------------------------------------------------------------------------
// util.types

const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const typedArrayTagGetter =
  Object.getOwnPropertyDescriptor(TypedArrayPrototype, Symbol.toStringTag).get;

function typedArrayTag(value) {
  return typedArrayTagGetter.call(value);
}

function makeTypedArrayCheck(name) {
  const fromBinding = typesBinding[`is${name}`];
  if (typeof fromBinding === 'function') return fromBinding;
  return (value) => typedArrayTag(value) === name;
}

const typedArrayNames = [
  'Uint8Array', 'Uint8ClampedArray', 'Uint16Array', 'Uint32Array',
  'Int8Array', 'Int16Array', 'Int32Array', 'Float32Array', 'Float64Array',
  'BigInt64Array', 'BigUint64Array',
];

const types = {};
for (const key of Object.keys(typesBinding)) {
  if (typeof typesBinding[key] === 'function') types[key] = typesBinding[key];
}
if (types.isTypedArray === undefined) {
  types.isTypedArray = (value) => typedArrayTag(value) !== undefined;
}
for (const name of typedArrayNames) {
  types[`is${name}`] = makeTypedArrayCheck(name);
}
if (types.isArrayBufferView === undefined) {
  types.isArrayBufferView = (value) => ArrayBuffer.isView(value);
}
if (types.isKeyObject === undefined) {
  types.isKeyObject = (value) => require('internal/crypto/keys').isKeyObject(value);
}
if (types.isCryptoKey === undefined) {
  types.isCryptoKey = (value) => require('internal/crypto/keys').isCryptoKey(value);
}

// ---------------------------------------------------------------------------
// promisify / callbackify

const kCustomPromisifiedSymbol = Symbol.for('nodejs.util.promisify.custom');
// Functions whose callback receives several results set this to the list of
// result names; the promise then resolves to an object.
const kCustomPromisifyArgsSymbol = Symbol.for('shoal.util.promisify.customArgs');

function promisify(original) {
  validateFunction(original, 'original');
  if (original[kCustomPromisifiedSymbol]) {
    const fn = original[kCustomPromisifiedSymbol];
    validateFunction(fn, 'util.promisify.custom');
    return Object.defineProperty(fn, kCustomPromisifiedSymbol, {
      value: fn, enumerable: false, writable: false, configurable: true,
    });
  }
  const argumentNames = original[kCustomPromisifyArgsSymbol];

  function fn(...args) {
    return new Promise((resolve, reject) => {
      args.push((err, ...values) => {
        if (err) {
          reject(err);
          return;
        }
        if (argumentNames !== undefined && values.length > 1) {
          const obj = {};
          for (let i = 0; i < argumentNames.length; i++) {
            obj[argumentNames[i]] = values[i];
          }
          resolve(obj);
        } else {
          resolve(values[0]);
        }
      });
      Reflect.apply(original, this, args);
    });
  }

  Object.setPrototypeOf(fn, Object.getPrototypeOf(original));
  Object.defineProperty(fn, kCustomPromisifiedSymbol, {
    value: fn, enumerable: false, writable: false, configurable: true,
  });
  const descriptors = Object.getOwnPropertyDescriptors(original);
  for (const desc of Object.values(descriptors)) Object.setPrototypeOf(desc, null);
  return Object.defineProperties(fn, descriptors);
}
promisify.custom = kCustomPromisifiedSymbol;

function callbackifyOnRejected(reason, cb) {
  // A falsy rejection reason is wrapped so the callback sees an error.
  if (!reason) {
    const err = makeError(Error, 'ERR_FALSY_VALUE_REJECTION',
      'Promise was rejected with falsy value');
    err.reason = reason;
    reason = err;
  }
  return cb(reason);
}

function callbackify(original) {
  validateFunction(original, 'original');

  function callbackified(...args) {
    const maybeCb = args.pop();
    validateFunction(maybeCb, 'last argument');
    const cb = maybeCb.bind(this);
    Reflect.apply(original, this, args).then(
      (ret) => process.nextTick(cb, null, ret),
      (rej) => process.nextTick(callbackifyOnRejected, rej, cb));
  }

  const descriptors = Object.getOwnPropertyDescriptors(original);
  if (typeof descriptors.length.value === 'number') descriptors.length.value++;
  if (typeof descriptors.name.value === 'string') {
    descriptors.name.value += 'Callbackified';
  }
  for (const desc of Object.values(descriptors)) Object.setPrototypeOf(desc, null);
  Object.defineProperties(callbackified, descriptors);
  return callbackified;
}

// ---------------------------------------------------------------------------
// inherits / deprecate

function inherits(ctor, superCtor) {
  if (ctor === undefined || ctor === null) {
    throw invalidArgType('ctor', 'function', ctor);
  }
  if (superCtor === undefined || superCtor === null) {
    throw invalidArgType('superCtor', 'function', superCtor);
  }
  if (superCtor.prototype === undefined) {
    throw invalidArgType('superCtor.prototype', 'object', superCtor.prototype);
  }
  Object.defineProperty(ctor, 'super_', {
    value: superCtor, writable: true, configurable: true,
  });
  Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
}

const codesWarned = new Set();

function emitDeprecationWarning(msg, code, fn) {
  if (typeof process !== 'undefined' && typeof process.emitWarning === 'function') {
    if (code !== undefined) {
      process.emitWarning(msg, 'DeprecationWarning', code, fn);
    } else {
      process.emitWarning(msg, 'DeprecationWarning', fn);
    }
    return;
  }
  const pid = typeof process !== 'undefined' ? process.pid : 0;
  const text = `(node:${pid}) ${code !== undefined ? `[${code}] ` : ''}` +
    `DeprecationWarning: ${msg}`;
  if (typeof console !== 'undefined') console.error(text);
}

function deprecate(fn, msg, code) {
  if (typeof process !== 'undefined' && process.noDeprecation === true) {
    return fn;
  }
  validateFunction(fn, 'fn');
  if (code !== undefined && typeof code !== 'string') {
    throw invalidArgType('code', 'string', code);
  }
  let warned = false;
  function deprecated(...args) {
    if (!warned) {
      warned = true;
      if (code === undefined || !codesWarned.has(code)) {
        if (code !== undefined) codesWarned.add(code);
        emitDeprecationWarning(msg, code, deprecated);
      }
    }
    if (new.target) return Reflect.construct(fn, args, new.target);
    return Reflect.apply(fn, this, args);
  }
  Object.setPrototypeOf(deprecated, fn);
  if (fn.prototype) deprecated.prototype = fn.prototype;
  return deprecated;
}

// ---------------------------------------------------------------------------
// Misc helpers

function toUSVString(input) {
  return String(input).toWellFormed ? String(input).toWellFormed() :
    String(input).replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

function getSystemErrorName(err) {
  if (typeof err !== 'number') throw invalidArgType('err', 'number', err);
  if (err >= 0 || !Number.isSafeInteger(err)) {
    const { codes } = require('internal/errors');
    throw new codes.ERR_OUT_OF_RANGE('err', 'a negative integer', err);
  }
  return internalBinding('uv').errname(err);
}

function pad(n) {
  return n.toString().padStart(2, '0');
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep',
  'Oct', 'Nov', 'Dec'];

// util.log: "26 Feb 16:19:34 - message".
function log(...args) {
  const d = new Date();
  const time = [pad(d.getHours()), pad(d.getMinutes()), pad(d.getSeconds())]
    .join(':');
  const timestamp = `${d.getDate()} ${months[d.getMonth()]} ${time}`;
  console.log('%s - %s', timestamp, format(...args));
}

function isPrimitive(arg) {
  return arg === null || (typeof arg !== 'object' && typeof arg !== 'function');
}

function _extend(target, source) {
  if (source === null || typeof source !== 'object') return target;
  const keys = Object.keys(source);
  let i = keys.length;
  while (i--) target[keys[i]] = source[keys[i]];
  return target;
}

function aborted(signal, resource) {
  if (signal === undefined || signal === null || typeof signal !== 'object') {
    throw invalidArgType('signal', 'AbortSignal', signal);
  }
  if (resource === null || (typeof resource !== 'object' && typeof resource !== 'function')) {
    throw invalidArgType('resource', 'object', resource);
  }
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

// Map of errno -> [name, message], as Node's.
function getSystemErrorMap() {
  return new Map(internalBinding('uv').errorList().map(([errno, name, message]) =>
    [errno, [name, message]]));
}


function styleText(format, text, { validateStream = true, stream = process.stdout } = {}) {
  if (typeof text !== 'string') throw invalidArgType('text', 'string', text);
  if (typeof validateStream !== 'boolean') {
    throw invalidArgType('options.validateStream', 'boolean', validateStream);
  }
  if (validateStream && (stream === null || typeof stream !== 'object')) {
    throw makeError(TypeError, 'ERR_INVALID_ARG_TYPE',
      'The "stream" argument must be an instance of ReadableStream, ' +
      `WritableStream, or Stream.${describeReceived(stream)}`);
  }
  const codesFor = (key) => {
    const codes = inspect.colors[key];
    if (codes == null) {
      const allowed = Object.keys(inspect.colors).map((k) => `'${k}'`).join(', ');
      throw makeError(TypeError, 'ERR_INVALID_ARG_VALUE',
        `The argument 'format' must be one of: ${allowed}. Received ${inspect(key)}`);
    }
    return codes;
  };
  if (Array.isArray(format)) {
    let left = '';
    let right = '';
    for (const key of format) {
      const codes = codesFor(key);
      left += `\u001b[${codes[0]}m`;
      right = `\u001b[${codes[1]}m${right}`;
    }
    return `${left}${text}${right}`;
  }
  const codes = codesFor(format);
  if (validateStream && (!stream || !shouldColorize(stream))) return text;
  return `\u001b[${codes[0]}m${text}\u001b[${codes[1]}m`;
}

// ---------------------------------------------------------------------------
// Exports

module.exports = {
  format,
  formatWithOptions,
  inspect,
  isDeepStrictEqual,
  promisify,
  callbackify,
  inherits,
  deprecate,
  debuglog,
  debug: debuglog,
  types,
  toUSVString,
  stripVTControlCharacters,
  getSystemErrorName,
  getSystemErrorMap,
  styleText,
  aborted,
  log,
  _extend,

  // Deprecated type checks (still exported by Node 20).
  isArray: Array.isArray,
  isBoolean: (arg) => typeof arg === 'boolean',
  isBuffer: (arg) => {
    const { Buffer } = require('buffer');
    return Buffer.isBuffer(arg);
  },
  isNull: (arg) => arg === null,
  isNullOrUndefined: (arg) => arg === null || arg === undefined,
  isNumber: (arg) => typeof arg === 'number',
  isString: (arg) => typeof arg === 'string',
  isSymbol: (arg) => typeof arg === 'symbol',
  isUndefined: (arg) => arg === undefined,
  isRegExp: types.isRegExp,
  isObject: (arg) => arg !== null && typeof arg === 'object',
  isDate: types.isDate,
  isError: (arg) => types.isNativeError(arg) || isErrorLike(arg),
  isFunction: (arg) => typeof arg === 'function',
  isPrimitive,
};

// TextEncoder / TextDecoder come from internal/encoding, loaded on first use.
for (const name of ['TextEncoder', 'TextDecoder']) {
  Object.defineProperty(module.exports, name, {
    get() {
      const value = require('internal/encoding')[name];
      Object.defineProperty(module.exports, name, {
        value, writable: true, enumerable: true, configurable: true,
      });
      return value;
    },
    set(value) {
      Object.defineProperty(module.exports, name, {
        value, writable: true, enumerable: true, configurable: true,
      });
    },
    enumerable: true,
    configurable: true,
  });
}
