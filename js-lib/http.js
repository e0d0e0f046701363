'use strict';
// http: Node's HTTP server API on shoal's C HTTP/1.1 engine. The client
// side (Agent, request, get) is not there yet: it throws
// ERR_METHOD_NOT_IMPLEMENTED.

const { METHODS, STATUS_CODES, validateHeaderName, validateHeaderValue, errors } =
  require('_http_common');
const { IncomingMessage } = require('_http_incoming');
const { OutgoingMessage } = require('_http_outgoing');
const { Server, ServerResponse } = require('_http_server');

const { ERR_METHOD_NOT_IMPLEMENTED } = errors;

function createServer(options, requestListener) {
  return new Server(options, requestListener);
}

// A placeholder Agent: constructible (libraries create agents when they
// load) but it cannot make requests yet.
const EventEmitter = require('events');

function Agent(options) {
  if (!(this instanceof Agent)) return new Agent(options);
  EventEmitter.call(this);
  this.options = { __proto__: null, ...options };
  this.defaultPort = 80;
  this.protocol = 'http:';
  this.keepAlive = !!this.options.keepAlive;
  this.keepAliveMsecs = this.options.keepAliveMsecs || 1000;
  this.maxSockets = this.options.maxSockets || Infinity;
  this.maxFreeSockets = this.options.maxFreeSockets || 256;
  this.maxTotalSockets = this.options.maxTotalSockets || Infinity;
  this.requests = { __proto__: null };
  this.sockets = { __proto__: null };
  this.freeSockets = { __proto__: null };
}
Object.setPrototypeOf(Agent.prototype, EventEmitter.prototype);
Object.setPrototypeOf(Agent, EventEmitter);
Agent.defaultMaxSockets = Infinity;
Agent.prototype.createConnection = function createConnection() {
  throw new ERR_METHOD_NOT_IMPLEMENTED('Agent.createConnection()');
};
Agent.prototype.destroy = function destroy() {};

function ClientRequest() {
  throw new ERR_METHOD_NOT_IMPLEMENTED('ClientRequest');
}

function request() {
  throw new ERR_METHOD_NOT_IMPLEMENTED('request()');
}

function get() {
  throw new ERR_METHOD_NOT_IMPLEMENTED('get()');
}

const globalAgent = new Agent();

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
  globalAgent,
  maxHeaderSize: 16384,
  validateHeaderName,
  validateHeaderValue,
  get,
  request,
  setMaxIdleHTTPParsers() {},
};

