'use strict';
// dns: lookup / lookupService on libuv's getaddrinfo / getnameinfo (the
// thread pool), as Node does; resolve*(), reverse() and Resolver ask DNS
// servers directly (internal/dns/resolver and channel, Node's c-ares part).

const binding = internalBinding('tcp');
const { codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE },
  validateFunction, validatePort, validateString } = require('internal/errors');
const ac = require('internal/async_context');
const perf = require('internal/perf/observe');
const { ResolverBase, runQuery, dnsException, methodNames, bindingNameOf } =
  require('internal/dns/resolver');

const ADDRCONFIG = binding.AI_ADDRCONFIG;
const V4MAPPED = binding.AI_V4MAPPED;
const ALL = binding.AI_ALL;

let defaultOrder = 'verbatim';

function isIP(s) {
  return require('net').isIP(s);
}

// Node accepts no flag but these three (in any combination).
function validateHints(hints) {
  if ((hints & ~(ADDRCONFIG | ALL | V4MAPPED)) !== 0) {
    throw new ERR_INVALID_ARG_VALUE('hints', hints);
  }
}

function lookupOptions(options) {
  let family = 0;
  let hints = 0;
  let all = false;
  let verbatim = defaultOrder === 'verbatim';
  if (typeof options === 'number') {
    family = options;
  } else if (options !== undefined && options !== null) {
    if (typeof options !== 'object') throw new ERR_INVALID_ARG_TYPE('options', ['integer', 'Object'], options);
    if (options.hints != null) {
      if (typeof options.hints !== 'number') throw new ERR_INVALID_ARG_TYPE('options.hints', 'number', options.hints);
      hints = options.hints >>> 0;
      validateHints(hints);
    }
    if (options.family != null) {
      if (options.family === 'IPv4') family = 4;
      else if (options.family === 'IPv6') family = 6;
      else family = options.family;
    }
    if (options.all != null) all = options.all === true;
    if (options.verbatim != null) verbatim = options.verbatim === true;
    if (options.order != null) verbatim = options.order === 'verbatim';
  }
  if (family !== 0 && family !== 4 && family !== 6) {
    throw new ERR_INVALID_ARG_VALUE('options.family', family, 'must be one of: 0, 4, 6');
  }
  return { family, hints, all, verbatim };
}

// Calls cb(err, [{address, family}]) with the addresses of hostname.
function getaddrinfo(hostname, family, hints, verbatim, syscall, cb) {
  const start = perf.hasObserver('dns') ? perf.now() : -1;
  const err = binding.getaddrinfo(hostname, family, hints, ac.wrap((status, list) => {
    if (status < 0) {
      cb(dnsException(status, syscall, hostname));
      return;
    }
    let addrs = [];
    for (let i = 0; i < list.length; i += 2) addrs.push({ address: list[i], family: list[i + 1] });
    if (!verbatim) addrs = [...addrs.filter((a) => a.family === 4), ...addrs.filter((a) => a.family === 6)];
    if (start >= 0) {
      perf.enqueueTimed('lookup', 'dns', start,
        { hostname, family, hints, verbatim, addresses: addrs.map((a) => a.address) });
    }
    cb(null, addrs);
  }));
  if (err) process.nextTick(cb, dnsException(err, syscall, hostname));
}

let invalidHostnameWarned = false;
function emitInvalidHostnameWarning(hostname) {
  if (invalidHostnameWarned) return;
  invalidHostnameWarned = true;
  process.emitWarning(`The provided hostname "${hostname}" is not a valid hostname, and is ` +
    'supported in the dns module solely for compatibility.', 'DeprecationWarning', 'DEP0118');
}

function lookup(hostname, options, callback) {
  if (hostname && typeof hostname !== 'string') throw new ERR_INVALID_ARG_TYPE('hostname', 'string', hostname);
  if (typeof options === 'function') {
    callback = options;
    options = undefined;
  }
  validateFunction(callback, 'callback');
  const { family, hints, all, verbatim } = lookupOptions(options);
  if (!hostname) {
    emitInvalidHostnameWarning(hostname);
    if (all) process.nextTick(callback, null, []);
    else process.nextTick(callback, null, null, family === 6 ? 6 : 4);
    return {};
  }
  const matched = isIP(hostname);
  if (matched) {
    if (all) process.nextTick(callback, null, [{ address: hostname, family: matched }]);
    else process.nextTick(callback, null, hostname, matched);
    return {};
  }
  getaddrinfo(hostname, family, hints, verbatim, 'getaddrinfo', (err, addrs) => {
    if (err) callback(err);
    else if (all) callback(null, addrs);
    else callback(null, addrs[0].address, addrs[0].family);
  });
  return {};
}
Object.defineProperty(lookup, Symbol.for('shoal.util.promisify.customArgs'), {
  value: ['address', 'family'], enumerable: false,
});

function lookupService(address, port, callback) {
  if (arguments.length !== 3) {
    const { codes } = require('internal/errors');
    throw new codes.ERR_MISSING_ARGS('address', 'port', 'callback');
  }
  if (isIP(address) === 0) throw new ERR_INVALID_ARG_VALUE('address', address);
  port = validatePort(port);
  validateFunction(callback, 'callback');
  const start = perf.hasObserver('dns') ? perf.now() : -1;
  const err = binding.getnameinfo(address, port, ac.wrap((status, hostname, service) => {
    if (status < 0) {
      callback(dnsException(status, 'getnameinfo', address));
      return;
    }
    if (start >= 0) perf.enqueueTimed('lookupService', 'dns', start, { host: address, port, hostname, service });
    callback(null, hostname, service);
  }));
  if (err) process.nextTick(callback, dnsException(err, 'getnameinfo', address));
}
Object.defineProperty(lookupService, Symbol.for('shoal.util.promisify.customArgs'), {
  value: ['hostname', 'service'], enumerable: false,
});

// A resolve*() method: the callback form of Node's lib/dns.js resolver().
function resolver(bindingName) {
  function query(name, /* options, */ callback) {
    let options;
    if (arguments.length > 2) {
      options = callback;
      callback = arguments[2];
    }
    validateString(name, 'name');
    validateFunction(callback, 'callback');
    const req = { bindingName, callback, hostname: name, ttl: !!(options && options.ttl) };
    runQuery(this, bindingName, name, req.ttl, ac.wrap((err, result) => callback(err, result)));
    return req;
  }
  Object.defineProperty(query, 'name', { value: bindingName });
  return query;
}

class Resolver extends ResolverBase {}
for (const [bindingName, method] of Object.entries(methodNames)) {
  Resolver.prototype[method] = resolver(bindingName);
}

function resolve(hostname, rrtype, callback) {
  if (typeof rrtype === 'function') {
    callback = rrtype;
    rrtype = 'A';
  }
  const method = methodNames[bindingNameOf(rrtype)];
  return this[method](hostname, callback);
}
Resolver.prototype.resolve = resolve;

// The module-level resolve*() functions run on the default resolver, which
// setServers() replaces (so queries in flight keep theirs).
const resolverKeys = ['getServers', 'resolve', ...Object.values(methodNames)];
function bindDefaultResolver(target, source) {
  const resolverInstance = getDefaultResolver();
  for (const key of resolverKeys) target[key] = source[key].bind(resolverInstance);
}

let defaultResolver = null;
function getDefaultResolver() {
  if (defaultResolver === null) defaultResolver = new Resolver();
  return defaultResolver;
}
function setDefaultResolver(r) {
  defaultResolver = r;
}

function setServers(servers) {
  const r = new Resolver();
  r.setServers(servers);
  setDefaultResolver(r);
  bindDefaultResolver(module.exports, Resolver.prototype);
  if (promisesExports) bindDefaultResolver(promisesExports, promisesExports.Resolver.prototype);
}
let promisesExports = null;

function setDefaultResultOrder(order) {
  if (order !== 'ipv4first' && order !== 'verbatim') {
    throw new ERR_INVALID_ARG_VALUE('dnsOrder', order);
  }
  defaultOrder = order;
}

function getDefaultResultOrder() {
  return defaultOrder;
}

const codes = {
  NODATA: 'ENODATA', FORMERR: 'EFORMERR', SERVFAIL: 'ESERVFAIL', NOTFOUND: 'ENOTFOUND',
  NOTIMP: 'ENOTIMP', REFUSED: 'EREFUSED', BADQUERY: 'EBADQUERY', BADNAME: 'EBADNAME',
  BADFAMILY: 'EBADFAMILY', BADRESP: 'EBADRESP', CONNREFUSED: 'ECONNREFUSED', TIMEOUT: 'ETIMEOUT',
  EOF: 'EOF', FILE: 'EFILE', NOMEM: 'ENOMEM', DESTRUCTION: 'EDESTRUCTION', BADSTR: 'EBADSTR',
  BADFLAGS: 'EBADFLAGS', NONAME: 'ENONAME', BADHINTS: 'EBADHINTS', NOTINITIALIZED: 'ENOTINITIALIZED',
  LOADIPHLPAPI: 'ELOADIPHLPAPI', ADDRGETNETWORKPARAMS: 'EADDRGETNETWORKPARAMS', CANCELLED: 'ECANCELLED',
};

bindDefaultResolver(module.exports = {
  lookup,
  lookupService,
  Resolver,
  getDefaultResultOrder,
  setDefaultResultOrder,
  setServers,
  ADDRCONFIG,
  V4MAPPED,
  ALL,
  ...codes,
  _dnsException: dnsException,
  _lookupOptions: lookupOptions,
  _getaddrinfo: getaddrinfo,
  _getDefaultResolver: getDefaultResolver,
  _emitInvalidHostnameWarning: emitInvalidHostnameWarning,
  _bindDefaultResolver: bindDefaultResolver,
  _setPromises(p) {
    promisesExports = p;
  },
}, Resolver.prototype);
Object.defineProperty(module.exports, 'promises', {
  enumerable: true,
  configurable: true,
  get() {
    return require('dns/promises');
  },
});
