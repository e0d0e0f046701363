'use strict';
// readline: line-by-line reading of a stream (createInterface, 'line' and
// 'close' events, async iteration, question, prompt) and the ANSI cursor
// helpers. In terminal mode the input is decoded into keys
// (internal/readline/keys) and edited by internal/readline/terminal (cursor,
// words, history); there is no tab completion.

const EventEmitter = require('events');
const { ttyWrite, cursorPos } = require('internal/readline/terminal');
const { codes: { ERR_INVALID_ARG_VALUE }, validateFunction } = require('internal/errors');

const lineEnding = /\r?\n|\r(?!\n)/g;
// Lines the async iterator holds before it pauses the input (as Node).
const kHighWatermark = 1024;

function useAfterClose() {
  const e = new Error('readline was closed');
  e.code = 'ERR_USE_AFTER_CLOSE';
  return e;
}

class Interface extends EventEmitter {
  constructor(input, output, completer, terminal) {
    super();
    const options = input && typeof input === 'object' && 'input' in input ? input :
      { input, output, completer, terminal };
    if (options.input === undefined) {
      const { codes } = require('internal/errors');
      throw new codes.ERR_INVALID_ARG_TYPE('input', 'object', options.input);
    }
    let crlfDelay = options.crlfDelay === undefined ? 100 : +options.crlfDelay;
    if (!(crlfDelay >= 100)) crlfDelay = 100;
    this.crlfDelay = crlfDelay;
    this.input = options.input;
    this.output = options.output;
    this.terminal = options.terminal === undefined ? !!(this.output && this.output.isTTY) : !!options.terminal;
    this.escapeCodeTimeout = DEFAULT_ESCAPE_CODE_TIMEOUT;
    // A completer of one parameter returns [completions, substring]; one of
    // two gets a callback.
    const givenCompleter = options.completer;
    if (givenCompleter !== undefined && typeof givenCompleter !== 'function') {
      throw new ERR_INVALID_ARG_VALUE('completer', givenCompleter);
    }
    this.completer = givenCompleter === undefined || givenCompleter.length === 2 ? givenCompleter :
      (line, cb) => cb(null, givenCompleter(line));
    if (options.escapeCodeTimeout !== undefined) {
      if (!Number.isFinite(options.escapeCodeTimeout)) {
        throw new ERR_INVALID_ARG_VALUE('input.escapeCodeTimeout', this.escapeCodeTimeout);
      }
      this.escapeCodeTimeout = options.escapeCodeTimeout;
    }
    this.line = '';
    this.cursor = 0;
    this.history = [];
    this.historySize = options.historySize === undefined ? 30 : options.historySize;
    this.closed = false;
    this.paused = false;
    this._prompt = options.prompt === undefined ? '> ' : `${options.prompt}`;
    this._questionCallback = null;
    this._buffer = '';
    this._sawReturnAt = 0;
    this._decoder = null;
    this._lineQueue = null;
    if (options.signal) {
      const signal = options.signal;
      if (signal.aborted) process.nextTick(() => this.close());
      else {
        const onAbort = () => this.close();
        signal.addEventListener('abort', onAbort, { once: true });
        this.once('close', () => signal.removeEventListener('abort', onAbort));
      }
    }
    this._ondata = (data) => this._normalWrite(data);
    this._onend = () => {
      if (this.terminal && this.line.length > 0) {
        const rest = this.line;
        this.line = '';
        this.cursor = 0;
        this._onLine(rest);
      } else if (this._buffer.length > 0) {
        const rest = this._buffer;
        this._buffer = '';
        this._onLine(rest);
      }
      this.close();
    };
    this._onerror = (err) => this.emit('error', err);
    this.input.on('end', this._onend);
    this.input.on('error', this._onerror);
    if (this.terminal) {
      // Keys, not text: internal/readline/terminal edits the line.
      this.historyIndex = -1;
      this.removeHistoryDuplicates = !!options.removeHistoryDuplicates;
      this._onkeypress = (s, key) => ttyWrite(this, s, key);
      emitKeypressEvents(this.input, this);
      this.input.on('keypress', this._onkeypress);
      this._setRawMode(true);
    } else {
      this.input.on('data', this._ondata);
    }
    this.once('close', () => {
      if (this.terminal) {
        this.input.removeListener('keypress', this._onkeypress);
        this._setRawMode(false);
      } else {
        this.input.removeListener('data', this._ondata);
      }
      this.input.removeListener('end', this._onend);
      this.input.removeListener('error', this._onerror);
    });
    if (typeof this.input.resume === 'function') this.input.resume();
  }

  getPrompt() {
    return this._prompt;
  }

  _setRawMode(mode) {
    if (typeof this.input.setRawMode === 'function') return this.input.setRawMode(mode);
    return undefined;
  }

  setPrompt(prompt) {
    this._prompt = `${prompt}`;
  }

  prompt(preserveCursor) {
    if (this.paused) this.resume();
    if (this.closed) throw useAfterClose();
    if (this.output && typeof this.output.write === 'function') this.output.write(this._prompt);
  }

  question(query, options, cb) {
    if (typeof options === 'function') {
      cb = options;
      options = {};
    }
    options = options || {};
    if (this.closed) throw useAfterClose();
    if (options.signal) {
      if (options.signal.aborted) return;
      options.signal.addEventListener('abort', () => {
        this._questionCallback = null;
      }, { once: true });
    }
    if (typeof cb !== 'function') return;
    if (this._questionCallback) {
      this.prompt();
      return;
    }
    this._oldPrompt = this._prompt;
    this.setPrompt(query);
    this._questionCallback = cb;
    this.prompt();
  }

  _onLine(line) {
    if (this._questionCallback) {
      const cb = this._questionCallback;
      this._questionCallback = null;
      this.setPrompt(this._oldPrompt);
      cb(line);
    } else {
      this.emit('line', line);
    }
  }

  _normalWrite(data) {
    if (data === undefined) return;
    let string;
    if (typeof data === 'string') {
      string = data;
    } else {
      if (!this._decoder) {
        const { StringDecoder } = require('string_decoder');
        this._decoder = new StringDecoder('utf8');
      }
      string = this._decoder.write(data);
    }
    if (this._sawReturnAt && Date.now() - this._sawReturnAt <= this.crlfDelay) {
      if (string.codePointAt(0) === 10) string = string.slice(1);
      this._sawReturnAt = 0;
    }
    const newPartContainsEnding = /\r?\n|\r(?!\n)/.test(string) || (string.length > 0 && string[string.length - 1] === '\r');
    if (newPartContainsEnding) {
      this._sawReturnAt = string.endsWith('\r') ? Date.now() : 0;
      string = this._buffer + string;
      this._buffer = '';
      const parts = [];
      let last = 0;
      lineEnding.lastIndex = 0;
      let m;
      while ((m = lineEnding.exec(string)) !== null) {
        parts.push(string.slice(last, m.index));
        last = m.index + m[0].length;
      }
      let rest = string.slice(last);
      // A trailing lone '\r' ends a line (its '\n' may follow in the next chunk).
      if (rest.endsWith('\r')) {
        parts.push(rest.slice(0, -1));
        rest = '';
      }
      this._buffer = rest;
      for (const line of parts) {
        if (this.closed) break;
        this._onLine(line);
      }
    } else if (string) {
      this._buffer += string;
    }
  }

  write(data, key) {
    if (this.closed) throw useAfterClose();
    if (this.paused) this.resume();
    if (this.terminal) ttyWrite(this, data, key);
    else if (typeof data === 'string' || (data && typeof data.length === 'number')) this._normalWrite(data);
  }

  pause() {
    if (this.paused) return this;
    if (typeof this.input.pause === 'function') this.input.pause();
    this.paused = true;
    this.emit('pause');
    return this;
  }

  resume() {
    if (!this.paused) return this;
    if (typeof this.input.resume === 'function') this.input.resume();
    this.paused = false;
    this.emit('resume');
    return this;
  }

  close() {
    if (this.closed) return;
    this.pause();
    this.closed = true;
    this.emit('close');
  }

  getCursorPos() {
    return cursorPos(this);
  }

  [Symbol.asyncIterator]() {
    if (this._lineQueue) return this._lineQueue;
    const queue = [];
    const waiting = [];
    let done = this.closed;
    let error = null;
    const finish = () => {
      done = true;
      while (waiting.length) waiting.shift().resolve({ value: undefined, done: true });
    };
    const onLine = (line) => {
      if (waiting.length) waiting.shift().resolve({ value: line, done: false });
      else {
        queue.push(line);
        if (queue.length > kHighWatermark && !this.paused) this.pause();
      }
    };
    this.on('line', onLine);
    this.once('close', () => {
      this.removeListener('line', onLine);
      finish();
    });
    const onError = (err) => {
      error = err;
      while (waiting.length) waiting.shift().reject(err);
    };
    // (the Interface re-emits its input's errors)
    this.on('error', onError);
    const self = this;
    this._lineQueue = {
      next() {
        if (queue.length) {
          const value = queue.shift();
          if (queue.length === 0 && self.paused && !self.closed) self.resume();
          return Promise.resolve({ value, done: false });
        }
        if (error) {
          const e = error;
          error = null;
          return Promise.reject(e);
        }
        if (done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
      },
      return() {
        self.close();
        finish();
        return Promise.resolve({ value: undefined, done: true });
      },
      throw(err) {
        self.close();
        return Promise.reject(err);
      },
      [Symbol.asyncIterator]() {
        return this;
      },
      // Node's events.on() iterator reports its buffer this way.
      [Symbol.for('nodejs.watermarkData')]: {
        get high() { return kHighWatermark; },
        get low() { return 1; },
        get size() { return queue.length; },
        get isPaused() { return self.paused; },
      },
    };
    return this._lineQueue;
  }
}

function createInterface(input, output, completer, terminal) {
  return new Interface(input, output, completer, terminal);
}

// --- ANSI cursor helpers ----------------------------------------------------

const CSI = '\x1b[';

function writeTo(stream, data, callback) {
  if (stream == null) {
    if (typeof callback === 'function') process.nextTick(callback, null);
    return true;
  }
  return stream.write(data, callback);
}

function cursorTo(stream, x, y, callback) {
  if (callback !== undefined) validateFunction(callback, 'callback');
  if (typeof y === 'function') {
    callback = y;
    y = undefined;
  }
  if (Number.isNaN(x)) throw new ERR_INVALID_ARG_VALUE('x', x);
  if (Number.isNaN(y)) throw new ERR_INVALID_ARG_VALUE('y', y);
  if (stream == null || (typeof x !== 'number' && typeof y !== 'number')) {
    if (typeof callback === 'function') process.nextTick(callback, null);
    return true;
  }
  if (typeof x !== 'number') throw new ERR_INVALID_ARG_VALUE('x', x);
  const data = typeof y !== 'number' ? `${CSI}${x + 1}G` : `${CSI}${y + 1};${x + 1}H`;
  return writeTo(stream, data, callback);
}

function moveCursor(stream, dx, dy, callback) {
  if (stream == null || !(dx || dy)) {
    if (typeof callback === 'function') process.nextTick(callback, null);
    return true;
  }
  let data = '';
  if (dx < 0) data += `${CSI}${-dx}D`;
  else if (dx > 0) data += `${CSI}${dx}C`;
  if (dy < 0) data += `${CSI}${-dy}A`;
  else if (dy > 0) data += `${CSI}${dy}B`;
  return writeTo(stream, data, callback);
}

function clearLine(stream, dir, callback) {
  const type = dir < 0 ? `${CSI}1K` : dir > 0 ? `${CSI}0K` : `${CSI}2K`;
  return writeTo(stream, type, callback);
}

function clearScreenDown(stream, callback) {
  return writeTo(stream, `${CSI}0J`, callback);
}

const { emitKeypressEvents, DEFAULT_ESCAPE_CODE_TIMEOUT } = require('internal/readline/keys');

module.exports = {
  Interface,
  createInterface,
  clearLine,
  clearScreenDown,
  cursorTo,
  moveCursor,
  emitKeypressEvents,
};
Object.defineProperty(module.exports, 'promises', {
  enumerable: true,
  configurable: true,
  get() {
    return require('readline/promises');
  },
});
