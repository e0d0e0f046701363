'use strict';

// internal/assert/assertion_error: the AssertionError class and the message
// texts Node 20 generates for failed assertions (including the line based
// `+ actual - expected` diff).

const { inspect } = require('internal/inspect');

const kReadableOperator = {
  deepStrictEqual: 'Expected values to be strictly deep-equal:',
  strictEqual: 'Expected values to be strictly equal:',
  strictEqualObject: 'Expected "actual" to be reference-equal to "expected":',
  deepEqual: 'Expected values to be loosely deep-equal:',
  notDeepStrictEqual: 'Expected "actual" not to be strictly deep-equal to:',
  notStrictEqual: 'Expected "actual" to be strictly unequal to:',
  notStrictEqualObject:
    'Expected "actual" not to be reference-equal to "expected":',
  notDeepEqual: 'Expected "actual" not to be loosely deep-equal to:',
  notIdentical: 'Values have same structure but are not reference-equal:',
  notDeepEqualUnequal: 'Expected values not to be loosely deep-equal:',
};

// Both values together shorter than this are shown as `a !== b`.
const kMaxShortLength = 12;

// Colors are only used when stderr is a TTY.
let blue = '';
let green = '';
let red = '';
let white = '';

function setColors() {
  const stderr = typeof process !== 'undefined' ? process.stderr : undefined;
  if (stderr && stderr.isTTY &&
      (typeof stderr.hasColors !== 'function' || stderr.hasColors())) {
    blue = '\u001b[34m';
    green = '\u001b[32m';
    white = '\u001b[39m';
    red = '\u001b[31m';
  } else {
    blue = '';
    green = '';
    white = '';
    red = '';
  }
}

function removeColors(str) {
  // eslint-disable-next-line no-control-regex
  return str.replace(/\u001b\[\d\d?m/g, '');
}

// Copy an error (own enumerable properties plus name/message) so that
// inspecting it does not print its stack.
function copyError(source) {
  const target = Object.assign({ __proto__: Object.getPrototypeOf(source) }, source);
  Object.defineProperty(target, 'message', { __proto__: null, value: source.message });
  return target;
}

function inspectValue(val) {
  // Sorted keys, no custom inspectors, unlimited depth: the output should
  // only differ where the values differ.
  return inspect(val, {
    compact: false,
    customInspect: false,
    depth: 1000,
    maxArrayLength: Infinity,
    showHidden: false,
    showProxy: false,
    sorted: true,
    getters: true,
  });
}

// Print up to three identical context lines before a difference; collapse
// longer runs with `...`.
function addContext(state, lines, i) {
  const { identical } = state;
  if (identical > 2) {
    if (identical > 3) {
      if (identical > 4) {
        if (identical === 5) {
          state.res += `\n  ${lines[i - 3]}`;
          state.printedLines++;
        } else {
          state.res += `\n${blue}...${white}`;
          state.skipped = true;
        }
      }
      state.res += `\n  ${lines[i - 2]}`;
      state.printedLines++;
    }
    state.res += `\n  ${lines[i - 1]}`;
    state.printedLines++;
  }
  state.identical = 0;
}

// The heading: the user's message if any, else the operator's description.
function getErrorMessage(operator, message) {
  return message || kReadableOperator[operator];
}

function createErrDiff(actual, expected, operator, message = '') {
  let other = '';
  let end = '';
  const actualInspected = inspectValue(actual);
  const actualLines = actualInspected.split('\n');
  const expectedLines = inspectValue(expected).split('\n');

  let i = 0;
  let indicator = '';

  // Objects/functions compared with strictEqual are not reference equal.
  if (operator === 'strictEqual' &&
      ((typeof actual === 'object' && actual !== null &&
        typeof expected === 'object' && expected !== null) ||
       (typeof actual === 'function' && typeof expected === 'function'))) {
    operator = 'strictEqualObject';
  }

  // Single line values.
  if (actualLines.length === 1 && expectedLines.length === 1 &&
      actualLines[0] !== expectedLines[0]) {
    const c = inspect.defaultOptions.colors;
    const actualRaw = c ? removeColors(actualLines[0]) : actualLines[0];
    const expectedRaw = c ? removeColors(expectedLines[0]) : expectedLines[0];
    const inputLength = actualRaw.length + expectedRaw.length;
    if (inputLength <= kMaxShortLength) {
      if ((typeof actual !== 'object' || actual === null) &&
          (typeof expected !== 'object' || expected === null) &&
          (actual !== 0 || expected !== 0)) { // -0 === +0
        return `${getErrorMessage(operator, message)}\n\n` +
          `${actualLines[0]} !== ${expectedLines[0]}\n`;
      }
    } else if (operator !== 'strictEqualObject') {
      // Mark the first difference with `^` when it fits in a terminal line.
      const stderr = typeof process !== 'undefined' ? process.stderr : undefined;
      const maxLength = stderr && stderr.isTTY ? stderr.columns : 80;
      if (inputLength < maxLength) {
        while (actualRaw[i] === expectedRaw[i]) i++;
        if (i > 2) {
          indicator = `\n  ${' '.repeat(i)}^`;
          i = 0;
        }
      }
    }
  }

  // Drop identical trailing lines (keeping up to three as context).
  let a = actualLines[actualLines.length - 1];
  let b = expectedLines[expectedLines.length - 1];
  while (a === b) {
    if (i++ < 3) {
      end = `\n  ${a}${end}`;
    } else {
      other = a;
    }
    actualLines.pop();
    expectedLines.pop();
    if (actualLines.length === 0 || expectedLines.length === 0) break;
    a = actualLines[actualLines.length - 1];
    b = expectedLines[expectedLines.length - 1];
  }

  const maxLines = Math.max(actualLines.length, expectedLines.length);
  // Identical output but not equal (e.g. two different symbols).
  if (maxLines === 0) {
    const lines = actualInspected.split('\n');
    if (lines.length > 50) {
      lines[46] = `${blue}...${white}`;
      while (lines.length > 47) lines.pop();
    }
    return `${kReadableOperator.notIdentical}\n\n${lines.join('\n')}\n`;
  }

  const state = { res: '', identical: 0, printedLines: 0, skipped: false };

  if (i >= 5) {
    end = `\n${blue}...${white}${end}`;
    state.skipped = true;
  }
  if (other !== '') {
    end = `\n  ${other}${end}`;
    other = '';
  }

  const msg = `${getErrorMessage(operator, message)}\n` +
    `${green}+ actual${white} ${red}- expected${white}`;
  const skippedMsg = ` ${blue}...${white} Lines skipped`;

  let lines = actualLines;
  let plusMinus = `${green}+${white}`;
  let maxLength = expectedLines.length;
  if (actualLines.length < maxLines) {
    lines = expectedLines;
    plusMinus = `${red}-${white}`;
    maxLength = actualLines.length;
  }

  for (i = 0; i < maxLines; i++) {
    if (maxLength < i + 1) {
      // Only one side has lines left.
      addContext(state, lines, i);
      if (lines === actualLines) {
        state.res += `\n${plusMinus} ${lines[i]}`;
      } else {
        other += `\n${plusMinus} ${lines[i]}`;
      }
      state.printedLines++;
    } else {
      const expectedLine = expectedLines[i];
      let actualLine = actualLines[i];
      // A trailing comma alone does not make lines differ.
      let divergingLines = actualLine !== expectedLine &&
        (!actualLine.endsWith(',') || actualLine.slice(0, -1) !== expectedLine);
      if (divergingLines && expectedLine.endsWith(',') &&
          expectedLine.slice(0, -1) === actualLine) {
        divergingLines = false;
        actualLine += ',';
      }
      if (divergingLines) {
        addContext(state, actualLines, i);
        // Group consecutive changes as +++--- rather than +-+-.
        state.res += `\n${green}+${white} ${actualLine}`;
        other += `\n${red}-${white} ${expectedLine}`;
        state.printedLines += 2;
      } else {
        state.res += other;
        other = '';
        state.identical++;
        if (state.identical <= 2) {
          state.res += `\n  ${actualLine}`;
          state.printedLines++;
        }
      }
    }
    // Show at most ~50 lines.
    if (state.printedLines > 50 && i < maxLines - 2) {
      return `${msg}${skippedMsg}\n${state.res}\n${blue}...${white}${other}\n` +
        `${blue}...${white}`;
    }
  }

  return `${msg}${state.skipped ? skippedMsg : ''}\n${state.res}${other}${end}${indicator}`;
}

function addEllipsis(string) {
  const lines = string.split('\n', 11);
  if (lines.length > 10) {
    lines.length = 10;
    return `${lines.join('\n')}\n...`;
  } else if (string.length > 512) {
    return `${string.slice(512)}...`;
  }
  return string;
}

function buildMessage(actual, expected, operator) {
  if (operator === 'deepStrictEqual' || operator === 'strictEqual') {
    return createErrDiff(actual, expected, operator);
  }
  if (operator === 'notDeepStrictEqual' || operator === 'notStrictEqual') {
    // The values are equal although they should not be: show one of them.
    let base = kReadableOperator[operator];
    const res = inspectValue(actual).split('\n');
    if (operator === 'notStrictEqual' &&
        ((typeof actual === 'object' && actual !== null) ||
         typeof actual === 'function')) {
      base = kReadableOperator.notStrictEqualObject;
    }
    if (res.length > 50) {
      res[46] = `${blue}...${white}`;
      while (res.length > 47) res.pop();
    }
    if (res.length === 1) {
      return `${base}${res[0].length > 5 ? '\n\n' : ' '}${res[0]}`;
    }
    return `${base}\n\n${res.join('\n')}\n`;
  }
  let res = inspectValue(actual);
  let other = inspectValue(expected);
  const knownOperator = kReadableOperator[operator];
  if (operator === 'notDeepEqual' && res === other) {
    res = `${knownOperator}\n\n${res}`;
    if (res.length > 1024) res = `${res.slice(0, 1021)}...`;
    return res;
  }
  if (res.length > 512) res = `${res.slice(0, 509)}...`;
  if (other.length > 512) other = `${other.slice(0, 509)}...`;
  if (operator === 'deepEqual') {
    res = `${knownOperator}\n\n${res}\n\nshould loosely deep-equal\n\n`;
  } else {
    const newOperator = kReadableOperator[`${operator}Unequal`];
    if (newOperator) {
      res = `${newOperator}\n\n${res}\n\nshould not loosely deep-equal\n\n`;
    } else {
      other = ` ${operator} ${other}`;
    }
  }
  return `${res}${other}`;
}

class AssertionError extends Error {
  constructor(options) {
    if (options === null || typeof options !== 'object') {
      const err = new TypeError(
        'The "options" argument must be of type object.' +
        (options === undefined || options === null ?
          ` Received ${options}` :
          ` Received type ${typeof options} (${inspect(options)})`));
      err.code = 'ERR_INVALID_ARG_TYPE';
      throw err;
    }
    const {
      message,
      operator,
      stackStartFn,
      details,
      stackStartFunction,
    } = options;
    let { actual, expected } = options;

    // The message is computed without collecting a stack trace.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;

    if (message != null) {
      // Node 20.20 appends the diff to custom messages of strict checks.
      if (operator === 'deepStrictEqual' || operator === 'strictEqual') {
        super(createErrDiff(actual, expected, operator, message));
      } else {
        super(String(message));
      }
    } else {
      setColors();
      // Don't show the stacks of Error values in the diff.
      if (typeof actual === 'object' && actual !== null &&
          typeof expected === 'object' && expected !== null &&
          'stack' in actual && actual instanceof Error &&
          'stack' in expected && expected instanceof Error) {
        actual = copyError(actual);
        expected = copyError(expected);
      }
      super(buildMessage(actual, expected, operator));
    }

    Error.stackTraceLimit = limit;

    this.generatedMessage = !message;
    Object.defineProperty(this, 'name', {
      __proto__: null,
      value: 'AssertionError [ERR_ASSERTION]',
      enumerable: false,
      writable: true,
      configurable: true,
    });
    this.code = 'ERR_ASSERTION';
    if (details) {
      this.actual = undefined;
      this.expected = undefined;
      this.operator = undefined;
      for (let i = 0; i < details.length; i++) {
        this[`message ${i}`] = details[i].message;
        this[`actual ${i}`] = details[i].actual;
        this[`expected ${i}`] = details[i].expected;
        this[`operator ${i}`] = details[i].operator;
        this[`stack trace ${i}`] = details[i].stack;
      }
    } else {
      this.actual = actual;
      this.expected = expected;
      this.operator = operator;
    }
    Error.captureStackTrace(this, stackStartFn || stackStartFunction);
    // Materialize the stack while the name includes the code.
    // eslint-disable-next-line no-unused-expressions
    this.stack;
    this.name = 'AssertionError';
  }

  toString() {
    return `${this.name} [${this.code}]: ${this.message}`;
  }

  [inspect.custom](recurseTimes, ctx) {
    // Long strings are shortened and actual/expected are shown shallowly.
    const tmpActual = this.actual;
    const tmpExpected = this.expected;
    if (typeof this.actual === 'string') this.actual = addEllipsis(this.actual);
    if (typeof this.expected === 'string') {
      this.expected = addEllipsis(this.expected);
    }
    const result = inspect(this, { ...ctx, customInspect: false, depth: 0 });
    this.actual = tmpActual;
    this.expected = tmpExpected;
    return result;
  }
}

module.exports = {
  AssertionError,
  kReadableOperator,
};
