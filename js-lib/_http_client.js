'use strict';
// http.ClientRequest: an HTTP/1.1 request over a net.Socket (given by an
// Agent or options.createConnection). The request is an OutgoingMessage
// whose header and body bytes (Content-Length or chunked) are written here;
// the response is parsed by llhttp (internalBinding('http_parser')) into an
// http.IncomingMessage. Socket, parser and agent hand-off follow Node's
// lib/_http_client.js so events and errors come in Node's order.
const { makeError } = require('internal/errors');
const { getTimerDuration } = require('internal/validators');

const net = require('net');
const { finished } = require('stream');
const { Buffer } = require('buffer');
const { OutgoingMessage } = require('_http_outgoing');
const { IncomingMessage } = require('_http_incoming');
const { errors, checkIsHttpToken, validateHeaderName, validateHeaderValue, connResetException,
  parsers: idleParsers } = require('_http_common');
const agentModule = require('_http_agent');
const perf = require('internal/perf/observe');

const { Agent } = agentModule;
const debug = require('internal/util/debuglog').debuglog('http');
const { parseError } = require('internal/http/parser');

const { ERR_INVALID_ARG_TYPE, ERR_INVALID_HTTP_TOKEN } = errors;

let parserBinding = null;
function parsers() {
  if (parserBinding === null) parserBinding = internalBinding('http_parser');
  return parserBinding;
}

const INVALID_PATH_REGEX = /[^\u0021-\u00ff]/;
const kError = Symbol('kError');


function validateHost(host, name) {
  if (host !== null && host !== undefined && typeof host !== 'string') {
    throw new ERR_INVALID_ARG_TYPE(`options.${name}`, ['string', 'undefined', 'null'], host);
  }
  return host;
}

// What a URL says, as request options (Node's urlToHttpOptions).
function urlToHttpOptions(url) {
  const options = {
    ...url, // (a URL the caller gave more properties, e.g. headers)
    protocol: url.protocol,
    hostname: typeof url.hostname === 'string' && url.hostname.startsWith('[') ?
      url.hostname.slice(1, -1) : url.hostname,
    hash: url.hash,
    search: url.search,
    pathname: url.pathname,
    path: `${url.pathname || ''}${url.search || ''}`,
    href: url.href,
  };
  if (url.port !== '') options.port = Number(url.port);
  if (url.username || url.password) {
    options.auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  }
  return options;
}

function isURL(v) {
  return v != null && typeof v === 'object' && typeof v.href === 'string' &&
    typeof v.protocol === 'string' && v.auth === undefined && v.path === undefined;
}

function ClientRequest(input, options, cb) {
  if (!(this instanceof ClientRequest)) return new ClientRequest(input, options, cb);
  OutgoingMessage.call(this);

  if (typeof input === 'string') {
    const { URL } = require('internal/url');
    let url;
    try {
      url = new URL(input);
    } catch (err) {
      const e = makeError(TypeError, 'ERR_INVALID_URL', 'Invalid URL');
      e.input = input;
      throw e;
    }
    input = urlToHttpOptions(url);
  } else if (isURL(input)) {
    input = urlToHttpOptions(input);
  } else {
    cb = options;
    options = input;
    input = null;
  }
  if (typeof options === 'function') {
    cb = options;
    options = input || { __proto__: null };
  } else {
    options = Object.assign(input || {}, options);
  }

  let agent = options.agent;
  const defaultAgent = options._defaultAgent || agentModule.globalAgent;
  if (agent === false) {
    agent = new defaultAgent.constructor();
  } else if (agent === null || agent === undefined) {
    if (typeof options.createConnection !== 'function') agent = defaultAgent;
    options._defaultAgent = defaultAgent;
  } else if (typeof agent.addRequest !== 'function') {
    throw new ERR_INVALID_ARG_TYPE('options.agent', ['Agent-like Object', 'undefined', 'false'], agent);
  }
  this.agent = agent;

  const protocol = options.protocol || defaultAgent.protocol;
  let expectedProtocol = defaultAgent.protocol;
  if (this.agent && this.agent.protocol) expectedProtocol = this.agent.protocol;
  if (options.path) {
    const path = String(options.path);
    if (INVALID_PATH_REGEX.test(path)) {
      throw makeError(TypeError, 'ERR_UNESCAPED_CHARACTERS',
        'Request path contains unescaped characters');
    }
  }
  if (protocol !== expectedProtocol) {
    throw makeError(TypeError, 'ERR_INVALID_PROTOCOL',
      `Protocol "${protocol}" not supported. Expected "${expectedProtocol}"`);
  }

  const defaultPort = options.defaultPort || (this.agent && this.agent.defaultPort);
  const optsWithoutSignal = { __proto__: null, ...options };
  // The connection takes these; the caller's options object stays as given.
  const port = optsWithoutSignal.port = options.port || defaultPort || 80;
  const host = optsWithoutSignal.host = validateHost(options.hostname, 'hostname') ||
    validateHost(options.host, 'host') || 'localhost';
  const setHost = options.setHost === undefined || Boolean(options.setHost);
  this.socketPath = options.socketPath;
  if (options.timeout !== undefined) this.timeout = getTimerDuration(options.timeout, 'timeout');

  const method = options.method;
  const methodIsString = typeof method === 'string';
  if (method !== null && method !== undefined && !methodIsString) {
    throw new ERR_INVALID_ARG_TYPE('options.method', 'string', method);
  }
  if (methodIsString && method) {
    if (!checkIsHttpToken(method)) throw new ERR_INVALID_HTTP_TOKEN('Method', method);
    this.method = method.toUpperCase();
  } else {
    this.method = 'GET';
  }

  const maxHeaderSize = options.maxHeaderSize;
  if (maxHeaderSize !== undefined && (typeof maxHeaderSize !== 'number' || maxHeaderSize < 0)) {
    throw new ERR_INVALID_ARG_TYPE('maxHeaderSize', 'number', maxHeaderSize);
  }
  this.maxHeaderSize = maxHeaderSize;
  this.insecureHTTPParser = options.insecureHTTPParser;
  this.joinDuplicateHeaders = options.joinDuplicateHeaders;
  this.path = options.path || '/';
  if (cb) this.once('response', cb);

  if (this.method === 'GET' || this.method === 'HEAD' || this.method === 'DELETE' ||
      this.method === 'OPTIONS' || this.method === 'TRACE' || this.method === 'CONNECT') {
    this.useChunkedEncodingByDefault = false;
  } else {
    this.useChunkedEncodingByDefault = true;
  }
  this._ended = false;
  this.res = null;
  this.aborted = false;
  this.timeoutCb = null;
  this.upgradeOrConnect = false;
  this.parser = null;
  this.maxHeadersCount = null;
  this.reusedSocket = false;
  this.host = host;
  this.protocol = protocol;
  this.outputData = [];
  this.socket = null;

  if (this.agent) {
    // A non-keepAlive agent without a socket limit never reuses a socket.
    if (!this.agent.keepAlive && !Number.isFinite(this.agent.maxSockets)) {
      this._last = true;
      this.shouldKeepAlive = false;
    } else {
      this._last = false;
      this.shouldKeepAlive = true;
    }
  }

  const headersArray = Array.isArray(options.headers);
  if (!headersArray) {
    if (options.headers) {
      for (const key of Object.keys(options.headers)) {
        this.setHeader(key, options.headers[key]);
      }
    }
    if (host && !this.getHeader('host') && setHost) {
      let hostHeader = host;
      const posColon = hostHeader.indexOf(':');
      if (posColon !== -1 && hostHeader.includes(':', posColon + 1) &&
          hostHeader.charCodeAt(0) !== 91 /* '[' */) {
        hostHeader = `[${hostHeader}]`;
      }
      if (port && +port !== defaultPort) hostHeader += `:${port}`;
      this.setHeader('Host', hostHeader);
    }
    if (options.auth && !this.getHeader('Authorization')) {
      this.setHeader('Authorization', `Basic ${Buffer.from(options.auth).toString('base64')}`);
    }
    if (this.getHeader('expect')) this._storeRequestHeader();
  } else {
    this._rawHeaderArray = options.headers;
  }

  if (options.signal) {
    const signal = options.signal;
    delete optsWithoutSignal.signal;
    const onAbort = () => {
      const { AbortError } = require('internal/errors');
      this.destroy(new AbortError(undefined, { cause: signal.reason }));
    };
    if (signal.aborted) {
      onAbort();
    } else {
      signal.addEventListener('abort', onAbort, { once: true });
      this.once('close', () => signal.removeEventListener('abort', onAbort));
    }
  }

  // An 'http' PerformanceObserver gets an HttpClient entry at the response.
  if (perf.hasObserver('http')) {
    this._perf = {
      start: perf.now(),
      req: { method: this.method, url: `${this.protocol}//${this.host}${this.path}`, headers: this.getHeaders() },
    };
  }

  const oncreate = (err, socket) => {
    if (called) return;
    called = true;
    if (err) {
      process.nextTick(() => this.emit('error', err));
      return;
    }
    this.onSocket(socket);
  };
  let called = false;

  if (this.agent) {
    this.agent.addRequest(this, optsWithoutSignal);
  } else {
    this._last = true;
    this.shouldKeepAlive = false;
    let opts = optsWithoutSignal;
    if (opts.path || opts.socketPath) {
      opts = { __proto__: null, ...optsWithoutSignal };
      if (opts.socketPath) opts.path = opts.socketPath;
      else if (opts.path) opts.path = undefined;
    }
    if (typeof opts.createConnection === 'function') {
      const socket = opts.createConnection(opts, oncreate);
      if (socket) oncreate(null, socket);
    } else {
      this.onSocket(net.createConnection(opts));
    }
  }
}
Object.setPrototypeOf(ClientRequest.prototype, OutgoingMessage.prototype);
Object.setPrototypeOf(ClientRequest, OutgoingMessage);


// --- the request line and headers -------------------------------------------------

function headerLine(key, value) {
  return `${key}: ${value}\r\n`;
}

ClientRequest.prototype._storeRequestHeader = function _storeRequestHeader() {
  let header = `${this.method} ${this.path} HTTP/1.1\r\n`;
  const state = { connection: false, contLen: false, te: false, expect: false };
  const add = (key, value, validate) => {
    if (validate) {
      validateHeaderName(key);
      validateHeaderValue(key, value);
    }
    if (Array.isArray(value)) {
      if (value.length < 2 || key.toLowerCase() !== 'cookie') {
        for (const v of value) add(key, v, validate);
        return;
      }
      value = value.join('; ');
    }
    header += headerLine(key, value);
    const lower = key.toLowerCase();
    if (lower === 'connection') {
      state.connection = true;
      if (/(?:^|\W)close(?:$|\W)/i.test(value)) this._last = true;
      else this.shouldKeepAlive = true;
    } else if (lower === 'transfer-encoding') {
      state.te = true;
      if (/(?:^|\W)chunked(?:$|\W)/i.test(value)) this.chunkedEncoding = true;
    } else if (lower === 'content-length') {
      state.contLen = true;
    } else if (lower === 'expect') {
      state.expect = true;
    }
  };
  if (this._rawHeaderArray) {
    const h = this._rawHeaderArray;
    if (h.length && Array.isArray(h[0])) {
      for (const [k, v] of h) add(k, v, true);
    } else {
      for (let i = 0; i + 1 < h.length; i += 2) add(h[i], h[i + 1], true);
    }
  }
  const out = this._outHeaders;
  if (out) {
    for (const key in out) add(out[key][0], out[key][1], false);
  }

  if (!state.connection) {
    const shouldSendKeepAlive = this.shouldKeepAlive &&
      (state.contLen || this.useChunkedEncodingByDefault || this.agent);
    if (shouldSendKeepAlive) {
      header += 'Connection: keep-alive\r\n';
    } else {
      this._last = true;
      header += 'Connection: close\r\n';
    }
  }
  if (!state.contLen && !state.te) {
    if (!this._hasBody) {
      this.chunkedEncoding = false;
    } else if (!this.useChunkedEncodingByDefault) {
      this._last = true;
    } else if (!this._removedContLen && typeof this._contentLength === 'number') {
      header += `Content-Length: ${this._contentLength}\r\n`;
    } else if (!this._removedTE) {
      header += 'Transfer-Encoding: chunked\r\n';
      this.chunkedEncoding = true;
    }
  }
  this._header = `${header}\r\n`;
  this._headerSent = false;
  if (state.expect) this._send('');
};

ClientRequest.prototype._implicitHeader = function _implicitHeader() {
  if (this._header) throw new errors.ERR_HTTP_HEADERS_SENT('render');
  this._storeRequestHeader();
};

// --- sending ---------------------------------------------------------------------

// Writes (or queues until a socket is there) raw bytes, the header first.
// `cb` runs once the last of them reached the socket.
ClientRequest.prototype._send = function _send(data, encoding, cb) {
  return this._sendPieces(data === '' ? [] : [[data, encoding]], cb);
};

ClientRequest.prototype._sendPieces = function _sendPieces(pieces, cb) {
  if (!this._headerSent && this._header) {
    pieces.unshift([this._header, 'latin1']);
    this._headerSent = true;
  }
  if (pieces.length === 0) {
    if (cb) process.nextTick(cb);
    return true;
  }
  const socket = this.socket;
  if (socket && socket._httpMessage === this && !socket.destroyed && this.outputData.length === 0) {
    if (pieces.length > 1) socket.cork();
    let ret = true;
    for (let i = 0; i < pieces.length; i++) {
      const last = i === pieces.length - 1;
      ret = socket.write(pieces[i][0], pieces[i][1] || undefined, last && cb ? cb : undefined);
    }
    if (pieces.length > 1) socket.uncork();
    return ret;
  }
  for (let i = 0; i < pieces.length; i++) {
    const last = i === pieces.length - 1;
    const data = pieces[i][0];
    this.outputData.push({ data, encoding: pieces[i][1], callback: last ? cb : null });
    this.outputSize += data.length;
  }
  // Queued until the socket is there: ask for a pause only past the high-water mark.
  return this.outputSize < 16384;
};

ClientRequest.prototype._flush = function _flush() {
  if (this.socket && this.socket.writable) {
    const ret = this._flushOutput(this.socket);
    if (ret === false) {
      this._needDrain = true;
    } else if (this._needDrain) {
      this._needDrain = false;
      this._flushCallbacks();
      this.emit('drain');
    }
  }
};

function chunkLength(chunk, encoding) {
  return typeof chunk === 'string' ? Buffer.byteLength(chunk, encoding || 'utf8') : chunk.length;
}

function chunkPieces(req, chunk, encoding, pieces) {
  const len = chunkLength(chunk, encoding);
  if (len === 0) return;
  if (req.chunkedEncoding) {
    pieces.push([`${len.toString(16)}\r\n`, 'latin1'], [chunk, encoding], ['\r\n', 'latin1']);
  } else {
    pieces.push([chunk, encoding]);
  }
}

ClientRequest.prototype._sendChunk = function _sendChunk(chunk, encoding, callback) {
  const pieces = [];
  chunkPieces(this, chunk, encoding, pieces);
  return this._sendPieces(pieces, callback);
};

ClientRequest.prototype._sendEnd = function _sendEnd(chunk, encoding) {
  const pieces = [];
  if (chunk) chunkPieces(this, chunk, encoding, pieces);
  if (this.chunkedEncoding) pieces.push([`0\r\n${this._trailer}\r\n`, 'latin1']);
  this._sendPieces(pieces, () => this._onFinished());
};

ClientRequest.prototype._onFinished = function _onFinished() {
  if (this._writableFinished) return;
  this._writableFinished = true;
  this._flushCallbacks();
  this.emit('finish');
  if (this.shouldKeepAlive && this._ended) responseKeepAlive(this);
};

ClientRequest.prototype.flushHeaders = function flushHeaders() {
  if (!this._header) this._implicitHeader();
  this._send('');
};

// --- life cycle ----------------------------------------------------------------

ClientRequest.prototype.abort = function abort() {
  if (this.aborted) return;
  this.aborted = true;
  process.nextTick(() => this.emit('abort'));
  this.destroy();
};

ClientRequest.prototype.destroy = function destroy(err) {
  if (this.destroyed) return this;
  this.destroyed = true;
  if (this.res) this.res._dump();
  this[kError] = err;
  if (this.socket) this.socket.destroy(err);
  return this;
};

ClientRequest.prototype.onSocket = function onSocket(socket, err) {
  process.nextTick(onSocketNT, this, socket, err);
};

function destroyRequest(req, err) {
  if (!req.aborted && !err) err = connResetException('socket hang up');
  if (err) req.emit('error', err);
  req._closed = true;
  req.emit('close');
}

function onSocketNT(req, socket, err) {
  if (req.destroyed || err) {
    req.destroyed = true;
    if (socket) {
      if (!err && req.agent && !socket.destroyed) {
        socket.emit('free');
      } else {
        // (the socket's own error, if it had one, is the request's)
        finished(socket.destroy(err || req[kError]), (er) => {
          if (er && er.code === 'ERR_STREAM_PREMATURE_CLOSE') er = null;
          destroyRequest(req, er || err || req[kError]);
        });
        return;
      }
    }
    destroyRequest(req, err || req[kError]);
    return;
  }
  tickOnSocket(req, socket);
  req._flush();
}

function emitRequestTimeout() {
  const req = this._httpMessage;
  if (req) req.emit('timeout');
}

function listenSocketTimeout(req) {
  if (req.timeoutCb) return;
  req.timeoutCb = emitRequestTimeout;
  if (req.socket) {
    req.socket.once('timeout', emitRequestTimeout);
  } else {
    req.on('socket', (socket) => socket.once('timeout', emitRequestTimeout));
  }
}

ClientRequest.prototype.setTimeout = function setTimeout(msecs, callback) {
  if (this._ended) return this;
  listenSocketTimeout(this);
  msecs = getTimerDuration(msecs, 'msecs');
  if (callback) this.once('timeout', callback);
  if (this.socket) {
    this.socket.setTimeout(msecs);
  } else {
    this.once('socket', (sock) => {
      if (sock.connecting) sock.once('connect', () => sock.setTimeout(msecs));
      else sock.setTimeout(msecs);
    });
  }
  return this;
};

ClientRequest.prototype.setNoDelay = function setNoDelay(noDelay) {
  if (this.socket) this.socket.setNoDelay(noDelay);
  else this.once('socket', (s) => s.setNoDelay(noDelay));
};

ClientRequest.prototype.setSocketKeepAlive = function setSocketKeepAlive(enable, delay) {
  if (this.socket) this.socket.setKeepAlive(enable, delay);
  else this.once('socket', (s) => s.setKeepAlive(enable, delay));
};

ClientRequest.prototype.clearTimeout = function clearTimeout(cb) {
  this.setTimeout(0, cb);
};

function tickOnSocket(req, socket) {
  const parser = idleParsers.alloc();
  parsers().reset(parser, req.maxHeaderSize || require('http').maxHeaderSize);
  parser.freed = false;
  parser.req = req;
  parser.socket = socket;
  parser.res = null;
  parser.onHeaders = parserOnHeaders;
  parser.onBody = parserOnBody;
  parser.onComplete = parserOnComplete;
  req.socket = socket;
  req.parser = parser;
  socket.parser = parser;
  socket._httpMessage = req;
  parser.maxHeaderPairs = typeof req.maxHeadersCount === 'number' ? req.maxHeadersCount << 1 : 0;
  socket.on('error', socketErrorListener);
  socket.on('data', socketOnData);
  socket.on('end', socketOnEnd);
  socket.on('close', socketCloseListener);
  socket.on('drain', ondrain);
  if (req.timeout !== undefined || (req.agent && req.agent.options && req.agent.options.timeout)) {
    listenSocketTimeout(req);
  }
  req.emit('socket', socket);
}

function ondrain() {
  const msg = this._httpMessage;
  if (msg && msg._needDrain) {
    msg._needDrain = false;
    msg._flushCallbacks();
    msg.emit('drain');
  }
}

function freeParser(parser, req, socket) {
  if (!parser || parser.freed) return;
  parser.freed = true;
  parser.onHeaders = parser.onBody = parser.onComplete = null;
  parser.req = parser.res = parser.socket = null;
  if (!idleParsers.free(parser)) parsers().free(parser);
  if (req) req.parser = null;
  if (socket) socket.parser = null;
}

function socketOnData(d) {
  const socket = this;
  const req = this._httpMessage;
  const parser = this.parser;
  if (!parser || !req) return;
  const ret = parsers().execute(parser, d);
  if (ret !== 0 && !ret.paused && !ret.upgrade) {
    const err = parseError(ret, d);
    freeParser(parser, req, socket);
    socket.removeListener('data', socketOnData);
    socket.removeListener('end', socketOnEnd);
    socket.destroy();
    req.socket._hadError = true;
    req.emit('error', err);
    return;
  }
  const res = parser.res;
  // (the parser stops at the end of the message: paused, or an upgrade
  // pause when bytes follow it)
  if (res && res.upgrade && (ret === 0 || ret.upgrade || ret.paused)) {
    const bytesParsed = ret.bytesParsed === undefined ? d.length : ret.bytesParsed;
    socket.removeListener('data', socketOnData);
    socket.removeListener('end', socketOnEnd);
    socket.removeListener('drain', ondrain);
    if (req.timeoutCb) socket.removeListener('timeout', req.timeoutCb);
    socket.removeListener('timeout', responseOnTimeout);
    freeParser(parser, req, socket);
    const bodyHead = d.slice(bytesParsed, d.length);
    const eventName = req.method === 'CONNECT' ? 'connect' : 'upgrade';
    if (req.listenerCount(eventName) > 0) {
      req.upgradeOrConnect = true;
      socket.emit('agentRemove');
      socket.removeListener('close', socketCloseListener);
      socket.removeListener('error', socketErrorListener);
      socket._httpMessage = null;
      socket.readableFlowing = null;
      req.emit(eventName, res, socket, bodyHead);
      req.destroyed = true;
      req._closed = true;
      req.emit('close');
    } else {
      socket.destroy();
    }
    return;
  }
  if (ret !== 0 && ret.paused) {
    // The response is complete. Bytes after it can't start a next response
    // on this socket: don't reuse it.
    if (ret.bytesParsed !== undefined && ret.bytesParsed < d.length) req.shouldKeepAlive = false;
  }
  if (res && res.complete && !(res.statusCode >= 100 && res.statusCode < 200)) {
    socket.removeListener('data', socketOnData);
    socket.removeListener('end', socketOnEnd);
    socket.removeListener('drain', ondrain);
    freeParser(parser, req, socket);
  }
}

function socketOnEnd() {
  const socket = this;
  const req = this._httpMessage;
  const parser = this.parser;
  if (req && !req.res && !socket._hadError) {
    socket._hadError = true;
    req.emit('error', connResetException('socket hang up'));
  }
  if (parser) {
    parsers().finish(parser);
    freeParser(parser, req, socket);
  }
  socket.destroy();
}

function socketErrorListener(err) {
  const socket = this;
  debug('SOCKET ERROR');
  const req = socket._httpMessage;
  if (req) {
    socket._hadError = true;
    req.emit('error', err);
  }
  const parser = socket.parser;
  if (parser) {
    parsers().finish(parser);
    freeParser(parser, req, socket);
  }
  socket.removeListener('data', socketOnData);
  socket.removeListener('end', socketOnEnd);
  socket.destroy();
}

function socketCloseListener() {
  const socket = this;
  debug('HTTP socket close');
  const req = socket._httpMessage;
  const parser = socket.parser;
  if (!req) return;
  const res = req.res;
  req.destroyed = true;
  if (parser) {
    // EOF may complete a body that runs until the connection closes.
    parsers().finish(parser);
  }
  if (res) {
    if (!res.complete) {
      res.destroy(connResetException('aborted'));
    }
    req._closed = true;
    req.emit('close');
    if (!res.aborted && res.readable && !res._eofPushed) {
      res._eofPushed = true;
      res.push(null);
    }
  } else {
    if (!socket._hadError) {
      socket._hadError = true;
      req.emit('error', connResetException('socket hang up'));
    }
    req._closed = true;
    req.emit('close');
  }
  if (req.outputData) req.outputData.length = 0;
  if (parser) freeParser(parser, req, socket);
}

// --- parser callbacks (this: the parser object) ---------------------------------

function resRead(n) {
  IncomingMessage.prototype._read.call(this, n);
  if (this._clientPaused) {
    this._clientPaused = false;
    const s = this._socket;
    if (s && !s.destroyed) s.resume();
  }
}

function parserOnHeaders(major, minor, statusCode, statusMessage, rawHeaders, upgrade, keepAlive) {
  const req = this.req;
  const socket = this.socket;
  if (!req) return 1;
  if (statusCode >= 100 && statusCode < 200 && statusCode !== 101) {
    // 1xx: 'continue' / 'information', then the real response follows.
    this.info = true;
    if (statusCode === 100) req.emit('continue');
    const headers = {};
    for (let i = 0; i < rawHeaders.length; i += 2) {
      headers[rawHeaders[i].toLowerCase()] = rawHeaders[i + 1];
    }
    req.emit('information', {
      statusCode, statusMessage, httpVersion: `${major}.${minor}`,
      httpVersionMajor: major, httpVersionMinor: minor, headers, rawHeaders,
    });
    return 1;
  }
  this.info = false;
  if (req.res) {
    // A second response on one request: the server is confused.
    socket.destroy();
    return 1;
  }
  const res = new IncomingMessage(socket);
  Object.defineProperty(res, '_read', { value: resRead, writable: true, configurable: true });
  res._clientPaused = false;
  res.httpVersionMajor = major;
  res.httpVersionMinor = minor;
  res.httpVersion = `${major}.${minor}`;
  res.statusCode = statusCode;
  res.statusMessage = statusMessage;
  res.rawHeaders = rawHeaders;
  if (this.maxHeaderPairs > 0) res._headerPairs = this.maxHeaderPairs;
  if (req.joinDuplicateHeaders) res.joinDuplicateHeaders = true;
  res.upgrade = upgrade || (req.method === 'CONNECT' && statusCode >= 200 && statusCode < 300);
  res.req = req;
  this.res = res;
  req.res = res;

  // An upgrade skips the body; without an 'upgrade' ('connect') listener
  // the socket is then destroyed (socketOnData), as in Node.
  if (res.upgrade) return 2;

  if (req.shouldKeepAlive && !keepAlive && !req.upgradeOrConnect) {
    req.shouldKeepAlive = false;
  }
  if (req._perf !== undefined) {
    const { start, req: reqDetail } = req._perf;
    req._perf = undefined;
    perf.enqueueTimed('HttpClient', 'http', start, {
      req: reqDetail, res: { statusCode, statusMessage, headers: res.headers },
    });
  }
  res.once('end', responseOnEnd);
  socket.on('timeout', responseOnTimeout);
  if (req.aborted || !req.emit('response', res)) res._dump();
  if (req.method === 'HEAD') return 1;
  // A 304 has no body, whatever its Content-Length says (as Node's client).
  if (statusCode === 304) {
    res.complete = true;
    return 1;
  }
  return 0;
}

function parserOnBody(chunk) {
  const res = this.res;
  if (!res) return;
  const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (!res.push(buf) && this.socket) {
    res._clientPaused = true;
    this.socket.pause();
  }
}

function parserOnComplete(rawTrailers) {
  if (this.info) {
    this.info = false;
    return false;
  }
  const res = this.res;
  if (!res) return true;
  if (rawTrailers.length) res.rawTrailers = rawTrailers;
  res.complete = true;
  if (!res._eofPushed) {
    res._eofPushed = true;
    res.push(null);
  }
  return true;
}

// The socket's timeout, once the response came: the response's too.
function responseOnTimeout() {
  const req = this._httpMessage;
  if (req && req.res) req.res.emit('timeout');
}

function responseOnEnd() {
  const req = this.req;
  const socket = req.socket;
  if (socket) {
    if (req.timeoutCb) socket.removeListener('timeout', emitRequestTimeout);
    socket.removeListener('timeout', responseOnTimeout);
  }
  req._ended = true;
  if (!req.shouldKeepAlive) {
    if (socket && socket.writable) {
      if (typeof socket.destroySoon === 'function') socket.destroySoon();
      else socket.end();
    } else if (socket && !socket.destroyed) {
      socket.destroy();
    }
  } else if (req._writableFinished && !this.aborted) {
    responseKeepAlive(req);
  }
}

function responseKeepAlive(req) {
  const socket = req.socket;
  if (!socket || req._keptAlive) return;
  req._keptAlive = true;
  if (req.timeoutCb) {
    socket.setTimeout(0);
    socket.removeListener('timeout', req.timeoutCb);
    req.timeoutCb = null;
  }
  socket.removeListener('close', socketCloseListener);
  socket.removeListener('error', socketErrorListener);
  socket.removeListener('data', socketOnData);
  socket.removeListener('end', socketOnEnd);
  socket.removeListener('drain', ondrain);
  socket.once('error', freeSocketErrorListener);
  process.nextTick(emitFreeNT, req);
  req.destroyed = true;
  if (req.res) req.res.socket = null;
}

function freeSocketErrorListener() {
  const socket = this;
  socket.destroy();
  socket.emit('agentRemove');
}

function emitFreeNT(req) {
  req._closed = true;
  req.emit('close');
  if (req.socket) {
    req.socket.removeListener('error', freeSocketErrorListener);
    if (!req.agent) {
      req.socket.destroy();
      return;
    }
    req.socket.emit('free');
  }
}

// --- http.request / http.get ---------------------------------------------------

function request(url, options, cb) {
  return new ClientRequest(url, options, cb);
}

function get(url, options, cb) {
  const req = request(url, options, cb);
  req.end();
  return req;
}

module.exports = {
  ClientRequest,
  Agent,
  request,
  get,
  urlToHttpOptions,
};
