'use strict';
// Responses in a row with the same header list and with lists that differ
// by one value, one name, the order, a number, or an object value whose
// text changes between responses (js-lib reuses the header block of a list
// equal to the last one): every head is the one its own headers give.
const http = require('http');

let n = 0;
const shifting = { toString() { return `shift-${n}`; } };
const lists = [
  () => ({ 'Content-Type': 'text/plain' }),
  () => ({ 'Content-Type': 'text/plain' }),
  () => ({ 'Content-Type': 'text/html' }),
  () => ({ 'content-type': 'text/html' }),
  () => ({ 'X-Num': 7, 'Content-Type': 'text/html' }),
  () => ({ 'Content-Type': 'text/html', 'X-Num': 7 }),
  () => ({ 'Content-Type': 'text/html', 'X-Num': 8 }),
  () => ({ 'X-Obj': shifting }),
  () => ({ 'X-Obj': shifting }),
  () => ['X-Arr', 'a', 'X-Arr', 'b'],
  () => ['X-Arr', 'a', 'X-Arr', 'b'],
  () => ({}),
  () => ({ 'Content-Type': 'text/plain' }),
];

const server = http.createServer((req, res) => {
  n++;
  if (req.url === '/long') {
    // (a head longer than what C reads on its stack: the reason, the lines)
    res.writeHead(200, `${'Long reason '.repeat(10)}\u00e9`, { 'X-Long': 'v'.repeat(3000) });
    res.end('long');
    return;
  }
  res.writeHead(200, lists[Number(req.url.slice(1))]());
  res.end(`body ${n}`);
});

function get(port, i) {
  return new Promise((resolve) => {
    http.get({ port, path: `/${i}`, agent }, (r) => {
      let body = '';
      r.setEncoding('utf8');
      r.on('data', (c) => { body += c; });
      r.on('end', () => {
        const raw = [];
        for (let k = 0; k < r.rawHeaders.length; k += 2) {
          if (r.rawHeaders[k] !== 'Date') raw.push(`${r.rawHeaders[k]}: ${r.rawHeaders[k + 1]}`);
        }
        if (i === 'long') console.log(r.statusMessage, r.headers['x-long'].length, body);
        else console.log(i, JSON.stringify(raw), body);
        resolve();
      });
    });
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
server.listen(0, async () => {
  for (let i = 0; i < lists.length; i++) await get(server.address().port, i);
  await get(server.address().port, 'long');
  agent.destroy();
  server.close();
});
