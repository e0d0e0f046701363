'use strict';
// node:test (only with the node: prefix): test(), describe()/it() (with
// .skip/.todo/.only), suite(), the before/after/beforeEach/afterEach hooks,
// mock and run(). See internal/test_runner/*.

const { Test, Suite } = require('internal/test_runner/test');
const { makeTest, hook } = require('internal/test_runner/harness');

function withVariants(Factory) {
  const fn = makeTest(Factory);
  fn.skip = makeTest(Factory, { skip: true });
  fn.todo = makeTest(Factory, { todo: true });
  fn.only = makeTest(Factory, { only: true });
  return fn;
}

const test = withVariants(Test);
const it = withVariants(Test);
const describe = withVariants(Suite);
const suite = withVariants(Suite);

let mock;
function getMock() {
  if (!mock) {
    const { MockTracker } = require('internal/test_runner/mock');
    mock = new MockTracker();
  }
  return mock;
}

function run(options) {
  return require('internal/test_runner/runner').run(options);
}

module.exports = test;
Object.assign(test, {
  after: hook('after'),
  afterEach: hook('afterEach'),
  before: hook('before'),
  beforeEach: hook('beforeEach'),
  describe,
  it,
  run,
  suite,
  test,
});
Object.defineProperty(test, 'mock', { get: getMock, enumerable: true, configurable: true });
