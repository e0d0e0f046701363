'use strict';
// node:test/reporters: the built-in reporters as async generators over the
// { type, data } events of run() (`run({ files }).compose(tap)` or
// `for await (const text of tap(run({ files })))`).

const { asGenerator } = require('internal/test_runner/reporters');

module.exports = {
  tap: asGenerator('tap'),
  spec: asGenerator('spec'),
  dot: asGenerator('dot'),
};
