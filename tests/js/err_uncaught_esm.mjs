// An uncaught exception in an ES module.
import { name } from "./fixtures/esm/lib.mjs";
console.log("imported", name);
throw new Error("thrown at the top level of an ES module");
