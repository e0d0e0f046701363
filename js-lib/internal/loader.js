'use strict';
// The first JavaScript that runs. C compiles this file as
// `function (internalBinding)` (worker/runtime.c) and keeps what it returns:
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

const wrapperParams = ['exports', 'require', 'module', '__filename', '__dirname',
  'internalBinding'];

function requireBuiltin(name) {
  if (name.startsWith('node:')) name = name.slice(5);
  const cached = builtins.get(name);
  if (cached !== undefined) return cached.exports;
  const source = moduleBinding.builtinSource(name);
  if (source === undefined) {
    const err = new Error(`Cannot find module '${name}'`);
    err.code = 'MODULE_NOT_FOUND';
    throw err;
  }
  const fn = moduleBinding.compileFunction(source, `node:${name}`, wrapperParams);
  const module = { id: name, exports: {}, loaded: false };
  builtins.set(name, module);
  try {
    fn.call(module.exports, module.exports, requireBuiltin, module, `node:${name}`, 'node:',
      getBinding);
  } catch (err) {
    builtins.delete(name);
    throw err;
  }
  module.loaded = true;
  return module.exports;
}

// Whether `name` is a built-in that user code may require.
requireBuiltin.canBeRequiredByUsers = function canBeRequiredByUsers(name) {
  if (name.startsWith('node:')) name = name.slice(5);
  if (name.startsWith('internal/')) return false;
  return builtins.has(name) || moduleBinding.builtinSource(name) !== undefined;
};

let publicNames;
requireBuiltin.publicNames = function publicNamesFn() {
  if (!publicNames) {
    publicNames = moduleBinding.builtinNames().filter((n) => !n.startsWith('internal/'))
      .sort();
  }
  return publicNames;
};

return requireBuiltin('internal/bootstrap').hooks;
