// App contract 1: a Node.js request listener.
//
//   build/shoal start --app deploy/examples/listener.js --listen 8080 --workers 2
//   curl localhost:8080/hello
//
// `module.exports = (req, res) => ...` receives Node's IncomingMessage and
// ServerResponse, exactly as http.createServer(handler) would.
'use strict';

module.exports = (req, res) => {
  res.statusCode = 200;
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.end(`${req.method} ${req.url} served by pid ${process.pid}\n`);
};
