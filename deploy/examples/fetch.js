// App contract 2: a Web-standard fetch handler (as in Deno, Bun, workerd).
//
//   build/shoal start --app deploy/examples/fetch.js --listen 8080 --workers 2
//   curl localhost:8080/greet?name=shoal
//   curl -X POST -H 'content-type: application/json' -d '{"x":1}' localhost:8080/echo
//
// fetch(request) returns a Response or a promise of one.
'use strict';

module.exports = {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/echo' && request.method === 'POST') {
      const body = await request.text();
      return new Response(body, {
        status: 200,
        headers: { 'content-type': request.headers.get('content-type') || 'text/plain' },
      });
    }
    const name = url.searchParams.get('name') || 'world';
    return new Response(`hello, ${name}\n`, {
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  },
};
