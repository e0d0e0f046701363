// Built-in subpaths and the new modules through import (static and dynamic).
import types from 'node:util/types';
import { isDate } from 'util/types';
import { text, json } from 'node:stream/consumers';
import { Readable } from 'node:stream';
import posix from 'node:path/posix';
import { serialize, deserialize } from 'node:v8';
import vm from 'node:vm';
import { createSocket } from 'node:dgram';
import punycode from 'punycode';
import * as inspector from 'node:inspector/promises';

console.log(typeof types.isDate, isDate(new Date()), posix.sep);
console.log(deserialize(serialize({ a: [1, 2] })), vm.runInNewContext('x * 2', { x: 21 }));
console.log(typeof createSocket, punycode.toASCII('bücher.de'), typeof inspector.Session);
console.log(await text(Readable.from(['a', 'b'])), await json(Readable.from(['{"k":', '1}'])));
const m = await import('node:timers/promises');
console.log(typeof m.setTimeout);
for (const spec of ['node:nope', 'node:util/nope']) {
  try {
    await import(spec);
  } catch (e) {
    console.log(e.code, e.message);
  }
}
