'use strict';
// WebAssembly's asynchronous compilation settles while the event loop waits
// (V8 finishes it on its worker threads and posts the result to the main
// thread): compile, instantiate from bytes and from a Module, validate, and
// a compile error, with an open server keeping the loop idle meanwhile.
const net = require('net');

// (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
const add = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 7, 1, 96, 2, 127, 127, 1, 127, 3, 2, 1, 0,
  7, 7, 1, 3, 97, 100, 100, 0, 0, 10, 9, 1, 7, 0, 32, 0, 32, 1, 106, 11]);
const server = net.createServer().listen(0, '127.0.0.1');

async function main() {
  const mod = await WebAssembly.compile(add);
  console.log('compile', mod instanceof WebAssembly.Module, WebAssembly.Module.exports(mod));
  const { instance } = await WebAssembly.instantiate(add);
  console.log('instantiate bytes', instance.exports.add(2, 40));
  const inst = await WebAssembly.instantiate(mod);
  console.log('instantiate module', inst instanceof WebAssembly.Instance, inst.exports.add(-1, 1));
  console.log('validate', WebAssembly.validate(add), WebAssembly.validate(new Uint8Array([1, 2])));
  await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 2, 0, 0, 0])).catch((e) => {
    console.log('bad', e instanceof WebAssembly.CompileError, e.name);
  });
  const many = await Promise.all([1, 2, 3].map(() => WebAssembly.compile(add)));
  console.log('parallel', many.length);
  server.close();
}
main();
