'use strict';
// internal/fetch/formdata: the XMLHttpRequest standard's FormData class
// (entries of name -> string or File), with undici's (Node 20's) messages.

const { Blob, File } = require('internal/blob');

const kEntries = Symbol('entries');
const kInspect = Symbol.for('nodejs.util.inspect.custom');

function requireArgs(args, n, ctx) {
  if (args.length < n) {
    throw new TypeError(`${ctx}: ${n} argument${n === 1 ? '' : 's'} required, but${args.length ? ' only' : ''} ${args.length} found.`);
  }
}

function makeEntry(name, value, filename, ctx) {
  name = `${name}`;
  if (value instanceof Blob) {
    if (!(value instanceof File) || filename !== undefined) {
      const options = { type: value.type };
      if (value instanceof File) options.lastModified = value.lastModified;
      value = new File([value], filename !== undefined ? `${filename}` :
        (value instanceof File ? value.name : 'blob'), options);
    }
    return { name, value };
  }
  if (filename !== undefined) {
    throw new TypeError(`Failed to execute '${ctx}' on 'FormData': parameter 2 is not of type 'Blob'`);
  }
  return { name, value: `${value}` };
}

class FormData {
  constructor(form = undefined) {
    if (form !== undefined) {
      throw new TypeError('FormData constructor: Argument 1 could not be converted to: undefined.');
    }
    Object.defineProperty(this, kEntries, { value: [] });
  }

  append(name, value, filename = undefined) {
    requireArgs(arguments, 2, 'FormData.append');
    if (arguments.length === 3 && !(value instanceof Blob)) {
      throw new TypeError("Failed to execute 'append' on 'FormData': parameter 2 is not of type 'Blob'");
    }
    this[kEntries].push(makeEntry(name, value, filename, 'append'));
  }

  delete(name) {
    requireArgs(arguments, 1, 'FormData.delete');
    name = `${name}`;
    const list = this[kEntries];
    for (let i = list.length - 1; i >= 0; i--) if (list[i].name === name) list.splice(i, 1);
  }

  get(name) {
    requireArgs(arguments, 1, 'FormData.get');
    name = `${name}`;
    const e = this[kEntries].find((x) => x.name === name);
    return e === undefined ? null : e.value;
  }

  getAll(name) {
    requireArgs(arguments, 1, 'FormData.getAll');
    name = `${name}`;
    return this[kEntries].filter((x) => x.name === name).map((x) => x.value);
  }

  has(name) {
    requireArgs(arguments, 1, 'FormData.has');
    name = `${name}`;
    return this[kEntries].some((x) => x.name === name);
  }

  set(name, value, filename = undefined) {
    requireArgs(arguments, 2, 'FormData.set');
    if (arguments.length === 3 && !(value instanceof Blob)) {
      throw new TypeError("Failed to execute 'set' on 'FormData': parameter 2 is not of type 'Blob'");
    }
    const entry = makeEntry(name, value, filename, 'set');
    const list = this[kEntries];
    const idx = list.findIndex((x) => x.name === entry.name);
    if (idx === -1) {
      list.push(entry);
    } else {
      list[idx] = entry;
      for (let i = list.length - 1; i > idx; i--) if (list[i].name === entry.name) list.splice(i, 1);
    }
  }

  forEach(callback, thisArg = undefined) {
    requireArgs(arguments, 1, "Failed to execute 'forEach' on 'FormData'");
    if (typeof callback !== 'function') {
      throw new TypeError("Failed to execute 'forEach' on 'FormData': parameter 1 is not of type 'Function'.");
    }
    for (const [k, v] of this) Reflect.apply(callback, thisArg, [v, k, this]);
  }

  keys() { return makeIterator(this, 'key'); }
  values() { return makeIterator(this, 'value'); }
  entries() { return makeIterator(this, 'key+value'); }

  get [Symbol.toStringTag]() { return 'FormData'; }

  [kInspect](depth, options, inspect) {
    const obj = {};
    for (const { name, value } of this[kEntries]) {
      if (!Object.prototype.hasOwnProperty.call(obj, name)) obj[name] = value;
    }
    if (depth < 0) return '[FormData]';
    const body = inspect(obj, Object.assign({}, options, {
      depth: options.depth === null ? null : options.depth - 1,
    }));
    return `FormData ${body}`;
  }
}
for (const m of ['append', 'delete', 'get', 'getAll', 'has', 'set', 'forEach', 'keys', 'values', 'entries']) {
  Object.defineProperty(FormData.prototype, m, { enumerable: true });
}
Object.defineProperty(FormData.prototype, Symbol.iterator, {
  value: FormData.prototype.entries, writable: true, configurable: true, enumerable: false,
});

const kState = Symbol('iterator state');
const FormDataIteratorPrototype = Object.create(Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())), {
  next: {
    value: function next() {
      const st = this[kState];
      if (st === undefined) {
        throw new TypeError("'next' called on an object that does not implement interface FormData Iterator.");
      }
      const list = st.target[kEntries];
      if (st.index >= list.length) return { value: undefined, done: true };
      const { name, value } = list[st.index++];
      if (st.kind === 'key') return { value: name, done: false };
      if (st.kind === 'value') return { value, done: false };
      return { value: [name, value], done: false };
    },
    writable: true, enumerable: true, configurable: true,
  },
  [Symbol.toStringTag]: { value: 'FormData Iterator', configurable: true },
});

function makeIterator(target, kind) {
  const it = Object.create(FormDataIteratorPrototype);
  Object.defineProperty(it, kState, { value: { target, kind, index: 0 } });
  return it;
}

module.exports = { FormData };
