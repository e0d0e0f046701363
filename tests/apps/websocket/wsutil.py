"""WebSocket by hand over a raw socket (RFC 6455), for the tests: the
handshake, masked client frames, unmasked server frames. Standard library
only."""
import base64
import hashlib
import os
import socket
import struct

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
TEXT, BINARY, CONT, CLOSE, PING, PONG = 1, 2, 0, 8, 9, 10


class WS:
    def __init__(self, port, path="/ws", host="127.0.0.1", timeout=10):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.buf = b""
        key = base64.b64encode(os.urandom(16))
        self.sock.sendall(b"GET " + path.encode() + b" HTTP/1.1\r\nHost: x\r\n"
                          b"Upgrade: websocket\r\nConnection: Upgrade\r\n"
                          b"Sec-WebSocket-Key: " + key + b"\r\nSec-WebSocket-Version: 13\r\n\r\n")
        while b"\r\n\r\n" not in self.buf:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("closed during the handshake: %r" % self.buf)
            self.buf += chunk
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        self.head = head.decode("latin1")
        self.status = int(self.head.split(" ", 2)[1])
        want = base64.b64encode(hashlib.sha1(key + GUID).digest()).decode()
        self.accept_ok = ("sec-websocket-accept: " + want).lower() in self.head.lower()

    def frame(self, opcode, payload=b"", fin=True):
        """The bytes of one masked client frame."""
        if isinstance(payload, str):
            payload = payload.encode()
        b0 = (0x80 if fin else 0) | opcode
        n = len(payload)
        if n < 126:
            hdr = struct.pack("!BB", b0, 0x80 | n)
        elif n < 65536:
            hdr = struct.pack("!BBH", b0, 0x80 | 126, n)
        else:
            hdr = struct.pack("!BBQ", b0, 0x80 | 127, n)
        mask = os.urandom(4)
        # XOR by whole words: fast enough for MiBs.
        padded = payload + b"\0" * (-n % 4)
        words = int.from_bytes(padded, "big") ^ int.from_bytes(mask * (len(padded) // 4), "big")
        masked = words.to_bytes(len(padded), "big")[:n] if n else b""
        return hdr + mask + masked

    def send(self, opcode, payload=b"", fin=True):
        self.sock.sendall(self.frame(opcode, payload, fin))

    def _need(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise ConnectionError("closed")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def recv_frame(self):
        """(fin, opcode, payload) of the next server frame (never masked)."""
        b0, b1 = self._need(2)
        if b1 & 0x80:
            raise ValueError("the server masked a frame")
        n = b1 & 0x7F
        if n == 126:
            n = struct.unpack("!H", self._need(2))[0]
        elif n == 127:
            n = struct.unpack("!Q", self._need(8))[0]
        return bool(b0 & 0x80), b0 & 0x0F, self._need(n)

    def recv_message(self):
        """(opcode, payload) of the next data message, fragments joined;
        control frames are returned as they come."""
        fin, op, data = self.recv_frame()
        while not fin and op in (TEXT, BINARY):
            fin, op2, more = self.recv_frame()
            data += more
        return op, data

    def eof(self):
        """True once the server closed the TCP connection."""
        try:
            return self.sock.recv(1) == b""
        except OSError:
            return True

    def close(self):
        self.sock.close()
