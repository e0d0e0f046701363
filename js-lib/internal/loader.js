'use strict';
// The first JavaScript that runs. C compiles this file as
// `function (internalBinding)` (bindings/core/runtime.c) and keeps what it returns:
// the hook object of internal/bootstrap (tick, onUncaught, runMain, ...).
//
// It implements `require` for the built-in modules of js-lib: each is
// compiled once as a function(exports, require, module, __filename,
// __dirname, internalBinding) and cached.

const moduleBinding = internalBinding('module');
const bindings = new Map();
const builtins = new Map();

function getBinding(name) {
  let b = bindings.get(name);
  if (b === undefined) {
    b = internalBinding(name);
    bindings.set(name, b);
  }
  return b;
}

function requireBuiltin(name) {
  if (name.startsWith('node:')) name = name.slice(5);
  const cached = builtins.get(name);
  if (cached !== undefined) return cached.exports;
  // function (exports, require, module, __filename, __dirname, internalBinding),
  // deserialised from the code cache when the runtime has one.
  const fn = moduleBinding.compileBuiltin(name);
  if (fn === undefined) {
    const err = new Error(`Cannot find module '${name}'`);
    err.code = 'MODULE_NOT_FOUND';
    throw err;
  }
  const module = { id: name, exports: {}, loaded: false };
  builtins.set(name, module);
  const req = name.startsWith('vendor/') ? vendorRequire(name) : requireBuiltin;
  try {
    fn.call(module.exports, module.exports, req, module, `node:${name}`, 'node:', getBinding);
  } catch (err) {
    builtins.delete(name);
    throw err;
  }
  module.loaded = true;
  return module.exports;
}

// Bundled npm packages (js-lib/vendor) keep their own relative requires;
// the npm polyfills they ask for by name are our built-ins.
const vendorAliases = {
  'process/': () => globalThis.process,
  process: () => globalThis.process,
  buffer: () => requireBuiltin('buffer'),
  events: () => requireBuiltin('events'),
  'string_decoder/': () => requireBuiltin('string_decoder'),
  string_decoder: () => requireBuiltin('string_decoder'),
  'abort-controller': () => requireBuiltin('internal/abort_controller'),
  stream: () => requireBuiltin('stream'),
};

function normalizeName(dir, spec) {
  const parts = dir.split('/');
  for (const seg of spec.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/').replace(/\.js$/, '');
}

function vendorRequire(from) {
  const dir = from.slice(0, from.lastIndexOf('/'));
  // readable-stream requires inside constructors: resolve each name once.
  const resolved = new Map();
  return function require(spec) {
    const known = resolved.get(spec);
    if (known !== undefined) return requireBuiltin(known);
    if (spec.startsWith('./') || spec.startsWith('../')) {
      let target = normalizeName(dir, spec);
      if (!builtins.has(target) && !moduleBinding.hasBuiltin(target)) {
        target = `${target}/index`;
      }
      resolved.set(spec, target);
      return requireBuiltin(target);
    }
    const alias = vendorAliases[spec];
    if (alias === undefined) throw new Error(`bundled module ${from} requires unknown '${spec}'`);
    return alias();
  };
}

// Built-ins reachable only as `node:NAME` (Node's schemelessBlockList):
// require('test') is a package from node_modules.
const prefixOnly = new Set(['test', 'test/reporters']);

// Whether `name` is a built-in that user code may require.
requireBuiltin.canBeRequiredByUsers = function canBeRequiredByUsers(name) {
  if (typeof name !== 'string') return false;
  if (name.startsWith('node:')) name = name.slice(5);
  else if (prefixOnly.has(name)) return false;
  if (name.startsWith('internal/') || name.startsWith('vendor/')) return false;
  return builtins.has(name) || moduleBinding.hasBuiltin(name);
};

let publicNames;
requireBuiltin.publicNames = function publicNamesFn() {
  if (!publicNames) {
    publicNames = moduleBinding.builtinNames().filter((n) => !n.startsWith('internal/') &&
      !n.startsWith('vendor/') && !prefixOnly.has(n))
      .sort();
  }
  return publicNames;
};

return requireBuiltin('internal/bootstrap').hooks;
