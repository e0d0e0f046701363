'use strict';
// Legacy alias of stream.PassThrough.
module.exports = require('stream').PassThrough;
