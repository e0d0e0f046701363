// Static imports: named, default, namespace, aliases, re-exports, live
// bindings, cycles and evaluation order.
import defaultFn, { counter, increment, name as libName, aliasedName } from "./fixtures/esm/lib.mjs";
import * as ns from "./fixtures/esm/lib.mjs";
import { libDefault, libNamespace, counter as reCounter } from "./fixtures/esm/reexport.mjs";
import { callB } from "./fixtures/esm/cycle-a.mjs";
import { two } from "./fixtures/esm/order-2.mjs";
import { one } from "./fixtures/esm/order-1.mjs";
import { where, hasRequire } from "./fixtures/esm-type-module/index.js";
import legacy from "./fixtures/esm-type-module/legacy.cjs";

console.log("main body runs after its imports");
console.log(defaultFn(), libName, aliasedName);
console.log("live binding:", counter, ns.counter);
increment();
increment();
console.log("after increment():", counter, ns.counter, reCounter);
console.log("namespace keys:", Object.keys(ns));
console.log("namespace:", ns);
console.log("namespace tag:", Object.prototype.toString.call(ns), Object.isFrozen(ns), Object.getPrototypeOf(ns));
console.log("re-exported default is the same function:", libDefault === defaultFn, libNamespace === ns);
console.log("cycle:", callB());
console.log("order:", one, two);
console.log("type: module folder:", where, "require visible:", hasRequire);
console.log("a .cjs file:", legacy.kind);
try {
  ns.counter = 5;
} catch (e) {
  console.log("namespace is read-only:", e.name);
}
console.log("strict mode:", (function () {
  return this === undefined;
})());
console.log("this at top level:", this);
console.log("CommonJS globals:", typeof require, typeof module, typeof exports, typeof __filename, typeof __dirname);
