// AEAD ciphers other than GCM (CCM, OCB, ChaCha20-Poly1305): IV and tag
// length rules, CCM's plaintextLength and message limit, errors as Node 20.
const crypto = require("crypto");
const key16 = Buffer.alloc(16, 1);
const key32 = Buffer.alloc(32, 3);

function attempt(label, fn) {
  try {
    const r = fn();
    console.log(label, "->", r === undefined ? "ok" : r);
  } catch (e) {
    console.log(label, "throws", e.name, e.code, e.message.replace(/^error:[0-9A-F]+:/, ""));
  }
}

function roundTrip(algo, key, iv, tagLen, aad, plain) {
  const opts = tagLen === undefined ? undefined : { authTagLength: tagLen };
  const ccm = algo.includes("ccm");
  const c = crypto.createCipheriv(algo, key, iv, opts);
  if (aad) c.setAAD(aad, ccm ? { plaintextLength: plain.length } : undefined);
  const ct = Buffer.concat([c.update(plain), c.final()]);
  const tag = c.getAuthTag();
  const d = crypto.createDecipheriv(algo, key, iv, opts);
  d.setAuthTag(tag);
  if (aad) d.setAAD(aad, ccm ? { plaintextLength: plain.length } : undefined);
  const back = Buffer.concat([d.update(ct), d.final()]).toString();
  return `${ct.toString("hex")} tag ${tag.toString("hex")} back ${JSON.stringify(back)}`;
}

const aad = Buffer.from("header");
for (const ivLen of [7, 10, 13]) {
  attempt(`ccm iv ${ivLen}`, () => roundTrip("aes-128-ccm", key16, Buffer.alloc(ivLen, 2), 8, aad, Buffer.from("hello")));
}
attempt("ccm empty message", () => roundTrip("aes-128-ccm", key16, Buffer.alloc(12, 2), 16, aad, Buffer.alloc(0)));
attempt("ocb", () => roundTrip("aes-128-ocb", key16, Buffer.alloc(12, 2), 12, aad, Buffer.from("hello")));
attempt("chacha default tag", () => roundTrip("chacha20-poly1305", key32, Buffer.alloc(12, 2), undefined, aad, Buffer.from("hi")));

attempt("ccm without authTagLength", () => crypto.createCipheriv("aes-128-ccm", key16, Buffer.alloc(12)));
attempt("ocb without authTagLength", () => crypto.createCipheriv("aes-128-ocb", key16, Buffer.alloc(12)));
attempt("ccm iv 6", () => crypto.createCipheriv("aes-128-ccm", key16, Buffer.alloc(6), { authTagLength: 16 }));
attempt("ccm iv 14", () => crypto.createCipheriv("aes-128-ccm", key16, Buffer.alloc(14), { authTagLength: 16 }));
attempt("ccm tag 7", () => crypto.createCipheriv("aes-128-ccm", key16, Buffer.alloc(12), { authTagLength: 7 }));
attempt("ccm tag -1", () => crypto.createCipheriv("aes-128-ccm", key16, Buffer.alloc(12), { authTagLength: -1 }));
attempt("chacha iv 13", () => crypto.createCipheriv("chacha20-poly1305", key32, Buffer.alloc(13)));
attempt("chacha tag 17", () => crypto.createCipheriv("chacha20-poly1305", key32, Buffer.alloc(12), { authTagLength: 17 }));
attempt("gcm tag 5", () => crypto.createCipheriv("aes-128-gcm", key16, Buffer.alloc(12), { authTagLength: 5 }));

const ccm = () => crypto.createCipheriv("aes-128-ccm", key16, Buffer.alloc(13), { authTagLength: 16 });
attempt("ccm setAAD without plaintextLength", () => void ccm().setAAD(aad));
attempt("ccm plaintextLength over the IV's limit", () => void ccm().setAAD(aad, { plaintextLength: 65536 }));
attempt("ccm update over the IV's limit", () => void ccm().update(Buffer.alloc(65536)));
// (Not here: CCM's final() without any update, which OpenSSL 3.0.19 refuses
// with "tag not set" and 3.0.22 accepts; shoal follows the system's OpenSSL.)

const dec = crypto.createDecipheriv("aes-128-ccm", key16, Buffer.alloc(12), { authTagLength: 8 });
attempt("ccm setAuthTag wrong length", () => void dec.setAuthTag(Buffer.alloc(16)));
attempt("ccm setAuthTag", () => void dec.setAuthTag(Buffer.alloc(8)));
attempt("ccm setAuthTag twice", () => void dec.setAuthTag(Buffer.alloc(8)));
attempt("ccm tampered update", () => dec.update(Buffer.from("0102", "hex")).length);
attempt("ccm tampered final", () => void dec.final());
