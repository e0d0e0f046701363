'use strict';
// Runs the program's entry point: as an ES module when it is one (.mjs, or
// .js inside a "type": "module" package), otherwise as CommonJS.

const path = require('path');

function runMain(main) {
  const Module = require('internal/modules/cjs');
  let file;
  try {
    file = Module._resolveFilename(path.resolve(main), null, true);
  } catch (err) {
    if (err.code !== 'MODULE_NOT_FOUND') throw err;
    // As Node: the error names the absolute path and an empty require stack.
    err.message = `Cannot find module '${path.resolve(main)}'`;
    throw err;
  }
  const esm = require('internal/modules/esm');
  if (esm.formatOf(file) === 'module') {
    esm.runMainESM(file);
    return;
  }
  Module._load(file, null, true);
}

module.exports = { runMain };
