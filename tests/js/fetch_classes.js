'use strict';
// Headers, Request, Response and FormData (the Fetch standard classes, as
// undici gives them in Node 20): construction, validation messages, bodies,
// cloning and inspection.

function err(label, f) {
  try {
    const r = f();
    console.log(label, 'ok', r);
  } catch (e) {
    console.log(label, `${e.name}: ${e.message}`);
  }
}

async function aerr(label, f) {
  try {
    console.log(label, 'ok', await f());
  } catch (e) {
    console.log(label, `${e.name}: ${e.message}`);
  }
}

const steps = [
  async function headers() {
    const h = new Headers({ 'Content-Type': 'text/html', 'X-Multi': 'a' });
    h.append('x-multi', 'b');
    h.append('Set-Cookie', 'a=1');
    h.append('set-cookie', 'b=2');
    h.append('Accept', '  */*  ');
    console.log(h.get('content-type'), h.get('X-MULTI'), h.has('accept'), h.get('missing'));
    console.log(JSON.stringify(h.get('accept')));
    console.log([...h]);
    console.log([...h.keys()], [...h.values()].length);
    console.log(h.get('set-cookie'), h.getSetCookie());
    h.set('x-multi', 'c');
    h.delete('Accept');
    const seen = [];
    h.forEach((v, k, obj) => seen.push(`${k}=${v}:${obj === h}`));
    console.log(seen);
    console.log(h);
    console.log(new Headers([['a', '1'], ['b', '2']]).get('b'), new Headers(h).getSetCookie());
    console.log(Object.prototype.toString.call(h), Object.prototype.toString.call(h.entries()));
    const c = new Headers({ cookie: 'a=1' });
    c.append('Cookie', 'b=2');
    console.log(c.get('cookie'));
    err('bad name', () => new Headers({ 'a b': 'x' }));
    err('bad value', () => new Headers().append('x', 'a\nb'));
    err('bad pair', () => new Headers([['a']]));
    err('bad init', () => new Headers(5));
    err('missing arg', () => new Headers().get());
    err('immutable', () => Response.error().headers.set('a', 'b'));
    err('redirect headers', () => Response.redirect('http://x/').headers.append('a', 'b'));
  },
  async function responses() {
    const r = new Response('hello', { status: 201, statusText: 'Created', headers: { 'X-A': '1' } });
    console.log(r.status, r.statusText, r.ok, r.type, r.url, r.redirected, r.bodyUsed);
    console.log([...r.headers]);
    console.log(r.body instanceof ReadableStream);
    console.log(await r.text(), r.bodyUsed);
    await aerr('read twice', () => r.text());
    err('clone used', () => r.clone());
    console.log(new Response().body, new Response(null).status, new Response(undefined).body);
    console.log(new Response(null, { status: 404 }).ok, new Response(null, { status: 299 }).ok);
    for (const [label, body] of [
      ['string', 'text'],
      ['bytes', new Uint8Array([104, 105])],
      ['arraybuffer', new Uint8Array([65, 66]).buffer],
      ['dataview', new DataView(new Uint8Array([67, 68, 69]).buffer, 1)],
      ['blob', new Blob(['blob!'], { type: 'Text/Plain' })],
      ['params', new URLSearchParams({ q: 'a b', n: '1' })],
      ['stream', ReadableStream.from([new Uint8Array([49]), new Uint8Array([50])])],
    ]) {
      const res = new Response(body);
      console.log(label, res.headers.get('content-type'), JSON.stringify(await res.text()));
    }
    console.log(await new Response('{"a":[1,2]}').json());
    const ab = await new Response('xyz').arrayBuffer();
    console.log(ab instanceof ArrayBuffer, ab.byteLength);
    const bytes = await new Response('xyz').bytes();
    console.log(bytes instanceof Uint8Array, Array.from(bytes));
    const blob = await new Response('b', { headers: { 'Content-Type': 'Text/HTML; Charset=UTF-8' } }).blob();
    console.log(blob instanceof Blob, blob.type, blob.size);
    console.log((await new Response('x').blob()).type, JSON.stringify((await new Response(new Uint8Array(1)).blob()).type));
    err('status 999', () => new Response('x', { status: 999 }));
    err('status 100', () => new Response(null, { status: 100 }));
    err('null body status', () => new Response('x', { status: 204 }));
    console.log(new Response(null, { status: 204 }).status);
    err('status text', () => new Response(null, { statusText: 'a\nb' }));
    const j = Response.json({ a: 1 }, { status: 202, headers: { 'x-j': 'y' } });
    console.log(j.status, [...j.headers], await j.text());
    err('json undefined', () => Response.json(undefined));
    const rd = Response.redirect('http://example.com/a b', 301);
    console.log(rd.status, rd.headers.get('location'), rd.body);
    console.log(Response.redirect('http://example.com/').status);
    err('redirect status', () => Response.redirect('http://x/', 200));
    err('redirect url', () => Response.redirect('/relative'));
    const e = Response.error();
    console.log(e.type, e.status, e.ok, e.statusText, e.body, [...e.headers]);
    const orig = new Response('clone me', { status: 203, headers: { a: 'b' } });
    const copy = orig.clone();
    console.log(await orig.text(), await copy.text(), copy.status, copy.headers.get('a'));
    const locked = new Response('x');
    locked.body.getReader();
    console.log(locked.bodyUsed);
    await aerr('locked body', () => locked.text());
    const partly = new Response('abc');
    const reader = partly.body.getReader();
    await reader.read();
    reader.releaseLock();
    console.log(partly.bodyUsed);
    await aerr('disturbed body', () => partly.arrayBuffer());
    const used = ReadableStream.from(['x']);
    used.getReader();
    err('locked stream body', () => new Response(used));
    await aerr('non-bytes chunk', () => new Response(ReadableStream.from(['str'])).text());
    await aerr('formData wrong type', () => new Response('a=1').formData());
    console.log(new Response('x'));
    console.log(Object.prototype.toString.call(new Response()), Response.name, Response.length);
  },
  async function requests() {
    const r = new Request('http://example.com/a/../b?x=1#frag', { method: 'post', body: 'data', headers: { 'X-Y': 'z' } });
    console.log(r.method, r.url, r.headers.get('x-y'), r.headers.get('content-type'));
    console.log(r.destination, r.referrer, r.mode, r.credentials, r.cache, r.redirect, r.integrity, r.keepalive);
    console.log(r.signal instanceof AbortSignal, r.signal.aborted, r.bodyUsed, r.body instanceof ReadableStream);
    console.log(await r.text(), r.bodyUsed);
    for (const m of ['get', 'Head', 'delete', 'OPTIONS', 'put', 'PATCH', 'custom']) {
      console.log(m, '->', new Request('http://a/', { method: m }).method);
    }
    console.log(new Request('http://a/').body, new Request('http://A.example:80/p q').url);
    err('relative url', () => new Request('/relative'));
    err('credentials', () => new Request('http://u:p@a/'));
    err('GET body', () => new Request('http://a/', { body: 'x' }));
    err('HEAD body', () => new Request('http://a/', { method: 'HEAD', body: 'x' }));
    err('CONNECT', () => new Request('http://a/', { method: 'CONNECT' }));
    err('bad method', () => new Request('http://a/', { method: 'a b' }));
    err('navigate', () => new Request('http://a/', { mode: 'navigate' }));
    err('no duplex', () => new Request('http://a/', { method: 'POST', body: ReadableStream.from([]) }));
    err('no args', () => new Request());
    const s = new Request('http://a/', { method: 'PUT', body: ReadableStream.from([new Uint8Array([79, 75])]), duplex: 'half' });
    console.log(s.headers.get('content-type'), await s.text());
    const base = new Request('http://a/base', { method: 'POST', body: 'moved', headers: { h: '1' } });
    const derived = new Request(base);
    console.log(derived.method, derived.url, derived.headers.get('h'), base.bodyUsed, derived.bodyUsed);
    console.log(await derived.text());
    err('reuse used', () => new Request(base));
    const over = new Request(new Request('http://a/', { headers: { h: '1' } }), { method: 'PUT', headers: { k: '2' } });
    console.log(over.method, [...over.headers]);
    const ac = new AbortController();
    const sig = new Request('http://a/', { signal: ac.signal });
    const follow = new Request(sig);
    ac.abort();
    console.log(sig.signal.aborted, follow.signal.aborted, sig.signal.reason.name);
    const orig = new Request('http://a/', { method: 'POST', body: 'twice' });
    const copy = orig.clone();
    console.log(await orig.text(), await copy.text(), copy.method, copy.url);
    err('clone used', () => orig.clone());
    const fr = new Request('http://a/', { method: 'POST', body: new URLSearchParams('a=1&b=2&a=3') });
    const fd = await fr.formData();
    console.log(fd.getAll('a'), fd.get('b'));
    console.log(new Request('http://a/x', { method: 'POST', body: 'b' }));
    console.log(Object.prototype.toString.call(new Request('http://a/')), Request.name, Request.length);
  },
  async function formData() {
    const fd = new FormData();
    fd.append('a', '1');
    fd.append('a', 2);
    fd.append('file', new Blob(['xy'], { type: 'text/plain' }));
    fd.append('named', new Blob(['z']), 'n.txt');
    fd.append('f2', new File(['q'], 'orig.bin', { type: 'application/x-bin' }));
    console.log(fd.get('a'), fd.getAll('a'), fd.has('file'), fd.has('nope'), fd.get('nope'));
    const file = fd.get('file');
    console.log(file instanceof File, file.name, file.type, file.size);
    console.log(fd.get('named').name, fd.get('f2').name, fd.get('f2').type);
    fd.set('a', 'only');
    console.log(fd.getAll('a'), [...fd.keys()]);
    fd.delete('named');
    const seen = [];
    fd.forEach((v, k) => seen.push(`${k}:${typeof v === 'string' ? v : v.name}`));
    console.log(seen);
    console.log([...fd.values()].length, Object.prototype.toString.call(fd), Object.prototype.toString.call(fd.entries()));
    err('ctor arg', () => new FormData(5));
    err('append args', () => new FormData().append('a'));
    err('filename without blob', () => new FormData().append('a', 'b', 'c'));
    console.log(new FormData());
    const sent = new FormData();
    sent.append('text', 'hello\nworld');
    sent.append('up', new Blob(['payload'], { type: 'text/csv' }), 'data.csv');
    sent.append('raw', new Blob(['r']));
    const res = new Response(sent);
    console.log(res.headers.get('content-type').replace(/boundary=.*/, 'boundary=<B>'));
    const back = await res.formData();
    for (const [k, v] of back) {
      console.log(k, typeof v === 'string' ? JSON.stringify(v) : [v.constructor.name, v.name, v.type, await v.text()]);
    }
    const req = new Request('http://a/', { method: 'POST', body: sent });
    const text = await req.text();
    console.log(text.split('\r\n').filter((l) => !l.startsWith('------formdata-undici-')));
  },
];

(async () => {
  for (const step of steps) {
    console.log(`-- ${step.name}`);
    await step();
  }
})();
