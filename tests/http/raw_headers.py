"""Request header fields as Node gives them, now that they cross from C as one
string split on first use (docs/http-binding.md): rawHeaders in order and in
the client's case, headers with Node's duplicate rules, headersDistinct, a
request without fields, empty values; and the HTTP/1.1 checks that read engine flags
instead of the names: no Host is 400 (HTTP/1.0 needs none), an Expect other
than 100-continue is 417, `EXPECT: 100-Continue` in any case gets 100."""
import json

from httptest import check, connect, finish, parse_args, read_response, shoal_app

APP = r"""
const http = require('http');
const server = http.createServer((req, res) => {
  const out = { raw: req.rawHeaders, headers: req.headers, distinct: req.headersDistinct,
                same: req.rawHeaders === req.rawHeaders };
  req.resume();
  req.on('end', () => res.end(JSON.stringify(out)));
});
server.listen(0, () => console.log(server.address().port));
"""


def ask(port, data):
    s = connect(port)
    s.sendall(data)
    status, _, body, rest = read_response(s)
    if status == 100:
        s.sendall(b"hello")
        status, _, body, rest = read_response(s, rest)
    s.close()
    return status, body


def main():
    args = parse_args()
    with shoal_app(args, APP) as app:
        port = app.port
        st, body = ask(port, b"GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\nx-a: 2\r\nSet-Cookie: s1\r\n"
                             b"set-cookie: s2\r\nCookie: c=1\r\nCookie: d=2\r\nAge: 1\r\nAge: 2\r\n"
                             b"X-Latin: caf\xe9\r\n\r\n")
        got = json.loads(body)
        check(got["raw"] == ["Host", "a", "X-A", "1", "x-a", "2", "Set-Cookie", "s1", "set-cookie",
                             "s2", "Cookie", "c=1", "Cookie", "d=2", "Age", "1", "Age", "2",
                             "X-Latin", "caf\u00e9"] and got["same"],
              "rawHeaders: every field, in order and case, Latin-1", got["raw"])
        check(got["headers"] == {"host": "a", "x-a": "1, 2", "set-cookie": ["s1", "s2"],
                                 "cookie": "c=1; d=2", "age": "1", "x-latin": "caf\u00e9"},
              "headers: Node's duplicate rules", got["headers"])
        check(got["distinct"]["x-a"] == ["1", "2"] and got["distinct"]["age"] == ["1", "2"],
              "headersDistinct", got["distinct"])

        st, body = ask(port, b"GET / HTTP/1.1\r\nHost: a\r\nX-Empty:\r\nX-Blank: \r\nX-B: 1\r\n\r\n")
        got = json.loads(body) if st == 200 else {}
        check(st == 200 and got["raw"] == ["Host", "a", "X-Empty", "", "X-Blank", "", "X-B", "1"]
              and got["headers"]["x-empty"] == "", "empty values (a 400 before)", (st, body))
        st, body = ask(port, b"GET / HTTP/1.1\r\nHost: a\r\nX-Fold:\r\n folded\r\n\r\n")
        check(st == 400, "a value folded after an empty first line is still refused", st)
        st, body = ask(port, b"GET / HTTP/1.0\r\n\r\n")
        check(st == 200 and json.loads(body)["raw"] == [] and json.loads(body)["headers"] == {},
              "HTTP/1.0 without fields: rawHeaders [], no Host needed", body)
        st, body = ask(port, b"GET / HTTP/1.1\r\nX-A: 1\r\n\r\n")
        check(st == 400, "HTTP/1.1 without Host: 400", st)
        st, body = ask(port, b"GET / HTTP/1.1\r\nhOsT: a\r\n\r\n")
        check(st == 200, "Host in any case", st)
        st, body = ask(port, b"GET / HTTP/1.1\r\nHost: a\r\nexpect: something\r\n\r\n")
        check(st == 417, "Expect other than 100-continue: 417", st)
        st, body = ask(port, b"POST / HTTP/1.1\r\nHost: a\r\nEXPECT: 100-Continue\r\n"
                             b"Content-Length: 5\r\n\r\n")
        check(st == 200 and json.loads(body)["headers"]["expect"] == "100-Continue",
              "Expect: 100-continue in any case: 100, then the request", body)
    finish()


if __name__ == "__main__":
    main()
