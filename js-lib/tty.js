'use strict';
// tty: isatty, and the stream classes (net.Socket subclasses, as Node's;
// process.stdin/stdout are not made of them here).
const binding = internalBinding('process');
const net = require('net');

function isatty(fd) {
  return Number.isInteger(fd) && fd >= 0 && fd <= 2147483647 && binding.isatty(fd);
}

class ReadStream extends net.Socket {}
class WriteStream extends net.Socket {}

module.exports = { isatty, ReadStream, WriteStream };
