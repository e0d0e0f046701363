'use strict';
// ES modules: resolution (relative/absolute/file: URLs, node: built-ins,
// packages with "exports" under the "import" condition), loading and linking
// of module records through internalBinding('module'), CommonJS and JSON
// seen from ESM as synthetic modules, import(), and import.meta.

const moduleBinding = internalBinding('module');
const fsBinding = internalBinding('fs');
const path = require('path');
const { codes } = require('internal/errors');
const {
  readPackage, readPackageScope, resolveExports, parsePackageName, isModuleScope, formatOf,
} = require('internal/modules/package');
const { withToAssert, validateAttributes } = require('internal/modules/attributes');

const importConditions = ['import', 'node', 'module-sync', 'node-addons'];
const records = new Map(); // url -> module wrapper
const compileErrors = new Map(); // url -> the SyntaxError compiling it threw
const resolved = new Map(); // `${parentURL}\0${specifier}` -> url (Node's resolve cache)

// --- file URLs --------------------------------------------------------------

function pathToFileHref(p) {
  let out = 'file://';
  for (const ch of path.resolve(p)) {
    const c = ch.codePointAt(0);
    if (c > 0x7e || c <= 0x20 || '"%<>`{}#?\\^|[]'.includes(ch)) {
      out += encodeURIComponent(ch).replace(/[!'()*]/g, (m) => `%${m.charCodeAt(0).toString(16).toUpperCase()}`);
    } else {
      out += ch;
    }
  }
  return out;
}

function fileHrefToPath(href) {
  let rest = href.slice('file://'.length);
  const q = rest.search(/[?#]/);
  if (q !== -1) rest = rest.slice(0, q);
  if (!rest.startsWith('/')) rest = rest.slice(rest.indexOf('/'));
  return decodeURIComponent(rest);
}

// --- resolution -------------------------------------------------------------

function isRelative(spec) {
  return spec.startsWith('./') || spec.startsWith('../') || spec === '.' || spec === '..';
}

function checkFile(file, specifier, parentURL) {
  const kind = fsBinding.internalModuleStat(file);
  const base = parentURL.startsWith('file:') ? fileHrefToPath(parentURL) : parentURL;
  if (kind === 0) return pathToFileHref(toRealPath(file));
  const err = kind === 1 ? new codes.ERR_UNSUPPORTED_DIR_IMPORT(file, base) :
    new codes.ERR_MODULE_NOT_FOUND(file, base);
  // An own property, as Node's (never a setter on Error.prototype).
  Object.defineProperty(err, 'url', { value: pathToFileHref(file), writable: true,
    enumerable: true, configurable: true });
  throw err;
}

function toRealPath(file) {
  try {
    return fsBinding.realpath(file);
  } catch {
    return file;
  }
}

// Node's legacyMainResolve: "main" as written, then with an extension or
// /index added, then the package's index file. An ES module found by one of
// those guesses gets the DEP0151 deprecation warning.
const mainSuffixes = ['', '.js', '.json', '.node', '/index.js', '/index.json', '/index.node'];
const indexFiles = ['index.js', 'index.json', 'index.node'];

function legacyMain(pkgDir, pkg, parentPath) {
  const main = pkg && typeof pkg.main === 'string' ? pkg.main : undefined;
  if (main !== undefined) {
    for (let i = 0; i < mainSuffixes.length; i++) {
      const guess = path.resolve(pkgDir, `${main}${mainSuffixes[i]}`);
      if (fsBinding.internalModuleStat(guess) !== 0) continue;
      if (i > 0) warnLegacyIndex(guess, pkgDir, parentPath, main);
      return guess;
    }
  }
  for (const index of indexFiles) {
    const guess = path.join(pkgDir, index);
    if (fsBinding.internalModuleStat(guess) !== 0) continue;
    warnLegacyIndex(guess, pkgDir, parentPath, main);
    return guess;
  }
  return null;
}

function warnLegacyIndex(file, pkgDir, parentPath, main) {
  if (process.noDeprecation || formatOf(file) !== 'module') return;
  const pkgPath = `${pkgDir}/`;
  const rel = file.slice(pkgPath.length);
  const message = main ?
    `Package ${pkgPath} has a "main" field set to "${main}", excluding the full filename and ` +
      `extension to the resolved file at "${rel}", imported from ${parentPath}.\n Automatic ` +
      'extension resolution of the "main" field is deprecated for ES modules.' :
    `No "main" or "exports" field defined in the package.json for ${pkgPath} resolving the ` +
      `main entry point "${rel}", imported from ${parentPath}.\nDefault "index" lookups for ` +
      'the main are deprecated for ES modules.';
  process.emitWarning(message, 'DeprecationWarning', 'DEP0151');
}

// resolveExports with Node's ESM wording of the error (" imported from ...").
function exportsTarget(pkgDir, exports, subpath, parentPath) {
  try {
    return resolveExports(pkgDir, exports, subpath, importConditions);
  } catch (err) {
    if (err.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') err.message += ` imported from ${parentPath}`;
    throw err;
  }
}

function resolvePackage(specifier, parentURL) {
  const { name, subpath } = parsePackageName(specifier);
  const parentPath = parentURL.startsWith('file:') ? fileHrefToPath(parentURL) :
    path.join(process.cwd(), 'noop.js');
  // Node's parsePackageName: no leading dot, percent-encoding or backslash,
  // and a scope needs a name.
  if (/^\.|%|\\/.test(name) || (name.startsWith('@') && !specifier.includes('/'))) {
    throw new codes.ERR_INVALID_MODULE_SPECIFIER(specifier, 'is not a valid package name',
      parentPath);
  }
  // Self-reference through the enclosing package's "exports".
  const scope = readPackageScope(parentPath);
  if (scope && scope.pkg.name === name && scope.pkg.exports !== undefined) {
    return checkFile(exportsTarget(scope.dir, scope.pkg.exports, subpath, parentPath),
      specifier, parentURL);
  }
  let dir = path.dirname(parentPath);
  for (;;) {
    const pkgDir = path.join(dir, 'node_modules', name);
    if (fsBinding.internalModuleStat(pkgDir) === 1) {
      const pkg = readPackage(pkgDir);
      if (pkg && pkg.exports !== undefined && pkg.exports !== null) {
        return checkFile(exportsTarget(pkgDir, pkg.exports, subpath, parentPath),
          specifier, parentURL);
      }
      if (subpath === '.') {
        const main = legacyMain(pkgDir, pkg, parentPath);
        if (main) return checkFile(main, specifier, parentURL);
      } else {
        return checkFile(path.join(pkgDir, subpath), specifier, parentURL);
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const err = new Error(`Cannot find package '${name}' imported from ${parentPath}`);
  err.code = 'ERR_MODULE_NOT_FOUND';
  throw err;
}

function resolve(specifier, parentURL) {
  const builtins = require;
  if (specifier.startsWith('node:')) {
    if (!builtins.canBeRequiredByUsers(specifier)) {
      throw new codes.ERR_UNKNOWN_BUILTIN_MODULE(specifier);
    }
    return specifier;
  }
  if (specifier.startsWith('file:')) {
    // url.fileURLToPath's checks (a host other than localhost is an error),
    // the error naming the URL and its importer as Node's finalizeResolution.
    const fileURL = new URL(specifier);
    let file;
    try {
      file = require('url').fileURLToPath(fileURL);
    } catch (err) {
      for (const [key, value] of [['input', fileURL.href], ['module', parentURL]]) {
        Object.defineProperty(err, key, { value, writable: true, enumerable: true, configurable: true });
      }
      throw err;
    }
    return checkFile(file, specifier, parentURL);
  }
  if (specifier.startsWith('/') || isRelative(specifier)) {
    // (URL resolution: a parent URL ending in / is a directory.)
    const base = !parentURL.startsWith('file:') ? process.cwd() :
      parentURL.endsWith('/') ? fileHrefToPath(parentURL) : path.dirname(fileHrefToPath(parentURL));
    const target = specifier.startsWith('/') ? specifier : path.resolve(base, specifier);
    let p = decodeURIComponent(target);
    if (specifier.endsWith('/')) p += '/';
    return checkFile(p, specifier, parentURL);
  }
  if (specifier.startsWith('data:')) return new URL(specifier).href;
  if (/^[a-zA-Z][a-zA-Z+.-]*:/.test(specifier)) {
    throw new codes.ERR_UNSUPPORTED_ESM_URL_SCHEME(specifier.slice(0, specifier.indexOf(':') + 1));
  }
  if (builtins.canBeRequiredByUsers(specifier)) return `node:${specifier}`;
  return resolvePackage(specifier, parentURL);
}

// As Node's loader, a specifier resolved once from a module resolves the
// same way again (even when the file has gone since).
// With customization hooks registered, their resolve chain answers (and
// may give the format load is to start from).
const hooks = require('internal/modules/hooks');
const loadHints = new Map(); // url -> { format, attributes } load starts from

function resolveCached(specifier, parentURL, attributes) {
  const key = `${parentURL}\0${specifier}`;
  let url = resolved.get(key);
  if (url === undefined) {
    if (hooks.active()) {
      const out = hooks.resolve(specifier, parentURL, attributes);
      url = out.url;
      loadHints.set(url, { format: out.format ?? undefined,
        attributes: out.importAttributes ?? attributes ?? {} });
    } else {
      url = resolve(specifier, parentURL);
    }
    // (Node asks the hooks every time: a hook may answer differently.)
    if (!hooks.active()) resolved.set(key, url);
  }
  return url;
}

// --- loading ------------------------------------------------------------------

// Whether Node runs the entry point `file` through the ES module loader: an
// ES module, or any file of a "type": "module" scope that is not .cjs (an
// unknown extension then fails there).
function isESMEntry(file) {
  const format = formatOf(file);
  return format === 'module' || (format === null && isModuleScope(file));
}

// data: URLs (Node's esm/load.js and get_format.js): the media type gives
// the format; the body is percent-decoded, then base64-decoded when marked.
const dataURLPattern = /^([^/]+\/[^,;]+)(?:[^,]*?)(;base64)?,([\s\S]*)$/;
const javascriptMime = /^\s*(text|application)\/javascript\s*(;\s*charset=utf-?8\s*)?$/i;

function dataURLSource(url) {
  const match = dataURLPattern.exec(new URL(url).pathname);
  if (!match) throw new codes.ERR_INVALID_URL(url);
  const body = decodeURIComponent(match[3]);
  const source = match[2] ? Buffer.from(body, 'base64').toString() : body;
  let format = null;
  if (javascriptMime.test(match[1])) format = 'module';
  else if (match[1] === 'application/json') format = 'json';
  return { format, source, mime: match[1] };
}

function formatOfURL(url) {
  if (url.startsWith('node:')) return 'builtin';
  if (url.startsWith('data:')) return dataURLSource(url).format;
  return formatOf(fileHrefToPath(url));
}

// Node's check of an import's attributes against the format of what it
// imports. Node caches a failed load under the URL and the `type`: a later
// import with the same type fails the same way.
const failedAttributes = new Map();

function checkAttributes(url, attributes) {
  if (hooks.active()) return; // (the default load hook checks them)
  const key = `${url}\0${attributes && attributes.type}`;
  const failed = failedAttributes.get(key);
  if (failed) throw failed;
  try {
    validateAttributes(url, formatOfURL(url), attributes || undefined);
  } catch (err) {
    failedAttributes.set(key, err);
    throw err;
  }
}

// A JSON file shares require()'s cache, as in Node: an import sees what
// require() loaded (and changes made to it), and a later require() gets the
// object the import parsed.
function jsonFileExports(file) {
  const Module = require('internal/modules/cjs');
  const cached = Module._cache[file];
  if (cached && cached.loaded) return cached.exports;
  const parsed = JSON.parse(fsBinding.readFileUtf8(file));
  const module = new Module(file, null);
  module.filename = file;
  module.exports = parsed;
  module.loaded = true;
  Module._cache[file] = module;
  return parsed;
}

// The names a CommonJS module exports, found statically as Node does (with
// cjs-module-lexer), following re-exports (module.exports = require(...)).
function cjsExportNames(file, seen = new Set()) {
  const names = new Set();
  if (seen.has(file)) return names;
  seen.add(file);
  let parsed;
  try {
    parsed = require('vendor/cjs-module-lexer/lexer').parse(fsBinding.readFileUtf8(file));
  } catch {
    return names;
  }
  for (const n of parsed.exports) names.add(n);
  const Module = require('internal/modules/cjs');
  for (const spec of parsed.reexports) {
    let target;
    try {
      target = Module._resolveFilename(spec, { filename: file, paths: Module._nodeModulePaths(path.dirname(file)) });
    } catch {
      continue;
    }
    if (!target.startsWith('/') || formatOf(target) !== 'commonjs') continue;
    for (const n of cjsExportNames(target, seen)) names.add(n);
  }
  return names;
}

// default is module.exports; named exports are the lexer's names that
// module.exports really has.
function syntheticFrom(url, exports, names) {
  const values = { default: exports };
  const all = ['default'];
  for (const n of names) {
    if (n === 'default') continue;
    all.push(n);
    if (exports !== null && exports !== undefined &&
        Object.prototype.hasOwnProperty.call(exports, n)) {
      try {
        values[n] = exports[n];
      } catch {}
    }
  }
  return moduleBinding.syntheticModule(url, all, values);
}

function builtinNames(exports) {
  return exports !== null && (typeof exports === 'object' || typeof exports === 'function') ?
    Object.keys(exports) : [];
}

// module.syncBuiltinESMExports(): each named export of a built-in imported
// so far takes the value its exports object has now (undefined once deleted).
const builtinRecords = [];

function syncBuiltinESMExports() {
  for (let i = 0; i < builtinRecords.length; i++) {
    const { wrapper, exports, names } = builtinRecords[i];
    if (moduleBinding.status(wrapper) !== kEvaluated) continue;
    for (let j = 0; j < names.length; j++) {
      const name = names[j];
      if (name === 'default') continue;
      const value = Object.prototype.hasOwnProperty.call(exports, name) ?
        Reflect.get(exports, name, exports) : undefined;
      moduleBinding.setSyntheticExport(wrapper, name, value);
    }
  }
}

// A module wrapper's own data property (never a setter user code put on
// Object.prototype).
function setOwn(wrapper, key, value) {
  Object.defineProperty(wrapper, key, { value, writable: true, configurable: true });
}

// V8's module statuses (sh_module_status).
const kInstantiated = 2;
const kEvaluating = 3;
const kEvaluated = 4;
const kErrored = 5;

// The module record of `url`, created, and its dependencies linked, when
// new. `forRequire` is the set of records created by the require() being
// linked, or undefined for import: a require()d graph may not reach a module
// that is being linked or evaluated outside it (ERR_REQUIRE_CYCLE_MODULE).
function getModule(url, forRequire) {
  let wrapper = records.get(url);
  if (wrapper) return wrapper;
  if (hooks.active()) return loadHooked(url, forRequire);
  if (url.startsWith('node:')) {
    const exports = require(url.slice(5));
    const names = builtinNames(exports);
    wrapper = syntheticFrom(url, exports, names);
    records.set(url, wrapper);
    builtinRecords.push({ wrapper, exports, names });
    return wrapper;
  }
  const data = url.startsWith('data:') ? dataURLSource(url) : undefined;
  const file = data ? url : fileHrefToPath(url);
  const format = data ? data.format : formatOf(file);
  if (format === 'module') {
    if (compileErrors.has(url)) throw compileErrors.get(url);
    const source = data ? data.source : fsBinding.readFileUtf8(file);
    try {
      wrapper = moduleBinding.compileModule(withToAssert(source), url);
    } catch (err) {
      // Node keeps the failed job: importing it again rejects with this error.
      compileErrors.set(url, err);
      throw err;
    }
    if (forRequire) forRequire.add(wrapper);
    return recordAndLink(wrapper, url, forRequire);
  }
  if (format === 'json') {
    wrapper = syntheticFrom(url, data ? JSON.parse(data.source) : jsonFileExports(file), []);
  } else if (format === 'commonjs') {
    const Module = require('internal/modules/cjs');
    const names = cjsExportNames(file);
    // (Node's loader reads the source itself under --experimental-default-type=module.)
    const exports = defaultTypeModule() ?
      Module[Symbol.for('shoal.cjs.loadSourceForImport')](file, fsBinding.readFileUtf8(file), url === mainURL) :
      Module[Symbol.for('shoal.cjs.exportsForImport')](file, url === mainURL);
    wrapper = syntheticFrom(url, exports, names);
  } else if (data) {
    throw new codes.ERR_UNKNOWN_MODULE_FORMAT(data.mime, url);
  } else {
    throw new codes.ERR_UNKNOWN_FILE_EXTENSION(path.extname(file), file);
  }
  setOwn(wrapper, 'url', url);
  records.set(url, wrapper);
  return wrapper;
}

// A compiled source text module, cached under `url` and linked.
function recordAndLink(wrapper, url, forRequire) {
  setOwn(wrapper, 'url', url);
  setOwn(wrapper, 'links', Object.create(null));
  records.set(url, wrapper);
  setOwn(wrapper, 'linking', true);
  try {
    linkRequests(wrapper, forRequire);
  } catch (err) {
    // Not cached half-linked: importing it again reports the same error.
    records.delete(url);
    throw err;
  } finally {
    wrapper.linking = false;
  }
  return wrapper;
}

// A module record from what the load hooks return for `url`.
function sourceText(source) {
  return typeof source === 'string' ? source : Buffer.from(source).toString();
}

function loadHooked(url, forRequire) {
  const hint = loadHints.get(url) || {};
  const { format, source } = hooks.load(url, hint.format, hint.attributes);
  let wrapper;
  if (format === 'builtin') {
    // (node:os?query is node:os, as in Node.)
    const id = url.replace(/^node:/, '').replace(/[?#].*$/, '');
    const exports = require(id);
    const names = builtinNames(exports);
    wrapper = syntheticFrom(url, exports, names);
    builtinRecords.push({ wrapper, exports, names });
  } else if (format === 'module') {
    wrapper = moduleBinding.compileModule(withToAssert(sourceText(source)), url);
    return recordAndLink(wrapper, url, forRequire);
  } else if (format === 'json') {
    wrapper = syntheticFrom(url, source == null && url.startsWith('file:') ?
      jsonFileExports(fileHrefToPath(url)) : JSON.parse(sourceText(source)), []);
  } else if (format === 'commonjs') {
    const Module = require('internal/modules/cjs');
    const file = fileHrefToPath(url);
    let exports;
    if (source == null) {
      exports = Module[Symbol.for('shoal.cjs.exportsForImport')](file, url === mainURL);
    } else {
      exports = Module[Symbol.for('shoal.cjs.loadSourceForImport')](file, sourceText(source), url === mainURL);
    }
    wrapper = syntheticFrom(url, exports, source == null ? cjsExportNames(file) : []);
  } else {
    throw new codes.ERR_UNKNOWN_MODULE_FORMAT(format, url);
  }
  setOwn(wrapper, 'url', url);
  records.set(url, wrapper);
  return wrapper;
}

function linkRequests(wrapper, forRequire) {
  const requests = moduleBinding.moduleRequests(wrapper);
  // (An index loop: user code may have deleted Array iteration.)
  for (let i = 0; i < requests.length; i++) {
    const spec = requests[i][0];
    const attributes = requests[i][1];
    const url = resolveCached(spec, wrapper.url, attributes);
    checkAttributes(url, attributes);
    const dep = getModule(url, forRequire);
    if (forRequire && !forRequire.has(dep) &&
        (dep.linking || moduleBinding.status(dep) === kEvaluating)) {
      throw new codes.ERR_REQUIRE_CYCLE_MODULE(`Cannot import Module ${spec} in a cycle. ` +
        `(from ${fileHrefToPath(wrapper.url)})`);
    }
    wrapper.links[spec] = dep;
  }
}

// Node's module_job: a missing named export of a CommonJS module gets a
// hint to import the default export instead, built from the importing line
// (the error's source position).
function decorateLinkError(err) {
  if (!(err instanceof SyntaxError)) return;
  const m = /module '(.*)' does not provide an export named '(.+)'/.exec(err.message);
  if (!m) return;
  let pos;
  try {
    pos = moduleBinding.getErrorSource(err);
  } catch {
    return;
  }
  if (!pos || !pos.file || pos.sourceLine === undefined) return;
  let childURL;
  try {
    childURL = resolve(m[1], pos.file);
  } catch {
    return;
  }
  if (!childURL.startsWith('file:') || formatOf(fileHrefToPath(childURL)) !== 'commonjs') return;
  const named = /{.*}/.exec(pos.sourceLine);
  const destructuring = named && named[0].replace(/\s+as\s+/g, ': ');
  err.message = `Named export '${m[2]}' not found. The requested module '${m[1]}' is a ` +
    'CommonJS module, which may not support all module.exports as named exports.\nCommonJS ' +
    'modules can always be imported via the default export, for example using:\n\n' +
    `import pkg from '${m[1]}';\n${destructuring ? `const ${destructuring} = pkg;\n` : ''}`;
  const lines = err.stack.split('\n');
  const at = lines.findIndex((l) => l.startsWith('    at '));
  err.stack = [`SyntaxError: ${err.message}`].concat(at === -1 ? [] : lines.slice(at)).join('\n');
}

// Node's module_job: a ReferenceError for a CommonJS global in an ES module
// says so, and for a .js file of a "type": "module" scope how to make it
// CommonJS.
const cjsGlobalLike = ['require', 'module', 'exports', '__filename', '__dirname'];
const decorated = new WeakSet(); // (an error reaches every importer of the module)

function decorateEvaluationError(err, url) {
  if (!(err instanceof ReferenceError) ||
      !cjsGlobalLike.some((name) => err.message === `${name} is not defined`) ||
      decorated.has(err)) return;
  decorated.add(err);
  const original = err.message;
  err.message += ' in ES module scope';
  if (err.message.startsWith('require ')) err.message += ', you can use import instead';
  if (url.startsWith('file://') && /\.js(\?[^#]*)?(#.*)?$/.test(url)) {
    const scope = readPackageScope(fileHrefToPath(url));
    if (scope && scope.pkg.type === 'module') {
      err.message += '\nThis file is being treated as an ES module because it has a ' +
        `'.js' file extension and '${path.join(scope.dir, 'package.json')}' contains ` +
        '"type": "module". To treat it as a CommonJS script, rename it to use the ' +
        "'.cjs' file extension.";
    }
  }
  if (typeof err.stack === 'string') err.stack = err.stack.replace(original, err.message);
}

// Loads, links and evaluates `url`; resolves to its namespace.
function importURL(url) {
  const wrapper = getModule(url);
  if (moduleBinding.status(wrapper) < kInstantiated) {
    try {
      moduleBinding.instantiate(wrapper);
    } catch (err) {
      decorateLinkError(err);
      throw err;
    }
  }
  let evaluated;
  try {
    evaluated = moduleBinding.evaluate(wrapper);
  } catch (err) {
    decorateEvaluationError(err, url);
    throw err;
  }
  return Promise.resolve(evaluated).then(() => moduleBinding.namespace(wrapper), (err) => {
    decorateEvaluationError(err, url);
    throw err;
  });
}

// --- require(esm) -------------------------------------------------------------

function requireCycle(file, parentFile) {
  return new codes.ERR_REQUIRE_CYCLE_MODULE(`Cannot require() ES Module ${file} in a cycle.` +
    `${parentFile ? ` (from ${parentFile})` : ''} A cycle involving require(esm) is not ` +
    'allowed to maintain invariants mandated by the ECMAScript specification. Try making at ' +
    'least part of the dependency in the graph lazily loaded.');
}

// require() of the ES module `file` from the CommonJS module `parentFile`
// (may be undefined), as Node 20.19+ does: the graph is linked, instantiated
// and evaluated synchronously, in the same records import uses. A graph with
// a top-level await cannot be: ERR_REQUIRE_ASYNC_MODULE. Returns the
// namespace.
function requireModuleNamespace(file, parentFile) {
  const url = pathToFileHref(file);
  let wrapper = records.get(url);
  if (wrapper === undefined) {
    wrapper = getModule(url, new Set());
  } else if (wrapper.linking) {
    throw requireCycle(file, parentFile);
  }
  const status = moduleBinding.status(wrapper);
  if (status === kErrored) throw moduleBinding.exception(wrapper);
  if (status === kEvaluating) throw requireCycle(file, parentFile);
  if (status < kInstantiated) moduleBinding.instantiate(wrapper);
  // Also when import() evaluated it already (or is still awaiting), as Node.
  if (moduleBinding.graphAsync(wrapper) === 1) {
    throw new codes.ERR_REQUIRE_ASYNC_MODULE(file, parentFile);
  }
  if (status === kEvaluated) return moduleBinding.namespace(wrapper);
  return moduleBinding.evaluateSync(wrapper);
}

// What require() returns for an ES module: its "module.exports" export when
// it has one; else, when it has a default export, its namespace plus
// __esModule: true (what transpiled CommonJS checks), through a facade module
// that keeps the bindings live; else the namespace itself.
const facadeSource = "export * from 'original';\nexport { default } from 'original';\n" +
  'export const __esModule = true;\n';

function requireModule(file, parentFile) {
  const namespace = requireModuleNamespace(file, parentFile);
  const has = (name) => Object.prototype.hasOwnProperty.call(namespace, name);
  if (has('module.exports')) return namespace['module.exports'];
  if (!has('default') || has('__esModule')) return namespace;
  const facade = moduleBinding.compileModule(facadeSource, pathToFileHref(file));
  setOwn(facade, 'url', pathToFileHref(file));
  setOwn(facade, 'links', { __proto__: null, original: records.get(facade.url) });
  moduleBinding.instantiate(facade);
  return moduleBinding.evaluateSync(facade);
}

function referrerURL(referrer) {
  if (typeof referrer !== 'string' || referrer === '') return pathToFileHref(path.join(process.cwd(), 'noop.js'));
  if (referrer.startsWith('file:') || referrer.startsWith('node:')) return referrer;
  if (referrer.startsWith('/')) return pathToFileHref(referrer);
  return pathToFileHref(path.join(process.cwd(), 'noop.js'));
}

// Never inside the import() call: the caller's synchronous code (and a
// module importing itself while it is being evaluated) finishes first. An
// ES module or JSON file not loaded yet is loaded from a later loop turn
// (setImmediate), as Node's loader reads their source asynchronously: the
// caller's process.nextTick callbacks and promise jobs all run before its
// code. Built-ins, CommonJS and loaded modules take only promise jobs.
function importDynamic(specifier, referrer, attributes) {
  return Promise.resolve().then(() => {
    // No script or module (code eval'd from a promise job): the realm has no
    // import callback in Node.
    if (referrer === undefined) throw new codes.ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING();
    const url = resolveCached(String(specifier), referrerURL(referrer), attributes);
    checkAttributes(url, attributes);
    if (records.has(url) || url.startsWith('node:') || url.startsWith('data:') ||
        formatOf(fileHrefToPath(url)) === 'commonjs') {
      return importURL(url);
    }
    // Evaluated from a promise job after the turn, as in Node.
    return new Promise((done) => require('timers').setImmediate(done)).then(() => importURL(url));
  });
}

function initializeImportMeta(wrapper, meta) {
  const url = wrapper.url;
  // Node's order: dirname, filename, resolve, url.
  if (url.startsWith('file:')) {
    const filename = fileHrefToPath(url);
    meta.dirname = path.dirname(filename);
    meta.filename = filename;
  }
  meta.resolve = (specifier) => (hooks.active() ?
    hooks.resolve(String(specifier), url, {}).url : resolve(String(specifier), url));
  meta.url = url;
}

// Runs the main entry point as an ES module. A top-level await that never
// settles ends the process with code 13 and, as in Node 20.20, no message.
function runMainESM(file) {
  mainURL = pathToFileHref(file);
  runMainURL(mainURL);
}

function defaultTypeModule() {
  return require('internal/modules/run_main').defaultType() === 'module';
}

// The entry point when customization hooks are registered or --import
// preloads modules: as Node, each --import first (from the cwd), then the
// entry point's file URL through the hooks, CommonJS included.
let mainURL;

function runImports(imports) {
  const parent = `${pathToFileHref(process.cwd())}/`;
  let chain = Promise.resolve();
  for (const spec of imports) {
    chain = chain.then(() => importURL(resolveCached(spec, parent, {})));
  }
  return chain;
}

function runMainWithHooks(file, imports) {
  process.on('exit', handleProcessExit);
  runImports(imports).then(() => {
    if (file === undefined) return undefined;
    mainURL = hooks.active() ? resolveCached(pathToFileHref(file), undefined, {}) :
      pathToFileHref(file);
    return importURL(mainURL);
  }).then(() => {
    mainSettled = true;
  }, (err) => {
    mainSettled = true;
    require('internal/fatal').onUncaught(err);
  });
}

let mainSettled = false;
// As Node's handleProcessExit: process.exit() removes it (an explicit exit
// during the top-level await keeps its code).
function handleProcessExit(code) {
  if (!mainSettled && code === 0) process.exitCode = 13;
}

function runMainURL(url) {
  process.on('exit', handleProcessExit);
  Promise.resolve().then(() => importURL(url)).then(() => {
    mainSettled = true;
  }, (err) => {
    mainSettled = true;
    require('internal/fatal').onUncaught(err);
  });
}

// Imports an entry point (the program's, or a shoal worker's app); resolves
// to the namespace. Evaluated from a promise job, as Node's loader does: at
// the module's top level its promise jobs run before its process.nextTick
// callbacks.
function importFile(file) {
  return Promise.resolve().then(() => importURL(pathToFileHref(file)));
}

// --eval / stdin code as an ES module (--input-type=module), as Node: its
// URL is file://CWD/[evalN], so relative specifiers resolve from the cwd.
let evalIndex = 0;
function runEvalModule(source) {
  const url = `${pathToFileHref(process.cwd())}/[eval${++evalIndex}]`;
  const wrapper = moduleBinding.compileModule(withToAssert(source), url);
  setOwn(wrapper, 'url', url);
  setOwn(wrapper, 'links', Object.create(null));
  records.set(url, wrapper);
  try {
    linkRequests(wrapper);
  } catch (err) {
    records.delete(url);
    throw err;
  }
  runMainURL(url);
}

module.exports = {
  importFile, requireModule, syncBuiltinESMExports, runEvalModule, handleProcessExit,
  resolve, importDynamic, importURL, formatOfURL, dataURLSource, runMainWithHooks, runImports, initializeImportMeta, runMainESM, formatOf, isESMEntry, pathToFileHref,
  fileHrefToPath,
};
