// util.format's %d, %i, %f and %s group digits when inspect's default
// numericSeparator is on or formatWithOptions asks for it.
'use strict';
const util = require('util');

console.log(util.format('%d %i %f %s %d', 1234567, 1234567.5, 1234567.25, 1234567, 12345n));
util.inspect.defaultOptions.numericSeparator = true;
console.log(util.format('%d %i %f %s %s', 1234567, 1234567.5, 1234567.25, 1234567, 12345n));
console.log(util.formatWithOptions({ numericSeparator: false }, '%d', 1234567));
util.inspect.defaultOptions.numericSeparator = false;
console.log(util.formatWithOptions({ numericSeparator: true }, '%d %f', -1234567, 0.000001));
