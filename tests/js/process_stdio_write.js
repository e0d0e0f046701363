const r1 = process.stdout.write("no newline;");
process.stdout.write(" then newline\n");
console.log("write returns boolean:", typeof r1);
process.stdout.write(Buffer.from("a Buffer\n"));
process.stdout.write(new Uint8Array([85, 56, 10]));
process.stdout.write("héllo wörld\n", "utf8");
process.stdout.write("aGV4IGJhc2U2NAo=", "base64");
process.stdout.write("callback\n", () => console.log("write callback ran"));
process.stderr.write("to stderr\n");
process.stderr.write(Buffer.from("stderr buffer\n"));
console.log("isTTY:", process.stdout.isTTY, process.stderr.isTTY);
console.log("fd:", process.stdout.fd, process.stderr.fd, process.stdin.fd);
console.log("writable:", process.stdout.writable);
try {
  process.stdout.write(42);
} catch (e) {
  console.log(e.code);
}
