// readline's async iterator: an input stream error rejects the loop (the
// Interface passes it on), and the buffer pauses the input past 1024 lines
// and resumes it once drained (Node's watermark data).
'use strict';
const readline = require('readline');
const fs = require('fs');
const path = require('path');
const { Readable } = require('stream');

(async () => {
  const missing = path.join(__dirname, 'no-such-file.txt');
  const rl = readline.createInterface({ input: fs.createReadStream(missing), crlfDelay: Infinity });
  try {
    for await (const line of rl) console.log('unexpected', line);
  } catch (e) {
    console.log('rejected', e.code, e.syscall);
  }

  const input = new Readable({ read() {} });
  input.push('x\n'.repeat(1500));
  const rl2 = readline.createInterface({ input, crlfDelay: Infinity });
  const it = rl2[Symbol.asyncIterator]();
  const mark = it[Symbol.for('nodejs.watermarkData')];
  console.log('high', mark.high, 'low', mark.low);
  let n = 0;
  const seen = new Set();
  for await (const line of it) {
    if (line !== 'x') throw new Error(line);
    seen.add(`${input.isPaused()} ${mark.size >= 1}`);
    if (++n === 1500) input.push(null);
  }
  console.log('lines', n, 'paused iff buffered', [...seen].sort());
})();
