console.dir({ a: { b: { c: { d: { e: 1 } } } } });
console.dir({ a: { b: { c: { d: { e: 1 } } } } }, { depth: 0 });
console.dir({ a: { b: { c: { d: { e: 1 } } } } }, { depth: null });
console.dir("a string is quoted by dir");
console.dir([1, 2], { colors: false });

console.count();
console.count();
console.count("x");
console.count("default");
console.count("x");
console.countReset("x");
console.count("x");
console.countReset();
console.count();

console.group("Group A");
console.log("inside A");
console.group();
console.log("nested\nmulti-line");
console.info({ obj: [1, 2] });
console.groupEnd();
console.groupCollapsed("collapsed B");
console.log("inside B");
console.error("error inside B goes to stderr, indented");
console.groupEnd();
console.groupEnd();
console.groupEnd(); // extra groupEnd is harmless
console.log("back at top level");
