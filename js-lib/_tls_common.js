'use strict';
// Legacy tls internals: SecureContext and createSecureContext.
const tls = require('tls');
module.exports = { SecureContext: tls.SecureContext, createSecureContext: tls.createSecureContext };
