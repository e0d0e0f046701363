'use strict';
// node:test/reporters: the built-in reporters by name. Each is an object
// with begin(), event(type, data) and summary(summary, duration_ms)
// returning text (internal/test_runner/reporters), not Node's stream
// transforms.

const { reporters } = require('internal/test_runner/reporters');

module.exports = {
  get tap() { return reporters.tap; },
  get spec() { return reporters.spec; },
  get dot() { return reporters.dot; },
};
