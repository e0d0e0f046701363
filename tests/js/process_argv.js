// args: alpha "two words" --flag=1 -x
const path = require("path");
console.log("argc:", process.argv.length);
console.log("extra args:", process.argv.slice(2));
console.log("argv[0] is an absolute path:", path.isAbsolute(process.argv[0]));
console.log("argv[1]:", path.relative(process.cwd(), process.argv[1]));
console.log("argv[1] is __filename:", process.argv[1] === __filename);
console.log("argv0 type:", typeof process.argv0);
console.log("execPath absolute:", path.isAbsolute(process.execPath));
console.log("execArgv:", process.execArgv);
console.log("require.main is module:", require.main === module);
