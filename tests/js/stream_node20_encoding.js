'use strict';
// Node 20 stream details the bundled readable-stream package did not have
// (js-lib/vendor/readable-stream.patch): defaultEncoding checked at
// construction, object-mode writes see the caller's encoding, and write and
// end callbacks get null on success.
const { Readable, Writable } = require('stream');

for (const [name, make] of [['Readable', (o) => new Readable({ read() {}, ...o })],
  ['Writable', (o) => new Writable({ write(c, e, cb) { cb(); }, ...o })]]) {
  for (const enc of ['nope', '', 'hex', null, undefined, 'UTF-8']) {
    try {
      const s = make({ defaultEncoding: enc });
      const state = s._readableState || s._writableState;
      console.log(name, JSON.stringify(enc), 'ok', state.defaultEncoding);
    } catch (e) {
      console.log(name, JSON.stringify(enc), e.code);
    }
  }
}

const seen = [];
const om = new Writable({
  objectMode: true,
  write(chunk, encoding, cb) { seen.push(`${typeof chunk}:${encoding}`); cb(); },
});
om.write({ a: 1 });
om.write({ a: 2 }, (err) => seen.push(`write cb ${err}`));
om.write(new Uint8Array([1]), 'latin1');
om.end({ a: 3 }, (err) => {
  seen.push(`end cb ${err}`);
  console.log(seen.join('\n'));

  const bytes = new Writable({
    decodeStrings: false,
    defaultEncoding: 'hex',
    write(chunk, encoding, cb) { console.log(typeof chunk, encoding, Buffer.isBuffer(chunk)); cb(); },
  });
  bytes.write('ab');
  bytes.write(new Uint8Array([65]));
  try {
    bytes.write('x', 'bogus');
  } catch (e) {
    console.log('bad encoding', e.code);
  }
  bytes.end(() => {
    console.log('done');
    const hex = new Readable({ read() {}, defaultEncoding: 'hex' });
    hex.push('ab');
    hex.push('xy', 'utf8');
    hex.push(null);
    hex.on('data', (c) => console.log('data', c.toString('hex')));
  });
});
