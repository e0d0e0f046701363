'use strict';
// http: Node's HTTP server API on shoal's C HTTP/1.1 engine, and the
// client (Agent, ClientRequest, request, get) in _http_client.js.

const { METHODS, STATUS_CODES, validateHeaderName, validateHeaderValue, errors, parsers } =
  require('_http_common');
const { validateInteger } = require('internal/validators');
const { IncomingMessage } = require('_http_incoming');
const { OutgoingMessage } = require('_http_outgoing');
const { Server, ServerResponse } = require('_http_server');

const { ERR_METHOD_NOT_IMPLEMENTED } = errors;

// --max-http-header-size=N (command line or $NODE_OPTIONS; the last one
// wins), else Node's 16 KiB.
function maxHeaderSizeOption() {
  const prefix = '--max-http-header-size=';
  const env = typeof process.env.NODE_OPTIONS === 'string' ? process.env.NODE_OPTIONS.split(/\s+/) : [];
  let size = 16384;
  for (const arg of [...env, ...process.execArgv]) {
    if (arg.startsWith(prefix)) {
      const n = Number(arg.slice(prefix.length));
      if (Number.isInteger(n) && n >= 0) size = n;
    }
  }
  return size;
}

function createServer(options, requestListener) {
  return new Server(options, requestListener);
}

const { Agent, ClientRequest, request, get } = require('_http_client');

module.exports = {
  _connectionListener() { throw new ERR_METHOD_NOT_IMPLEMENTED('_connectionListener()'); },
  METHODS: METHODS.slice(),
  STATUS_CODES,
  Agent,
  ClientRequest,
  IncomingMessage,
  OutgoingMessage,
  Server,
  ServerResponse,
  createServer,
  get globalAgent() { return require('_http_agent').globalAgent; },
  set globalAgent(v) { require('_http_agent').globalAgent = v; },
  maxHeaderSize: maxHeaderSizeOption(),
  validateHeaderName,
  validateHeaderValue,
  get,
  request,
  setMaxIdleHTTPParsers(max) {
    validateInteger(max, 'max', 1);
    parsers.max = max;
  },
};

