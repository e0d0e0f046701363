'use strict';
// internal/fetch/request: the Fetch standard's Request class, with undici's
// (Node 20's) behaviour and messages.

const { Headers, setGuard, getGuard, getList, fill } = require('internal/fetch/headers');
const {
  kState, extractBody, mixinBody, cloneBody, bodyUsed, bodyUnusable,
} = require('internal/fetch/body');

const kHeaders = Symbol('headers');
const kSignal = Symbol('signal');
const kInspect = Symbol.for('nodejs.util.inspect.custom');

const tokenRe = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const normalizedMethods = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'];
const forbiddenMethods = ['CONNECT', 'TRACE', 'TRACK'];
const modes = ['same-origin', 'no-cors', 'cors', 'navigate', 'websocket'];

let patchWarned = false;

function followSignal(controller, signal) {
  if (signal === null || signal === undefined) return;
  if (signal.aborted) {
    controller.abort(signal.reason);
  } else {
    signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  }
}

function newState(headers) {
  return {
    method: 'GET', url: '', body: null, headersList: getList(headers),
    referrer: 'about:client', referrerPolicy: '', mode: 'cors', credentials: 'same-origin',
    cache: 'default', redirect: 'follow', integrity: '', keepalive: false,
  };
}

class Request {
  constructor(input, init = {}) {
    if (arguments.length < 1) {
      throw new TypeError('Request constructor: 1 argument required, but 0 found.');
    }
    if (init === null || init === undefined) init = {};
    if (typeof init !== 'object' && typeof init !== 'function') {
      throw new TypeError('Request constructor: Expected init to be a dictionary.');
    }
    const { AbortController } = require('internal/abort_controller');
    const headers = new Headers();
    const state = newState(headers);
    let base = null;
    if (input instanceof Request) {
      base = input[kState];
      Object.assign(state, {
        method: base.method, url: base.url, referrer: base.referrer,
        referrerPolicy: base.referrerPolicy, mode: base.mode, credentials: base.credentials,
        cache: base.cache, redirect: base.redirect, integrity: base.integrity,
        keepalive: base.keepalive,
      });
    } else {
      let parsed;
      try {
        parsed = new (require('internal/url').URL)(`${input}`);
      } catch (err) {
        throw new TypeError(`Failed to parse URL from ${input}`, { cause: err });
      }
      if (parsed.username || parsed.password) {
        throw new TypeError(`Request cannot be constructed from a URL that includes credentials: ${input}`);
      }
      state.url = parsed.href;
    }

    if (init.mode !== undefined) {
      const mode = `${init.mode}`;
      if (mode === 'navigate') {
        throw new TypeError('Request constructor: invalid request mode navigate.');
      }
      if (!modes.includes(mode)) {
        throw new TypeError(`Request constructor: ${mode} is not an accepted type. Expected one of ${modes.join(', ')}.`);
      }
      state.mode = mode;
    }
    for (const key of ['credentials', 'cache', 'redirect', 'integrity', 'referrerPolicy']) {
      if (init[key] !== undefined) state[key] = `${init[key]}`;
    }
    if (init.keepalive !== undefined) state.keepalive = !!init.keepalive;
    if (init.referrer !== undefined) {
      const ref = `${init.referrer}`;
      state.referrer = ref === '' ? 'no-referrer' : ref;
    }

    if (init.method !== undefined) {
      const method = `${init.method}`;
      if (!tokenRe.test(method)) throw new TypeError(`'${method}' is not a valid HTTP method.`);
      const upper = method.toUpperCase();
      if (forbiddenMethods.includes(upper)) throw new TypeError(`'${method}' HTTP method is unsupported.`);
      state.method = normalizedMethods.includes(upper) ? upper : method;
      if (state.method === 'patch' && !patchWarned) {
        patchWarned = true;
        process.emitWarning('Using `patch` is highly likely to result in a `405 Method Not Allowed`. ' +
                            '`PATCH` is much more likely to succeed.', {
          code: 'UNDICI-FETCH-patch',
        });
      }
    }

    const controller = new AbortController();
    if (init.signal !== undefined && init.signal !== null) {
      const { AbortSignal } = require('internal/abort_controller');
      if (!(init.signal instanceof AbortSignal)) {
        throw new TypeError("Failed to construct 'Request': member signal is not of type AbortSignal.");
      }
      followSignal(controller, init.signal);
    } else if (base !== null) {
      followSignal(controller, input[kSignal]);
    }

    setGuard(headers, 'request');
    if (init.headers !== undefined) {
      fill(headers, init.headers);
    } else if (base !== null) {
      fill(headers, input[kHeaders]);
    }

    const inputBody = base !== null ? base.body : null;
    const hasInitBody = init.body !== undefined && init.body !== null;
    if ((hasInitBody || inputBody !== null) && (state.method === 'GET' || state.method === 'HEAD')) {
      throw new TypeError('Request with GET/HEAD method cannot have body.');
    }
    let initBody = null;
    if (hasInitBody) {
      initBody = extractBody(init.body);
      if (initBody.type !== null && !state.headersList.contains('content-type')) {
        state.headersList.append('content-type', initBody.type);
      }
    }
    let finalBody = initBody !== null ? initBody : inputBody;
    if (initBody !== null && initBody.source === null && init.duplex === undefined) {
      throw new TypeError('RequestInit: duplex option is required when sending a body.');
    }
    if (initBody === null && inputBody !== null) {
      if (bodyUnusable(inputBody)) {
        throw new TypeError('Cannot construct a Request with a Request object that has already been used.');
      }
      const { TransformStream } = require('internal/webstreams');
      const identity = new TransformStream();
      inputBody.stream.pipeThrough(identity);
      inputBody.stream._disturbed = true;
      finalBody = {
        stream: identity.readable, source: inputBody.source, length: inputBody.length,
        type: inputBody.type,
      };
    }
    state.body = finalBody;

    Object.defineProperty(this, kHeaders, { value: headers });
    Object.defineProperty(this, kSignal, { value: controller.signal });
    Object.defineProperty(this, kState, { value: state });
  }

  get method() { return this[kState].method; }
  get url() { return this[kState].url; }
  get headers() { return this[kHeaders]; }
  get destination() { return ''; }
  get referrer() {
    const r = this[kState].referrer;
    if (r === 'no-referrer') return '';
    return r;
  }
  get referrerPolicy() { return this[kState].referrerPolicy; }
  get mode() { return this[kState].mode; }
  get credentials() { return this[kState].credentials; }
  get cache() { return this[kState].cache; }
  get redirect() { return this[kState].redirect; }
  get integrity() { return this[kState].integrity; }
  get keepalive() { return this[kState].keepalive; }
  get isReloadNavigation() { return false; }
  get isHistoryNavigation() { return false; }
  get signal() { return this[kSignal]; }
  get duplex() { return 'half'; }

  clone() {
    const st = this[kState];
    if (bodyUsed(st.body) || (st.body !== null && st.body.stream.locked)) {
      throw new TypeError('unusable');
    }
    const { AbortController } = require('internal/abort_controller');
    const r = Object.create(Request.prototype);
    const headers = new Headers();
    fill(headers, this[kHeaders]);
    setGuard(headers, getGuard(this[kHeaders]));
    const state = Object.assign({}, st, {
      headersList: getList(headers),
      body: st.body === null ? null : cloneBody(st.body),
    });
    const controller = new AbortController();
    followSignal(controller, this[kSignal]);
    Object.defineProperty(r, kHeaders, { value: headers });
    Object.defineProperty(r, kSignal, { value: controller.signal });
    Object.defineProperty(r, kState, { value: state });
    return r;
  }

  get [Symbol.toStringTag]() { return 'Request'; }

  [kInspect](depth, options, inspect) {
    if (depth < 0) return '[Request]';
    const obj = {
      method: this.method,
      url: this.url,
      headers: this.headers,
      destination: this.destination,
      referrer: this.referrer,
      referrerPolicy: this.referrerPolicy,
      mode: this.mode,
      credentials: this.credentials,
      cache: this.cache,
      redirect: this.redirect,
      integrity: this.integrity,
      keepalive: this.keepalive,
      isReloadNavigation: this.isReloadNavigation,
      isHistoryNavigation: this.isHistoryNavigation,
      signal: this.signal,
    };
    return `Request ${inspect(obj, Object.assign({}, options, {
      depth: options.depth === null ? null : options.depth - 1,
    }))}`;
  }
}
mixinBody(Request);
for (const m of ['method', 'url', 'headers', 'destination', 'referrer', 'referrerPolicy', 'mode',
  'credentials', 'cache', 'redirect', 'integrity', 'keepalive', 'isReloadNavigation',
  'isHistoryNavigation', 'signal', 'duplex', 'clone']) {
  const d = Object.getOwnPropertyDescriptor(Request.prototype, m);
  d.enumerable = true;
  Object.defineProperty(Request.prototype, m, d);
}

module.exports = { Request };
