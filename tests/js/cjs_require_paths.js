// require() with relative and absolute paths, extensions, JSON, index.js,
// package.json main and the node: prefix.
const path = require("path");

console.log(require("./fixtures/cjs/dir-with-index"));
console.log(require("./fixtures/cjs/dir-with-index/"));
console.log(require("./fixtures/cjs/dir-with-index/index"));
console.log(require("./fixtures/cjs/pkg-dir"));
console.log(require("./fixtures/cjs/data.json"));
console.log(require("./fixtures/cjs/data"));
console.log(require("./fixtures/cjs/not-js.txt"));
console.log(require(path.join(__dirname, "fixtures", "cjs", "replaced.js"))());
console.log(require(path.join(__dirname, "fixtures/cjs/replaced")).extra);
console.log("same module via relative and absolute path:",
  require("./fixtures/cjs/replaced") === require(__dirname + "/fixtures/cjs/replaced.js"));
console.log("./ and ../ resolve from this file:",
  require("../js/fixtures/cjs/data.json") === require("./fixtures/cjs/data.json"));

console.log("node: prefix gives the same module:", require("node:path") === require("path"));
console.log(require("node:fs") === require("fs"), require("node:events") === require("events"));
for (const name of ["node:nope", "node:./fixtures/cjs/data.json"]) {
  try {
    require(name);
  } catch (e) {
    console.log(name, "->", e.code, e.message.split("\n")[0]);
  }
}
const json = require("./fixtures/cjs/data.json");
json.mutated = true;
console.log("JSON modules are cached objects:", require("./fixtures/cjs/data.json").mutated);
try {
  require("./fixtures/cjs/bad.json");
} catch (e) {
  console.log("bad JSON:", e.name, e.message.startsWith(path.join(__dirname, "fixtures/cjs/bad.json") + ": "));
}
