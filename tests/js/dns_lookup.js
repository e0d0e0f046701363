// dns.lookup on uv_getaddrinfo: localhost, IP literals, options, errors,
// the promise API and util.promisify.
const dns = require('dns');
const util = require('util');

function step(list) {
  const next = list.shift();
  if (next) next(() => step(list));
}

step([
  (next) => dns.lookup('localhost', 4, (err, address, family) => {
    console.log('localhost/4', err, address, family);
    next();
  }),
  // How many entries 'localhost' has depends on the machine's /etc/hosts
  // (Debian's standard file gives 127.0.0.1 twice): print the distinct ones.
  (next) => dns.lookup('localhost', { family: 4, all: true }, (err, list) => {
    const distinct = [...new Set(list.map((e) => JSON.stringify(e)))].map((e) => JSON.parse(e));
    console.log('all', err, Array.isArray(list), distinct);
    next();
  }),
  (next) => dns.lookup('127.0.0.1', (err, address, family) => {
    console.log('literal', err, address, family);
    dns.lookup('::1', { all: true }, (err2, list) => {
      console.log('literal6', err2, list);
      next();
    });
  }),
  (next) => dns.lookup('', (err, address, family) => {
    console.log('empty', err, address, family);
    next();
  }),
  (next) => dns.lookup('nonexistent.invalid', (err) => {
    console.log(err.message);
    console.log(err.code, err.errno, err.syscall, err.hostname, Object.keys(err));
    next();
  }),
  (next) => dns.promises.lookup('localhost', { family: 4 }).then((r) => {
    console.log('promises', r);
    return dns.promises.lookup('nonexistent.invalid');
  }).catch((err) => {
    console.log('promises error', err.code, err.hostname);
    return require('dns/promises').lookup('10.0.0.1', { all: true });
  }).then((r) => {
    console.log('dns/promises', r);
    next();
  }),
  (next) => util.promisify(dns.lookup)('localhost', { family: 4 }).then((r) => {
    console.log('promisify', r);
    next();
  }),
  (next) => {
    try {
      dns.lookup('localhost', { family: 5 }, () => {});
    } catch (e) {
      console.log(e.code, e.message);
    }
    try {
      dns.lookup(42, () => {});
    } catch (e) {
      console.log(e.code, e.message);
    }
    try {
      dns.lookupService('not-an-ip', 80, () => {});
    } catch (e) {
      console.log(e.code, e.message);
    }
    console.log(typeof dns.ADDRCONFIG, typeof dns.V4MAPPED, dns.NOTFOUND, dns.getDefaultResultOrder());
    next();
  },
]);
