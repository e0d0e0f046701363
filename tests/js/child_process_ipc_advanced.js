// child_process serialization 'advanced': Maps, typed arrays, Buffers,
// BigInts, cycles and errors cross the IPC channel both ways, and a 1 MB
// message arrives whole; a bad serialization option throws Node's error.
const cp = require('child_process');

if (process.argv[2] === 'child') {
  process.on('message', (m) => process.send(m));
  return;
}

try {
  cp.spawn(process.execPath, [], { serialization: 'xml' });
} catch (e) {
  console.log(e.code, e.message);
}

const circular = { name: 'c' };
circular.self = circular;
const values = [
  new Map([[1, { a: 1 }]]), new Set(['s']), new Uint8Array([1, 2, 3]), Buffer.from('buf'),
  { big: 12345678901234567890n }, circular, new RangeError('range'), new Uint8Array(1 << 20).fill(7),
];
const child = cp.fork(__filename, ['child'], { serialization: 'advanced' });
let i = 0;
child.on('message', (m) => {
  let v = m instanceof Uint8Array && m.length > 1000 ? `${m.length} bytes of ${m[0]}` : m;
  if (v instanceof Error) v = `${v.constructor.name} ${v.message}`;
  console.log(i, require('util').inspect(v, { depth: 1 }));
  if (++i < values.length) child.send(values[i]);
  else child.disconnect();
});
child.send(values[0]);
child.on('exit', (code) => console.log('exit', code));
