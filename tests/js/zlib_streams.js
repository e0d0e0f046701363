'use strict';
// zlib: the Transform streams: several MB through pipeline, back-pressure,
// flush(), params(), reset(), close(), bytesWritten, event order.
const zlib = require('zlib');
const { pipeline, Readable, Writable, PassThrough } = require('stream');

function text(n, seed) {
  const words = ['alpha', 'beta', 'gamma', 'delta', 'shoal', 'zlib', 'stream', 'buffer', 'node', '\n',
    'lorem', 'ipsum', 'dolor'];
  let s = seed;
  const parts = [];
  let len = 0;
  while (len < n) {
    s = (s * 1103515245 + 12345) >>> 0;
    const w = words[(s >>> 16) % words.length] + ((s & 15) === 0 ? `${s % 1000}` : '') + ' ';
    parts.push(w);
    len += w.length;
  }
  return parts.join('').slice(0, n);
}
const hash = (b) => { let x = 0; for (let i = 0; i < b.length; i++) x = (x * 31 + b[i]) >>> 0; return x.toString(16); };

const big = Buffer.from(text(5 << 20, 42));
console.log('input', big.length, hash(big));

function source(buf, size) {
  let i = 0;
  return new Readable({
    read() {
      if (i >= buf.length) return this.push(null);
      this.push(buf.subarray(i, i + size));
      i += size;
    },
  });
}
function sink(done) {
  const bufs = [];
  let n = 0;
  return new Writable({
    write(c, e, cb) { bufs.push(c); n++; cb(); },
    final(cb) { done(Buffer.concat(bufs), n); cb(); },
  });
}

const steps = [];
const step = (fn) => steps.push(fn);
const next = () => { const fn = steps.shift(); if (fn) fn(); };

// Round-trips of 5 MB through pipeline with various chunk sizes.
for (const [c, d, copts] of [
  ['Gzip', 'Gunzip', {}], ['Deflate', 'Inflate', { level: 1, chunkSize: 1000 }],
  ['DeflateRaw', 'InflateRaw', { level: 9, memLevel: 9 }], ['Gzip', 'Unzip', { chunkSize: 64 * 1024 }],
  ['Deflate', 'Unzip', { strategy: zlib.constants.Z_FILTERED }],
  ['BrotliCompress', 'BrotliDecompress', { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } }],
]) {
  step(() => {
    const comp = zlib[`create${c}`](copts);
    const dec = zlib[`create${d}`]({ chunkSize: 4096 });
    let compBytes = 0;
    const counter = new PassThrough();
    counter.on('data', (b) => { compBytes += b.length; });
    pipeline(source(big, 100003), comp, counter, dec, sink((out, n) => {
      console.log(c, d, JSON.stringify(copts), out.length, out.equals(big), hash(out),
        'chunks', c.startsWith('Brotli') ? n : '-', 'ratio<0.5', compBytes < big.length / 2,
        'bytesWritten', comp.bytesWritten, dec.bytesWritten === compBytes);
    }), (err) => {
      console.log('  pipeline done', err, comp.destroyed, dec.destroyed, comp._closed);
      next();
    });
  });
}

// Brotli output is the same bytes as Node's: show the chunking of a stream.
step(() => {
  const comp = zlib.createBrotliCompress({ chunkSize: 2048 });
  const sizes = [];
  comp.on('data', (d) => sizes.push(d.length));
  comp.on('end', () => {
    console.log('brotli chunks', sizes.length, sizes.slice(0, 5), sizes.reduce((a, b) => a + b, 0));
    next();
  });
  comp.end(big.subarray(0, 300000));
});

// Inflating level-0 data: output chunks are full chunkSize pieces.
step(() => {
  const stored = zlib.deflateSync(big.subarray(0, 200000), { level: 0 });
  const inf = zlib.createInflate({ chunkSize: 5000 });
  const sizes = [];
  inf.on('data', (d) => sizes.push(d.length));
  inf.on('end', () => {
    console.log('inflate chunks', sizes.length, [...new Set(sizes)], inf.bytesWritten === stored.length);
    next();
  });
  inf.end(stored);
});

// Back-pressure: nobody reads until later; the writer sees false from write().
step(() => {
  const inf = zlib.createInflate({ chunkSize: 1024 });
  const comp = zlib.deflateSync(big.subarray(0, 1 << 20));
  const ok = inf.write(comp);
  console.log('write returned', ok, 'readableLength>0', inf.readableLength > 0,
    'readableLength<=hwm+chunk', inf.readableLength <= inf.readableHighWaterMark + 1024);
  inf.end();
  setTimeout(() => {
    console.log('paused: not all output produced', inf.readableLength < (1 << 20));
    let total = 0;
    inf.on('data', (d) => { total += d.length; });
    inf.on('end', () => { console.log('after resume', total); next(); });
  }, 20);
});

// flush(): each flush gives the bytes so far; params() changes level midway.
step(() => {
  const d = zlib.createDeflate();
  const out = [];
  d.on('data', (b) => out.push(b.toString('hex')));
  d.write('hello ');
  d.flush(zlib.constants.Z_SYNC_FLUSH, () => {
    console.log('after sync flush', out);
    d.write('world ');
    d.flush(() => {
      console.log('after full flush', out);
      d.params(0, zlib.constants.Z_DEFAULT_STRATEGY, () => {
        console.log('params set', d._level, out);
        d.write('stored ');
        d.params(0, zlib.constants.Z_DEFAULT_STRATEGY, () => {
          console.log('params same', out.length);
          d.end('end');
        });
      });
    });
  });
  d.on('end', () => {
    const all = Buffer.from(out.join(''), 'hex');
    console.log('deflate flushed', out, zlib.inflateSync(all).toString());
    d.flush(() => { console.log('flush after end'); next(); });
  });
});

// Gzip flush with the Z_FINISH-less stream, brotli flush.
step(() => {
  const b = zlib.createBrotliCompress();
  const out = [];
  b.on('data', (c) => out.push(c.toString('hex')));
  b.write('brotli flush test');
  b.flush(() => {
    console.log('brotli after flush', out);
    b.end();
  });
  b.on('finish', () => console.log('brotli finish'));
  b.on('end', () => { console.log('brotli end', out, zlib.brotliDecompressSync(Buffer.from(out.join(''), 'hex')).toString()); next(); });
});

// reset(): a deflate stream starts over.
step(() => {
  const d = zlib.createDeflateRaw();
  const out = [];
  d.on('data', (c) => out.push(c.toString('hex')));
  d.write('one');
  d.flush(zlib.constants.Z_FULL_FLUSH, () => {
    d.reset();
    d.end('two');
  });
  d.on('end', () => { console.log('after reset', out); next(); });
});

// close() mid-stream: events and callback.
step(() => {
  const g = zlib.createGzip();
  const ev = [];
  for (const e of ['finish', 'end', 'close', 'error']) g.on(e, () => ev.push(e));
  g.write(big.subarray(0, 100000));
  g.close(() => {
    console.log('close cb', ev, g.destroyed, g._closed, g._handle);
    g.close();
    g.close(() => { console.log('second close cb'); next(); });
  });
});

// The async callback forms with strings and typed arrays; event order of a stream.
step(() => {
  zlib.deflate('cb string', (e, r) => {
    console.log('deflate cb', e, r.toString('hex'));
    zlib.gunzip(zlib.gzipSync(new Uint16Array([0x6968, 0x2121])), (e2, r2) => {
      console.log('gunzip cb', e2, r2.toString());
      zlib.brotliCompress(big.subarray(0, 50000), { chunkSize: 1024 }, (e3, r3) => {
        console.log('brotli cb', e3, hash(r3), r3.length);
        zlib.unzip(zlib.deflateSync(''), (e4, r4) => {
          console.log('unzip empty', e4, r4);
          const g = zlib.createGzip();
          const ev = [];
          for (const e of ['finish', 'end', 'close', 'prefinish']) g.on(e, () => ev.push(e));
          g.on('data', () => {});
          g.end('x', () => ev.push('end cb'));
          g.on('close', () => { console.log('events', ev); next(); });
        });
      });
    });
  });
});

// Unzip detects its format from bytes arriving one at a time.
step(() => {
  for (const input of [zlib.gzipSync('one by one'), zlib.deflateSync('one by one')]) {
    const u = zlib.createUnzip();
    const out = [];
    u.on('data', (c) => out.push(c));
    u.on('end', () => {
      console.log('unzip bytewise', Buffer.concat(out).toString());
      if (input[0] === 0x78) next();
    });
    for (const b of input) u.write(Buffer.from([b]));
    u.end();
  }
});

step(() => {
  // Async iteration and promises.
  (async () => {
    const chunks = [];
    for await (const c of source(big.subarray(0, 500000), 65536).pipe(zlib.createGzip()).pipe(zlib.createGunzip())) {
      chunks.push(c);
    }
    console.log('for await', Buffer.concat(chunks).equals(big.subarray(0, 500000)));
    const { pipeline: pp } = require('stream/promises');
    let out = Buffer.alloc(0);
    await pp(source(big.subarray(0, 300000), 7777), zlib.createDeflate(), zlib.createInflate(),
      async function* (src) { for await (const c of src) out = Buffer.concat([out, c]); });
    console.log('stream/promises', out.equals(big.subarray(0, 300000)));
    next();
  })();
});

next();
