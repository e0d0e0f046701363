// Buffer encodings through the native fast paths: must be byte-identical to Node.
const { Buffer } = require("buffer");

const hex = (b) => Buffer.from(b).toString("hex");
const codes = (s) => Array.from(s, (c) => c.codePointAt(0).toString(16)).join(" ");

// UTF-8 decoding: each maximal invalid subpart becomes U+FFFD.
const invalid = [
  [0x80], [0xc0, 0x80], [0xc2], [0xe2, 0x82], [0xe2, 0x82, 0x41], [0xf0, 0x9f, 0x98],
  [0xf0, 0x9f, 0x98, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xff, 0xfe, 0x41],
  [0xe0, 0x80, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x41, 0xc3, 0x28, 0x42], [0xef, 0xbb, 0xbf, 0x41],
  [0xf1, 0x80, 0x80, 0xe1, 0x80, 0xc2, 0x41],
];
for (const bytes of invalid) console.log("utf8 decode", hex(bytes), "->", codes(Buffer.from(bytes).toString()));

// UTF-8 encoding: lone surrogates become EF BF BD; byteLength agrees.
for (const s of ["abc", "é€😀", "\ud800", "a\udc00b", "\ud83d\ude00\ud83d", "\u0000x"]) {
  console.log("utf8 encode", codes(s), hex(Buffer.from(s)), Buffer.byteLength(s));
}

// Writes never split a character.
const small = Buffer.alloc(5);
console.log("write partial:", small.write("ab€€"), hex(small));
console.log("write offset/length:", Buffer.alloc(8).write("😀😀", 1, 6), Buffer.alloc(3).write("\ud800", 0));

// latin1, ascii, ucs2.
const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
console.log("latin1 roundtrip:", Buffer.from(all.toString("latin1"), "latin1").equals(all));
console.log("ascii slice:", codes(all.subarray(120, 136).toString("ascii")));
console.log("latin1 write of wide chars:", hex(Buffer.from("Āé€", "latin1")), hex(Buffer.from("Āé€", "ascii")));
console.log("ucs2:", hex(Buffer.from("aé€😀", "ucs2")), codes(Buffer.from([0x61, 0, 0x3d, 0xd8, 0x7a]).toString("utf16le")));
console.log("ucs2 write odd room:", Buffer.alloc(5).write("abc", "utf16le"));

// hex.
console.log("hex:", hex(Buffer.from("0aFfzz11", "hex")), hex(Buffer.from("abc", "hex")), hex(Buffer.from("1İ", "hex")));
console.log("hex slice:", all.subarray(250).toString("hex"));

// base64: lenient decoding, both alphabets, whitespace, stops at '='.
for (const s of ["aGVsbG8=", "aGVsbG8", "aGVs bG8\n", "a-_b", "a+/b", "YQ", "YWI", "Y", "YQ==YQ==", "  ", "ab=cd", "//79/A"]) {
  console.log("base64", JSON.stringify(s), hex(Buffer.from(s, "base64")), hex(Buffer.from(s, "base64url")));
}
for (let n = 0; n < 7; n++) {
  const b = all.subarray(250 - n, 250);
  console.log("base64 encode", n, b.toString("base64"), b.toString("base64url"));
}

// compare, indexOf, fill.
const a = Buffer.from("abcabcabd");
console.log("compare:", Buffer.compare(Buffer.from("ab"), Buffer.from("abc")), Buffer.compare(Buffer.from("b"), Buffer.from("abc")), a.compare(Buffer.from("abcabcabd")));
console.log("indexOf:", a.indexOf("abc"), a.indexOf("abc", 1), a.indexOf("abd"), a.indexOf("zz"), a.indexOf(Buffer.from("ca"), -4));
console.log("lastIndexOf:", a.lastIndexOf("abc"), a.lastIndexOf("abc", 2), a.lastIndexOf("bca", 0), a.lastIndexOf("a", -1), a.includes("cab"));
console.log("fill:", hex(Buffer.alloc(7).fill("abc")), hex(Buffer.alloc(5).fill(Buffer.from([1, 2]), 1)), hex(Buffer.alloc(4).fill("€")), hex(Buffer.alloc(3).fill(7)));
console.log("fill hex/base64:", hex(Buffer.alloc(5).fill("0102", "hex")), hex(Buffer.alloc(5).fill("AQI=", "base64")));

// Larger data keeps working.
const big = Buffer.alloc(100000, "xyz€");
console.log("big:", big.length, big.toString().length, big.toString("base64").length, big.indexOf("€€"), big.lastIndexOf("z€"));
