// A worker's execArgv ends at `--`, as on the command line.
const { Worker, isMainThread } = require("worker_threads");
if (!isMainThread) {
  process.stdout.write(JSON.stringify(process.execArgv));
} else {
  const runs = [["--pending-deprecation"], ["--pending-deprecation", "--"], ["--no-warnings", "--", "x", "--y"]];
  (function next(i) {
    if (i === runs.length) return;
    const w = new Worker(__filename, { execArgv: runs[i], stdout: true });
    let out = "";
    w.stdout.setEncoding("utf8");
    w.stdout.on("data", (d) => (out += d));
    w.stdout.on("end", () => {
      console.log(JSON.stringify(runs[i]), "->", out);
      next(i + 1);
    });
  })(0);
}
