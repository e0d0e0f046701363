// tls.createSecureContext(): the context handle's native methods, PFX and
// CRL errors as Node's C++ throws them, tls.getCiphers().
const tls = require("tls");
const fs = require("fs");
const path = require("path");

const show = (label, fn) => {
  try {
    console.log(label, "->", fn());
  } catch (e) {
    console.log(label, "throws", e.name, e.code, String(e), "opensslErrorStack" in e);
  }
};

const { context } = tls.createSecureContext();
console.log("setOptions is a function:", typeof context.setOptions, Object.keys(context).includes("setOptions"));
show("setOptions on its context", () => context.setOptions(0));
show("setOptions on another object", () => ({ setOptions: context.setOptions }).setOptions());
show("secureOptions option", () => typeof tls.createSecureContext({ secureOptions: 0x4000 }).context);

show("pfx not DER", () => tls.createSecureContext({ pfx: "sample", passphrase: "test" }));
show("crl not a CRL", () => tls.createSecureContext({ crl: "not a CRL" }));
const crl = fs.readFileSync(path.join(__dirname, "fixtures", "tls", "ca2-crl.pem"), "latin1");
show("crl from PEM", () => typeof tls.createSecureContext({ crl }).context);
show("crl array", () => typeof tls.createSecureContext({ crl: [crl, Buffer.from(crl)] }).context);

const ciphers = tls.getCiphers();
console.log("getCiphers sorted, lower case, unique:",
  ciphers.every((c, i) => c === c.toLowerCase() && (i === 0 || ciphers[i - 1] < c)));
console.log("has TLSv1.3 and TLSv1.2 suites:", ciphers.includes("tls_aes_256_gcm_sha384"),
  ciphers.includes("ecdhe-rsa-aes128-gcm-sha256"));
console.log("a copy each time:", tls.getCiphers() !== ciphers);
