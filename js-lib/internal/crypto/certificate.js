'use strict';
// internal/crypto/certificate: crypto.Certificate, the SPKAC (Netscape SPKI)
// helpers: verifySpkac, exportPublicKey (SPKI PEM), exportChallenge. As in
// Node, the methods keep no state: they exist both on the constructor and
// on instances, and Certificate() without `new` makes an instance.

const { getArrayBufferOrView, lazyBuffer, isArrayBufferView } = require('internal/crypto/util');
const { makeNodeError } = require('internal/errors');
const { keysBinding } = require('internal/crypto/keys');

const kMaxInt32 = 2 ** 31 - 1;

// The bytes of an SPKAC argument; Node refuses more than 2 GiB - 1.
function spkacBytes(spkac, encoding) {
  const view = getArrayBufferOrView(spkac, 'spkac', encoding);
  if (view.byteLength > kMaxInt32) throw makeNodeError(RangeError, 'ERR_OUT_OF_RANGE', 'spkac is too large');
  return isArrayBufferView(view) ? view : new Uint8Array(view);
}

// A Buffer of the result, or '' when the SPKAC does not decode (as Node).
function bufferOrEmpty(ab) {
  return ab === undefined ? '' : lazyBuffer().from(ab);
}

function verifySpkac(spkac, encoding) {
  return keysBinding.spkacVerify(spkacBytes(spkac, encoding));
}

function exportPublicKey(spkac, encoding) {
  return bufferOrEmpty(keysBinding.spkacPublicKey(spkacBytes(spkac, encoding)));
}

function exportChallenge(spkac, encoding) {
  return bufferOrEmpty(keysBinding.spkacChallenge(spkacBytes(spkac, encoding)));
}

function Certificate() {
  if (!(this instanceof Certificate)) return new Certificate();
}
Certificate.prototype.verifySpkac = verifySpkac;
Certificate.prototype.exportPublicKey = exportPublicKey;
Certificate.prototype.exportChallenge = exportChallenge;
Certificate.exportChallenge = exportChallenge;
Certificate.exportPublicKey = exportPublicKey;
Certificate.verifySpkac = verifySpkac;

module.exports = { Certificate };
