'use strict';
const { invalidArgType, makeError } = require('internal/errors');

// internal/console: the Console class and the global console instance.
//
// A Console writes formatted text to two streams (stdout for log/info/debug/
// dir/table, stderr for warn/error/trace/assert). The global console resolves
// process.stdout / process.stderr at call time, so it works before the
// process streams are fully set up.

// internal/inspect is loaded on the first formatted line, not with the
// console: code that only touches the console (V8's inspector read
// globalThis.console when made after the boot) need not pay for it.
let inspectModule;
function lazyInspect() {
  inspectModule ??= require('internal/inspect');
  return inspectModule;
}
const inspect = (...args) => lazyInspect().inspect(...args);
const formatWithOptions = (...args) => lazyInspect().formatWithOptions(...args);
const getStringWidth = (...args) => lazyInspect().getStringWidth(...args);

const types = internalBinding('types');
const { previewEntries } = internalBinding('util');

const kStdout = Symbol('kStdout');
const kStderr = Symbol('kStderr');
const kGroupIndent = Symbol('kGroupIndent');
const kGroupIndentationWidth = Symbol('kGroupIndentationWidth');
const kCounts = Symbol('kCounts');
const kTimers = Symbol('kTimers');
const kInspectOptions = Symbol('kInspectOptions');
const kColorMode = Symbol('kColorMode');
const kIgnoreErrors = Symbol('kIgnoreErrors');
const kIsGlobal = Symbol('kIsGlobal');



function emitWarning(msg) {
  if (typeof process !== 'undefined' && typeof process.emitWarning === 'function') {
    process.emitWarning(msg);
  } else if (typeof process !== 'undefined' && process.stderr) {
    process.stderr.write(`(node:${process.pid}) Warning: ${msg}\n`);
  }
}

function now() {
  if (typeof process !== 'undefined' && typeof process.hrtime === 'function') {
    if (typeof process.hrtime.bigint === 'function') {
      return Number(process.hrtime.bigint()) / 1e6;
    }
    const [s, ns] = process.hrtime();
    return s * 1e3 + ns / 1e6;
  }
  if (typeof performance !== 'undefined') return performance.now();
  return Date.now();
}

// ---------------------------------------------------------------------------
// Time formatting: "1.234ms", "1.500s", "1:02.500 (m:ss.mmm)".

const kSecond = 1000;
const kMinute = 60 * kSecond;
const kHour = 60 * kMinute;

function pad2(value) {
  return `${value}`.padStart(2, '0');
}

function formatTime(ms) {
  let hours = 0;
  let minutes = 0;
  let seconds = 0;
  if (ms >= kSecond) {
    if (ms >= kMinute) {
      if (ms >= kHour) {
        hours = Math.floor(ms / kHour);
        ms %= kHour;
      }
      minutes = Math.floor(ms / kMinute);
      ms %= kMinute;
    }
    seconds = ms / kSecond;
  }
  if (hours !== 0 || minutes !== 0) {
    const [secs, millis] = seconds.toFixed(3).split('.');
    const res = hours !== 0 ? `${hours}:${pad2(minutes)}` : minutes;
    return `${res}:${pad2(secs)}.${millis} (${hours !== 0 ? 'h:m' : ''}m:ss.mmm)`;
  }
  if (seconds !== 0) return `${seconds.toFixed(3)}s`;
  return `${Number(ms.toFixed(3))}ms`;
}

// ---------------------------------------------------------------------------
// console.table rendering

const tableChars = {
  middleMiddle: '─',
  rowMiddle: '┼',
  topRight: '┐',
  topLeft: '┌',
  leftMiddle: '├',
  topMiddle: '┬',
  bottomRight: '┘',
  bottomLeft: '└',
  bottomMiddle: '┴',
  rightMiddle: '┤',
  left: '│ ',
  right: ' │',
  middle: ' │ ',
};

// Cells are left aligned (Node 20.x since 20.17).
function renderRow(row, columnWidths) {
  let out = tableChars.left;
  for (let i = 0; i < row.length; i++) {
    const cell = row[i];
    const needed = columnWidths[i] - getStringWidth(cell);
    out += cell + ' '.repeat(needed);
    if (i !== row.length - 1) out += tableChars.middle;
  }
  out += tableChars.right;
  return out;
}

function renderTable(head, columns) {
  const rows = [];
  const columnWidths = head.map((h) => getStringWidth(h));
  const longestColumn = Math.max(...columns.map((c) => c.length));
  for (let i = 0; i < head.length; i++) {
    const column = columns[i];
    for (let j = 0; j < longestColumn; j++) {
      if (rows[j] === undefined) rows[j] = [];
      const value = rows[j][i] =
        Object.prototype.hasOwnProperty.call(column, j) ? column[j] : '';
      columnWidths[i] = Math.max(columnWidths[i] || 0, getStringWidth(value));
    }
  }
  const divider = columnWidths.map((w) => tableChars.middleMiddle.repeat(w + 2));
  let result = `${tableChars.topLeft}${divider.join(tableChars.topMiddle)}` +
    `${tableChars.topRight}\n${renderRow(head, columnWidths)}\n` +
    `${tableChars.leftMiddle}${divider.join(tableChars.rowMiddle)}` +
    `${tableChars.rightMiddle}\n`;
  for (const row of rows) result += `${renderRow(row, columnWidths)}\n`;
  result += `${tableChars.bottomLeft}${divider.join(tableChars.bottomMiddle)}` +
    tableChars.bottomRight;
  return result;
}

// ---------------------------------------------------------------------------
// Console

function isStream(s) {
  return s !== null && typeof s === 'object' && typeof s.write === 'function';
}

function Console(options /* or: stdout, stderr, ignoreErrors */) {
  if (!new.target) {
    return Reflect.construct(Console, arguments);
  }
  if (!options || typeof options.write === 'function') {
    options = {
      stdout: options,
      stderr: arguments[1],
      ignoreErrors: arguments[2],
    };
  }
  const {
    stdout,
    stderr = stdout,
    ignoreErrors = true,
    colorMode = 'auto',
    inspectOptions,
    groupIndentation = 2,
  } = options;

  if (!isStream(stdout)) {
    throw makeError(TypeError, 'ERR_CONSOLE_WRITABLE_STREAM',
      'Console expects a writable stream instance for stdout');
  }
  if (!isStream(stderr)) {
    throw makeError(TypeError, 'ERR_CONSOLE_WRITABLE_STREAM',
      'Console expects a writable stream instance for stderr');
  }
  if (typeof colorMode !== 'boolean' && colorMode !== 'auto') {
    throw makeError(TypeError, 'ERR_INVALID_ARG_VALUE',
      `The argument 'colorMode' is invalid. Received ${inspect(colorMode)}`);
  }
  if (inspectOptions !== undefined) {
    if (inspectOptions === null || typeof inspectOptions !== 'object') {
      throw invalidArgType('options.inspectOptions', 'of type object',
        inspectOptions);
    }
    if (inspectOptions.colors !== undefined && options.colorMode !== undefined) {
      throw makeError(TypeError, 'ERR_INCOMPATIBLE_OPTION_PAIR',
        'Option "options.inspectOptions.color" cannot be used in ' +
        'combination with option "colorMode"');
    }
  }
  if (typeof groupIndentation !== 'number' ||
      !Number.isInteger(groupIndentation) ||
      groupIndentation < 0 || groupIndentation > 1000) {
    throw makeError(RangeError, 'ERR_OUT_OF_RANGE',
      'The value of "groupIndentation" is out of range. It must be >= 0 && ' +
      `<= 1000. Received ${groupIndentation}`);
  }

  setupConsole(this, {
    stdout: () => stdout,
    stderr: () => stderr,
    ignoreErrors,
    colorMode,
    inspectOptions,
    groupIndentation,
  });
}

// Shared by `new Console()` and the global console; stream getters allow the
// global console to look up process.stdout lazily.
function setupConsole(self, config) {
  const define = (key, value) => Object.defineProperty(self, key, {
    value, writable: true, enumerable: false, configurable: true,
  });
  define(kStdout, config.stdout);
  define(kStderr, config.stderr);
  define(kIgnoreErrors, config.ignoreErrors);
  define(kColorMode, config.colorMode);
  define(kInspectOptions, config.inspectOptions);
  define(kGroupIndent, '');
  define(kGroupIndentationWidth, config.groupIndentation);
  define(kCounts, new Map());
  define(kTimers, new Map());
  Object.defineProperty(self, '_stdout', {
    get: config.stdout, enumerable: false, configurable: true,
  });
  Object.defineProperty(self, '_stderr', {
    get: config.stderr, enumerable: false, configurable: true,
  });
  // Methods are bound so they can be passed around (`arr.forEach(console.log)`).
  for (const key of Object.keys(consoleMethods)) {
    self[key] = consoleMethods[key].bind(self);
    Object.defineProperty(self[key], 'name', { value: key });
  }
}

// Options for inspecting values written to `stream`.
function getInspectOptions(self, stream) {
  let color = self[kColorMode];
  if (color === 'auto') {
    color = !!(stream && stream.isTTY &&
      (typeof stream.getColorDepth === 'function' ?
        stream.getColorDepth() > 2 : true));
  }
  const options = self[kInspectOptions];
  if (options) {
    if (options.colors === undefined) return { ...options, colors: color };
    return options;
  }
  return color ? { colors: true } : {};
}

function formatFor(self, stream, args) {
  return formatWithOptions(getInspectOptions(self, stream), ...args);
}

function writeTo(self, useStdout, string) {
  const groupIndent = self[kGroupIndent];
  const stream = useStdout ? self[kStdout]() : self[kStderr]();
  if (groupIndent.length !== 0) {
    if (string.includes('\n')) {
      string = string.replace(/\n/g, `\n${groupIndent}`);
    }
    string = groupIndent + string;
  }
  string += '\n';
  if (!self[kIgnoreErrors]) {
    stream.write(string);
    return;
  }
  try {
    stream.write(string);
  } catch (e) {
    // Writes to a closed pipe etc. are ignored, except stack overflows.
    if (e instanceof RangeError && /call stack/.test(e.message)) throw e;
  }
}

function validateLabel(label) {
  return `${label}`;
}

function timeLogImpl(self, name, label, data) {
  const timers = self[kTimers];
  const start = timers.get(label);
  if (start === undefined) {
    emitWarning(`No such label '${label}' for console.${name}()`);
    return false;
  }
  const formatted = formatTime(now() - start);
  if (data === undefined) {
    self.log('%s: %s', label, formatted);
  } else {
    self.log('%s: %s', label, formatted, ...data);
  }
  return true;
}

const iterKey = '(iteration index)';
const keyKey = 'Key';
const valuesKey = 'Values';
const indexKey = '(index)';

const consoleMethods = {
  log(...args) {
    writeTo(this, true, formatFor(this, this[kStdout](), args));
  },

  warn(...args) {
    writeTo(this, false, formatFor(this, this[kStderr](), args));
  },

  dir(object, options) {
    writeTo(this, true, inspect(object, {
      customInspect: false,
      ...getInspectOptions(this, this[kStdout]()),
      ...options,
    }));
  },

  time(label = 'default') {
    label = validateLabel(label);
    if (this[kTimers].has(label)) {
      emitWarning(`Label '${label}' already exists for console.time()`);
      return;
    }
    this[kTimers].set(label, now());
  },

  timeEnd(label = 'default') {
    label = validateLabel(label);
    if (timeLogImpl(this, 'timeEnd', label)) {
      this[kTimers].delete(label);
    }
  },

  timeLog(label = 'default', ...data) {
    label = validateLabel(label);
    timeLogImpl(this, 'timeLog', label, data);
  },

  trace: function trace(...args) {
    const err = {
      name: 'Trace',
      message: formatFor(this, this[kStderr](), args),
    };
    Error.captureStackTrace(err, trace);
    this.error(err.stack);
  },

  assert(expression, ...args) {
    if (!expression) {
      args[0] = `Assertion failed${args.length === 0 ? '' : `: ${args[0]}`}`;
      Reflect.apply(this.warn, this, args);
    }
  },

  // Node's clear() only acts on TTYs.
  clear() {
    const stdout = this[kStdout]();
    if (stdout && stdout.isTTY && process.env.TERM !== 'dumb') {
      stdout.write('\x1b[1;1H\x1b[0J');
    }
  },

  count(label = 'default') {
    label = `${label}`;
    const counts = this[kCounts];
    let count = counts.get(label);
    count = count === undefined ? 1 : count + 1;
    counts.set(label, count);
    this.log(`${label}: ${count}`);
  },

  countReset(label = 'default') {
    const counts = this[kCounts];
    if (!counts.has(label)) {
      emitWarning(`Count for '${label}' does not exist`);
      return;
    }
    counts.delete(`${label}`);
  },

  group(...data) {
    if (data.length > 0) Reflect.apply(this.log, this, data);
    this[kGroupIndent] += ' '.repeat(this[kGroupIndentationWidth]);
  },

  groupEnd() {
    this[kGroupIndent] = this[kGroupIndent].slice(
      0, this[kGroupIndent].length - this[kGroupIndentationWidth]);
  },

  table(tabularData, properties) {
    if (properties !== undefined && !Array.isArray(properties)) {
      throw invalidArgType('properties', 'an instance of Array', properties);
    }
    if (tabularData === null || typeof tabularData !== 'object') {
      return this.log(tabularData);
    }

    const final = (k, v) => this.log(renderTable(k, v));

    const cellInspect = (v) => {
      const depth = v !== null && typeof v === 'object' && !Array.isArray(v) &&
        Object.keys(v).length > 2 ? -1 : 0;
      const opt = {
        depth,
        maxArrayLength: 3,
        breakLength: Infinity,
        ...getInspectOptions(this, this[kStdout]()),
      };
      return inspect(v, opt);
    };
    const indexArray = (length) =>
      Array.from({ length }, (_, i) => cellInspect(i));

    const mapIter = types.isMapIterator(tabularData);
    let isKeyValue = false;
    if (mapIter) {
      const res = previewEntries(tabularData, true);
      tabularData = res[0];
      isKeyValue = res[1];
    }

    if (isKeyValue || types.isMap(tabularData)) {
      const keys = [];
      const values = [];
      let length = 0;
      if (mapIter) {
        for (let i = 0; i < tabularData.length / 2; ++i) {
          keys.push(cellInspect(tabularData[i * 2]));
          values.push(cellInspect(tabularData[i * 2 + 1]));
          length++;
        }
      } else {
        for (const [k, v] of tabularData) {
          keys.push(cellInspect(k));
          values.push(cellInspect(v));
          length++;
        }
      }
      return final([iterKey, keyKey, valuesKey],
        [indexArray(length), keys, values]);
    }

    const setIter = types.isSetIterator(tabularData);
    if (setIter) tabularData = previewEntries(tabularData, true)[0];

    if (setIter || mapIter || types.isSet(tabularData)) {
      const values = [];
      let length = 0;
      for (const v of tabularData) {
        values.push(cellInspect(v));
        length++;
      }
      return final([iterKey, valuesKey], [indexArray(length), values]);
    }

    const map = Object.create(null);
    let hasPrimitives = false;
    const valuesKeyArray = [];
    const indexKeyArray = Object.keys(tabularData);
    for (let i = 0; i < indexKeyArray.length; i++) {
      const item = tabularData[indexKeyArray[i]];
      const primitive = item === null ||
        (typeof item !== 'function' && typeof item !== 'object');
      if (properties === undefined && primitive) {
        hasPrimitives = true;
        valuesKeyArray[i] = cellInspect(item);
      } else {
        const keys = properties || Object.keys(item);
        for (const key of keys) {
          if (map[key] === undefined) map[key] = [];
          if ((primitive && properties) ||
              !Object.prototype.hasOwnProperty.call(item, key)) {
            map[key][i] = '';
          } else {
            map[key][i] = cellInspect(item[key]);
          }
        }
      }
    }

    const keys = Object.keys(map);
    const values = Object.values(map);
    if (hasPrimitives) {
      keys.push(valuesKey);
      values.push(valuesKeyArray);
    }
    keys.unshift(indexKey);
    values.unshift(indexKeyArray);
    return final(keys, values);
  },
};

// Aliases, as in Node.
consoleMethods.debug = consoleMethods.log;
consoleMethods.info = consoleMethods.log;
consoleMethods.dirxml = consoleMethods.log;
consoleMethods.error = consoleMethods.warn;
consoleMethods.groupCollapsed = consoleMethods.group;

// Methods are also available on the prototype for subclassing.
for (const key of Object.keys(consoleMethods)) {
  Object.defineProperty(Console.prototype, key, {
    value: consoleMethods[key], writable: true, enumerable: true, configurable: true,
  });
}

// `console instanceof Console` holds for the global console, as in Node.
Object.defineProperty(Console, Symbol.hasInstance, {
  value(instance) {
    return instance !== null && typeof instance === 'object' &&
      (instance[kIsGlobal] === true ||
       Object.prototype.isPrototypeOf.call(Console.prototype, instance));
  },
});

// The global console: a plain object (not a Console instance) whose streams
// are process.stdout / process.stderr, looked up on every write.
function createGlobalConsole() {
  const globalConsole = Object.create({});
  setupConsole(globalConsole, {
    stdout: () => process.stdout,
    stderr: () => process.stderr,
    ignoreErrors: true,
    colorMode: 'auto',
    inspectOptions: undefined,
    groupIndentation: 2,
  });
  Object.defineProperty(globalConsole, kIsGlobal, { value: true });
  Object.defineProperty(globalConsole, Symbol.toStringTag, {
    value: 'console', writable: false, enumerable: false, configurable: true,
  });
  return globalConsole;
}

const globalConsole = createGlobalConsole();

// Inspector-only methods: no-ops without an inspector (added to the global
// console after `Console`, matching Node's key order).
const inspectorMethods = {
  profile() {},
  profileEnd() {},
  timeStamp() {},
  context() {},
  createTask() {},
};

module.exports = {
  Console,
  globalConsole,
  inspectorMethods,
  formatTime,
  renderTable,
};
