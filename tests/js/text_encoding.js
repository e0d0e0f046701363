const te = new TextEncoder();
console.log(te.encoding, te.encode("héllo"), te.encode(""), te.encode());
const target = new Uint8Array(4);
console.log(te.encodeInto("héllo", target), target);
const td = new TextDecoder();
console.log(td.encoding, td.fatal, td.ignoreBOM);
console.log(td.decode(new Uint8Array([104, 195, 169, 108, 108, 111])));
console.log(td.decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x41])), JSON.stringify(td.decode()));
console.log(JSON.stringify(td.decode(new Uint8Array([0xff, 0x41]))));
console.log(new TextDecoder("utf-16le").decode(new Uint8Array([0x41, 0, 0x42, 0])));
console.log(new TextDecoder("latin1").encoding, new TextDecoder("UTF8").encoding);
try {
  new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array([0xff]));
} catch (e) {
  console.log(e.name, e.code);
}
try {
  new TextDecoder("no-such-encoding");
} catch (e) {
  console.log(e.name, e.code);
}
const stream = new TextDecoder();
console.log(JSON.stringify(stream.decode(new Uint8Array([0xe2, 0x82]), { stream: true })),
  stream.decode(new Uint8Array([0xac])));
console.log(td.decode(Buffer.from("from a Buffer")), td.decode(new Uint8Array([65, 66]).buffer));
const util = require("util");
console.log(util.TextEncoder === TextEncoder, util.TextDecoder === TextDecoder);
console.log(te, td);
