'use strict';
// internal/readline/terminal: the line editor of a readline.Interface in
// terminal mode. Input arrives as 'keypress' events (internal/readline/keys);
// ttyWrite() applies one key to iface.line / iface.cursor (insert, delete,
// cursor and word motion, history, return / enter, ctrl+C / ctrl+D) and
// echoes the change to iface.output with ANSI cursor sequences; tab asks
// iface.completer.

const CSI = '\x1b[';

function output(iface, text) {
  if (iface.output !== null && iface.output !== undefined && typeof iface.output.write === 'function') {
    iface.output.write(text);
  }
}

// Redraws prompt and line, then puts the terminal cursor at iface.cursor.
function refreshLine(iface) {
  const cols = iface._prompt.length + iface.cursor;
  output(iface, `${CSI}1G${CSI}0J${iface._prompt}${iface.line}${CSI}${cols + 1}G`);
}

function insertString(iface, text) {
  if (!text) return;
  const { line, cursor } = iface;
  iface.line = line.slice(0, cursor) + text + line.slice(cursor);
  iface.cursor += text.length;
  if (cursor < line.length) refreshLine(iface);
  else output(iface, text);
}

function moveCursor(iface, dx) {
  const to = Math.min(Math.max(iface.cursor + dx, 0), iface.line.length);
  if (to === iface.cursor) return;
  const delta = to - iface.cursor;
  iface.cursor = to;
  output(iface, delta < 0 ? `${CSI}${-delta}D` : `${CSI}${delta}C`);
}

// The length of the word (and the blanks before it) left of the cursor, and
// of the word (or punctuation run, and the blanks after it) right of it.
function wordLeftLength(iface) {
  const before = [...iface.line.slice(0, iface.cursor)].reverse().join('');
  return /^\s*(?:[^\w\s]+|\w+)?/.exec(before)[0].length;
}
function wordRightLength(iface, punctuation = /[^\w\s]+/) {
  const after = iface.line.slice(iface.cursor);
  const re = new RegExp(`^(?:\\s+|${punctuation.source}|\\w+)\\s*`);
  const m = re.exec(after);
  return m ? m[0].length : 0;
}

function deleteRange(iface, from, to) {
  if (from >= to) return;
  iface.line = iface.line.slice(0, from) + iface.line.slice(to);
  iface.cursor = from;
  refreshLine(iface);
}

function addHistory(iface, line) {
  if (line.length === 0 || iface.historySize === 0) return;
  if (iface.removeHistoryDuplicates) {
    const at = iface.history.indexOf(line);
    if (at !== -1) iface.history.splice(at, 1);
  }
  if (iface.history[0] !== line) iface.history.unshift(line);
  if (iface.history.length > iface.historySize) iface.history.length = iface.historySize;
  iface.emit('history', iface.history);
}

// Older (step 1) or newer (-1) history; one past the oldest entry and one
// before the newest are the empty line.
function historyStep(iface, step) {
  const index = iface.historyIndex + step;
  if (index < -1 || index > iface.history.length || iface.history.length === 0) return;
  iface.historyIndex = index;
  iface.line = index === -1 || index === iface.history.length ? '' : iface.history[index];
  iface.cursor = iface.line.length;
  refreshLine(iface);
}

// Ends the line being edited: a new line on the output, then 'line'.
function finishLine(iface) {
  const line = iface.line;
  addHistory(iface, line);
  iface.historyIndex = -1;
  iface.line = '';
  iface.cursor = 0;
  output(iface, '\r\n');
  iface._onLine(line);
}

const ctrlKeys = {
  c(iface) {
    if (iface.listenerCount('SIGINT') > 0) iface.emit('SIGINT');
    else iface.close();
  },
  d(iface) {
    if (iface.cursor === 0 && iface.line.length === 0) iface.close();
    else deleteRange(iface, iface.cursor, iface.cursor + 1);
  },
  h: (iface) => deleteRange(iface, iface.cursor - 1, iface.cursor),
  u: (iface) => deleteRange(iface, 0, iface.cursor),
  k: (iface) => deleteRange(iface, iface.cursor, iface.line.length),
  a: (iface) => moveCursor(iface, -iface.cursor),
  e: (iface) => moveCursor(iface, iface.line.length - iface.cursor),
  b: (iface) => moveCursor(iface, -1),
  f: (iface) => moveCursor(iface, 1),
  n: (iface) => historyStep(iface, -1),
  p: (iface) => historyStep(iface, 1),
  w: (iface) => deleteRange(iface, iface.cursor - wordLeftLength(iface), iface.cursor),
  backspace: (iface) => deleteRange(iface, iface.cursor - wordLeftLength(iface), iface.cursor),
  delete: (iface) => deleteRange(iface, iface.cursor, iface.cursor + wordRightLength(iface, /\W+/)),
  left: (iface) => moveCursor(iface, -wordLeftLength(iface)),
  right: (iface) => moveCursor(iface, wordRightLength(iface)),
  l: (iface) => {
    output(iface, `${CSI}1;1H${CSI}0J`);
    refreshLine(iface);
  },
};

const metaKeys = {
  b: (iface) => moveCursor(iface, -wordLeftLength(iface)),
  f: (iface) => moveCursor(iface, wordRightLength(iface)),
  d: (iface) => deleteRange(iface, iface.cursor, iface.cursor + wordRightLength(iface, /\W+/)),
  backspace: (iface) => deleteRange(iface, iface.cursor - wordLeftLength(iface), iface.cursor),
};

const plainKeys = {
  return(iface) {
    iface._sawReturnAt = Date.now();
    finishLine(iface);
  },
  enter(iface) {
    // "\r\n" is one line end when the '\n' comes within crlfDelay.
    if (iface._sawReturnAt === 0 || Date.now() - iface._sawReturnAt > iface.crlfDelay) finishLine(iface);
    iface._sawReturnAt = 0;
  },
  backspace: (iface) => deleteRange(iface, iface.cursor - 1, iface.cursor),
  delete: (iface) => deleteRange(iface, iface.cursor, iface.cursor + 1),
  left: (iface) => moveCursor(iface, -1),
  right: (iface) => moveCursor(iface, 1),
  home: (iface) => moveCursor(iface, -iface.cursor),
  end: (iface) => moveCursor(iface, iface.line.length - iface.cursor),
  up: (iface) => historyStep(iface, 1),
  down: (iface) => historyStep(iface, -1),
};

function commonPrefix(strings) {
  if (strings.length === 0) return '';
  let prefix = strings[0];
  for (const s of strings) {
    let i = 0;
    while (i < prefix.length && i < s.length && prefix[i] === s[i]) i++;
    prefix = prefix.slice(0, i);
  }
  return prefix;
}

// Lists completions in as many columns as the output is wide (one when its
// width is unknown), a blank completion starting a new group.
function showCompletions(iface, completions) {
  const width = Math.max(...completions.map((c) => c.length)) + 2;
  const columns = Math.floor((iface.output && iface.output.columns) / width) || 1;
  let out = '\r\n';
  let inRow = 0;
  let pad = 0;
  for (const completion of completions) {
    if (completion === '' || inRow === columns) {
      out += '\r\n';
      inRow = 0;
      pad = 0;
    } else {
      out += ' '.repeat(pad);
    }
    if (completion === '') {
      out += '\r\n';
    } else {
      out += completion;
      pad = width - completion.length;
      inRow++;
    }
  }
  if (inRow !== 0) out += '\r\n\r\n';
  output(iface, out);
  refreshLine(iface);
}

// Tab: the completer's one match is inserted, several extend the line to
// their common prefix, and a second tab in a row lists them.
function complete(iface, secondTab) {
  iface.completer(iface.line.slice(0, iface.cursor), (err, value) => {
    if (err || !Array.isArray(value) || !Array.isArray(value[0])) return;
    const [completions, completeOn = ''] = value;
    if (completions.length === 0) return;
    if (completions.length === 1) {
      insertString(iface, completions[0].slice(completeOn.length));
      return;
    }
    const prefix = commonPrefix(completions.filter((c) => c !== ''));
    if (prefix.startsWith(completeOn) && prefix.length > completeOn.length) {
      insertString(iface, prefix.slice(completeOn.length));
      return;
    }
    if (secondTab) showCompletions(iface, completions);
  });
}

function ttyWrite(iface, s, key) {
  key = key || {};
  const previousKey = iface._previousKey || {};
  iface._previousKey = key;
  if (key.name === 'tab' && !key.ctrl && !key.meta && typeof iface.completer === 'function') {
    complete(iface, previousKey.name === 'tab');
    return;
  }
  if (key.name !== 'enter') {
    if (key.name !== 'return') iface._sawReturnAt = 0;
  }
  const table = key.ctrl && key.shift ? null : key.ctrl ? ctrlKeys : key.meta ? metaKeys : plainKeys;
  const action = table && table[key.name];
  if (action) {
    action(iface);
    return;
  }
  if (key.ctrl || key.meta || typeof s !== 'string' || !s) return;
  // Text: pasted or written lines end as typed ones do.
  const parts = s.split(/\r\n|\n|\r/);
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) finishLine(iface);
    insertString(iface, parts[i]);
  }
}

// The row and column of the cursor after the prompt and line text.
function cursorPos(iface) {
  const columns = iface.output && iface.output.columns > 0 ? iface.output.columns : Infinity;
  const offset = iface._prompt.length + iface.cursor;
  if (columns === Infinity) return { cols: offset, rows: 0 };
  return { cols: offset % columns, rows: Math.floor(offset / columns) };
}

module.exports = { ttyWrite, cursorPos, refreshLine };
