'use strict';
// internal/dns/wire: the DNS message format (RFC 1035) for the resolver of
// internal/dns/channel: encodeQuery() builds a question, decodeMessage()
// reads a reply (bounds-checked: a bad packet throws a WireError, which the
// channel reports as EBADRESP), and recordsOf() turns the answers into the
// values Node's c-ares binding gives each resolve*() method.

const TYPES = {
  A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33,
  NAPTR: 35, ANY: 255, CAA: 257,
};
const CLASS_IN = 1;
const HEADER_LEN = 12;
const MAX_NAME = 255;
const MAX_LABEL = 63;
const MAX_POINTERS = 128;

class WireError extends Error {}

// Splits a host name into labels ("a.b." and "a.b" are the same; "" and "."
// are the root). Throws WireError('EBADNAME') on an empty or too long label.
function nameLabels(name) {
  if (name === '' || name === '.') return [];
  const trimmed = name.endsWith('.') ? name.slice(0, -1) : name;
  const labels = trimmed.split('.').map((l) => Buffer.from(l, 'latin1'));
  let total = 1;
  for (const l of labels) {
    if (l.length === 0 || l.length > MAX_LABEL) throw new WireError('EBADNAME');
    total += l.length + 1;
  }
  if (total > MAX_NAME) throw new WireError('EBADNAME');
  return labels;
}

// The query packet: id, RD set, one question of `type` (a TYPES value).
function encodeQuery(id, name, type) {
  const labels = nameLabels(name);
  const qname = Buffer.concat([...labels.flatMap((l) => [Buffer.from([l.length]), l]), Buffer.from([0])]);
  const out = Buffer.alloc(HEADER_LEN + qname.length + 4);
  out.writeUInt16BE(id, 0);
  out.writeUInt16BE(0x0100, 2);
  out.writeUInt16BE(1, 4);
  qname.copy(out, HEADER_LEN);
  out.writeUInt16BE(type, HEADER_LEN + qname.length);
  out.writeUInt16BE(CLASS_IN, HEADER_LEN + qname.length + 2);
  return out;
}

// A bounds-checked cursor over a packet.
class Reader {
  constructor(buf, pos = 0, end = buf.length) {
    this.buf = buf;
    this.pos = pos;
    this.end = end;
  }
  need(n) {
    if (this.pos + n > this.end) throw new WireError('EBADRESP');
  }
  u8() {
    this.need(1);
    return this.buf[this.pos++];
  }
  u16() {
    this.need(2);
    const v = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  u32() {
    this.need(4);
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  bytes(n) {
    this.need(n);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  // <character-string>: a length byte then that many bytes (latin1, as
  // Node's binding makes one-byte strings of them).
  charString() {
    return this.bytes(this.u8()).toString('latin1');
  }
  // A domain name, following compression pointers (only backwards, at most
  // MAX_POINTERS of them, so a looping packet cannot hang the parser).
  name() {
    const labels = [];
    let pos = this.pos;
    let jumped = false;
    let jumps = 0;
    let length = 0;
    for (;;) {
      if (pos >= this.buf.length) throw new WireError('EBADRESP');
      const len = this.buf[pos];
      if ((len & 0xC0) === 0xC0) {
        if (pos + 1 >= this.buf.length) throw new WireError('EBADRESP');
        const target = ((len & 0x3F) << 8) | this.buf[pos + 1];
        if (target >= pos || ++jumps > MAX_POINTERS) throw new WireError('EBADRESP');
        if (!jumped) this.pos = pos + 2;
        jumped = true;
        pos = target;
        continue;
      }
      if ((len & 0xC0) !== 0) throw new WireError('EBADRESP');
      if (len === 0) {
        if (!jumped) this.pos = pos + 1;
        break;
      }
      if (pos + 1 + len > this.buf.length) throw new WireError('EBADRESP');
      length += len + 1;
      if (length > MAX_NAME) throw new WireError('EBADRESP');
      labels.push(escapeLabel(this.buf.subarray(pos + 1, pos + 1 + len)));
      pos += 1 + len;
    }
    if (this.pos > this.end) throw new WireError('EBADRESP');
    return labels.join('.');
  }
}

// c-ares escapes '.' and '\' inside a label and non-printable bytes as \DDD.
function escapeLabel(bytes) {
  let s = '';
  for (const b of bytes) {
    if (b === 0x2E || b === 0x5C) s += `\\${String.fromCharCode(b)}`;
    else if (b < 0x21 || b > 0x7E) s += `\\${String(b).padStart(3, '0')}`;
    else s += String.fromCharCode(b);
  }
  return s;
}

function readRecord(r) {
  const name = r.name();
  const type = r.u16();
  const cls = r.u16();
  const ttl = r.u32();
  const rdlength = r.u16();
  r.need(rdlength);
  const rdata = new Reader(r.buf, r.pos, r.pos + rdlength);
  r.pos += rdlength;
  return { name, type, cls, ttl, rdata };
}

// The header, question and answer section of a reply. Authority and
// additional records are not used by any resolve*() result.
function decodeMessage(buf) {
  const r = new Reader(buf);
  const id = r.u16();
  const flags = r.u16();
  const qdcount = r.u16();
  const ancount = r.u16();
  r.u16();
  r.u16();
  const questions = [];
  for (let i = 0; i < qdcount; i++) questions.push({ name: r.name(), type: r.u16(), cls: r.u16() });
  const answers = [];
  for (let i = 0; i < ancount; i++) answers.push(readRecord(r));
  return {
    id, questions, answers,
    response: (flags & 0x8000) !== 0,
    truncated: (flags & 0x0200) !== 0,
    rcode: flags & 0x000F,
  };
}

function ipv6String(bytes) {
  const groups = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i] << 8) | bytes[i + 1]);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xFFFF) {
    return `::ffff:${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`;
  }
  // Otherwise inet_ntop's form is the WHATWG URL serialization (first longest
  // zero run as "::", lowercase hex).
  return require('internal/url').serializeIPv6(groups);
}

// The value of one record of a known type, in the shape resolveAny() lists
// it (without `type`); `ttl` is added by the caller where Node has it.
const rdataParsers = {
  [TYPES.A](d) {
    if (d.end - d.pos !== 4) throw new WireError('EBADRESP');
    return { address: Array.from(d.bytes(4)).join('.') };
  },
  [TYPES.AAAA](d) {
    if (d.end - d.pos !== 16) throw new WireError('EBADRESP');
    return { address: ipv6String(d.bytes(16)) };
  },
  [TYPES.CNAME]: (d) => ({ value: d.name() }),
  [TYPES.NS]: (d) => ({ value: d.name() }),
  [TYPES.PTR]: (d) => ({ value: d.name() }),
  [TYPES.MX](d) {
    const priority = d.u16();
    return { exchange: d.name(), priority };
  },
  [TYPES.TXT](d) {
    const entries = [];
    while (d.pos < d.end) entries.push(d.charString());
    return { entries };
  },
  [TYPES.SRV](d) {
    const priority = d.u16();
    const weight = d.u16();
    const port = d.u16();
    return { name: d.name(), port, priority, weight };
  },
  [TYPES.NAPTR](d) {
    const order = d.u16();
    const preference = d.u16();
    const flags = d.charString();
    const service = d.charString();
    const regexp = d.charString();
    return { flags, service, regexp, replacement: d.name(), order, preference };
  },
  [TYPES.SOA](d) {
    const nsname = d.name();
    const hostmaster = d.name();
    return {
      nsname, hostmaster, serial: d.u32(), refresh: d.u32(), retry: d.u32(), expire: d.u32(),
      minttl: d.u32(),
    };
  },
  [TYPES.CAA](d) {
    const critical = d.u8();
    const tag = d.charString();
    return { critical, [tag]: d.bytes(d.end - d.pos).toString('latin1') };
  },
};

const typeNames = Object.fromEntries(Object.entries(TYPES).map(([k, v]) => [v, k]));

// The records of `type` among the answers, parsed. For A and AAAA, as
// c-ares: only those of the queried name or of the names its CNAME chain
// leads to, with a TTL no longer than the chain's. `cname` is the chain's
// last name (resolveCname's answer), or null.
function recordsOf(msg, qname, type) {
  let name = qname.toLowerCase().replace(/\.$/, '');
  let cname = null;
  let cnameTtl = Infinity;
  const followChain = type === TYPES.A || type === TYPES.AAAA || type === TYPES.CNAME;
  if (followChain) {
    for (let changed = true, hops = 0; changed && hops < msg.answers.length; hops++) {
      changed = false;
      for (const rr of msg.answers) {
        if (rr.type === TYPES.CNAME && rr.name.toLowerCase() === name) {
          const target = new Reader(rr.rdata.buf, rr.rdata.pos, rr.rdata.end).name();
          cname = target;
          cnameTtl = Math.min(cnameTtl, rr.ttl);
          name = target.toLowerCase();
          changed = true;
          break;
        }
      }
    }
  }
  const out = [];
  for (const rr of msg.answers) {
    if (rr.type !== type) continue;
    if (followChain && type !== TYPES.CNAME && rr.name.toLowerCase() !== name) continue;
    const parser = rdataParsers[rr.type];
    const value = parser(new Reader(rr.rdata.buf, rr.rdata.pos, rr.rdata.end));
    value.ttl = Math.min(rr.ttl, cnameTtl);
    out.push(value);
  }
  return { records: out, cname };
}

// Every answer of a known type for resolveAny(), grouped by type in the
// order Node's binding parses them; only A and AAAA carry a TTL there.
const ANY_ORDER = [TYPES.A, TYPES.CNAME, TYPES.AAAA, TYPES.MX, TYPES.NS, TYPES.TXT, TYPES.SRV,
  TYPES.PTR, TYPES.NAPTR, TYPES.SOA, TYPES.CAA];
function anyRecords(msg) {
  const out = [];
  for (const type of ANY_ORDER) {
    for (const rr of msg.answers) {
      if (rr.type !== type) continue;
      const value = rdataParsers[type](new Reader(rr.rdata.buf, rr.rdata.pos, rr.rdata.end));
      if (type === TYPES.A || type === TYPES.AAAA) value.ttl = rr.ttl;
      value.type = typeNames[type];
      out.push(value);
      if (type === TYPES.SOA) break;
    }
  }
  return out;
}

module.exports = { TYPES, WireError, encodeQuery, decodeMessage, recordsOf, anyRecords, nameLabels };
