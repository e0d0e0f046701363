'use strict';
// The tests of node:test: Test (test(), it(), t.test()), Suite (describe())
// and the TestContext handed to test functions. A test runs its function,
// its hooks and its subtests, then reports itself through its root's
// reporter once every earlier sibling has reported, so that the output keeps
// the declaration order whatever the timing. The reporter receives Node's
// events (test:start, test:pass, test:fail, test:plan, test:diagnostic).

const { makeError, validateFunction, validateObject, validateNumber } = require('internal/errors');

const kCancelledByParent = 'cancelledByParent';
const kTestCodeFailure = 'testCodeFailure';
const kHookFailure = 'hookFailed';
const kSubtestsFailed = 'subtestsFailed';
const kTestTimeoutFailure = 'testTimeoutFailure';
const kParentAlreadyFinished = 'parentAlreadyFinished';
// Failures whose report shows the user's error (message, code, stack).
const kUnwrapErrors = new Set([kTestCodeFailure, kHookFailure, 'uncaughtException', 'unhandledRejection']);

function testFailure(message, failureType, cause) {
  const err = makeError(Error, 'ERR_TEST_FAILURE', message);
  err.failureType = failureType;
  if (cause !== undefined) {
    Object.defineProperty(err, 'cause', { value: cause, enumerable: true, configurable: true, writable: true });
  }
  return err;
}

function wrapUserError(err, failureType) {
  if (err && err.code === 'ERR_TEST_FAILURE' && err.failureType) return err;
  const message = err !== null && typeof err === 'object' && typeof err.message === 'string' ?
    err.message : String(err);
  return testFailure(message, failureType, err);
}

const now = () => process.hrtime.bigint();
const elapsed = (from, to) => Number(to - from) / 1e6;

// "file:line:column" of the caller of `fn` (the user's test()/it() call).
function callerLocation(fn) {
  const holder = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 1;
  Error.captureStackTrace(holder, fn);
  Error.stackTraceLimit = limit;
  const line = String(holder.stack).split('\n')[1] || '';
  const m = /\(?((?:file:\/\/)?[^()\s][^()]*):(\d+):(\d+)\)?$/.exec(line.trim());
  if (!m) return { file: undefined, line: undefined, column: undefined };
  let file = m[1];
  if (file.startsWith('at ')) file = file.slice(3);
  if (file.startsWith('file://')) file = decodeURIComponent(file.slice(7));
  return { file, line: Number(m[2]), column: Number(m[3]) };
}

// test(name, options, fn) with each of them optional.
function parseArgs(name, options, fn) {
  if (typeof name === 'function') {
    fn = name;
    name = fn.name;
    options = {};
  } else if (name !== null && typeof name === 'object') {
    fn = options;
    options = name;
    name = typeof fn === 'function' ? fn.name : undefined;
  } else if (typeof options === 'function') {
    fn = options;
    options = {};
  }
  if (options === undefined || options === null) options = {};
  validateObject(options, 'options');
  if (name === undefined || name === '') name = '<anonymous>';
  return { name: String(name), options, fn };
}

class TestContext {
  #test;
  constructor(test) { this.#test = test; }
  get name() { return this.#test.name; }
  get signal() { return this.#test.signal; }
  get mock() { return this.#test.getMock(); }
  // assert's functions, each call counted for t.plan().
  get assert() {
    const test = this.#test;
    if (!test.assertObject) {
      const assert = require('assert');
      const out = {};
      for (const k of Object.keys(assert)) {
        const fn = assert[k];
        if (typeof fn !== 'function' || k === 'AssertionError' || k === 'CallTracker' || k === 'strict') continue;
        out[k] = function countedAssert(...args) {
          test.assertions++;
          return Reflect.apply(fn, this, args);
        };
      }
      test.assertObject = out;
    }
    return test.assertObject;
  }
  diagnostic(message) { this.#test.diagnostics.push(String(message)); }
  skip(message) { this.#test.markSkip(message); }
  todo(message) { this.#test.markTodo(message); }
  runOnly(value) {
    this.#test.runOnlySubtests = !!value;
    if (value && !this.#test.harness.only) {
      this.diagnostic("'only' and 'runOnly' require the --test-only command-line option.");
    }
  }
  plan(count) {
    validateNumber(count, 'count');
    this.#test.planCount = count;
  }
  before(fn, options) { this.#test.addHook('before', fn, options); }
  after(fn, options) { this.#test.addHook('after', fn, options); }
  beforeEach(fn, options) { this.#test.addHook('beforeEach', fn, options); }
  afterEach(fn, options) { this.#test.addHook('afterEach', fn, options); }
  test(name, options, fn) {
    const args = parseArgs(name, options, fn);
    const sub = this.#test.createSubtest(Test, args, callerLocation(this.test));
    return sub.start();
  }
}

class SuiteContext {
  #suite;
  constructor(suite) { this.#suite = suite; }
  get name() { return this.#suite.name; }
  get signal() { return this.#suite.signal; }
}

class Test {
  constructor({ name, options, fn, parent, loc, harness }) {
    this.name = name;
    this.fn = fn;
    this.parent = parent;
    this.harness = parent ? parent.harness : harness;
    this.nesting = parent ? parent.nesting + 1 : -1;
    this.loc = loc || {};
    this.subtests = [];
    this.reportedCount = 0;
    this.diagnostics = [];
    this.hooks = { before: [], after: [], beforeEach: [], afterEach: [] };
    this.beforeRan = false;
    this.pending = [];
    this.running = 0;
    this.started = false;
    this.finished = false;
    this.reported = false;
    this.startReported = false;
    this.error = null;
    this.passed = false;
    this.planCount = undefined;
    this.assertions = 0;
    const { skip, todo, only, timeout, concurrency, signal } = options || {};
    this.skipped = skip !== undefined && skip !== false;
    this.skipMessage = typeof skip === 'string' ? skip : undefined;
    this.isTodo = todo !== undefined && todo !== false;
    this.todoMessage = typeof todo === 'string' ? todo : undefined;
    this.only = !!only;
    if (this.only && this.harness && !this.harness.only) {
      this.diagnostics.push("'only' and 'runOnly' require the --test-only command-line option.");
    }
    if (timeout !== undefined && timeout !== Infinity) validateNumber(timeout, 'options.timeout', 0);
    this.timeout = timeout === undefined ? (parent ? parent.timeout : Infinity) : timeout;
    this.concurrency = 1;
    if (concurrency === true) this.concurrency = Infinity;
    else if (typeof concurrency === 'number' && concurrency > 0) this.concurrency = concurrency;
    this.runOnlySubtests = parent ? parent.runOnlySubtests : false;
    this.applyFilters();
    this.controller = new AbortController();
    this.signal = this.controller.signal;
    if (signal) {
      if (signal.aborted) this.controller.abort(signal.reason);
      else signal.addEventListener('abort', () => this.controller.abort(signal.reason), { once: true });
    }
    this.mockTracker = null;
    this.ctx = null;
  }

  // --test-only, t.runOnly() and --test-name-pattern skip tests, with Node's reasons.
  applyFilters() {
    const h = this.harness;
    if (!h || this.skipped) return;
    // --test-only: top-level tests and suites without `only`.
    const onlyTopLevel = h.only && this.nesting === 0;
    const onlyInParent = this.parent && this.parent.runOnlySubtests && this.nesting > 0;
    if ((onlyTopLevel || onlyInParent) && !this.only) {
      this.skipped = true;
      this.skipMessage = "'only' option not set";
    } else if (h.namePatterns && !this.isSuite && !this.matchesPattern()) {
      this.skipped = true;
      this.skipMessage = 'test name does not match pattern';
    }
  }

  // A test runs when its name, or the name of a test it is a subtest of, matches.
  matchesPattern() {
    for (let t = this; t && t.nesting >= 0; t = t.parent) {
      if (t !== this && t.isSuite) continue;
      if (this.harness.namePatterns.some((re) => re.test(t.name))) return true;
    }
    return false;
  }

  get isSuite() { return false; }

  getMock() {
    if (!this.mockTracker) {
      const { MockTracker } = require('internal/test_runner/mock');
      this.mockTracker = new MockTracker();
    }
    return this.mockTracker;
  }

  context() {
    if (!this.ctx) this.ctx = new TestContext(this);
    return this.ctx;
  }

  markSkip(message) {
    this.skipped = true;
    this.skipMessage = message;
  }

  markTodo(message) {
    this.isTodo = true;
    this.todoMessage = message;
  }

  addHook(name, fn, options) {
    validateFunction(fn, 'fn');
    this.hooks[name].push({ fn, timeout: options && options.timeout, loc: callerLocation(this.addHook) });
  }

  createSubtest(Factory, { name, options, fn }, loc) {
    const sub = new Factory({ name, options, fn, parent: this, loc });
    if (this.finished) {
      sub.preFailed = testFailure('test could not be started because its parent finished',
                                  kParentAlreadyFinished);
    }
    sub.testNumber = this.subtests.length + 1;
    this.subtests.push(sub);
    return sub;
  }

  // Resolves when the test has finished (not necessarily reported).
  start() {
    if (!this.startPromise) {
      this.startPromise = new Promise((resolve) => { this.resolveStart = resolve; });
      const parent = this.parent;
      if (parent.running >= parent.concurrency) parent.pending.push(this);
      else this.launch();
    }
    return this.startPromise.then(() => undefined);
  }

  launch() {
    this.parent.running++;
    this.started = true;
    this.harness.active.add(this);
    this.run().then(() => this.afterRun(), (err) => {
      this.fail(err, kTestCodeFailure);
      this.afterRun();
    });
  }

  afterRun() {
    const parent = this.parent;
    parent.running--;
    this.finish();
    while (parent.pending.length > 0 && parent.running < parent.concurrency) {
      parent.pending.shift().launch();
    }
  }

  finish() {
    if (this.finished) return;
    this.finished = true;
    this.harness.active.delete(this);
    if (this.endTime === undefined) this.endTime = now();
    if (this.mockTracker) this.mockTracker.restoreAll();
    // t.signal tells what the test started that the test is over.
    if (!this.signal.aborted) this.controller.abort();
    // Subtests still queued or running when their parent is done are cancelled.
    for (const sub of this.subtests) {
      if (!sub.finished) {
        sub.cancel(testFailure('test did not finish before its parent and was cancelled',
                               kCancelledByParent));
      }
    }
    if (this.resolveStart) this.resolveStart();
    this.parent.reportReady();
  }

  cancel(err) {
    if (this.finished) return;
    if (!this.error) this.error = err;
    this.passed = false;
    if (this.startTime === undefined) this.startTime = this.endTime = now();
    const idx = this.parent.pending.indexOf(this);
    if (idx !== -1) this.parent.pending.splice(idx, 1);
    this.controller.abort(err);
    this.finish();
  }

  fail(err, failureType) {
    if (this.error) return;
    this.error = wrapUserError(err, failureType);
    this.passed = false;
  }

  // Hooks of the ancestors, outermost first (beforeEach) or innermost first
  // (afterEach), run with this test's context.
  async runEachHooks(kind) {
    const chain = [];
    for (let t = this.parent; t; t = t.parent) chain.push(t);
    if (kind === 'beforeEach') chain.reverse();
    for (const t of chain) await t.runHooks(kind, this.context());
  }

  async runHooks(kind, ctx) {
    for (const hook of this.hooks[kind]) {
      try {
        await runWithTimeout(() => callUserFn(hook.fn, ctx, [ctx]), hook.timeout, this.signal);
      } catch (err) {
        throw wrapUserError(err, kHookFailure);
      }
    }
  }

  async runParentBefore() {
    const parent = this.parent;
    if (parent.hooks.before.length > 0 && !parent.beforeRan) {
      parent.beforeRan = true;
      await parent.runHooks('before', parent.context());
    }
  }

  hasEachHooks(kind) {
    for (let t = this.parent; t; t = t.parent) if (t.hooks[kind].length > 0) return true;
    return false;
  }

  // Awaits only what is asynchronous, so that a synchronous subtest runs to
  // its end inside t.test() as in Node.
  async run() {
    this.startTime = now();
    if (this.preFailed) {
      this.error = this.preFailed;
      return;
    }
    if (this.skipped) {
      this.passed = true;
      return;
    }
    const ctx = this.context();
    try {
      if (this.parent.hooks.before.length > 0 && !this.parent.beforeRan) await this.runParentBefore();
      if (this.hasEachHooks('beforeEach')) await this.runEachHooks('beforeEach');
      const ret = runWithTimeout(() => this.runFn(ctx), this.timeout, this.signal);
      if (ret) await ret;
      this.endTime = now();
      if (this.planCount !== undefined && this.planCount !== this.subtests.length + this.assertions) {
        throw testFailure(`plan expected ${this.planCount} assertions but received ` +
          `${this.subtests.length + this.assertions}`, kTestCodeFailure);
      }
    } catch (err) {
      this.endTime = now();
      this.fail(err, err && err.failureType === kTestTimeoutFailure ? kTestTimeoutFailure : kTestCodeFailure);
    }
    try {
      if (!this.skipped && this.hasEachHooks('afterEach')) await this.runEachHooks('afterEach');
      if (this.hooks.after.length > 0) await this.runHooks('after', ctx);
    } catch (err) {
      this.fail(err, kHookFailure);
    }
    this.settle();
  }

  settle() {
    const failed = this.subtests.filter((s) => !s.passed && !s.isTodo).length;
    if (!this.error && failed > 0) {
      this.error = testFailure(`${failed} subtest${failed > 1 ? 's' : ''} failed`, kSubtestsFailed);
    }
    this.passed = !this.error;
  }

  runFn(ctx) {
    const fn = this.fn;
    if (typeof fn !== 'function') return undefined;
    return this.harness.storage.run(this, () => this.callFn(fn, ctx));
  }

  callFn(fn, ctx) {
    if (fn.length >= 2) {
      // Callback style: (t, done).
      return new Promise((resolve, reject) => {
        let called = false;
        const done = (err) => {
          if (called) return;
          called = true;
          if (err) reject(err);
          else resolve();
        };
        const ret = callUserFn(fn, ctx, [ctx, done]);
        if (ret && typeof ret.then === 'function') {
          ret.then(null, reject);
          reject(testFailure('passed a callback but also returned a Promise', kTestCodeFailure));
        }
      });
    }
    return callUserFn(fn, ctx, [ctx]);
  }

  // Whether every subtest before `this` has reported.
  reportReady() {
    const subs = this.subtests;
    while (this.reportedCount < subs.length && subs[this.reportedCount].finished) {
      subs[this.reportedCount].report();
      this.reportedCount++;
    }
    if (this.nesting < 0) this.harness.maybeDone();
  }

  reportStarted() {
    if (this.startReported || this.nesting < 0) return;
    this.startReported = true;
    this.parent.reportStarted();
    this.harness.emit('test:start', this.eventData());
  }

  eventData() {
    return { name: this.name, nesting: this.nesting, file: this.loc.file, line: this.loc.line,
      column: this.loc.column, testNumber: this.testNumber };
  }

  report() {
    if (this.reported) return;
    this.reported = true;
    this.reportStarted();
    if (this.subtests.length > 0) {
      this.harness.emit('test:plan', { nesting: this.nesting + 1, count: this.subtests.length,
        file: this.loc.file });
    }
    const data = this.eventData();
    const end = this.endTime || now();
    data.details = { duration_ms: Math.max(0, elapsed(this.startTime || end, end)) };
    if (this.isSuite) data.details.type = 'suite';
    if (this.skipped) data.skip = this.skipMessage === undefined ? true : this.skipMessage;
    if (this.isTodo) data.todo = this.todoMessage === undefined ? true : this.todoMessage;
    if (this.passed) {
      this.harness.emit('test:pass', data);
    } else {
      data.details.error = this.error;
      this.harness.emit('test:fail', data);
    }
    for (const message of this.diagnostics) {
      this.harness.emit('test:diagnostic', { nesting: this.nesting, message, file: this.loc.file });
    }
  }
}

class Suite extends Test {
  constructor(args) {
    super(args);
    this.buildPromise = null;
    if (this.preBuildSkip()) return;
    // The suite's function runs in its async context: it() and hooks called
    // there, even after an await, belong to it.
    try {
      const ctx = new SuiteContext(this);
      const ret = typeof this.fn === 'function' ?
        this.harness.storage.run(this, () => callUserFn(this.fn, ctx, [ctx])) : undefined;
      if (ret && typeof ret.then === 'function') {
        this.buildPromise = Promise.resolve(ret).then(null, (err) => {
          this.fail(err, kTestCodeFailure);
        });
      }
    } catch (err) {
      this.fail(err, kTestCodeFailure);
    }
  }

  // A skipped suite's function never runs (nor do its tests exist).
  preBuildSkip() { return this.skipped; }

  get isSuite() { return true; }

  async run() {
    this.startTime = now();
    if (this.buildPromise) await this.buildPromise;
    if (this.error) {
      for (const sub of this.subtests) {
        sub.cancel(testFailure('test did not finish before its parent and was cancelled', kCancelledByParent));
      }
    }
    try {
      await this.runParentBefore();
      if (!this.error && !this.skipped && this.subtests.some((s) => !s.skipped)) {
        await this.runHooks('before', this.context());
        this.beforeRan = true;
      }
      await Promise.all(this.subtests.map((s) => s.start()));
      if (!this.error && !this.skipped && this.beforeRan) await this.runHooks('after', this.context());
    } catch (err) {
      this.fail(err, kHookFailure);
    }
    this.endTime = now();
    this.settle();
    if (this.skipped && !this.error) this.passed = true;
  }
}

function callUserFn(fn, thisArg, args) {
  return fn.apply(thisArg, args);
}

// Runs fn() (which may return a promise) and rejects after `ms`, or when
// `signal` aborts.
function runWithTimeout(fn, ms, signal) {
  const result = fn();
  if (!result || typeof result.then !== 'function') return undefined;
  if ((ms === undefined || ms === Infinity) && !signal) return result;
  return new Promise((resolve, reject) => {
    let timer;
    const onAbort = () => reject(signal.reason);
    if (ms !== undefined && ms !== Infinity) {
      // Unref'd as in Node: a test waiting on nothing is cancelled when the loop ends.
      timer = setTimeout(() => reject(testFailure(`test timed out after ${ms}ms`, kTestTimeoutFailure)), ms);
      timer.unref();
    }
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
    const cleanup = () => {
      clearTimeout(timer);
      if (signal) signal.removeEventListener('abort', onAbort);
    };
    Promise.resolve(result).then((v) => { cleanup(); resolve(v); }, (e) => { cleanup(); reject(e); });
  });
}

module.exports = {
  Test, Suite, TestContext, parseArgs, callerLocation, testFailure, kUnwrapErrors,
  kCancelledByParent, kTestCodeFailure,
};
