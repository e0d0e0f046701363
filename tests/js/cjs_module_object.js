// module, exports, __filename, __dirname, require.resolve, require.main.
const path = require("path");
const rel = (p) => path.relative(process.cwd(), p);

console.log("__filename:", rel(__filename), path.isAbsolute(__filename));
console.log("__dirname:", JSON.stringify(rel(__dirname)), __dirname === path.dirname(__filename));
console.log("module.id:", module.id);
console.log("module.filename:", rel(module.filename));
console.log("module.loaded:", module.loaded);
setImmediate(() => console.log("module.loaded later:", module.loaded));
console.log("module.exports === exports:", module.exports === exports, "this === exports:", this === exports);
console.log("module.paths[0]:", rel(module.paths[0]), module.paths.every((p) => p.endsWith("node_modules")));
console.log("module.parent:", module.parent, "require.main === module:", require.main === module);
console.log("module.children before:", module.children.length);
console.log("required module sees:", require("./fixtures/cjs/module-info"));
console.log("module.children after:", module.children.map((m) => rel(m.id)));
console.log("module constructor:", module.constructor.name, typeof require("module"));
console.log("builtinModules has fs:", require("module").builtinModules.includes("fs"));

console.log("require.resolve relative:", rel(require.resolve("./fixtures/cjs/data")));
console.log("require.resolve builtin:", require.resolve("fs"), require.resolve("node:fs"));
console.log("require.resolve with paths:",
  rel(require.resolve("main-pkg", { paths: [path.join(__dirname, "fixtures")] })));
console.log("require.resolve.paths builtin:", require.resolve.paths("fs"));
console.log("require.resolve.paths('x')[0]:", rel(require.resolve.paths("x")[0]));
console.log("require.extensions:", Object.keys(require.extensions));
console.log("typeof require.cache:", typeof require.cache);

const { createRequire } = require("module");
const req = createRequire(path.join(__dirname, "fixtures", "packages.js"));
console.log("createRequire:", req("index-pkg"));

// The module wrapper's arguments.
console.log("wrapper arguments:", arguments.length, arguments[0] === exports, arguments[1] === require,
  arguments[2] === module, arguments[3] === __filename, arguments[4] === __dirname);
exports.answer = 42;
console.log("exports:", module.exports);
