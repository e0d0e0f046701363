const mu = process.memoryUsage();
console.log("keys:", Object.keys(mu));
for (const [k, v] of Object.entries(mu)) {
  console.log(" ", k, typeof v, Number.isInteger(v) && v >= 0);
}
console.log("rss > heapUsed:", mu.rss > mu.heapUsed);
console.log("heapTotal >= heapUsed:", mu.heapTotal >= mu.heapUsed);
console.log("memoryUsage.rss():", typeof process.memoryUsage.rss(), process.memoryUsage.rss() > 0);
console.log("uptime:", typeof process.uptime());
