'use strict';
// Hooks of events.js for js-lib's own emitters (not part of Node's API).

// An emitter with a method under this symbol hears when it gets its first
// 'connection' listener (an http server then asks the engine to call
// JavaScript for each new connection: _http_server.js).
const kOnConnectionListener = Symbol('events.onConnectionListener');

module.exports = { kOnConnectionListener };
