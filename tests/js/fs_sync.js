// Synchronous fs API in a scratch folder under os.tmpdir().
const fs = require("fs");
const os = require("os");
const path = require("path");

const root = path.join(os.tmpdir(), "shoal-test-fs-sync");
fs.rmSync(root, { recursive: true, force: true });
fs.mkdirSync(root);
const p = (...parts) => path.join(root, ...parts);
const rel = (x) => path.relative(root, x);

fs.writeFileSync(p("a.txt"), "hello");
fs.appendFileSync(p("a.txt"), " world\n");
console.log("readFileSync utf8:", JSON.stringify(fs.readFileSync(p("a.txt"), "utf8")));
console.log("readFileSync buffer:", fs.readFileSync(p("a.txt")));
console.log("readFileSync {encoding}:", fs.readFileSync(p("a.txt"), { encoding: "base64" }));
fs.writeFileSync(p("b.bin"), Buffer.from([0, 1, 2, 255]));
fs.writeFileSync(p("c.txt"), new Uint8Array([104, 105]));
fs.writeFileSync(p("flag.txt"), "first");
fs.writeFileSync(p("flag.txt"), "+append", { flag: "a" });
console.log("flag a:", fs.readFileSync(p("flag.txt"), "latin1"));

const st = fs.statSync(p("a.txt"));
console.log("stat:", st.isFile(), st.isDirectory(), st.isSymbolicLink(), st.size);
console.log("stat fields:", typeof st.mtimeMs, st.mtime instanceof Date, typeof st.mode, typeof st.ino, st.nlink);
console.log("mode & 0o777 is a number:", typeof (st.mode & 0o777), (st.mode & fs.constants.S_IFMT) === fs.constants.S_IFREG);
console.log("stat bigint:", typeof fs.statSync(p("a.txt"), { bigint: true }).size);
console.log("stat dir:", fs.statSync(root).isDirectory());
console.log("stat missing, throwIfNoEntry false:", fs.statSync(p("nope"), { throwIfNoEntry: false }));

fs.symlinkSync("a.txt", p("link.txt"));
console.log("lstat link:", fs.lstatSync(p("link.txt")).isSymbolicLink(), "stat follows:", fs.statSync(p("link.txt")).isFile());
console.log("readlink:", fs.readlinkSync(p("link.txt")));
console.log("realpath:", rel(fs.realpathSync(p("link.txt"))));
console.log("realpath.native:", rel(fs.realpathSync.native(p("link.txt"))));

fs.mkdirSync(p("d1", "d2", "d3"), { recursive: true });
console.log("mkdir recursive returns:", fs.mkdirSync(p("r1", "r2"), { recursive: true }) === p("r1"));
console.log("mkdir recursive on existing:", fs.mkdirSync(p("d1"), { recursive: true }));
fs.writeFileSync(p("d1", "f.txt"), "x");
console.log("readdir:", fs.readdirSync(root).sort());
console.log("readdir withFileTypes:", fs.readdirSync(root, { withFileTypes: true })
  .map((d) => `${d.name}:${d.isFile() ? "file" : d.isDirectory() ? "dir" : d.isSymbolicLink() ? "link" : "?"}`)
  .sort());
console.log("readdir recursive:", fs.readdirSync(p("d1"), { recursive: true }).sort());

fs.renameSync(p("c.txt"), p("d1", "moved.txt"));
console.log("rename:", fs.existsSync(p("c.txt")), fs.readFileSync(p("d1", "moved.txt"), "utf8"));
fs.copyFileSync(p("a.txt"), p("copy.txt"));
console.log("copyFile:", fs.readFileSync(p("copy.txt"), "utf8") === fs.readFileSync(p("a.txt"), "utf8"));
try {
  fs.copyFileSync(p("a.txt"), p("copy.txt"), fs.constants.COPYFILE_EXCL);
} catch (e) {
  console.log("copyFile EXCL:", e.code);
}
fs.accessSync(p("a.txt"));
fs.accessSync(p("a.txt"), fs.constants.R_OK | fs.constants.W_OK);
console.log("access ok; existsSync:", fs.existsSync(p("a.txt")), fs.existsSync(p("nope")), fs.existsSync());
fs.chmodSync(p("copy.txt"), 0o600);
console.log("chmod:", (fs.statSync(p("copy.txt")).mode & 0o777).toString(8));
fs.truncateSync(p("copy.txt"), 3);
console.log("truncate:", fs.readFileSync(p("copy.txt"), "utf8"));
const t = new Date(Date.UTC(2020, 0, 1));
fs.utimesSync(p("copy.txt"), t, t);
console.log("utimes:", fs.statSync(p("copy.txt")).mtime.toISOString());

fs.unlinkSync(p("copy.txt"));
console.log("unlink:", fs.existsSync(p("copy.txt")));
fs.rmdirSync(p("d1", "d2", "d3"));
console.log("rmdir:", fs.existsSync(p("d1", "d2", "d3")));
fs.rmSync(p("d1"), { recursive: true });
console.log("rm recursive:", fs.existsSync(p("d1")));
fs.rmSync(p("nope"), { force: true });
console.log("rm force on missing: ok");
const tmp = fs.mkdtempSync(p("tmp-"));
console.log("mkdtemp:", /^tmp-.{6}$/.test(rel(tmp)), fs.statSync(tmp).isDirectory());

fs.rmSync(root, { recursive: true });
console.log("cleaned up:", fs.existsSync(root));
