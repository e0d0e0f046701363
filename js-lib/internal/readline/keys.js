'use strict';
// internal/readline/keys: readline.emitKeypressEvents(). Terminal input is
// cut into keys — one code point, or an escape sequence (ESC x, ESC O x,
// ESC [ digits ; modifier x) — each emitted as a 'keypress' event with the
// key object Node gives: { sequence, name, ctrl, meta, shift } and, for
// escape sequences, `code`. An escape at the end of a chunk waits
// escapeCodeTimeout ms for the rest of its sequence before it counts alone.

const { StringDecoder } = require('string_decoder');

const ESC = '\x1b';
const DEFAULT_ESCAPE_CODE_TIMEOUT = 500;
const kDecoder = Symbol('shoal.readline.keypressDecoder');

// Names of the sequences after ESC (with their own modifier, if any).
const sequenceNames = {
  OP: 'f1', OQ: 'f2', OR: 'f3', OS: 'f4', '[P': 'f1', '[Q': 'f2', '[R': 'f3', '[S': 'f4',
  '[11~': 'f1', '[12~': 'f2', '[13~': 'f3', '[14~': 'f4',
  '[[A': 'f1', '[[B': 'f2', '[[C': 'f3', '[[D': 'f4', '[[E': 'f5',
  '[15~': 'f5', '[17~': 'f6', '[18~': 'f7', '[19~': 'f8', '[20~': 'f9', '[21~': 'f10',
  '[23~': 'f11', '[24~': 'f12',
  '[A': 'up', '[B': 'down', '[C': 'right', '[D': 'left', '[E': 'clear', '[F': 'end', '[H': 'home',
  OA: 'up', OB: 'down', OC: 'right', OD: 'left', OE: 'clear', OF: 'end', OH: 'home',
  '[1~': 'home', '[2~': 'insert', '[3~': 'delete', '[4~': 'end', '[5~': 'pageup', '[6~': 'pagedown',
  '[[5~': 'pageup', '[[6~': 'pagedown', '[7~': 'home', '[8~': 'end',
};
const shiftedNames = {
  '[a': 'up', '[b': 'down', '[c': 'right', '[d': 'left', '[e': 'clear',
  '[2$': 'insert', '[3$': 'delete', '[5$': 'pageup', '[6$': 'pagedown', '[7$': 'home', '[8$': 'end',
  '[Z': 'tab',
};
const ctrlNames = {
  Oa: 'up', Ob: 'down', Oc: 'right', Od: 'left', Oe: 'clear',
  '[2^': 'insert', '[3^': 'delete', '[5^': 'pageup', '[6^': 'pagedown', '[7^': 'home', '[8^': 'end',
};

const isDigit = (c) => c >= '0' && c <= '9';

// Reads the escape sequence body starting at buf[i] ('O' or '['). Returns
// { end, code, modifier }, or null when buf ends first. With `final`, the
// end of buf reads as an empty character, which completes any sequence.
function readSequence(buf, i, final) {
  let j = i;
  let short = false;
  const at = (k) => {
    if (k < buf.length) return buf[k];
    if (!final) throw kIncomplete;
    short = true;
    return '';
  };
  try {
    if (buf[j] === 'O') {
      let c = at(++j);
      let modifier = 0;
      if (isDigit(c)) {
        modifier = Number(c) - 1;
        c = at(++j);
      }
      return { end: short ? buf.length : j + 1, code: `O${c}`, modifier };
    }
    let code = '[';
    let c = at(++j);
    if (c === '[') {
      code += c;
      c = at(++j);
    }
    const cmdStart = j;
    if (isDigit(c)) {
      c = at(++j);
      if (isDigit(c)) c = at(++j);
    }
    if (c === ';') {
      c = at(++j);
      if (isDigit(c)) at(++j);
    }
    const end = short ? buf.length : j + 1;
    const cmd = buf.slice(cmdStart, end);
    let m;
    if ((m = /^(\d\d?)(;(\d))?([~^$])$/.exec(cmd))) {
      return { end, code: code + m[1] + m[4], modifier: (m[3] || 1) - 1 };
    }
    if ((m = /^((\d;)?(\d))?([A-Za-z])$/.exec(cmd))) {
      return { end, code: code + m[4], modifier: (m[3] || 1) - 1 };
    }
    return { end, code: code + cmd, modifier: 0 };
  } catch (e) {
    if (e === kIncomplete) return null;
    throw e;
  }
}
const kIncomplete = Symbol('incomplete');

function escapeKey(key, { code, modifier }) {
  key.ctrl = (modifier & 4) !== 0;
  key.meta = (modifier & 10) !== 0;
  key.shift = (modifier & 1) !== 0;
  key.code = code;
  if (code in sequenceNames) key.name = sequenceNames[code];
  else if (code in shiftedNames) {
    key.name = shiftedNames[code];
    key.shift = true;
  } else if (code in ctrlNames) {
    key.name = ctrlNames[code];
    key.ctrl = true;
  } else {
    key.name = 'undefined';
  }
}

// The key of one character `ch` (possibly after ESC, possibly '' when an
// escape timed out).
function charKey(key, ch, escaped) {
  const named = { '\r': 'return', '\n': 'enter', '\t': 'tab', '\b': 'backspace', '\x7f': 'backspace',
    [ESC]: 'escape', ' ': 'space' }[ch];
  if (named !== undefined) {
    key.name = named;
    key.meta = escaped;
  } else if (!escaped && ch <= '\x1a') {
    key.name = String.fromCharCode(ch.charCodeAt(0) + 96);
    key.ctrl = true;
  } else if (/^[0-9A-Za-z]$/.test(ch)) {
    key.name = ch.toLowerCase();
    key.shift = /^[A-Z]$/.test(ch);
    key.meta = escaped;
  } else if (escaped) {
    key.name = ch.length ? undefined : 'escape';
    key.meta = true;
  }
}

// Takes the first key off `buf`: { key, rest, escaped } or null when buf is
// an unfinished escape sequence (unless `final`).
function nextKey(buf, final) {
  const key = { sequence: null, name: undefined, ctrl: false, meta: false, shift: false };
  let i = 0;
  let escaped = false;
  if (buf[0] === ESC) {
    escaped = true;
    i = 1;
    if (buf[1] === ESC) i = 2;
    if (i >= buf.length && !final) return null;
  }
  const next = buf[i];
  let end;
  if (escaped && (next === 'O' || next === '[')) {
    const seq = readSequence(buf, i, final);
    if (seq === null) return null;
    escapeKey(key, seq);
    end = seq.end;
  } else {
    const ch = next === undefined ? '' : String.fromCodePoint(buf.codePointAt(i));
    charKey(key, ch, escaped);
    end = i + ch.length;
  }
  key.sequence = buf.slice(0, end);
  return { key, escaped, rest: buf.slice(end) };
}

function emitKeypressEvents(stream, iface = {}) {
  if (stream[kDecoder]) return;
  const decoder = new StringDecoder('utf8');
  stream[kDecoder] = decoder;
  let pending = '';
  let timer = null;

  const emitKeys = (final) => {
    for (;;) {
      if (pending === '') return;
      const next = nextKey(pending, final);
      if (next === null) return;
      pending = next.rest;
      const { key, escaped } = next;
      const s = key.sequence;
      if (s.length !== 0 && (key.name !== undefined || escaped)) stream.emit('keypress', escaped ? undefined : s, key);
      else if (s.length === String.fromCodePoint(s.codePointAt(0)).length) stream.emit('keypress', s, key);
      if (final) final = false;
    }
  };

  function onData(input) {
    if (stream.listenerCount('keypress') === 0) {
      stream.removeListener('data', onData);
      stream.on('newListener', onNewListener);
      return;
    }
    const text = decoder.write(input);
    if (!text) return;
    clearTimeout(timer);
    pending += text;
    emitKeys(false);
    // A lone escape at the end may be the Escape key or the start of a
    // sequence still on its way.
    if (text.endsWith(ESC) && pending.endsWith(ESC)) {
      const ms = iface.escapeCodeTimeout === undefined ? DEFAULT_ESCAPE_CODE_TIMEOUT : iface.escapeCodeTimeout;
      timer = setTimeout(() => emitKeys(true), ms);
    }
  }

  function onNewListener(event) {
    if (event === 'keypress') {
      stream.on('data', onData);
      stream.removeListener('newListener', onNewListener);
    }
  }

  if (stream.listenerCount('keypress') > 0) stream.on('data', onData);
  else stream.on('newListener', onNewListener);
}

module.exports = { emitKeypressEvents, DEFAULT_ESCAPE_CODE_TIMEOUT };
