'use strict';
// util.debuglog, on its own so that the built-ins that log under
// NODE_DEBUG (the http client and agent) do not load util and
// internal/inspect when http is required: inspect is loaded on the first
// line actually written.

// Node's warning, once per process and name, when the first line of a
// debug log that may show credentials is written.
const warnedSets = new Set();
function warnIfSensitive(name) {
  if (name === 'HTTP' || name === 'HTTP2') {
    process.emitWarning(`Setting the NODE_DEBUG environment variable to '${name.toLowerCase()}' ` +
      'can expose sensitive data (such as passwords, tokens and authentication headers) ' +
      'in the resulting log.');
  }
}

function debuglog(set, cb) {
  const env = (typeof process !== 'undefined' && process.env &&
    process.env.NODE_DEBUG) || '';
  const name = String(set).toUpperCase();
  const pattern = env.replace(/[|\\{}()[\]^$+?.]/g, '\\$&')
    .replace(/\*/g, '.*').replace(/,/g, '$|^');
  const enabled = env !== '' && new RegExp(`^${pattern}$`, 'i').test(name);
  let called = false;
  function logger(...args) {
    if (!called && typeof cb === 'function') {
      called = true;
      cb(logger);
    }
    if (!enabled) return;
    if (!warnedSets.has(name)) {
      warnedSets.add(name);
      warnIfSensitive(name);
    }
    const msg = require('internal/inspect').formatWithOptions({ colors: false }, ...args);
    process.stderr.write(`${name} ${process.pid}: ${msg}\n`);
  }
  Object.defineProperty(logger, 'enabled', {
    get() { return enabled; }, configurable: true, enumerable: true,
  });
  return logger;
}

module.exports = { debuglog };
