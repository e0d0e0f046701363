'use strict';
// What happens to an exception nothing caught: the 'uncaughtException'
// event when it has listeners, otherwise Node's report on stderr
//   FILE:LINE
//   source line
//   ^
//
//   <inspected error>
// and exit code 1 (7 when an 'uncaughtException' listener itself throws).

const moduleBinding = internalBinding('module');
const binding = internalBinding('process');

let handling = false;

function arrowHeader(err) {
  if (err === null || (typeof err !== 'object' && typeof err !== 'function' &&
      typeof err !== 'string' && typeof err !== 'number')) return '';
  let pos;
  try {
    pos = moduleBinding.getErrorSource(err);
  } catch {
    return '';
  }
  if (!pos || !pos.file || pos.sourceLine === undefined) return '';
  const start = pos.startColumn;
  const width = Math.max(1, pos.endColumn - pos.startColumn);
  return `${pos.file}:${pos.line}\n${pos.sourceLine}\n${' '.repeat(start)}${'^'.repeat(
    err instanceof SyntaxError ? width : 1)}\n`;
}

function describe(err) {
  const { inspect } = require('internal/inspect');
  if (err instanceof Error || (err && typeof err === 'object' && typeof err.stack === 'string')) {
    return inspect(err);
  }
  const shown = typeof err === 'string' ? err : inspect(err);
  return `${shown}\n(Use \`node --trace-uncaught ...\` to show where the exception was thrown)`;
}

function report(err) {
  let text;
  try {
    const header = arrowHeader(err);
    const isError = err instanceof Error;
    text = header + (header && isError ? '\n' : '') + describe(err) + '\n';
  } catch {
    text = `Uncaught ${String(err)}\n`;
  }
  binding.writeSync(2, text);
}

function onUncaught(err, origin = 'uncaughtException') {
  if (handling) {
    report(err);
    binding.reallyExit(7);
  }
  if (process.listenerCount('uncaughtException') > 0) {
    handling = true;
    try {
      process.emit('uncaughtException', err, origin);
    } catch (e) {
      report(e);
      binding.reallyExit(7);
    } finally {
      handling = false;
    }
    return;
  }
  report(err);
  let code = 1;
  try {
    code = process._emitExit(1);
  } catch (e) {
    report(e);
    code = 7;
  }
  binding.reallyExit(code || 1);
}

module.exports = { onUncaught, report };
