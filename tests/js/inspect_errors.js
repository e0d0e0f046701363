// Errors: stack traces vary, so stacks go to stderr (where the runner drops
// the "    at" lines); stdout only shows errors without frames.
const plain = new Error("plain message");
console.error(plain);
console.error(new TypeError("type error"));
console.error(new RangeError("range"), "after");
console.error({ wrapped: new Error("inside an object") });
const props = new Error("with props");
props.code = "E_CODE";
props.extra = { n: 1 };
console.error(props);
console.error(new AggregateError([new Error("one")], "aggregate"));

// Errors whose stack has no frames print deterministically.
function frameless(err) {
  err.stack = err.stack.split("\n")[0];
  return err;
}
console.log(frameless(new Error("no frames")));
console.log([frameless(new SyntaxError("in array"))]);
console.log(frameless(new Error("with cause", { cause: frameless(new Error("the cause")) })));
console.log(frameless(new Error("non-error cause", { cause: { reason: 42 } })));
const coded = frameless(new Error("coded"));
coded.code = "ERR_X";
console.log(coded);
class MyError extends Error {
  constructor(msg) {
    super(msg);
    this.name = "MyError";
  }
}
console.log(frameless(new MyError("custom")));
const noStack = new Error("stack removed");
delete noStack.stack;
noStack.stack = undefined;
console.log(String(noStack), noStack.message, noStack.name);
console.log(Object.prototype.toString.call(plain), plain instanceof Error);
console.log(Object.keys(plain), typeof plain.stack, plain.stack.split("\n")[0]);
console.log(String(new TypeError("t")), `${new RangeError("r")}`);
const e = new Error("msg");
e.name = "Renamed";
console.log(e.stack.split("\n")[0], String(e));
