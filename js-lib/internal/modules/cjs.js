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
const { withToAssert } = require('internal/modules/attributes');

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
// Module.wrapper and Module.wrap as Node's: replacing either, or changing an
// element of the wrapper array, makes modules compile from Module.wrap(source).
let patched = false;
let wrap = function wrap(script) {
  return Module.wrapper[0] + script + Module.wrapper[1];
};
const wrapperArray = ['(function (exports, require, module, __filename, __dirname) { ', '\n});'];
let wrapperProxy = new Proxy(wrapperArray, {
  set(target, property, value, receiver) {
    patched = true;
    return Reflect.set(target, property, value, receiver);
  },
  defineProperty(target, property, descriptor) {
    patched = true;
    return Reflect.defineProperty(target, property, descriptor);
  },
});
Object.defineProperty(Module, 'wrap', {
  get() { return wrap; },
  set(value) {
    patched = true;
    wrap = value;
  },
  configurable: true,
  enumerable: true,
});
Object.defineProperty(Module, 'wrapper', {
  get() { return wrapperProxy; },
  set(value) {
    patched = true;
    wrapperProxy = value;
  },
  configurable: true,
  enumerable: true,
});
Object.defineProperty(Module, 'builtinModules', {
  get() { return builtinRequire.publicNames(); },
  enumerable: true,
});
Module.isBuiltin = (name) => builtinRequire.canBeRequiredByUsers(name);

// Node's BuiltinModule.normalizeRequirableId: a built-in user code may
// require (with or without node:), or with --expose-internals an internal one.
function isBuiltinSpecifier(request) {
  if (process._exposeInternals && request.startsWith('internal/')) return true;
  return builtinRequire.canBeRequiredByUsers(request);
}

// Every node_modules folder from `from` up, skipping those inside one.
Module._nodeModulePaths = function nodeModulePaths(from) {
  from = path.resolve(from);
  if (from === '/') return ['/node_modules'];
  const paths = [];
  let last = from.length;
  for (let i = from.length - 1; i >= 0; i--) {
    if (from[i] !== '/') continue;
    if (from.slice(i + 1, last) !== 'node_modules') paths.push(`${from.slice(0, last)}/node_modules`);
    last = i;
  }
  paths.push('/node_modules');
  return paths;
};

// The global folders: $NODE_PATH, $HOME/.node_modules, $HOME/.node_libraries
// and $PREFIX/lib/node (the runtime's install prefix).
let modulePaths = [];
Module._initPaths = function initPaths() {
  const home = process.env.HOME;
  const nodePath = process.env.NODE_PATH;
  let paths = [path.resolve(process.execPath, '..', '..', 'lib', 'node')];
  if (home) paths.unshift(path.resolve(home, '.node_modules'), path.resolve(home, '.node_libraries'));
  if (nodePath) paths = nodePath.split(path.delimiter).filter(Boolean).concat(paths);
  modulePaths = paths;
  Module.globalPaths = paths.slice();
};
Module._initPaths();

Module._stat = stat;

function tryFile(p, isMain) {
  if (stat(p) !== 0) return false;
  return keepsSymlinks(isMain) ? path.resolve(p) : toRealPath(p);
}

// --preserve-symlinks: modules are known by the path they were found at, not
// their real path; --preserve-symlinks-main does the same for the entry
// point (the first does not apply to it), as in Node.
function keepsSymlinks(isMain) {
  return process.execArgv.includes(isMain ? '--preserve-symlinks-main' : '--preserve-symlinks');
}

function toRealPath(p) {
  try {
    return fsBinding.realpath(p);
  } catch {
    return p;
  }
}

// (Index loops here and below: user code may have deleted Array iteration.)
function tryExtensions(p, exts, isMain) {
  for (let i = 0; i < exts.length; i++) {
    const f = tryFile(p + exts[i], isMain);
    if (f) return f;
  }
  return false;
}

function tryPackage(dir, exts, original, isMain) {
  const pkg = readPackage(dir);
  const main = pkg && typeof pkg.main === 'string' ? pkg.main : undefined;
  if (!main) return tryExtensions(path.resolve(dir, 'index'), exts, isMain);
  const file = path.resolve(dir, main);
  const found = tryFile(file, isMain) || tryExtensions(file, exts, isMain) ||
    tryExtensions(path.resolve(file, 'index'), exts, isMain);
  if (found) return found;
  const index = tryExtensions(path.resolve(dir, 'index'), exts, isMain);
  if (!index) {
    const err = new Error(`Cannot find module '${file}'. Please verify that the package.json ` +
      'has a valid "main" entry');
    err.code = 'MODULE_NOT_FOUND';
    err.path = path.resolve(dir, 'package.json');
    err.requestPath = original;
    throw err;
  }
  process.emitWarning(`Invalid 'main' field in '${dir}/package.json' of '${main}'. Please either fix ` +
    'that or report it to the module author', 'DeprecationWarning', 'DEP0128');
  return index;
}

function notFound(request, pkgJson) {
  const err = new Error(`Cannot find module '${request}'`);
  err.code = 'MODULE_NOT_FOUND';
  if (pkgJson) err.path = pkgJson;
  return err;
}

const requireConditions = ['require', 'node', 'module-sync', 'node-addons'];
const exportsPattern = /^((?:@[^/\\%]+\/)?[^./\\%][^/\\%]*)(\/.*)?$/;

// A package in the node_modules folder `dir` with an "exports" field.
function resolvePackageExports(dir, request) {
  const match = exportsPattern.exec(request);
  if (!match) return undefined;
  const pkgDir = path.resolve(dir, match[1]);
  const pkg = readPackage(pkgDir);
  if (!pkg || pkg.exports === undefined || pkg.exports === null) return undefined;
  const file = resolveExports(pkgDir, pkg.exports, `.${match[2] || ''}`, requireConditions);
  return tryFile(file) || throwNotFound(file, path.resolve(pkgDir, 'package.json'));
}

function throwNotFound(request, pkgJson) {
  throw notFound(request, pkgJson);
}

// A package importing itself by its own name through "exports".
function resolveSelf(request, parentFile) {
  if (!parentFile) return false;
  const scope = readPackageScope(parentFile);
  if (!scope || !scope.pkg.name || scope.pkg.exports === undefined) return false;
  const { name, subpath } = parsePackageName(request);
  if (name !== scope.pkg.name) return false;
  const file = resolveExports(scope.dir, scope.pkg.exports, subpath, requireConditions);
  return tryFile(file) || throwNotFound(file, path.resolve(scope.dir, 'package.json'));
}

function isRelativeRequest(request) {
  return request === '.' || request === '..' || request.startsWith('./') ||
    request.startsWith('../');
}

// Node's Module._findPath: `request` in each of `paths`, as a file (with the
// registered extensions), a package's "exports", or a directory.
Module._findPath = function findPath(request, paths, isMain) {
  const absolute = path.isAbsolute(request);
  if (absolute) paths = [''];
  else if (!paths || paths.length === 0) return false;
  const cacheKey = `${request}\x00${paths.join('\x00')}`;
  const entry = Module._pathCache[cacheKey];
  if (entry) return entry;
  const trailingSlash = request.endsWith('/') || /(^|\/)\.\.?$/.test(request);
  const insidePath = !(isRelativeRequest(request) && path.normalize(request).startsWith('..'));
  let exts;
  for (let i = 0; i < paths.length; i++) {
    const curPath = paths[i];
    if (insidePath && curPath && stat(curPath) < 1) continue;
    if (!absolute) {
      const exported = resolvePackageExports(curPath, request);
      if (exported) return exported;
    }
    const basePath = path.resolve(curPath, request);
    const rc = stat(basePath);
    let filename = false;
    if (!trailingSlash) {
      if (rc === 0) filename = keepsSymlinks(isMain) ? path.resolve(basePath) : toRealPath(basePath);
      if (!filename) {
        if (exts === undefined) exts = Object.keys(Module._extensions);
        filename = tryExtensions(basePath, exts, isMain);
      }
    }
    if (!filename && rc === 1) {
      if (exts === undefined) exts = Object.keys(Module._extensions);
      filename = tryPackage(basePath, exts, request, isMain);
    }
    if (filename) {
      Module._pathCache[cacheKey] = filename;
      return filename;
    }
  }
  return false;
};

Module._resolveLookupPaths = function resolveLookupPaths(request, parent) {
  if (isBuiltinSpecifier(request)) return null;
  if (request[0] !== '.' || (request.length > 1 && request[1] !== '.' && request[1] !== '/')) {
    const paths = parent && parent.paths && parent.paths.length ?
      parent.paths.concat(modulePaths) : modulePaths;
    return paths.length > 0 ? paths : null;
  }
  if (!parent || !parent.id || !parent.filename) return ['.'];
  return [path.dirname(parent.filename)];
};

function lookupPathsFor(request, parent, options) {
  if (typeof options !== 'object' || options === null || options.paths === undefined) {
    return Module._resolveLookupPaths(request, parent);
  }
  if (!Array.isArray(options.paths)) {
    throw new codes.ERR_INVALID_ARG_VALUE('options.paths', options.paths);
  }
  if (request.startsWith('./') || request.startsWith('../')) return options.paths;
  const fakeParent = new Module('', null);
  const paths = [];
  for (let i = 0; i < options.paths.length; i++) {
    fakeParent.paths = Module._nodeModulePaths(options.paths[i]);
    const lookups = Module._resolveLookupPaths(request, fakeParent) || [];
    for (let j = 0; j < lookups.length; j++) {
      if (!paths.includes(lookups[j])) paths.push(lookups[j]);
    }
  }
  return paths;
}

Module._resolveFilename = function resolveFilename(request, parent, isMain, options) {
  if (isBuiltinSpecifier(request)) return request;
  const paths = lookupPathsFor(request, parent, options);
  const parentFile = parent && (parent.filename || (parent.id === '.' ? undefined : parent.id));
  const self = resolveSelf(request, parentFile && path.isAbsolute(parentFile) ? parentFile : null);
  if (self) return self;
  const filename = Module._findPath(request, paths, isMain);
  if (filename) return filename;
  const stack = [];
  for (let m = parent; m; m = m.parent) stack.push(m.filename || m.id);
  let message = `Cannot find module '${request}'`;
  if (stack.length > 0) message += `\nRequire stack:\n- ${stack.join('\n- ')}`;
  const err = new Error(message);
  err.code = 'MODULE_NOT_FOUND';
  err.requireStack = stack;
  throw err;
};

// What a module in a require cycle sees of one still loading: its exports,
// warning (as Node) on a property it does not have yet.
function emitCircularRequireWarning(prop) {
  process.emitWarning(`Accessing non-existent property '${String(prop)}' of module exports ` +
    'inside circular dependency');
}

const CircularRequirePrototypeWarningProxy = new Proxy({}, {
  get(target, prop, receiver) {
    if (prop in target || prop === '__esModule') return Reflect.get(target, prop, receiver);
    emitCircularRequireWarning(prop);
    return undefined;
  },
  getOwnPropertyDescriptor(target, prop) {
    if (Object.prototype.hasOwnProperty.call(target, prop) || prop === '__esModule') {
      return Object.getOwnPropertyDescriptor(target, prop);
    }
    emitCircularRequireWarning(prop);
    return undefined;
  },
});

function getExportsForCircularRequire(module) {
  const exports = module.exports;
  if (exports && !internalBinding('types').isProxy(exports) &&
      Object.getPrototypeOf(exports) === Object.prototype && !exports.__esModule) {
    Object.setPrototypeOf(exports, CircularRequirePrototypeWarningProxy);
  }
  return exports;
}

Module._load = function load(request, parent, isMain) {
  if (request.startsWith('node:')) {
    const name = request.slice(5);
    if (!builtinRequire.canBeRequiredByUsers(request)) {
      throw new codes.ERR_UNKNOWN_BUILTIN_MODULE(request);
    }
    return builtinRequire(name);
  }
  const filename = Module._resolveFilename(request, parent, isMain);
  const cached = Module._cache[filename];
  if (cached !== undefined) {
    if (!cached.loaded) {
      if (cached[kLoadingESM]) throw esmCycleError(cached);
      return getExportsForCircularRequire(cached);
    }
    return cached.exports;
  }
  if (filename === request && isBuiltinSpecifier(request)) {
    return builtinRequire(request);
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
    } else if (module.exports && !internalBinding('types').isProxy(module.exports) &&
               Object.getPrototypeOf(module.exports) === CircularRequirePrototypeWarningProxy) {
      Object.setPrototypeOf(module.exports, Object.prototype);
    }
  }
  return module.exports;
};

// The longest registered extension of the file's name (".foo.bar" before
// ".bar"), else ".js"; a leading dot is part of the name.
function findLongestRegisteredExtension(filename) {
  const name = path.basename(filename);
  let index;
  let start = 0;
  while ((index = name.indexOf('.', start)) !== -1) {
    start = index + 1;
    if (index === 0) continue;
    const ext = name.slice(index);
    if (Module._extensions[ext]) return ext;
  }
  return '.js';
}

Module.prototype.load = function load(filename) {
  this.filename = filename;
  this.paths = Module._nodeModulePaths(path.dirname(filename));
  // .cjs and .mjs are decided here, not through Module._extensions, which
  // holds only what Node's does (.js, .json, .node).
  const ext = path.extname(filename);
  if (ext === '.mjs' && !Module._extensions['.mjs']) loadESM(this, filename);
  else if (ext === '.cjs' && !Module._extensions['.cjs']) {
    this._compile(fsBinding.readFileUtf8(filename), filename);
  } else Module._extensions[findLongestRegisteredExtension(filename)](this, filename);
  this.loaded = true;
  if (!loadTimeExports.has(this)) loadTimeExports.set(this, this.exports);
};

// module.exports as each module's load ended: the first import of a module
// that require() loaded earlier sees these, not what was assigned or
// incremented since (Node's cjsCache "snapshot" of exports at load time).
const loadTimeExports = new WeakMap();

// CommonJS source the ES module loader was given (by a load hook, or read
// itself under --experimental-default-type=module), run as Node's
// translator does: its require has resolve and main but no cache or
// extensions; modules it requires load through this module's require.
function loadSourceForImport(filename, source, isMain) {
  const cached = Module._cache[filename];
  if (cached !== undefined) {
    return cached.loaded ? exportsForImport(filename, isMain) : getExportsForCircularRequire(cached);
  }
  const module = new Module(filename, null);
  module.filename = filename;
  module.paths = Module._nodeModulePaths(path.dirname(filename));
  if (isMain) {
    // (Its id stays the file name there, as in Node.)
    process.mainModule = module;
    Module._mainModule = module;
  }
  Module._cache[filename] = module;
  const fn = moduleBinding.compileFunction(withToAssert(stripShebang(source)), filename, wrapperParams);
  const require = function require(id) {
    return module.require(id);
  };
  require.resolve = function resolve(request) {
    validateString(request, 'request');
    return Module._resolveFilename(request, module, false);
  };
  require.main = process.mainModule;
  try {
    fn.call(module.exports, module.exports, require, module, filename, path.dirname(filename));
  } catch (err) {
    delete Module._cache[filename];
    throw err;
  }
  module.loaded = true;
  return module.exports;
}

// The exports an import of `filename` gets, loading it if need be; the
// load-time value is used once, as in Node.
function exportsForImport(filename, isMain) {
  const exports = Module._load(filename, null, isMain);
  const module = Module._cache[filename];
  if (module === undefined || !loadTimeExports.has(module)) return exports;
  const snapshot = loadTimeExports.get(module);
  loadTimeExports.delete(module);
  return snapshot;
}

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
    validateString(request, 'request');
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
  const source = withToAssert(stripShebang(content));
  // A patched wrapper is Node's slow path: the wrapped source run as a script.
  let fn;
  // (finally, not catch and throw: the error keeps its source position.)
  try {
    fn = patched ? moduleBinding.runScript(Module.wrap(source), filename) :
      moduleBinding.compileFunction(source, filename, wrapperParams);
  } finally {
    if (fn === undefined && this.id === '.') noteModuleSyntax(source, filename);
  }
  const require = makeRequire(this);
  const dirname = path.dirname(filename);
  // --inspect-brk: nothing but fn may be called after this.
  if (this.id === '.' && process.execArgv.length) inspectBrk();
  return fn.call(this.exports, this.exports, require, this, filename, dirname);
};

// Node's enrichCJSError: an entry point that fails to compile as CommonJS
// because it is ES module syntax gets the hint, emitted at once (the error
// is about to end the process).
const esmOnlyErrors = ['Cannot use import statement outside a module', "Unexpected token 'export'",
  "Cannot use 'import.meta' outside a module"];

function noteModuleSyntax(source, filename) {
  let err;
  try {
    moduleBinding.compileFunction(source, filename, wrapperParams);
    return;
  } catch (e) {
    err = e;
  }
  if (err === null || typeof err !== 'object' || Object.getPrototypeOf(err) !== SyntaxError.prototype ||
      !esmOnlyErrors.includes(err.message)) return;
  try {
    moduleBinding.compileModule(source, require('internal/modules/esm').pathToFileHref(filename));
  } catch {
    return;
  }
  const warning = new Error('To load an ES module, set "type": "module" in the package.json or ' +
    'use the .mjs extension.');
  warning.name = 'Warning';
  process.emit('warning', warning);
}

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
Module.syncBuiltinESMExports = function syncBuiltinESMExports() {
  require('internal/modules/esm').syncBuiltinESMExports();
};
Module.findSourceMap = function findSourceMap() { return undefined; };
Module.register = function register(specifier, parentURL, options) {
  require('internal/modules/hooks').register(specifier, parentURL, options);
};

module.exports = Module;
Object.defineProperty(Module, Symbol.for('shoal.cjs.exportsForImport'), { value: exportsForImport });
Object.defineProperty(Module, Symbol.for('shoal.cjs.loadSourceForImport'), { value: loadSourceForImport });
