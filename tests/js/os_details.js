// os: constants, tmpdir() environment logic, shapes, validation errors.
const os = require("os");

console.log("keys:", Object.keys(os).sort().join(" "));
console.log("constants:", JSON.stringify(os.constants));
console.log("signals proto:", Object.getPrototypeOf(os.constants.signals), Object.getPrototypeOf(os.constants));
console.log("frozen:", Object.isFrozen(os.constants), Object.isFrozen(os.constants.signals));
console.log("EOL/devNull:", JSON.stringify(os.EOL), os.devNull);

const saved = { TMPDIR: process.env.TMPDIR, TMP: process.env.TMP, TEMP: process.env.TEMP };
const setEnv = (k, v) => (v === undefined ? delete process.env[k] : (process.env[k] = v));
for (const [tmpdir, tmp, temp] of [
  ["/var/x/", undefined, undefined], [undefined, "/tmp2/", "/t3"], [undefined, undefined, "/t3//"],
  ["/", undefined, undefined], [undefined, undefined, undefined], ["", "", "/e"],
]) {
  setEnv("TMPDIR", tmpdir);
  setEnv("TMP", tmp);
  setEnv("TEMP", temp);
  console.log("tmpdir:", JSON.stringify([tmpdir, tmp, temp]), "->", os.tmpdir());
}
for (const k of Object.keys(saved)) setEnv(k, saved[k]);

console.log("toPrimitive:", `${os.hostname}` === os.hostname(), `${os.homedir}` === os.homedir(),
  `${os.type}`, `${os.platform}`, `${os.endianness}`);
console.log("type/platform:", os.type(), os.platform(), os.endianness(), os.machine() === os.arch().replace("x64", "x86_64").replace("arm64", "aarch64"));
console.log("homedir is HOME:", os.homedir() === process.env.HOME);

const ui = os.userInfo();
console.log("userInfo:", Object.getPrototypeOf(ui), Object.keys(ui).join(","), ui.uid === process.getuid(), ui.gid === process.getgid());
const uib = os.userInfo({ encoding: "buffer" });
console.log("userInfo buffer:", Buffer.isBuffer(uib.username), uib.username.toString() === ui.username);

const cpus = os.cpus();
console.log("cpus:", cpus.every((c) => typeof c.model === "string" && typeof c.speed === "number" &&
  Object.keys(c).join() === "model,speed,times" && Object.keys(c.times).join() === "user,nice,sys,idle,irq"));
console.log("parallelism:", os.availableParallelism() >= 1, Number.isInteger(os.availableParallelism()));
console.log("memory:", Number.isInteger(os.totalmem()), Number.isInteger(os.freemem()), os.freemem() < os.totalmem());
console.log("uptime/loadavg:", typeof os.uptime(), os.loadavg().length);

const ifaces = os.networkInterfaces();
let ok = true;
for (const [name, list] of Object.entries(ifaces)) {
  for (const a of list) {
    const keys = Object.keys(a).join(",");
    const want = a.family === "IPv6" ? "address,netmask,family,mac,internal,cidr,scopeid"
      : "address,netmask,family,mac,internal,cidr";
    if (keys !== want || !a.cidr.startsWith(`${a.address}/`) || !/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(a.mac)) {
      ok = false;
      console.log("bad interface", name, a);
    }
  }
}
console.log("networkInterfaces:", ok, Object.values(ifaces).flat().some((a) => a.internal && a.cidr === "127.0.0.1/8"));

console.log("getPriority:", Number.isInteger(os.getPriority()), os.getPriority() === os.getPriority(process.pid));
const show = (fn) => {
  try {
    fn();
    console.log("no error");
  } catch (e) {
    console.log(e.name, e.code, e.message, e.info ? JSON.stringify(e.info) : "");
  }
};
show(() => os.getPriority("x"));
show(() => os.getPriority(1.5));
show(() => os.setPriority(0, 20));
show(() => os.setPriority(0, "x"));
show(() => os.getPriority(2 ** 31 - 1));
show(() => os.setPriority(os.getPriority()));
