// crypto.secureHeapUsed() and the --secure-heap / --secure-heap-min options.
const { spawnSync } = require("child_process");
const crypto = require("crypto");

console.log("no secure heap:", crypto.secureHeapUsed());
const code = `
  const c = require("crypto");
  const before = c.secureHeapUsed();
  const dh = c.createDiffieHellman(1024);
  dh.generateKeys();
  const after = c.secureHeapUsed();
  console.log(JSON.stringify(before), Object.keys(after).join(), after.total, after.min, after.used > 0,
              after.utilization === after.used / after.total);`;
for (const flags of [["--secure-heap=65536", "--secure-heap-min=4"], ["--secure-heap=65536"],
  ["--secure-heap=3", "--secure-heap-min=3"], ["--secure-heap=64", "--secure-heap-min=48"]]) {
  const r = spawnSync(process.execPath, [...flags, "-e", code], { encoding: "utf8" });
  // stderr lines start with the program's name ("node: ...")
  const err = r.stderr.split("\n").filter(Boolean).map((l) => l.replace(/^[^:]*: /, ""));
  console.log(flags.join(" "), "status", r.status, r.stdout.trim(), err);
}
