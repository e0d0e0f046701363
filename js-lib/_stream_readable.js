'use strict';
// Legacy alias of stream.Readable.
module.exports = require('stream').Readable;
