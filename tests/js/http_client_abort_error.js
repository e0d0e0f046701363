'use strict';
// req.abort() before the response: the request emits 'abort', then 'error'
// (socket hang up, ECONNRESET) and 'close', as Node 20 (supertest reports
// such a request as failed only through that error).
const http = require('http');
const events = [];
const server = http.createServer(() => {
  setImmediate(() => creq.abort());
});
let creq;
server.listen(0, '127.0.0.1', () => {
  creq = http.get({ port: server.address().port, host: '127.0.0.1', path: '/' });
  creq.on('abort', () => events.push('client: abort'));
  creq.on('error', (e) => events.push(`client: error ${e.code} ${e.message}`));
  creq.on('close', () => {
    events.push('client: close');
    server.close(() => {
      console.log(events.join('\n'));
    });
  });
});
