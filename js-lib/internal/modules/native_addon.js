'use strict';
// Native addons: process.dlopen and require() of .node files. The addon's
// Node-API registration (bindings/mod_napi.c) fills module.exports.

const binding = internalBinding('napi');
const { codes } = require('internal/errors');

let bufferPrototype;

function dlopen(module, filename, flags) {
  if (arguments.length < 2) {
    const err = new TypeError('process.dlopen needs at least 2 arguments');
    err.code = 'ERR_MISSING_ARGS';
    throw err;
  }
  if (module === null || typeof module !== 'object') {
    throw new codes.ERR_INVALID_ARG_TYPE('module', 'object', module);
  }
  if (flags !== undefined && typeof flags !== 'number') {
    throw new codes.ERR_INVALID_ARG_TYPE('flags', 'number', flags);
  }
  // Buffers an addon makes share Buffer.prototype.
  if (bufferPrototype === undefined) bufferPrototype = require('buffer').Buffer.prototype;
  const failure = binding.dlopen(module, `${filename}`, flags, bufferPrototype);
  if (failure !== undefined) {
    // As Node's C++ errors: a plain Error with a code property.
    const err = new Error(failure[1]);
    err.code = failure[0];
    throw err;
  }
}

module.exports = { dlopen };
