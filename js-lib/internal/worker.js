'use strict';
// The cluster worker seen from js-lib: whether this process is a worker, and
// listen() through the master (as Node's cluster workers do: the master owns
// the port and hands connections over).

const state = { active: false, init: null };

function isWorker() {
  return state.active;
}

// Registers `serverHandle` (an internalBinding('http') server) for
// host:port with the master; callback(err, {address, family, port}).
function listen(serverHandle, port, host, callback) {
  internalBinding('worker').listen(serverHandle, host || undefined, port | 0, callback);
}

module.exports = { state, isWorker, listen };
