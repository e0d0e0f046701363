'use strict';
// url: WHATWG URL API plus the parts of the legacy API we support.
//
// Known gap: the legacy `url.parse()` / `url.resolve()` / `Url` objects are
// not implemented (they throw ERR_METHOD_NOT_IMPLEMENTED). `url.format()`
// accepts URL instances, WHATWG-parsable strings and legacy-style objects.

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
} = require('internal/url');

function makeError(Base, code, message) {
  const err = new Base(message);
  Object.defineProperty(err, 'name', { value: `${Base.name} [${code}]`, configurable: true, writable: true });
  err.stack; // eslint-disable-line no-unused-expressions -- capture the header now
  delete err.name;
  err.code = code;
  return err;
}

function notImplemented(name) {
  return makeError(Error, 'ERR_METHOD_NOT_IMPLEMENTED', `The ${name} method is not implemented`);
}

function Url() {
  throw notImplemented('Url()');
}

function parse() {
  throw notImplemented('url.parse()');
}

function resolve() {
  throw notImplemented('url.resolve()');
}

function resolveObject() {
  throw notImplemented('url.resolveObject()');
}

// Characters the legacy formatter escapes in pathname/search.
function escapeLegacy(s, chars) {
  return s.replace(chars, (c) => encodeURIComponent(c));
}

// Legacy format() of a plain object ({ protocol, host, pathname, ... }).
function formatLegacyObject(obj) {
  let auth = obj.auth || '';
  if (auth) {
    auth = encodeURIComponent(auth).replace(/%3A/i, ':');
    auth += '@';
  }
  let protocol = obj.protocol || '';
  let pathname = obj.pathname || '';
  let hash = obj.hash || '';
  let host = '';
  let query = '';

  if (obj.host) {
    host = auth + obj.host;
  } else if (obj.hostname) {
    const hn = String(obj.hostname);
    host = auth + (hn.includes(':') && !hn.startsWith('[') ? `[${hn}]` : hn);
    if (obj.port) host += `:${obj.port}`;
  }

  if (obj.query !== null && typeof obj.query === 'object') {
    query = require('querystring').stringify(obj.query);
  }
  let search = obj.search || (query && `?${query}`) || '';

  if (protocol && protocol[protocol.length - 1] !== ':') protocol += ':';
  pathname = escapeLegacy(pathname, /[#?]/g);
  search = search.replace(/#/g, '%23');

  const slashedProtocols = /^(?:https?|ftp|gopher|file|ws|wss):?$/i;
  if (obj.slashes || slashedProtocols.test(protocol)) {
    if (obj.slashes || host) {
      if (pathname && pathname[0] !== '/') pathname = `/${pathname}`;
      host = `//${host}`;
    } else if (protocol.length >= 4 && /^file:$/i.test(protocol)) {
      host = '//';
    }
  }

  if (hash && hash[0] !== '#') hash = `#${hash}`;
  if (search && search[0] !== '?') search = `?${search}`;
  return protocol + host + pathname + search + hash;
}

function format(urlObject, options = undefined) {
  if (typeof urlObject === 'string') {
    // Known gap: Node runs this through the legacy parser.
    return formatURL(new URL(urlObject), options);
  }
  if (urlObject === null || (typeof urlObject !== 'object' && typeof urlObject !== 'function')) {
    const err = new TypeError(
      `The "urlObject" argument must be one of type object or string. Received ${urlObject === null ? 'null' : `type ${typeof urlObject} (${String(urlObject)})`}`);
    err.code = 'ERR_INVALID_ARG_TYPE';
    throw err;
  }
  if (isURL(urlObject)) return formatURL(urlObject, options);
  return formatLegacyObject(urlObject);
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
