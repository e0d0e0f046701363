'use strict';
// Node's HTTPParser (require('_http_common').HTTPParser) on requests and
// responses, the client's parser pool (_http_common.parsers and
// http.setMaxIdleHTTPParsers), http.maxHeaderSize from
// --max-http-header-size, and the server's connections-checking interval.
const assert = require('assert');
const http = require('http');
const { spawnSync } = require('child_process');
const { HTTPParser, methods, parsers } = require('_http_common');
const { kConnectionsCheckingInterval } = require('_http_server');

function parse(type, text) {
  const parser = new HTTPParser();
  parser.initialize(type, {});
  const events = [];
  parser[HTTPParser.kOnHeaders] = (headers, url) => events.push(['headers', headers, url]);
  parser[HTTPParser.kOnHeadersComplete] = (major, minor, headers, method, url, status, message,
    upgrade, keepAlive) => {
    events.push(['complete', major, minor, headers, method === undefined ? method : methods[method],
      url, status, message, upgrade, keepAlive]);
  };
  parser[HTTPParser.kOnBody] = (buf) => events.push(['body', Buffer.isBuffer(buf), String(buf)]);
  parser[HTTPParser.kOnMessageComplete] = () => events.push(['end']);
  const ret = parser.execute(Buffer.from(text));
  events.push(['ret', ret instanceof Error ? `${ret.code} ${ret.message}` : ret]);
  parser.close();
  return events;
}

console.log(JSON.stringify(parse(HTTPParser.REQUEST,
  'POST /it?x=1 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n' +
  '4\r\nping\r\n0\r\nVary: *\r\n\r\n')));
console.log(JSON.stringify(parse(HTTPParser.RESPONSE,
  'HTTP/1.0 201 Made It\r\nContent-Length: 2\r\n\r\nok')));
console.log(JSON.stringify(parse(HTTPParser.REQUEST, 'GET / HTTP/1.1\r\nBad Header: x\r\n\r\n')));
assert.throws(() => HTTPParser.prototype.execute.call({}, Buffer.from('GET')), TypeError);
try {
  const parser = new HTTPParser();
  parser.initialize(HTTPParser.REQUEST, {});
  parser[HTTPParser.kOnHeadersComplete] = () => { throw new Error('from the callback'); };
  parser.execute(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
} catch (err) {
  console.log('thrown:', err.message);
}

for (const bad of ['1', 0, 1.5, null]) {
  try {
    http.setMaxIdleHTTPParsers(bad);
  } catch (err) {
    console.log('setMaxIdleHTTPParsers', String(bad), err.code);
  }
}
console.log('parsers.max', parsers.max);
http.setMaxIdleHTTPParsers(3);
console.log('parsers.max', parsers.max);

console.log('maxHeaderSize', http.maxHeaderSize);
const child = spawnSync(process.execPath, ['--max-http-header-size=100', '-p', 'http.maxHeaderSize']);
console.log('maxHeaderSize flag', String(child.stdout).trim());

// The same parser serves the requests of one kept-alive socket, one by one.
const server = http.createServer((req, res) => res.end('x'));
server.listen(0, () => {
  console.log('interval after listen', server[kConnectionsCheckingInterval]._destroyed,
    server[kConnectionsCheckingInterval].hasRef());
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const seen = [];
  let left = 3;
  for (let i = 0; i < 3; i++) {
    const req = http.get({ port: server.address().port, agent }, (res) => {
      seen.push(req.parser);
      res.resume();
      res.on('end', () => {
        if (--left > 0) return;
        console.log('one parser', seen[0] === seen[1] && seen[1] === seen[2]);
        agent.destroy();
        server.close(() => {
          console.log('interval after close', server[kConnectionsCheckingInterval]._destroyed);
        });
      });
    });
  }
});
