// readline.createInterface over streams: 'line'/'close' events, CRLF and
// chunk boundaries, for await over a file, question/prompt, readline/promises.
const readline = require('readline');
const fs = require('fs');
const path = require('path');
const { Readable, PassThrough } = require('stream');

async function main() {
  const rl = readline.createInterface({
    input: Readable.from(['one\r', '\ntwo\nthr', 'ee\r\n\nfour\rfive\n', 'no newline at end']),
    crlfDelay: Infinity,
  });
  const seen = [];
  rl.on('line', (line) => seen.push(line));
  await new Promise((resolve) => rl.on('close', resolve));
  console.log('events', seen, rl.closed);

  const file = readline.createInterface({
    input: fs.createReadStream(path.join(__dirname, 'message.txt')),
    crlfDelay: Infinity,
  });
  let n = 0;
  for await (const line of file) {
    n++;
    if (n <= 2) console.log('file line', n, JSON.stringify(line));
  }
  console.log('file lines', n > 0);

  const src = fs.readFileSync(__filename, 'utf8').split('\n');
  const self = readline.createInterface({ input: fs.createReadStream(__filename) });
  const lines = [];
  for await (const line of self) lines.push(line);
  console.log('self matches', lines.length === src.length - (src[src.length - 1] === '' ? 1 : 0),
    lines[0] === src[0]);

  // break out of for await closes the interface
  const early = readline.createInterface({ input: Readable.from(['a\nb\nc\n']) });
  early.on('close', () => console.log('early close'));
  for await (const line of early) {
    console.log('first', line);
    break;
  }

  const input = new PassThrough();
  const output = new PassThrough();
  let written = '';
  output.on('data', (d) => { written += d; });
  const q = readline.createInterface({ input, output, prompt: '$ ' });
  console.log('prompt', JSON.stringify(q.getPrompt()), q.terminal);
  const closed = new Promise((resolve) => q.on('close', resolve));
  q.question('Name? ', (answer) => {
    console.log('answer', JSON.stringify(answer));
    q.setPrompt('> ');
    q.prompt();
    q.once('line', (l) => {
      console.log('line after prompt', JSON.stringify(l));
      q.close();
    });
    input.write('cmd\n');
  });
  input.write('Ada\n');
  await closed;
  console.log('written', JSON.stringify(written));
  try {
    q.question('again?', () => {});
  } catch (e) {
    console.log(e.code, e.message);
  }

  const rlp = require('readline/promises').createInterface({
    input: Readable.from(['42\n']), output: new PassThrough(),
  });
  console.log('promises answer', JSON.stringify(await rlp.question('Number? ')));
  rlp.close();

  const wr = readline.createInterface({ input: new PassThrough() });
  wr.on('line', (l) => console.log('simulated', l));
  wr.write('typed\n');
  wr.close();
}

main();
