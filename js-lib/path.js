'use strict';
// path: POSIX (`path.posix`, the module itself) and Windows (`path.win32`)
// path manipulation, matching Node 20's observable behaviour.
const { validateString, validateObject } = require('internal/validators');
const { invalidArgType } = require('internal/errors');

// ---------------------------------------------------------------------------
// Errors (Node-style ERR_INVALID_ARG_TYPE).






// ---------------------------------------------------------------------------
// Core helper: resolve '.' and '..' segments and collapse repeated slashes.
// The result never has a leading or trailing slash. With allowAboveRoot,
// leading '..' segments that can't be resolved are kept.

function isPosixSep(ch) {
  return ch === '/';
}

function isWinSep(ch) {
  return ch === '/' || ch === '\\';
}

function normalizeString(path, allowAboveRoot, sep = '/', isSep = isPosixSep) {
  let res = '';
  let lastSegmentLength = 0;
  let lastSlash = -1;
  let dots = 0;
  let ch;
  for (let i = 0; i <= path.length; ++i) {
    if (i < path.length) ch = path[i];
    else if (isSep(ch)) break;
    else ch = '/';

    if (isSep(ch)) {
      if (lastSlash === i - 1 || dots === 1) {
        // Empty segment or '.': nothing to do.
      } else if (dots === 2) {
        // '..': pop the previous segment if there is a real one.
        if (res.length < 2 || lastSegmentLength !== 2 ||
            res[res.length - 1] !== '.' || res[res.length - 2] !== '.') {
          if (res.length > 2) {
            const lastSlashIndex = res.lastIndexOf(sep);
            if (lastSlashIndex === -1) {
              res = '';
              lastSegmentLength = 0;
            } else {
              res = res.slice(0, lastSlashIndex);
              lastSegmentLength = res.length - 1 - res.lastIndexOf(sep);
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
          res += res.length > 0 ? `${sep}..` : '..';
          lastSegmentLength = 2;
        }
      } else {
        const segment = path.slice(lastSlash + 1, i);
        res += res.length > 0 ? `${sep}${segment}` : segment;
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

// basename() of both flavours: the last segment of path from `start` on
// (past a Windows drive), separators as isSep says, without suffix.
function lastSegment(path, suffix, start, isSep) {
  let end = -1;
  let matchedSlash = true;

  if (suffix !== undefined && suffix.length > 0 && suffix.length <= path.length) {
    if (suffix === path) return '';
    let extIdx = suffix.length - 1;
    let firstNonSlashEnd = -1;
    for (let i = path.length - 1; i >= start; --i) {
      const ch = path[i];
      if (isSep(ch)) {
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

  for (let i = path.length - 1; i >= start; --i) {
    if (isSep(path[i])) {
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

function basename(path, suffix) {
  if (suffix !== undefined) validateString(suffix, 'suffix');
  validateString(path, 'path');
  return lastSegment(path, suffix, 0, isPosixSep);
}

// Shared scan for extname()/parse(): locate the last segment and its dot.
// Returns { startDot, startPart, end, preDotState }.
function scanLastSegment(path, stop, isSep = isPosixSep, startPart = 0) {
  let startDot = -1;
  let end = -1;
  let matchedSlash = true;
  // preDotState: 0 = no non-dot char seen before the dot yet,
  // 1 = only dots seen, -1 = a non-dot char seen.
  let preDotState = 0;
  for (let i = path.length - 1; i >= stop; --i) {
    const ch = path[i];
    if (isSep(ch)) {
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
// Windows paths (`path.win32`). Both '\\' and '/' separate; roots are a
// drive ('C:' or 'C:\\'), a UNC share ('\\\\server\\share\\') or a single
// separator. Output always uses '\\'.

function isDriveLetter(ch) {
  return ch !== undefined && ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z'));
}

function hasDrive(path) {
  return isDriveLetter(path[0]) && path[1] === ':';
}

// Match a UNC prefix at the start of `path` (which begins with two
// separators). Returns null, or { server, share, end } where `end` is the
// index after the share name.
function matchUNC(path) {
  const len = path.length;
  let j = 2;
  while (j < len && !isWinSep(path[j])) j++;
  if (j >= len || j === 2) return null;
  const server = path.slice(2, j);
  let last = j;
  while (j < len && isWinSep(path[j])) j++;
  if (j >= len || j === last) return null;
  last = j;
  while (j < len && !isWinSep(path[j])) j++;
  return { server, share: path.slice(last, j), end: j };
}

// Device names Windows reserves in every directory ('CON:' etc.).
const WIN_RESERVED = new Set(['CON', 'PRN', 'AUX', 'NUL',
  'COM1', 'COM2', 'COM3', 'COM4', 'COM5', 'COM6', 'COM7', 'COM8', 'COM9',
  'LPT1', 'LPT2', 'LPT3', 'LPT4', 'LPT5', 'LPT6', 'LPT7', 'LPT8', 'LPT9',
  'COM\u00b9', 'COM\u00b2', 'COM\u00b3', 'LPT\u00b9', 'LPT\u00b2', 'LPT\u00b3']);

// Root of a path for resolve(): { device, rootEnd, absolute }.
function winRoot(path) {
  const len = path.length;
  const first = path[0];
  if (len === 1) {
    return isWinSep(first) ? { device: '', rootEnd: 1, absolute: true } : { device: '', rootEnd: 0, absolute: false };
  }
  if (isWinSep(first)) {
    if (isWinSep(path[1])) {
      const unc = matchUNC(path);
      if (unc !== null) {
        // '\\\\?\\...' and '\\\\.\\...' are device namespaces, not servers.
        if (unc.server === '.' || unc.server === '?') return { device: `\\\\${unc.server}`, rootEnd: 4, absolute: true };
        return { device: `\\\\${unc.server}\\${unc.share}`, rootEnd: unc.end, absolute: true };
      }
      return { device: '', rootEnd: 0, absolute: true };
    }
    return { device: '', rootEnd: 1, absolute: true };
  }
  if (hasDrive(path)) {
    if (len > 2 && isWinSep(path[2])) return { device: path.slice(0, 2), rootEnd: 3, absolute: true };
    return { device: path.slice(0, 2), rootEnd: 2, absolute: false };
  }
  return { device: '', rootEnd: 0, absolute: false };
}

function winResolve(...args) {
  let device = '';
  let tail = '';
  let absolute = false;

  for (let i = args.length - 1; i >= -1; i--) {
    let path;
    if (i >= 0) {
      path = args[i];
      validateString(path, `paths[${i}]`);
      if (path.length === 0) continue;
    } else if (device.length === 0) {
      path = process.cwd();
    } else {
      // A drive-relative path: use that drive's cwd (the '=C:' environment
      // variable) if known, else the process cwd unless it is on another
      // drive, in which case the drive root.
      const env = typeof process === 'object' && process && process.env;
      path = (env && env[`=${device}`]) || process.cwd();
      if (path === undefined ||
          (path.slice(0, 2).toLowerCase() !== device.toLowerCase() && path[2] === '\\')) {
        path = `${device}\\`;
      }
    }

    const root = winRoot(path);
    if (root.device.length > 0) {
      if (device.length > 0) {
        // Another device: not applicable.
        if (root.device.toLowerCase() !== device.toLowerCase()) continue;
      } else {
        device = root.device;
      }
    }

    if (absolute) {
      if (device.length > 0) break;
    } else {
      tail = `${path.slice(root.rootEnd)}\\${tail}`;
      absolute = root.absolute;
      if (absolute && device.length > 0) break;
    }
  }

  tail = normalizeString(tail, !absolute, '\\', isWinSep);
  return absolute ? `${device}\\${tail}` : `${device}${tail}` || '.';
}

function winNormalize(path) {
  validateString(path, 'path');
  const len = path.length;
  if (len === 0) return '.';
  if (len === 1) return path === '/' ? '\\' : path;

  let rootEnd = 0;
  let device;
  let absolute = false;
  const first = path[0];

  if (isWinSep(first)) {
    absolute = true;
    if (isWinSep(path[1])) {
      const unc = matchUNC(path);
      if (unc !== null) {
        if (unc.server === '.' || unc.server === '?') {
          device = `\\\\${unc.server}`;
          rootEnd = 4;
        } else {
          if (unc.end === len) return `\\\\${unc.server}\\${unc.share}\\`;
          device = `\\\\${unc.server}\\${unc.share}`;
          rootEnd = unc.end;
        }
      }
    } else {
      rootEnd = 1;
    }
  } else if (hasDrive(path)) {
    device = path.slice(0, 2);
    rootEnd = 2;
    if (len > 2 && isWinSep(path[2])) {
      absolute = true;
      rootEnd = 3;
    }
  } else {
    // 'CON:...' and friends: keep the device name as a relative root.
    // (Like Node, without a ':' this looks at all but the last character.)
    const colon = path.indexOf(':');
    if (WIN_RESERVED.has(path.slice(0, colon).toUpperCase())) {
      device = `.\\${path.slice(0, colon + 1)}`;
      rootEnd = colon + 1;
    }
  }

  let tail = rootEnd < len ? normalizeString(path.slice(rootEnd), !absolute, '\\', isWinSep) : '';
  if (tail.length === 0 && !absolute) tail = '.';
  if (tail.length > 0 && isWinSep(path[len - 1])) tail += '\\';

  if (!absolute && device === undefined && path.includes(':')) {
    // Never let a relative path turn into something Windows would read as
    // a drive or stream-qualified absolute path.
    if (hasDrive(tail)) return `.\\${tail}`;
    for (let idx = path.indexOf(':'); idx !== -1; idx = path.indexOf(':', idx + 1)) {
      if (idx === len - 1 || isWinSep(path[idx + 1])) return `.\\${tail}`;
    }
  }

  if (device === undefined) return absolute ? `\\${tail}` : tail;
  return absolute ? `${device}\\${tail}` : `${device}${tail}`;
}

function winIsAbsolute(path) {
  validateString(path, 'path');
  const len = path.length;
  if (len === 0) return false;
  return isWinSep(path[0]) || (len > 2 && hasDrive(path) && isWinSep(path[2]));
}

function winJoin(...args) {
  if (args.length === 0) return '.';
  let joined;
  let firstPart;
  for (let i = 0; i < args.length; ++i) {
    const arg = args[i];
    validateString(arg, 'path');
    if (arg.length > 0) {
      if (joined === undefined) joined = firstPart = arg;
      else joined += `\\${arg}`;
    }
  }
  if (joined === undefined) return '.';

  // Collapse leading separators so normalize() doesn't take the result for
  // a UNC path, unless the first part clearly is one ('\\\\server...').
  let collapse = true;
  let slashes = 0;
  if (isWinSep(firstPart[0])) {
    slashes++;
    if (firstPart.length > 1 && isWinSep(firstPart[1])) {
      slashes++;
      if (firstPart.length > 2) {
        if (isWinSep(firstPart[2])) slashes++;
        else collapse = false;
      }
    }
  }
  if (collapse) {
    while (slashes < joined.length && isWinSep(joined[slashes])) slashes++;
    if (slashes >= 2) joined = `\\${joined.slice(slashes)}`;
  }
  return winNormalize(joined);
}

function winRelative(from, to) {
  validateString(from, 'from');
  validateString(to, 'to');
  if (from === to) return '';

  const fromOrig = winResolve(from);
  const toOrig = winResolve(to);
  if (fromOrig === toOrig) return '';

  from = fromOrig.toLowerCase();
  to = toOrig.toLowerCase();
  if (from === to) return '';

  // Ignore leading and (for UNC roots) trailing backslashes.
  let fromStart = 0;
  while (fromStart < from.length && from[fromStart] === '\\') fromStart++;
  let fromEnd = from.length;
  while (fromEnd - 1 > fromStart && from[fromEnd - 1] === '\\') fromEnd--;
  const fromLen = fromEnd - fromStart;

  let toStart = 0;
  while (toStart < to.length && to[toStart] === '\\') toStart++;
  let toEnd = to.length;
  while (toEnd - 1 > toStart && to[toEnd - 1] === '\\') toEnd--;
  const toLen = toEnd - toStart;

  const length = fromLen < toLen ? fromLen : toLen;
  let lastCommonSep = -1;
  let i = 0;
  for (; i < length; i++) {
    const ch = from[fromStart + i];
    if (ch !== to[toStart + i]) break;
    if (ch === '\\') lastCommonSep = i;
  }

  if (i !== length) {
    // Different before any common separator (e.g. other drive): absolute.
    if (lastCommonSep === -1) return toOrig;
  } else {
    if (toLen > length) {
      if (to[toStart + i] === '\\') return toOrig.slice(toStart + i + 1); // from is a prefix dir of to
      if (i === 2) return toOrig.slice(toStart + i); // from is a drive root
    }
    if (fromLen > length) {
      if (from[fromStart + i] === '\\') lastCommonSep = i; // to is a prefix dir of from
      else if (i === 2) lastCommonSep = 3; // to is a drive root
    }
    if (lastCommonSep === -1) lastCommonSep = 0;
  }

  let out = '';
  for (i = fromStart + lastCommonSep + 1; i <= fromEnd; ++i) {
    if (i === fromEnd || from[i] === '\\') out += out.length === 0 ? '..' : '\\..';
  }

  toStart += lastCommonSep;
  if (out.length > 0) return `${out}${toOrig.slice(toStart, toEnd)}`;
  if (toOrig[toStart] === '\\') ++toStart;
  return toOrig.slice(toStart, toEnd);
}

function winToNamespacedPath(path) {
  if (typeof path !== 'string' || path.length === 0) return path;
  const resolved = winResolve(path);
  if (resolved.length <= 2) return path;
  if (resolved[0] === '\\') {
    if (resolved[1] === '\\' && resolved[2] !== '?' && resolved[2] !== '.') {
      return `\\\\?\\UNC\\${resolved.slice(2)}`;
    }
  } else if (hasDrive(resolved) && resolved[2] === '\\') {
    return `\\\\?\\${resolved}`;
  }
  return resolved;
}

function winDirname(path) {
  validateString(path, 'path');
  const len = path.length;
  if (len === 0) return '.';
  if (len === 1) return isWinSep(path[0]) ? path : '.';

  let rootEnd = -1;
  let offset = 0;
  if (isWinSep(path[0])) {
    rootEnd = offset = 1;
    if (isWinSep(path[1])) {
      const unc = matchUNC(path);
      if (unc !== null) {
        if (unc.end === len) return path; // just a UNC root
        rootEnd = offset = unc.end + 1;
      }
    }
  } else if (hasDrive(path)) {
    rootEnd = offset = len > 2 && isWinSep(path[2]) ? 3 : 2;
  }

  let end = -1;
  let matchedSlash = true;
  for (let i = len - 1; i >= offset; --i) {
    if (isWinSep(path[i])) {
      if (!matchedSlash) {
        end = i;
        break;
      }
    } else {
      matchedSlash = false;
    }
  }
  if (end === -1) {
    if (rootEnd === -1) return '.';
    end = rootEnd;
  }
  return path.slice(0, end);
}

function winBasename(path, suffix) {
  if (suffix !== undefined) validateString(suffix, 'suffix');
  validateString(path, 'path');
  // A drive prefix is never part of the base name.
  return lastSegment(path, suffix, path.length >= 2 && hasDrive(path) ? 2 : 0, isWinSep);
}

function winExtname(path) {
  validateString(path, 'path');
  const start = path.length >= 2 && hasDrive(path) ? 2 : 0;
  const s = scanLastSegment(path, start, isWinSep, start);
  if (noExtension(s)) return '';
  return path.slice(s.startDot, s.end);
}

function winFormat(pathObject) {
  validateObject(pathObject, 'pathObject');
  const dir = pathObject.dir || pathObject.root;
  const base = pathObject.base || `${pathObject.name || ''}${formatExt(pathObject.ext)}`;
  if (!dir) return base;
  return dir === pathObject.root ? `${dir}${base}` : `${dir}\\${base}`;
}

function winParse(path) {
  validateString(path, 'path');
  const ret = { root: '', dir: '', base: '', ext: '', name: '' };
  const len = path.length;
  if (len === 0) return ret;
  if (len === 1) {
    if (isWinSep(path[0])) ret.root = ret.dir = path;
    else ret.base = ret.name = path;
    return ret;
  }

  let rootEnd = 0;
  if (isWinSep(path[0])) {
    rootEnd = 1;
    if (isWinSep(path[1])) {
      const unc = matchUNC(path);
      if (unc !== null) {
        if (unc.end === len) rootEnd = unc.end;
        else rootEnd = unc.end + 1;
      }
    }
  } else if (hasDrive(path)) {
    if (len <= 2 || (len === 3 && isWinSep(path[2]))) {
      ret.root = ret.dir = path;
      return ret;
    }
    rootEnd = isWinSep(path[2]) ? 3 : 2;
  }
  if (rootEnd > 0) ret.root = path.slice(0, rootEnd);

  const s = scanLastSegment(path, rootEnd, isWinSep, rootEnd);
  if (s.end !== -1) {
    if (noExtension(s)) {
      ret.base = ret.name = path.slice(s.startPart, s.end);
    } else {
      ret.name = path.slice(s.startPart, s.startDot);
      ret.base = path.slice(s.startPart, s.end);
      ret.ext = path.slice(s.startDot, s.end);
    }
  }
  // A root directory keeps its trailing separator ('C:\\abc' -> 'C:\\').
  if (s.startPart > 0 && s.startPart !== rootEnd) ret.dir = path.slice(0, s.startPart - 1);
  else ret.dir = ret.root;
  return ret;
}

// Known gap: glob matching on win32 just treats '\\' in the path as '/'.
function winMatchesGlob(path, pattern) {
  validateString(path, 'path');
  validateString(pattern, 'pattern');
  return matchesGlob(path.replace(/\\/g, '/'), pattern.replace(/\\/g, '/'));
}

// ---------------------------------------------------------------------------
// Exports: the module is `path.posix`.

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

const win32 = {
  resolve: winResolve,
  normalize: winNormalize,
  isAbsolute: winIsAbsolute,
  join: winJoin,
  relative: winRelative,
  toNamespacedPath: winToNamespacedPath,
  dirname: winDirname,
  basename: winBasename,
  extname: winExtname,
  format: winFormat,
  parse: winParse,
  matchesGlob: winMatchesGlob,
  sep: '\\',
  delimiter: ';',
  win32: null,
  posix: null,
  _makeLong: winToNamespacedPath,
};

// Node's function names: win32's match posix's; format is a bound helper.
for (const key of Object.keys(win32)) {
  if (typeof win32[key] === 'function') {
    const name = key === '_makeLong' ? 'toNamespacedPath' : key;
    Object.defineProperty(win32[key], 'name', { value: name, configurable: true });
  }
}
Object.defineProperty(format, 'name', { value: 'bound _format', configurable: true });
Object.defineProperty(winFormat, 'name', { value: 'bound _format', configurable: true });

posix.win32 = win32.win32 = win32;
posix.posix = win32.posix = posix;

module.exports = posix;
