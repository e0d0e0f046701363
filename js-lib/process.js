'use strict';
// The `process` built-in module: the process object itself.
module.exports = process;
