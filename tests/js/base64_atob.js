console.log(btoa("hello"), atob("aGVsbG8="), btoa(""), atob(""));
console.log(btoa(String.fromCharCode(255, 254, 0)), JSON.stringify(atob("//4A")));
console.log(atob(" aGVs bG8= "), atob("aGVsbG8"));
for (const [fn, arg] of [[btoa, "ü€"], [atob, "a"], [atob, "!!!!"]]) {
  try {
    fn(arg);
    console.log("no error?");
  } catch (e) {
    console.log(fn.name, JSON.stringify(arg), "->", e.name, e.code, e instanceof DOMException);
  }
}
try {
  atob();
} catch (e) {
  console.log(e.name, e.code);
}
console.log(btoa(123), atob(undefined === 1 ? "" : "MTIz"));
