'use strict';
// readline/promises: the Interface whose question() returns a promise, and
// Readline (cursor moves buffered until commit()).

const readline = require('readline');

class Interface extends readline.Interface {
  question(query, options = {}) {
    return new Promise((resolve, reject) => {
      if (this.closed) {
        const e = new Error('readline was closed');
        e.code = 'ERR_USE_AFTER_CLOSE';
        reject(e);
        return;
      }
      const signal = options && options.signal;
      if (signal) {
        if (signal.aborted) {
          const { AbortError } = require('internal/abort_controller');
          reject(new AbortError(undefined, { cause: signal.reason }));
          return;
        }
        signal.addEventListener('abort', () => {
          const { AbortError } = require('internal/abort_controller');
          this._questionCallback = null;
          reject(new AbortError(undefined, { cause: signal.reason }));
        }, { once: true });
      }
      super.question(query, resolve);
    });
  }
}

function createInterface(input, output, completer, terminal) {
  return new Interface(input, output, completer, terminal);
}

class Readline {
  constructor(stream, options = undefined) {
    this._stream = stream;
    this._autoCommit = !!(options && options.autoCommit);
    this._todo = [];
  }
  _add(data) {
    if (this._autoCommit) process.nextTick(() => this._stream.write(data));
    else this._todo.push(data);
    return this;
  }
  cursorTo(x, y) {
    return this._add(typeof y === 'number' ? `\x1b[${y + 1};${x + 1}H` : `\x1b[${x + 1}G`);
  }
  moveCursor(dx, dy) {
    let data = '';
    if (dx < 0) data += `\x1b[${-dx}D`;
    else if (dx > 0) data += `\x1b[${dx}C`;
    if (dy < 0) data += `\x1b[${-dy}A`;
    else if (dy > 0) data += `\x1b[${dy}B`;
    return data ? this._add(data) : this;
  }
  clearLine(dir) {
    return this._add(dir < 0 ? '\x1b[1K' : dir > 0 ? '\x1b[0K' : '\x1b[2K');
  }
  clearScreenDown() {
    return this._add('\x1b[0J');
  }
  commit() {
    const data = this._todo.join('');
    this._todo = [];
    return new Promise((resolve) => this._stream.write(data, resolve));
  }
  rollback() {
    this._todo = [];
    return this;
  }
}

module.exports = { Interface, Readline, createInterface };
