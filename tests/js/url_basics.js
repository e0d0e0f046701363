const u = new URL("https://user:pa%20ss@example.com:8080/p/a/t/h?query=string&a=1&a=2#hash");
for (const k of ["href", "origin", "protocol", "username", "password", "host", "hostname", "port",
  "pathname", "search", "hash"]) {
  console.log(k.padEnd(9), JSON.stringify(u[k]));
}
console.log(u.searchParams.get("a"), u.searchParams.getAll("a"), u.searchParams.has("query"));
console.log(String(u) === u.href, u.toJSON() === u.href, JSON.stringify({ u }));
console.log(new URL("../x?y#z", "http://h.com/a/b/c").href);
console.log(new URL("//other.org/p", "https://h.com").href);
console.log(new URL("HTTP://EXAMPLE.com:80/%7Efoo/./bar/../baz").href);
console.log(new URL("http://example.com/ä ö?q=ü").href);
console.log(new URL("http://xn--mnchen-3ya.de/").hostname, new URL("http://münchen.de/").hostname);
console.log(new URL("file:///tmp/a b.txt").pathname, new URL("http://[::1]:3000/").host);
const m = new URL("http://example.com/");
m.pathname = "/new path";
m.search = "?x=1";
m.hash = "frag";
m.port = "8443";
m.protocol = "https";
console.log(m.href);
m.port = "443";
console.log(m.href, JSON.stringify(m.port));
for (const bad of ["not a url", "http://", "http://exa mple.com", ""]) {
  try {
    new URL(bad);
    console.log("parsed?", bad);
  } catch (e) {
    console.log(JSON.stringify(bad), "->", e.name, e.code, e.message);
  }
}
console.log(URL.canParse("http://x"), URL.canParse("nope"), URL.canParse("/p", "http://h"));
console.log(u);

const sp = new URLSearchParams("a=1&b=two%20words&a=3&c=x+y&d=%26");
console.log(sp.toString(), sp.get("b"), sp.get("c"), sp.get("d"), sp.get("missing"));
sp.append("e", "new & special=chars");
sp.set("a", "only");
sp.delete("c");
sp.sort();
console.log(sp.toString(), [...sp.keys()], sp.size);
console.log(new URLSearchParams({ x: "1", y: "ü" }).toString(), new URLSearchParams([["k", "v"], ["k", "w"]]).toString());
console.log(new URLSearchParams("?leading=question").get("leading"));
for (const [k, v] of new URLSearchParams("p=1&q=2")) console.log("entry", k, v);
console.log(sp);
const url = require("url");
console.log(url.URL === URL, url.URLSearchParams === URLSearchParams);
console.log(url.fileURLToPath("file:///a/b%20c"), url.pathToFileURL("/x y/z").href);
console.log(url.format(new URL("http://a:b@h.com/p?q#f"), { auth: false, search: false, fragment: false }));
const legacy = url.parse("http://user@host.com:81/p/x?q=1#h", true);
console.log(legacy.host, legacy.pathname, legacy.query, legacy.hash, legacy.auth, legacy.port);
console.log(url.resolve("http://a.com/b/c", "../d"), url.resolve("/one/two", "three"));

// URL and friends are plain data properties of the global object, as Node's
// (loaded on first read all the same).
for (const name of ["URL", "URLSearchParams", "EventTarget", "console", "structuredClone", "fetch"]) {
  const d = Object.getOwnPropertyDescriptor(globalThis, name);
  console.log(name, typeof d.value, d.writable, d.enumerable, d.configurable, "get" in d);
}
globalThis.URLSearchParams = 5;
console.log("assigned:", URLSearchParams);
