// Top-level await, also in an imported module (which the importer waits for).
import { value } from "./fixtures/esm/tla-dep.mjs";

console.log("main: imported", value);
const v = await new Promise((resolve) => setTimeout(() => resolve("awaited timer"), 5));
console.log("main:", v);
const results = await Promise.all([1, 2, 3].map(async (n) => n * 2));
console.log("main:", results);
try {
  await Promise.reject(new Error("rejected at top level, caught"));
} catch (e) {
  console.log("main:", e.message);
}
for await (const x of (async function* () {
  yield "a";
  yield "b";
})()) {
  console.log("for await:", x);
}
console.log("main: end");
