'use strict';
// internal/fetch/response: the Fetch standard's Response class, with
// undici's (Node 20's) behaviour and messages.

const { Headers, setGuard, getGuard, getList, fill } = require('internal/fetch/headers');
const {
  kState, extractBody, mixinBody, cloneBody, bodyUsed,
} = require('internal/fetch/body');

const kHeaders = Symbol('headers');
const kInspect = Symbol.for('nodejs.util.inspect.custom');

const nullBodyStatus = [101, 204, 205, 304];
const redirectStatus = [301, 302, 303, 307, 308];

function toUnsignedShort(v) {
  const n = Math.trunc(Number(v));
  if (!Number.isFinite(n)) return 0;
  return ((n % 65536) + 65536) % 65536;
}

function initializeResponse(response, init, body) {
  if (init.status !== undefined) {
    const status = toUnsignedShort(init.status);
    if (status < 200 || status > 599) {
      throw new RangeError('init["status"] must be in the range of 200 to 599, inclusive.');
    }
    response[kState].status = status;
  }
  if (init.statusText !== undefined) {
    const text = `${init.statusText}`;
    if (!/^[\t\x20-\x7E\x80-\xFF]*$/.test(text)) throw new TypeError('Invalid statusText');
    response[kState].statusText = text;
  }
  if (init.headers !== undefined) {
    fill(response[kHeaders], init.headers);
  }
  if (body !== null) {
    if (nullBodyStatus.includes(response[kState].status)) {
      throw new TypeError(`Response constructor: Invalid response status code ${response[kState].status}`);
    }
    response[kState].body = body;
    if (body.type !== null && !response[kState].headersList.contains('content-type')) {
      response[kState].headersList.append('content-type', body.type);
    }
  }
}

function makeResponse(guard) {
  const r = Object.create(Response.prototype);
  const headers = new Headers();
  setGuard(headers, guard);
  Object.defineProperty(r, kHeaders, { value: headers });
  Object.defineProperty(r, kState, {
    value: {
      type: 'default', status: 200, statusText: '', url: '', redirected: false,
      body: null, headersList: getList(headers),
    },
  });
  return r;
}

function checkInit(init, ctx) {
  if (init === undefined || init === null) return {};
  if (typeof init !== 'object' && typeof init !== 'function') {
    throw new TypeError(`${ctx}: Expected init to be a dictionary.`);
  }
  return init;
}

class Response {
  constructor(body = null, init = {}) {
    init = checkInit(init, 'Response constructor');
    const headers = new Headers();
    setGuard(headers, 'response');
    Object.defineProperty(this, kHeaders, { value: headers });
    Object.defineProperty(this, kState, {
      value: {
        type: 'default', status: 200, statusText: '', url: '', redirected: false,
        body: null, headersList: getList(headers),
      },
    });
    initializeResponse(this, init, body === null || body === undefined ? null : extractBody(body));
  }

  static error() {
    const r = makeResponse('immutable');
    r[kState].type = 'error';
    r[kState].status = 0;
    return r;
  }

  static json(data, init = {}) {
    if (arguments.length < 1) {
      throw new TypeError('Response.json: 1 argument required, but 0 found.');
    }
    init = checkInit(init, 'Response.json');
    const text = JSON.stringify(data);
    if (text === undefined) throw new TypeError('Value is not JSON serializable');
    const body = extractBody(text);
    body.type = 'application/json';
    const r = makeResponse('response');
    initializeResponse(r, init, body);
    return r;
  }

  static redirect(url, status = 302) {
    if (arguments.length < 1) {
      throw new TypeError('Response.redirect: 1 argument required, but 0 found.');
    }
    let parsed;
    try {
      parsed = new (require('internal/url').URL)(`${url}`);
    } catch (err) {
      throw new TypeError(`Failed to parse URL from ${url}`, { cause: err });
    }
    status = toUnsignedShort(status);
    if (!redirectStatus.includes(status)) throw new RangeError(`Invalid status code ${status}`);
    const r = makeResponse('immutable');
    r[kState].status = status;
    r[kState].headersList.append('location', parsed.href);
    return r;
  }

  get type() { return this[kState].type; }
  get url() { return this[kState].url; }
  get redirected() { return this[kState].redirected; }
  get status() { return this[kState].status; }
  get ok() { return this[kState].status >= 200 && this[kState].status <= 299; }
  get statusText() { return this[kState].statusText; }
  get headers() { return this[kHeaders]; }

  clone() {
    const st = this[kState];
    if (bodyUsed(st.body) || (st.body !== null && st.body.stream.locked)) {
      throw new TypeError('Response.clone: Body has already been consumed.');
    }
    const r = makeResponse('response');
    Object.assign(r[kState], {
      type: st.type, status: st.status, statusText: st.statusText, url: st.url,
      redirected: st.redirected, body: st.body === null ? null : cloneBody(st.body),
    });
    fill(r[kHeaders], this[kHeaders]);
    setGuard(r[kHeaders], getGuard(this[kHeaders]));
    return r;
  }

  get [Symbol.toStringTag]() { return 'Response'; }

  [kInspect](depth, options, inspect) {
    if (depth < 0) return '[Response]';
    const obj = {
      status: this.status,
      statusText: this.statusText,
      headers: this.headers,
      body: this.body,
      bodyUsed: this.bodyUsed,
      ok: this.ok,
      redirected: this.redirected,
      type: this.type,
      url: this.url,
    };
    return `Response ${inspect(obj, Object.assign({}, options, {
      depth: options.depth === null ? null : options.depth - 1,
    }))}`;
  }
}
mixinBody(Response);
for (const m of ['type', 'url', 'redirected', 'status', 'ok', 'statusText', 'headers', 'clone']) {
  const d = Object.getOwnPropertyDescriptor(Response.prototype, m);
  d.enumerable = true;
  Object.defineProperty(Response.prototype, m, d);
}

function isResponse(v) {
  return v !== null && typeof v === 'object' && Object.prototype.hasOwnProperty.call(v, kState) &&
    v instanceof Response;
}

function responseState(r) { return r[kState]; }

module.exports = { Response, isResponse, responseState };
