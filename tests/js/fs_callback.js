// Callback fs API, run as a sequence of steps.
const fs = require("fs");
const os = require("os");
const path = require("path");

const root = path.join(os.tmpdir(), "shoal-test-fs-callback");
fs.rmSync(root, { recursive: true, force: true });
const p = (...parts) => path.join(root, ...parts);
const rel = (x) => path.relative(root, x);

const steps = [
  (next) => fs.mkdir(p("sub", "deeper"), { recursive: true }, (err, first) => {
    console.log("mkdir recursive:", err, rel(first));
    next();
  }),
  (next) => fs.writeFile(p("a.txt"), "line 1\n", (err) => {
    console.log("writeFile:", err);
    next();
  }),
  (next) => fs.appendFile(p("a.txt"), "line 2\n", "utf8", (err) => {
    console.log("appendFile:", err);
    next();
  }),
  (next) => fs.readFile(p("a.txt"), "utf8", (err, data) => {
    console.log("readFile utf8:", err, JSON.stringify(data));
    next();
  }),
  (next) => fs.readFile(p("a.txt"), (err, data) => {
    console.log("readFile buffer:", Buffer.isBuffer(data), data.length);
    next();
  }),
  (next) => fs.stat(p("a.txt"), (err, st) => {
    console.log("stat:", err, st.isFile(), st.size);
    next();
  }),
  (next) => fs.symlink(p("a.txt"), p("abs-link"), (err) => {
    fs.lstat(p("abs-link"), (err2, st) => {
      console.log("symlink + lstat:", err, err2, st.isSymbolicLink());
      next();
    });
  }),
  (next) => fs.realpath(p("abs-link"), (err, resolved) => {
    console.log("realpath:", err, rel(resolved));
    next();
  }),
  (next) => fs.readdir(root, (err, names) => {
    console.log("readdir:", err, names.sort());
    next();
  }),
  (next) => fs.readdir(root, { withFileTypes: true }, (err, ents) => {
    console.log("readdir withFileTypes:", err,
      ents.map((d) => [d.name, d.isFile(), d.isDirectory(), d.isSymbolicLink()]).sort());
    console.log("Dirent:", ents[0].constructor.name, typeof ents[0].path);
    next();
  }),
  (next) => fs.rename(p("a.txt"), p("sub", "b.txt"), (err) => {
    console.log("rename:", err, fs.existsSync(p("sub", "b.txt")));
    next();
  }),
  (next) => fs.copyFile(p("sub", "b.txt"), p("c.txt"), (err) => {
    console.log("copyFile:", err, fs.readFileSync(p("c.txt"), "utf8").length);
    next();
  }),
  (next) => fs.access(p("c.txt"), fs.constants.F_OK, (err) => {
    console.log("access existing:", err);
    next();
  }),
  (next) => fs.exists(p("c.txt"), (exists) => {
    console.log("exists (one-argument callback):", exists);
    fs.exists(p("nope"), (e2) => {
      console.log("exists missing:", e2);
      next();
    });
  }),
  (next) => fs.unlink(p("c.txt"), (err) => {
    console.log("unlink:", err, fs.existsSync(p("c.txt")));
    next();
  }),
  (next) => fs.rmdir(p("sub", "deeper"), (err) => {
    console.log("rmdir:", err, fs.existsSync(p("sub", "deeper")));
    next();
  }),
  (next) => fs.rm(p("sub"), { recursive: true }, (err) => {
    console.log("rm recursive:", err, fs.existsSync(p("sub")));
    next();
  }),
  (next) => fs.rm(root, { recursive: true, force: true }, (err) => {
    console.log("cleanup:", err, fs.existsSync(root));
    next();
  }),
];

let sync = true;
const run = () => {
  const step = steps.shift();
  if (step) step(run);
};
fs.stat(__filename, () => console.log("callbacks are asynchronous:", !sync));
sync = false;
run();
try {
  fs.readFile(p("x"));
} catch (e) {
  console.log("missing callback:", e.code);
}
