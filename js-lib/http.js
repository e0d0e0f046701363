'use strict';
// http: Node's HTTP server API on shoal's C HTTP/1.1 engine, and the
// client (Agent, ClientRequest, request, get) in _http_client.js.

const { METHODS, STATUS_CODES, validateHeaderName, validateHeaderValue, errors } =
  require('_http_common');
const { IncomingMessage } = require('_http_incoming');
const { OutgoingMessage } = require('_http_outgoing');
const { Server, ServerResponse } = require('_http_server');

const { ERR_METHOD_NOT_IMPLEMENTED } = errors;

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
  maxHeaderSize: 16384,
  validateHeaderName,
  validateHeaderValue,
  get,
  request,
  setMaxIdleHTTPParsers() {},
};

