'use strict';
// internal/fetch/serve: toWebRequest / writeWebResponse / serveFetch against
// fake IncomingMessage / ServerResponse objects built on EventEmitter.
// Run with SHOAL_EXPOSE_INTERNALS=1; prints PASS/FAIL lines, exits 1 on a FAIL.

const EventEmitter = require('events');
const assert = require('assert');
const { toWebRequest, writeWebResponse, serveFetch } = require('internal/fetch/serve');

class FakeReq extends EventEmitter {
  constructor(method, url, rawHeaders) {
    super();
    this.method = method;
    this.url = url;
    this.rawHeaders = rawHeaders;
    this.headers = {};
    for (let i = 0; i < rawHeaders.length; i += 2) this.headers[rawHeaders[i].toLowerCase()] = rawHeaders[i + 1];
    this.paused = false;
    this.pauses = 0;
    this.destroyed = false;
  }

  pause() { this.paused = true; this.pauses++; return this; }
  resume() { this.paused = false; this.emit('resumed'); return this; }
  isPaused() { return this.paused; }
  destroy() { this.destroyed = true; }
}

class FakeRes extends EventEmitter {
  constructor({ highWater = Infinity } = {}) {
    super();
    this.statusCode = 200;
    this.statusMessage = '';
    this.headers = null;
    this.chunks = [];
    this.ended = false;
    this.headersSent = false;
    this.destroyed = false;
    this.writableFinished = false;
    this.highWater = highWater;
    this.buffered = 0;
    this.writesWhileFull = 0;
    this.full = false;
  }

  writeHead(status, headers) {
    this.statusCode = status;
    this.headers = headers;
    this.headersSent = true;
    return this;
  }

  write(chunk) {
    if (this.full) this.writesWhileFull++;
    this.chunks.push(Buffer.from(chunk));
    this.buffered += chunk.length;
    if (this.buffered >= this.highWater) {
      this.full = true;
      return false;
    }
    return true;
  }

  drain() {
    this.buffered = 0;
    this.full = false;
    this.emit('drain');
  }

  end(chunk) {
    if (chunk !== undefined) this.chunks.push(Buffer.from(chunk));
    this.ended = true;
    this.writableFinished = true;
    this.emit('finish');
  }

  destroy() {
    this.destroyed = true;
    this.emit('close');
  }

  get body() { return Buffer.concat(this.chunks).toString(); }
}

let failures = 0;
async function test(name, fn) {
  try {
    await fn();
    console.log(`PASS ${name}`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}: ${e && e.stack || e}`);
  }
}

function captureErrors() {
  const saved = console.error;
  const logged = [];
  console.error = (...args) => logged.push(args);
  return { logged, restore() { console.error = saved; } };
}

const tick = () => new Promise((r) => setImmediate(r));

(async () => {
  await test('GET request: method, url, headers, no body', async () => {
    const req = new FakeReq('GET', '/p?q=1', ['Host', 'example.com', 'Accept', 'a', 'accept', 'b', 'X-Y', ' z ']);
    const r = toWebRequest(req, { url: 'http://example.com/p?q=1' });
    assert(r instanceof Request);
    assert.strictEqual(r.method, 'GET');
    assert.strictEqual(r.url, 'http://example.com/p?q=1');
    assert.strictEqual(r.headers.get('accept'), 'a, b');
    assert.strictEqual(r.headers.get('x-y'), 'z');
    assert.strictEqual(r.body, null);
  });

  await test('url built from the Host header when not given', async () => {
    const r = toWebRequest(new FakeReq('HEAD', '/x', ['host', 'h:8080']));
    assert.strictEqual(r.url, 'http://h:8080/x');
    assert.strictEqual(r.method, 'HEAD');
    assert.strictEqual(r.body, null);
  });

  await test('POST body streamed from data/end events', async () => {
    const req = new FakeReq('POST', '/', ['content-type', 'application/json']);
    const r = toWebRequest(req, { url: 'http://a/' });
    assert(r.body instanceof ReadableStream);
    const p = r.json();
    req.emit('data', Buffer.from('{"a":'));
    await tick();
    req.emit('data', Buffer.from('[1,2]}'));
    req.emit('end');
    assert.deepStrictEqual(await p, { a: [1, 2] });
  });

  await test('request body pauses the source when its queue is full', async () => {
    const req = new FakeReq('PUT', '/', []);
    const r = toWebRequest(req, { url: 'http://a/' });
    const big = Buffer.alloc(40 * 1024, 97);
    req.emit('data', big);
    req.emit('data', big);
    assert(req.paused, 'paused after 80 KiB');
    const reader = r.body.getReader();
    const first = await reader.read();
    assert.strictEqual(first.value.byteLength, big.length);
    await tick();
    assert(!req.paused, 'resumed after a read');
    req.emit('end');
    const second = await reader.read();
    assert.strictEqual(second.value.byteLength, big.length);
    assert((await reader.read()).done);
  });

  await test('request body error surfaces on read', async () => {
    const req = new FakeReq('POST', '/', []);
    const r = toWebRequest(req, { url: 'http://a/' });
    const p = r.text();
    req.emit('error', new Error('socket hang up'));
    await assert.rejects(p, /socket hang up/);
  });

  await test('response: status, statusText, headers, set-cookie, body', async () => {
    const res = new FakeRes();
    const headers = new Headers([['X-A', '1'], ['set-cookie', 'a=1'], ['Set-Cookie', 'b=2']]);
    await writeWebResponse(new Response('hello', { status: 201, statusText: 'Made', headers }), res);
    assert.strictEqual(res.statusCode, 201);
    assert.strictEqual(res.statusMessage, 'Made');
    assert.deepStrictEqual(res.headers['set-cookie'], ['a=1', 'b=2']);
    assert.strictEqual(res.headers['x-a'], '1');
    assert.strictEqual(res.headers['content-type'], 'text/plain;charset=UTF-8');
    assert.strictEqual(res.headers['content-length'], '5');
    assert.strictEqual(res.body, 'hello');
    assert(res.ended);
  });

  await test('response promise and null body', async () => {
    const res = new FakeRes();
    await writeWebResponse(Promise.resolve(new Response(null, { status: 204 })), res);
    assert.strictEqual(res.statusCode, 204);
    assert.strictEqual(res.body, '');
    assert(res.ended);
  });

  await test('streamed body waits for drain', async () => {
    const res = new FakeRes({ highWater: 4 });
    let pulled = 0;
    const body = new ReadableStream({
      pull(c) {
        pulled++;
        if (pulled > 5) c.close();
        else c.enqueue(new TextEncoder().encode(`chunk${pulled};`));
      },
    });
    const done = writeWebResponse(new Response(body), res);
    for (let i = 0; i < 10 && !res.ended; i++) {
      await tick();
      res.drain();
    }
    await done;
    assert.strictEqual(res.writesWhileFull, 0, 'no write while the response was full');
    assert.strictEqual(res.body, 'chunk1;chunk2;chunk3;chunk4;chunk5;');
    assert.strictEqual(res.headers['content-length'], undefined);
    assert(res.ended);
  });

  await test('client going away cancels the body stream', async () => {
    const res = new FakeRes({ highWater: 1 });
    let cancelled = false;
    const body = new ReadableStream({
      pull(c) { c.enqueue(new Uint8Array([65])); },
      cancel() { cancelled = true; },
    });
    const done = writeWebResponse(new Response(body), res);
    await tick();
    res.destroy();
    await done;
    assert(cancelled, 'cancelled');
  });

  await test('handler throwing gives 500, error logged once', async () => {
    const cap = captureErrors();
    const res = new FakeRes();
    try {
      await serveFetch(() => { throw new Error('handler broke'); }, new FakeReq('GET', '/', []), res);
    } finally {
      cap.restore();
    }
    assert.strictEqual(res.statusCode, 500);
    assert.strictEqual(res.body, 'Internal Server Error');
    assert.strictEqual(cap.logged.length, 1);
    assert.match(String(cap.logged[0][0].message), /handler broke/);
  });

  await test('handler rejecting gives 500', async () => {
    const cap = captureErrors();
    const res = new FakeRes();
    try {
      await serveFetch({ fetch: async () => { throw new TypeError('async broke'); } },
                       new FakeReq('GET', '/', []), res);
    } finally {
      cap.restore();
    }
    assert.strictEqual(res.statusCode, 500);
    assert.strictEqual(cap.logged.length, 1);
  });

  await test('non-Response result gives 500', async () => {
    for (const value of [undefined, 'text', { status: 200 }]) {
      const cap = captureErrors();
      const res = new FakeRes();
      try {
        await writeWebResponse(value, res);
      } finally {
        cap.restore();
      }
      assert.strictEqual(res.statusCode, 500);
      assert.strictEqual(cap.logged.length, 1);
      assert(cap.logged[0][0] instanceof TypeError);
    }
  });

  await test('body stream failing after headers destroys the response', async () => {
    const cap = captureErrors();
    const res = new FakeRes();
    let n = 0;
    const body = new ReadableStream({
      pull(c) {
        if (n++ === 0) c.enqueue(new Uint8Array([66]));
        else c.error(new Error('mid-body failure'));
      },
    });
    try {
      await writeWebResponse(new Response(body), res);
    } finally {
      cap.restore();
    }
    assert.strictEqual(res.statusCode, 200);
    assert(res.destroyed);
    assert.strictEqual(cap.logged.length, 1);
  });

  await test('echo handler end to end', async () => {
    const req = new FakeReq('POST', '/echo', ['host', 'h', 'content-type', 'text/plain']);
    const res = new FakeRes();
    const done = serveFetch(async (request) => new Response(`${request.method} ${new URL(request.url).pathname} ${await request.text()}`), req, res);
    req.emit('data', Buffer.from('ping'));
    req.emit('end');
    await done;
    assert.strictEqual(res.body, 'POST /echo ping');
  });

  console.log(`${14 - failures} passed, ${failures} failed`);
  if (failures) process.exitCode = 1;
})();
