// MODULE_NOT_FOUND: code, first line of the message, requireStack.
const path = require("path");
for (const spec of ["./nope", "./fixtures/cjs/nope.js", "no-such-package", "/definitely/not/here.js",
  "./fixtures/cjs/dir-with-index/missing"]) {
  try {
    require(spec);
    console.log("NEVER");
  } catch (e) {
    const first = e.message.split("\n")[0];
    console.log(spec, "->", e.code, "|", first);
    console.log("  requireStack:", e.requireStack.map((p) => path.relative(__dirname, p)));
    console.log("  name:", e.name, e instanceof Error);
  }
}
try {
  require.resolve("./still-nope");
} catch (e) {
  console.log("require.resolve:", e.code, e.message.split("\n")[0]);
}
for (const bad of [42, "", undefined]) {
  try {
    require(bad);
  } catch (e) {
    console.log("require(" + JSON.stringify(bad) + "):", e.code, e.message);
  }
}
