// fs as Node 20: recursive mkdir keeps the path as given, readdir decodes
// names' bytes for non-UTF-8 encodings (a Buffer path that is not UTF-8
// reaches the system as bytes), symlink types, Dir's concurrency errors,
// AbortSignal for readFile/writeFile (a Proxy of a signal included),
// FileHandle argument checks, ReadStream errors without autoClose.
const fs = require("fs");
const fsp = require("fs/promises");
const os = require("os");
const path = require("path");

const root = path.join(os.tmpdir(), "shoal-test-fs_node_paths_signals");
fs.rmSync(root, { recursive: true, force: true });
fs.mkdirSync(root);
process.chdir(root);

function code(fn) {
  try {
    fn();
    return "no error";
  } catch (e) {
    return `${e.name} ${e.code}: ${e.message}`;
  }
}

let raw; // a name that is not UTF-8

async function main() {
  console.log("mkdir -p relative returns:", fs.mkdirSync("x/y", { recursive: true }));
  console.log("mkdir -p a/../b/c returns:", fs.mkdirSync("a/../b/c", { recursive: true }),
    "a exists:", fs.existsSync("a"));
  console.log("promises mkdir -p returns:", await fsp.mkdir("p/q", { recursive: true }));
  await new Promise((resolve) => fs.mkdir("m/../n", { recursive: true }, (err, first) => {
    console.log("callback mkdir -p returns:", err, first);
    resolve();
  }));

  fs.mkdirSync("names");
  raw = Buffer.concat([Buffer.from("names/"), Buffer.from("\uD83D\uDC04", "ucs2")]);
  fs.writeFileSync(raw, "");
  const [ucs2] = fs.readdirSync("names", "ucs2");
  console.log("ucs2 name round trip:", ucs2 === "\uD83D\uDC04");
  console.log("latin1 name:", JSON.stringify((await fsp.readdir("names", "latin1"))[0]));
  console.log("buffer name:", fs.readdirSync("names", "buffer")[0].toString("hex"));

  console.log(code(() => fs.symlinkSync("x", "l", "bogus")));
  fs.symlinkSync("x", "l", "file");
  console.log("symlink 'file' made:", fs.lstatSync("l").isSymbolicLink());

  const dir = await fsp.opendir("x");
  const pending = dir.read();
  console.log(code(() => dir.readSync()));
  console.log(code(() => dir.closeSync()));
  console.log("read:", (await pending).name);
  await dir.close();

  const ac = new AbortController();
  fs.writeFile("w.txt", "data", { signal: ac.signal }, (err) => {
    console.log("writeFile aborted:", err.name);
    const fd = fs.openSync("w.txt", "w");
    fs.writeFile(fd, "data", { signal: AbortSignal.abort() }, (err2) => {
      fs.closeSync(fd);
      console.log("writeFile(fd) aborted:", err2.name);
      fs.readFile("w.txt", { signal: AbortSignal.abort() }, (err3) => {
        console.log("readFile aborted:", err3.name);
        part2().catch((e) => console.log("FAIL", e));
      });
    });
  });
  ac.abort();
}

async function part2() {
  const signal = new Proxy(AbortSignal.abort(), {});
  const fh = await fsp.open("w.txt", "r+");
  await fsp.readFile(fh, { signal }).catch((e) => console.log("readFile(handle, proxied signal):", e.name));
  await fh.read(0, 0, 0, 0).catch((e) => console.log("handle.read(0):", e.code));
  await fh.write("abc", 0, "hex").catch((e) => console.log("handle.write odd hex:", e.code));
  await fh.chown(1, -2).catch((e) => console.log("handle.chown(1, -2):", e.code));
  await fh.stat.call({}).catch((e) => console.log("stat on a non-handle:", e.code));
  await fh.close();
  await fsp.lchmod("w.txt", 0o644).catch((e) => console.log("lchmod:", e.message));

  // realpath of a link to a pipe or socket: the path the link names (realpath(3) fails).
  const { spawnSync } = require("child_process");
  const r = spawnSync(process.execPath, ["-e",
    "const fs = require('fs'); console.log(fs.realpathSync('/dev/stdin'));" +
    "fs.realpath('/dev/stdin', (e, p) => console.log(p))"], { stdio: "pipe", encoding: "utf8" });
  console.log("realpath /dev/stdin (a pipe):", r.stdout.split("\n").filter(Boolean).map((l) => /^\/proc\/\d+\/fd\/(pipe|socket):\[\d+\]$/.test(l)).join(" "));

  const stream = fs.createReadStream(null, { fd: 987654, autoClose: false });
  stream.on("data", () => console.log("NEVER: data"));
  stream.on("error", (e) => {
    console.log("stream error:", e.code, "closed:", stream.closed, "destroyed:", stream.destroyed);
    fs.unlinkSync(raw);
    process.chdir(os.tmpdir());
    fs.rmSync(root, { recursive: true, force: true });
  });
}

main().catch((e) => console.log("FAIL", e));
