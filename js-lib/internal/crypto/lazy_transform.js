'use strict';
// internal/crypto/lazy_transform: a stream.Transform whose stream state is
// only built when a stream method or property is first used, so plain
// update()/digest() use stays cheap.

const stream = require('stream');

function LazyTransform(options) {
  this._options = options;
}
Object.setPrototypeOf(LazyTransform.prototype, stream.Transform.prototype);
Object.setPrototypeOf(LazyTransform, stream.Transform);

function makeGetter(name) {
  return function get() {
    stream.Transform.call(this, this._options);
    this._writableState.decodeStrings = false;
    return this[name];
  };
}

function makeSetter(name) {
  return function set(val) {
    Object.defineProperty(this, name, {
      __proto__: null, value: val, enumerable: true, configurable: true, writable: true,
    });
  };
}

for (const name of ['_readableState', '_writableState', '_transformState']) {
  Object.defineProperty(LazyTransform.prototype, name, {
    __proto__: null,
    get: makeGetter(name),
    set: makeSetter(name),
    configurable: true,
    enumerable: true,
  });
}

module.exports = LazyTransform;
