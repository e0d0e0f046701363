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

// "sticky": "cookie" listeners (master/sticky_cookie.h): the master sends a
// new connection to the worker its shoal_worker cookie names, so responses
// carry this worker's cookie unless the request already had it. The value
// to set, or null when no listener of the config is sticky by cookie.
let stickyCookie;
function stickyCookieFor(cookieHeader) {
  if (stickyCookie === undefined) {
    const init = state.init;
    const on = state.active && init && Array.isArray(init.listeners) &&
      init.listeners.some((l) => l.sticky_cookie === true);
    stickyCookie = on ? `shoal_worker=${init.id}` : null;
  }
  if (stickyCookie === null) return null;
  if (typeof cookieHeader === 'string' && cookieHeader.split(/;\s*/).includes(stickyCookie)) return null;
  return `${stickyCookie}; Path=/; HttpOnly; SameSite=Lax`;
}

module.exports = { state, isWorker, listen, stickyCookieFor };
