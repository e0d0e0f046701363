const path = require("path");
const start = process.cwd();
console.log("cwd is absolute:", path.isAbsolute(start));
console.log("cwd is the script folder:", start === __dirname);
process.chdir("fixtures");
console.log("after chdir:", path.relative(start, process.cwd()));
process.chdir("..");
console.log("back:", process.cwd() === start);
process.chdir(path.join(__dirname, "fixtures", "cjs"));
console.log("absolute chdir:", path.relative(start, process.cwd()));
console.log("relative fs paths follow cwd:", require("fs").existsSync("a.js"));
try {
  process.chdir("no-such-dir");
} catch (e) {
  console.log(e.code, e.syscall, e.errno < 0, e.message.replace(process.cwd(), "<cwd>"));
}
try {
  process.chdir(42);
} catch (e) {
  console.log(e.code, e.message);
}
process.chdir(start);
console.log("restored:", process.cwd() === start);
