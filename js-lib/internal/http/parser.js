'use strict';
// internal/http/parser: Node's HTTPParser class (require('_http_common')
// .HTTPParser, process.binding('http_parser').HTTPParser) over shoal's
// llhttp binding (bindings/mod_http_parser.c). The callbacks are the
// kOn* slots of the parser object, called with Node's arguments. Headers are
// handed over whole at kOnHeadersComplete (Node may also flush a part of them
// to kOnHeaders first; callers take either), trailers to kOnHeaders before
// kOnMessageComplete. Reading from a stream handle (consume) is not
// supported: the http server's parsing happens in the C engine.

const { FastBuffer } = require('buffer')[Symbol.for('shoal.buffer.internals')];

const kHandle = Symbol('kHandle');
const kOnMessageBegin = 0;
const kOnHeaders = 1;
const kOnHeadersComplete = 2;
const kOnBody = 3;
const kOnMessageComplete = 4;
const kOnExecute = 5;
const kOnTimeout = 6;
const REQUEST = 1;
const RESPONSE = 2;

let binding = null;
function parserBinding() {
  if (binding === null) binding = internalBinding('http_parser');
  return binding;
}

// What HTTPParser.execute/finish return for an llhttp failure: Node's
// 'Parse Error' with the code, reason and bytesParsed of the binding's info.
function executeError(info) {
  const err = new Error('Parse Error');
  err.bytesParsed = info.bytesParsed === undefined ? 0 : info.bytesParsed;
  err.code = info.code;
  err.reason = info.reason;
  return err;
}

// The http client's error for an llhttp failure (Node's prepareError).
function parseError(info, data) {
  // Node 20's llhttp (9.x) names more protocols than the one we link.
  if (info.reason === 'Expected HTTP/') info.reason = 'Expected HTTP/, RTSP/ or ICE/';
  const err = new Error(`Parse Error: ${info.reason}`);
  err.bytesParsed = info.bytesParsed === undefined ? 0 : info.bytesParsed;
  err.code = info.code;
  err.reason = info.reason;
  if (data) err.rawPacket = data;
  return err;
}

// The binding's callbacks, on the handle (this); handle.owner is the parser.
function onHeaders(major, minor, status, text, rawHeaders, upgrade, keepAlive, method) {
  const parser = this.owner;
  parser.lastUrl = text; // (Node hands it to kOnHeaders with the trailers too)
  const cb = parser[kOnHeadersComplete];
  if (typeof cb !== 'function') return 0;
  const ret = parser.type === REQUEST ?
    cb.call(parser, major, minor, rawHeaders, method, text, undefined, undefined, upgrade, keepAlive) :
    cb.call(parser, major, minor, rawHeaders, undefined, undefined, status, text, upgrade, keepAlive);
  return ret === 1 || ret === 2 ? ret : 0;
}

function onBody(u8) {
  const parser = this.owner;
  const cb = parser[kOnBody];
  if (typeof cb === 'function') cb.call(parser, new FastBuffer(u8.buffer, u8.byteOffset, u8.byteLength));
}

function onComplete(rawTrailers) {
  const parser = this.owner;
  if (rawTrailers.length > 0 && typeof parser[kOnHeaders] === 'function') {
    parser[kOnHeaders](rawTrailers, parser.type === REQUEST ? parser.lastUrl : '');
  }
  const cb = parser[kOnMessageComplete];
  if (typeof cb === 'function') cb.call(parser);
  return false;
}

function handleOf(parser) {
  const handle = parser[kHandle];
  if (handle === undefined || handle === null) throw new TypeError('Illegal invocation');
  return handle;
}

class HTTPParser {
  constructor() {
    this[kHandle] = null;
    this.type = 0;
    this.lastUrl = '';
  }

  initialize(type, resource, maxHeaderSize, lenient, headersTimeout) {
    this.type = type;
    const max = maxHeaderSize > 0 ? maxHeaderSize : require('http').maxHeaderSize;
    let handle = this[kHandle];
    if (handle === null) {
      handle = parserBinding().create(max, type === REQUEST);
      handle.owner = this;
      handle.onHeaders = onHeaders;
      handle.onBody = onBody;
      handle.onComplete = onComplete;
      this[kHandle] = handle;
    } else {
      parserBinding().reset(handle, max, type === REQUEST);
    }
  }

  // Returns the bytes parsed, or Node's parse Error.
  execute(data) {
    const ret = parserBinding().execute(handleOf(this), data);
    if (ret === 0) return data.length;
    if (ret.paused || ret.upgrade) return ret.bytesParsed === undefined ? data.length : ret.bytesParsed;
    return executeError(ret);
  }

  finish() {
    const ret = parserBinding().finish(handleOf(this));
    return ret === 0 ? undefined : executeError(ret);
  }

  close() {
    const handle = this[kHandle];
    if (handle !== null && handle !== undefined) {
      handle.owner = null;
      parserBinding().free(handle);
      this[kHandle] = null;
    }
  }

  free() {
    this.close();
  }

  remove() {}
}

Object.assign(HTTPParser, {
  REQUEST, RESPONSE, kOnMessageBegin, kOnHeaders, kOnHeadersComplete, kOnBody,
  kOnMessageComplete, kOnExecute, kOnTimeout, kLenientNone: 0,
});

module.exports = { HTTPParser, parseError };
