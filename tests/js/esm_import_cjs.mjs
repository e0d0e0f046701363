// Importing CommonJS from ESM: default = module.exports, detected named exports.
import named, { alpha, beta, gamma, delta } from "./fixtures/cjs/named.js";
import * as namedNs from "./fixtures/cjs/named.js";
import replaced from "./fixtures/cjs/replaced.js";
import * as replacedNs from "./fixtures/cjs/replaced.js";
import flagged, * as flaggedNs from "./fixtures/cjs/esModule-flag.js";
import conditions, { picked } from "./fixtures/node_modules/exports-conditions/esm.mjs";
import { createRequire } from "node:module";

console.log("default:", named);
console.log("named:", alpha, beta(), gamma, delta);
console.log("namespace keys:", Object.keys(namedNs).sort());
console.log("namespace default is module.exports:", namedNs.default === named);
console.log("function export:", replaced(), replaced.extra, Object.keys(replacedNs));
console.log("__esModule default:", flagged);
console.log("__esModule namespace keys:", Object.keys(flaggedNs).sort(), flaggedNs.named);
console.log("esm file of the package:", conditions, picked);

const require = createRequire(import.meta.url);
console.log("createRequire in ESM:", require("./fixtures/cjs/replaced.js") === replaced);
console.log("require of a JSON file:", require("./fixtures/cjs/data.json").nested);
