// RSA-PSS keys: the details of a key whose parameter sequence is empty (all
// defaults), and the order of checks when signing with a restricted key.
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const read = (name) => fs.readFileSync(path.join(__dirname, "fixtures", "crypto", name));

for (const name of ["rsa_pss_public_2048_sha1_sha1_20.pem", "rsa_pss_public_2048.pem"]) {
  const key = crypto.createPublicKey(read(name));
  console.log(name, key.asymmetricKeyType, key.asymmetricKeyDetails);
}
const priv = crypto.createPrivateKey(read("rsa_pss_private_2048_sha1_sha1_20.pem"));
console.log("private", priv.asymmetricKeyDetails);

const restricted = crypto.createPrivateKey(read("rsa_pss_private_2048_sha256_sha256_16.pem"));
const attempt = (label, fn) => {
  try {
    fn();
    console.log(label, "ok");
  } catch (e) {
    console.log(label, /saltlen too small|digest not allowed/.exec(e.message)?.[0] ?? e.message);
  }
};
attempt("sha1 default salt", () => crypto.createSign("sha1").update("x").sign(restricted));
attempt("sha1 salt 8", () => crypto.createSign("sha1").update("x").sign({ key: restricted, saltLength: 8 }));
attempt("sha256 salt 8", () => crypto.createSign("sha256").update("x").sign({ key: restricted, saltLength: 8 }));
attempt("sha256 salt 20", () => crypto.createSign("sha256").update("x").sign({ key: restricted, saltLength: 20 }));
