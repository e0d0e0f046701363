'use strict';
// The cluster worker seen from js-lib: whether this process is a worker, and
// listen() through the master (as Node's cluster workers do: the master owns
// the port and hands connections over).

// readyOnListen: the app follows the listen() contract and has not listened
// yet: the worker reports ready to the master once a listen() succeeds, so
// no connection is handed over before a server exists to take it.
const state = { active: false, init: null, listened: false, readyOnListen: false };

function isWorker() {
  return state.active;
}

// Registers `serverHandle` (an internalBinding('http') server) for
// host:port with the master; callback(err, {address, family, port}).
function listen(serverHandle, port, host, callback) {
  const binding = internalBinding('worker');
  binding.listen(serverHandle, host || undefined, port | 0, (err, address) => {
    if (!err) {
      state.listened = true;
      if (state.readyOnListen) {
        state.readyOnListen = false;
        binding.ready();
      }
    }
    callback(err, address);
  });
}

module.exports = { state, isWorker, listen };
