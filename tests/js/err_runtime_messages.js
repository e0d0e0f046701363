// V8's own error messages for common mistakes (caught, printed to stdout).
// Only messages that V8 10.2 (shoal) and V8 11.3 (Node 20) word the same way.
const cases = [
  () => undefined.prop,
  () => null.prop,
  () => ({}).notAFunction(),
  () => notDefined,
  () => {
    const c = 1;
    c = 2;
  },
  () => new Array(-1),
  () => BigInt(1.5),
  () => Symbol() + "",
  () => {
    class A {
      #p = 1;
      static read(o) {
        return o.#p;
      }
    }
    return A.read({});
  },
  () => { function f() { f(); } f(); },
  () => (1).toFixed(101),
  () => decodeURIComponent("%"),
  () => new Proxy({}, { get() { throw new Error("trap threw"); } }).x,
];
for (const fn of cases) {
  try {
    fn();
    console.log("no error");
  } catch (e) {
    console.log(`${e.constructor.name}: ${e.message}`);
  }
}
