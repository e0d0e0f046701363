// fs/promises (and fs.promises) API.
const fsp = require("fs/promises");
const fs = require("fs");
const os = require("os");
const path = require("path");

const root = path.join(os.tmpdir(), "shoal-test-fs-promises");
const p = (...parts) => path.join(root, ...parts);
const rel = (x) => path.relative(root, x);

async function main() {
  console.log("same object:", fsp === fs.promises, fsp === require("node:fs/promises"));
  await fsp.rm(root, { recursive: true, force: true });
  console.log("mkdir recursive:", rel(await fsp.mkdir(p("x", "y"), { recursive: true })));
  console.log("writeFile:", await fsp.writeFile(p("a.txt"), "alpha"));
  await fsp.appendFile(p("a.txt"), "-beta");
  console.log("readFile:", await fsp.readFile(p("a.txt"), "utf8"), await fsp.readFile(p("a.txt"), { encoding: "hex" }));
  const st = await fsp.stat(p("a.txt"));
  console.log("stat:", st.isFile(), st.size);
  await fsp.symlink("a.txt", p("rel-link"));
  console.log("lstat:", (await fsp.lstat(p("rel-link"))).isSymbolicLink(), "readlink:", await fsp.readlink(p("rel-link")));
  console.log("realpath:", rel(await fsp.realpath(p("rel-link"))));
  console.log("readdir:", (await fsp.readdir(root)).sort());
  console.log("readdir withFileTypes:",
    (await fsp.readdir(root, { withFileTypes: true })).map((d) => `${d.name}/${d.isDirectory()}`).sort());
  await fsp.rename(p("a.txt"), p("x", "a.txt"));
  await fsp.copyFile(p("x", "a.txt"), p("copy.txt"));
  console.log("access:", await fsp.access(p("copy.txt")));
  await fsp.unlink(p("copy.txt"));
  await fsp.rmdir(p("x", "y"));
  console.log("after unlink/rmdir:", (await fsp.readdir(root)).sort(), (await fsp.readdir(p("x"))).sort());

  // FileHandle.
  const fh = await fsp.open(p("fh.txt"), "w+");
  console.log("FileHandle:", typeof fh.fd, fh.constructor.name);
  const w = await fh.write("0123456789");
  console.log("write:", w.bytesWritten);
  const buf = Buffer.alloc(4);
  const r = await fh.read(buf, 0, 4, 3);
  console.log("read at 3:", r.bytesRead, buf.toString());
  console.log("readFile via handle:", await fh.readFile({ encoding: "utf8" }));
  console.log("handle stat size:", (await fh.stat()).size);
  await fh.truncate(5);
  await fh.close();
  console.log("after truncate:", await fsp.readFile(p("fh.txt"), "utf8"));

  // Errors reject with the same error objects as the callback API.
  try {
    await fsp.readFile(p("missing.txt"));
  } catch (e) {
    console.log("reject:", e.code, e.errno, e.syscall, rel(e.path), e.message.replace(root, "<root>"));
  }
  try {
    await fsp.mkdir(p("x"));
  } catch (e) {
    console.log("reject:", e.code, e.syscall);
  }

  await fsp.rm(root, { recursive: true });
  console.log("cleaned up:", fs.existsSync(root));
}
main();
