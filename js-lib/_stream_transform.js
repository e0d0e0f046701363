'use strict';
// Legacy alias of stream.Transform.
module.exports = require('stream').Transform;
