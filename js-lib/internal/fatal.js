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
// process.setUncaughtExceptionCaptureCallback(fn): fn replaces the
// 'uncaughtException' event and the fatal report.
let captureCallback = null;
// The domain module's handler: returns true when a domain took the error.
let domainHandler = null;
// A cluster worker's HTTP server answers its open requests before the worker
// dies (_http_server answerUnanswered): beforeExit(done) returns true when it
// calls done later, once they are written.
let beforeExit = null;

function arrowHeader(err) {
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

function isErrorLike(err) {
  return err instanceof Error ||
    (err !== null && typeof err === 'object' && typeof err.stack === 'string');
}

// Node's layout: an Error is printed (inspected) below the arrow and a blank
// line; any other value follows a blank line and the arrow directly, and a
// primitive gets the --trace-uncaught hint.
function report(err) {
  let text;
  try {
    const { inspect } = require('internal/inspect');
    const header = arrowHeader(err);
    if (isErrorLike(err)) {
      text = `${header}${header ? '\n' : ''}${inspect(err)}\n`;
    } else {
      const shown = typeof err === 'string' ? err : inspect(err);
      text = `\n${header}${shown}\n`;
      if (err === null || (typeof err !== 'object' && typeof err !== 'function')) {
        text += '(Use `node --trace-uncaught ...` to show where the exception was thrown)\n';
      }
    }
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
  // Node exits with 6 when process._fatalException was replaced by a
  // non-function.
  if (typeof process._fatalException !== 'function') {
    report(err);
    binding.reallyExit(6);
  }
  // Watchers first, whatever handles the error then; one that throws ends
  // the process with 7, as a throwing 'uncaughtException' listener.
  if (process.listenerCount('uncaughtExceptionMonitor') > 0) {
    handling = true;
    try {
      process.emit('uncaughtExceptionMonitor', err, origin);
    } catch (e) {
      report(e);
      binding.reallyExit(7);
    } finally {
      handling = false;
    }
  }
  if (captureCallback !== null || domainHandler !== null) {
    handling = true;
    let handled = false;
    try {
      if (captureCallback !== null) {
        captureCallback(err);
        handled = true;
      } else {
        handled = domainHandler(err);
      }
    } catch (e) {
      report(e);
      binding.reallyExit(7);
    } finally {
      handling = false;
    }
    if (handled) return;
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
  if (!require('internal/worker_threads/state').isMainThread) {
    // A worker thread: the parent's Worker gets 'error', the thread ends with 1.
    require('internal/worker_threads/main').reportError(err);
    binding.reallyExit(1);
    return;
  }
  report(err);
  if (beforeExit !== null) {
    // (Once: a second uncaught exception while waiting exits at once.)
    const hook = beforeExit;
    beforeExit = null;
    let waits = false;
    try {
      waits = hook(exitAfterUncaught);
    } catch (e) {
      report(e);
    }
    if (waits) return;
  }
  exitAfterUncaught();
}

// An 'exit' listener may still set process.exitCode (0 included).
function exitAfterUncaught() {
  let code = 1;
  try {
    process._emitExit(1);
    const set = process.exitCode;
    code = set === undefined || set === null ? 1 : set | 0;
  } catch (e) {
    report(e);
    code = 7;
  }
  binding.reallyExit(code);
}

function setBeforeExit(fn) {
  beforeExit = fn;
}

function setUncaughtExceptionCaptureCallback(fn) {
  const { codes } = require('internal/errors');
  if (domainHandler !== null) {
    const err = new Error('The `domain` module is in use, which is mutually exclusive with ' +
      'calling process.setUncaughtExceptionCaptureCallback()');
    err.code = 'ERR_DOMAIN_CANNOT_SET_UNCAUGHT_EXCEPTION_CAPTURE';
    throw err;
  }
  if (fn === null) {
    captureCallback = null;
    binding.setAbortOnUncaught(true);
    return;
  }
  if (typeof fn !== 'function') throw new codes.ERR_INVALID_ARG_TYPE('fn', ['Function', 'null'], fn);
  if (captureCallback !== null) {
    const err = new Error('`process.setupUncaughtExceptionCapture()` was called while a ' +
      'capture callback was already active');
    err.code = 'ERR_UNCAUGHT_EXCEPTION_CAPTURE_ALREADY_SET';
    throw err;
  }
  captureCallback = fn;
  binding.setAbortOnUncaught(false);
}

function hasUncaughtExceptionCaptureCallback() {
  return captureCallback !== null;
}

// The domain module routes uncaught errors to the active domain.
function setDomainHandler(fn) {
  domainHandler = fn;
}

// Node's hook for C++ (replaceable; not a function: exit code 6).
process._fatalException = function _fatalException(err, fromPromise) {
  onUncaught(err, fromPromise ? 'unhandledRejection' : 'uncaughtException');
  return true;
};

module.exports = {
  onUncaught, report, setUncaughtExceptionCaptureCallback, hasUncaughtExceptionCaptureCallback,
  setDomainHandler, setBeforeExit,
};
