"""The tutorial server, keep-alive, pipelining, HTTP/1.0, Connection: close,
HEAD/204/304, chunked responses; with http.client, raw sockets, curl and
Node's own http client."""
import http.client
import shutil
import subprocess

from httptest import (check, connect, finish, header, parse_args, raw_request, read_response,
                      shoal_app)

TUTORIAL = r"""
const http = require('http');
const hostname = '127.0.0.1';
const server = http.createServer((req, res) => {
  if (req.url === '/chunked') {
    res.setHeader('Content-Type', 'text/plain');
    res.write('first,');
    setTimeout(() => { res.write('second,'); res.end('third'); }, 5);
    return;
  }
  if (req.url === '/204') { res.writeHead(204); res.end(); return; }
  if (req.url === '/304') { res.statusCode = 304; res.setHeader('ETag', '"v1"'); res.end(); return; }
  if (req.url.startsWith('/n/')) { res.end('n=' + req.url.slice(3)); return; }
  if (req.url === '/close') { res.setHeader('Connection', 'close'); res.end('bye'); return; }
  if (req.url === '/delay') { setTimeout(() => res.end('late'), 30); return; }
  if (req.url === '/status') { res.writeHead(418, 'Short And Stout', ['X-A', '1', 'X-A', '2']); res.end(); return; }
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.end('Hello, Node.js!');
});
server.listen(0, hostname, () => {
  console.log(`Server running at http://${hostname}:${server.address().port}/`);
});
"""


def main():
    args = parse_args()
    with shoal_app(args, TUTORIAL) as app:
        check(app.first_line.startswith("Server running at http://127.0.0.1:"),
              "listen callback runs and address() has the port", app.first_line)
        port = app.port

        c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        c.request("GET", "/")
        r = c.getresponse()
        body = r.read()
        check(r.status == 200 and body == b"Hello, Node.js!", "tutorial response", (r.status, body))
        check(r.getheader("Content-Type") == "text/plain", "Content-Type kept")
        check(r.getheader("Date") is not None, "Date added")
        check(r.getheader("Connection") == "keep-alive", "keep-alive announced",
              r.getheader("Connection"))

        # keep-alive: several requests on the same connection
        sock_before = c.sock
        ok = True
        for i in range(20):
            c.request("GET", f"/n/{i}")
            r = c.getresponse()
            ok = ok and r.read() == f"n={i}".encode()
        check(ok and c.sock is sock_before, "20 requests on one keep-alive connection")

        c.request("GET", "/chunked")
        r = c.getresponse()
        check(r.getheader("Transfer-Encoding") == "chunked" and r.read() == b"first,second,third",
              "chunked response")

        c.request("HEAD", "/")
        r = c.getresponse()
        check(r.status == 200 and r.read() == b"", "HEAD has no body")
        c.request("GET", "/204")
        r = c.getresponse()
        check(r.status == 204 and r.read() == b"" and r.getheader("Content-Length") is None and
              r.getheader("Transfer-Encoding") is None, "204 without body")
        c.request("GET", "/304")
        r = c.getresponse()
        check(r.status == 304 and r.read() == b"" and r.getheader("ETag") == '"v1"', "304 without body")
        c.request("GET", "/status")
        r = c.getresponse()
        r.read()
        check(r.status == 418 and r.reason == "Short And Stout" and
              r.msg.get_all("X-A") == ["1", "2"], "status message and flat header array",
              (r.status, r.reason, r.msg.get_all("X-A")))
        c.request("GET", "/")
        r = c.getresponse()
        check(r.read() == b"Hello, Node.js!", "connection still usable after 204/304/HEAD")
        c.close()

        # pipelining: responses in order, including a slow first one
        s = connect(port)
        reqs = b"".join(f"GET {p} HTTP/1.1\r\nHost: x\r\n\r\n".encode()
                        for p in ["/delay", "/n/1", "/n/2", "/chunked", "/n/3"])
        s.sendall(reqs)
        bodies = []
        buf = b""
        for _ in range(5):
            st, hd, body, buf = read_response(s, buf)
            bodies.append(body)
        s.close()
        check(bodies == [b"late", b"n=1", b"n=2", b"first,second,third", b"n=3"],
              "pipelined responses in order", bodies)

        # HTTP/1.0: no chunking, connection closed
        data = raw_request(port, b"GET /chunked HTTP/1.0\r\n\r\n")
        check(data.startswith(b"HTTP/1.1 200") and b"Transfer-Encoding" not in data and
              data.endswith(b"first,second,third") and b"Connection: close" in data,
              "HTTP/1.0 response is close-delimited", data[-60:])
        # (writeHead() then end(body): Node's head has no length, so to HTTP/1.0
        # the body ends with the connection, to HTTP/1.1 it is chunked)
        data = raw_request(port, b"GET / HTTP/1.0\r\n\r\n")
        check(b"Content-Length" not in data and b"Transfer-Encoding" not in data and
              b"Connection: close" in data and data.endswith(b"Hello, Node.js!"),
              "HTTP/1.0 after writeHead: close-delimited", data)

        # Connection: close from the client
        data = raw_request(port, b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        check(b"Connection: close" in data and data.endswith(b"f\r\nHello, Node.js!\r\n0\r\n\r\n"),
              "client Connection: close honoured (server closed)", data)
        # ... and from the application
        data = raw_request(port, b"GET /close HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n")
        check(data.count(b"HTTP/1.1") == 1 and data.endswith(b"bye"),
              "res.setHeader('Connection','close') closes after the response", data[-80:])

        # missing Host on HTTP/1.1: 400 (Node 20)
        data = raw_request(port, b"GET / HTTP/1.1\r\n\r\n")
        check(data.startswith(b"HTTP/1.1 400"), "HTTP/1.1 without Host gets 400", data[:40])

        # curl
        if shutil.which("curl"):
            out = subprocess.run(["curl", "-s", "-i", f"http://127.0.0.1:{port}/"],
                                 capture_output=True, timeout=10).stdout
            check(out.startswith(b"HTTP/1.1 200 OK\r\n") and out.endswith(b"Hello, Node.js!") and
                  b"Transfer-Encoding: chunked" in out, "curl -s -i", out)
            out = subprocess.run(["curl", "-s", "-I", f"http://127.0.0.1:{port}/"],
                                 capture_output=True, timeout=10).stdout
            check(out.startswith(b"HTTP/1.1 200 OK\r\n") and b"Content-Type: text/plain" in out,
                  "curl -I (HEAD)", out)
            out = subprocess.run(["curl", "-s", f"http://127.0.0.1:{port}/n/a",
                                  f"http://127.0.0.1:{port}/n/b", f"http://127.0.0.1:{port}/chunked"],
                                 capture_output=True, timeout=10).stdout
            check(out == b"n=an=bfirst,second,third", "curl reusing the connection", out)
        else:
            check(False, "curl is installed (scripts/setup.sh)")

        # Node's http client
        node = shutil.which("node")
        if node:
            script = (
                "const http=require('http');let n=0,got=[];"
                "const agent=new http.Agent({keepAlive:true});"
                "function one(p){return new Promise((ok,ko)=>{http.get({host:'127.0.0.1',"
                f"port:{port},path:p,agent}},r=>{{let b='';r.setEncoding('utf8');"
                "r.on('data',d=>b+=d);r.on('end',()=>ok(r.statusCode+' '+b+' '+(r.headers['content-type']||'')));}).on('error',ko);});}"
                "(async()=>{for(const p of ['/','/chunked','/n/7'])got.push(await one(p));"
                "console.log(JSON.stringify(got));agent.destroy();})();")
            out = subprocess.run([node, "-e", script], capture_output=True, timeout=20)
            check(out.stdout.strip() == b'["200 Hello, Node.js! text/plain","200 first,second,third text/plain","200 n=7 "]',
                  "Node's http.get against shoal", out.stdout + out.stderr)
        else:
            check(False, "node (the client) is installed (scripts/setup.sh)")

        check(app.alive(), "server still running")
        check(app.stderr() == "", "nothing on stderr", app.stderr())
    finish()


if __name__ == "__main__":
    main()
