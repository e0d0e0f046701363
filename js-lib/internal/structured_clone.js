'use strict';
// structuredClone(value): the HTML structured clone algorithm for the types
// Node supports: primitives, plain objects and arrays (cycles and shared
// references kept), Date, RegExp, boxed primitives, Map, Set, ArrayBuffer,
// typed arrays, DataView and errors. Anything else (functions, symbols,
// WeakMaps, promises, ...) throws a DataCloneError.

const types = internalBinding('types');

function dataCloneError(value) {
  const { DOMException } = require('internal/dom_exception');
  // V8's wording: functions by their source, symbols as Symbol(x), other
  // objects as #<Constructor>.
  let shown;
  if (typeof value === 'symbol') {
    shown = value.toString();
  } else if (typeof value === 'function') {
    shown = Function.prototype.toString.call(value);
  } else {
    const ctor = value && value.constructor && value.constructor.name;
    shown = `#<${ctor || 'Object'}>`;
  }
  return new DOMException(`${shown} could not be cloned.`, 'DataCloneError');
}

const errorCtors = { Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError };

function cloneError(value, clone) {
  const name = errorCtors[value.name] ? value.name : 'Error';
  const out = Object.create(errorCtors[name].prototype);
  const define = (key, v) => Object.defineProperty(out, key, {
    value: v, writable: true, configurable: true, enumerable: false,
  });
  if (value.message !== undefined) define('message', String(value.message));
  if (value.stack !== undefined) define('stack', String(value.stack));
  if ('cause' in value) define('cause', clone(value.cause));
  return out;
}

function structuredClone(value, options) {
  if (arguments.length === 0) {
    const e = new TypeError('The value argument must be specified');
    e.code = 'ERR_MISSING_ARGS';
    throw e;
  }
  if (options !== undefined && options !== null && typeof options !== 'object') {
    const { codes } = require('internal/errors');
    throw new codes.ERR_INVALID_ARG_TYPE('options', 'Object', options);
  }
  const seen = new Map();
  // Transferred ArrayBuffers move (the originals are detached) instead of
  // being copied.
  const transfer = options && options.transfer;
  if (transfer !== undefined && transfer !== null) {
    if (typeof transfer[Symbol.iterator] !== 'function') {
      const { codes } = require('internal/errors');
      throw new codes.ERR_INVALID_ARG_TYPE('options.transfer', 'Array', transfer);
    }
    const util = internalBinding('util');
    for (const item of transfer) {
      if (!types.isArrayBuffer(item)) throw dataCloneError(item);
      if (seen.has(item)) {
        const { DOMException } = require('internal/dom_exception');
        throw new DOMException('ArrayBuffer at index 1 is a duplicate of an earlier ArrayBuffer. ' +
          'Duplicate ArrayBuffers cannot be transferred.', 'DataCloneError');
      }
      seen.set(item, null);
    }
    for (const item of seen.keys()) seen.set(item, util.transferArrayBuffer(item));
  }

  function clone(v) {
    if (typeof v === 'symbol' || typeof v === 'function') throw dataCloneError(v);
    if (v === null || typeof v !== 'object') return v;
    if (seen.has(v)) return seen.get(v);
    let out;
    if (Array.isArray(v)) {
      out = new Array(v.length);
      seen.set(v, out);
      for (const key of Object.keys(v)) out[key] = clone(v[key]);
      return out;
    }
    if (types.isDate(v)) out = new Date(v.getTime());
    else if (types.isRegExp(v)) out = new RegExp(v.source, v.flags);
    else if (types.isBooleanObject(v)) out = Object(Boolean.prototype.valueOf.call(v));
    else if (types.isNumberObject(v)) out = Object(Number.prototype.valueOf.call(v));
    else if (types.isStringObject(v)) out = Object(String.prototype.valueOf.call(v));
    else if (types.isBigIntObject(v)) out = Object(BigInt.prototype.valueOf.call(v));
    else if (types.isArrayBuffer(v)) out = v.slice(0);
    else if (types.isNativeError(v)) out = cloneError(v, clone);
    if (out !== undefined) {
      seen.set(v, out);
      return out;
    }
    if (ArrayBuffer.isView(v)) {
      const buffer = clone(v.buffer);
      if (types.isDataView(v)) out = new DataView(buffer, v.byteOffset, v.byteLength);
      else {
        // A Buffer clones as a plain Uint8Array, as in Node.
        const Ctor = Object.getPrototypeOf(Object.getPrototypeOf(v)) === Uint8Array.prototype ?
          Uint8Array : v.constructor;
        out = new Ctor(buffer, v.byteOffset, v.length);
      }
      seen.set(v, out);
      return out;
    }
    if (types.isMap(v)) {
      out = new Map();
      seen.set(v, out);
      for (const [k, val] of v) out.set(clone(k), clone(val));
      return out;
    }
    if (types.isSet(v)) {
      out = new Set();
      seen.set(v, out);
      for (const k of v) out.add(clone(k));
      return out;
    }
    // process.env is a Proxy here but an ordinary (interceptor) object in
    // Node, which clones it as a plain object of the variables.
    if (types.isPromise(v) || types.isWeakMap(v) || types.isWeakSet(v) || (types.isProxy(v) && v !== process.env) ||
        types.isGeneratorObject(v) || types.isExternal(v) || types.isSymbolObject(v)) {
      throw dataCloneError(v);
    }
    out = {};
    seen.set(v, out);
    for (const key of Object.keys(v)) out[key] = clone(v[key]);
    return out;
  }

  return clone(value);
}

module.exports = { structuredClone };
