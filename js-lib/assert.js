'use strict';
const { invalidArgType } = require('internal/errors');
const { validateFunction } = require('internal/validators');

// The `assert` built-in module (Node 20 semantics and messages).

const {
  inspect,
  describeReceived,
  determineSpecificType,
} = require('internal/inspect');
const { isDeepEqual, isDeepStrictEqual } = require('internal/comparisons');
const { AssertionError } = require('internal/assert/assertion_error');

const types = internalBinding('types');

// Marks "the function did not throw / the promise did not reject".
const NO_EXCEPTION_SENTINEL = {};

// ---------------------------------------------------------------------------
// Errors with Node codes

function joinTypes(list) {
  // ['Function', 'Promise'] -> 'of type function or an instance of Promise'.
  const kTypes = ['string', 'function', 'number', 'object', 'boolean',
    'bigint', 'symbol'];
  const typeNames = [];
  const instances = [];
  for (const t of list) {
    const lower = t.toLowerCase();
    if (kTypes.includes(lower) && (t === lower || t === 'Function' || t === 'Object')) {
      if (lower === 'object' && t === 'Object') {
        instances.push('Object');
      } else {
        typeNames.push(lower);
      }
    } else {
      instances.push(t);
    }
  }
  // Node lists "Object" as a type when given as 'Object'.
  if (instances.includes('Object')) {
    instances.splice(instances.indexOf('Object'), 1);
    typeNames.push('object');
  }
  const parts = [];
  if (typeNames.length > 0) {
    parts.push(typeNames.length > 2 ?
      `one of type ${typeNames.slice(0, -1).join(', ')}, or ${typeNames[typeNames.length - 1]}` :
      typeNames.length === 2 ?
        `one of type ${typeNames[0]} or ${typeNames[1]}` :
        `of type ${typeNames[0]}`);
  }
  if (instances.length > 0) {
    parts.push(instances.length > 2 ?
      `an instance of ${instances.slice(0, -1).join(', ')}, or ${instances[instances.length - 1]}` :
      instances.length === 2 ?
        `an instance of ${instances[0]} or ${instances[1]}` :
        `an instance of ${instances[0]}`);
  }
  return parts.join(' or ');
}


function codeError(Ctor, code, message) {
  const err = new Ctor(message);
  err.code = code;
  return err;
}


function isError(e) {
  return types.isNativeError(e) || e instanceof Error;
}

// ---------------------------------------------------------------------------
// Failing

function innerFail(obj) {
  if (obj.message instanceof Error) throw obj.message;
  throw new AssertionError(obj);
}

let failWarned = false;

function fail(actual, expected, message, operator, stackStartFn) {
  const argsLen = arguments.length;
  let internalMessage = false;
  if (actual == null && argsLen <= 1) {
    internalMessage = true;
    message = 'Failed';
  } else if (argsLen === 1) {
    message = actual;
    actual = undefined;
  } else {
    if (!failWarned) {
      failWarned = true;
      if (typeof process !== 'undefined' && typeof process.emitWarning === 'function') {
        process.emitWarning(
          'assert.fail() with more than one argument is deprecated. ' +
          'Please use assert.strictEqual() instead or only pass a message.',
          'DeprecationWarning', 'DEP0094');
      }
    }
    if (argsLen === 2) operator = '!=';
  }
  if (message instanceof Error) throw message;
  const err = new AssertionError({
    actual,
    expected,
    operator: operator === undefined ? 'fail' : operator,
    stackStartFn: stackStartFn || fail,
    message,
  });
  if (internalMessage) err.generatedMessage = true;
  throw err;
}

// ---------------------------------------------------------------------------
// assert.ok: the message quotes the failing call from the source file.

const sourceMessageCache = new Map();

// The first stack frame above `fn` as { fileName, line, column } (1-based).
function getCallSite(fn) {
  const err = {};
  const prevLimit = Error.stackTraceLimit;
  const prevPrepare = Error.prepareStackTrace;
  Error.stackTraceLimit = 1;
  Error.prepareStackTrace = (_, frames) => frames;
  try {
    Error.captureStackTrace(err, fn);
    var stack = err.stack; // eslint-disable-line no-var
  } finally {
    Error.prepareStackTrace = prevPrepare;
    Error.stackTraceLimit = prevLimit;
  }
  if (Array.isArray(stack) && stack.length > 0 &&
      typeof stack[0].getFileName === 'function') {
    const call = stack[0];
    return {
      fileName: call.getFileName(),
      line: call.getLineNumber(),
      column: call.getColumnNumber(),
    };
  }
  // The runtime ignored Error.prepareStackTrace: parse the text form.
  if (typeof stack === 'string') {
    const frame = stack.split('\n').find((l) => /^\s+at /.test(l));
    if (frame) {
      const m = /\(?([^()\s]+):(\d+):(\d+)\)?$/.exec(frame.trim());
      if (m) return { fileName: m[1], line: Number(m[2]), column: Number(m[3]) };
    }
  }
  return undefined;
}

function readSourceFile(fileName) {
  if (fileName.startsWith('node:')) return undefined;
  if (fileName.startsWith('file://')) {
    fileName = decodeURIComponent(fileName.slice(7));
  }
  if (!fileName.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(fileName)) {
    return undefined;
  }
  return require('fs').readFileSync(fileName, 'utf8');
}

// Index just after the end of a string / template / comment starting at i.
function skipQuoted(code, i) {
  const quote = code[i];
  i++;
  while (i < code.length) {
    const ch = code[i];
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === quote) return i + 1;
    if (quote === '`' && ch === '$' && code[i + 1] === '{') {
      i = skipBalanced(code, i + 1);
      continue;
    }
    i++;
  }
  return i;
}

// Index just after the bracket matching the one at `i`.
function skipBalanced(code, i) {
  const open = code[i];
  const close = open === '(' ? ')' : open === '[' ? ']' : '}';
  let depth = 0;
  while (i < code.length) {
    const ch = code[i];
    if (ch === '"' || ch === "'" || ch === '`') {
      i = skipQuoted(code, i);
      continue;
    }
    if (ch === '/' && code[i + 1] === '/') {
      const nl = code.indexOf('\n', i);
      i = nl === -1 ? code.length : nl;
      continue;
    }
    if (ch === '/' && code[i + 1] === '*') {
      const endComment = code.indexOf('*/', i + 2);
      i = endComment === -1 ? code.length : endComment + 2;
      continue;
    }
    if (ch === open) depth++;
    else if (ch === close) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  throw new Error('unbalanced');
}

// Extract the call expression whose callee is at `offset` in `code`:
// [startColumn, text].
function extractCall(code, lineStart, offset) {
  // Walk back over the callee (`assert`, `assert.ok`, `assert.strict.ok`).
  let start = offset;
  // (Identifiers may be non-ASCII: `ässört.ok`.)
  while (start > lineStart && /[\p{ID_Continue}$.\u200c\u200d]/u.test(code[start - 1])) start--;
  // Walk forward to the argument list.
  let i = offset;
  while (i < code.length && /[\p{ID_Continue}$.\s\u200c\u200d]/u.test(code[i])) i++;
  if (code[i] !== '(') throw new Error('no call');
  const end = skipBalanced(code, i);
  return [start - lineStart, code.slice(start, end)];
}

function getErrMessage(fn) {
  const site = getCallSite(fn);
  if (site === undefined || !site.fileName) return undefined;
  const identifier = `${site.fileName}${site.line}${site.column}`;
  if (sourceMessageCache.has(identifier)) return sourceMessageCache.get(identifier);
  let message;
  try {
    const source = readSourceFile(site.fileName);
    if (source !== undefined) {
      // Offset of the start of the line, then of the callee.
      let lineStart = 0;
      for (let l = 1; l < site.line; l++) {
        lineStart = source.indexOf('\n', lineStart) + 1;
        if (lineStart === 0) throw new Error('line out of range');
      }
      const offset = lineStart + site.column - 1;
      const [column, text] = extractCall(source, lineStart, offset);
      message = text;
      // Normalize the indentation of multi-line calls.
      if (message.includes('\n')) {
        const lines = message.replace(/\r\n/g, '\n').split('\n');
        message = lines.shift();
        for (const line of lines) {
          let pos = 0;
          while (pos < column && (line[pos] === ' ' || line[pos] === '\t')) pos++;
          message += `\n  ${line.slice(pos)}`;
        }
      }
      message = `The expression evaluated to a falsy value:\n\n  ${message}\n`;
    }
  } catch {
    message = undefined;
  }
  sourceMessageCache.set(identifier, message);
  return message;
}

function innerOk(fn, argLen, value, message) {
  if (!value) {
    let generatedMessage = false;
    if (argLen === 0) {
      generatedMessage = true;
      message = 'No value argument passed to `assert.ok()`';
    } else if (message == null) {
      generatedMessage = true;
      message = getErrMessage(fn);
    } else if (isError(message)) {
      throw message;
    }
    const err = new AssertionError({
      actual: value,
      expected: true,
      message,
      operator: '==',
      stackStartFn: fn,
    });
    err.generatedMessage = generatedMessage;
    throw err;
  }
}

function ok(...args) {
  innerOk(ok, args.length, ...args);
}

const assert = ok;
module.exports = assert;

assert.ok = ok;
assert.fail = fail;
assert.AssertionError = AssertionError;
Object.defineProperty(assert, 'CallTracker', {
  configurable: true, enumerable: true, writable: true,
  value: require('internal/assert/call_tracker'),
});

// ---------------------------------------------------------------------------
// Comparisons

function missingArgs() {
  return codeError(TypeError, 'ERR_MISSING_ARGS',
    'The "actual" and "expected" arguments must be specified');
}

assert.equal = function equal(actual, expected, message) {
  if (arguments.length < 2) throw missingArgs();
  // eslint-disable-next-line eqeqeq
  if (actual != expected && (!Number.isNaN(actual) || !Number.isNaN(expected))) {
    innerFail({ actual, expected, message, operator: '==', stackStartFn: equal });
  }
};

assert.notEqual = function notEqual(actual, expected, message) {
  if (arguments.length < 2) throw missingArgs();
  // eslint-disable-next-line eqeqeq
  if (actual == expected || (Number.isNaN(actual) && Number.isNaN(expected))) {
    innerFail({ actual, expected, message, operator: '!=', stackStartFn: notEqual });
  }
};

assert.deepEqual = function deepEqual(actual, expected, message) {
  if (arguments.length < 2) throw missingArgs();
  if (!isDeepEqual(actual, expected)) {
    innerFail({ actual, expected, message, operator: 'deepEqual', stackStartFn: deepEqual });
  }
};

assert.notDeepEqual = function notDeepEqual(actual, expected, message) {
  if (arguments.length < 2) throw missingArgs();
  if (isDeepEqual(actual, expected)) {
    innerFail({ actual, expected, message, operator: 'notDeepEqual', stackStartFn: notDeepEqual });
  }
};

assert.deepStrictEqual = function deepStrictEqual(actual, expected, message) {
  if (arguments.length < 2) throw missingArgs();
  if (!isDeepStrictEqual(actual, expected)) {
    innerFail({ actual, expected, message, operator: 'deepStrictEqual', stackStartFn: deepStrictEqual });
  }
};

assert.notDeepStrictEqual = notDeepStrictEqual;
function notDeepStrictEqual(actual, expected, message) {
  if (arguments.length < 2) throw missingArgs();
  if (isDeepStrictEqual(actual, expected)) {
    innerFail({ actual, expected, message, operator: 'notDeepStrictEqual', stackStartFn: notDeepStrictEqual });
  }
}

assert.strictEqual = function strictEqual(actual, expected, message) {
  if (arguments.length < 2) throw missingArgs();
  if (!Object.is(actual, expected)) {
    innerFail({ actual, expected, message, operator: 'strictEqual', stackStartFn: strictEqual });
  }
};

assert.notStrictEqual = function notStrictEqual(actual, expected, message) {
  if (arguments.length < 2) throw missingArgs();
  if (Object.is(actual, expected)) {
    innerFail({ actual, expected, message, operator: 'notStrictEqual', stackStartFn: notStrictEqual });
  }
};

// ---------------------------------------------------------------------------
// throws / rejects

// Placeholder objects holding only the compared keys, for a readable diff.
class Comparison {
  constructor(obj, keys, actual) {
    for (const key of keys) {
      if (key in obj) {
        if (actual !== undefined && typeof actual[key] === 'string' &&
            types.isRegExp(obj[key]) && obj[key].exec(actual[key]) !== null) {
          this[key] = actual[key];
        } else {
          this[key] = obj[key];
        }
      }
    }
  }
}

function compareExceptionKey(actual, expected, key, message, keys, fn) {
  if (!(key in actual) || !isDeepStrictEqual(actual[key], expected[key])) {
    if (!message) {
      const a = new Comparison(actual, keys);
      const b = new Comparison(expected, keys, actual);
      const err = new AssertionError({
        actual: a,
        expected: b,
        operator: 'deepStrictEqual',
        stackStartFn: fn,
      });
      err.actual = actual;
      err.expected = expected;
      err.operator = fn.name;
      throw err;
    }
    innerFail({ actual, expected, message, operator: fn.name, stackStartFn: fn });
  }
}

function expectedException(actual, expected, message, fn) {
  let generatedMessage = false;
  let throwError = false;

  if (typeof expected !== 'function') {
    if (types.isRegExp(expected)) {
      const str = String(actual);
      if (expected.exec(str) !== null) return;
      if (!message) {
        generatedMessage = true;
        message = 'The input did not match the regular expression ' +
          `${inspect(expected)}. Input:\n\n${inspect(str)}\n`;
      }
      throwError = true;
    } else if (typeof actual !== 'object' || actual === null) {
      const err = new AssertionError({
        actual, expected, message, operator: 'deepStrictEqual', stackStartFn: fn,
      });
      err.operator = fn.name;
      throw err;
    } else {
      // Validation object: every key must match (RegExps test strings).
      const keys = Object.keys(expected);
      if (expected instanceof Error) {
        keys.push('name', 'message');
      } else if (keys.length === 0) {
        throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE',
          `The argument 'error' may not be an empty object. Received ${inspect(expected)}`);
      }
      for (const key of keys) {
        if (typeof actual[key] === 'string' && types.isRegExp(expected[key]) &&
            expected[key].exec(actual[key]) !== null) {
          continue;
        }
        compareExceptionKey(actual, expected, key, message, keys, fn);
      }
      return;
    }
  } else if (expected.prototype !== undefined && actual instanceof expected) {
    return;
  } else if (Object.prototype.isPrototypeOf.call(Error, expected)) {
    if (!message) {
      generatedMessage = true;
      message = 'The error is expected to be an instance of ' +
        `"${expected.name}". Received `;
      if (isError(actual)) {
        const name = (actual.constructor && actual.constructor.name) || actual.name;
        if (expected.name === name) {
          message += 'an error with identical name but a different prototype.';
        } else {
          message += `"${name}"`;
        }
        if (actual.message) {
          message += `\n\nError message:\n\n${actual.message}`;
        }
      } else {
        message += `"${inspect(actual, { depth: -1 })}"`;
      }
    }
    throwError = true;
  } else {
    // Validation function.
    const res = Reflect.apply(expected, {}, [actual]);
    if (res !== true) {
      if (!message) {
        generatedMessage = true;
        const name = expected.name ? `"${expected.name}" ` : '';
        message = `The ${name}validation function is expected to return` +
          ` "true". Received ${inspect(res)}`;
        if (isError(actual)) {
          message += `\n\nCaught error:\n\n${actual}`;
        }
      }
      throwError = true;
    }
  }

  if (throwError) {
    const err = new AssertionError({
      actual, expected, message, operator: fn.name, stackStartFn: fn,
    });
    err.generatedMessage = generatedMessage;
    throw err;
  }
}

function getActual(fn) {
  validateFunction(fn, 'fn');
  try {
    fn();
  } catch (e) {
    return e;
  }
  return NO_EXCEPTION_SENTINEL;
}

function checkIsPromise(obj) {
  return types.isPromise(obj) ||
    (obj !== null && typeof obj === 'object' &&
     typeof obj.then === 'function' && typeof obj.catch === 'function');
}

async function waitForActual(promiseFn) {
  let resultPromise;
  if (typeof promiseFn === 'function') {
    resultPromise = promiseFn();
    if (!checkIsPromise(resultPromise)) {
      const type = determineSpecificType(resultPromise);
      throw codeError(TypeError, 'ERR_INVALID_RETURN_VALUE',
        `Expected instance of Promise to be returned from the "promiseFn" function but got ${type}.`);
    }
  } else if (checkIsPromise(promiseFn)) {
    resultPromise = promiseFn;
  } else {
    throw invalidArgType('promiseFn', ['Function', 'Promise'], promiseFn);
  }
  try {
    await resultPromise;
  } catch (e) {
    return e;
  }
  return NO_EXCEPTION_SENTINEL;
}

function expectsError(stackStartFn, actual, error, message) {
  if (typeof error === 'string') {
    if (arguments.length === 4) {
      throw invalidArgType('error', ['Object', 'Error', 'Function', 'RegExp'], error);
    }
    if (typeof actual === 'object' && actual !== null) {
      if (actual.message === error) {
        throw codeError(TypeError, 'ERR_AMBIGUOUS_ARGUMENT',
          `The "error/message" argument is ambiguous. The error message "${actual.message}" is identical to the message.`);
      }
    } else if (actual === error) {
      throw codeError(TypeError, 'ERR_AMBIGUOUS_ARGUMENT',
        `The "error/message" argument is ambiguous. The error "${actual}" is identical to the message.`);
    }
    message = error;
    error = undefined;
  } else if (error != null && typeof error !== 'object' && typeof error !== 'function') {
    throw invalidArgType('error', ['Object', 'Error', 'Function', 'RegExp'], error);
  }

  if (actual === NO_EXCEPTION_SENTINEL) {
    let details = '';
    if (error && error.name) details += ` (${error.name})`;
    details += message ? `: ${message}` : '.';
    const fnType = stackStartFn === assert.rejects ? 'rejection' : 'exception';
    innerFail({
      actual: undefined,
      expected: error,
      operator: stackStartFn.name,
      message: `Missing expected ${fnType}${details}`,
      stackStartFn,
    });
  }
  if (!error) return;
  expectedException(actual, error, message, stackStartFn);
}

function hasMatchingError(actual, expected) {
  if (typeof expected !== 'function') {
    if (types.isRegExp(expected)) return expected.exec(String(actual)) !== null;
    throw invalidArgType('expected', ['Function', 'RegExp'], expected);
  }
  if (expected.prototype !== undefined && actual instanceof expected) return true;
  if (Object.prototype.isPrototypeOf.call(Error, expected)) return false;
  return Reflect.apply(expected, {}, [actual]) === true;
}

function expectsNoError(stackStartFn, actual, error, message) {
  if (actual === NO_EXCEPTION_SENTINEL) return;
  if (typeof error === 'string') {
    message = error;
    error = undefined;
  }
  if (!error || hasMatchingError(actual, error)) {
    const details = message ? `: ${message}` : '.';
    const fnType = stackStartFn === assert.doesNotReject ? 'rejection' : 'exception';
    innerFail({
      actual,
      expected: error,
      operator: stackStartFn.name,
      message: `Got unwanted ${fnType}${details}\n` +
        `Actual message: "${actual && actual.message}"`,
      stackStartFn,
    });
  }
  throw actual;
}

assert.throws = function throws(promiseFn, ...args) {
  expectsError(throws, getActual(promiseFn), ...args);
};

assert.rejects = async function rejects(promiseFn, ...args) {
  expectsError(rejects, await waitForActual(promiseFn), ...args);
};

assert.doesNotThrow = function doesNotThrow(fn, ...args) {
  expectsNoError(doesNotThrow, getActual(fn), ...args);
};

assert.doesNotReject = async function doesNotReject(fn, ...args) {
  expectsNoError(doesNotReject, await waitForActual(fn), ...args);
};

// ---------------------------------------------------------------------------
// ifError / match

assert.ifError = function ifError(err) {
  if (err !== null && err !== undefined) {
    let message = 'ifError got unwanted exception: ';
    if (typeof err === 'object' && typeof err.message === 'string') {
      if (err.message.length === 0 && err.constructor) {
        message += err.constructor.name;
      } else {
        message += err.message;
      }
    } else {
      message += inspect(err);
    }
    const newErr = new AssertionError({
      actual: err,
      expected: null,
      operator: 'ifError',
      message,
      stackStartFn: ifError,
    });
    // Append the original error's frames to the new stack.
    const origStack = err.stack;
    if (typeof origStack === 'string') {
      const origStackStart = origStack.indexOf('\n    at');
      if (origStackStart !== -1) {
        const originalFrames = origStack.slice(origStackStart + 1).split('\n');
        let newFrames = newErr.stack.split('\n');
        for (const errFrame of originalFrames) {
          const pos = newFrames.indexOf(errFrame);
          if (pos !== -1) {
            newFrames = newFrames.slice(0, pos);
            break;
          }
        }
        newErr.stack = `${newFrames.join('\n')}\n${originalFrames.join('\n')}`;
      }
    }
    throw newErr;
  }
};

function internalMatch(string, regexp, message, fn) {
  if (!types.isRegExp(regexp)) {
    throw invalidArgType('regexp', 'RegExp', regexp);
  }
  const match = fn === assert.match;
  if (typeof string !== 'string' || (regexp.exec(string) !== null) !== match) {
    if (message instanceof Error) throw message;
    const generatedMessage = !message;
    message = message || (typeof string !== 'string' ?
      'The "string" argument must be of type string. Received type ' +
        `${typeof string} (${inspect(string)})` :
      (match ?
        'The input did not match the regular expression ' :
        'The input was expected to not match the regular expression ') +
        `${inspect(regexp)}. Input:\n\n${inspect(string)}\n`);
    const err = new AssertionError({
      actual: string, expected: regexp, message, operator: fn.name, stackStartFn: fn,
    });
    err.generatedMessage = generatedMessage;
    throw err;
  }
}

assert.match = function match(string, regexp, message) {
  internalMatch(string, regexp, message, match);
};

assert.doesNotMatch = function doesNotMatch(string, regexp, message) {
  internalMatch(string, regexp, message, doesNotMatch);
};

// ---------------------------------------------------------------------------
// assert.strict: the strict variants under the loose names.

function strict(...args) {
  innerOk(strict, args.length, ...args);
}

assert.strict = Object.assign(strict, assert, {
  equal: assert.strictEqual,
  deepEqual: assert.deepStrictEqual,
  notEqual: assert.notStrictEqual,
  notDeepEqual: assert.notDeepStrictEqual,
});
assert.strict.strict = assert.strict;
