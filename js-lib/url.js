'use strict';
// url: WHATWG URL API (from internal/url) plus Node's legacy API:
// url.parse(), url.format(), url.resolve(), url.resolveObject() and the Url
// class. The legacy parser is deliberately lenient and quirky; its output
// (field by field) follows Node 20.
const { invalidArgType, makeError } = require('internal/errors');

const {
  URL,
  URLSearchParams,
  isURL,
  fileURLToPath,
  pathToFileURL,
  formatURL,
  domainToASCII,
  domainToUnicode,
  urlToHttpOptions,
  punycodeEncode,
} = require('internal/url');

let querystringModule;
function qs() {
  if (querystringModule === undefined) querystringModule = require('querystring');
  return querystringModule;
}





function invalidUrl(input) {
  const err = makeError(TypeError, 'ERR_INVALID_URL', 'Invalid URL');
  err.input = input;
  return err;
}

// ---------------------------------------------------------------------------
// Protocol tables.

const SLASHED = new Set(['http', 'http:', 'https', 'https:', 'ftp', 'ftp:', 'gopher', 'gopher:',
  'file', 'file:', 'ws', 'ws:', 'wss', 'wss:']);
// Protocols that never have a host (the `//` is part of the path).
const HOSTLESS = new Set(['javascript', 'javascript:']);
// Protocols whose remainder is not auto-escaped.
const NO_ESCAPE = new Set(['javascript', 'javascript:']);

const PROTOCOL_RE = /^[a-z0-9.+-]+:/i;
const PORT_RE = /:[0-9]*$/;
const AUTH_HOST_RE = /^\/\/[^@/]+@[^@/]+/;
const SIMPLE_PATH_RE = /^(\/\/?(?!\/)[^?\s]*)(\?[^\s]*)?$/;
const BAD_HOST_CHARS = /[\0\t\n\r #%/:<>?@[\\\]^|]/;
const BAD_IPV6_HOST_CHARS = /[\0\t\n\r #%/<>?@\\^|]/;
const MAX_HOSTNAME = 255;

// Characters escaped in the part after the host even though some
// encoders would leave them alone.
const AUTO_ESCAPE = {
  '\t': '%09', '\n': '%0A', '\r': '%0D', ' ': '%20', '"': '%22', "'": '%27',
  '<': '%3C', '>': '%3E', '\\': '%5C', '^': '%5E', '`': '%60', '{': '%7B', '|': '%7C', '}': '%7D',
};
const AUTO_ESCAPE_RE = /[\t\n\r "'<>\\^`{|}]/g;

function isTrimmable(code) {
  return code <= 0x20 || code === 0xa0 || code === 0xfeff;
}

// Characters that end the host part, and those that may not be in it.
function isHostEnd(ch) {
  return ch === '/' || ch === '?' || ch === '#';
}
const NON_HOST = new Set([' ', '"', '%', "'", ';', '<', '>', '\\', '^', '`', '{', '|', '}']);

// Lenient IDNA ToASCII (UTS #46 approximated by NFKC + lower-casing, no
// STD3 rules, no IPv4 parsing). Returns '' on failure.
function normalizeNFKC(s) {
  try {
    return s.normalize('NFKC');
  } catch {
    return s;
  }
}

function legacyToASCII(domain) {
  let d = domain;
  const nonAscii = /[^\x00-\x7f]/.test(d);
  if (!nonAscii && !/xn--/i.test(d)) return d.toLowerCase();
  if (nonAscii) {
    if (/[\u200c\u200d]/.test(d)) return '';
    d = d.replace(/[\u00ad\u034f\u180b-\u180d\u200b\u2060\ufe00-\ufe0f\ufeff]/g, '');
    d = normalizeNFKC(d).replace(/[\u3002\uff0e\uff61]/g, '.');
    if (/[\x80-\x9f]/.test(d)) return '';
  }
  d = d.toLowerCase();
  const labels = d.split('.');
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (label.startsWith('xn--')) {
      const body = label.slice(4);
      if (body === '' || /[^\x00-\x7f]/.test(body)) return '';
      if (!validPunycode(body)) return '';
    } else if (/[^\x00-\x7f]/.test(label)) {
      labels[i] = `xn--${punycodeEncode(label)}`;
    }
  }
  return labels.join('.');
}

// Whether `s` decodes as RFC 3492 punycode to at least one non-ASCII char.
function validPunycode(s) {
  let basic = s.lastIndexOf('-');
  if (basic < 0) basic = 0;
  let outLen = basic;
  let n = 128;
  let i = 0;
  let bias = 72;
  let sawNonBasic = false;
  for (let index = basic > 0 ? basic + 1 : 0; index < s.length;) {
    const oldi = i;
    for (let w = 1, k = 36; ; k += 36) {
      if (index >= s.length) return false;
      const c = s.charCodeAt(index++);
      const digit = c >= 48 && c < 58 ? c - 22 : c >= 97 && c < 123 ? c - 97 : c >= 65 && c < 91 ? c - 65 : 36;
      if (digit >= 36) return false;
      i += digit * w;
      const t = k <= bias ? 1 : (k >= bias + 26 ? 26 : k - bias);
      if (digit < t) break;
      w *= 36 - t;
    }
    let delta = oldi === 0 ? Math.floor((i - oldi) / 700) : (i - oldi) >> 1;
    delta += Math.floor(delta / (outLen + 1));
    let k = 0;
    while (delta > 455) {
      delta = Math.floor(delta / 35);
      k += 36;
    }
    bias = k + Math.floor((36 * delta) / (delta + 38));
    n += Math.floor(i / (outLen + 1));
    if (n > 0x10ffff) return false;
    i %= outLen + 1;
    i++;
    outLen++;
    sawNonBasic = true;
  }
  return sawNonBasic;
}

// Percent-encode everything except A-Z a-z 0-9 - _ . ! ~ * ' ( ) and ':'.
function escapeAuth(auth) {
  return encodeURIComponent(auth).replace(/%3A/g, ':');
}

let invalidPortWarned = false;

// ---------------------------------------------------------------------------
// The Url object.

function Url() {
  this.protocol = null;
  this.slashes = null;
  this.auth = null;
  this.host = null;
  this.port = null;
  this.hostname = null;
  this.hash = null;
  this.search = null;
  this.query = null;
  this.pathname = null;
  this.path = null;
  this.href = null;
}

function emptyQuery() {
  return { __proto__: null };
}

// Trim surrounding whitespace and turn backslashes that come before the
// first '?' or '#' into forward slashes.
function preprocess(input) {
  let start = 0;
  let end = input.length;
  while (start < end && isTrimmable(input.charCodeAt(start))) start++;
  while (end > start && isTrimmable(input.charCodeAt(end - 1))) end--;
  let out = '';
  let sawHash = false;
  let sawAt = false;
  let split = false;
  let last = start;
  for (let i = start; i < end; i++) {
    const ch = input[i];
    if (!split) {
      if (ch === '@') {
        sawAt = true;
      } else if (ch === '#' || ch === '?') {
        if (ch === '#') sawHash = true;
        split = true;
      } else if (ch === '\\') {
        out += `${input.slice(last, i)}/`;
        last = i + 1;
      }
    } else if (ch === '#') {
      sawHash = true;
    }
  }
  out += input.slice(last, end);
  return { rest: out, sawHash, sawAt };
}

Url.prototype.parse = function parse(url, parseQueryString, slashesDenoteHost) {
  if (typeof url !== 'string') throw invalidArgType('url', 'of type string', url);

  let { rest, sawHash, sawAt } = preprocess(url);

  // Fast path for plain paths ('/a/b?c').
  if (!slashesDenoteHost && !sawHash && !sawAt) {
    const m = SIMPLE_PATH_RE.exec(rest);
    if (m !== null) {
      this.path = rest;
      this.href = rest;
      this.pathname = m[1];
      if (m[2]) {
        this.search = m[2];
        this.query = parseQueryString ? qs().parse(m[2].slice(1)) : m[2].slice(1);
      } else if (parseQueryString) {
        this.search = null;
        this.query = emptyQuery();
      }
      return this;
    }
  }

  let protoMatch = PROTOCOL_RE.exec(rest);
  let proto;
  let lowerProto;
  if (protoMatch !== null) {
    proto = protoMatch[0];
    lowerProto = proto.toLowerCase();
    this.protocol = lowerProto;
    rest = rest.slice(proto.length);
  }

  let slashes;
  if (slashesDenoteHost || proto || AUTH_HOST_RE.test(rest)) {
    slashes = rest[0] === '/' && rest[1] === '/';
    if (slashes && !(proto && HOSTLESS.has(lowerProto))) {
      rest = rest.slice(2);
      this.slashes = true;
    }
  }

  if (!HOSTLESS.has(lowerProto) && (slashes || (proto && !SLASHED.has(proto)))) {
    // The authority runs up to the first '/', '?' or '#'. The last '@'
    // before that separates the credentials; characters that cannot be in
    // a host name end the host early (unless an '@' comes after them).
    let hostEnd = -1;
    let at = -1;
    let nonHost = -1;
    for (let i = 0; i < rest.length; i++) {
      const ch = rest[i];
      if (ch === '\t' || ch === '\n' || ch === '\r') {
        // Dropped from the authority, as the WHATWG parser does.
        rest = rest.slice(0, i) + rest.slice(i + 1);
        i--;
      } else if (isHostEnd(ch)) {
        if (nonHost === -1) nonHost = i;
        hostEnd = i;
        break;
      } else if (ch === '@') {
        at = i;
        nonHost = -1;
      } else if (NON_HOST.has(ch)) {
        if (nonHost === -1) nonHost = i;
      }
    }
    let hostStart = 0;
    if (at !== -1) {
      this.auth = decodeURIComponent(rest.slice(0, at));
      hostStart = at + 1;
    }
    if (nonHost === -1) {
      this.host = rest.slice(hostStart);
      rest = '';
    } else {
      this.host = rest.slice(hostStart, nonHost);
      rest = rest.slice(nonHost);
    }

    this.parseHost();
    if (typeof this.hostname !== 'string') this.hostname = '';
    let hostname = this.hostname;
    const ipv6 = hostname.length > 1 && hostname[0] === '[' && hostname[hostname.length - 1] === ']';

    if (!ipv6) {
      // Anything from a '/', '\\', '#', '?' or ':' on is not host name.
      for (let i = 0; i < hostname.length; i++) {
        const ch = hostname[i];
        if (ch === '/' || ch === '\\' || ch === '#' || ch === '?' || ch === ':') {
          if (ch === ':' && !invalidPortWarned && typeof process === 'object' && process &&
              typeof process.emitWarning === 'function') {
            invalidPortWarned = true;
            process.emitWarning(`The URL ${url} is invalid. Future versions of Node.js will throw an error.`,
                                'DeprecationWarning', 'DEP0170');
          }
          this.hostname = hostname.slice(0, i);
          rest = `/${hostname.slice(i)}${rest}`;
          break;
        }
      }
    }

    if (this.hostname.length > MAX_HOSTNAME) this.hostname = '';
    else this.hostname = this.hostname.toLowerCase();

    if (this.hostname !== '') {
      if (ipv6) {
        if (BAD_IPV6_HOST_CHARS.test(this.hostname)) throw invalidUrl(url);
      } else {
        this.hostname = legacyToASCII(this.hostname);
        if (this.hostname === '' || BAD_HOST_CHARS.test(this.hostname)) throw invalidUrl(url);
      }
    }

    hostname = this.hostname || '';
    this.host = hostname + (this.port ? `:${this.port}` : '');
    if (ipv6) {
      this.hostname = hostname.slice(1, -1);
      if (rest[0] !== '/') rest = `/${rest}`;
    }
  }

  if (!NO_ESCAPE.has(lowerProto)) rest = rest.replace(AUTO_ESCAPE_RE, (c) => AUTO_ESCAPE[c]);

  let question = -1;
  let hash = -1;
  for (let i = 0; i < rest.length; i++) {
    const ch = rest[i];
    if (ch === '#') {
      this.hash = rest.slice(i);
      hash = i;
      break;
    } else if (ch === '?' && question === -1) {
      question = i;
    }
  }

  if (question !== -1) {
    const queryEnd = hash === -1 ? rest.length : hash;
    this.search = rest.slice(question, queryEnd);
    this.query = rest.slice(question + 1, queryEnd);
    if (parseQueryString) this.query = qs().parse(this.query);
  } else if (parseQueryString) {
    this.search = null;
    this.query = emptyQuery();
  }

  const pathEnd = question !== -1 ? question : hash;
  if (pathEnd === -1) {
    if (rest.length > 0) this.pathname = rest;
  } else if (pathEnd > 0) {
    this.pathname = rest.slice(0, pathEnd);
  }
  if (SLASHED.has(lowerProto) && this.hostname && !this.pathname) this.pathname = '/';

  if (this.pathname || this.search) this.path = (this.pathname || '') + (this.search || '');

  this.href = this.format();
  return this;
};

Url.prototype.format = function format() {
  let auth = this.auth || '';
  if (auth) auth = `${escapeAuth(auth)}@`;

  let protocol = this.protocol || '';
  let pathname = this.pathname || '';
  let hash = this.hash || '';
  let host = '';
  let query = '';

  if (this.host) {
    host = auth + this.host;
  } else if (this.hostname) {
    const hn = this.hostname;
    const bracketed = hn.length > 1 && hn[0] === '[' && hn[hn.length - 1] === ']';
    host = auth + (hn.includes(':') && !bracketed ? `[${hn}]` : hn);
    if (this.port) host += `:${this.port}`;
  }

  if (this.query !== null && typeof this.query === 'object') query = qs().stringify(this.query);

  let search = this.search || (query && `?${query}`) || '';

  if (protocol && protocol[protocol.length - 1] !== ':') protocol += ':';

  pathname = pathname.replace(/[#?]/g, (c) => (c === '#' ? '%23' : '%3F'));

  if (this.slashes || SLASHED.has(protocol)) {
    if (this.slashes || host) {
      if (pathname && pathname[0] !== '/') pathname = `/${pathname}`;
      host = `//${host}`;
    } else if (protocol.length >= 4 && protocol.slice(0, 4).toLowerCase() === 'file') {
      host = '//';
    }
  }

  search = search.replace(/#/g, '%23');
  if (hash && hash[0] !== '#') hash = `#${hash}`;
  if (search && search[0] !== '?') search = `?${search}`;
  return protocol + host + pathname + search + hash;
};

Url.prototype.resolve = function resolve(relative) {
  return this.resolveObject(parse(relative, false, true)).format();
};

function copyFields(target, source, skip) {
  for (const key of Object.keys(source)) {
    if (key !== skip) target[key] = source[key];
  }
}

function setPath(result) {
  if (result.pathname !== null || result.search !== null) {
    result.path = (result.pathname ? result.pathname : '') + (result.search ? result.search : '');
  }
}

// Move "user@host" found in a host back into auth/host.
function splitAuthFromHost(result) {
  const at = result.host ? result.host.indexOf('@') : -1;
  if (at > 0) {
    const parts = result.host.split('@');
    result.auth = parts[0];
    result.host = result.hostname = parts[1];
  }
}

Url.prototype.resolveObject = function resolveObject(relative) {
  if (typeof relative === 'string') {
    const rel = new Url();
    rel.parse(relative, false, true);
    relative = rel;
  }

  const result = new Url();
  copyFields(result, this);

  // The fragment always comes from the relative URL, even when empty.
  result.hash = relative.hash;

  if (relative.href === '') {
    result.href = result.format();
    return result;
  }

  // '//host/path': keep only the protocol.
  if (relative.slashes && !relative.protocol) {
    copyFields(result, relative, 'protocol');
    if (SLASHED.has(result.protocol) && result.hostname && !result.pathname) {
      result.path = result.pathname = '/';
    }
    result.href = result.format();
    return result;
  }

  if (relative.protocol && relative.protocol !== result.protocol) {
    if (!SLASHED.has(relative.protocol)) {
      copyFields(result, relative);
      result.href = result.format();
      return result;
    }
    result.protocol = relative.protocol;
    if (!relative.host && !/^file:?$/.test(relative.protocol) && !HOSTLESS.has(relative.protocol)) {
      // 'http:foo/bar' relative to something else: 'foo' becomes the host.
      const segments = (relative.pathname || '').split('/');
      while (segments.length && !(relative.host = segments.shift()));
      if (!relative.host) relative.host = '';
      if (!relative.hostname) relative.hostname = '';
      if (segments[0] !== '') segments.unshift('');
      if (segments.length < 2) segments.unshift('');
      result.pathname = segments.join('/');
    } else {
      result.pathname = relative.pathname;
    }
    result.search = relative.search;
    result.query = relative.query;
    result.host = relative.host || '';
    result.auth = relative.auth;
    result.hostname = relative.hostname || relative.host;
    result.port = relative.port;
    if (result.pathname || result.search) result.path = (result.pathname || '') + (result.search || '');
    result.slashes = result.slashes || relative.slashes;
    result.href = result.format();
    return result;
  }

  const sourceAbsolute = result.pathname && result.pathname[0] === '/';
  const relativeAbsolute = relative.host || (relative.pathname && relative.pathname[0] === '/');
  let mustEndAbsolute = relativeAbsolute || sourceAbsolute || (result.host && relative.pathname);
  const dropAllDots = mustEndAbsolute;
  let segments = (result.pathname && result.pathname.split('/')) || [];
  const relSegments = (relative.pathname && relative.pathname.split('/')) || [];
  const hostInPath = result.protocol && !SLASHED.has(result.protocol);

  // For protocols without slashes the host is treated as the first path
  // segment while resolving (so '..' can climb into it).
  if (hostInPath) {
    result.hostname = '';
    result.port = null;
    if (result.host) {
      if (segments[0] === '') segments[0] = result.host;
      else segments.unshift(result.host);
    }
    result.host = '';
    if (relative.protocol) {
      // A relative URL with the same protocol brings its own credentials
      // (none: none), as Node 20.
      result.auth = relative.auth;
      relative.hostname = null;
      relative.port = null;
      if (relative.host) {
        if (relSegments[0] === '') relSegments[0] = relative.host;
        else relSegments.unshift(relative.host);
      }
      relative.host = null;
    }
    mustEndAbsolute = mustEndAbsolute && (relSegments[0] === '' || segments[0] === '');
  }

  if (relativeAbsolute) {
    if (relative.host || relative.host === '') {
      if (result.host !== relative.host) result.auth = null;
      result.host = relative.host;
      result.port = relative.port;
    }
    if (relative.hostname || relative.hostname === '') {
      if (result.hostname !== relative.hostname) result.auth = null;
      result.hostname = relative.hostname;
    }
    result.search = relative.search;
    result.query = relative.query;
    segments = relSegments;
  } else if (relSegments.length) {
    // Replace the last segment of the base path.
    segments.pop();
    segments = segments.concat(relSegments);
    result.search = relative.search;
    result.query = relative.query;
  } else if (relative.search !== null && relative.search !== undefined) {
    // Only a new query string.
    if (hostInPath) {
      result.hostname = result.host = segments.shift();
      splitAuthFromHost(result);
    }
    result.search = relative.search;
    result.query = relative.query;
    setPath(result);
    result.href = result.format();
    return result;
  }

  if (!segments.length) {
    result.pathname = null;
    result.path = result.search ? `/${result.search}` : null;
    result.href = result.format();
    return result;
  }

  let last = segments[segments.length - 1];
  const trailingSlash =
    ((result.host || relative.host || segments.length > 1) && (last === '.' || last === '..')) || last === '';

  // Drop '.' and resolve '..' from the right; `up` counts unmatched '..'.
  let up = 0;
  for (let i = segments.length - 1; i >= 0; i--) {
    last = segments[i];
    if (last === '.') {
      segments.splice(i, 1);
    } else if (last === '..') {
      segments.splice(i, 1);
      up++;
    } else if (up) {
      segments.splice(i, 1);
      up--;
    }
  }

  if (!mustEndAbsolute && !dropAllDots) {
    while (up--) segments.unshift('..');
  }

  if (mustEndAbsolute && segments[0] !== '' && (!segments[0] || segments[0][0] !== '/')) {
    segments.unshift('');
  }

  if (trailingSlash && segments.join('/').slice(-1) !== '/') segments.push('');

  const isAbsolute = segments[0] === '' || (segments[0] && segments[0][0] === '/');

  if (hostInPath) {
    result.hostname = result.host = isAbsolute ? '' : (segments.length ? segments.shift() : '');
    splitAuthFromHost(result);
  }

  mustEndAbsolute = mustEndAbsolute || (result.host && segments.length);
  if (mustEndAbsolute && !isAbsolute) segments.unshift('');

  if (segments.length > 0) {
    result.pathname = segments.join('/');
  } else {
    result.pathname = null;
    result.path = null;
  }
  setPath(result);
  result.auth = relative.auth || result.auth;
  result.slashes = result.slashes || relative.slashes;
  result.href = result.format();
  return result;
};

Url.prototype.parseHost = function parseHost() {
  let host = this.host;
  const m = PORT_RE.exec(host);
  if (m !== null) {
    if (m[0] !== ':') this.port = m[0].slice(1);
    host = host.slice(0, host.length - m[0].length);
  }
  if (host) this.hostname = host;
};

// ---------------------------------------------------------------------------
// Module functions.

function parse(url, parseQueryString, slashesDenoteHost) {
  if (url instanceof Url) return url;
  const result = new Url();
  result.parse(url, parseQueryString, slashesDenoteHost);
  return result;
}

function resolve(source, relative) {
  return parse(source, false, true).resolve(relative);
}

function resolveObject(source, relative) {
  if (!source) return relative;
  return parse(source, false, true).resolveObject(relative);
}

function format(urlObject, options) {
  if (typeof urlObject === 'string') {
    urlObject = parse(urlObject);
  } else if (urlObject === null || typeof urlObject !== 'object') {
    throw invalidArgType('urlObject', 'one of type object or string', urlObject);
  } else if (isURL(urlObject)) {
    // Options that are null/undefined keep their defaults; others are
    // coerced to booleans.
    let opts = options;
    if (options) {
      if (typeof options !== 'object') return formatURL(urlObject, options); // throws
      opts = {};
      for (const key of ['auth', 'fragment', 'search', 'unicode']) {
        if (options[key] != null) opts[key] = Boolean(options[key]);
      }
    }
    return formatURL(urlObject, opts || undefined);
  }
  return Url.prototype.format.call(urlObject);
}

// The names Node's functions carry (visible in util.inspect output).
for (const [fn, name] of [[parse, 'urlParse'], [resolve, 'urlResolve'], [resolveObject, 'urlResolveObject'],
  [format, 'urlFormat'], [domainToASCII, 'domainToASCII']]) {
  Object.defineProperty(fn, 'name', { value: name, configurable: true });
}

module.exports = {
  Url,
  parse,
  resolve,
  resolveObject,
  format,
  URL,
  URLSearchParams,
  domainToASCII,
  domainToUnicode,
  pathToFileURL,
  fileURLToPath,
  urlToHttpOptions,
};
