'use strict';
// path/win32: the Windows flavour of `path`.
module.exports = require('path').win32;
