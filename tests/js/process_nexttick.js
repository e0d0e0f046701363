process.nextTick((a, b, c) => console.log("nextTick args:", a, b, c), 1, "two", { three: 3 });
process.nextTick(() => console.log("nextTick without args"));
try {
  process.nextTick("nope");
} catch (e) {
  console.log(e.name, e.code, e.message);
}
console.log("sync first");
