'use strict';
// internal/fetch/headers: the Fetch standard's Headers class, with undici's
// (Node 20's) behaviour and messages: case-insensitive names, combined
// values, set-cookie kept apart (getSetCookie), sorted iteration, guards.

const kList = Symbol('headers list');
const kGuard = Symbol('headers guard');
const kInspect = Symbol.for('nodejs.util.inspect.custom');

const tokenRe = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function isValidHeaderName(name) {
  return tokenRe.test(name);
}

// HTTP whitespace: tab, LF, CR, space.
function normalizeValue(value) {
  return value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
}

function isValidHeaderValue(value) {
  return !/[\0\r\n]/.test(value);
}

function toByteString(value, prefix) {
  const s = `${value}`;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 255) {
      throw new TypeError(`${prefix}Cannot convert argument to a ByteString because the character at ` +
                          `index ${i} has a value of ${s.charCodeAt(i)} which is greater than 255.`);
    }
  }
  return s;
}

function requireArgs(args, n, ctx) {
  if (args.length < n) {
    throw new TypeError(`${ctx}: ${n} argument${n === 1 ? '' : 's'} required, but${args.length ? ' only' : ''} ${args.length} found.`);
  }
}

// The header list: lowercase name -> { name (as first given), value }, plus
// the set-cookie values one by one.
class HeadersList {
  constructor(other) {
    this.map = new Map(other ? Array.from(other.map, ([k, v]) => [k, { name: v.name, value: v.value }]) : []);
    this.cookies = other && other.cookies ? other.cookies.slice() : null;
  }

  contains(name) { return this.map.has(name.toLowerCase()); }

  get(name) {
    const e = this.map.get(name.toLowerCase());
    return e === undefined ? null : e.value;
  }

  append(name, value) {
    const lower = name.toLowerCase();
    const e = this.map.get(lower);
    if (e) {
      e.value = `${e.value}${lower === 'cookie' ? '; ' : ', '}${value}`;
    } else {
      this.map.set(lower, { name, value });
    }
    if (lower === 'set-cookie') (this.cookies || (this.cookies = [])).push(value);
  }

  set(name, value) {
    const lower = name.toLowerCase();
    if (lower === 'set-cookie') this.cookies = [value];
    this.map.set(lower, { name, value });
  }

  delete(name) {
    const lower = name.toLowerCase();
    if (lower === 'set-cookie') this.cookies = null;
    this.map.delete(lower);
  }

  // Sorted and combined, set-cookie split: [[name, value], ...].
  sorted() {
    const names = Array.from(this.map.keys()).sort();
    const out = [];
    for (const n of names) {
      if (n === 'set-cookie') {
        for (const c of this.cookies || []) out.push([n, c]);
      } else {
        out.push([n, this.map.get(n).value]);
      }
    }
    return out;
  }
}

function checkGuard(headers) {
  if (headers[kGuard] === 'immutable') throw new TypeError('immutable');
}

function appendHeader(headers, name, value, ctx) {
  value = normalizeValue(value);
  if (!isValidHeaderName(name)) {
    throw new TypeError(`${ctx}: "${name}" is an invalid header name.`);
  }
  if (!isValidHeaderValue(value)) {
    throw new TypeError(`${ctx}: "${value}" is an invalid header value.`);
  }
  checkGuard(headers);
  headers[kList].append(name, value);
}

function fill(headers, init) {
  if (init === undefined) return;
  if (init === null || (typeof init !== 'object' && typeof init !== 'function')) {
    throw new TypeError('Headers constructor: Argument 1 could not be converted to one of: ' +
                        'sequence<sequence<ByteString>>, record<ByteString, ByteString>.');
  }
  if (init instanceof Headers) {
    const list = init[kList];
    for (const [lower, e] of list.map) {
      if (lower === 'set-cookie') {
        for (const c of list.cookies || []) headers[kList].append(e.name, c);
      } else {
        headers[kList].append(e.name, e.value);
      }
    }
    return;
  }
  if (typeof init[Symbol.iterator] === 'function') {
    for (const pair of init) {
      if (pair === null || typeof pair !== 'object' || typeof pair[Symbol.iterator] !== 'function') {
        throw new TypeError('Headers constructor: Argument 1 could not be converted to one of: ' +
                            'sequence<sequence<ByteString>>, record<ByteString, ByteString>.');
      }
      const arr = Array.from(pair);
      if (arr.length !== 2) {
        throw new TypeError(`Headers constructor: expected name/value pair to be length 2, found ${arr.length}.`);
      }
      appendHeader(headers, toByteString(arr[0], 'Header name: '), toByteString(arr[1], 'Header value: '),
                   'Headers.append');
    }
    return;
  }
  for (const key of Reflect.ownKeys(init)) {
    const desc = Reflect.getOwnPropertyDescriptor(init, key);
    if (desc === undefined || !desc.enumerable) continue;
    if (typeof key === 'symbol') {
      throw new TypeError('Headers constructor: Key Symbol() in init is a symbol, which cannot be converted to a ByteString.');
    }
    appendHeader(headers, toByteString(key, 'Header name: '), toByteString(init[key], 'Header value: '),
                 'Headers.append');
  }
}

class Headers {
  constructor(init = undefined) {
    Object.defineProperty(this, kList, { value: new HeadersList() });
    Object.defineProperty(this, kGuard, { value: 'none', writable: true });
    fill(this, init);
  }

  append(name, value) {
    requireArgs(arguments, 2, 'Headers.append');
    appendHeader(this, toByteString(name, 'Header name: '), toByteString(value, 'Header value: '),
                 'Headers.append');
  }

  delete(name) {
    requireArgs(arguments, 1, 'Headers.delete');
    name = toByteString(name, 'Header name: ');
    if (!isValidHeaderName(name)) {
      throw new TypeError(`Headers.delete: "${name}" is an invalid header name.`);
    }
    checkGuard(this);
    this[kList].delete(name);
  }

  get(name) {
    requireArgs(arguments, 1, 'Headers.get');
    name = toByteString(name, 'Header name: ');
    if (!isValidHeaderName(name)) {
      throw new TypeError(`Headers.get: "${name}" is an invalid header name.`);
    }
    return this[kList].get(name);
  }

  has(name) {
    requireArgs(arguments, 1, 'Headers.has');
    name = toByteString(name, 'Header name: ');
    if (!isValidHeaderName(name)) {
      throw new TypeError(`Headers.has: "${name}" is an invalid header name.`);
    }
    return this[kList].contains(name);
  }

  set(name, value) {
    requireArgs(arguments, 2, 'Headers.set');
    name = toByteString(name, 'Header name: ');
    value = normalizeValue(toByteString(value, 'Header value: '));
    if (!isValidHeaderName(name)) {
      throw new TypeError(`Headers.set: "${name}" is an invalid header name.`);
    }
    if (!isValidHeaderValue(value)) {
      throw new TypeError(`Headers.set: "${value}" is an invalid header value.`);
    }
    checkGuard(this);
    this[kList].set(name, value);
  }

  getSetCookie() {
    const c = this[kList].cookies;
    return c ? c.slice() : [];
  }

  forEach(callback, thisArg = undefined) {
    requireArgs(arguments, 1, "Failed to execute 'forEach' on 'Headers'");
    if (typeof callback !== 'function') {
      throw new TypeError("Failed to execute 'forEach' on 'Headers': parameter 1 is not of type 'Function'.");
    }
    for (const [k, v] of this[kList].sorted()) {
      Reflect.apply(callback, thisArg, [v, k, this]);
    }
  }

  keys() { return makeIterator(this, 'key'); }
  values() { return makeIterator(this, 'value'); }
  entries() { return makeIterator(this, 'key+value'); }

  get [Symbol.toStringTag]() { return 'Headers'; }

  [kInspect](depth, options, inspect) {
    const obj = {};
    for (const [, e] of this[kList].map) obj[e.name] = e.value;
    if (depth < 0) return '[Headers]';
    return `Headers ${inspect(obj, Object.assign({}, options, {
      depth: options.depth === null ? null : options.depth - 1,
    }))}`;
  }
}
Headers.prototype[Symbol.iterator] = Headers.prototype.entries;
Object.defineProperty(Headers.prototype, Symbol.iterator, { enumerable: false });
for (const m of ['append', 'delete', 'get', 'has', 'set', 'getSetCookie', 'forEach', 'keys', 'values', 'entries']) {
  Object.defineProperty(Headers.prototype, m, { enumerable: true });
}

const HeadersIteratorPrototype = Object.create(Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())), {
  next: {
    value: function next() {
      const st = this[kState];
      if (st === undefined) {
        throw new TypeError("'next' called on an object that does not implement interface Headers Iterator.");
      }
      const values = st.target[kList].sorted();
      if (st.index >= values.length) return { value: undefined, done: true };
      const [k, v] = values[st.index++];
      let value;
      if (st.kind === 'key') value = k;
      else if (st.kind === 'value') value = v;
      else value = [k, v];
      return { value, done: false };
    },
    writable: true, enumerable: true, configurable: true,
  },
  [Symbol.toStringTag]: { value: 'Headers Iterator', configurable: true },
});
const kState = Symbol('iterator state');

function makeIterator(target, kind) {
  const it = Object.create(HeadersIteratorPrototype);
  Object.defineProperty(it, kState, { value: { target, kind, index: 0 } });
  return it;
}

function setGuard(headers, guard) { headers[kGuard] = guard; }
function getList(headers) { return headers[kList]; }
function getGuard(headers) { return headers[kGuard]; }

module.exports = { Headers, setGuard, getGuard, getList, fill, isValidHeaderName, isValidHeaderValue };
