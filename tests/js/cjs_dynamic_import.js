// import() from CommonJS.
const path = require("path");
console.log("start");
import("./fixtures/esm/lib.mjs").then((ns) => {
  console.log("import() from CJS:", ns.default(), ns.name);
  return import("./fixtures/esm-type-module/index.js");
}).then((ns) => {
  console.log("type: module file:", ns.where);
  return import("fs");
}).then((ns) => {
  console.log("builtin:", ns.default === require("fs"));
  return import("./fixtures/cjs/named.js");
}).then((ns) => {
  console.log("CJS through import():", ns.default === require("./fixtures/cjs/named.js"), ns.alpha);
  return import("./fixtures/nope.mjs");
}).catch((e) => {
  console.log("error:", e.code, e.message.split("\n")[0].replaceAll(process.cwd(), "<cwd>"));
});
console.log("end of sync code");
