// Buffer edge cases checked by Node's own tests: detached inputs of
// isAscii/isUtf8, ERR_STRING_TOO_LONG, indexOf's receiver check, the pool
// not transferable, Buffer()'s DEP0005 only outside node_modules.
const { isAscii, isUtf8, constants } = require("buffer");
const vm = require("vm");
const { MessageChannel } = require("worker_threads");
const show = (f) => {
  try {
    console.log("ok", f());
  } catch (e) {
    console.log(e.name, e.code, e.message);
  }
};

const ab = new ArrayBuffer(8);
structuredClone(ab, { transfer: [ab] });
show(() => isAscii(ab));
show(() => isUtf8(new Uint8Array(ab)));
show(() => isAscii(new ArrayBuffer(2)));

const big = Buffer.alloc(constants.MAX_STRING_LENGTH + 1);
show(() => big.toString("latin1").length);
show(() => big.toString("utf8").length);
show(() => new (require("string_decoder").StringDecoder)("latin1").write(big).length);

show(() => new Buffer.prototype.lastIndexOf(1, "str"));
show(() => Buffer.prototype.indexOf.call(new Uint16Array([0x6261]), "b"));
show(() => Buffer.prototype.includes.call({}, "b"));

const a = Buffer.from("hello world");
const b = Buffer.from("hello world");
new MessageChannel().port1.postMessage(a, [a.buffer]);
console.log("pool kept:", a.buffer === b.buffer, a.length, a.toString());

process.on("warning", (w) => console.log("warning", w.code, w.stack.includes("outside.js")));
vm.runInNewContext("new Buffer(1)", { Buffer }, { filename: "/x/node_modules/inside.js" });
setImmediate(() => {
  console.log("next: outside node_modules");
  vm.runInNewContext("new Buffer(1)", { Buffer }, { filename: "/x/outside.js" });
  setImmediate(() => console.log("done"));
});
