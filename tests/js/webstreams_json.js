'use strict';
// Streams, readers, controllers and strategies show no own enumerable state:
// Object.keys() is [] and JSON.stringify() '{}' as in Node (koa computes a
// body's length with JSON.stringify; the state's cycles made it throw), and
// they still work (brand checks, piping, reading).
const ts = new TransformStream({ transform(chunk, c) { c.enqueue(chunk.toUpperCase()); } });
let rc;
const rs = new ReadableStream({ start(c) { rc = c; c.enqueue('a'); c.enqueue('b'); c.close(); } });
const ws = new WritableStream();
const bytes = new ReadableStream({ type: 'bytes' });
const all = {
  ReadableStream: rs, WritableStream: ws, TransformStream: ts,
  ReadableStreamDefaultController: rc,
  WritableStreamDefaultWriter: ws.getWriter(), ReadableStreamBYOBReader: bytes.getReader({ mode: 'byob' }),
  CountQueuingStrategy: new CountQueuingStrategy({ highWaterMark: 2 }),
  ByteLengthQueuingStrategy: new ByteLengthQueuingStrategy({ highWaterMark: 2 }),
};
for (const [name, o] of Object.entries(all)) {
  console.log(name, JSON.stringify(Object.keys(o)), JSON.stringify(o));
}
console.log(all.CountQueuingStrategy.highWaterMark, ws.locked, bytes.locked);
(async () => {
  const out = [];
  for await (const chunk of rs.pipeThrough(ts)) out.push(chunk);
  console.log(out.join(','), rs.locked);
  try {
    ReadableStream.prototype.getReader.call({});
  } catch (e) {
    console.log('brand check:', e instanceof TypeError);
  }
})();
