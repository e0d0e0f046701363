// assert.CallTracker (calls, getCalls, report, verify, reset, argument
// checks), assert.fail and a tracked function while Object.prototype has a
// `get`, and os functions as primitives.
'use strict';
const assert = require('assert');
const os = require('os');

function show(label, fn) {
  try {
    console.log(label, 'ok', fn());
  } catch (e) {
    console.log(label, e.name, e.code, e.message);
  }
}

const tracker = new assert.CallTracker();
function add(a, b, c = 3) { return a + b + c; }
add.extra = 'x';
const tracked = tracker.calls(add, 2);
console.log('length', tracked.length, 'name', tracked.name, 'extra', tracked.extra);
console.log('call', tracked.call('self', 1, 2));
show('report', () => tracker.report().map(({ message, actual, expected, operator }) =>
  ({ message, actual, expected, operator })));
show('verify one', () => tracker.verify());
tracked(4, 5, 6);
show('verify done', () => tracker.verify());
console.log('getCalls', tracker.getCalls(tracked));
console.log('frozen', Object.isFrozen(tracker.getCalls(tracked)), Object.isFrozen(tracker.getCalls(tracked)[0]),
  Object.isFrozen(tracker.getCalls(tracked)[0].arguments));
tracker.calls(3);
tracker.calls(undefined, 1);
show('verify two', () => tracker.verify());
tracker.reset(tracked);
console.log('after reset', tracker.getCalls(tracked).length);
show('getCalls untracked', () => tracker.getCalls(add));
for (const exact of ['1', 0, 0.5, null]) show(`calls(add, ${exact})`, () => tracker.calls(add, exact));

Object.prototype.get = () => { throw new Error('Object.prototype.get used'); };
show('fail', () => assert.fail('boom'));
show('tracked property', () => tracker.calls(add).extra);
delete Object.prototype.get;

console.log('os primitives', typeof +os.availableParallelism, +os.availableParallelism > 0,
  `${os.endianness}` === os.endianness());
