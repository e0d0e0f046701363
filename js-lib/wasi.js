'use strict';
// wasi: shoal has no WASI implementation. The module loads; constructing a
// WASI instance validates its options as Node does and then throws
// ERR_FEATURE_UNAVAILABLE_ON_PLATFORM.

const { codes } = require('internal/errors');

process.emitWarning('WASI is an experimental feature and might change at any time',
  'ExperimentalWarning');

class WASI {
  constructor(options = {}) {
    if (options === null || typeof options !== 'object') {
      throw new codes.ERR_INVALID_ARG_TYPE('options', 'object', options);
    }
    if (typeof options.version !== 'string') {
      throw new codes.ERR_INVALID_ARG_TYPE('options.version', 'string', options.version);
    }
    const err = new TypeError('WASI is not available on this runtime (shoal)');
    err.code = 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM';
    throw err;
  }
}

module.exports = { WASI };
