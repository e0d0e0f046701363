const { Buffer: B, constants, kMaxLength } = require("buffer");
console.log("global Buffer:", B === Buffer, typeof kMaxLength, typeof constants.MAX_LENGTH);
const b = Buffer.from("héllo wörld");
console.log(b, b.length, Buffer.byteLength("héllo wörld"), "héllo wörld".length);
console.log(b.toString(), b.toString("hex"), b.toString("base64"));
console.log(b.toString("utf8", 0, 5), b.toString("latin1", 0, 3), b.toString("ascii", 0, 2));
console.log(Buffer.from("68656c6c6f", "hex").toString(), Buffer.from("aGVsbG8=", "base64").toString());
console.log(Buffer.from("aGVsbG8", "base64url").toString(), b.toString("base64url"));
console.log(Buffer.from([1, 2, 3, 256, -1]), Buffer.from(new Uint16Array([1, 0x102]).buffer));
console.log(Buffer.alloc(4), Buffer.alloc(4, "ab"), Buffer.alloc(3, 7), Buffer.allocUnsafe(3).length);
console.log(Buffer.concat([Buffer.from("ab"), Buffer.from("cd")]), Buffer.concat([Buffer.from("abc")], 2));
console.log(Buffer.isBuffer(b), Buffer.isBuffer(new Uint8Array(1)), b instanceof Uint8Array);
console.log(Buffer.isEncoding("utf8"), Buffer.isEncoding("UTF-8"), Buffer.isEncoding("nope"));
const s = b.subarray(1, 3);
s[0] = 0x41;
console.log("subarray shares memory:", b[1], b.slice(0, 2));
console.log(Buffer.compare(Buffer.from("a"), Buffer.from("b")), Buffer.from("x").equals(Buffer.from("x")));
console.log(b.indexOf("w"), b.includes("llo"), b.lastIndexOf("l"), b.indexOf(Buffer.from("zz")));
const w = Buffer.alloc(16);
w.writeUInt32BE(0xdeadbeef, 0);
w.writeInt16LE(-2, 4);
w.writeDoubleLE(1.5, 6);
w.writeUInt8(255, 14);
console.log(w, w.readUInt32BE(0).toString(16), w.readInt16LE(4), w.readDoubleLE(6), w.readUInt8(14));
w.writeBigUInt64BE(2n ** 63n, 0);
console.log(w.readBigUInt64BE(0), w.readBigInt64BE(0));
console.log(Buffer.from("abc").toJSON(), JSON.stringify(Buffer.from("hi")));
console.log(Buffer.from("hello").fill("x", 1, 3).toString(), Buffer.from("abcdef").reverse().toString());
const c = Buffer.alloc(6);
console.log("copy:", Buffer.from("xyz").copy(c, 2), c);
console.log("write:", c.write("hi", 1), c.toString("hex"));
console.log(Buffer.from("€").length, Buffer.from([0xe2, 0x82]).toString(), Buffer.from("\u00ff", "latin1"));
console.log(Buffer.from("ab").toString("utf16le").length, Buffer.from("ab", "utf16le"));
console.log(Buffer.alloc(60, 1));
console.log([Buffer.from("nested")], { buf: Buffer.from("x") });
try {
  w.readUInt32BE(14);
} catch (e) {
  console.log(e.name, e.code, e.message);
}
try {
  Buffer.from(42);
} catch (e) {
  console.log(e.name, e.code);
}
try {
  Buffer.alloc(-1);
} catch (e) {
  console.log(e.name, e.code);
}
console.log(String(Buffer.from("template")), `${Buffer.from("lit")}`);
console.log(typeof Blob, new Blob(["ab", "c"]).size, typeof require("buffer").atob);
