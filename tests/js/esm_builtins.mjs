// Built-in modules from ESM: default and named imports, node: prefix.
import fs from "fs";
import { readFileSync } from "node:fs";
import * as pathNs from "path";
import path, { join, basename } from "node:path";
import EventEmitter, { once } from "events";
import { promisify } from "util";
import { readFile } from "fs/promises";
import assert from "assert";
import { strictEqual } from "node:assert/strict";
import { Buffer as B } from "buffer";
import process2 from "process";
import { createRequire } from "module";

const require = createRequire(import.meta.url);

console.log("default import is module.exports:", fs === require("fs"), path === require("path"));
console.log("named import:", readFileSync === fs.readFileSync, join("a", "b"), basename("/x/y.txt"));
console.log("namespace default:", pathNs.default === path, pathNs.sep, typeof pathNs.resolve);
console.log("events:", typeof EventEmitter, typeof once, EventEmitter === require("events"));
console.log("util.promisify:", typeof promisify);
console.log("fs/promises:", typeof readFile, readFile === fs.promises.readFile);
console.log("assert:", typeof assert, typeof strictEqual);
console.log("Buffer:", B === Buffer, "process:", process2 === process);
console.log("readFileSync works:", readFileSync("message.txt", "utf8").split("\n")[0]);
const ee = new EventEmitter();
setTimeout(() => ee.emit("go", "value"), 1);
console.log("events.once:", await once(ee, "go"));
console.log("fs/promises readFile:", (await readFile("message.txt")).length);
