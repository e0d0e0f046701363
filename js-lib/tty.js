'use strict';
// tty: isatty, and the stream classes' names for instanceof-free checks.
const binding = internalBinding('process');

function isatty(fd) {
  return Number.isInteger(fd) && fd >= 0 && fd <= 2147483647 && binding.isatty(fd);
}

class ReadStream {}
class WriteStream {}

module.exports = { isatty, ReadStream, WriteStream };
