'use strict';
// node:test's reporters (tap, spec, dot) as Node 20 prints them, the
// summary counters, and the JSON-line form of events a child process
// writes under `shoal run --test`.
//
// A reporter is an object with begin() (the text before the first event),
// event(type, data) and end() (the text after the last one), each returning
// text. The summary reaches it as test:diagnostic events (summaryEvents).
// Errors in events are either real Error objects (in-process) or the plain
// description describeError() makes (from a child).

const path = require('path');
const { inspect, shouldColorize } = require('internal/inspect');
const { kUnwrapErrors } = require('internal/test_runner/test');

const kEventPrefix = '\u0000shoal-test\u0000';

class Summary {
  constructor() {
    this.tests = 0;
    this.suites = 0;
    this.pass = 0;
    this.fail = 0;
    this.cancelled = 0;
    this.skipped = 0;
    this.todo = 0;
  }

  add(type, data) {
    if (data.details && data.details.type === 'suite') {
      this.suites++;
      return;
    }
    this.tests++;
    const err = data.details && data.details.error;
    if (data.skip !== undefined) this.skipped++;
    else if (data.todo !== undefined) this.todo++;
    else if (type === 'test:pass') this.pass++;
    else if (err && (err.failureType === 'cancelledByParent' || err.failureType === 'testTimeoutFailure')) {
      this.cancelled++;
    }
    else this.fail++;
  }

  failed() { return this.fail > 0 || this.cancelled > 0; }

  lines(duration) {
    return [`tests ${this.tests}`, `suites ${this.suites}`, `pass ${this.pass}`, `fail ${this.fail}`,
      `cancelled ${this.cancelled}`, `skipped ${this.skipped}`, `todo ${this.todo}`,
      `duration_ms ${duration}`];
  }
}

function isAssertionLike(e) {
  return e !== null && typeof e === 'object' && 'expected' in e && 'actual' in e;
}

// What a report shows of a failure, as plain data.
function describeError(err) {
  if (err && err.__described) return err;
  const out = { __described: true, extra: {} };
  if (err === null || typeof err !== 'object') {
    out.message = String(err);
    out.inspected = inspect(err);
    return out;
  }
  for (const key of Object.keys(err)) {
    if (key === 'cause' || key === 'code') continue;
    const v = err[key];
    if (v === null || typeof v !== 'object') out.extra[key] = v;
  }
  out.failureType = err.failureType;
  out.message = err.message === undefined ? '<unknown error>' : err.message;
  out.name = err.name;
  out.stack = err.stack;
  out.code = err.code;
  out.isAssertion = isAssertionLike(err);
  if (out.isAssertion) {
    out.expected = err.expected;
    out.actual = err.actual;
    out.operator = err.operator;
  }
  const cause = err.cause;
  const unwrap = err.code === 'ERR_TEST_FAILURE' && kUnwrapErrors.has(err.failureType);
  if (unwrap) {
    out.stack = cause !== null && typeof cause === 'object' ? cause.stack : undefined;
    if (cause && cause.code !== undefined) out.code = cause.code;
    if (cause && cause.name !== undefined) out.name = cause.name;
    if (isAssertionLike(cause)) {
      out.isAssertion = true;
      out.expected = cause.expected;
      out.actual = cause.actual;
      if (cause.operator) out.operator = cause.operator;
    }
    if (err.failureType !== 'hookFailed' && cause !== undefined) {
      out.message = cause !== null && typeof cause === 'object' && cause.message !== undefined ?
        cause.message : String(cause);
    }
  } else if (err.failureType !== 'cancelledByParent') {
    out.stack = undefined;
  }
  const shown = err.code === 'ERR_TEST_FAILURE' ? cause : err;
  out.hasCause = shown !== undefined;
  out.inspected = shown === undefined ? inspect(err.message) : inspect(shown);
  return out;
}

// ---- TAP -------------------------------------------------------------------

const tapIndent = (nesting) => '    '.repeat(Math.max(0, nesting));

// Control characters first, then backslashes and hashes (Node's order).
function tapEscape(s) {
  return String(s).replace(/\x08/g, '\\b').replace(/\f/g, '\\f').replace(/\t/g, '\\t')
    .replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\v/g, '\\v')
    .replace(/\\/g, '\\\\').replace(/#/g, '\\#');
}

function yamlValue(indent, name, value) {
  if (value === undefined) return '';
  const prefix = `${indent}  ${name}:`;
  if (value === null) return `${prefix} ~\n`;
  if (typeof value === 'object') {
    let out = `${prefix}\n`;
    for (const [k, v] of Object.entries(value)) out += yamlValue(`${indent}  `, k, v);
    return out;
  }
  if (typeof value === 'string') {
    const lines = value.split(/\r?\n/);
    if (lines.length > 1) return `${prefix} |-\n${lines.map((l) => `${indent}    ${l}\n`).join('')}`;
  }
  return `${prefix} ${inspect(value, { colors: false, breakLength: Infinity })}\n`;
}

function yamlError(indent, err) {
  const d = describeError(err);
  let out = '';
  for (const [k, v] of Object.entries(d.extra)) out += yamlValue(indent, k, v);
  out += yamlValue(indent, 'error', d.message);
  if (d.code) out += yamlValue(indent, 'code', d.code);
  if (d.name && d.name !== 'Error') out += yamlValue(indent, 'name', d.name);
  if (d.isAssertion) {
    out += yamlValue(indent, 'expected', d.expected);
    out += yamlValue(indent, 'actual', d.actual);
    if (d.operator) out += yamlValue(indent, 'operator', d.operator);
  }
  if (typeof d.stack === 'string') {
    const frames = [];
    for (const line of d.stack.split(/\r?\n/)) {
      const m = /^\s+at (.*)$/.exec(line);
      if (m) frames.push(m[1]);
    }
    if (frames.length > 0) {
      out += `${indent}  stack: |-\n${frames.map((f) => `${indent}    ${f}\n`).join('')}`;
    }
  }
  return out;
}

function location(data) {
  return data.file === undefined ? undefined : `${data.file}:${data.line}:${data.column}`;
}

function tapReporter() {
  return {
    begin() { return 'TAP version 13\n'; },
    event(type, data) {
      const ind = tapIndent(data.nesting);
      switch (type) {
        case 'test:start':
          return `${ind}# Subtest: ${tapEscape(data.name)}\n`;
        case 'test:pass':
        case 'test:fail': {
          let line = `${ind}${type === 'test:pass' ? 'ok' : 'not ok'} ${data.testNumber} - ${tapEscape(data.name)}`;
          if (data.skip !== undefined) line += ` # SKIP${typeof data.skip === 'string' && data.skip ? ` ${tapEscape(data.skip)}` : ''}`;
          else if (data.todo !== undefined) line += ` # TODO${typeof data.todo === 'string' && data.todo ? ` ${tapEscape(data.todo)}` : ''}`;
          const details = data.details || {};
          let out = `${line}\n${ind}  ---\n`;
          out += yamlValue(ind, 'duration_ms', details.duration_ms);
          out += yamlValue(ind, 'type', details.type);
          if (type === 'test:fail') {
            out += yamlValue(ind, 'location', location(data));
            if (details.error !== undefined) out += yamlError(ind, details.error);
          }
          return `${out}${ind}  ...\n`;
        }
        case 'test:plan':
          return `${ind}1..${data.count}\n`;
        case 'test:diagnostic':
        case 'test:stdout':
        case 'test:stderr':
          return `${ind}# ${tapEscape(data.message)}\n`;
        default:
          return '';
      }
    },
    end() { return ''; },
  };
}

// ---- spec and dot ------------------------------------------------------------

const symbols = { 'test:fail': '\u2716 ', 'test:pass': '\u2714 ', 'test:diagnostic': '\u2139 ',
  'arrow:right': '\u25b6 ', 'hyphen:minus': '\ufe63 ' };

function colorsFor() {
  // As Node's internal colors: only when stderr is a terminal that takes them.
  const on = !!process.stderr.isTTY && shouldColorize(process.stderr);
  const c = (code) => (on ? `\u001b[${code}m` : '');
  return { red: c(31), green: c(32), blue: c(34), gray: c(90), white: c(39), yellow: c(33) };
}

function formatSpecError(error, indent) {
  if (error === undefined || error === null) return '';
  const d = describeError(error);
  return `\n${indent}  ${d.inspected.split(/\r?\n/).join(`\n${indent}  `)}\n`;
}

function formatReport(colors, type, data, prefix = '', indent = '', hasChildren = false) {
  let color = type === 'test:fail' ? colors.red : (type === 'test:pass' ? colors.green : colors.white);
  let symbol = symbols[type] || ' ';
  const details = data.details || {};
  const duration = details.duration_ms ?
    ` ${colors.gray}(${details.duration_ms}ms)${colors.white}` : '';
  let title = `${data.name}${duration}`;
  if (data.skip !== undefined) title += ` # ${typeof data.skip === 'string' && data.skip.length ? data.skip : 'SKIP'}`;
  else if (data.todo !== undefined) title += ` # ${typeof data.todo === 'string' && data.todo.length ? data.todo : 'TODO'}`;
  const error = formatSpecError(details.error, indent);
  if (hasChildren) {
    const shown = !error || describeError(details.error).failureType === 'subtestsFailed' ? '' : `\n${error}`;
    return `${prefix}${indent}${color}${symbol}${title}${colors.white}${shown}`;
  }
  if (data.skip !== undefined) {
    color = colors.gray;
    symbol = symbols['hyphen:minus'];
  }
  return `${prefix}${indent}${color}${symbol}${title}${colors.white}${error}`;
}

function specReporter() {
  const colors = colorsFor();
  const stack = []; // started tests whose first child has not reported yet
  const failed = [];
  const indent = (n) => '  '.repeat(Math.max(0, n));
  return {
    begin() { return ''; },
    event(type, data) {
      switch (type) {
        case 'test:start':
          stack.push({ data, announced: false });
          return '';
        case 'test:pass':
        case 'test:fail': {
          if (type === 'test:fail' && !(data.details && data.details.error &&
              describeError(data.details.error).failureType === 'subtestsFailed')) {
            failed.push(data);
          }
          const top = stack.pop();
          let prefix = '';
          // Announce the parents not yet announced ("▶ name").
          for (const entry of stack) {
            if (!entry.announced) {
              entry.announced = true;
              prefix += `${indent(entry.data.nesting)}${colors.white}${symbols['arrow:right']}${entry.data.name}\n`;
            }
          }
          const hasChildren = top && top.announced;
          const line = formatReport(colors, type, data, prefix, indent(data.nesting), hasChildren);
          return `${line}\n`;
        }
        case 'test:diagnostic':
          return `${indent(data.nesting)}${colors.blue}${symbols['test:diagnostic']}${data.message}${colors.white}\n`;
        case 'test:stdout':
        case 'test:stderr':
          return `${data.message}\n`;
        default:
          return '';
      }
    },
    end() {
      let out = '';
      if (failed.length > 0) {
        out += `\n${colors.red}${symbols['test:fail']}failing tests:${colors.white}\n\n`;
        const parts = [];
        for (const data of failed) {
          if (data.file !== undefined) {
            parts.push(`test at ${path.relative(process.cwd(), data.file)}:${data.line}:${data.column}`);
          }
          parts.push(formatReport(colors, 'test:fail', data));
        }
        out += parts.join('\n');
      }
      return out;
    },
  };
}

function dotReporter() {
  const colors = colorsFor();
  const failed = [];
  let count = 0;
  return {
    begin() { return ''; },
    event(type, data) {
      if (type !== 'test:pass' && type !== 'test:fail') return '';
      let out = type === 'test:pass' ? `${colors.green}.${colors.white}` : `${colors.red}X${colors.white}`;
      if (type === 'test:fail') failed.push(data);
      if (++count % (process.stdout.columns || 20) === 0) out += '\n';
      return out;
    },
    end() {
      let out = '\n';
      if (failed.length > 0) {
        out += `\n${colors.red}Failed tests:${colors.white}\n\n`;
        for (const data of failed) out += formatReport(colors, 'test:fail', data);
      }
      return out;
    },
  };
}

const reporters = { tap: tapReporter, spec: specReporter, dot: dotReporter };

// The plan and the summary lines that close a run, as events.
function summaryEvents(summary, count, duration) {
  return [['test:plan', { nesting: 0, count }],
    ...summary.lines(duration).map((message) => ['test:diagnostic', { nesting: 0, message }])];
}

// A reporter as node:test/reporters exports it: an async generator over a
// source of { type, data } events (run()'s stream), yielding text.
function asGenerator(name) {
  return async function* reporter(source) {
    const r = reporters[name]();
    const head = r.begin();
    if (head) yield head;
    for await (const { type, data } of source) {
      const text = r.event(type, data);
      if (text) yield text;
    }
    const tail = r.end();
    if (tail) yield tail;
  };
}

function createReporter(name) {
  const make = reporters[name];
  if (make) return make();
  // A module path or package name exporting Node's reporter is not supported: fall back to tap.
  const err = new Error(`Cannot find module '${name}'`);
  err.code = 'MODULE_NOT_FOUND';
  throw err;
}

function serializeEvent(type, data) {
  const copy = { ...data };
  if (data.details) {
    copy.details = { ...data.details };
    if (data.details.error !== undefined) copy.details.error = describeError(data.details.error);
  }
  return `${kEventPrefix}${JSON.stringify({ type, data: copy })}\n`;
}

module.exports = {
  Summary, createReporter, serializeEvent, describeError, kEventPrefix, reporters, summaryEvents, asGenerator,
};
