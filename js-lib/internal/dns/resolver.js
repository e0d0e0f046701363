'use strict';
// internal/dns/resolver: what dns.Resolver and dns.promises.Resolver share
// (Node's internal/dns/utils ResolverBase): option and server validation,
// getServers()/setServers() formats, and runQuery(), which asks a resolver's
// channel (internal/dns/channel) one question and shapes the answer the way
// Node's binding does for each query* name.

const { ChannelWrap, DEFAULT_PORT } = require('internal/dns/channel');
const wire = require('internal/dns/wire');
const { codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE }, makeError, validateArray, validateInt32,
  validateString } = require('internal/errors');

const isIP = (s) => require('net').isIP(s);

// resolve()'s rrtype → the binding's query name.
const bindingNames = {
  ANY: 'queryAny', A: 'queryA', AAAA: 'queryAaaa', CAA: 'queryCaa', CNAME: 'queryCname', MX: 'queryMx',
  NS: 'queryNs', TXT: 'queryTxt', SRV: 'querySrv', PTR: 'queryPtr', NAPTR: 'queryNaptr', SOA: 'querySoa',
};
// The public method of each query name.
const methodNames = {
  queryAny: 'resolveAny', queryA: 'resolve4', queryAaaa: 'resolve6', queryCaa: 'resolveCaa',
  queryCname: 'resolveCname', queryMx: 'resolveMx', queryNs: 'resolveNs', queryTxt: 'resolveTxt',
  querySrv: 'resolveSrv', queryPtr: 'resolvePtr', queryNaptr: 'resolveNaptr', querySoa: 'resolveSoa',
  getHostByAddr: 'reverse',
};

// Node's dnsException: `code` is a c-ares code string or a libuv errno
// (getaddrinfo's "no such name" ones become ENOTFOUND).
function dnsException(code, syscall, hostname) {
  let errno;
  if (typeof code === 'number') {
    errno = code;
    const uv = internalBinding('tcp');
    if (code === uv.UV_EAI_NODATA || code === uv.UV_EAI_NONAME) code = 'ENOTFOUND';
    else code = uv.errname(code);
  }
  const e = new Error(`${syscall} ${code}${hostname ? ` ${hostname}` : ''}`);
  e.errno = errno;
  e.code = code;
  e.syscall = syscall;
  if (hostname) e.hostname = hostname;
  return e;
}

const strip = ({ ttl, ...rest }) => rest; // eslint-disable-line no-unused-vars

// The value each query name resolves to, from the decoded reply; null when
// the reply has no record of the type (ENODATA).
const shapers = {
  queryA: (msg, name, ttl) => addresses(msg, name, wire.TYPES.A, ttl),
  queryAaaa: (msg, name, ttl) => addresses(msg, name, wire.TYPES.AAAA, ttl),
  queryAny: (msg) => wire.anyRecords(msg),
  queryCname: (msg, name) => {
    const { cname } = wire.recordsOf(msg, name, wire.TYPES.CNAME);
    return cname === null ? [] : [cname];
  },
  queryMx: (msg, name) => wire.recordsOf(msg, name, wire.TYPES.MX).records.map(strip),
  queryNs: (msg, name) => wire.recordsOf(msg, name, wire.TYPES.NS).records.map((r) => r.value),
  queryTxt: (msg, name) => wire.recordsOf(msg, name, wire.TYPES.TXT).records.map((r) => r.entries),
  querySrv: (msg, name) => wire.recordsOf(msg, name, wire.TYPES.SRV).records.map(strip),
  queryPtr: (msg, name) => wire.recordsOf(msg, name, wire.TYPES.PTR).records.map((r) => r.value),
  getHostByAddr: (msg, name) => wire.recordsOf(msg, name, wire.TYPES.PTR).records.map((r) => r.value),
  queryNaptr: (msg, name) => wire.recordsOf(msg, name, wire.TYPES.NAPTR).records.map(strip),
  querySoa: (msg, name) => {
    const [soa] = wire.recordsOf(msg, name, wire.TYPES.SOA).records;
    return soa ? strip(soa) : [];
  },
  queryCaa: (msg, name) => wire.recordsOf(msg, name, wire.TYPES.CAA).records.map(strip),
};
const queryTypes = {
  queryA: 'A', queryAaaa: 'AAAA', queryAny: 'ANY', queryCname: 'CNAME', queryMx: 'MX', queryNs: 'NS',
  queryTxt: 'TXT', querySrv: 'SRV', queryPtr: 'PTR', getHostByAddr: 'PTR', queryNaptr: 'NAPTR',
  querySoa: 'SOA', queryCaa: 'CAA',
};

function addresses(msg, name, type, ttl) {
  const { records } = wire.recordsOf(msg, name, type);
  return ttl ? records.map((r) => ({ address: r.address, ttl: r.ttl })) : records.map((r) => r.address);
}

// in-addr.arpa / ip6.arpa name of an address, or null if it is not one.
function reverseName(ip) {
  const family = isIP(ip);
  if (family === 4) return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
  if (family !== 6) return null;
  const bytes = Buffer.alloc(16);
  const tail = ip.includes('.') ? ip.slice(ip.lastIndexOf(':') + 1) : null;
  const head = tail ? `${ip.slice(0, ip.lastIndexOf(':') + 1)}0:0` : ip.replace(/%.*$/, '');
  const [left, right] = head.split('::');
  const l = left ? left.split(':') : [];
  const r = right !== undefined && right ? right.split(':') : [];
  const groups = right === undefined ? l : [...l, ...Array(8 - l.length - r.length).fill('0'), ...r];
  groups.forEach((g, i) => bytes.writeUInt16BE(parseInt(g, 16), i * 2));
  if (tail) tail.split('.').forEach((b, i) => { bytes[12 + i] = Number(b); });
  const nibbles = [];
  for (const b of bytes) nibbles.push((b >> 4).toString(16), (b & 15).toString(16));
  return `${nibbles.reverse().join('.')}.ip6.arpa`;
}

// Asks `resolver`'s channel; cb(err, result) with Node's error for the
// method (syscall = the query name, hostname = what the caller passed).
function runQuery(resolver, bindingName, hostname, ttl, cb) {
  let qname = hostname;
  if (bindingName === 'getHostByAddr') {
    qname = reverseName(hostname);
    if (qname === null) throw dnsException(-require('os').constants.errno.EINVAL, bindingName, hostname);
  } else if (/[^\x00-\x7f]/.test(hostname)) {
    qname = require('url').domainToASCII(hostname) || hostname;
  }
  const perf = require('internal/perf/observe');
  const start = perf.hasObserver('dns') ? perf.now() : -1;
  resolver._handle.query(qname, wire.TYPES[queryTypes[bindingName]], (code, msg) => {
    let result;
    if (code === null) {
      try {
        result = shapers[bindingName](msg, qname, ttl);
        if (Array.isArray(result) && result.length === 0) code = 'ENODATA';
      } catch (e) {
        if (!(e instanceof wire.WireError)) throw e;
        code = e.message;
      }
    }
    if (code !== null) {
      cb(dnsException(code, bindingName, hostname));
      return;
    }
    if (start >= 0) perf.enqueueTimed(bindingName, 'dns', start, { host: hostname, ttl, result });
    cb(null, result);
  });
}

function validateTimeout(options) {
  const { timeout = -1 } = { ...options };
  validateInt32(timeout, 'options.timeout', -1);
  return timeout;
}

function validateTries(options) {
  const { tries = 4 } = { ...options };
  validateInt32(tries, 'options.tries', 1);
  return tries;
}

const IPv6RE = /^\[([^[\]]*)\]/;
const addrSplitRE = /(^.+?)(?::(\d+))?$/;

// "ip", "ip:port", "[ipv6]" or "[ipv6]:port" → [family, ip, port].
function parseServer(serv, index) {
  validateString(serv, `servers[${index}]`);
  let family = isIP(serv);
  if (family !== 0) return [family, serv, DEFAULT_PORT];
  const match = IPv6RE.exec(serv);
  if (match) {
    family = isIP(match[1]);
    if (family !== 0) {
      const port = Number.parseInt(serv.replace(addrSplitRE, '$2')) || DEFAULT_PORT;
      return [family, match[1], port];
    }
  }
  const split = addrSplitRE.exec(serv);
  if (split) {
    family = isIP(split[1]);
    if (family !== 0) return [family, split[1], Number.parseInt(split[2] || DEFAULT_PORT)];
  }
  throw makeError(TypeError, 'ERR_INVALID_IP_ADDRESS', `Invalid IP address: ${serv}`);
}

class ResolverBase {
  constructor(options = undefined) {
    const timeout = validateTimeout(options);
    const tries = validateTries(options);
    this._handle = new ChannelWrap(timeout, tries);
  }

  cancel() {
    this._handle.cancel();
  }

  getServers() {
    return (this._handle.getServers() || []).map(([ip, port]) => {
      if (!port || port === DEFAULT_PORT) return ip;
      return `${isIP(ip) === 6 ? `[${ip}]` : ip}:${port}`;
    });
  }

  setServers(servers) {
    validateArray(servers, 'servers');
    const newSet = [];
    servers.forEach((serv, index) => newSet.push(parseServer(serv, index)));
    const err = this._handle.setServers(newSet);
    if (err !== 0) {
      const { inspect } = require('internal/inspect');
      throw makeError(Error, 'ERR_DNS_SET_SERVERS_FAILED',
                      `c-ares failed to set servers: "${err}" [${inspect(servers)}]`);
    }
  }

  setLocalAddress(ipv4, ipv6) {
    validateString(ipv4, 'ipv4');
    if (ipv6 !== undefined) validateString(ipv6, 'ipv6');
    const err = this._handle.setLocalAddress(ipv4, ipv6);
    if (err !== null) throw makeError(TypeError, 'ERR_INVALID_ARG_VALUE', err);
  }
}

// resolve(hostname, rrtype)'s query name, validated as Node does.
function bindingNameOf(rrtype) {
  if (typeof rrtype !== 'string') throw new ERR_INVALID_ARG_TYPE('rrtype', 'string', rrtype);
  const name = bindingNames[rrtype];
  if (name === undefined) throw new ERR_INVALID_ARG_VALUE('rrtype', rrtype);
  return name;
}

module.exports = {
  ResolverBase, runQuery, dnsException, bindingNames, methodNames, bindingNameOf,
};
