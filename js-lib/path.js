'use strict';
// path: POSIX path manipulation, matching Node 20's `path.posix` exactly.
//
// Known gap: `path.win32` is not a real Windows implementation. It is an
// object with Windows' `sep`/`delimiter` whose methods use POSIX semantics.

// ---------------------------------------------------------------------------
// Errors (Node-style ERR_INVALID_ARG_TYPE).

// util.inspect's choice of quotes for a string.
function quoteString(s) {
  if (!s.includes("'")) return `'${s}'`;
  if (!s.includes('"')) return `"${s}"`;
  if (!s.includes('`') && !s.includes('${')) return `\`${s}\``;
  return `'${s.replace(/'/g, "\\'")}'`;
}

function describeReceived(value) {
  if (value == null) return ` Received ${value}`;
  if (typeof value === 'function') return ` Received function ${value.name}`;
  if (typeof value === 'object') {
    if (value.constructor && value.constructor.name) {
      return ` Received an instance of ${value.constructor.name}`;
    }
    return ' Received [Object: null prototype]';
  }
  if (typeof value === 'string' && value.length > 28) value = `${value.slice(0, 25)}...`;
  const shown = typeof value === 'string' ? quoteString(value) :
    typeof value === 'bigint' ? `${value}n` : String(value);
  return ` Received type ${typeof value} (${shown})`;
}

function invalidArgType(name, type, value) {
  const err = new TypeError(`The "${name}" argument must be of type ${type}.${describeReceived(value)}`);
  Object.defineProperty(err, 'name', { value: 'TypeError [ERR_INVALID_ARG_TYPE]', configurable: true, writable: true });
  err.stack; // eslint-disable-line no-unused-expressions -- capture "TypeError [CODE]" in the stack
  delete err.name;
  err.code = 'ERR_INVALID_ARG_TYPE';
  return err;
}

function validateString(value, name) {
  if (typeof value !== 'string') throw invalidArgType(name, 'string', value);
}

function validateObject(value, name) {
  if (value === null || typeof value !== 'object') throw invalidArgType(name, 'object', value);
}

// ---------------------------------------------------------------------------
// Core helper: resolve '.' and '..' segments and collapse repeated slashes.
// The result never has a leading or trailing slash. With allowAboveRoot,
// leading '..' segments that can't be resolved are kept.

function normalizeString(path, allowAboveRoot) {
  let res = '';
  let lastSegmentLength = 0;
  let lastSlash = -1;
  let dots = 0;
  let ch;
  for (let i = 0; i <= path.length; ++i) {
    if (i < path.length) ch = path[i];
    else if (ch === '/') break;
    else ch = '/';

    if (ch === '/') {
      if (lastSlash === i - 1 || dots === 1) {
        // Empty segment or '.': nothing to do.
      } else if (dots === 2) {
        // '..': pop the previous segment if there is a real one.
        if (res.length < 2 || lastSegmentLength !== 2 ||
            res[res.length - 1] !== '.' || res[res.length - 2] !== '.') {
          if (res.length > 2) {
            const lastSlashIndex = res.lastIndexOf('/');
            if (lastSlashIndex === -1) {
              res = '';
              lastSegmentLength = 0;
            } else {
              res = res.slice(0, lastSlashIndex);
              lastSegmentLength = res.length - 1 - res.lastIndexOf('/');
            }
            lastSlash = i;
            dots = 0;
            continue;
          } else if (res.length !== 0) {
            res = '';
            lastSegmentLength = 0;
            lastSlash = i;
            dots = 0;
            continue;
          }
        }
        if (allowAboveRoot) {
          res += res.length > 0 ? '/..' : '..';
          lastSegmentLength = 2;
        }
      } else {
        const segment = path.slice(lastSlash + 1, i);
        res += res.length > 0 ? `/${segment}` : segment;
        lastSegmentLength = i - lastSlash - 1;
      }
      lastSlash = i;
      dots = 0;
    } else if (ch === '.' && dots !== -1) {
      ++dots;
    } else {
      dots = -1;
    }
  }
  return res;
}

function posixCwd() {
  return process.cwd();
}

// ---------------------------------------------------------------------------
// Public API.

function resolve(...args) {
  let resolvedPath = '';
  let resolvedAbsolute = false;

  // Walk right to left until an absolute path is formed; fall back to cwd.
  for (let i = args.length - 1; i >= -1 && !resolvedAbsolute; i--) {
    const path = i >= 0 ? args[i] : posixCwd();
    validateString(path, `paths[${i}]`);
    if (path.length === 0) continue;
    resolvedPath = `${path}/${resolvedPath}`;
    resolvedAbsolute = path[0] === '/';
  }

  resolvedPath = normalizeString(resolvedPath, !resolvedAbsolute);
  if (resolvedAbsolute) return `/${resolvedPath}`;
  return resolvedPath.length > 0 ? resolvedPath : '.';
}

function normalize(path) {
  validateString(path, 'path');
  if (path.length === 0) return '.';

  const absolute = path[0] === '/';
  const trailingSeparator = path[path.length - 1] === '/';

  path = normalizeString(path, !absolute);
  if (path.length === 0) {
    if (absolute) return '/';
    return trailingSeparator ? './' : '.';
  }
  if (trailingSeparator) path += '/';
  return absolute ? `/${path}` : path;
}

function isAbsolute(path) {
  validateString(path, 'path');
  return path.length > 0 && path[0] === '/';
}

function join(...args) {
  if (args.length === 0) return '.';
  let joined;
  for (let i = 0; i < args.length; ++i) {
    const arg = args[i];
    validateString(arg, 'path');
    if (arg.length > 0) joined = joined === undefined ? arg : `${joined}/${arg}`;
  }
  if (joined === undefined) return '.';
  return normalize(joined);
}

function relative(from, to) {
  validateString(from, 'from');
  validateString(to, 'to');
  if (from === to) return '';

  from = resolve(from);
  to = resolve(to);
  if (from === to) return '';

  // Both are absolute: compare after the leading '/'.
  const fromStart = 1;
  const fromEnd = from.length;
  const fromLen = fromEnd - fromStart;
  const toStart = 1;
  const toLen = to.length - toStart;

  const length = fromLen < toLen ? fromLen : toLen;
  let lastCommonSep = -1;
  let i = 0;
  for (; i < length; i++) {
    const fromCode = from[fromStart + i];
    if (fromCode !== to[toStart + i]) break;
    if (fromCode === '/') lastCommonSep = i;
  }
  if (i === length) {
    if (toLen > length) {
      if (to[toStart + i] === '/') {
        // `from` is a directory prefix of `to`: '/foo/bar' -> '/foo/bar/baz'.
        return to.slice(toStart + i + 1);
      }
      if (i === 0) {
        // `from` is the root.
        return to.slice(toStart + i);
      }
    } else if (fromLen > length) {
      if (from[fromStart + i] === '/') {
        // `to` is a directory prefix of `from`.
        lastCommonSep = i;
      } else if (i === 0) {
        // `to` is the root.
        lastCommonSep = 0;
      }
    }
  }

  let out = '';
  // One '..' for every remaining segment of `from`.
  for (i = fromStart + lastCommonSep + 1; i <= fromEnd; ++i) {
    if (i === fromEnd || from[i] === '/') out += out.length === 0 ? '..' : '/..';
  }
  return `${out}${to.slice(toStart + lastCommonSep)}`;
}

function toNamespacedPath(path) {
  // Only meaningful on Windows.
  return path;
}

function dirname(path) {
  validateString(path, 'path');
  if (path.length === 0) return '.';
  const hasRoot = path[0] === '/';
  let end = -1;
  let matchedSlash = true;
  for (let i = path.length - 1; i >= 1; --i) {
    if (path[i] === '/') {
      if (!matchedSlash) {
        end = i;
        break;
      }
    } else {
      matchedSlash = false;
    }
  }
  if (end === -1) return hasRoot ? '/' : '.';
  if (hasRoot && end === 1) return '//';
  return path.slice(0, end);
}

function basename(path, suffix) {
  if (suffix !== undefined) validateString(suffix, 'suffix');
  validateString(path, 'path');

  let start = 0;
  let end = -1;
  let matchedSlash = true;

  if (suffix !== undefined && suffix.length > 0 && suffix.length <= path.length) {
    if (suffix === path) return '';
    let extIdx = suffix.length - 1;
    let firstNonSlashEnd = -1;
    for (let i = path.length - 1; i >= 0; --i) {
      const ch = path[i];
      if (ch === '/') {
        if (!matchedSlash) {
          start = i + 1;
          break;
        }
      } else {
        if (firstNonSlashEnd === -1) {
          matchedSlash = false;
          firstNonSlashEnd = i + 1;
        }
        if (extIdx >= 0) {
          // Try to match the suffix backwards.
          if (ch === suffix[extIdx]) {
            if (--extIdx === -1) end = i;
          } else {
            extIdx = -1;
            end = firstNonSlashEnd;
          }
        }
      }
    }
    if (start === end) end = firstNonSlashEnd;
    else if (end === -1) end = path.length;
    return path.slice(start, end);
  }

  for (let i = path.length - 1; i >= 0; --i) {
    if (path[i] === '/') {
      if (!matchedSlash) {
        start = i + 1;
        break;
      }
    } else if (end === -1) {
      matchedSlash = false;
      end = i + 1;
    }
  }
  if (end === -1) return '';
  return path.slice(start, end);
}

// Shared scan for extname()/parse(): locate the last segment and its dot.
// Returns { startDot, startPart, end, preDotState }.
function scanLastSegment(path, stop) {
  let startDot = -1;
  let startPart = 0;
  let end = -1;
  let matchedSlash = true;
  // preDotState: 0 = no non-dot char seen before the dot yet,
  // 1 = only dots seen, -1 = a non-dot char seen.
  let preDotState = 0;
  for (let i = path.length - 1; i >= stop; --i) {
    const ch = path[i];
    if (ch === '/') {
      if (!matchedSlash) {
        startPart = i + 1;
        break;
      }
      continue;
    }
    if (end === -1) {
      matchedSlash = false;
      end = i + 1;
    }
    if (ch === '.') {
      if (startDot === -1) startDot = i;
      else if (preDotState !== 1) preDotState = 1;
    } else if (startDot !== -1) {
      preDotState = -1;
    }
  }
  return { startDot, startPart, end, preDotState };
}

function noExtension(s) {
  return s.startDot === -1 || s.end === -1 ||
    s.preDotState === 0 || // e.g. '.foo': leading dot only
    (s.preDotState === 1 && s.startDot === s.end - 1 && s.startDot === s.startPart + 1); // '..'
}

function extname(path) {
  validateString(path, 'path');
  const s = scanLastSegment(path, 0);
  if (noExtension(s)) return '';
  return path.slice(s.startDot, s.end);
}

function formatExt(ext) {
  return ext ? `${ext[0] === '.' ? '' : '.'}${ext}` : '';
}

function format(pathObject) {
  validateObject(pathObject, 'pathObject');
  const dir = pathObject.dir || pathObject.root;
  const base = pathObject.base || `${pathObject.name || ''}${formatExt(pathObject.ext)}`;
  if (!dir) return base;
  return dir === pathObject.root ? `${dir}${base}` : `${dir}/${base}`;
}

function parse(path) {
  validateString(path, 'path');
  const ret = { root: '', dir: '', base: '', ext: '', name: '' };
  if (path.length === 0) return ret;
  const absolute = path[0] === '/';
  let start;
  if (absolute) {
    ret.root = '/';
    start = 1;
  } else {
    start = 0;
  }
  const s = scanLastSegment(path, start);
  if (s.end !== -1) {
    const begin = s.startPart === 0 && absolute ? 1 : s.startPart;
    if (noExtension(s)) {
      ret.base = ret.name = path.slice(begin, s.end);
    } else {
      ret.name = path.slice(begin, s.startDot);
      ret.base = path.slice(begin, s.end);
      ret.ext = path.slice(s.startDot, s.end);
    }
  }
  if (s.startPart > 0) ret.dir = path.slice(0, s.startPart - 1);
  else if (absolute) ret.dir = '/';
  return ret;
}

// ---------------------------------------------------------------------------
// matchesGlob (experimental in Node 20). A compact glob matcher supporting
// `*`, `**`, `?`, `[...]`, `[!...]` and `{a,b}`; dot-files are only matched
// by patterns that spell the dot. Known gap: not a full minimatch.

let globWarned = false;

function globToRegExpSource(glob) {
  let src = '';
  let i = 0;
  let braceDepth = 0;
  const atSegmentStart = () => i === 0 || glob[i - 1] === '/';
  while (i < glob.length) {
    const ch = glob[i];
    if (ch === '*') {
      if (glob[i + 1] === '*' && atSegmentStart() && (i + 2 === glob.length || glob[i + 2] === '/')) {
        // '**' matches any number of non-dot segments.
        const last = i + 2 === glob.length;
        src += last ? '(?:(?!\\.)[^/]*(?:/(?!\\.)[^/]*)*)?' : '(?:(?!\\.)[^/]*/)*';
        i += last ? 2 : 3;
        continue;
      }
      src += (atSegmentStart() ? '(?!\\.)' : '') + '[^/]*';
      while (glob[i] === '*') i++;
      continue;
    }
    if (ch === '?') {
      src += (atSegmentStart() ? '(?!\\.)' : '') + '[^/]';
    } else if (ch === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) {
        src += '\\[';
      } else {
        let body = glob.slice(i + 1, close);
        let negate = false;
        if (body[0] === '!' || body[0] === '^') {
          negate = true;
          body = body.slice(1);
        }
        body = body.replace(/[\\\]]/g, '\\$&');
        src += negate ? `[^/${body}]` : `[${body}]`;
        i = close;
      }
    } else if (ch === '{') {
      braceDepth++;
      src += '(?:';
    } else if (ch === '}' && braceDepth > 0) {
      braceDepth--;
      src += ')';
    } else if (ch === ',' && braceDepth > 0) {
      src += '|';
    } else if (ch === '\\' && i + 1 < glob.length) {
      i++;
      src += glob[i].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else {
      src += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
    i++;
  }
  return src;
}

function matchesGlob(path, pattern) {
  validateString(path, 'path');
  validateString(pattern, 'pattern');
  if (!globWarned && typeof process === 'object' && process && typeof process.emitWarning === 'function') {
    globWarned = true;
    process.emitWarning('glob is an experimental feature and might change at any time',
                        'ExperimentalWarning');
  }
  return new RegExp(`^${globToRegExpSource(pattern)}$`).test(path);
}

// ---------------------------------------------------------------------------
// Exports: the module is `path.posix`; `path.win32` is a placeholder.

const posix = {
  resolve,
  normalize,
  isAbsolute,
  join,
  relative,
  toNamespacedPath,
  dirname,
  basename,
  extname,
  format,
  parse,
  matchesGlob,
  sep: '/',
  delimiter: ':',
  win32: null,
  posix: null,
  _makeLong: toNamespacedPath,
};

// Known gap: Windows semantics are not implemented.
const win32 = { ...posix, sep: '\\', delimiter: ';' };

posix.win32 = win32.win32 = win32;
posix.posix = win32.posix = posix;

module.exports = posix;
