'use strict';
// Legacy alias of stream.Writable.
module.exports = require('stream').Writable;
