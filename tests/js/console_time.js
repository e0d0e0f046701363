// console.time/timeLog/timeEnd: the elapsed time varies, so the output goes
// through a Console whose stdout replaces the number.
const { Console } = require("console");
const { Writable } = require("stream");

const lines = [];
const sink = new Writable({
  write(chunk, encoding, callback) {
    lines.push(String(chunk));
    callback();
  },
});
const c = new Console({ stdout: sink, stderr: sink });

c.time("load");
c.timeLog("load", "extra", 1);
c.timeEnd("load");
c.time();
c.timeEnd();
c.log("plain log through the custom console");
c.error("error through the custom console");

for (const line of lines) {
  const masked = line.replace(/\d+(\.\d+)?(ms|s|min|h)\b/, "<T>$2");
  process.stdout.write(JSON.stringify(line.split(":")[0]) + " -> " + masked);
}

// The global console.time prints a matching shape too.
const oldWrite = process.stdout.write;
const captured = [];
process.stdout.write = function (chunk) {
  captured.push(String(chunk));
  return true;
};
console.time("global");
console.timeEnd("global");
process.stdout.write = oldWrite;
console.log(captured.length, /^global: \d+(\.\d+)?ms\n$/.test(captured[0]));
console.log(typeof console.time, typeof console.timeEnd, typeof console.timeLog);
