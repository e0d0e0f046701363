// A syntax error in a required module is thrown by require() and can be caught.
try {
  require("./fixtures/syntax-error.js");
} catch (e) {
  console.log(e.name, e instanceof SyntaxError, e.message);
}
require("./fixtures/syntax-error.js");
