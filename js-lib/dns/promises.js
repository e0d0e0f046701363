'use strict';
// dns/promises: the promise forms of js-lib/dns.js.

const dns = require('dns');
const { codes: { ERR_INVALID_ARG_TYPE, ERR_MISSING_ARGS }, validateString } = require('internal/errors');
const { ResolverBase, runQuery, methodNames, bindingNameOf } = require('internal/dns/resolver');

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
  if (arguments.length !== 2) throw new ERR_MISSING_ARGS('address', 'port');
  let settle;
  const promise = new Promise((resolve, reject) => {
    settle = (err, hostname, service) => (err ? reject(err) : resolve({ hostname, service }));
  });
  dns.lookupService(address, port, settle); // throws on bad arguments, as Node does
  return promise;
}

// A resolve*() method returning a promise (Node's promises resolver()).
function resolver(bindingName) {
  function query(name, options) {
    validateString(name, 'name');
    const ttl = !!(options && options.ttl);
    return new Promise((resolve, reject) => {
      runQuery(this, bindingName, name, ttl, (err, result) => (err ? reject(err) : resolve(result)));
    });
  }
  Object.defineProperty(query, 'name', { value: bindingName });
  return query;
}

class Resolver extends ResolverBase {}
for (const [bindingName, method] of Object.entries(methodNames)) {
  Resolver.prototype[method] = resolver(bindingName);
}
Resolver.prototype.resolve = function resolve(hostname, rrtype) {
  const method = methodNames[rrtype === undefined ? 'queryA' : bindingNameOf(rrtype)];
  return this[method](hostname);
};

const out = {
  lookup,
  lookupService,
  Resolver,
  setServers(servers) {
    dns.setServers(servers);
  },
  getDefaultResultOrder: dns.getDefaultResultOrder,
  setDefaultResultOrder: dns.setDefaultResultOrder,
};
for (const k of Object.keys(dns)) {
  if (/^[A-Z]+$/.test(k) && typeof dns[k] === 'string') out[k] = dns[k];
}
dns._bindDefaultResolver(out, Resolver.prototype);
dns._setPromises(out);
module.exports = out;
