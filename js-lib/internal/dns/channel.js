'use strict';
// internal/dns/channel: a stub resolver over UDP (dgram), the counterpart
// of Node's c-ares ChannelWrap (each dns.Resolver's `_handle`): a list of
// name servers (/etc/resolv.conf's by default), a timeout and a number of
// tries per server, queries answered through callbacks with c-ares' error
// codes (ENOTFOUND, ENODATA, ETIMEOUT, ECONNREFUSED, EBADRESP, ECANCELLED,
// ...). The message format is internal/dns/wire's.
//
// Each attempt sends the question to one server from a socket of its own
// (bound to the local address set by setLocalAddress, if any); a reply is
// taken only from that server with the same id and question. An attempt
// that times out, is refused or gets SERVFAIL/NOTIMP/REFUSED moves on to the
// next server; after `tries` rounds over all servers the query fails.

const wire = require('internal/dns/wire');
// (net requires dns, which requires this module: net is looked up late.)
const isIP = (s) => require('net').isIP(s);

const DEFAULT_PORT = 53;
const DEFAULT_TIMEOUT_MS = 2000;
const RCODE_ERRORS = { 1: 'EFORMERR', 2: 'ESERVFAIL', 3: 'ENOTFOUND', 4: 'ENOTIMP', 5: 'EREFUSED' };
// Replies that make c-ares try the next server rather than give up.
const RETRY_RCODES = new Set([2, 4, 5]);

let systemConfig = null;

// nameserver lines and `options timeout:N` of /etc/resolv.conf, read once.
function readSystemConfig() {
  if (systemConfig) return systemConfig;
  systemConfig = { servers: [], timeoutMs: DEFAULT_TIMEOUT_MS };
  let text = '';
  try {
    text = require('fs').readFileSync('/etc/resolv.conf', 'latin1');
  } catch {
    // no file: no servers, as c-ares (which then falls back to 127.0.0.1)
  }
  for (const line of text.split('\n')) {
    const words = line.replace(/[#;].*/, '').trim().split(/\s+/);
    if (words[0] === 'nameserver' && words[1]) {
      const ip = words[1].replace(/%.*$/, '');
      if (isIP(ip)) addServer(systemConfig.servers, ip, DEFAULT_PORT);
    } else if (words[0] === 'options') {
      for (const opt of words.slice(1)) {
        const m = /^timeout:(\d+)$/.exec(opt);
        if (m && Number(m[1]) > 0) systemConfig.timeoutMs = Number(m[1]) * 1000;
      }
    }
  }
  if (systemConfig.servers.length === 0) systemConfig.servers.push(['127.0.0.1', DEFAULT_PORT]);
  return systemConfig;
}

// c-ares keeps one entry per address and port.
function addServer(list, ip, port) {
  if (!list.some(([a, p]) => a === ip && p === port)) list.push([ip, port]);
}

let nextId = Math.floor(Math.random() * 0x10000);

class ChannelWrap {
  constructor(timeout = -1, tries = 4) {
    const config = readSystemConfig();
    this.servers = config.servers.map((s) => s.slice());
    this.timeoutMs = timeout > 0 ? timeout : config.timeoutMs;
    this.tries = tries;
    this.localAddress = { 4: null, 6: null };
    this.pending = new Set();
  }

  getServers() {
    return this.servers.map((s) => s.slice());
  }

  // servers: [[family, ip, port], ...] (validated by Resolver#setServers).
  // Returns 0, or c-ares' message when the list cannot change now.
  setServers(servers) {
    if (this.pending.size > 0) return 'There are pending queries.';
    const list = [];
    for (const [, ip, port] of servers) addServer(list, ip.replace(/%.*$/, ''), port);
    this.servers = list;
    return 0;
  }

  // Returns null, or the message Node's binding throws with.
  setLocalAddress(first, second) {
    const f1 = isIP(first);
    if (f1 === 0) return 'Invalid IP address.';
    const local = { 4: null, 6: null };
    local[f1] = first;
    if (typeof second === 'string') {
      const f2 = isIP(second);
      if (f2 === 0) return 'Invalid IP address.';
      if (f2 === f1) return `Cannot specify two IPv${f1} addresses.`;
      local[f2] = second;
    }
    this.localAddress = local;
    return null;
  }

  cancel() {
    for (const q of [...this.pending]) this.finish(q, 'ECANCELLED');
  }

  // Sends the question `name`/`type` (a wire.TYPES value); done(code, msg)
  // later gets an error code or null and the decoded reply.
  query(name, type, done) {
    const q = { name, type, done, attempt: 0, socket: null, timer: null, lastError: 'ETIMEOUT' };
    if (/(^|\.)onion\.?$/i.test(name)) {
      process.nextTick(done, 'ENOTFOUND');
      return;
    }
    try {
      wire.nameLabels(name);
    } catch (e) {
      if (!(e instanceof wire.WireError)) throw e;
      process.nextTick(done, e.message);
      return;
    }
    if (this.servers.length === 0) {
      process.nextTick(done, 'ECONNREFUSED');
      return;
    }
    this.pending.add(q);
    this.send(q);
  }

  send(q) {
    const total = this.servers.length * this.tries;
    if (q.attempt >= total) {
      this.finish(q, q.lastError);
      return;
    }
    const [ip, port] = this.servers[q.attempt % this.servers.length];
    const round = Math.floor(q.attempt / this.servers.length);
    q.attempt++;
    this.closeSocket(q);
    const id = nextId = (nextId + 1) & 0xFFFF;
    const family = isIP(ip);
    const socket = require('dgram').createSocket(family === 6 ? 'udp6' : 'udp4');
    q.socket = socket;
    const retry = (code) => {
      if (q.socket !== socket) return;
      q.lastError = code;
      this.send(q);
    };
    socket.on('error', (err) => retry(err.code === 'ECONNREFUSED' ? 'ECONNREFUSED' : 'ETIMEOUT'));
    socket.on('message', (buf, rinfo) => {
      if (q.socket !== socket || rinfo.port !== port) return;
      this.onReply(q, id, buf, retry);
    });
    const packet = wire.encodeQuery(id, q.name, q.type);
    const start = () => {
      socket.connect(port, ip, (err) => {
        if (err) retry('ECONNREFUSED');
        else if (q.socket === socket) socket.send(packet);
      });
    };
    const local = this.localAddress[family];
    if (local) socket.bind(0, local, start);
    else start();
    // c-ares waits longer on each round over the servers.
    q.timer = setTimeout(() => retry('ETIMEOUT'), this.timeoutMs * (round + 1));
  }

  onReply(q, id, buf, retry) {
    let msg;
    try {
      msg = wire.decodeMessage(buf);
    } catch (e) {
      if (!(e instanceof wire.WireError)) throw e;
      if (buf.length >= 2 && buf.readUInt16BE(0) === id) this.finish(q, 'EBADRESP');
      return;
    }
    if (msg.id !== id || !msg.response || !sameQuestion(msg, q)) return;
    if (RETRY_RCODES.has(msg.rcode) && q.attempt < this.servers.length * this.tries) {
      retry(RCODE_ERRORS[msg.rcode]);
      return;
    }
    if (msg.rcode !== 0) {
      this.finish(q, RCODE_ERRORS[msg.rcode] || 'EBADRESP');
      return;
    }
    this.finish(q, msg.answers.length === 0 ? 'ENODATA' : null, msg);
  }

  closeSocket(q) {
    clearTimeout(q.timer);
    if (q.socket) {
      const s = q.socket;
      q.socket = null;
      s.removeAllListeners('message');
      s.on('error', () => {});
      s.close();
    }
  }

  finish(q, code, msg) {
    if (!this.pending.delete(q)) return;
    this.closeSocket(q);
    q.done(code, msg);
  }
}

function sameQuestion(msg, q) {
  if (msg.questions.length !== 1) return false;
  const [question] = msg.questions;
  const want = q.name.replace(/\.$/, '').toLowerCase();
  return question.type === q.type && question.name.toLowerCase() === want;
}

module.exports = { ChannelWrap, DEFAULT_PORT };
