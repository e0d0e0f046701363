'use strict';
// dns: lookup / lookupService on libuv's getaddrinfo / getnameinfo (the
// thread pool), as Node does. There is no c-ares binding: resolve4 /
// resolve6 / resolve(host, 'A' | 'AAAA') are answered by getaddrinfo (so
// /etc/hosts counts and there are no TTLs); the other record types,
// reverse() and setServers() throw ERR_METHOD_NOT_IMPLEMENTED.

const binding = internalBinding('tcp');
const { codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_METHOD_NOT_IMPLEMENTED },
  validateFunction } = require('internal/errors');
const ac = require('internal/async_context');

const ADDRCONFIG = binding.AI_ADDRCONFIG;
const V4MAPPED = binding.AI_V4MAPPED;
const ALL = binding.AI_ALL;

let defaultOrder = 'verbatim';

function dnsException(err, syscall, hostname) {
  let code = err;
  if (typeof err === 'number') {
    code = (err === binding.UV_EAI_NODATA || err === binding.UV_EAI_NONAME) ? 'ENOTFOUND' : binding.errname(err);
  }
  const e = new Error(`${syscall} ${code}${hostname ? ` ${hostname}` : ''}`);
  e.errno = typeof err === 'number' ? err : undefined;
  e.code = code;
  e.syscall = syscall;
  if (hostname) e.hostname = hostname;
  return e;
}

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
  const err = binding.getaddrinfo(hostname, family, hints, ac.wrap((status, list) => {
    if (status < 0) {
      cb(dnsException(status, syscall, hostname));
      return;
    }
    let addrs = [];
    for (let i = 0; i < list.length; i += 2) addrs.push({ address: list[i], family: list[i + 1] });
    if (!verbatim) addrs = [...addrs.filter((a) => a.family === 4), ...addrs.filter((a) => a.family === 6)];
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
  if (typeof port !== 'number' || port < 0 || port > 65535 || (port | 0) !== port) {
    const e = new RangeError(`Port should be >= 0 and < 65536. Received ${typeof port === 'number' ? port : `type ${typeof port} (${port})`}.`);
    e.code = 'ERR_SOCKET_BAD_PORT';
    throw e;
  }
  validateFunction(callback, 'callback');
  const err = binding.getnameinfo(address, port, ac.wrap((status, host, service) => {
    if (status < 0) callback(dnsException(status, 'getnameinfo', address));
    else callback(null, host, service);
  }));
  if (err) process.nextTick(callback, dnsException(err, 'getnameinfo', address));
}
Object.defineProperty(lookupService, Symbol.for('shoal.util.promisify.customArgs'), {
  value: ['hostname', 'service'], enumerable: false,
});

function notImplemented(name) {
  return function() {
    throw new ERR_METHOD_NOT_IMPLEMENTED(name);
  };
}

function resolveBy(family, syscall) {
  return function resolveAddr(hostname, options, callback) {
    if (typeof hostname !== 'string') throw new ERR_INVALID_ARG_TYPE('name', 'string', hostname);
    if (typeof options === 'function') {
      callback = options;
      options = {};
    }
    validateFunction(callback, 'callback');
    getaddrinfo(hostname, family, 0, true, syscall, (err, addrs) => {
      if (err) {
        callback(err);
        return;
      }
      const list = [...new Set(addrs.filter((a) => a.family === family).map((a) => a.address))];
      if (list.length === 0) callback(dnsException('ENODATA', syscall, hostname));
      else if (options && options.ttl) callback(null, list.map((address) => ({ address, ttl: 0 })));
      else callback(null, list);
    });
  };
}

const resolve4 = resolveBy(4, 'queryA');
const resolve6 = resolveBy(6, 'queryAaaa');

function resolve(hostname, rrtype, callback) {
  if (typeof rrtype === 'function') {
    callback = rrtype;
    rrtype = 'A';
  }
  if (rrtype === undefined) rrtype = 'A';
  if (typeof rrtype !== 'string') throw new ERR_INVALID_ARG_TYPE('rrtype', 'string', rrtype);
  if (rrtype === 'A') return resolve4(hostname, callback);
  if (rrtype === 'AAAA') return resolve6(hostname, callback);
  throw new ERR_METHOD_NOT_IMPLEMENTED(`resolve(..., '${rrtype}')`);
}

const unimplemented = {};
for (const name of ['resolveAny', 'resolveCaa', 'resolveCname', 'resolveMx', 'resolveNaptr',
  'resolveNs', 'resolvePtr', 'resolveSoa', 'resolveSrv', 'resolveTxt', 'reverse']) {
  unimplemented[name] = notImplemented(name);
}

let servers = null;
function getServers() {
  if (servers) return servers.slice();
  try {
    const text = require('fs').readFileSync('/etc/resolv.conf', 'latin1');
    return text.split('\n').map((l) => l.trim().split(/\s+/))
      .filter((w) => w[0] === 'nameserver' && w[1]).map((w) => w[1]);
  } catch {
    return [];
  }
}

function setDefaultResultOrder(order) {
  if (order !== 'ipv4first' && order !== 'verbatim') {
    throw new ERR_INVALID_ARG_VALUE('dnsOrder', order);
  }
  defaultOrder = order;
}

function getDefaultResultOrder() {
  return defaultOrder;
}

class Resolver {
  constructor() {
    this._servers = null;
  }
  cancel() {}
  getServers() {
    return this._servers ? this._servers.slice() : getServers();
  }
  setServers(list) {
    this._servers = [...list];
  }
  setLocalAddress() {}
}
Resolver.prototype.resolve = resolve;
Resolver.prototype.resolve4 = resolve4;
Resolver.prototype.resolve6 = resolve6;
Object.assign(Resolver.prototype, unimplemented);

const codes = {
  NODATA: 'ENODATA', FORMERR: 'EFORMERR', SERVFAIL: 'ESERVFAIL', NOTFOUND: 'ENOTFOUND',
  NOTIMP: 'ENOTIMP', REFUSED: 'EREFUSED', BADQUERY: 'EBADQUERY', BADNAME: 'EBADNAME',
  BADFAMILY: 'EBADFAMILY', BADRESP: 'EBADRESP', CONNREFUSED: 'ECONNREFUSED', TIMEOUT: 'ETIMEOUT',
  EOF: 'EOF', FILE: 'EFILE', NOMEM: 'ENOMEM', DESTRUCTION: 'EDESTRUCTION', BADSTR: 'EBADSTR',
  BADFLAGS: 'EBADFLAGS', NONAME: 'ENONAME', BADHINTS: 'EBADHINTS', NOTINITIALIZED: 'ENOTINITIALIZED',
  LOADIPHLPAPI: 'ELOADIPHLPAPI', ADDRGETNETWORKPARAMS: 'EADDRGETNETWORKPARAMS', CANCELLED: 'ECANCELLED',
};

module.exports = {
  lookup,
  lookupService,
  Resolver,
  getDefaultResultOrder,
  setDefaultResultOrder,
  setServers: notImplemented('setServers'),
  getServers,
  resolve,
  resolve4,
  resolve6,
  ...unimplemented,
  ADDRCONFIG,
  V4MAPPED,
  ALL,
  ...codes,
  _dnsException: dnsException,
  _lookupOptions: lookupOptions,
  _getaddrinfo: getaddrinfo,
  _emitInvalidHostnameWarning: emitInvalidHostnameWarning,
};
Object.defineProperty(module.exports, 'promises', {
  enumerable: true,
  configurable: true,
  get() {
    return require('dns/promises');
  },
});
