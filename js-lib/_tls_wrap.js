'use strict';
// Legacy tls internals some packages still reach for: TLSSocket and Server.
const tls = require('tls');
module.exports = { TLSSocket: tls.TLSSocket, Server: tls.Server };
