'use strict';
// dns/promises: the promise forms of js-lib/dns.js.

const dns = require('dns');
const { codes: { ERR_INVALID_ARG_TYPE } } = require('internal/errors');

function lookup(hostname, options) {
  if (hostname && typeof hostname !== 'string') throw new ERR_INVALID_ARG_TYPE('hostname', 'string', hostname);
  const { family, hints, all, verbatim } = dns._lookupOptions(options);
  if (!hostname) dns._emitInvalidHostnameWarning(hostname);
  if (!hostname) return Promise.resolve(all ? [] : { address: null, family: family === 6 ? 6 : 4 });
  const matched = require('net').isIP(hostname);
  if (matched) {
    const r = { address: hostname, family: matched };
    return Promise.resolve(all ? [r] : r);
  }
  return new Promise((resolve, reject) => {
    dns._getaddrinfo(hostname, family, hints, verbatim, 'getaddrinfo', (err, addrs) => {
      if (err) reject(err);
      else resolve(all ? addrs : addrs[0]);
    });
  });
}

function lookupService(address, port) {
  return new Promise((resolve, reject) => {
    dns.lookupService(address, port, (err, hostname, service) => {
      if (err) reject(err);
      else resolve({ hostname, service });
    });
  });
}

function promised(fn) {
  return (...args) => new Promise((resolve, reject) => {
    fn(...args, (err, value) => (err ? reject(err) : resolve(value)));
  });
}

const resolve = promised(dns.resolve);
const resolve4 = promised(dns.resolve4);
const resolve6 = promised(dns.resolve6);

class Resolver extends dns.Resolver {}
Resolver.prototype.resolve = resolve;
Resolver.prototype.resolve4 = resolve4;
Resolver.prototype.resolve6 = resolve6;

const out = {
  lookup,
  lookupService,
  Resolver,
  resolve,
  resolve4,
  resolve6,
  getServers: dns.getServers,
  setServers: dns.setServers,
  getDefaultResultOrder: dns.getDefaultResultOrder,
  setDefaultResultOrder: dns.setDefaultResultOrder,
};
for (const name of ['resolveAny', 'resolveCaa', 'resolveCname', 'resolveMx', 'resolveNaptr',
  'resolveNs', 'resolvePtr', 'resolveSoa', 'resolveSrv', 'resolveTxt', 'reverse']) {
  out[name] = dns[name];
}
for (const k of Object.keys(dns)) {
  if (/^[A-Z]+$/.test(k) && typeof dns[k] === 'string') out[k] = dns[k];
}
module.exports = out;
