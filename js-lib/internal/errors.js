'use strict';
// Node-style errors with `code` properties, and the message helpers used
// across js-lib (ERR_INVALID_ARG_TYPE's "Received ..." text in particular).

// Node's determineSpecificType: what ERR_INVALID_ARG_TYPE says it received.
function determineSpecificType(value) {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  const type = typeof value;
  switch (type) {
    case 'bigint':
      return `type bigint (${value}n)`;
    case 'number':
      if (value === 0) {
        return 1 / value === -Infinity ? 'type number (-0)' : 'type number (0)';
      }
      return `type number (${value})`;
    case 'boolean':
      return `type boolean (${value})`;
    case 'symbol':
      return `type symbol (${String(value)})`;
    case 'function':
      return `function ${value.name}`;
    case 'object':
      if (value.constructor && 'name' in value.constructor) {
        return `an instance of ${value.constructor.name}`;
      }
      return `${require('internal/inspect').inspect(value, { depth: -1 })}`;
    case 'string':
      if (value.length > 28) value = `${value.slice(0, 25)}...`;
      if (!value.includes("'")) return `type string ('${value}')`;
      return `type string (${JSON.stringify(value)})`;
    default: {
      let inspected = require('internal/inspect').inspect(value, { colors: false });
      if (inspected.length > 28) inspected = `${inspected.slice(0, 25)}...`;
      return `type ${type} (${inspected})`;
    }
  }
}

// " Received ..." suffix of ERR_INVALID_ARG_TYPE messages.
function describeReceived(value) {
  return ` Received ${determineSpecificType(value)}`;
}

// util.inspect's quoting of a string: single quotes unless the string has
// one, then double quotes, then backticks; escapes as inspect does.
function quoteString(s) {
  let q = "'";
  if (s.includes("'")) {
    if (!s.includes('"')) q = '"';
    else if (!s.includes('`') && !s.includes('${')) q = '`';
  }
  let out = q;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i];
    if (ch === q || ch === '\\') out += '\\' + ch;
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).toUpperCase().padStart(2, '0');
    else if (c >= 0xd800 && c <= 0xdfff) {
      const d = s.charCodeAt(i + 1);
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) { out += ch + s[i + 1]; i++; }
      else out += '\\u' + c.toString(16);
    } else out += ch;
  }
  return out + q;
}

function formatList(list, last = 'or') {
  if (list.length <= 2) return list.join(` ${last} `);
  return `${list.slice(0, -1).join(', ')}, ${last} ${list[list.length - 1]}`;
}

// The 'The "name" argument must be of type string. Received ...' message.
// `expected` is a type or class name, a list of them (as Node's callers
// pass), or an already worded phrase such as 'one of type object or string'
// (a single string with a space).
function invalidArgTypeMessage(name, expected, actual) {
  let msg = 'The ';
  if (name.endsWith(' argument')) msg += `${name} `;
  else msg += `"${name}" ${name.includes('.') ? 'property' : 'argument'} `;
  msg += 'must be ';
  if (typeof expected === 'string' && expected.includes(' ')) {
    return `${msg}${expected}.${describeReceived(actual)}`;
  }
  if (!Array.isArray(expected)) expected = [expected];
  const types = [];
  const instances = [];
  const other = [];
  const kTypes = ['string', 'function', 'number', 'object', 'Function', 'Object', 'boolean',
    'bigint', 'symbol'];
  for (const e of expected) {
    if (kTypes.includes(e)) types.push(e.toLowerCase());
    else if (/^([A-Z][a-z0-9]*)+$/.test(e)) instances.push(e);
    else other.push(e);
  }
  if (instances.length > 0 && types.includes('object')) {
    types.splice(types.indexOf('object'), 1);
    instances.push('Object');
  }
  const parts = [];
  if (types.length > 0) {
    parts.push(`${types.length > 1 ? 'one of type' : 'of type'} ${formatList(types)}`);
  }
  if (instances.length > 0) {
    parts.push(`${instances.length > 1 ? 'an instance of' : 'an instance of'} ${formatList(instances)}`);
  }
  if (other.length > 1) {
    parts.push(`one of ${formatList(other)}`);
  } else if (other.length === 1) {
    parts.push(`${other[0].toLowerCase() !== other[0] ? 'an ' : ''}${other[0]}`);
  }
  msg += parts.join(' or ');
  msg += '.';
  msg += describeReceived(actual);
  return msg;
}

// A Node-style error: `code` as an own enumerable property, the stack's
// first line "TypeError [CODE]: message" and String(err) the same, as for
// Node's NodeError classes. `withCode` false: the code stays out of the
// stack and String(err) (Node's ERR_INVALID_URL, for instance).
function makeError(Base, code, message, withCode = true) {
  const err = new Base(message);
  if (withCode) {
    // V8 formats the stack on first access, with the name it has then.
    Object.defineProperty(err, 'name', {
      __proto__: null,
      value: `${Base.name} [${code}]`, configurable: true, writable: true, enumerable: false,
    });
    err.stack; // eslint-disable-line no-unused-expressions
    delete err.name;
    Object.defineProperty(err, 'toString', {
      __proto__: null,
      value() { return `${this.name} [${code}]: ${this.message}`; },
      configurable: true, writable: true, enumerable: false,
    });
  }
  err.code = code;
  return err;
}

// ERR_INVALID_ARG_TYPE for argument `name` (see invalidArgTypeMessage).
function invalidArgType(name, expected, actual) {
  return makeError(TypeError, 'ERR_INVALID_ARG_TYPE',
                   invalidArgTypeMessage(name, expected, actual));
}

function makeCodes() {
  const codes = {};
  const def = (code, Base, fmt) => {
    codes[code] = function NodeError(...args) {
      const msg = typeof fmt === 'function' ? fmt(...args) : fmt;
      return makeError(Base, code, msg);
    };
  };
  def('ERR_INVALID_ARG_TYPE', TypeError, invalidArgTypeMessage);
  def('ERR_SOCKET_BAD_PORT', RangeError, (name, port, allowZero = true) =>
    `${name} should be ${allowZero ? '>=' : '>'} 0 and < 65536.${describeReceived(port)}.`);
  def('ERR_INVALID_ARG_VALUE', TypeError, (name, value, reason = 'is invalid') => {
    const { inspect } = require('internal/inspect');
    let shown = inspect(value);
    if (shown.length > 128) shown = `${shown.slice(0, 128)}...`;
    const kind = name.includes('.') ? 'property' : 'argument';
    return `The ${kind} '${name}' ${reason}. Received ${shown}`;
  });
  // (Node's ERR_INVALID_ARG_VALUE.RangeError: the same message, a RangeError)
  codes.ERR_INVALID_ARG_VALUE.RangeError = function NodeError(name, value, reason) {
    const err = codes.ERR_INVALID_ARG_VALUE(name, value, reason);
    return makeError(RangeError, err.code, err.message);
  };
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
    // A list among the names is alternatives: "a" or "b"
    const quoted = names.map((n) => (Array.isArray(n) ? n.map((a) => `"${a}"`).join(' or ') : `"${n}"`));
    return `The ${formatList(quoted, 'and')} argument${names.length > 1 ? 's' : ''} must be specified`;
  });
  def('ERR_INVALID_RETURN_VALUE', TypeError, (input, name, value) =>
    `Expected ${input} to be returned from the "${name}" function but got ` +
    `${determineSpecificType(value)}.`);
  def('ERR_INVALID_RETURN_PROPERTY_VALUE', TypeError, (input, name, prop, value) =>
    `Expected ${input} to be returned for the "${prop}" from the "${name}" hook but got ` +
    `${determineSpecificType(value)}.`);
  def('ERR_LOADER_CHAIN_INCOMPLETE', Error, (id) => `"${id}" did not call the next hook in its ` +
    'chain and did not explicitly signal a short circuit. If this is intentional, include ' +
    '`shortCircuit: true` in the hook\'s return.');
  def('ERR_METHOD_NOT_IMPLEMENTED', Error, (name) => `The ${name} method is not implemented`);
  def('ERR_HTTP2_TRAILERS_ALREADY_SENT', Error, 'Trailing headers have already been sent');
  def('ERR_TLS_REQUIRED_SERVER_NAME', Error, '"servername" is required parameter for Server.addContext');
  def('ERR_UNHANDLED_ERROR', Error, (err) => {
    const msg = 'Unhandled error.';
    if (err === undefined) return msg;
    const { inspect } = require('internal/inspect');
    return `${msg} (${inspect(err)})`;
  });
  def('ERR_INVALID_THIS', TypeError, (type) => `Value of "this" must be of type ${type}`);
  def('ERR_UNKNOWN_ENCODING', TypeError, (enc) => `Unknown encoding: ${enc}`);
  def('ERR_INTERNAL_ASSERTION', Error, (msg) => `${msg}\nThis is caused by either a bug in Node.js or ` +
    'incorrect usage of Node.js internals.\nPlease open an issue with this stack trace at ' +
    'https://github.com/nodejs/node/issues\n');
  def('ERR_INVALID_URL', TypeError, 'Invalid URL');
  def('ERR_REQUIRE_ESM', Error, (file) => `require() of ES Module ${file} not supported.`);
  def('ERR_REQUIRE_ASYNC_MODULE', Error, (filename, parentFilename) => {
    let message = 'require() cannot be used on an ESM graph with top-level await. Use import() ' +
      'instead. To see where the top-level await comes from, use ' +
      '--experimental-print-required-tla.';
    if (parentFilename) message += `\n  From ${parentFilename} `;
    if (filename) message += `\n  Requiring ${filename} `;
    return message;
  });
  def('ERR_REQUIRE_CYCLE_MODULE', Error, (message) => message);
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
  def('ERR_INVALID_MODULE_SPECIFIER', TypeError, (spec, reason, base) =>
    `Invalid module "${spec}" ${reason}${base ? ` imported from ${base}` : ''}`);
  def('ERR_IMPORT_ASSERTION_TYPE_FAILED', TypeError, (url, type) =>
    `Module "${url}" is not of type "${type}"`);
  def('ERR_IMPORT_ASSERTION_TYPE_MISSING', TypeError, (url, type) =>
    `Module "${url}" needs an import attribute of type "${type}"`);
  def('ERR_IMPORT_ASSERTION_TYPE_UNSUPPORTED', TypeError, (type) =>
    `Import attribute type "${type}" is unsupported`);
  def('ERR_IMPORT_ATTRIBUTE_UNSUPPORTED', TypeError, (key, value) =>
    `Import attribute "${key}" with value "${value}" is not supported`);
  def('ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING', TypeError,
    'A dynamic import callback was not specified.');
  def('ERR_UNKNOWN_MODULE_FORMAT', RangeError, (format, url) =>
    `Unknown module format: ${format} for URL ${url}`);
  def('ERR_UNSUPPORTED_ESM_URL_SCHEME', Error, (scheme) =>
    'Only URLs with a scheme in: file, data, and node are supported by the default ESM ' +
    `loader. Received protocol '${scheme}'`);
  def('ERR_FALSY_VALUE_REJECTION', Error, 'Promise was rejected with falsy value');
  def('ERR_UNHANDLED_REJECTION', Error, (reason) => reason);
  def('ERR_INVALID_STATE', Error, (msg) => `Invalid state: ${msg}`);
  def('ERR_ILLEGAL_CONSTRUCTOR', TypeError, 'Illegal constructor');
  def('ERR_STREAM_PREMATURE_CLOSE', Error, 'Premature close');
  def('ERR_STREAM_DESTROYED', Error, (name) => `Cannot call ${name} after a stream was destroyed`);
  def('ERR_OPERATION_FAILED', Error, (msg) => `Operation failed: ${msg}`);
  def('ERR_DIR_CLOSED', Error, 'Directory handle was closed');
  def('ERR_DIR_CONCURRENT_OPERATION', Error,
    'Cannot do synchronous work on directory handle with concurrent asynchronous operations');
  def('ERR_FS_INVALID_SYMLINK_TYPE', Error, (type) =>
    `Symlink type must be one of "dir", "file", or "junction". Received "${type}"`);
  def('ERR_FS_EISDIR', Error, (msg) => `Path is a directory: ${msg}`);
  def('ERR_FS_FILE_TOO_LARGE', RangeError, (size) =>
    `File size (${size}) is greater than 2 GiB`);
  def('ERR_INVALID_FD', RangeError, (fd) => `"fd" must be a positive integer: ${fd}`);
  def('ERR_BUFFER_OUT_OF_BOUNDS', RangeError, (name) => name
    ? `"${name}" is outside of buffer bounds` : 'Attempt to access memory outside buffer bounds');
  def('ERR_ENCODING_NOT_SUPPORTED', RangeError, (enc) => `The "${enc}" encoding is not supported`);
  def('ERR_ENCODING_INVALID_ENCODED_DATA', TypeError, (enc) =>
    `The encoded data was not valid for encoding ${enc}`);
  // crypto
  def('ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE', TypeError, (type, expected) =>
    `Invalid key object type ${type}, expected ${expected}.`);
  def('ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS', Error, (encoding, reason) =>
    `The selected key encoding ${encoding} ${reason}.`);
  def('ERR_CRYPTO_INCOMPATIBLE_KEY', Error, (name, detail) => `Incompatible ${name}: ${detail}`);
  def('ERR_CRYPTO_INVALID_JWK', TypeError, (what) => `Invalid JWK ${what || 'data'}`);
  def('ERR_CRYPTO_JWK_UNSUPPORTED_KEY_TYPE', Error, 'Unsupported JWK Key Type.');
  def('ERR_CRYPTO_JWK_UNSUPPORTED_CURVE', Error, (curve) => `Unsupported JWK EC curve: ${curve}.`);
  def('ERR_MULTIPLE_CALLBACK', Error, 'Callback called multiple times');
  def('ERR_MISSING_PASSPHRASE', TypeError, 'Passphrase required for encrypted key');
  def('ERR_CRYPTO_INVALID_CURVE', TypeError, 'Invalid EC curve name');
  def('ERR_CRYPTO_SIGN_KEY_REQUIRED', Error, 'No key provided to sign');
  def('ERR_CRYPTO_ECDH_INVALID_PUBLIC_KEY', Error, 'Public key is not valid for specified curve');
  def('ERR_CRYPTO_ECDH_INVALID_FORMAT', TypeError, (format) => `Invalid ECDH format: ${format}`);
  def('ERR_CRYPTO_UNKNOWN_DH_GROUP', Error, 'Unknown DH group');
  def('ERR_CRYPTO_INVALID_KEYLEN', RangeError, 'Invalid key length');
  def('ERR_CRYPTO_INVALID_DIGEST', TypeError, (digest) => `Invalid digest: ${digest}`);
  def('ERR_CRYPTO_UNKNOWN_CIPHER', Error, 'Unknown cipher');
  def('ERR_CRYPTO_OPERATION_FAILED', Error, (msg) => msg);
  def('ERR_CRYPTO_INVALID_STATE', Error, (op) => `Invalid state for operation ${op}`);
  def('ERR_CRYPTO_INVALID_MESSAGELEN', RangeError, 'Invalid message length');
  def('ERR_CRYPTO_INVALID_KEYPAIR', RangeError, 'Invalid key pair');
  def('ERR_CRYPTO_INVALID_TAG_LENGTH', RangeError, 'Invalid tag length');
  def('ERR_CRYPTO_INVALID_COUNTER', TypeError, 'Invalid counter');
  def('ERR_CRYPTO_INVALID_IV', TypeError, 'Invalid initialization vector');
  def('ERR_SOCKET_CLOSED', Error, 'Socket is closed');
  // process.report (internal/process_report.js)
  def('ERR_SYNTHETIC', Error, 'JavaScript Callstack');
  def('ERR_UNKNOWN_SIGNAL', TypeError, (sig) => `Unknown signal: ${sig}`);
  // HTTP/2 compatibility API (internal/http2/compat.js)
  def('ERR_HTTP2_INFO_STATUS_NOT_ALLOWED', RangeError, 'Informational status codes cannot be used');
  def('ERR_HTTP2_INVALID_HEADER_VALUE', TypeError, (value, name) =>
    `Invalid value "${value}" for header "${name}"`);
  def('ERR_HTTP2_PSEUDOHEADER_NOT_ALLOWED', TypeError, 'Cannot set HTTP/2 pseudo-headers');
  // HTTP/2 (internal/http2/core.js)
  def('ERR_HTTP2_ALTSVC_INVALID_ORIGIN', TypeError, 'HTTP/2 ALTSVC frames require a valid origin');
  def('ERR_HTTP2_ALTSVC_LENGTH', TypeError, 'HTTP/2 ALTSVC frames are limited to 16382 bytes');
  def('ERR_HTTP2_HEADERS_AFTER_RESPOND', Error,
      'Cannot specify additional headers after response initiated');
  def('ERR_HTTP2_HEADERS_SENT', Error, 'Response has already been initiated.');
  def('ERR_HTTP2_INVALID_INFO_STATUS', RangeError, (s) => `Invalid informational status code: ${s}`);
  def('ERR_HTTP2_INVALID_ORIGIN', TypeError, 'HTTP/2 ORIGIN frames require a valid origin');
  def('ERR_HTTP2_INVALID_PACKED_SETTINGS_LENGTH', RangeError,
      'Packed settings length must be a multiple of six');
  def('ERR_HTTP2_NESTED_PUSH', Error, 'A push stream cannot initiate another push stream.');
  def('ERR_HTTP2_ORIGIN_LENGTH', TypeError, 'HTTP/2 ORIGIN frames are limited to 16382 bytes');
  def('ERR_HTTP2_PAYLOAD_FORBIDDEN', Error, (s) => `Responses with ${s} status must not have a payload`);
  def('ERR_HTTP2_PUSH_DISABLED', Error, 'HTTP/2 client has disabled push streams');
  def('ERR_HTTP2_SEND_FILE', Error, 'Directories cannot be sent');
  def('ERR_HTTP2_SEND_FILE_NOSEEK', Error, 'Offset or length can only be specified for regular files');
  def('ERR_HTTP2_STATUS_101', Error, 'HTTP status code 101 (Switching Protocols) is forbidden in HTTP/2');
  def('ERR_HTTP2_STATUS_INVALID', RangeError, (s) => `Invalid status code: ${s}`);
  def('ERR_HTTP2_CONNECT_AUTHORITY', Error, ':authority header is required for CONNECT requests');
  def('ERR_HTTP2_CONNECT_PATH', Error, 'The :path header is forbidden for CONNECT requests');
  def('ERR_HTTP2_CONNECT_SCHEME', Error, 'The :scheme header is forbidden for CONNECT requests');
  def('ERR_HTTP2_GOAWAY_SESSION', Error, 'New streams cannot be created after receiving a GOAWAY');
  def('ERR_HTTP2_HEADER_SINGLE_VALUE', TypeError, (name) =>
    `Header field "${name}" must only have a single value`);
  def('ERR_HTTP2_INVALID_CONNECTION_HEADERS', TypeError, (name) =>
    `HTTP/1 Connection specific headers are forbidden: "${name}"`);
  def('ERR_HTTP2_INVALID_PSEUDOHEADER', TypeError, (name) =>
    `"${name}" is an invalid pseudoheader or is used incorrectly`);
  def('ERR_HTTP2_INVALID_SESSION', Error, 'The session has been destroyed');
  def('ERR_HTTP2_INVALID_STREAM', Error, 'The stream has been destroyed');
  def('ERR_HTTP2_NO_SOCKET_MANIPULATION', Error,
      'HTTP/2 sockets should not be directly manipulated (e.g. read and written)');
  def('ERR_HTTP2_OUT_OF_STREAMS', Error,
      'No stream ID is available because maximum stream ID has been reached');
  def('ERR_HTTP2_PING_CANCEL', Error, 'HTTP2 ping cancelled');
  def('ERR_HTTP2_MAX_PENDING_SETTINGS_ACK', Error,
      'Maximum number of pending settings acknowledgements');
  def('ERR_HTTP2_TOO_MANY_INVALID_FRAMES', Error, 'Too many invalid HTTP/2 frames');
  def('ERR_HTTP2_PING_LENGTH', RangeError, 'HTTP2 ping payload must be 8 bytes');
  def('ERR_HTTP2_SESSION_ERROR', Error, (code) => `Session closed with error code ${code}`);
  def('ERR_HTTP2_SETTINGS_CANCEL', Error, 'HTTP2 session settings canceled');
  def('ERR_HTTP2_SOCKET_BOUND', Error, 'The socket is already bound to an Http2Session');
  def('ERR_HTTP2_SOCKET_UNBOUND', Error, 'The socket has been disconnected from the Http2Session');
  def('ERR_HTTP2_STREAM_ERROR', Error, (code) => `Stream closed with error code ${code}`);
  def('ERR_HTTP2_STREAM_SELF_DEPENDENCY', Error, 'A stream cannot depend on itself');
  def('ERR_HTTP2_TRAILERS_ALREADY_SENT', Error, 'Trailing headers have already been sent');
  def('ERR_HTTP2_TRAILERS_NOT_READY', Error,
      'Trailing headers cannot be sent until after the wantTrailers event is emitted');
  def('ERR_HTTP2_UNSUPPORTED_PROTOCOL', Error, (protocol) => `protocol "${protocol}" is unsupported.`);
  // The cause (the session's error) is kept and named in the message.
  codes.ERR_HTTP2_STREAM_CANCEL = function NodeError(cause) {
    let msg = 'The pending stream has been canceled';
    if (cause && typeof cause.message === 'string') msg += ` (caused by: ${cause.message})`;
    const err = makeError(Error, 'ERR_HTTP2_STREAM_CANCEL', msg);
    if (cause) err.cause = cause;
    return err;
  };
  // A TypeError for a wrong type, ERR_HTTP2_INVALID_SETTING_VALUE.RangeError
  // for a number out of range (with min, max); both carry `actual`.
  const settingValue = (Base) => function NodeError(name, actual, min, max) {
    const err = makeError(Base, 'ERR_HTTP2_INVALID_SETTING_VALUE',
                          `Invalid value for setting "${name}": ${actual}`);
    err.actual = actual;
    if (min !== undefined) {
      err.min = min;
      err.max = max;
    }
    return err;
  };
  codes.ERR_HTTP2_INVALID_SETTING_VALUE = settingValue(TypeError);
  codes.ERR_HTTP2_INVALID_SETTING_VALUE.RangeError = settingValue(RangeError);
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

// A port number (or numeric string) in 0..65535 (1.. when !allowZero).
function validatePort(port, name = 'Port', allowZero = true) {
  if ((typeof port !== 'number' && typeof port !== 'string') ||
      (typeof port === 'string' && port.trim().length === 0) ||
      +port !== (+port >>> 0) || port > 0xFFFF || (port === 0 && !allowZero)) {
    throw new codes.ERR_SOCKET_BAD_PORT(name, port, allowZero);
  }
  return port | 0;
}

// A libuv error as Node reports a failed system call: `read ECONNRESET`,
// with errno (negative), code and syscall.
function errnoException(err, syscall) {
  const code = internalBinding('uv').errname(err);
  const e = new Error(`${syscall} ${code}`);
  e.errno = err;
  e.code = code;
  e.syscall = syscall;
  return e;
}

// A libuv error as Node reports a failed file-system call:
// `ENOENT: no such file or directory, watch 'x'`, with errno, code,
// syscall, path and dest.
function uvException({ errno, syscall, path, dest }) {
  return internalBinding('uv').uvException(errno, syscall, path, dest);
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
  makeError,
  makeNodeError: makeError,
  invalidArgType,
  invalidArgTypeMessage,
  describeReceived,
  determineSpecificType,
  quoteString,
  formatList,
  addNumericalSeparator,
  validatePort,
  AbortError,
  errnoException,
  uvException,
};

// The validators live in internal/validators (as in Node); re-exported here
// for the files that took them from internal/errors. Required last: it
// requires this module.
Object.assign(module.exports, require('internal/validators'));
