// More fs: Stats/Dirent shapes, option forms, validation errors, FileHandle, fds.
const fs = require("fs");
const fsp = require("fs/promises");
const os = require("os");
const path = require("path");

const root = path.join(os.tmpdir(), "shoal-test-fs-more");
fs.rmSync(root, { recursive: true, force: true });
fs.mkdirSync(root);
const p = (...parts) => path.join(root, ...parts);
const rel = (x) => (typeof x === "string" ? path.relative(root, x) : x);
const err = (fn) => {
  try {
    fn();
    return "no error";
  } catch (e) {
    return `${e.name} ${e.code} ${e.message.replaceAll(root, "<root>")}`;
  }
};

// Stats.
fs.writeFileSync(p("f.txt"), "héllo", { encoding: "latin1", mode: 0o640 });
const st = fs.statSync(p("f.txt"));
console.log("Stats keys:", Object.keys(st).join(","));
console.log("Stats:", st.constructor.name, st.size, (st.mode & 0o777).toString(8), st.nlink,
  st.isFile(), st.isDirectory(), st.isSymbolicLink(), st.isFIFO(), st.isSocket(),
  st.isBlockDevice(), st.isCharacterDevice());
console.log("times:", st.atime instanceof Date, Math.abs(st.mtime.getTime() - st.mtimeMs) < 1,
  st.birthtime instanceof Date, st instanceof fs.Stats);
const big = fs.statSync(p("f.txt"), { bigint: true });
console.log("BigIntStats:", big.constructor.name, typeof big.size, typeof big.mtimeNs, big.isFile(),
  big.mtimeMs === big.mtimeNs / 1000000n, Object.keys(big).length);
const t = new Date(Date.UTC(2001, 1, 3, 4, 5, 6, 789));
fs.utimesSync(p("f.txt"), t, t);
const st2 = fs.statSync(p("f.txt"));
console.log("utimes:", st2.mtimeMs, st2.mtime.toISOString(), st2.atime.toISOString());
fs.utimesSync(p("f.txt"), 1000000000.5, "1000000001");
console.log("utimes numbers:", fs.statSync(p("f.txt")).atimeMs, fs.statSync(p("f.txt")).mtimeMs);
console.log("readFile latin1:", fs.readFileSync(p("f.txt"), "latin1"), fs.readFileSync(p("f.txt")).length);
console.log("char device:", fs.statSync("/dev/null").isCharacterDevice());

// Dirent.
fs.mkdirSync(p("d", "e"), { recursive: true });
fs.writeFileSync(p("d", "e", "g.txt"), "");
fs.symlinkSync("f.txt", p("ln"));
const ents = fs.readdirSync(root, { withFileTypes: true });
console.log("Dirents:", ents.map((d) => `${d.name}:${d.isFile()}${d.isDirectory()}${d.isSymbolicLink()}:${rel(d.path)}`).join(" "));
console.log("Dirent instance:", ents[0] instanceof fs.Dirent, Object.keys(ents[0]).join(","));
console.log("readdir recursive types:", fs.readdirSync(root, { recursive: true, withFileTypes: true })
  .map((d) => `${rel(path.join(d.path, d.name))}`).join(" "));
console.log("readdir buffer:", fs.readdirSync(p("d"), { encoding: "buffer" })[0] instanceof Buffer);

// Option forms.
fs.writeFileSync(p("enc.txt"), "68656c6c6f", "hex");
console.log("writeFile hex:", fs.readFileSync(p("enc.txt"), "utf8"));
fs.writeFileSync(p("enc.txt"), new Uint16Array([0x6968]));
console.log("writeFile Uint16Array:", fs.readFileSync(p("enc.txt"), { encoding: "utf8", flag: "r" }));
fs.writeFileSync(p("enc.txt"), new DataView(new Uint8Array([65, 66]).buffer));
console.log("writeFile DataView:", fs.readFileSync(p("enc.txt"), "ascii"));
fs.appendFileSync(p("enc.txt"), "Q0Q=", "base64");
console.log("appendFile base64:", fs.readFileSync(p("enc.txt"), "utf8"));
console.log("writeFile wx:", err(() => fs.writeFileSync(p("enc.txt"), "x", { flag: "wx" })));
console.log("mkdir recursive existing file:", err(() => fs.mkdirSync(p("f.txt"), { recursive: true })));
console.log("mkdir recursive under file:", err(() => fs.mkdirSync(p("f.txt", "sub"), { recursive: true })));
console.log("mkdir mode string:", fs.mkdirSync(p("m"), "755"), (fs.statSync(p("m")).mode & 0o777).toString(8));
console.log("mkdtemp prefix error:", err(() => fs.mkdtempSync(p("none", "x-"))));

// Validation errors.
console.log(err(() => fs.readFileSync()));
console.log(err(() => fs.readFileSync(p("f.txt"), 42)));
console.log(err(() => fs.openSync(p("f.txt"), "r", "abc")));
console.log(err(() => fs.closeSync(-1)));
console.log(err(() => fs.closeSync("3")));
console.log(err(() => fs.statSync("a\u0000b")));
console.log(err(() => fs.readSync(0, Buffer.alloc(3), 1, 5, 0)));
console.log(err(() => fs.readSync(0, "str")));
console.log(err(() => fs.writeSync(1, 5)));
console.log(err(() => fs.utimesSync(p("f.txt"), {}, 1)));
console.log(err(() => fs.mkdirSync(p("q"), { recursive: "yes" })));
console.log(err(() => fs.copyFileSync(p("f.txt"), p("f.txt"), fs.constants.COPYFILE_EXCL)));
console.log(err(() => fs.rmSync(p("d"))));
console.log(err(() => fs.rmdirSync(p("f.txt"))));
console.log(err(() => fs.readlinkSync(p("f.txt"))));
console.log(err(() => fs.symlinkSync("x", p("ln"))));
console.log(err(() => fs.linkSync(p("nope"), p("l2"))));
console.log(err(() => fs.truncateSync(p("nope"))));
console.log(err(() => fs.stat(p("f.txt"))));
console.log(err(() => fs.writeFile(p("f.txt"), "x")));
console.log(err(() => fs.exists(p("f.txt"))));
console.log(err(() => fs.accessSync(p("f.txt"), 99)));
console.log("existsSync odd input:", fs.existsSync(42), fs.existsSync("a\u0000"), fs.existsSync(Buffer.from(root)));
console.log("URL path:", fs.existsSync(new URL(`file://${p("f.txt")}`)));

// fds.
const fd = fs.openSync(p("fd.bin"), "w+", 0o600);
console.log("write Uint8Array:", fs.writeSync(fd, new Uint8Array([1, 2, 3, 4, 5, 6]), 1, 3));
console.log("write string enc:", fs.writeSync(fd, "ffee", null, "hex"));
console.log("write options:", fs.writeSync(fd, Buffer.from("XYZ"), { offset: 1, length: 2, position: 0 }));
const rb = Buffer.alloc(8);
console.log("read whole:", fs.readSync(fd, rb, 0, 8, 0), rb.toString("hex"));
console.log("read bigint position:", fs.readSync(fd, rb, 0, 2, 1n), rb.subarray(0, 2).toString("hex"));
fs.ftruncateSync(fd, 2);
fs.fchmodSync(fd, 0o644);
fs.futimesSync(fd, 5, 6);
const fst = fs.fstatSync(fd);
console.log("fstat:", fst.size, (fst.mode & 0o777).toString(8), fst.atimeMs, fst.mtimeMs);
fs.fdatasyncSync(fd);
fs.closeSync(fd);
console.log("readFile by fd:", (() => {
  const f = fs.openSync(p("fd.bin"), "r");
  const r = fs.readFileSync(f).toString("hex");
  fs.closeSync(f);
  return r;
})());
console.log("chown self:", fs.chownSync(p("fd.bin"), process.getuid(), process.getgid()));

async function promises() {
  const fh = await fsp.open(p("fh.txt"), "w+");
  console.log("fh write buffer:", (await fh.write(Buffer.from("abcdef"), 1, 3, 0)).bytesWritten);
  console.log("fh write string at:", (await fh.write("Z", 5)).bytesWritten);
  const r = await fh.read({ buffer: Buffer.alloc(10), position: 0 });
  console.log("fh read options:", r.bytesRead, JSON.stringify(r.buffer.toString("latin1", 0, r.bytesRead)), Object.getPrototypeOf(r));
  const r2 = await fh.read();
  console.log("fh read default:", r2.bytesRead, r2.buffer.length);
  await fh.writeFile("replaced");
  await fh.chmod(0o600);
  await fh.sync();
  console.log("fh stat:", (await fh.stat()).size, (await fh.stat({ bigint: true })).size);
  const fd1 = fh.fd;
  await fh.close();
  console.log("fh closed:", fh.fd, typeof fd1);
  try {
    await fh.read(Buffer.alloc(1), 0, 1, 0);
  } catch (e) {
    console.log("read after close:", e.code, e.message, e.syscall);
  }
  console.log("readFile:", await fsp.readFile(p("fh.txt"), "utf8"));
  await fsp.writeFile(p("iter.txt"), ["a", "b", Buffer.from("c")]);
  console.log("writeFile iterable:", await fsp.readFile(p("iter.txt"), "utf8"));
  console.log("mkdtemp:", /^t-.{6}$/.test(rel(await fsp.mkdtemp(p("t-")))));
  console.log("truncate:", await fsp.truncate(p("iter.txt"), 1), await fsp.readFile(p("iter.txt"), "utf8"));
  console.log("readdir recursive:", (await fsp.readdir(p("d"), { recursive: true })).join(" "));
  await fsp.utimes(p("iter.txt"), 7, 8);
  console.log("utimes:", (await fsp.stat(p("iter.txt"))).mtimeMs);
  for (const [label, fn] of [
    ["readFile bad path", () => fsp.readFile(1.5)],
    ["rm dir", () => fsp.rm(p("d"))],
    ["rm missing", () => fsp.rm(p("missing"))],
    ["rmdir file", () => fsp.rmdir(p("f.txt"))],
    ["opendir missing", () => fsp.open(p("missing"))],
    ["access W_OK missing", () => fsp.access(p("missing"), fs.constants.W_OK)],
    ["copyFile EXCL", () => fsp.copyFile(p("f.txt"), p("iter.txt"), fs.constants.COPYFILE_EXCL)],
  ]) {
    try {
      await fn();
      console.log(label, "no error");
    } catch (e) {
      console.log(label, e.name, e.code, e.syscall, rel(e.path), e.message.replaceAll(root, "<root>"));
    }
  }
  console.log("rm force missing:", await fsp.rm(p("missing"), { force: true }));
}

function callbacks(done) {
  fs.read(fs.openSync(p("f.txt"), "r"), (e, n, buf) => {
    console.log("read(fd, cb):", e, n, buf.length);
    fs.rm(p("d"), (e2) => {
      console.log("rm dir callback:", e2.code, e2.name, rel(e2.path));
      fs.rm(p("missing"), { force: true }, (e3) => {
        console.log("rm force callback:", e3);
        fs.mkdtemp(p("cb-"), (e4, dir) => {
          console.log("mkdtemp callback:", e4, /^cb-.{6}$/.test(rel(dir)));
          fs.realpath(p("missing", "x"), (e5) => {
            console.log("realpath missing:", e5.code, e5.syscall, rel(e5.path));
            fs.readdir(p("d"), { recursive: true, withFileTypes: true }, (e6, list) => {
              console.log("readdir recursive callback:", e6, list.map((d) => d.name).join(" "));
              fs.truncate(p("iter.txt"), (e7) => {
                console.log("truncate callback:", e7, fs.statSync(p("iter.txt")).size);
                done();
              });
            });
          });
        });
      });
    });
  });
}

promises().then(() => callbacks(() => {
  fs.rmSync(root, { recursive: true });
  console.log("cleaned up:", !fs.existsSync(root));
}));
