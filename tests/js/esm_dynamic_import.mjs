// Dynamic import() of ES modules, CommonJS, packages and built-ins; errors.
const lib = await import("./fixtures/esm/lib.mjs");
console.log("namespace default:", lib.default(), "name:", lib.name);
const again = await import("./fixtures/esm/lib.mjs");
console.log("same namespace object:", lib === again);

const cjs = await import("./fixtures/cjs/named.js");
console.log("CJS via import():", Object.keys(cjs).sort(), cjs.default.alpha);

const pkg = await import("./fixtures/node_modules/esm-pkg/index.js");
console.log("esm package file:", pkg.default, pkg.kind);

const fs = await import("fs");
const nodeFs = await import("node:fs");
console.log("builtin:", typeof fs.readFileSync, fs.default === nodeFs.default, fs.readFileSync === nodeFs.readFileSync);

const url = new URL("./fixtures/esm/lib.mjs", import.meta.url);
const byUrl = await import(url.href);
console.log("by file: URL:", byUrl === lib);

const spec = "./fixtures/esm/" + ["order", "2"].join("-") + ".mjs";
const computed = await import(spec);
console.log("computed specifier:", computed.two);

const cwd = process.cwd();
for (const bad of ["./fixtures/esm/nope.mjs", "no-such-package", "node:nope"]) {
  try {
    await import(bad);
  } catch (e) {
    console.log(bad, "->", e.code, "|", e.message.split("\n")[0].replaceAll(cwd, "<cwd>"));
  }
}
try {
  await import("./fixtures/esm/throws.mjs");
} catch (e) {
  console.log("evaluation error:", e.message);
}
try {
  await import("./fixtures/esm/throws.mjs");
} catch (e) {
  console.log("evaluation error again (cached):", e.message);
}
const p = import("./fixtures/esm/meta.mjs");
console.log("import() returns a promise:", p instanceof Promise);
await p;
