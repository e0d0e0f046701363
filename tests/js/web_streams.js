'use strict';
// Web streams: ReadableStream (readers, BYOB, tee, pipeTo, pipeThrough,
// async iteration, from), WritableStream, TransformStream, queuing
// strategies, TextEncoderStream / TextDecoderStream and stream/web.

const web = require('stream/web');

async function collect(stream) {
  const out = [];
  for await (const chunk of stream) out.push(chunk);
  return out;
}

function errLine(e) {
  return `${e.constructor.name}${e.code ? ` ${e.code}` : ''}`;
}

const steps = [
  async function globals() {
    for (const name of ['ReadableStream', 'WritableStream', 'TransformStream', 'TextEncoderStream',
      'TextDecoderStream', 'ByteLengthQueuingStrategy', 'CountQueuingStrategy']) {
      console.log(name, typeof globalThis[name], globalThis[name] === web[name]);
    }
    console.log(Object.keys(web).filter((k) => !/ompression/.test(k)).sort().join(','));
    console.log(Object.prototype.toString.call(new ReadableStream()));
  },
  async function defaultReader() {
    const rs = new ReadableStream({
      start(c) {
        c.enqueue('a');
        c.enqueue('b');
        c.close();
      },
    });
    console.log(rs.locked);
    const reader = rs.getReader();
    console.log(rs.locked);
    try {
      rs.getReader();
    } catch (e) {
      console.log('locked:', errLine(e), e.message);
    }
    console.log(await reader.read(), await reader.read(), await reader.read());
    await reader.closed;
    console.log('closed');
    reader.releaseLock();
    console.log(rs.locked);
  },
  async function pullAndStrategy() {
    let n = 0;
    const rs = new ReadableStream({
      pull(c) {
        n++;
        c.enqueue(n);
        if (n === 5) c.close();
      },
    }, new CountQueuingStrategy({ highWaterMark: 2 }));
    await new Promise((r) => setTimeout(r, 5));
    console.log('pulled before read', n);
    console.log(await collect(rs));
    const bl = new ByteLengthQueuingStrategy({ highWaterMark: 16 });
    console.log(bl.highWaterMark, bl.size(new Uint8Array(5)), new CountQueuingStrategy({ highWaterMark: 3 }).size());
  },
  async function errorsAndCancel() {
    const rs = new ReadableStream({
      start(c) { c.error(new Error('boom')); },
    });
    try {
      await rs.getReader().read();
    } catch (e) {
      console.log('read error', e.message);
    }
    let reason;
    const rs2 = new ReadableStream({ cancel(r) { reason = r; } });
    await rs2.cancel('why');
    console.log('cancel reason', reason);
  },
  async function byteStreams() {
    const rs = new ReadableStream({
      type: 'bytes',
      start(c) {
        c.enqueue(new Uint8Array([1, 2, 3, 4, 5]));
        c.close();
      },
    });
    const reader = rs.getReader({ mode: 'byob' });
    console.log(reader.constructor.name);
    let r = await reader.read(new Uint8Array(2));
    console.log(Array.from(r.value), r.done);
    r = await reader.read(new Uint8Array(8));
    console.log(Array.from(r.value), r.done);
    r = await reader.read(new Uint8Array(8));
    console.log(r.value && r.value.byteLength, r.done);
    try {
      new ReadableStream().getReader({ mode: 'byob' });
    } catch (e) {
      console.log('byob on default stream:', e.constructor.name);
    }
  },
  async function teeAndIterate() {
    const [a, b] = ReadableStream.from(['x', 'y', 'z']).tee();
    console.log(await collect(a), await collect(b));
    const it = ReadableStream.from((function* gen() { yield 1; yield 2; yield 3; })());
    for await (const v of it) {
      console.log('iter', v);
      if (v === 2) break;
    }
    console.log(it.locked);
    const fromAsync = ReadableStream.from((async function* gen() { yield 'p'; yield 'q'; })());
    console.log(await collect(fromAsync));
  },
  async function writable() {
    const written = [];
    const ws = new WritableStream({
      write(chunk) { written.push(chunk); },
      close() { written.push('<close>'); },
    });
    const writer = ws.getWriter();
    console.log(writer.desiredSize);
    await writer.write('one');
    await writer.write('two');
    await writer.close();
    console.log(written);
    try {
      ws.getWriter();
    } catch (e) {
      console.log('writer locked:', errLine(e), e.message);
    }
    let aborted;
    const ws2 = new WritableStream({ abort(r) { aborted = r; } });
    await ws2.abort('stop');
    console.log('abort reason', aborted);
  },
  async function transformAndPipe() {
    const upper = new TransformStream({
      transform(chunk, c) { c.enqueue(String(chunk).toUpperCase()); },
      flush(c) { c.enqueue('!'); },
    });
    const out = await collect(ReadableStream.from(['a', 'b']).pipeThrough(upper));
    console.log(out);
    const sink = [];
    await ReadableStream.from([1, 2, 3]).pipeTo(new WritableStream({ write(c) { sink.push(c * 10); } }));
    console.log(sink);
    const ac = new AbortController();
    const never = new ReadableStream({ pull() { return new Promise(() => {}); } });
    const p = never.pipeTo(new WritableStream(), { signal: ac.signal });
    ac.abort();
    try {
      await p;
    } catch (e) {
      console.log('pipe aborted', e.name);
    }
    const failing = new WritableStream({ write() { throw new Error('sink failed'); } });
    try {
      await ReadableStream.from(['q']).pipeTo(failing);
    } catch (e) {
      console.log('pipe error', e.message);
    }
  },
  async function textStreams() {
    const enc = new TextEncoderStream();
    console.log(enc.encoding);
    const bytes = await collect(ReadableStream.from(['h\u00e9', '\ud83d', '\ude00!']).pipeThrough(enc));
    console.log(bytes.map((b) => Array.from(b).join(' ')));
    const dec = new TextDecoderStream();
    console.log(dec.encoding, dec.fatal, dec.ignoreBOM);
    const utf8 = new TextEncoder().encode('caf\u00e9 \u2603');
    const parts = [utf8.slice(0, 4), utf8.slice(4, 7), utf8.slice(7)];
    console.log((await collect(ReadableStream.from(parts).pipeThrough(dec))).join('|'));
    const latin = new TextDecoderStream('latin1');
    console.log(latin.encoding);
    const bad = new TextDecoderStream();
    const pending = bad.readable.getReader().read().catch((e) => console.log('readable side', errLine(e)));
    const w = bad.writable.getWriter();
    try {
      await w.write(42);
    } catch (e) {
      console.log('bad chunk', errLine(e));
    }
    await pending;
  },
  async function blobStream() {
    const blob = new Blob(['hello ', 'blob']);
    const s = blob.stream();
    console.log(s instanceof ReadableStream);
    const chunks = await collect(s);
    console.log(chunks.every((c) => c instanceof Uint8Array), chunks.map((c) => new TextDecoder().decode(c)).join(''));
    const text = await collect(new Blob(['abc']).stream().pipeThrough(new TextDecoderStream()));
    console.log(text);
  },
  async function nodeAdapters() {
    const { Readable, Writable } = require('stream');
    const rs = Readable.toWeb(Readable.from(['a', 'b', 'c'].map((s) => Buffer.from(s))));
    console.log(rs instanceof ReadableStream, (await collect(rs)).map((c) => Buffer.from(c).toString()));
    const bytes = Readable.toWeb(new Readable({ read() { this.push(Buffer.from('raw')); this.push(null); } }));
    const chunks = await collect(bytes);
    console.log(chunks.map((c) => c instanceof Uint8Array), Buffer.concat(chunks).toString());
    const out = [];
    for await (const c of Readable.fromWeb(ReadableStream.from(['x', 'y']), { objectMode: true })) out.push(c);
    console.log(out);
    const sink = [];
    const w = Writable.fromWeb(new WritableStream({ write(c) { sink.push(String(c)); } }));
    w.write('p');
    w.end('q');
    await new Promise((r) => w.on('finish', r));
    console.log(sink);
    const parts = [];
    const nw = new Writable({ write(c, e, cb) { parts.push(c.toString()); cb(); } });
    const writer = Writable.toWeb(nw).getWriter();
    await writer.write(new Uint8Array([104, 105]));
    await writer.close();
    console.log(parts, nw.writableFinished);
    try {
      Readable.fromWeb({});
    } catch (e) {
      console.log(errLine(e));
    }
  },
  async function duplexWeb() {
    const { Duplex } = require("stream");
    const written = [];
    const readable = new ReadableStream({ start(c) { c.enqueue("hello"); c.close(); } });
    const writable = new WritableStream({ write(chunk) { written.push(chunk); } });
    const d = Duplex.fromWeb({ readable, writable }, { encoding: "utf8", objectMode: true });
    d.end("world");
    const got = [];
    for await (const chunk of d) got.push(chunk);
    console.log("fromWeb read", got, "wrote", written);
    const viaFrom = Duplex.from({
      readable: new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode("x")); c.close(); } }),
      writable: new WritableStream({ write(chunk) { written.push(Buffer.from(chunk).toString()); } }),
    });
    viaFrom.end("y");
    for await (const chunk of viaFrom) got.push(chunk.toString());
    console.log("from pair", got, written);
    const pair = Duplex.toWeb(new Duplex({
      read() { this.push("r"); this.push(null); },
      write(chunk, enc, cb) { console.log("toWeb wrote", chunk.toString()); cb(); },
    }));
    await pair.writable.getWriter().write(new TextEncoder().encode("w"));
    const { value } = await pair.readable.getReader().read();
    console.log("toWeb read", Buffer.from(value).toString());
    for (const bad of [{ readable: 1 }, { readable, writable: 1 }]) {
      try {
        Duplex.fromWeb(bad);
      } catch (e) {
        console.log(errLine(e));
      }
    }
  },
];

(async () => {
  for (const step of steps) {
    console.log(`-- ${step.name}`);
    await step();
  }
})();
