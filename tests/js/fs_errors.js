// fs error objects: code, errno, syscall, path, dest, message.
const fs = require("fs");
const os = require("os");
const path = require("path");

const root = path.join(os.tmpdir(), "shoal-test-fs-errors");
fs.rmSync(root, { recursive: true, force: true });
fs.mkdirSync(root);
fs.writeFileSync(path.join(root, "file.txt"), "x");
fs.mkdirSync(path.join(root, "dir"));
fs.writeFileSync(path.join(root, "dir", "inner.txt"), "y");
const p = (x) => path.join(root, x);

function show(label, e) {
  const fields = {
    name: e.name,
    code: e.code,
    errno: e.errno,
    syscall: e.syscall,
    path: e.path && path.relative(root, e.path),
    dest: e.dest && path.relative(root, e.dest),
    message: e.message.replaceAll(root, "<root>"),
    isError: e instanceof Error,
  };
  console.log(label.padEnd(28), JSON.stringify(fields));
}

const cases = {
  "readFileSync missing": () => fs.readFileSync(p("missing.txt")),
  "readFileSync dir": () => fs.readFileSync(p("dir")),
  "statSync missing": () => fs.statSync(p("missing")),
  "lstatSync missing": () => fs.lstatSync(p("missing")),
  "readdirSync file": () => fs.readdirSync(p("file.txt")),
  "readdirSync missing": () => fs.readdirSync(p("missing")),
  "mkdirSync existing": () => fs.mkdirSync(p("dir")),
  "mkdirSync no parent": () => fs.mkdirSync(p("a/b/c")),
  "rmdirSync not empty": () => fs.rmdirSync(p("dir")),
  "rmSync dir, no recursive": () => fs.rmSync(p("dir")),
  "rmSync missing": () => fs.rmSync(p("missing")),
  "unlinkSync dir": () => fs.unlinkSync(p("dir")),
  "unlinkSync missing": () => fs.unlinkSync(p("missing")),
  "renameSync missing": () => fs.renameSync(p("missing"), p("other")),
  "copyFileSync missing": () => fs.copyFileSync(p("missing"), p("other")),
  "accessSync missing": () => fs.accessSync(p("missing")),
  "realpathSync missing": () => fs.realpathSync(p("missing")),
  "writeFileSync into missing dir": () => fs.writeFileSync(p("no/such/file"), "x"),
  "openSync bad flags": () => fs.openSync(p("file.txt"), "bogus"),
  "readFileSync bad arg": () => fs.readFileSync(42.5),
  "readFileSync bad encoding": () => fs.readFileSync(p("file.txt"), "nope-enc"),
  "writeFileSync bad data": () => fs.writeFileSync(p("file.txt"), 12345),
};
for (const [label, fn] of Object.entries(cases)) {
  try {
    fn();
    console.log(label, "NO ERROR");
  } catch (e) {
    show(label, e);
  }
}

// The callback form reports the same errors.
fs.readFile(p("missing.txt"), (err, data) => {
  show("readFile callback", err);
  console.log("data is undefined:", data === undefined);
  fs.mkdir(p("dir"), (err2) => {
    show("mkdir callback", err2);
    fs.rmSync(root, { recursive: true });
    console.log("cleaned up:", fs.existsSync(root));
  });
});
