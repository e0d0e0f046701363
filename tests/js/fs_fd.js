// File descriptors: open/read/write/close, sync and callback forms.
const fs = require("fs");
const os = require("os");
const path = require("path");

const root = path.join(os.tmpdir(), "shoal-test-fs-fd");
fs.rmSync(root, { recursive: true, force: true });
fs.mkdirSync(root);
const file = path.join(root, "data.txt");

const fd = fs.openSync(file, "w");
console.log("openSync fd:", typeof fd, fd > 2);
console.log("writeSync string:", fs.writeSync(fd, "Hello, "));
console.log("writeSync buffer:", fs.writeSync(fd, Buffer.from("fd world!")));
console.log("writeSync at position:", fs.writeSync(fd, "W", 9));
console.log("fstat size:", fs.fstatSync(fd).size);
fs.fsyncSync(fd);
fs.closeSync(fd);

const rfd = fs.openSync(file, "r");
const buf = Buffer.alloc(32);
const n = fs.readSync(rfd, buf, 0, 5, 0);
console.log("readSync:", n, buf.toString("utf8", 0, n));
const n2 = fs.readSync(rfd, buf, { position: 7 });
console.log("readSync with options:", n2, buf.toString("utf8", 0, n2));
console.log("readSync at EOF:", fs.readSync(rfd, buf, 0, 10, 1000));
fs.closeSync(rfd);
try {
  fs.closeSync(rfd);
} catch (e) {
  console.log("close twice:", e.code, e.syscall);
}
try {
  fs.openSync(path.join(root, "nope.txt"), "r");
} catch (e) {
  console.log("open missing:", e.code, e.syscall, path.relative(root, e.path));
}
try {
  fs.openSync(file, "wx");
} catch (e) {
  console.log("open wx existing:", e.code);
}

fs.open(file, "a+", 0o644, (err, afd) => {
  console.log("open callback:", err, typeof afd);
  fs.write(afd, "!", (err2, written, str) => {
    console.log("write callback:", err2, written, str);
    const b = Buffer.alloc(100);
    fs.read(afd, b, 0, 100, 0, (err3, bytesRead, same) => {
      console.log("read callback:", err3, bytesRead, same === b, b.toString("utf8", 0, bytesRead));
      fs.close(afd, (err4) => {
        console.log("close callback:", err4);
        fs.rmSync(root, { recursive: true });
        console.log("cleaned up:", fs.existsSync(root));
      });
    });
  });
});
