// readline.emitKeypressEvents key decoding (letters, control keys, escape
// sequences with modifiers, split and broken sequences, a lone escape after
// escapeCodeTimeout, surrogate pairs) and terminal-mode line editing
// (cursor and word motion, deletion, history, return/enter, raw mode).
'use strict';
const readline = require('readline');
const { PassThrough } = require('stream');

const input = new PassThrough();
readline.emitKeypressEvents(input, { escapeCodeTimeout: 20 });
const seen = [];
input.on('keypress', (s, k) => seen.push([s, k]));
const chunks = ['aZ9 \r\n\t\x7f\x01\x1a', '\x1bb\x1bB\x1b\x1b[A', '\x1b[1;5C\x1b[24;2~\x1bOP\x1bO5Q',
  '\x1b[[A\x1b[3$\x1bOa\x1b[Z\x1b[', '3~', '\x1b[99x', '😀é.', '\x1b'];
for (const c of chunks) input.write(c);
setTimeout(() => {
  for (const [s, k] of seen) console.log(JSON.stringify(s), JSON.stringify(k));
  terminal();
}, 100);

function terminal() {
  const inp = new PassThrough();
  const out = new PassThrough();
  let written = '';
  out.on('data', (d) => { written += d; });
  let rawMode = [];
  inp.setRawMode = (mode) => rawMode.push(mode);
  const rl = readline.createInterface({ input: inp, output: out, terminal: true, prompt: '$ ',
    historySize: 2 });
  rl.on('line', (line) => console.log('line', JSON.stringify(line), 'history', JSON.stringify(rl.history)));
  rl.on('history', (h) => console.log('history event', h.length));
  const step = (label, data, key) => {
    rl.write(data, key);
    console.log(label, JSON.stringify(rl.line), rl.cursor, JSON.stringify(rl.getCursorPos()));
  };
  step('type', 'foo bar.baz');
  step('home', null, { ctrl: true, name: 'a' });
  step('word right', null, { meta: true, name: 'f' });
  step('word right', null, { meta: true, name: 'f' });
  step('insert', 'X');
  step('end', null, { name: 'end' });
  step('word left', null, { ctrl: true, name: 'left' });
  step('delete word', null, { ctrl: true, name: 'w' });
  step('backspace', null, { name: 'backspace' });
  step('ctrl+u', null, { ctrl: true, name: 'u' });
  step('retype', 'one\r\ntwo\nthree\n');
  step('up', null, { name: 'up' });
  step('up', null, { name: 'up' });
  step('up (no more)', null, { name: 'up' });
  step('down', null, { name: 'down' });
  step('ctrl+k', null, { ctrl: true, name: 'k' });
  for (const keys of ['ab', '\x1b[D', 'c', '\r']) inp.write(keys);
  console.log('after keys', JSON.stringify(rl.line), rl.cursor);
  rl.on('close', () => {
    console.log('closed, raw modes', rawMode, 'keypress listeners', inp.listenerCount('keypress'));
    console.log('output has text', written.includes('foo bar.baz'), written.includes('\r\n'));
  });
  rl.write(null, { ctrl: true, name: 'd' });
}

// Tab completion: one match, a common prefix, then the list on a second tab.
setTimeout(() => {
  const inp = new PassThrough();
  const out = new PassThrough();
  let written = '';
  out.on('data', (d) => { written += d; });
  const words = ['process.stdout', 'process.stdin', 'process.stderr', 'path'];
  const rl = readline.createInterface({ input: inp, output: out, terminal: true,
    completer: (line) => [words.filter((w) => w.startsWith(line)), line] });
  inp.write('pa\t');
  console.log('one match', JSON.stringify(rl.line), rl.cursor);
  rl.write(null, { ctrl: true, name: 'u' });
  inp.write('process.s\t');
  console.log('prefix', JSON.stringify(rl.line), rl.cursor, written.includes('stdout'));
  inp.write('\t');
  console.log('listed', written.includes('process.stdout\r\nprocess.stdin\r\nprocess.stderr'));
  try {
    readline.createInterface({ input: inp, completer: 'x' });
  } catch (e) {
    console.log('bad completer', e.code);
  }
  rl.close();
}, 300);
