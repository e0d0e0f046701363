'use strict';
// package.json reading (cached) and the package "exports" / "imports"
// resolution shared by the CommonJS and ES module loaders.

const fsBinding = internalBinding('fs');
const path = require('path');
const { codes } = require('internal/errors');

const cache = new Map(); // path of package.json -> parsed object | null

function readPackage(dir) {
  const file = path.join(dir, 'package.json');
  if (cache.has(file)) return cache.get(file);
  let pkg = null;
  if (fsBinding.internalModuleStat(file) === 0) {
    const text = fsBinding.readFileUtf8(file);
    try {
      pkg = JSON.parse(text);
    } catch (err) {
      err.path = file;
      err.message = `Error parsing ${file}: ${err.message}`;
      throw err;
    }
    if (pkg === null || typeof pkg !== 'object') pkg = {};
  }
  cache.set(file, pkg);
  return pkg;
}

// The nearest package.json above `file` (for "type" and self-reference).
function readPackageScope(file) {
  let dir = path.dirname(file);
  for (;;) {
    if (path.basename(dir) === 'node_modules') return null;
    const pkg = readPackage(dir);
    if (pkg) return { dir, pkg };
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function isConditionalSugar(exports) {
  if (typeof exports === 'string' || Array.isArray(exports)) return true;
  if (exports === null || typeof exports !== 'object') return false;
  const keys = Object.keys(exports);
  return keys.length === 0 || !keys[0].startsWith('.');
}

// Resolves `target` (from an "exports" value) with `conditions`. Returns a
// path relative to the package ("./lib/x.js"), null when excluded, or
// undefined when no condition matched.
function resolveTarget(target, subpathRest, conditions) {
  if (typeof target === 'string') {
    if (!target.startsWith('./')) return undefined;
    return subpathRest === undefined ? target : target.split('*').join(subpathRest);
  }
  if (Array.isArray(target)) {
    for (const t of target) {
      const r = resolveTarget(t, subpathRest, conditions);
      if (r !== undefined) return r;
    }
    return undefined;
  }
  if (target === null) return null;
  if (typeof target === 'object') {
    for (const key of Object.keys(target)) {
      if (key === 'default' || conditions.includes(key)) {
        const r = resolveTarget(target[key], subpathRest, conditions);
        if (r !== undefined) return r;
      }
    }
  }
  return undefined;
}

// subpath: "." or "./feature". Returns an absolute path, or throws
// ERR_PACKAGE_PATH_NOT_EXPORTED.
function resolveExports(pkgDir, exports, subpath, conditions) {
  const map = isConditionalSugar(exports) ? { '.': exports } : exports;
  let resolved;
  if (Object.prototype.hasOwnProperty.call(map, subpath) && !subpath.includes('*')) {
    resolved = resolveTarget(map[subpath], undefined, conditions);
  } else {
    let bestKey = '';
    let bestRest;
    for (const key of Object.keys(map)) {
      const star = key.indexOf('*');
      if (star === -1) continue;
      const prefix = key.slice(0, star);
      const suffix = key.slice(star + 1);
      if (subpath.startsWith(prefix) && subpath !== prefix && subpath.endsWith(suffix) &&
          subpath.length >= key.length && key.length > bestKey.length) {
        bestKey = key;
        bestRest = subpath.slice(prefix.length, subpath.length - suffix.length);
      }
    }
    if (bestKey) resolved = resolveTarget(map[bestKey], bestRest, conditions);
  }
  if (resolved === undefined || resolved === null) {
    throw new codes.ERR_PACKAGE_PATH_NOT_EXPORTED(`${pkgDir}/`, subpath);
  }
  return path.resolve(pkgDir, resolved);
}

// Splits a bare specifier into package name and subpath ("./x" or ".").
function parsePackageName(specifier) {
  let end = specifier.indexOf('/');
  if (specifier.startsWith('@')) {
    end = end === -1 ? -1 : specifier.indexOf('/', end + 1);
  }
  const name = end === -1 ? specifier : specifier.slice(0, end);
  const subpath = end === -1 ? '.' : `.${specifier.slice(end)}`;
  return { name, subpath };
}

// Node's get_format.js for a file: .js and extensionless files take their
// package scope's "type"; another extension Node does not know is null
// (ERR_UNKNOWN_FILE_EXTENSION when imported). Here, not in the ES module
// loader: a cluster worker learns that its CommonJS app is one without
// loading that loader.
const extensionFormats = { __proto__: null, '.mjs': 'module', '.cjs': 'commonjs', '.json': 'json',
  '.node': 'addon' };

function isModuleScope(file) {
  const scope = readPackageScope(file);
  return Boolean(scope && scope.pkg.type === 'module');
}

function formatOf(file) {
  const ext = path.extname(file);
  if (ext === '.js' || ext === '') return isModuleScope(file) ? 'module' : 'commonjs';
  return extensionFormats[ext] || null;
}

module.exports = {
  readPackage, readPackageScope, resolveExports, parsePackageName, isModuleScope, formatOf,
};
