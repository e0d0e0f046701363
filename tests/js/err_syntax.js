// A syntax error: nothing runs; file:line, the source line and a caret
// on stderr; exit 1.
console.log("NEVER: the file does not compile");
const ok = 1;
let broken = (ok +;
