// Shape of process metadata: types and formats, never machine-specific values.
const os = require("os");
console.log("pid:", typeof process.pid, Number.isInteger(process.pid) && process.pid > 0);
console.log("ppid:", typeof process.ppid, Number.isInteger(process.ppid) && process.ppid > 0);
console.log("pid differs from ppid:", process.pid !== process.ppid);
console.log("platform:", process.platform, process.platform === os.platform());
console.log("arch:", typeof process.arch, process.arch === os.arch());
console.log("version:", typeof process.version, /^v\d+\.\d+\.\d+$/.test(process.version));
console.log("versions:", typeof process.versions);
for (const k of ["node", "v8", "uv", "modules"]) {
  console.log("  versions." + k + ":", typeof process.versions[k]);
}
console.log("versions.node matches version:", "v" + process.versions.node === process.version);
console.log("release.name:", process.release.name);
console.log("title:", typeof process.title);
console.log("features:", typeof process.features);
console.log("config:", typeof process.config);
console.log("uptime:", typeof process.uptime(), process.uptime() >= 0);
console.log("umask:", typeof process.umask());
console.log("getuid:", typeof process.getuid());
console.log("cpuUsage keys:", Object.keys(process.cpuUsage()).sort());
console.log("emitWarning:", typeof process.emitWarning);
console.log("toString tag:", Object.prototype.toString.call(process));
console.log("is an EventEmitter:", process instanceof require("events"));
