// App contract 3: the app calls listen() itself, as under Node's cluster.
// Inside a worker, server.listen(port) registers with the master, which
// binds the port once for the whole cluster and hands its connections to
// the workers. The config needs no "listen" list for it:
//
//   build/shoal start --app deploy/examples/listen-itself.js --workers 2
//   curl localhost:3000/
'use strict';

const http = require('http');

const port = Number(process.env.PORT || 3000);

const server = http.createServer((req, res) => {
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.end(`listening itself on ${port}, pid ${process.pid}\n`);
});

server.listen(port, () => {
  console.log(`listening on ${port}`);
});
