// Bare specifiers from ESM: "type": "module" packages, the "import" export
// condition, CommonJS packages, subpath exports and patterns.
import results, { tryImport } from "./fixtures/packages.mjs";

for (const [k, v] of Object.entries(results)) {
  console.log(k.padEnd(46), "=>", v);
}
for (const spec of ["exports-subpath/lib/hidden.js", "no-such-package", "exports-conditions/browser-only",
  "index-pkg", "main-pkg/lib/entry"]) {
  console.log(spec.padEnd(46), "=>", await tryImport(spec));
}
console.log("from tests/js itself:", await import("esm-pkg").then(() => "found", (e) => e.code));
