'use strict';
// Runs the program's entry point: as an ES module when it is one (.mjs, or
// .js inside a "type": "module" package), otherwise as CommonJS.

const path = require('path');

function runMain(main) {
  if (process.execArgv.some((a) => a.startsWith('--inspect'))) {
    require('internal/inspector_flags').startFromFlags(process.execArgv);
  }
  const Module = require('internal/modules/cjs');
  let file;
  try {
    file = Module._resolveFilename(path.resolve(main), null, true);
  } catch (err) {
    if (err.code !== 'MODULE_NOT_FOUND') throw err;
    // As Node: the error names the absolute path and an empty require stack.
    err.message = `Cannot find module '${path.resolve(main)}'`;
    throw err;
  }
  const esm = require('internal/modules/esm');
  const imports = optionValues(['--import']);
  if (registerLoaders() || imports.length > 0) {
    esm.runMainWithHooks(file, imports);
    return;
  }
  // (Under --experimental-default-type=module Node runs every entry point
  // through its ES module loader.)
  if (esm.isESMEntry(file) || defaultType() === 'module') {
    esm.runMainESM(file);
    return;
  }
  Module._load(file, null, true);
}

// The values of the node options `names` (--name=value or --name value).
function optionValues(names) {
  const argv = process.execArgv;
  const out = [];
  for (let i = 0; i < argv.length; i++) {
    const eq = argv[i].indexOf('=');
    const name = eq === -1 ? argv[i] : argv[i].slice(0, eq);
    if (!names.includes(name)) continue;
    if (eq !== -1) out.push(argv[i].slice(eq + 1));
    else if (i + 1 < argv.length) out.push(argv[++i]);
  }
  return out;
}

// --experimental-loader / --loader: the hooks registered before the entry
// point runs. True when there were any.
let loadersRegistered = false; // (Module.runMain() may run again)

function registerLoaders() {
  if (loadersRegistered) return require('internal/modules/hooks').active();
  loadersRegistered = true;
  if (process.execArgv.includes('--experimental-network-imports')) {
    process.emitWarning('Network Imports is an experimental feature and might change at any time',
      'ExperimentalWarning');
  }
  const loaders = optionValues(['--experimental-loader', '--loader']);
  require('internal/modules/hooks').registerCommandLineLoaders(loaders);
  return loaders.length > 0;
}

// -r MODULE: required before the main script, relative to the cwd.
function preload(id) {
  const Module = require('internal/modules/cjs');
  const parent = new Module(path.join(process.cwd(), '[preload]'), null);
  parent.paths = Module._nodeModulePaths(process.cwd());
  Module._load(id, parent, false);
}

// -e / -p CODE: CommonJS code run as a script in the global scope, with
// require, module, exports, __filename ('[eval]') and __dirname ('.') as
// globals; -p prints the completion value. --input-type=module runs it as an
// ES module. A program read from stdin runs the same way as '[stdin]'.
function runEval(code, print, inputType, name = '[eval]') {
  registerLoaders();
  const imports = optionValues(['--import']);
  if (imports.length > 0) {
    require('internal/modules/esm').runImports(imports).then(() => runEvalCode(code, print, inputType, name),
      (err) => require('internal/fatal').onUncaught(err));
    return;
  }
  runEvalCode(code, print, inputType, name);
}

function runEvalCode(code, print, inputType, name) {
  if (inputType === 'module' || (inputType === undefined && defaultType() === 'module')) {
    runEvalModule(code);
    return;
  }
  const Module = require('internal/modules/cjs');
  const m = new Module(name, null);
  m.filename = path.join(process.cwd(), name);
  m.paths = Module._nodeModulePaths(process.cwd());
  const req = (id) => m.require(id);
  req.resolve = (id, options) => Module._resolveFilename(id, m, false, options);
  req.cache = Module._cache;
  req.main = undefined;
  const globals = { require: req, module: m, exports: m.exports, __filename: name, __dirname: '.' };
  for (const [key, value] of Object.entries(globals)) {
    Object.defineProperty(globalThis, key, { value, writable: true, configurable: true });
  }
  addBuiltinLibsToGlobal(req);
  const result = internalBinding('module').runScript(
    require('internal/modules/attributes').withToAssert(code), name);
  if (print) {
    const { inspect } = require('internal/inspect');
    process.stdout.write(`${typeof result === 'string' ? result : inspect(result)}\n`);
  }
}

// As Node's eval: each public built-in module without '_' or '/' in its
// name is a lazy, non-enumerable global (`vm`, `fs`, ...); assigning one
// replaces it with a plain value.
function addBuiltinLibsToGlobal(req) {
  const { builtinModules } = require('module');
  for (const name of builtinModules) {
    if (name.startsWith('_') || name.includes('/') ||
        Object.prototype.hasOwnProperty.call(globalThis, name)) continue;
    const setReal = (val) => {
      delete globalThis[name];
      globalThis[name] = val;
    };
    Object.defineProperty(globalThis, name, {
      get: () => {
        const lib = req(name);
        Object.defineProperty(globalThis, name, {
          get: () => lib, set: setReal, configurable: true, enumerable: false,
        });
        return lib;
      },
      set: setReal,
      configurable: true,
      enumerable: false,
    });
  }
}

function runEvalModule(code) {
  require('internal/modules/esm').runEvalModule(code);
}

// --experimental-default-type=module|commonjs (Node 20.10+).
function defaultType() {
  let type = 'commonjs';
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--experimental-default-type=')) type = argv[i].slice(28);
    else if (argv[i] === '--experimental-default-type' && i + 1 < argv.length) type = argv[++i];
  }
  return type;
}

module.exports = { runMain, runEval, preload, defaultType };
