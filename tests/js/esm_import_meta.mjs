import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { url as childUrl } from "./fixtures/esm/meta.mjs";

const here = fileURLToPath(import.meta.url);
console.log("url scheme:", new URL(import.meta.url).protocol);
console.log("url relative to cwd:", path.relative(process.cwd(), here));
console.log("url round trip:", pathToFileURL(here).href === import.meta.url);
console.log("child url:", path.relative(process.cwd(), fileURLToPath(childUrl)));
console.log("import.meta keys:", Object.keys(import.meta).sort());
console.log("import.meta.filename:", import.meta.filename === here);
console.log("import.meta.dirname:", import.meta.dirname === process.cwd());
console.log("import.meta.resolve:",
  path.relative(process.cwd(), fileURLToPath(import.meta.resolve("./fixtures/esm/lib.mjs"))));
console.log("import.meta.resolve builtin:", import.meta.resolve("fs"), import.meta.resolve("node:fs"));
console.log("prototype:", Object.getPrototypeOf(import.meta));
