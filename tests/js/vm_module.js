// vm: contexts reflect their sandbox (reads, writes, var/function
// declarations), scripts, timeout, compileFunction, cached data, errors.
'use strict';
const vm = require('vm');
const sb = { x: 2, animal: 'cat' };
vm.createContext(sb);
console.log(vm.isContext(sb), vm.isContext({}));
console.log(vm.runInContext('x * 21', sb));
vm.runInContext('y = x + 1; var z = 5; function f() { return animal } count = 1; globalThis.w = 7', sb);
console.log(sb.y, sb.z, typeof sb.f, sb.f && sb.f(), sb.w, Object.keys(sb));
console.log(vm.runInContext('typeof Array + typeof console + typeof require + typeof process', sb));
console.log(vm.runInContext('[1,2].map(v => v*2)', sb));
console.log(vm.runInContext('this.x', sb), vm.runInContext('this === globalThis', sb));
console.log(vm.runInNewContext('a + b', { a: 1, b: 2 }));
console.log(vm.runInThisContext('typeof require'), vm.runInThisContext('1+1'));
const s = new vm.Script('n = (typeof n === "number" ? n : 0) + 1');
const c = vm.createContext({});
s.runInContext(c); s.runInContext(c); console.log(c.n);
try { vm.runInNewContext('while(true){}', {}, { timeout: 30 }); } catch (e) { console.log(e.code, e.message); }
console.log('after timeout', vm.runInNewContext('1+2'));
try { new vm.Script('var ='); } catch (e) { console.log(e.name, e.message); }
try { vm.runInContext('throw new TypeError("in ctx")', sb); } catch (e) { console.log(e instanceof TypeError, e.name, e.message); }
const fn = vm.compileFunction('return a + b + c', ['a', 'b'], { contextExtensions: [{ c: 100 }] });
console.log(fn(1, 2), fn.name, fn.length);
const fn2 = vm.compileFunction('return x', [], { parsingContext: sb });
console.log(fn2());
const cd = new vm.Script('1+1', { produceCachedData: true });
console.log(Buffer.isBuffer(cd.cachedData), cd.cachedDataProduced);
const s3 = new vm.Script('1+1', { cachedData: cd.cachedData });
console.log(s3.cachedDataRejected);
delete sb.x; console.log(vm.runInContext('typeof x', sb));
console.log(vm.runInContext('undefined = 5; typeof undefined', sb));
for (const bad of [() => vm.runInContext('1', {}), () => vm.isContext(1), () => vm.createContext(1),
  () => new vm.Script('1', { filename: 1 }), () => vm.runInNewContext('1', {}, { timeout: -1 }),
  () => vm.compileFunction(1), () => vm.compileFunction('', 'a'),
  () => new vm.Script('1').runInContext({})]) {
  try {
    bad();
  } catch (e) {
    console.log(e.name, e.code, e.message);
  }
}
console.log(Object.keys(vm).join(' '));
console.log(vm.createContext(sb) === sb, Object.getOwnPropertyNames(vm.Script.prototype).join(' '));
const ctxLog = [];
vm.runInNewContext('log("from ctx", typeof globalThis.log)', { log: (...a) => ctxLog.push(a.join(' ')) });
console.log(ctxLog);
