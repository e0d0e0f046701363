'use strict';
// Node-style errors with `code` properties, and the message helpers used
// across js-lib (ERR_INVALID_ARG_TYPE's "Received ..." text in particular).

function describeReceived(value) {
  if (value === null) return ' Received null';
  if (value === undefined) return ' Received undefined';
  if (typeof value === 'function') {
    return ` Received function ${value.name || '(anonymous)'}`;
  }
  if (typeof value === 'object') {
    if (value.constructor && value.constructor.name) {
      return ` Received an instance of ${value.constructor.name}`;
    }
    const { inspect } = require('internal/inspect');
    return ` Received ${inspect(value, { depth: -1 })}`;
  }
  const { inspect } = require('internal/inspect');
  let shown = inspect(value, { colors: false });
  if (shown.length > 28) shown = `${shown.slice(0, 25)}...`;
  return ` Received type ${typeof value} (${shown})`;
}

function formatList(list, last = 'or') {
  if (list.length <= 2) return list.join(` ${last} `);
  return `${list.slice(0, -1).join(', ')}, ${last} ${list[list.length - 1]}`;
}

// The 'The "name" argument must be of type string. Received ...' message.
function invalidArgTypeMessage(name, expected, actual) {
  if (!Array.isArray(expected)) expected = [expected];
  let msg = 'The ';
  if (name.endsWith(' argument')) msg += `${name} `;
  else msg += `"${name}" ${name.includes('.') ? 'property' : 'argument'} `;
  msg += 'must be ';
  const types = [];
  const instances = [];
  const other = [];
  const kTypes = ['string', 'function', 'number', 'object', 'Function', 'Object', 'boolean',
    'bigint', 'symbol'];
  for (const e of expected) {
    if (kTypes.includes(e)) types.push(e.toLowerCase());
    else if (/^[A-Z][a-zA-Z0-9]*$/.test(e)) instances.push(e);
    else other.push(e);
  }
  if (instances.length > 0 && types.includes('object')) {
    types.splice(types.indexOf('object'), 1);
    instances.unshift('Object');
  }
  const parts = [];
  if (types.length > 0) {
    parts.push(`${types.length > 1 ? 'one of type' : 'of type'} ${formatList(types)}`);
  }
  if (instances.length > 0) {
    parts.push(`${instances.length > 1 ? 'an instance of' : 'an instance of'} ${formatList(instances)}`);
  }
  if (other.length > 0) parts.push(formatList(other));
  msg += parts.join(' or ');
  msg += '.';
  msg += describeReceived(actual);
  return msg;
}

// Node's errors print their code from toString() too ("RangeError
// [ERR_X]: msg"): one prototype under each base class says so.
const codedPrototypes = new Map();
function codedPrototype(Base) {
  let proto = codedPrototypes.get(Base);
  if (proto === undefined) {
    proto = Object.create(Base.prototype, {
      toString: {
        value: function toString() { return `${this.name} [${this.code}]: ${this.message}`; },
        writable: true, configurable: true, enumerable: false,
      },
    });
    codedPrototypes.set(Base, proto);
  }
  return proto;
}

function makeNodeError(Base, code, message) {
  const err = new Base(message);
  Object.setPrototypeOf(err, codedPrototype(Base));
  Object.defineProperty(err, 'code', {
    value: code, enumerable: true, writable: true, configurable: true,
  });
  // Node shows the code in the name while the stack is captured: "TypeError [ERR_X]: msg"
  const stack = err.stack;
  if (typeof stack === 'string') {
    const prefix = `${err.name}: `;
    if (stack.startsWith(prefix)) {
      Object.defineProperty(err, 'stack', {
        value: `${err.name} [${code}]: ${stack.slice(prefix.length)}`,
        writable: true, configurable: true, enumerable: false,
      });
    }
  }
  return err;
}

function makeCodes() {
  const codes = {};
  const def = (code, Base, fmt) => {
    codes[code] = function NodeError(...args) {
      const msg = typeof fmt === 'function' ? fmt(...args) : fmt;
      const err = makeNodeError(Base, code, msg);
      return err;
    };
  };
  def('ERR_INVALID_ARG_TYPE', TypeError, invalidArgTypeMessage);
  def('ERR_INVALID_ARG_VALUE', TypeError, (name, value, reason = 'is invalid') => {
    const { inspect } = require('internal/inspect');
    let shown = inspect(value);
    if (shown.length > 128) shown = `${shown.slice(0, 128)}...`;
    const kind = name.includes('.') ? 'property' : 'argument';
    return `The ${kind} '${name}' ${reason}. Received ${shown}`;
  });
  def('ERR_OUT_OF_RANGE', RangeError, (name, range, value) => {
    let received;
    if (Number.isInteger(value) && Math.abs(value) > 2 ** 32) {
      received = addNumericalSeparator(String(value));
    } else if (typeof value === 'bigint') {
      received = String(value);
      if (value > 2n ** 32n || value < -(2n ** 32n)) received = addNumericalSeparator(received);
      received += 'n';
    } else {
      const { inspect } = require('internal/inspect');
      received = inspect(value);
    }
    return `The value of "${name}" is out of range. It must be ${range}. Received ${received}`;
  });
  def('ERR_MISSING_ARGS', TypeError, (...names) => {
    const quoted = names.map((n) => `"${n}"`);
    return `The ${formatList(quoted, 'and')} argument${names.length > 1 ? 's' : ''} must be specified`;
  });
  def('ERR_INVALID_RETURN_VALUE', TypeError, (input, name, value) =>
    `Expected ${input} to be returned from the "${name}" function but got ${typeof value}.`);
  def('ERR_METHOD_NOT_IMPLEMENTED', Error, (name) => `The ${name} method is not implemented`);
  def('ERR_UNHANDLED_ERROR', Error, (err) => {
    const msg = 'Unhandled error.';
    if (err === undefined) return msg;
    const { inspect } = require('internal/inspect');
    return `${msg} (${inspect(err)})`;
  });
  def('ERR_INVALID_THIS', TypeError, (type) => `Value of "this" must be of type ${type}`);
  def('ERR_UNKNOWN_ENCODING', TypeError, (enc) => `Unknown encoding: ${enc}`);
  def('ERR_INVALID_URL', TypeError, 'Invalid URL');
  def('ERR_REQUIRE_ESM', Error, (file) => `require() of ES Module ${file} not supported.`);
  def('ERR_PACKAGE_PATH_NOT_EXPORTED', Error, (pkgPath, subpath) => subpath === '.'
    ? `No "exports" main defined in ${pkgPath}package.json`
    : `Package subpath '${subpath}' is not defined by "exports" in ${pkgPath}package.json`);
  def('ERR_UNKNOWN_BUILTIN_MODULE', Error, (name) => `No such built-in module: ${name}`);
  def('ERR_MODULE_NOT_FOUND', Error, (spec, base) =>
    `Cannot find module '${spec}' imported from ${base}`);
  def('ERR_UNSUPPORTED_DIR_IMPORT', Error, (path, base) =>
    `Directory import '${path}' is not supported resolving ES modules imported from ${base}`);
  def('ERR_UNKNOWN_FILE_EXTENSION', TypeError, (ext, path) =>
    `Unknown file extension "${ext}" for ${path}`);
  def('ERR_INVALID_MODULE_SPECIFIER', TypeError, (spec, reason) =>
    `Invalid module "${spec}" ${reason}`);
  def('ERR_FALSY_VALUE_REJECTION', Error, 'Promise was rejected with falsy value');
  def('ERR_UNHANDLED_REJECTION', Error, (reason) => reason);
  def('ERR_INVALID_STATE', Error, (msg) => `Invalid state: ${msg}`);
  def('ERR_ILLEGAL_CONSTRUCTOR', TypeError, 'Illegal constructor');
  def('ERR_STREAM_PREMATURE_CLOSE', Error, 'Premature close');
  def('ERR_OPERATION_FAILED', Error, (msg) => `Operation failed: ${msg}`);
  def('ERR_FS_EISDIR', Error, (msg) => `Path is a directory: ${msg}`);
  def('ERR_FS_FILE_TOO_LARGE', RangeError, (size) =>
    `File size (${size}) is greater than 2 GiB`);
  def('ERR_INVALID_FD', RangeError, (fd) => `"fd" must be a positive integer: ${fd}`);
  def('ERR_BUFFER_OUT_OF_BOUNDS', RangeError, (name) => name
    ? `"${name}" is outside of buffer bounds` : 'Attempt to access memory outside buffer bounds');
  def('ERR_ENCODING_NOT_SUPPORTED', RangeError, (enc) => `The "${enc}" encoding is not supported`);
  def('ERR_ENCODING_INVALID_ENCODED_DATA', TypeError, (enc) =>
    `The encoded data was not valid for encoding ${enc}`);
  return codes;
}

function addNumericalSeparator(val) {
  let res = '';
  let i = val.length;
  const start = val[0] === '-' ? 1 : 0;
  for (; i >= start + 4; i -= 3) res = `_${val.slice(i - 3, i)}${res}`;
  return `${val.slice(0, i)}${res}`;
}

const codes = makeCodes();

function validateFunction(value, name) {
  if (typeof value !== 'function') throw new codes.ERR_INVALID_ARG_TYPE(name, 'Function', value);
}

function validateString(value, name) {
  if (typeof value !== 'string') throw new codes.ERR_INVALID_ARG_TYPE(name, 'string', value);
}

function validateNumber(value, name, min, max) {
  if (typeof value !== 'number') throw new codes.ERR_INVALID_ARG_TYPE(name, 'number', value);
  if ((min !== undefined && value < min) || (max !== undefined && value > max) ||
      ((min !== undefined || max !== undefined) && Number.isNaN(value))) {
    throw new codes.ERR_OUT_OF_RANGE(name,
      `${min !== undefined ? `>= ${min}` : ''}${min !== undefined && max !== undefined ? ' && ' : ''}${max !== undefined ? `<= ${max}` : ''}`,
      value);
  }
}

function validateInteger(value, name, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) {
  if (typeof value !== 'number') throw new codes.ERR_INVALID_ARG_TYPE(name, 'number', value);
  if (!Number.isInteger(value)) throw new codes.ERR_OUT_OF_RANGE(name, 'an integer', value);
  if (value < min || value > max) {
    throw new codes.ERR_OUT_OF_RANGE(name, `>= ${min} && <= ${max}`, value);
  }
}

function validateObject(value, name, allowNull = false) {
  if ((value === null && !allowNull) || (value !== null && typeof value !== 'object') ||
      Array.isArray(value)) {
    throw new codes.ERR_INVALID_ARG_TYPE(name, 'Object', value);
  }
}

function validateAbortSignal(signal, name) {
  if (signal !== undefined && (signal === null || typeof signal !== 'object' ||
      !('aborted' in signal))) {
    throw new codes.ERR_INVALID_ARG_TYPE(name, 'AbortSignal', signal);
  }
}

class AbortError extends Error {
  constructor(message = 'The operation was aborted', options = undefined) {
    super(message, options);
    this.code = 'ABORT_ERR';
    this.name = 'AbortError';
  }
}

module.exports = {
  codes,
  makeNodeError,
  invalidArgTypeMessage,
  addNumericalSeparator,
  validateFunction,
  validateString,
  validateNumber,
  validateInteger,
  validateObject,
  validateAbortSignal,
  AbortError,
};
