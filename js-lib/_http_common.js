'use strict';
// Shared pieces of the HTTP modules: Node 20's METHODS and STATUS_CODES,
// the header token/value checks, and the Node errors the http modules throw.
// Parsing itself happens in C (internalBinding('http'), worker/http/http1.c).

const { makeNodeError, codes } = require('internal/errors');

const METHODS = [
  'ACL', 'BIND', 'CHECKOUT', 'CONNECT', 'COPY', 'DELETE', 'GET', 'HEAD', 'LINK', 'LOCK',
  'M-SEARCH', 'MERGE', 'MKACTIVITY', 'MKCALENDAR', 'MKCOL', 'MOVE', 'NOTIFY', 'OPTIONS',
  'PATCH', 'POST', 'PROPFIND', 'PROPPATCH', 'PURGE', 'PUT', 'QUERY', 'REBIND', 'REPORT',
  'SEARCH', 'SOURCE', 'SUBSCRIBE', 'TRACE', 'UNBIND', 'UNLINK', 'UNLOCK', 'UNSUBSCRIBE',
];

const STATUS_CODES = {
  100: 'Continue', 101: 'Switching Protocols', 102: 'Processing', 103: 'Early Hints',
  200: 'OK', 201: 'Created', 202: 'Accepted', 203: 'Non-Authoritative Information',
  204: 'No Content', 205: 'Reset Content', 206: 'Partial Content', 207: 'Multi-Status',
  208: 'Already Reported', 226: 'IM Used',
  300: 'Multiple Choices', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other',
  304: 'Not Modified', 305: 'Use Proxy', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
  400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden',
  404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable',
  407: 'Proxy Authentication Required', 408: 'Request Timeout', 409: 'Conflict', 410: 'Gone',
  411: 'Length Required', 412: 'Precondition Failed', 413: 'Payload Too Large',
  414: 'URI Too Long', 415: 'Unsupported Media Type', 416: 'Range Not Satisfiable',
  417: 'Expectation Failed', 418: "I'm a Teapot", 421: 'Misdirected Request',
  422: 'Unprocessable Entity', 423: 'Locked', 424: 'Failed Dependency', 425: 'Too Early',
  426: 'Upgrade Required', 428: 'Precondition Required', 429: 'Too Many Requests',
  431: 'Request Header Fields Too Large', 451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway',
  503: 'Service Unavailable', 504: 'Gateway Timeout', 505: 'HTTP Version Not Supported',
  506: 'Variant Also Negotiates', 507: 'Insufficient Storage', 508: 'Loop Detected',
  509: 'Bandwidth Limit Exceeded', 510: 'Not Extended', 511: 'Network Authentication Required',
};

// RFC 7230 token and field-value character sets (the same sets Node checks).
const tokenRegExp = /^[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+$/;
const headerCharRegex = /[^\t\x20-\x7e\x80-\xff]/;

// The checks of header names and values run for every header of every
// response: a short string is checked in a loop over a table, which costs
// a third of running the regular expression (the regular expressions stay
// for long strings and for values that are not strings).
const kShort = 64;
const kTokenChars = new Uint8Array(128);
for (const c of "^_`abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789!#$%&'*+.|~") {
  kTokenChars[c.charCodeAt(0)] = 1;
}

function checkIsHttpToken(val) {
  if (typeof val !== 'string' || val.length === 0 || val.length > kShort) {
    return tokenRegExp.test(val);
  }
  for (let i = 0; i < val.length; i++) {
    const c = val.charCodeAt(i);
    if (c > 127 || kTokenChars[c] === 0) return false;
  }
  return true;
}

function checkInvalidHeaderChar(val) {
  if (typeof val === 'number') return false; // (its string is digits, '.', '-', 'e', '+', letters)
  if (typeof val !== 'string' || val.length > kShort) return headerCharRegex.test(val);
  for (let i = 0; i < val.length; i++) {
    const c = val.charCodeAt(i);
    if (c < 32 ? c !== 9 : c === 127 || c > 255) return true;
  }
  return false;
}

// --- errors -----------------------------------------------------------------

function E(code, Base, fmt) {
  function NodeError(...args) {
    return makeNodeError(Base, code, typeof fmt === 'function' ? fmt(...args) : fmt);
  }
  Object.defineProperty(NodeError, 'name', { value: code });
  return NodeError;
}

function describeType(value) {
  if (value == null) return ` ${value}`;
  if (typeof value === 'function') return `function ${value.name}`;
  if (typeof value === 'object') {
    if (value.constructor && value.constructor.name) {
      return `an instance of ${value.constructor.name}`;
    }
    return require('internal/inspect').inspect(value, { depth: -1 });
  }
  let shown = require('internal/inspect').inspect(value, { colors: false });
  if (shown.length > 28) shown = `${shown.slice(0, 25)}...`;
  return `type ${typeof value} (${shown})`;
}

const errors = {
  ERR_HTTP_HEADERS_SENT: E('ERR_HTTP_HEADERS_SENT', Error,
    (what) => `Cannot ${what} headers after they are sent to the client`),
  ERR_INVALID_HTTP_TOKEN: E('ERR_INVALID_HTTP_TOKEN', TypeError,
    (label, name) => `${label} must be a valid HTTP token ["${name}"]`),
  ERR_HTTP_INVALID_HEADER_VALUE: E('ERR_HTTP_INVALID_HEADER_VALUE', TypeError,
    (value, name) => `Invalid value "${value}" for header "${name}"`),
  ERR_INVALID_CHAR: E('ERR_INVALID_CHAR', TypeError,
    (name, field) => (field === undefined ? `Invalid character in ${name}`
      : `Invalid character in ${name} ["${field}"]`)),
  ERR_HTTP_INVALID_STATUS_CODE: E('ERR_HTTP_INVALID_STATUS_CODE', RangeError,
    (code) => require('util').format('Invalid status code: %s', code)),
  ERR_HTTP_BODY_NOT_ALLOWED: E('ERR_HTTP_BODY_NOT_ALLOWED', Error,
    'Adding content for this request method or response status is not allowed.'),
  ERR_HTTP_TRAILER_INVALID: E('ERR_HTTP_TRAILER_INVALID', Error,
    'Trailers are invalid with this transfer encoding'),
  ERR_HTTP_REQUEST_TIMEOUT: E('ERR_HTTP_REQUEST_TIMEOUT', Error, 'Request timeout'),
  ERR_HTTP_SOCKET_ASSIGNED: E('ERR_HTTP_SOCKET_ASSIGNED', Error,
    'ServerResponse has an already assigned socket'),
  ERR_HTTP_CONTENT_LENGTH_MISMATCH: E('ERR_HTTP_CONTENT_LENGTH_MISMATCH', Error,
    (actual, expected) => `Response body's content-length of ${actual} byte(s) does not ` +
      `match the content-length of ${expected} byte(s) set in header`),
  ERR_HTTP_SOCKET_ENCODING: E('ERR_HTTP_SOCKET_ENCODING', Error,
    'Changing the socket encoding is not allowed per RFC7230 Section 3.'),
  ERR_STREAM_WRITE_AFTER_END: E('ERR_STREAM_WRITE_AFTER_END', Error, 'write after end'),
  ERR_STREAM_DESTROYED: E('ERR_STREAM_DESTROYED', Error,
    (what) => `Cannot call ${what} after a stream was destroyed`),
  ERR_STREAM_NULL_VALUES: E('ERR_STREAM_NULL_VALUES', TypeError,
    'May not write null values to stream'),
  ERR_STREAM_ALREADY_FINISHED: E('ERR_STREAM_ALREADY_FINISHED', Error,
    (what) => `Cannot call ${what} after a stream was finished`),
  ERR_SERVER_ALREADY_LISTEN: E('ERR_SERVER_ALREADY_LISTEN', Error,
    'Listen method has been called more than once without closing.'),
  ERR_SERVER_NOT_RUNNING: E('ERR_SERVER_NOT_RUNNING', Error, 'Server is not running.'),
  ERR_SOCKET_BAD_PORT: E('ERR_SOCKET_BAD_PORT', RangeError,
    (name, port, allowZero = true) =>
      `${name} should be ${allowZero ? '>=' : '>'} 0 and < 65536. Received ${describeType(port)}.`),
  ERR_INVALID_ARG_TYPE: codes.ERR_INVALID_ARG_TYPE,
  ERR_INVALID_ARG_VALUE: codes.ERR_INVALID_ARG_VALUE,
  ERR_OUT_OF_RANGE: codes.ERR_OUT_OF_RANGE,
  ERR_METHOD_NOT_IMPLEMENTED: codes.ERR_METHOD_NOT_IMPLEMENTED,
};

function validateHeaderName(name, label) {
  if (typeof name !== 'string' || !name || !checkIsHttpToken(name)) {
    throw new errors.ERR_INVALID_HTTP_TOKEN(label || 'Header name', name);
  }
}

function validateHeaderValue(name, value) {
  if (value === undefined) {
    throw new errors.ERR_HTTP_INVALID_HEADER_VALUE(value, name);
  }
  if (checkInvalidHeaderChar(value)) {
    throw new errors.ERR_INVALID_CHAR('header content', name);
  }
}

// The C engine, loaded on first use so that require('http') works in a
// runtime built without it (the binding then fails at listen()).
let binding = null;
function getBinding() {
  if (binding === null) binding = internalBinding('http');
  return binding;
}

// The http client's idle llhttp parsers (internalBinding('http_parser')),
// reused by the next request instead of made again; http.setMaxIdleHTTPParsers
// sets how many are kept.
const FreeList = require('internal/freelist');
const parsers = new FreeList('parsers', 1000, function newParser() {
  return internalBinding('http_parser').create(16384);
});

// Node's connResetException('aborted').
function connResetException(msg) {
  const err = new Error(msg);
  err.code = 'ECONNRESET';
  return err;
}

module.exports = {
  METHODS,
  STATUS_CODES,
  checkIsHttpToken,
  checkInvalidHeaderChar,
  // (the names Node's module exports them under, which packages use)
  _checkIsHttpToken: checkIsHttpToken,
  _checkInvalidHeaderChar: checkInvalidHeaderChar,
  // (in llhttp's order: a request's method number, as HTTPParser gives it, indexes it)
  methods: [
    'DELETE', 'GET', 'HEAD', 'POST', 'PUT', 'CONNECT', 'OPTIONS', 'TRACE', 'COPY', 'LOCK',
    'MKCOL', 'MOVE', 'PROPFIND', 'PROPPATCH', 'SEARCH', 'UNLOCK', 'BIND', 'REBIND', 'UNBIND',
    'ACL', 'REPORT', 'MKACTIVITY', 'CHECKOUT', 'MERGE', 'M-SEARCH', 'NOTIFY', 'SUBSCRIBE',
    'UNSUBSCRIBE', 'PATCH', 'PURGE', 'MKCALENDAR', 'LINK', 'UNLINK', 'SOURCE', 'QUERY',
  ],
  CRLF: '\r\n',
  chunkExpression: /(?:^|\W)chunked(?:$|\W)/i,
  continueExpression: /(?:^|\W)100-continue(?:$|\W)/i,
  validateHeaderName,
  validateHeaderValue,
  errors,
  getBinding,
  parsers,
  connResetException,
  kEmptyObject: Object.freeze({ __proto__: null }),
};
// (loaded on first use)
Object.defineProperty(module.exports, 'HTTPParser', {
  configurable: true,
  enumerable: true,
  get() { return require('internal/http/parser').HTTPParser; },
});
