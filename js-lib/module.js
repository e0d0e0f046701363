'use strict';
// The `module` built-in: Node's Module class (see internal/modules/cjs).
module.exports = require('internal/modules/cjs');
