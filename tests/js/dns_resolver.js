// dns.Resolver / resolve*() against a DNS server of this script's own on
// UDP loopback: every record type, TTLs, CNAME chains, resolveAny, reverse,
// errors (NXDOMAIN, SERVFAIL, no data, a bad reply, timeouts, cancel),
// setServers()/getServers() formats and validation, setLocalAddress, and
// the promise API.
const dgram = require('dgram');
const dns = require('dns');

const TYPE = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33, NAPTR: 35,
  ANY: 255, CAA: 257 };

function encodeName(name) {
  const parts = name ? name.split('.') : [];
  return Buffer.concat([...parts.map((p) => Buffer.concat([Buffer.from([p.length]), Buffer.from(p)])),
    Buffer.from([0])]);
}
const u16 = (n) => Buffer.from([n >> 8, n & 255]);
const u32 = (n) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
const str = (s) => Buffer.concat([Buffer.from([Buffer.byteLength(s)]), Buffer.from(s)]);

function rdata(rr) {
  switch (rr.type) {
    case 'A': return Buffer.from(rr.address.split('.').map(Number));
    case 'AAAA': return Buffer.from(rr.hex, 'hex');
    case 'CNAME': case 'NS': case 'PTR': return encodeName(rr.value);
    case 'MX': return Buffer.concat([u16(rr.priority), encodeName(rr.exchange)]);
    case 'TXT': return Buffer.concat(rr.entries.map(str));
    case 'SRV': return Buffer.concat([u16(rr.priority), u16(rr.weight), u16(rr.port), encodeName(rr.name)]);
    case 'NAPTR': return Buffer.concat([u16(rr.order), u16(rr.preference), str(rr.flags), str(rr.service),
      str(rr.regexp), encodeName(rr.replacement)]);
    case 'SOA': return Buffer.concat([encodeName(rr.nsname), encodeName(rr.hostmaster), u32(rr.serial),
      u32(rr.refresh), u32(rr.retry), u32(rr.expire), u32(rr.minttl)]);
    case 'CAA': return Buffer.concat([Buffer.from([rr.critical]), str(rr.tag), Buffer.from(rr.value)]);
  }
  throw new Error(rr.type);
}

// The zone: name -> records; rcode names -> replies with that rcode.
const zone = {
  'a.test': [{ type: 'A', address: '10.0.0.1', ttl: 300 }, { type: 'A', address: '10.0.0.2', ttl: 60 },
    { type: 'AAAA', hex: '20010db8000000000000000000000001', ttl: 30 },
    { type: 'AAAA', hex: '00000000000000000000ffff0a000001', ttl: 30 },
    { type: 'MX', priority: 10, exchange: 'mx.a.test', ttl: 1 },
    { type: 'NS', value: 'ns1.a.test', ttl: 1 }, { type: 'NS', value: 'ns2.a.test', ttl: 1 },
    { type: 'TXT', entries: ['v=spf1', ' -all'], ttl: 1 }, { type: 'TXT', entries: ['second'], ttl: 1 },
    { type: 'SRV', priority: 1, weight: 2, port: 5060, name: 'sip.a.test', ttl: 1 },
    { type: 'NAPTR', order: 100, preference: 10, flags: 'S', service: 'SIP+D2U', regexp: '',
      replacement: '_sip._udp.a.test', ttl: 1 },
    { type: 'SOA', nsname: 'ns1.a.test', hostmaster: 'root.a.test', serial: 3210987654, refresh: 900,
      retry: 300, expire: 1800, minttl: 60, ttl: 1 },
    { type: 'CAA', critical: 0, tag: 'issue', value: 'ca.test', ttl: 1 }],
  'www.a.test': [{ type: 'CNAME', value: 'a.test', ttl: 20, owner: 'www.a.test' },
    { type: 'A', address: '10.0.0.1', ttl: 300, owner: 'a.test' }],
  '4.3.2.1.in-addr.arpa': [{ type: 'PTR', value: 'host.a.test', ttl: 1 }],
  '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa':
    [{ type: 'PTR', value: 'six.a.test', ttl: 1 }],
  'empty.test': [],
};

let queriesSeen = 0;
const server = dgram.createSocket('udp4');
server.on('message', (msg, rinfo) => {
  queriesSeen++;
  const id = msg.readUInt16BE(0);
  let pos = 12;
  const labels = [];
  while (msg[pos]) {
    labels.push(msg.toString('latin1', pos + 1, pos + 1 + msg[pos]));
    pos += msg[pos] + 1;
  }
  const qname = labels.join('.');
  const qtype = msg.readUInt16BE(pos + 1);
  const question = msg.subarray(12, pos + 5);
  if (qname.startsWith('silent')) return;
  if (qname === 'garbage.test') {
    server.send(Buffer.concat([u16(id), Buffer.from([0x81, 0x80, 0, 1, 0, 9])]), rinfo.port, rinfo.address);
    return;
  }
  let rcode = 0;
  if (qname === 'servfail.test') rcode = 2;
  else if (qname === 'refused.test') rcode = 5;
  else if (!(qname in zone)) rcode = 3;
  const answers = (zone[qname] || []).filter((rr) => qtype === TYPE.ANY || TYPE[rr.type] === qtype ||
    rr.type === 'CNAME' || rr.owner);
  const records = answers.map((rr) => {
    const data = rdata(rr);
    return Buffer.concat([encodeName(rr.owner || qname), u16(TYPE[rr.type]), u16(1), u32(rr.ttl),
      u16(data.length), data]);
  });
  const header = Buffer.concat([u16(id), u16(0x8180 | rcode), u16(1), u16(records.length), u16(0), u16(0)]);
  server.send(Buffer.concat([header, question, ...records]), rinfo.port, rinfo.address);
});

function show(label, err, value) {
  if (err) console.log(label, 'error', err.code, err.syscall, err.hostname, err.message);
  else console.log(label, JSON.stringify(value));
}

function steps(list) {
  const next = list.shift();
  if (next) next(() => steps(list));
  else server.close();
}

function callbackStep(label, call) {
  return (next) => call((err, value) => {
    show(label, err, value);
    next();
  });
}

server.bind(0, '127.0.0.1', () => {
  const port = server.address().port;
  const resolver = new dns.Resolver({ timeout: 200, tries: 1 });
  resolver.setServers([`127.0.0.1:${port}`]);
  console.log('servers', resolver.getServers().map((s) => s.replace(String(port), 'PORT')));
  steps([
    callbackStep('resolve4', (cb) => resolver.resolve4('a.test', cb)),
    callbackStep('resolve4 ttl', (cb) => resolver.resolve4('a.test', { ttl: true }, cb)),
    callbackStep('resolve6 ttl', (cb) => resolver.resolve6('a.test', { ttl: true }, cb)),
    callbackStep('cname chain', (cb) => resolver.resolve4('www.a.test', { ttl: true }, cb)),
    callbackStep('resolveCname', (cb) => resolver.resolveCname('www.a.test', cb)),
    callbackStep('resolveMx', (cb) => resolver.resolveMx('a.test', cb)),
    callbackStep('resolveNs', (cb) => resolver.resolveNs('a.test', cb)),
    callbackStep('resolveTxt', (cb) => resolver.resolveTxt('a.test', cb)),
    callbackStep('resolveSrv', (cb) => resolver.resolveSrv('a.test', cb)),
    callbackStep('resolveNaptr', (cb) => resolver.resolveNaptr('a.test', cb)),
    callbackStep('resolveSoa', (cb) => resolver.resolveSoa('a.test', cb)),
    callbackStep('resolveCaa', (cb) => resolver.resolveCaa('a.test', cb)),
    callbackStep('resolveAny', (cb) => resolver.resolveAny('a.test', cb)),
    callbackStep('resolve MX', (cb) => resolver.resolve('a.test', 'MX', cb)),
    callbackStep('reverse v4', (cb) => resolver.reverse('1.2.3.4', cb)),
    callbackStep('reverse v6', (cb) => resolver.reverse('2001:db8::1', cb)),
    callbackStep('nxdomain', (cb) => resolver.resolve4('missing.test', cb)),
    callbackStep('nodata', (cb) => resolver.resolveMx('empty.test', cb)),
    callbackStep('servfail', (cb) => resolver.resolve4('servfail.test', cb)),
    callbackStep('refused', (cb) => resolver.resolveTxt('refused.test', cb)),
    callbackStep('bad reply', (cb) => resolver.resolve4('garbage.test', cb)),
    callbackStep('timeout', (cb) => resolver.resolve4('silent.test', cb)),
    callbackStep('onion', (cb) => resolver.resolve4('x.onion', cb)),
    callbackStep('bad name', (cb) => resolver.resolve4('a..test', cb)),
    (next) => {
      const before = queriesSeen;
      resolver.resolve4('silent2.test', (err) => {
        show('cancel', err);
        console.log('setServers while pending threw first:', pendingError);
        next();
      });
      let pendingError = null;
      try {
        resolver.setServers(['127.0.0.1']);
      } catch (e) {
        pendingError = `${e.code} ${/There are pending queries/.test(e.message)}`;
      }
      const wait = setInterval(() => {
        if (queriesSeen === before) return;
        clearInterval(wait);
        resolver.cancel();
      }, 5);
    },
    (next) => {
      const p = new dns.promises.Resolver();
      p.setServers([`127.0.0.1:${port}`]);
      p.resolve4('a.test').then((v) => show('promise resolve4', null, v))
        .then(() => p.resolve('a.test', 'NS')).then((v) => show('promise resolve NS', null, v))
        .then(() => p.resolveMx('missing.test')).catch((e) => show('promise reject', e))
        .then(() => {
          dns.setServers([`127.0.0.1:${port}`]);
          return dns.promises.resolveSrv('a.test');
        })
        .then((v) => show('default resolver after setServers', null, v))
        .then(next);
    },
    (next) => {
      dns.setServers(['1.2.3.4', '1.2.3.4:53', '[::1]:53', '::2', '5.6.7.8:5353', '[::3]:5353']);
      console.log('getServers', dns.getServers(), dns.promises.getServers());
      for (const bad of [['foobar'], ['1.2.3.4:x'], [1], 'x', [' ']]) {
        try {
          dns.setServers(bad);
        } catch (e) {
          console.log('setServers', JSON.stringify(bad), e.name, e.code, e.message);
        }
      }
      for (const args of [['127.0.0.1'], ['::1'], ['127.0.0.1', '::1'], ['::1', '::1'], ['bad'], [1]]) {
        try {
          new dns.Resolver().setLocalAddress(...args);
          console.log('setLocalAddress', args, 'ok');
        } catch (e) {
          console.log('setLocalAddress', args, e.name, e.code, e.message);
        }
      }
      for (const options of [{ timeout: '1' }, { timeout: 1.5 }, { tries: 0 }, { timeout: -1, tries: 1 }]) {
        try {
          new dns.Resolver(options);
          console.log('Resolver', options, 'ok');
        } catch (e) {
          console.log('Resolver', options, e.name, e.code);
        }
      }
      for (const call of [() => dns.resolve('a.test', 'BOGUS', () => {}), () => dns.resolve4(1, () => {}),
        () => dns.resolve4('a.test'), () => dns.promises.resolve('a.test', 5), () => dns.reverse('nope', () => {})]) {
        try {
          call();
        } catch (e) {
          console.log('throws', e.name, e.code, e.message);
        }
      }
      console.log('names', dns.resolve4.name, new dns.Resolver().resolveAny.name, dns.reverse.name);
      next();
    },
  ]);
});
