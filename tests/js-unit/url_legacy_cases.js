'use strict';
// Legacy url API cases (url.parse / format / resolve / resolveObject / Url).
// Prints JSON lines so the output can be diffed between node and shoal.
const url = require('url');

const out = (label, value) => console.log(JSON.stringify([label, value]));
const errInfo = (e) => ({ name: e.name, code: e.code, message: e.message, input: e.input });
function attempt(label, fn) {
  try { out(label, { ok: fn() }); } catch (e) { out(label, { err: errInfo(e) }); }
}
const fields = ['protocol', 'slashes', 'auth', 'host', 'port', 'hostname', 'hash', 'search', 'query',
  'pathname', 'path', 'href'];
function snap(u) {
  const o = { keys: Object.keys(u).join(',') };
  for (const f of fields) {
    const v = u[f];
    o[f] = v !== null && typeof v === 'object' ? { proto: Object.getPrototypeOf(v) === null, entries: Object.entries(v) } : v;
  }
  return o;
}

const inputs = [
  // plain http(s)
  'http://example.com', 'http://example.com/', 'HTTP://EXAMPLE.COM/A/B?C=D#E', 'https://u:p@h.com:443/x',
  'http://user@host.com:81/p/x?q=1#h', 'http://user:pass@host.com:8080/p/a/t/h?query=string#hash',
  'http://a:b@c:d@host/', 'http://a@b@c/', 'http://@host/', 'http://:@host/', 'http://user:@host/', 'http://:pw@host/',
  'http://us%20er:p%40ss@host/', 'http://us er@host/', 'http://h.com:/x', 'http://h.com:0/', 'http://h.com:65536/',
  'http://h.com:8080', 'http://h.com:80a/', 'http://h.com:-1/', 'http://h.com::80/',
  'http://x.com/path?', 'http://x.com/path#', 'http://x.com/?#', 'http://x.com?a=b', 'http://x.com#frag',
  'http://x.com/a?b?c#d#e', 'http://x.com/a#b?c', 'http://x.com/a/../b/./c', 'http://x.com//double//slash',
  'http://x.com/%zz', 'http://x.com/%41%42', 'http://x.com/ä ö?q=ü#ß', 'http://x.com/\u2665',
  'http://x.com/a b"<>`{}|^\'\\c', 'http://x.com/?a b"<>`{}|^\'\\c', 'http://x.com/#a b"<>`{}|^\'\\c',
  'http://x.com/\t\n\r/', 'http://x.com/a\u0001b',
  // hosts
  'http://0x7f.1/', 'http://1.2.3/', 'http://127.0.0.1:3000/x', 'http://a*b.com/', 'http://a_b.com/',
  'http://a:b/x', 'http://ÄB.com/', 'http://münchen.de/', 'http://xn--mnchen-3ya.de/', 'http://XN--4CA.com/',
  'http://xn--zz.com/', 'http://a..b/', 'http://a._b/', 'http://\u2665.com/', 'http://ß.de/', 'http://ｅｘａｍｐｌｅ.com/',
  'http://a\u3002b/', 'http://ä b/', 'http://a b/', 'http://a%20b/', 'http://a;b/', 'http://a<b>/', 'http://a"b/',
  'http://a{b}/', 'http://a|b/', 'http://a^b/', 'http://a`b/', "http://a'b/", 'http://a\\b/', 'http://a\\b@c/',
  'http://a%40b@c/', 'http://a.com.:80/', 'http://.a.com/', 'http://-a-.com/', 'http://A.B.C.D.E/',
  'http://' + 'a'.repeat(255) + '/', 'http://' + 'a'.repeat(256) + '/x', 'http://a\x7fb/', 'http://a\x01b/',
  'http://xn--iñvalid.com/', 'http://a.ä.xn--/', 'http://\u0080x/', 'http://ä\u200db/', 'http://A\u00ADB/',
  // IPv6
  'http://[::1]/', 'http://[::1]:3000/x?y#z', 'http://[FE80::1]/', 'http://[fe80::1%25eth0]/', 'http://[::1]',
  'http://[::1]x/', 'http://[::1', 'http://::1]/', 'http://user:pw@[::1]:8/p', 'http://[a b]/', 'http://[1:2:3::4]:/',
  'http://[::1]?q', 'http://[::1]#h', 'http://[]/',
  // protocol-relative and relative
  '//example.com/path', '//user@host/path', '//host', '///triple', '////quad', '/path/only', '/path?x=1&y=2',
  '/path?x=1#h', 'path/only', './rel', '../rel', '..', '.', '', ' ', '   \t', '?q=1', '#hash', '?q#h', 'a?b#c',
  '/a b', '/a\tb', '//a b', 'foo@bar', 'foo@bar/baz', '//foo@bar', '/foo@bar', '//a@b@c/d',
  // whitespace / backslashes
  '  http://trim.me/  ', '\t\nhttp://trim.me/\r\n', '\u00a0http://x.com/\ufeff', '\x01http://x.com/\x02',
  'http:\\\\x.com\\a\\b?c\\d#e\\f', '\\\\server\\share\\file', '/\\x.com/p', 'http://x.com\\@y.com/',
  'http://x.com/a\\b', 'x\\y', 'http://x.com /path', 'http://x .com/path', 'http://x.com/p a t h ',
  // special/other protocols
  'HTTP:foo', 'http:foo', 'http:/foo', 'http:///foo', 'https:foo/bar', 'HTTPS://X.COM', 'ftp://ftp.x.com/f.txt',
  'gopher://g.x/1', 'ws://h:80/', 'wss://h:443/s', 'mailto:user@example.com', 'mailto:User@Example.COM?subject=hi',
  'mailto://user@x.com', 'MAILTO:a@b', 'news:comp.lang', 'tel:+1-555', 'urn:isbn:0451450523', 'xmpp:u@h/r',
  'javascript:alert(1)', 'javascript:alert("a b")', 'JavaScript:void(0)', 'javascript://comment%0Aalert(1)',
  'javascript:a\\b', 'data:text/plain,hello world', 'data:text/html;base64,PGI+', 'about:blank',
  'file:///etc/passwd', 'file://localhost/etc/x', 'file:/etc/x', 'file:etc', 'file://', 'file:', 'FILE:///X',
  'file:///C:/a/b', 'file://host/share/f', 'file:///a b/c', 'sc://h/a/b', 'sc:/a/b', 'sc:a/b', 'sc://',
  'a+b.c-d://host/', 'a1://h', '1a://h', 'svn+ssh://u@h/r', 'git://github.com/x.git', 'coap://[::1]:5683/',
  'blob:http://a/uuid', 'x:', 'x://@', 'x://:@', 'x://a:b@', 'http://', 'http:', 'http://?', 'http://#',
  'http://@', 'http://:80', 'http://:80/x', 'http://user@', 'http:// x', 'http://x:y:z@h/',
  // tabs and newlines before the path are dropped
  'http://a\r" \t\n<\'b:b@c\r\nd/e?f', 'http://a\tb.com/x\ty?q\tr#h\ti', 'mailto:a\nb@c',
  // queries for parseQueryString
  'http://x.com/?a=1&a=2&b=three%20four&c', 'http://x.com/?a=%zz&b=+', '/p?x[]=1&x[]=2&&=&=v', '?', '/?',
  'http://x.com/?__proto__=1&constructor=2', 'http://x.com/?a=1#?b=2',
];

for (const input of inputs) {
  attempt('parse', () => [input, snap(url.parse(input))]);
  attempt('parseQ', () => [input, snap(url.parse(input, true))]);
  attempt('parseS', () => [input, snap(url.parse(input, false, true))]);
  attempt('parseQS', () => [input, snap(url.parse(input, true, true))]);
  attempt('fmtStr', () => [input, url.format(input)]);
}

// Invalid argument types.
for (const bad of [undefined, null, 5, true, {}, [], Symbol.iterator, () => {}, 10n]) {
  attempt('parseBad', () => url.parse(bad));
  attempt('formatBad', () => url.format(bad));
}
attempt('parseInstance', () => { const u = url.parse('http://a/'); return url.parse(u) === u; });
attempt('UrlShape', () => [Object.keys(new url.Url()), Object.keys(url.Url.prototype), url.Url.length,
  url.parse.length, url.format.length, url.resolve.length, url.resolveObject.length,
  url.parse('http://a/') instanceof url.Url, typeof url.Url.prototype.parseHost]);

// format() of plain objects.
const objects = [
  { protocol: 'http', host: 'example.com', pathname: '/a' },
  { protocol: 'http:', hostname: 'example.com', port: 8080, pathname: 'a b', search: 'x=1', hash: 'h' },
  { protocol: 'https', hostname: '::1', port: '443', pathname: '/' },
  { protocol: 'https', hostname: '[::1]', pathname: '/' },
  { protocol: 'mailto', auth: 'user', hostname: 'x.com' },
  { protocol: 'mailto', pathname: 'user@x.com' },
  { protocol: 'file', pathname: '/etc/passwd' },
  { protocol: 'file:', pathname: 'etc' },
  { protocol: 'FILE', pathname: '/x' },
  { protocol: 'fIle' },
  { protocol: 'ftp', host: 'h' },
  { protocol: 'foo', slashes: true, host: 'h', pathname: 'p' },
  { protocol: 'foo', host: 'h', pathname: 'p' },
  { host: 'h', pathname: 'p' },
  { slashes: true, host: 'h', pathname: 'p' },
  { auth: 'a:b c@d', host: 'h' },
  { auth: 'a:b:c', hostname: 'h', port: 1 },
  { auth: "!*'()~-_.", host: 'h' },
  { auth: 'ü', host: 'h' },
  { pathname: '/a#b?c', search: '?d#e', hash: 'f#g' },
  { pathname: '/p', query: { a: 1, b: ['x', 'y'], c: '' } },
  { pathname: '/p', search: '?s', query: { a: 1 } },
  { pathname: '/p', query: 'a=1' },
  { pathname: '/p', search: 's' },
  { hash: '#h' }, { search: '?' }, {},
  { href: 'http://ignored/' },
  { protocol: 'http', hostname: 'h', host: 'other:9', port: 1 },
  { protocol: 'javascript', pathname: 'alert(1)' },
  { protocol: 'http', slashes: false, host: 'h' },
  { protocol: 'xx', slashes: true },
  { protocol: 'http' },
];
for (const o of objects) attempt('formatObj', () => [o, url.format(o)]);
attempt('formatUrlObj', () => url.format(url.parse('http://u:p@h:1/a?b#c')));
attempt('formatMethod', () => url.parse('http://u:p@h:1/a?b#c').format());
attempt('formatQueryObj', () => { const u = url.parse('http://h/a?b=1', true); u.search = null; u.query.z = 'x y'; return url.format(u); });

// format() with WHATWG URLs and options.
const whatwg = new URL('http://user:pass@xn--mnchen-3ya.de:8080/p?q=1#frag');
for (const opts of [undefined, {}, { auth: false }, { fragment: false }, { search: false }, { unicode: true },
  { auth: false, fragment: false, search: false, unicode: true }, { auth: 0, fragment: '', search: null, unicode: 1 }]) {
  attempt('formatURL', () => [opts === undefined ? null : opts, url.format(whatwg, opts)]);
}
attempt('formatURLBadOpts', () => url.format(whatwg, 'x'));

// resolve() and resolveObject().
const bases = ['http://a/b/c/d;p?q', 'http://a.com/b/c', 'http://a.com', 'http://a.com/', 'http://u:p@a.com:8/x/y?z#w',
  '/one/two/three', 'one/two', '', 'mailto:a@b.com', 'mailto:a@b.com/x', 'file:///a/b/c', 'file:///a/', 'file://h/x',
  'javascript:void(0)', 'sc://h/a/b', 'sc:a/b', '//proto/rel/x', 'http://[::1]:8/a/b', 'http://a/b/', 'x:y', 'http://a/b/c/..'];
const rels = ['g', './g', 'g/', '/g', '//g', '?y', 'g?y', '#s', 'g#s', 'g?y#s', ';x', 'g;x', '', '.', './', '..',
  '../', '../g', '../..', '../../', '../../g', '../../../g', '../../../../g', '/./g', '/../g', 'g.', '.g', 'g..', '..g',
  './../g', './g/.', 'g/./h', 'g/../h', 'http:g', 'http://x/y', 'https:g', 'https://x', 'mailto:c@d', 'file:///z',
  'file:z', 'ftp:z', 'javascript:x', 'sc:z', 'sc://z/w', '//u@h2/p', 'a@b', '?', '#', 'http:', 'http://', '\\x\\y',
  ' g ', 'g h', '?q=a b', '..//g', '/g/../..', 'local2@domain2', '//g?x#y', 'HTTP://X/Y'];
for (const from of bases) {
  for (const to of rels) {
    attempt('resolve', () => [from, to, url.resolve(from, to)]);
  }
}
for (const [from, to] of [['http://a/b/c', 'd'], ['mailto:local1@domain1', 'local2@domain2'], ['mailto:a@b', '?x'],
  ['http://a/b', '//c'], ['', 'x'], ['http://a/b', 'ftp:c/d'], ['http://a/b', 'ftp:'], ['sc:a/b/c', '../../..'],
  ['http://a', 'b'], ['http://a/b/c', ''], ['mailto:user@example.org', 'mailto:another.host.com'],
  ['mailto:a@b', 'mailto:x@'], ['news:a@b/c', 'news:d/e'], ['mailto:a@b', 'mailto:/c']]) {
  attempt('resolveObject', () => [from, to, snap(url.resolveObject(from, to))]);
  attempt('resolveObjectUrl', () => [from, to, snap(url.parse(from, false, true).resolveObject(url.parse(to)))]);
}
attempt('resolveObjectEmpty', () => url.resolveObject('', 'x'));
attempt('resolveBad', () => url.resolve(5, 'x'));
attempt('resolveBad2', () => url.resolve('http://a/', 5));

// Misc helpers.
for (const d of ['example.com', 'münchen.de', 'xn--mnchen-3ya.de', 'EXAMPLE.com', 'xn--iñvalid.com', '']) {
  attempt('domainToASCII', () => [d, url.domainToASCII(d)]);
  attempt('domainToUnicode', () => [d, url.domainToUnicode(d)]);
}
attempt('urlToHttpOptions', () => url.urlToHttpOptions(new URL('https://a:b@[::1]:99/p?q#h')));
attempt('urlToHttpOptions2', () => url.urlToHttpOptions(new URL('http://x.com/')));
