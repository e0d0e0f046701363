'use strict';
// The process-wide root of node:test: test()/describe()/it()/hooks called at
// the top level attach to it (or to the describe() being built), its events
// go to the reporter chosen by --test-reporter (spec on a terminal, tap
// otherwise), and when the event loop runs dry it reports the plan and the
// summary and sets process.exitCode to 1 after a failure.
//
// Under `shoal run --test` each file runs in a child process with
// NODE_TEST_CONTEXT=child-shoal: its events are then written to stdout as
// JSON lines (see internal/test_runner/runner.js) for the parent to merge.

const { Test, Suite, parseArgs, callerLocation, testFailure, kCancelledByParent } =
  require('internal/test_runner/test');
const { createReporter, Summary, serializeEvent, summaryEvents } = require('internal/test_runner/reporters');

const kChildContext = 'child-shoal';

function optionValue(name) {
  const values = optionValues(name);
  return values[values.length - 1];
}

function optionValues(name) {
  const argv = process.execArgv;
  const out = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === name && i + 1 < argv.length) out.push(argv[i + 1]);
    else if (argv[i].startsWith(`${name}=`)) out.push(argv[i].slice(name.length + 1));
  }
  return out;
}

// /pattern/flags or a plain string taken as a regular expression.
function toRegExp(text) {
  const m = /^\/(.*)\/([a-z]*)$/s.exec(text);
  return m ? new RegExp(m[1], m[2]) : new RegExp(text);
}

class Harness {
  constructor() {
    this.isChild = process.env.NODE_TEST_CONTEXT === kChildContext;
    this.only = process.execArgv.includes('--test-only');
    const patterns = optionValues('--test-name-pattern');
    this.namePatterns = patterns.length > 0 ? patterns.map(toRegExp) : null;
    // The test or suite whose function (or what it started) is running:
    // test(), it() and hooks called there attach to it, as in Node.
    const { AsyncLocalStorage } = require('async_hooks');
    this.storage = new AsyncLocalStorage();
    this.summary = new Summary();
    this.reporter = this.isChild ? null : createReporter(reporterName());
    this.root = new Test({ name: '<root>', options: { concurrency: 1 }, harness: this });
    this.root.startReported = true;
    this.root.startTime = now();
    this.done = false;
    this.writeStarted = false;
    this.buffer = '';
    this.flushScheduled = false;
    this.afterRan = false;
    this.active = new Set(); // tests running now, in start order
    this.bootstrapComplete = false;
    this.crashed = false;
    process.on('beforeExit', () => this.end(false));
    process.on('exit', () => {
      if (!this.crashed) this.end(true);
      this.flush();
    });
    process.on('uncaughtException', (err) => this.onProcessError(err, 'uncaughtException'));
    process.on('unhandledRejection', (err) => this.onProcessError(err, 'unhandledRejection'));
  }

  // An error nothing caught fails the test it came from (by async context,
  // as Node), or else the latest started one still running.
  // Before the first test started (the file is still loading), it is fatal.
  onProcessError(err, failureType) {
    if (!this.bootstrapComplete) {
      this.crashed = true;
      throw err;
    }
    // The test whose async context threw, else the latest started one.
    const thrownIn = require('internal/async_context').thrownContext();
    let current = thrownIn instanceof Map ? thrownIn.get(this.storage) : this.storage.getStore();
    if (!current || current.finished) {
      current = undefined;
      for (const t of this.active) current = t;
    }
    if (current === undefined) {
      this.crashed = true;
      throw err;
    }
    current.fail(err, failureType);
    current.controller.abort(current.error);
  }

  current() {
    const running = this.storage.getStore();
    return running && !running.finished ? running : this.root;
  }

  emit(type, data) {
    if (type === 'test:pass' || type === 'test:fail') this.summary.add(type, data);
    if (this.isChild) this.write(serializeEvent(type, data));
    else this.write(this.reporter.event(type, data));
  }

  // Reports reach stdout once the current ticks and microtasks have run, as
  // through Node's reporter stream: what the tests log meanwhile comes first.
  write(text) {
    if (!this.writeStarted && !this.isChild) {
      this.writeStarted = true;
      text = this.reporter.begin() + text;
    }
    if (!text) return;
    this.buffer += text;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      process.nextTick(() => this.flush());
    }
  }

  flush() {
    this.flushScheduled = false;
    const text = this.buffer;
    this.buffer = '';
    if (text) process.stdout.write(text);
  }

  // Every top-level test has finished: the global after() hooks run.
  maybeDone() {
    const root = this.root;
    if (this.afterRan || root.hooks.after.length === 0 || !root.subtests.every((s) => s.finished)) return;
    this.afterRan = true;
    root.runHooks('after', root.context()).then(null, (err) => {
      process.exitCode = 1;
      process.stderr.write(`${(err && err.cause && err.cause.stack) || err}\n`);
    });
  }

  // The loop is empty (or the process exits): tests still running can never
  // finish and are cancelled, then the plan and the summary.
  end(exiting) {
    if (this.done) return;
    const root = this.root;
    const unfinished = root.subtests.filter((s) => !s.finished);
    // At 'beforeExit' with only queued tests left, they still start.
    if (!exiting && unfinished.length > 0 && !unfinished.some((s) => s.started)) return;
    for (const s of unfinished) {
      s.cancel(testFailure('Promise resolution is still pending but the event loop has already resolved',
                           kCancelledByParent));
    }
    this.done = true;
    if (root.subtests.length === 0) return;
    root.reportReady();
    if (this.summary.failed()) process.exitCode = 1;
    if (this.isChild) return;
    const duration = elapsed(root.startTime, now());
    for (const [type, data] of summaryEvents(this.summary, root.subtests.length, duration)) {
      this.write(this.reporter.event(type, data));
    }
    this.write(this.reporter.end());
  }
}

const now = () => process.hrtime.bigint();
const elapsed = (from, to) => Number(to - from) / 1e6;

function reporterName() {
  const name = optionValue('--test-reporter');
  if (name) return name;
  return process.stdout.isTTY ? 'spec' : 'tap';
}

let harness;
function getHarness() {
  if (!harness) harness = new Harness();
  return harness;
}

// test() and it() outside any describe() are top-level tests; inside one,
// they belong to that suite.
function makeTest(Factory, overrides) {
  return function test(name, options, fn) {
    const h = getHarness();
    const args = parseArgs(name, options, fn);
    if (overrides) args.options = { ...args.options, ...overrides };
    const parent = h.current();
    const sub = parent.createSubtest(Factory, args, callerLocation(test));
    if (parent !== h.root) return parent.isSuite ? Promise.resolve() : sub.start();
    // Top-level tests start once the file has been read, one at a time.
    return Promise.resolve().then(() => {
      h.bootstrapComplete = true;
      return sub.start();
    });
  };
}

function hook(kind) {
  return function hookFn(fn, options) {
    const h = getHarness();
    h.current().addHook(kind, fn, options);
  };
}

module.exports = { getHarness, makeTest, hook, kChildContext, reporterName, optionValue };
