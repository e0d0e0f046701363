// process.cpuUsage() and resourceUsage(): CPU time (getrusage), not wall time.
const start = process.cpuUsage();
console.log(Object.keys(start).join(','), typeof start.user, typeof start.system);
// Sleeping costs no CPU: a 200 ms wait adds far less than 200 ms of CPU.
const t0 = Date.now();
setTimeout(() => {
  const d = process.cpuUsage(start);
  const wall = (Date.now() - t0) * 1000;
  console.log('slept: cpu below wall', d.user + d.system < wall / 2, 'non-negative', d.user >= 0 && d.system >= 0);
  // A fixed amount of work (tens of ms of CPU, however loaded the machine)
  // adds user time.
  const b = process.cpuUsage();
  let x = 0;
  for (let i = 0; i < 3e7; i++) x = (x + i * i) % 1000003;
  const busy = process.cpuUsage(b);
  console.log('busy: user grew', busy.user > 1000, x >= 0);
  for (const bad of [{ user: -1, system: 0 }, { user: 'x', system: 0 }, { user: 0, system: NaN }, 5]) {
    try { process.cpuUsage(bad); console.log('no throw'); } catch (e) { console.log(e.name, e.code, e.message); }
  }
  const r = process.resourceUsage();
  console.log(Object.keys(r).join(','));
  console.log(Object.values(r).every((v) => typeof v === 'number' && v >= 0), r.maxRSS > 1000, r.userCPUTime >= busy.user);
}, 200);
