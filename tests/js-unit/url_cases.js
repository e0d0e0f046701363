'use strict';
// URL / URLSearchParams / url module / querystring cases. Prints JSON lines
// so the output can be diffed between node and shoal.
const url = require('url');
const querystring = require('querystring');
const util = require('util');

const out = (label, value) => console.log(JSON.stringify([label, value]));
const errInfo = (e) => ({ name: e.name, code: e.code, message: e.message, input: e.input, base: e.base });
function attempt(label, fn) {
  try { out(label, { ok: fn() }); } catch (e) { out(label, { err: errInfo(e) }); }
}
const props = ['href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'hash'];
function snap(u) {
  const o = {};
  for (const p of props) o[p] = u[p];
  return o;
}

// --- parsing ------------------------------------------------------------------
const bases = [undefined, 'http://example.org/foo/bar?q#f', 'file:///tmp/x/y', 'sc://h/a/b', 'about:blank'];
const inputs = [
  'http://example.com', 'HTTP://EXAMPLE.COM/A?B#C', 'https://u:p@h.com:443/x', 'http://h:8080/a/../b/./c',
  'http://h:65536', 'http://[::1]:80/', 'http://[1:0:0:2:0:0:0:3]', 'http://[::ffff:192.168.0.1]', 'http://[1::2::3]',
  'http://0x7f.1', 'http://017700000001', 'http://4294967295', 'http://4294967296', 'http://1.2.3.4.5', 'http://foo.09',
  'http://b\u00fccher.de', 'http://\u4f8b\u3048.\u30c6\u30b9\u30c8/', 'http://Ｇｏ.com', 'http://xn--a/', 'http://a b',
  'http://h/a b"<>`{}|^', 'http://h/?a b"#c d`', "http://h/?'", "sc://h/?'", 'http://h/\ud800', '//foo/bar', '/foo', 'foo',
  '../../x', '?q', '#f', '', '..', 'http:foo', 'sc:foo', 'sc://h/..', 'sc:/a/..', 'javascript:alert(1)', 'mailto:a@b.c',
  'data:text/plain,a  #x', 'blob:http://a/uuid', 'blob:null/x', 'file:', 'file://localhost/a', 'file:///C:/a/../..', 'file:///C|/a',
  'C:/x', '\\\\server\\file', 'file://h:80/x', 'http://%41.com', 'http://%ef%bc%85', 'non-special://[1:2::3]:80/', 'sc://a^b',
  '  http://trim.me/ \t\n', 'ws://h:80/', 'wss://h:443/', 'ftp://h:21/',
];
for (const input of inputs) {
  for (const base of bases) {
    try {
      out('parse', [input, base, snap(base === undefined ? new URL(input) : new URL(input, base))]);
    } catch (e) {
      out('parse', [input, base, errInfo(e)]);
    }
  }
}
out('canParse', [URL.canParse('http://x'), URL.canParse('x'), URL.canParse('x', 'http://a'), URL.canParse('x', 'bad')]);
attempt('canParseNoArgs', () => URL.canParse());
attempt('noArgs', () => new URL());
attempt('badBase', () => new URL('x', 'bad'));
attempt('bad', () => new URL('bad'));
out('urlParse', [URL.parse('http://a/b') && URL.parse('http://a/b').href, URL.parse('bad')]);

// --- setters ---------------------------------------------------------------------
const setterCases = [
  ['http://u:p@h.com:81/p?q=1#f', 'protocol', 'https'], ['http://h/', 'protocol', 'file'], ['http://h/', 'protocol', 'sc'],
  ['sc://h/', 'protocol', 'http'], ['http://h:80/', 'protocol', 'ws:'], ['https://h:80/', 'protocol', 'http'],
  ['http://h/', 'username', 'a b@:'], ['http://h/', 'password', 'p:w'], ['file:///x', 'username', 'u'],
  ['http://h/', 'host', 'x.com:81'], ['http://h/', 'host', 'x.com:80'], ['http://h/', 'host', ''], ['http://h/', 'host', '[::1]:2'],
  ['http://h/', 'hostname', 'x.com:81'], ['http://h:5/', 'hostname', 'y'], ['sc:/p', 'host', 'x:1'], ['sc://h/p', 'host', ':80'],
  ['file://h/x', 'host', 'localhost'], ['mailto:x', 'host', 'h'],
  ['http://h:5/', 'port', '80'], ['http://h:5/', 'port', '8080x'], ['http://h:5/', 'port', ''], ['http://h:5/', 'port', '99999'],
  ['http://h:5/', 'port', 'x1'], ['http://h:5/', 'port', 'a'], ['http://h:5/', 'port', '-1'],
  ['http://h/a', 'pathname', '/b/../c d'], ['http://h/a', 'pathname', 'x'], ['sc:op', 'pathname', '/x'], ['sc://h', 'pathname', 'x'],
  ['http://h/a', 'search', '?a=1&b=2'], ['http://h/a?x', 'search', ''], ['http://h/a', 'search', 'c d#e'],
  ['http://h/a', 'hash', 'x y'], ['http://h/a#x', 'hash', ''], ['sc:op  #x', 'hash', ''], ['sc:op  ?x', 'search', ''],
  ['http://h/a', 'href', 'https://x/y?z'],
];
for (const [input, prop, value] of setterCases) {
  const u = new URL(input);
  u[prop] = value;
  out('setter', [input, prop, value, snap(u)]);
}
attempt('hrefBad', () => { const u = new URL('http://h/'); u.href = 'bad'; });

// --- searchParams linkage ------------------------------------------------------------
const u = new URL('http://h/p?a=1&b=2&a=3');
const sp = u.searchParams;
out('sp', [sp.get('a'), sp.getAll('a'), sp.has('b'), sp.has('a', '3'), sp.has('a', '4'), sp.size, sp.toString()]);
sp.append('c', 'x y');
out('spAppend', u.href);
sp.delete('a', '1');
out('spDeleteValue', u.href);
sp.set('a', 'é&=');
out('spSet', u.href);
sp.sort();
out('spSort', u.href);
sp.delete('a'); sp.delete('b'); sp.delete('c');
out('spEmpty', [u.href, u.search]);
u.search = '?z=9';
out('spAfterSearch', [...sp]);
u.href = 'http://other/?k=v';
out('spAfterHref', [...sp]);
out('sameObject', u.searchParams === sp);
const opaque = new URL('sc:op  ?x=1');
opaque.searchParams.delete('x');
out('opaqueStrip', opaque.href);

// --- URLSearchParams -------------------------------------------------------------------
const ctorInputs = ['', '?', '?a=1', 'a=1&&b=2&', 'a+b=c+d', '%zz=%41', '=x', 'x=', 'a=1=2', 'é=ü', '%F0%9F%98%80=%ff', 'a&b&a'];
for (const init of ctorInputs) {
  const p = new URLSearchParams(init);
  out('usp', [init, [...p], p.toString(), p.size]);
}
out('uspRecord', [...new URLSearchParams({ a: 1, b: 'x y', c: null, d: undefined })]);
out('uspPairs', [...new URLSearchParams([['a', 1], ['b', 2], ['a', 3]])]);
out('uspMap', [...new URLSearchParams(new Map([['m', 'n']]))]);
out('uspCopy', [...new URLSearchParams(new URLSearchParams('a=1&b=2'))]);
out('uspNull', [new URLSearchParams(null).toString(), new URLSearchParams(undefined).toString(), new URLSearchParams(() => {}).toString()]);
attempt('uspBadTuple', () => new URLSearchParams([[1]]));
attempt('uspBadTuple3', () => new URLSearchParams([[1, 2, 3]]));
attempt('uspNotIterable', () => new URLSearchParams({ [Symbol.iterator]: 1 }));
attempt('uspAppendMissing', () => new URLSearchParams().append('a'));
attempt('uspGetMissing', () => new URLSearchParams().get());
attempt('uspForEachBad', () => new URLSearchParams().forEach(1));
out('uspSerialize', new URLSearchParams([['a b', 'c+d'], ['~!*()\'', '-._'], ['é', '\ud800'], ['&=?#', '/%']]).toString());
const fe = [];
new URLSearchParams('a=1&b=2').forEach(function(v, k, self) { fe.push([k, v, self instanceof URLSearchParams, this]); }, 'T');
out('uspForEach', fe);
const it = new URLSearchParams('a=1&b=2');
out('uspIterators', [[...it.keys()], [...it.values()], [...it.entries()], Object.prototype.toString.call(it.keys()), typeof it[Symbol.iterator]]);
const sortMe = new URLSearchParams('z=1&a=2&\ufffd=3&b=4&a=1&\ud83d\ude00=5');
sortMe.sort();
out('uspSort', sortMe.toString());
out('uspProtoKeys', Object.getOwnPropertyNames(URLSearchParams.prototype));

// --- inspect / JSON ----------------------------------------------------------------------
const iu = new URL('https://user:pw@example.com:8080/p/a/t/h?query=string#hash');
out('inspectURL', util.inspect(iu));
out('inspectURLDepth0', util.inspect(iu, { depth: 0 }));
out('inspectNested', util.inspect({ a: { b: { c: iu } } }));
out('inspectUSP', [util.inspect(new URLSearchParams('a=1&b=2')), util.inspect(new URLSearchParams()),
  util.inspect(new URLSearchParams({ a: 'x'.repeat(40), b: 'y'.repeat(40) }))]);
out('inspectIter', [util.inspect(new URLSearchParams('a=1&b=2').keys()), util.inspect(new URLSearchParams('a=1').entries())]);
out('json', [JSON.stringify({ u: iu }), iu.toJSON(), String(iu), Object.prototype.toString.call(iu)]);
out('urlProtoKeys', Object.getOwnPropertyNames(URL.prototype));

// --- url module --------------------------------------------------------------------------------
out('fileURLToPath', [url.fileURLToPath('file:///a/b%20c'), url.fileURLToPath(new URL('file:///x/%E2%82%AC')), url.fileURLToPath('file://localhost/etc')]);
attempt('fileURLToPathScheme', () => url.fileURLToPath('http://a/'));
attempt('fileURLToPathHost', () => url.fileURLToPath('file://host/a'));
attempt('fileURLToPathSlash', () => url.fileURLToPath('file:///a%2fb'));
attempt('fileURLToPathBad', () => url.fileURLToPath(1));
out('pathToFileURL', ['/a/b c', '/a/%/#?', '/x/', '/tmp/é', '/a\\b', '/t\tn\nr\r'].map((p) => url.pathToFileURL(p).href));
attempt('pathToFileURLBad', () => url.pathToFileURL(1));
out('format', [url.format(iu), url.format(iu, { auth: false, search: false, fragment: false }), url.format(new URL('http://xn--bcher-kva.de/'), { unicode: true })]);
out('formatObject', [url.format({ protocol: 'http', host: 'a.com', pathname: 'x', search: 'q=1', hash: 'h' }),
  url.format({ protocol: 'https:', hostname: 'b.com', port: 8080, pathname: '/p', query: { a: 1, b: 'x y' } }),
  url.format({ protocol: 'mailto', pathname: 'a@b.c' })]);
out('domain', [url.domainToASCII('español.com'), url.domainToASCII('xn--iñvalid.com'), url.domainToUnicode('xn--espaol-zwa.com'), url.domainToUnicode('xn--iñvalid.com')]);
out('httpOptions', url.urlToHttpOptions(new URL('https://a:b@[::1]:3000/p?q=1#h')));

// --- querystring ----------------------------------------------------------------------------------
for (const s of ['a=1&b=2&a=3', 'a+b=c%20d', '%zz=%E9', '&&a=&=b&', 'x=%F0%9F%98%80', '__proto__=1']) {
  out('qs.parse', [s, { ...querystring.parse(s) }]);
}
out('qs.parseSepEq', { ...querystring.parse('a:1;b:2', ';', ':') });
out('qs.parseMaxKeys', { ...querystring.parse('a=1&b=2&c=3', null, null, { maxKeys: 2 }) });
out('qs.stringify', [querystring.stringify({ a: [1, 2], b: 'x y', c: true, d: null, e: 1e21, f: 'é' }), querystring.stringify({ a: 1 }, ';', ':'),
  querystring.stringify('x'), querystring.stringify({ a: 'b' }, null, null, { encodeURIComponent: (s) => s.toUpperCase() })]);
out('qs.escape', [querystring.escape('a b&c/é~*'), querystring.unescape('a%20b+c%zz'), querystring.unescape('%E9')]);
attempt('qs.escapeLoneSurrogate', () => querystring.escape('a\ud800'));

// --- IDNA validity (UTS #46): bad punycode digits, disallowed code points,
// CONTEXTJ (ZWJ after a virama, ZWNJ between joining letters), the Bidi rule.
for (const d of ['xn--ls8h=', 'xn--1ug.example', '\u064aa', 'xn--a-yoc', '\u0dc1\u0dca\u200d\u0dbb\u0dd3',
  '\u0646\u0627\u0645\u0647\u200c\u0627\u06cc', '\ufffd.com', 'xn--zn7c.com', '\ufdd0zyx.com', 'a\u200db.com',
  '\u05d0\u05d1.com', '\u05d0a.com', '\u05d01.com', '1\u05d0.com', '\u0627\u0661\u06f1.com', 'a\u200cb']) {
  attempt('idna', () => [d, url.domainToASCII(d), url.domainToUnicode(d)]);
}
// URLSearchParams: a symbol key is a TypeError; the iterator past breakLength.
attempt('paramsSymbol', () => new URLSearchParams({ [Symbol('x')]: 1 }).toString());
attempt('paramsIterBreak', () => util.inspect(new URLSearchParams('a=1&b=2').keys(), { breakLength: 1 }));
attempt('paramsInspectThis', () => new URLSearchParams()[util.inspect.custom].call({}));
