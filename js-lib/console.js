'use strict';

// The `console` built-in module: the global console instance, with the
// Console class attached as `console.Console` (as in Node).

const {
  Console,
  globalConsole,
  inspectorMethods,
} = require('internal/console');

globalConsole.Console = Console;
for (const name of Object.keys(inspectorMethods)) {
  globalConsole[name] = inspectorMethods[name];
}

module.exports = globalConsole;
