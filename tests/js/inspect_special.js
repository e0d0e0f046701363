// Inspection of classes, circular references, symbols, getters,
// null-prototype objects, typed arrays and Promises.
class Animal {
  constructor(name) {
    this.name = name;
  }
  speak() {}
}
class Dog extends Animal {
  #secret = 1;
  static kind = "canine";
}
console.log(new Animal("generic"));
console.log(new Dog("rex"));
console.log(Animal, Dog);
console.log([Animal], { cls: Dog });
class Empty {}
console.log(new Empty(), [new Empty()]);
class Tagged {
  get [Symbol.toStringTag]() {
    return "CustomTag";
  }
}
console.log(new Tagged());

const circ = { name: "root", list: [] };
circ.self = circ;
circ.list.push(circ, { back: circ });
console.log(circ);
const a = [1];
a.push(a);
console.log(a);
const m = new Map();
m.set("me", m);
console.log(m);

const sym = Symbol("desc");
console.log(sym, Symbol(), Symbol.for("registered"), Symbol.iterator);
console.log({ [sym]: "symbol-keyed", regular: 1, [Symbol()]: 2 });
console.log([Symbol("in array")]);

const withGetters = {
  get onlyGet() {
    return 1;
  },
  set onlySet(v) {},
  get both() {
    return 2;
  },
  set both(v) {},
};
console.log(withGetters);
class WithAccessor {
  get computed() {
    return 42;
  }
}
console.log(new WithAccessor());
console.log(Object.defineProperty({}, "hidden", { value: 1, enumerable: false }));

const nullProto = Object.create(null);
nullProto.x = 1;
console.log(nullProto);
console.log(Object.create(null));
const nullProtoArr = Object.setPrototypeOf([1, 2], null);
console.log(nullProtoArr);
class Base {}
const detached = Object.create(Base.prototype);
console.log(detached);

console.log(new Uint8Array([1, 2, 255]));
console.log(new Int16Array(3), new Float64Array([1.5, -0]));
console.log(new BigInt64Array([1n, -1n]));
console.log(new Uint8Array(200));
console.log(new ArrayBuffer(4));
console.log(new DataView(new ArrayBuffer(2)));
console.log(new Uint8ClampedArray([300, -5]));
console.log(new SharedArrayBuffer(2));

console.log(Promise.resolve(42));
const rejected = Promise.reject(new Error("handled below"));
rejected.catch(() => {});
console.log(Promise.reject(7).catch(() => {}) && "rejected promise made");
const r2 = Promise.reject("a reason");
r2.catch(() => {});
console.log(r2);
console.log(new Promise(() => {}));
console.log(Promise.resolve({ nested: [1, 2] }));
console.log(new Proxy({ target: 1 }, {}));
console.log([new WeakRef({})]);
