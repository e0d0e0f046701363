'use strict';
// CommonJS modules with Node's resolution: relative and absolute paths,
// node_modules up the tree, package.json "main" and "exports", extensions
// (.js, .json; .cjs/.mjs by kind), directories with index files, the
// node: prefix, the module cache and cycles.

const moduleBinding = internalBinding('module');
const fsBinding = internalBinding('fs');
const path = require('path');
const { readPackage, readPackageScope, resolveExports, parsePackageName } =
  require('internal/modules/package');
const { codes, validateString } = require('internal/errors');

const builtinRequire = require;
const wrapperParams = ['exports', 'require', 'module', '__filename', '__dirname'];

function stat(p) {
  return fsBinding.internalModuleStat(p);
}

function Module(id = '', parent) {
  this.id = id;
  this.path = path.dirname(id);
  this.exports = {};
  this.filename = null;
  this.loaded = false;
  this.children = [];
  this.paths = [];
  Object.defineProperty(this, 'parent', {
    value: parent, writable: true, configurable: true, enumerable: false,
  });
  if (parent && parent.children) parent.children.push(this);
}

Module._cache = Object.create(null);
Module._pathCache = Object.create(null);
Module._extensions = Object.create(null);
Module.globalPaths = [];
Module.wrapper = ['(function (exports, require, module, __filename, __dirname) { ', '\n});'];
Module.wrap = (script) => Module.wrapper[0] + script + Module.wrapper[1];
Object.defineProperty(Module, 'builtinModules', {
  get() { return builtinRequire.publicNames(); },
  enumerable: true,
});
Module.isBuiltin = (name) => builtinRequire.canBeRequiredByUsers(name);

function isBuiltinSpecifier(request) {
  if (request.startsWith('node:')) return true;
  if (process._exposeInternals && request.startsWith('internal/')) return true;
  return builtinRequire.canBeRequiredByUsers(request);
}

Module._nodeModulePaths = function nodeModulePaths(from) {
  from = path.resolve(from);
  if (from === '/') return ['/node_modules'];
  const parts = from.split('/');
  const paths = [];
  for (let i = parts.length; i > 0; i--) {
    if (parts[i - 1] === 'node_modules') continue;
    const dir = parts.slice(0, i).join('/') || '';
    paths.push(`${dir}/node_modules`);
  }
  paths.push('/node_modules');
  return paths;
};

const extensionsOrder = ['.js', '.json', '.node'];

function tryFile(p) {
  if (stat(p) !== 0) return false;
  return toRealPath(p);
}

function toRealPath(p) {
  try {
    return fsBinding.realpath(p);
  } catch {
    return p;
  }
}

function tryExtensions(p) {
  for (const ext of extensionsOrder) {
    const f = tryFile(p + ext);
    if (f) return f;
  }
  return false;
}

function tryPackage(dir, original) {
  const pkg = readPackage(dir);
  const main = pkg && typeof pkg.main === 'string' ? pkg.main : undefined;
  if (!main) return tryExtensions(path.resolve(dir, 'index'));
  const file = path.resolve(dir, main);
  const found = tryFile(file) || tryExtensions(file) ||
    tryExtensions(path.resolve(file, 'index'));
  if (found) return found;
  const index = tryExtensions(path.resolve(dir, 'index'));
  if (index) return index;
  const err = new Error(`Cannot find module '${file}'. Please verify that the package.json ` +
    `has a valid "main" entry`);
  err.code = 'MODULE_NOT_FOUND';
  err.path = path.resolve(dir, 'package.json');
  err.requestPath = original;
  throw err;
}

// LOAD_AS_FILE, then LOAD_AS_DIRECTORY.
function resolveAsPath(p, request) {
  const trailingSlash = request.endsWith('/') || /\/\.\.?$/.test(request) ||
    request === '.' || request === '..';
  if (!trailingSlash) {
    const f = tryFile(p) || tryExtensions(p);
    if (f) return f;
  }
  if (stat(p) === 1) return tryPackage(p, request);
  return false;
}

function resolveInNodeModules(request, paths, conditions) {
  const { name, subpath } = parsePackageName(request);
  for (const dir of paths) {
    if (stat(dir) !== 1) continue;
    const pkgDir = path.join(dir, name);
    const pkg = stat(pkgDir) === 1 ? readPackage(pkgDir) : null;
    if (pkg && pkg.exports !== undefined && pkg.exports !== null) {
      const file = resolveExports(pkgDir, pkg.exports, subpath, conditions);
      const found = tryFile(file);
      if (found) return found;
      continue;
    }
    const found = resolveAsPath(path.resolve(dir, request), request);
    if (found) return found;
  }
  return false;
}

// A package importing itself by its own name through "exports".
function resolveSelf(request, parentFile, conditions) {
  if (!parentFile) return false;
  const scope = readPackageScope(parentFile);
  if (!scope || !scope.pkg.name || scope.pkg.exports === undefined) return false;
  const { name, subpath } = parsePackageName(request);
  if (name !== scope.pkg.name) return false;
  return tryFile(resolveExports(scope.dir, scope.pkg.exports, subpath, conditions));
}

Module._resolveLookupPaths = function resolveLookupPaths(request, parent) {
  if (request.startsWith('./') || request.startsWith('../') || request === '.' ||
      request === '..') {
    return [parent && parent.filename ? path.dirname(parent.filename) : process.cwd()];
  }
  const paths = parent && parent.paths && parent.paths.length ? parent.paths :
    Module._nodeModulePaths(process.cwd());
  return paths.concat(Module.globalPaths);
};

const requireConditions = ['require', 'node', 'module-sync', 'node-addons'];

Module._resolveFilename = function resolveFilename(request, parent, isMain, options) {
  validateString(request, 'id');
  if (isBuiltinSpecifier(request)) return request;
  let found = false;
  if (path.isAbsolute(request)) {
    found = resolveAsPath(path.resolve(request), request);
  } else if (request.startsWith('./') || request.startsWith('../') || request === '.' ||
             request === '..') {
    const bases = options && options.paths ? options.paths :
      Module._resolveLookupPaths(request, parent);
    for (const base of bases) {
      found = resolveAsPath(path.resolve(base, request), request);
      if (found) break;
    }
  } else {
    found = resolveSelf(request, parent && parent.filename, requireConditions);
    if (!found) {
      let paths;
      if (options && options.paths) {
        paths = [];
        for (const p of options.paths) paths.push(...Module._nodeModulePaths(p));
      } else {
        paths = Module._resolveLookupPaths(request, parent);
      }
      found = resolveInNodeModules(request, paths, requireConditions);
    }
  }
  if (found) return found;
  const stack = [];
  for (let m = parent; m; m = m.parent) stack.push(m.filename || m.id);
  let message = `Cannot find module '${request}'`;
  if (stack.length > 0) message += `\nRequire stack:\n- ${stack.join('\n- ')}`;
  const err = new Error(message);
  err.code = 'MODULE_NOT_FOUND';
  err.requireStack = stack;
  throw err;
};

Module._load = function load(request, parent, isMain) {
  if (request.startsWith('node:')) {
    const name = request.slice(5);
    if (!builtinRequire.canBeRequiredByUsers(request)) {
      throw new codes.ERR_UNKNOWN_BUILTIN_MODULE(request);
    }
    return builtinRequire(name);
  }
  const filename = Module._resolveFilename(request, parent, isMain);
  if (filename === request && isBuiltinSpecifier(request)) {
    return builtinRequire(request);
  }
  const cached = Module._cache[filename];
  if (cached !== undefined) {
    if (!cached.loaded && cached[kLoadingESM]) throw esmCycleError(cached);
    return cached.exports;
  }
  const module = new Module(filename, parent);
  if (isMain) {
    process.mainModule = module;
    module.id = '.';
    Module._mainModule = module;
  }
  Module._cache[filename] = module;
  let threw = true;
  try {
    module.load(filename);
    threw = false;
  } finally {
    if (threw) {
      delete Module._cache[filename];
      if (parent && parent.children) {
        const i = parent.children.indexOf(module);
        if (i !== -1) parent.children.splice(i, 1);
      }
    }
  }
  return module.exports;
};

Module.prototype.load = function load(filename) {
  this.filename = filename;
  this.paths = Module._nodeModulePaths(path.dirname(filename));
  // .cjs and .mjs are decided here, not through Module._extensions, which
  // holds only what Node's does (.js, .json, .node).
  const ext = path.extname(filename);
  if (ext === '.mjs') loadESM(this, filename);
  else if (ext === '.cjs') this._compile(fsBinding.readFileUtf8(filename), filename);
  else (Module._extensions[ext] || Module._extensions['.js'])(this, filename);
  this.loaded = true;
};

Module.prototype.require = function require(id) {
  validateString(id, 'id');
  if (id === '') {
    throw new codes.ERR_INVALID_ARG_VALUE('id', id, 'must be a non-empty string');
  }
  return Module._load(id, this, false);
};

function makeRequire(module) {
  function require(id) {
    return module.require(id);
  }
  function resolve(request, options) {
    validateString(request, 'request');
    return Module._resolveFilename(request, module, false, options);
  }
  resolve.paths = function paths(request) {
    if (isBuiltinSpecifier(request)) return null;
    return Module._resolveLookupPaths(request, module);
  };
  require.resolve = resolve;
  require.main = Module._mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

// (js-lib's require: compile's own `require` is the module's.)
function inspectBrk() {
  require('internal/inspector_flags').takeBreakOnStart();
}

Module.prototype._compile = function compile(content, filename) {
  const fn = moduleBinding.compileFunction(stripShebang(content), filename, wrapperParams);
  const require = makeRequire(this);
  const dirname = path.dirname(filename);
  // --inspect-brk: nothing but fn may be called after this.
  if (this.id === '.' && process.execArgv.length) inspectBrk();
  return fn.call(this.exports, this.exports, require, this, filename, dirname);
};

function stripShebang(content) {
  // V8 accepts a hashbang only at the start of a script, not of a function body.
  if (content.startsWith('#!')) {
    const nl = content.indexOf('\n');
    return nl === -1 ? '' : `//${content.slice(2)}`;
  }
  return content;
}

Module._extensions['.js'] = function loadJs(module, filename) {
  if (filename.endsWith('.js')) {
    const scope = readPackageScope(filename);
    if (scope && scope.pkg.type === 'module') {
      loadESM(module, filename);
      return;
    }
  }
  const content = fsBinding.readFileUtf8(filename);
  module._compile(content, filename);
};

Module._extensions['.json'] = function loadJson(module, filename) {
  const content = fsBinding.readFileUtf8(filename);
  try {
    module.exports = JSON.parse(content);
  } catch (err) {
    err.message = `${filename}: ${err.message}`;
    throw err;
  }
};

Module._extensions['.node'] = function loadNative(module, filename) {
  return process.dlopen(module, path.toNamespacedPath(filename));
};

// require() of an ES module (.mjs, or .js in a "type": "module" package).
const kLoadingESM = Symbol('kLoadingESM');

function loadESM(module, filename) {
  const parent = module.parent;
  module[kLoadingESM] = true;
  module.exports = require('internal/modules/esm').requireModule(filename,
    parent ? parent.filename || parent.id : undefined);
}

// require() of an ES module whose require() has not returned: its graph
// reached CommonJS code that requires it back.
function esmCycleError(module) {
  const parent = module.parent;
  return new codes.ERR_REQUIRE_CYCLE_MODULE(`Cannot require() ES Module ${module.id} in a ` +
    `cycle.${parent && parent.filename ? ` (from ${parent.filename})` : ''}`);
}

Module.createRequire = function createRequire(filename) {
  if (typeof filename === 'object' && filename !== null && typeof filename.href === 'string') {
    filename = require('url').fileURLToPath(filename);
  } else if (typeof filename === 'string' && filename.startsWith('file:')) {
    filename = require('url').fileURLToPath(filename);
  }
  if (typeof filename !== 'string' || !path.isAbsolute(filename)) {
    throw new codes.ERR_INVALID_ARG_VALUE('filename', filename,
      'must be a file URL object, file URL string, or absolute path string');
  }
  const trailing = filename.endsWith('/');
  const proxy = new Module(trailing ? path.join(filename, 'noop.js') : filename, null);
  proxy.filename = proxy.id;
  proxy.paths = Module._nodeModulePaths(proxy.path);
  return makeRequire(proxy);
};

Module.Module = Module;
Module.runMain = function runMain(main) {
  return require('internal/modules/run_main').runMain(main || process.argv[1]);
};
Module.syncBuiltinESMExports = function syncBuiltinESMExports() {};
Module.findSourceMap = function findSourceMap() { return undefined; };
Module.register = function register() {};

module.exports = Module;
