'use strict';
// constants: the deprecated flat merge of os.constants (dlopen, errno,
// priority, signals), fs.constants and crypto.constants, in Node's order.
const os = require('os').constants;
const fs = require('fs').constants;
const crypto = require('crypto').constants;

Object.assign(module.exports, os.dlopen, os.errno, os.priority, os.signals, fs, crypto);
Object.freeze(module.exports);
