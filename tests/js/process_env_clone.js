// process.env clones as a plain object; names the system refuses ("" or
// with "=") never become variables.
process.env.SHOAL_CLONE_ME = "yes";
const copy = structuredClone(process.env);
console.log("plain object:", Object.getPrototypeOf(copy) === Object.prototype);
console.log("same variables:", JSON.stringify(Object.keys(copy).sort()) === JSON.stringify(Object.keys(process.env).sort()));
console.log("value:", copy.SHOAL_CLONE_ME);
copy.SHOAL_CLONE_ME = "changed";
console.log("independent:", process.env.SHOAL_CLONE_ME);
console.log("nested:", structuredClone({ env: process.env }).env.SHOAL_CLONE_ME);
for (const name of ["", "A=B"]) {
  process.env[name] = "v";
  console.log(JSON.stringify(name), process.env[name], name in process.env, Object.keys(process.env).includes(name));
}
