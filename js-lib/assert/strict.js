'use strict';

// The `assert/strict` built-in module: assert in strict mode.

module.exports = require('assert').strict;
