// console.log/info/debug go to stdout, console.warn/error to stderr.
console.log("log", 1, true, null, undefined);
console.info("info", "two words");
console.debug("debug", 3.5);
console.warn("warn to stderr", 42);
console.error("error to stderr", { a: 1 });
console.log();
console.log("");
console.log("multi\nline");
console.log(-0, 0, NaN, Infinity, -Infinity, 10n, 1e21, 1e-7, 0.1 + 0.2);
console.log("a string", ["a string"], { s: "a string" });
console.log("quotes:", ["it's", 'say "hi"', `both ' and "`, "back`tick"]);
