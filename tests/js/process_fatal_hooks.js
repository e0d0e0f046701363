// Node's uncaught-exception plumbing and a few process/child_process
// contracts: 'uncaughtExceptionMonitor' first (a throw there exits 7),
// process._fatalException replaced by a non-function exits 6, an 'exit'
// listener may set exitCode 0 after an uncaught exception,
// process.allowedNodeEnvironmentFlags, kill's ESRCH error, spawn's
// options type checks.
const { spawnSync, spawn } = require("child_process");

function child(src) {
  const r = spawnSync(process.execPath, ["-e", src], { encoding: "utf8" });
  const errLine = r.stderr.split("\n").find((l) => /^\w*Error/.test(l));
  return `status ${r.status} stdout ${JSON.stringify(r.stdout)} error ${JSON.stringify(errLine)}`;
}

console.log("monitor:", child(`
  process.on('uncaughtExceptionMonitor', (e, origin) => console.log('monitor', e.message, origin));
  throw new Error('boom');`));
console.log("monitor then handler:", child(`
  process.on('uncaughtExceptionMonitor', (e) => console.log('monitor', e.message));
  process.on('uncaughtException', (e) => console.log('handler', e.message));
  throw new Error('boom');`));
console.log("monitor throws:", child(`
  process.on('uncaughtExceptionMonitor', () => { throw new TypeError('in monitor'); });
  throw new Error('boom');`));
console.log("_fatalException removed:", child(`
  console.log(typeof process._fatalException);
  process._fatalException = undefined;
  throw new Error('boom');`));
console.log("exit listener sets 0:", child(`
  process.on('exit', () => { process.exitCode = 0; });
  throw new Error('boom');`));
console.log("beforeExit throws:", child(`
  process.on('exit', (c) => { console.log('exit', c); process.exitCode = 0; });
  process.on('beforeExit', () => { throw new Error('in beforeExit'); });`));

const flags = process.allowedNodeEnvironmentFlags;
console.log("allowed flags:", ["--perf_basic_prof", "perf-basic-prof", "-r", "r", "--stack-trace-limit=100",
  "--r", "-R", "INSPECT-BRK", "---inspect-brk", "--cheeseburgers"].map((f) => `${f}=${flags.has(f)}`).join(" "));
const size = flags.size;
flags.add("foo");
Set.prototype.add.call(flags, "foo");
flags.clear();
flags.delete("-r");
console.log("frozen:", Object.isFrozen(flags), "unchanged:", flags.size === size, flags.has("foo"),
  "every entry is a flag:", [...flags].every((f) => /^--?[a-zA-Z0-9._-]+$/.test(f)));

try {
  process.kill(2 ** 22 + 12345, 0);
} catch (e) {
  console.log("kill:", String(e), e.code, e.syscall, e.errno < 0);
}

for (const [name, fn] of [
  ["spawn(cmd, [], [])", () => spawn("ls", [], [])],
  ["spawn(cmd, [], null)", () => spawn("ls", [], null)],
  ["execFile(cmd, [], 's')", () => require("child_process").execFile("ls", [], "s")],
  ["execFile(cmd, [], [])", () => require("child_process").execFile("ls", [], [])],
  ["fork(file, [], [])", () => require("child_process").fork("x.js", [], [])],
]) {
  try {
    fn();
    console.log(name, "no error");
  } catch (e) {
    console.log(name, e.code);
  }
}
