'use strict';
// internal/fetch/serve: the bridge between Node's http objects and the
// fetch application contract (`export default { fetch(request) }`, see
// docs/architecture.md), used by the worker:
//
//   toWebRequest(req, { url, signal })  IncomingMessage-like -> Request
//   writeWebResponse(response, res)     Response (or a promise of one) ->
//                                       ServerResponse-like; resolves when done
//   serveFetch(handler, req, res, opts) both, around a call of handler(request)
//
// A handler that throws, rejects or returns something that is not a Response
// gives a 500, and the error is written to stderr once.

const { Request } = require('internal/fetch/request');
const { isResponse, responseState } = require('internal/fetch/response');
const { Headers, getList } = require('internal/fetch/headers');
const { ReadableStream } = require('internal/webstreams');
const { TextEncoder } = require('internal/encoding');

const kHighWaterMark = 64 * 1024;

function requestURL(req, opts) {
  if (opts && opts.url !== undefined) return `${opts.url}`;
  const headers = req.headers || {};
  let host = headers.host;
  if (Array.isArray(host)) host = host[0];
  const secure = !!(req.socket && req.socket.encrypted);
  return `${secure ? 'https' : 'http'}://${host || 'localhost'}${req.url || '/'}`;
}

function requestHeaders(req) {
  const headers = new Headers();
  const add = (name, value) => {
    try {
      headers.append(name, value);
    } catch {
      // A header the Fetch standard refuses is left out, as Node's servers do.
    }
  };
  if (Array.isArray(req.rawHeaders) && req.rawHeaders.length) {
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) add(req.rawHeaders[i], req.rawHeaders[i + 1]);
  } else if (req.headers) {
    for (const name of Object.keys(req.headers)) {
      const value = req.headers[name];
      if (value === undefined) continue;
      if (Array.isArray(value)) {
        for (const v of value) add(name, v);
      } else {
        add(name, value);
      }
    }
  }
  return headers;
}

// A ReadableStream over an IncomingMessage's 'data' / 'end' / 'error' events,
// pausing the message while the stream's queue is full.
function bodyStream(req) {
  let done = false;
  let encoder;
  return new ReadableStream({
    start(controller) {
      req.on('data', (chunk) => {
        if (done) return;
        let bytes;
        if (typeof chunk === 'string') {
          bytes = (encoder || (encoder = new TextEncoder())).encode(chunk);
        } else {
          bytes = new Uint8Array(chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.byteLength));
        }
        controller.enqueue(bytes);
        if (controller.desiredSize <= 0 && typeof req.pause === 'function') req.pause();
      });
      req.on('end', () => {
        if (done) return;
        done = true;
        controller.close();
      });
      req.on('error', (err) => {
        if (done) return;
        done = true;
        controller.error(err);
      });
      req.on('aborted', () => {
        if (done) return;
        done = true;
        const { DOMException } = require('internal/dom_exception');
        controller.error(new DOMException('The request was aborted', 'AbortError'));
      });
    },
    pull() {
      if (!done && typeof req.resume === 'function' &&
          (typeof req.isPaused !== 'function' || req.isPaused())) {
        req.resume();
      }
    },
    cancel() {
      done = true;
      if (typeof req.destroy === 'function') req.destroy();
      else if (typeof req.resume === 'function') req.resume();
    },
  }, { highWaterMark: kHighWaterMark, size: (chunk) => chunk.byteLength });
}

function toWebRequest(req, opts = {}) {
  const method = `${req.method || 'GET'}`.toUpperCase();
  const init = { method, headers: requestHeaders(req) };
  if (opts.signal) init.signal = opts.signal;
  if (method !== 'GET' && method !== 'HEAD') {
    init.body = bodyStream(req);
    init.duplex = 'half';
  }
  return new Request(requestURL(req, opts), init);
}

let logError = (err) => {
  const console = globalThis.console;
  console.error(err);
};

function setErrorLogger(fn) { logError = fn; }

function sendError(res, err) {
  try {
    logError(err);
  } catch {
    // Nothing more to do if stderr itself fails.
  }
  if (res.headersSent) {
    if (typeof res.destroy === 'function') res.destroy();
    return;
  }
  const body = 'Internal Server Error';
  res.statusCode = 500;
  if (typeof res.writeHead === 'function') {
    res.writeHead(500, { 'content-type': 'text/plain;charset=UTF-8', 'content-length': `${body.length}` });
  }
  res.end(body);
}

function describe(value) {
  if (value === null) return 'null';
  if (typeof value === 'object' || typeof value === 'function') {
    const name = value.constructor && value.constructor.name;
    return name ? `an instance of ${name}` : 'an object';
  }
  return `type ${typeof value} (${String(value)})`;
}

function waitForDrain(res) {
  return new Promise((resolve) => {
    const done = () => {
      res.removeListener('drain', done);
      res.removeListener('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function isClosed(res) {
  return !!res.destroyed;
}

async function writeBody(stream, res) {
  const reader = stream.getReader();
  let closed = false;
  const onClose = () => {
    if (!res.writableFinished) {
      closed = true;
      reader.cancel().catch(() => {});
    }
  };
  res.on('close', onClose);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done || closed) break;
      if (!(value instanceof Uint8Array)) {
        throw new TypeError(`Response body chunks must be Uint8Array, received ${describe(value)}`);
      }
      if (!value.byteLength) continue;
      const ok = res.write(value);
      if (!ok && !closed && !isClosed(res)) await waitForDrain(res);
      if (res.destroyed) {
        closed = true;
        reader.cancel().catch(() => {});
        break;
      }
    }
  } finally {
    res.removeListener('close', onClose);
  }
  if (!closed) res.end();
}

async function writeWebResponse(response, res) {
  try {
    response = await response;
  } catch (err) {
    sendError(res, err);
    return;
  }
  if (!isResponse(response)) {
    sendError(res, new TypeError(`The fetch handler must return a Response; it returned ${describe(response)}`));
    return;
  }
  try {
    const state = responseState(response);
    if (state.type === 'error') {
      throw new TypeError('The fetch handler returned Response.error()');
    }
    const out = {};
    const list = getList(response.headers);
    for (const [name, value] of list.sorted()) {
      if (name === 'set-cookie') continue;
      out[name] = value;
    }
    const cookies = response.headers.getSetCookie();
    if (cookies.length) out['set-cookie'] = cookies;
    const body = state.body;
    const noBody = [101, 204, 205, 304].includes(state.status);
    if (body !== null && !noBody && body.length !== null && body.source !== null &&
        !('content-length' in out) && !('transfer-encoding' in out) && !body.stream.locked) {
      out['content-length'] = `${body.length}`;
    }
    if (state.statusText) res.statusMessage = state.statusText;
    res.statusCode = state.status;
    res.writeHead(state.status, out);
    if (body === null || noBody) {
      if (body !== null) body.stream.cancel().catch(() => {});
      res.end();
      return;
    }
    await writeBody(body.stream, res);
  } catch (err) {
    sendError(res, err);
  }
}

async function serveFetch(handler, req, res, opts = {}) {
  let request;
  try {
    request = toWebRequest(req, opts);
  } catch {
    // The client's request cannot be a Request (a malformed URL): its fault.
    res.statusCode = 400;
    res.end();
    return;
  }
  let result;
  try {
    result = typeof handler === 'function' ? handler(request) : handler.fetch(request);
  } catch (err) {
    sendError(res, err);
    return;
  }
  await writeWebResponse(result, res);
}

module.exports = { toWebRequest, writeWebResponse, serveFetch, setErrorLogger };
