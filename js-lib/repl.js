'use strict';
// repl: shoal has no interactive REPL. The module loads (some tools read its
// constants or builtinModules); start() and new REPLServer() throw
// ERR_METHOD_NOT_IMPLEMENTED.

const { codes } = require('internal/errors');

class REPLServer {
  constructor() {
    throw new codes.ERR_METHOD_NOT_IMPLEMENTED('REPLServer');
  }
}

class Recoverable extends SyntaxError {
  constructor(err) {
    super();
    this.err = err;
  }
}

function start() {
  throw new codes.ERR_METHOD_NOT_IMPLEMENTED('repl.start');
}

function isValidSyntax(input) {
  try {
    new Function(input); // eslint-disable-line no-new-func
    return true;
  } catch {
    return false;
  }
}

module.exports = {
  start,
  writer: require('util').inspect,
  REPLServer,
  REPL_MODE_SLOPPY: Symbol('repl-sloppy'),
  REPL_MODE_STRICT: Symbol('repl-strict'),
  Recoverable,
  isValidSyntax,
};
Object.defineProperty(module.exports, 'builtinModules', {
  get() { return require('module').builtinModules.filter((n) => !n.startsWith('_')); },
  enumerable: true,
});
