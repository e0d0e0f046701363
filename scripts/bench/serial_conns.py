#!/usr/bin/env python3
"""serial_conns: N connections to 127.0.0.1:PORT, one after the other, each
sending `GET PATH` with `Connection: close` and reading the answer to the
server's close (a 200 required), or (--empty) closing without a request.
What one handed-over connection costs, counted by callgrind-request.sh,
callgrind-health.sh and close-cost.py.

    scripts/bench/serial_conns.py PORT N PATH|--empty
"""
import socket
import sys


def serial(port, n, path="/", empty=False):
    req = ("GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % path).encode()
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port))
        if empty:
            s.shutdown(socket.SHUT_WR)
            s.recv(1)
            s.close()
            continue
        s.sendall(req)
        got = b""
        while True:
            b = s.recv(4096)
            if not b:
                break
            got += b
        s.close()
        if not got.startswith(b"HTTP/1.1 200"):
            sys.exit("serial_conns: a request failed: %r" % got[:80])


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    empty = sys.argv[3] == "--empty"
    serial(int(sys.argv[1]), int(sys.argv[2]), "/" if empty else sys.argv[3], empty)
