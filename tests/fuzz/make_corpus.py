#!/usr/bin/env python3
"""Writes the seed corpora in tests/fuzz/corpus/NAME/ (re-run after editing;
the fuzzers add their own finds only in a scratch folder, see scripts/fuzz.sh)."""
import json
import os
import shutil
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def write(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


# --- HTTP/1.1 -------------------------------------------------------------------
H = {
    "get": "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
    "get_http10": "GET /x HTTP/1.0\r\n\r\n",
    "get_http10_keepalive": "GET /x HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
    "head": "HEAD / HTTP/1.1\r\nHost: a\r\n\r\n",
    "health": "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n",
    "health_query": "GET /healthz?x=1 HTTP/1.1\r\nHost: a\r\n\r\n",
    "health_noheaders": "GET /healthz HTTP/1.1\r\n\r\n",
    "chunked_resp": "GET /chunked HTTP/1.1\r\nHost: a\r\n\r\n",
    "nocopy": "GET /nocopy HTTP/1.1\r\nHost: a\r\n\r\n",
    "close": "GET /close HTTP/1.1\r\nHost: a\r\n\r\n",
    "r204": "GET /204 HTTP/1.1\r\nHost: a\r\n\r\n",
    "conn_close": "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
    "post_cl": "POST /submit HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
    "post_cl_zero": "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n",
    "post_chunked": "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                    "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
    "post_chunked_ext_trailer": "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                                "5;name=val\r\nhello\r\n0\r\nX-Trailer: t\r\n\r\n",
    "post_chunked_hex": "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n",
    "expect_continue": "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc",
    "pipelined3": "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /chunked HTTP/1.1\r\nHost: a\r\n\r\n"
                  "POST /3 HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nok",
    "pipelined_close_mid": "GET /1 HTTP/1.1\r\n\r\nGET /close HTTP/1.1\r\n\r\nGET /3 HTTP/1.1\r\n\r\n",
    "pipelined_chunked": "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                         "GET /nocopy HTTP/1.1\r\n\r\n",
    "many_headers": "GET / HTTP/1.1\r\n" + "".join("X-H%d: v%d\r\n" % (i, i) for i in range(60)) + "\r\n",
    "big_header": "GET / HTTP/1.1\r\nX-Big: " + "b" * 3000 + "\r\n\r\n",
    "big_url": "GET /" + "u" * 3000 + " HTTP/1.1\r\n\r\n",
    "body_too_large_cl": "POST / HTTP/1.1\r\nContent-Length: 999999\r\n\r\nabc",
    "body_too_large_chunked": "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n" + "x" * 1024
                              + "\r\n10\r\n" + "y" * 16 + "\r\n0\r\n\r\n",
    # smuggling and framing attacks
    "smuggle_cl_te": "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n"
                     "0\r\n\r\nG",
    "smuggle_te_cl": "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"
                     "8\r\nSMUGGLED\r\n0\r\n\r\n",
    "smuggle_dup_cl": "POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
    "smuggle_te_obfuscated": "POST / HTTP/1.1\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n",
    "smuggle_te_space": "POST / HTTP/1.1\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
    "smuggle_te_list": "POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
    "smuggle_te_not_last": "POST / HTTP/1.1\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
    "obs_fold": "GET / HTTP/1.1\r\nHost: a\r\nX-Folded: one\r\n two\r\n\r\n",
    "bare_lf": "GET / HTTP/1.1\nHost: a\n\nGET /2 HTTP/1.1\n\n",
    "bare_cr": "GET / HTTP/1.1\rHost: a\r\r\n",
    "nul_in_header": "GET / HTTP/1.1\r\nX: a\x00b\r\n\r\n",
    "space_before_colon": "GET / HTTP/1.1\r\nHost : a\r\n\r\n",
    "cl_negative": "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
    "cl_plus": "POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\nhello",
    "cl_huge": "POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n",
    "chunk_size_overflow": "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFF\r\n",
    "chunk_missing_crlf": "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX0\r\n\r\n",
    "upgrade_ws": "GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
    "connect": "CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n",
    "absolute_uri": "GET http://a/x?y=1 HTTP/1.1\r\nHost: a\r\n\r\n",
    "http09": "GET /\r\n\r\n",
    "http2_version": "GET / HTTP/2.0\r\n\r\n",
    "h2_preface": "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00",
    "unknown_method": "BREW /pot HTTP/1.1\r\n\r\n",
    "garbage": "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
    "leading_crlf": "\r\n\r\nGET / HTTP/1.1\r\n\r\n",
    "partial_headers": "GET / HTTP/1.1\r\nHost: a\r\nX-Partial: ",
    "partial_body": "POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\nonly-some",
}
for k, v in H.items():
    write("fuzz_http1", k, v)

# --- IPC frames -------------------------------------------------------------------


def frame(obj):
    body = obj if isinstance(obj, bytes) else json.dumps(obj, separators=(",", ":")).encode()
    return struct.pack(">I", len(body)) + body


F = {
    "init": frame({"type": "init", "v": 1, "id": 1, "generation": 1, "app": "/srv/app.js",
                   "limits": {"header_bytes": 16384, "body_bytes": 10485760},
                   "listeners": [{"index": 0, "host": "127.0.0.1", "port": 8080, "config": True}],
                   "access_log": "off", "log_format": "json", "kernel": False}),
    "conn_without_fd": frame({"type": "conn", "fd": True, "listener": 0, "port": 8080}),
    "heartbeat": frame({"type": "heartbeat", "inflight": 1, "requests": 10, "heap": 123456,
                        "rss": 999999, "lag_ms": 0.5}),
    "ready_listen": frame({"type": "ready", "pid": 42}) + frame({"type": "listen", "id": 1, "port": 3000}),
    "drain": frame({"type": "drain"}),
    "listening": frame({"type": "listening", "id": 1, "ok": False, "code": "EADDRINUSE",
                        "error": "address in use"}),
    "array_body": frame(b"[1,2,3]"),
    "malformed_json": frame(b"{\"type\":") + frame({"type": "drain"}),
    "duplicate_keys": frame(b'{"type":"conn","type":"drain"}'),
    "nul_escape": frame(b'{"type":"a\\u0000b"}'),
    "zero_length": b"\x00\x00\x00\x00" + frame({"type": "drain"}),
    "incomplete": b"\x00\x00\x01\x00{\"type\"",
    "too_long": b"\x01\x00\x00\x01" + b"{}",
    "max_len": b"\x01\x00\x00\x00" + b"{}",
    "short_prefix": b"\x00\x00",
    "unicode": frame(b"{\"type\":\"x\",\"s\":\"\\u00e9\\u2603\\ud83d\\ude00\"}"),
    "reals": frame(b'{"type":"heartbeat","lag_ms":1e308,"heap":-0.0,"x":1.7976931348623157e308}'),
    "deep": frame(b"[" * 100 + b"]" * 100),
    "bigint": frame(b'{"type":"heartbeat","requests":99999999999999999999}'),
}
for k, v in F.items():
    write("fuzz_ipc_frames", k, v)

# --- control lines -----------------------------------------------------------------
C = {
    "status": '{"cmd":"status"}\n',
    "scale_abs": '{"cmd":"scale","workers":3}\n',
    "scale_even_then_status": '{"cmd":"scale","workers":4}\n{"cmd":"status"}\n{"cmd":"reload"}\n',
    "scale_delta": '{"cmd":"scale","delta":-1}\n{"cmd":"scale","delta":"+1"}\n',
    "scale_bounds": '{"cmd":"scale","workers":0}\n{"cmd":"scale","workers":2000}\n'
                    '{"cmd":"scale","workers":-2147483649}\n{"cmd":"scale","workers":4294967297}\n',
    "scale_missing": '{"cmd":"scale"}\n{"cmd":"scale","workers":"x"}\n',
    "reload": '{"cmd":"reload"}\n',
    "upgrade": '{"cmd":"upgrade"}\n',
    "stop": '{"cmd":"stop"}\n{"cmd":"stop","fast":true}\n',
    "metrics": '{"cmd":"metrics"}\n',
    "unknown": '{"cmd":"dance"}\n{"cmd":42}\n{}\n',
    "not_object": '[1,2]\n"status"\nnull\n42\n',
    "malformed": '{"cmd":\n{cmd:status}\n{"cmd":"status"\n',
    "duplicate": '{"cmd":"status","cmd":"stop"}\n',
    "crlf": '{"cmd":"status"}\r\n',
    "blank_lines": '\n\n\n{"cmd":"status"}\n\n',
    "no_newline": '{"cmd":"status"}',
    "nul": '{"cmd":"sta\x00tus"}\n',
    "escaped_unicode": '{"cmd":"\\u0073tatus"}\n{"cmd":"\\ud800"}\n',
    "long_line": '{"cmd":"status","pad":"' + "p" * 70000 + '"}\n',
    "many": '{"cmd":"status"}\n' * 50,
}
for k, v in C.items():
    write("fuzz_control", k, v)

# --- configs: the config tests' good and bad files, the deploy examples, and a few more
for sub in ("good", "bad"):
    d = os.path.join(ROOT, "tests", "config", sub)
    for name in sorted(os.listdir(d)):
        if name.endswith(".json"):
            shutil.copyfile(os.path.join(d, name), os.path.join(HERE, "corpus", "fuzz_config",
                                                                 sub + "_" + name))
ex = os.path.join(ROOT, "deploy", "examples")
for dirpath, _, files in os.walk(ex):
    for name in files:
        if name.endswith(".json"):
            shutil.copyfile(os.path.join(dirpath, name),
                            os.path.join(HERE, "corpus", "fuzz_config", "deploy_" + name))
X = {
    "full": json.dumps({
        "app": "app.js", "workers": 4,
        "listen": [{"host": "0.0.0.0", "port": 8080},
                   {"host": "::1", "port": 8443, "tls": {"cert": "c.pem", "key": "k.pem"}},
                   {"port": 9443, "tls": [{"cert": "a.pem", "key": "a.key", "servername": "a.example"},
                                          {"cert": "b.pem", "key": "b.key"}]}],
        "control": {"socket": "shoal.sock"}, "balance": "round-robin",
        "env": {"NODE_ENV": "production", "A": ""},
        "limits": {"header_bytes": 16384, "body_bytes": 10485760, "header_timeout_ms": 10000,
                   "idle_timeout_ms": 5000, "request_cpu_ms": 0, "heap_mb": 512,
                   "max_requests": 0, "h2_max_streams": 100},
        "watchdog_ms": 30000, "ready_timeout_ms": 10000, "drain_ms": 30000,
        "log": {"access": "stdout", "format": "combined"},
        "health": {"path": "/healthz"}, "metrics": {"listen": "127.0.0.1:9100"},
        "user": "nobody", "group": "nogroup"}, indent=2),
    "bom": "\ufeff{\"app\": \"app.js\"}",
    "unicode_key": '{"app": "app.js", "\u00e9t\u00e9": 1}',
    "escaped_key_path": '{"app": "app.js", "limits": {"a.b\\n": 1}}',
    "nested_deep": '{"app":"app.js","env":' + "[" * 200 + "]" * 200 + "}",
    "workers_auto": '{"app": "app.js", "workers": "auto"}',
    "huge_numbers": '{"app":"app.js","workers":1e400,"drain_ms":18446744073709551616}',
    "long_string": '{"app":"' + "a" * 5000 + '"}',
    "tabs_multiline": '{\n\t"app":\n\t\t"app.js",\n\t"limits":\n\t{\n\t\t"heap_mb": "x"\n\t}\n}\n',
    "utf8_before_error": '{"env": {"K": "\u00e9\u00e9\u00e9\u2603"}, "bogus": 1}',
    "invalid_utf8": b'{"app": "\xff\xfe"}',
}
for k, v in X.items():
    write("fuzz_config", k, v)

# --- HTTP/2 frames (fuzz_h2: the input follows the client preface) -------------------
# Besides these, corpus/fuzz_h2/captured_* are what real clients (nghttp, curl
# --http2-prior-knowledge, h2load) sent to a running `shoal start`, recorded by
# a relay, preface removed (see docs/reliability.md).


def h2frame(ftype, flags, sid, payload=b""):
    return struct.pack(">I", len(payload))[1:] + bytes([ftype, flags]) + struct.pack(">I", sid) + payload


def hpack(headers):
    """Literal header fields without indexing, new names, no Huffman."""
    out = b""
    for n, v in headers:
        n, v = n.encode(), v.encode()
        assert len(n) < 127 and len(v) < 127
        out += b"\x00" + bytes([len(n)]) + n + bytes([len(v)]) + v
    return out


def req(sid, path, method="GET", end=True, extra=()):
    hs = [(":method", method), (":scheme", "http"), (":path", path), (":authority", "a")] + list(extra)
    return h2frame(1, 0x4 | (0x1 if end else 0), sid, hpack(hs))


SETTINGS = h2frame(4, 0, 0, struct.pack(">HI", 3, 100) + struct.pack(">HI", 4, 65535))
ACK = h2frame(4, 1, 0)
P = {
    "get": SETTINGS + ACK + req(1, "/"),
    "paths": SETTINGS + b"".join(req(2 * i + 1, p) for i, p in enumerate(
        ["/chunked", "/nocopy", "/big", "/204", "/healthz", "/never", "/continue"])),
    "post_body": SETTINGS + req(1, "/echo", "POST", end=False, extra=[("content-length", "5")])
                 + h2frame(0, 1, 1, b"hello"),
    "post_padded": SETTINGS + req(1, "/", "POST", end=False)
                   + h2frame(0, 0x8 | 0x1, 1, b"\x03abc\x00\x00\x00"),
    "post_pause": SETTINGS + req(1, "/pause", "POST", end=False) + h2frame(0, 0, 1, b"x" * 500)
                  + h2frame(0, 1, 1, b"y" * 100),
    "body_over_limit": SETTINGS + req(1, "/", "POST", end=False) + h2frame(0, 0, 1, b"z" * 1000)
                       + h2frame(0, 1, 1, b"z" * 1000),
    "content_length_over": SETTINGS + req(1, "/", "POST", end=False, extra=[("content-length", "99999")]),
    "big_window": SETTINGS + req(1, "/big") + h2frame(8, 0, 0, struct.pack(">I", 1 << 20))
                  + h2frame(8, 0, 1, struct.pack(">I", 1 << 20)),
    "headers_over_limit": SETTINGS + req(1, "/", extra=[("x-%d" % i, "v" * 100) for i in range(30)]),
    "continuation": SETTINGS + h2frame(1, 0x1, 1, hpack([(":method", "GET"), (":scheme", "http")]))
                    + h2frame(9, 0x4, 1, hpack([(":path", "/"), (":authority", "a")])),
    "rst_after_headers": SETTINGS + req(1, "/never") + h2frame(3, 0, 1, struct.pack(">I", 8)),
    "rapid_reset": SETTINGS + b"".join(req(2 * i + 1, "/never") + h2frame(3, 0, 2 * i + 1, struct.pack(">I", 8))
                                       for i in range(120)),
    "ping_flood": SETTINGS + h2frame(6, 0, 0, b"12345678") * 150,
    "settings_flood": SETTINGS * 120,
    "goaway": SETTINGS + req(1, "/") + h2frame(7, 0, 0, struct.pack(">II", 1, 0)),
    "priority": SETTINGS + h2frame(2, 0, 3, struct.pack(">IB", 1, 15)) + req(3, "/", extra=()),
    "push_promise_from_client": SETTINGS + h2frame(5, 4, 1, struct.pack(">I", 2) + hpack([(":path", "/")])),
    "stream_id_even": SETTINGS + req(2, "/"),
    "stream_id_decreasing": SETTINGS + req(5, "/") + req(3, "/"),
    "too_many_streams": SETTINGS + b"".join(req(2 * i + 1, "/never") for i in range(12)),
    "missing_pseudo": SETTINGS + h2frame(1, 5, 1, hpack([(":method", "GET")])),
    "connection_header": SETTINGS + req(1, "/", extra=[("connection", "keep-alive")]),
    "uppercase_name": SETTINGS + req(1, "/", extra=[("X-Upper", "1")]),
    "hpack_table_size": SETTINGS + h2frame(1, 5, 1, b"\x3f\xe1\x1f" + hpack([(":method", "GET")])),
    "hpack_indexed_bad": SETTINGS + h2frame(1, 5, 1, b"\xff\xff\xff\xff\x0f"),
    "window_overflow": SETTINGS + h2frame(8, 0, 0, struct.pack(">I", 0x7fffffff)),
    "data_on_idle": SETTINGS + h2frame(0, 1, 7, b"data"),
    "unknown_frame": SETTINGS + h2frame(0xfa, 0xff, 1, b"unknown") + req(1, "/"),
    "frame_too_large": SETTINGS + struct.pack(">I", 0x100000)[1:] + b"\x00\x00\x00\x00\x00\x01",
    "no_settings_first": req(1, "/"),
    "trailers": SETTINGS + req(1, "/", "POST", end=False) + h2frame(0, 0, 1, b"abc")
                + h2frame(1, 5, 1, hpack([("x-trailer", "t")])),
    "health_query": SETTINGS + req(1, "/healthz?x=1"),
}
for k, v in P.items():
    write("fuzz_h2", k, v)

# --- TLS (fuzz_tls) ---------------------------------------------------------------
# corpus/fuzz_tls/captured_clienthello_* are real ClientHellos (curl --http2 and
# --http1.1, nghttp, openssl s_client -alpn h2 -tls1_2 / -tls1_3) recorded on
# the way to a running `shoal start`; captured_flights_* are each client's
# whole side of the connection. The 0xF1 seeds below use the fuzzer's
# in-process client (fuzz_tls.c): 0xF1, FLAGS, then the rest.
T = {
    "plaintext_on_tls_port": "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
    "record_header_only": b"\x16\x03\x01\x00\x10",
    "record_too_long": b"\x16\x03\x01\xff\xff" + b"\x01" * 64,
    "alert_first": b"\x15\x03\x03\x00\x02\x02\x28",
    "sslv2_hello": b"\x80\x2e\x01\x00\x02\x00\x15\x00\x00\x00\x10" + b"\x00" * 37,
    "hs_h1_get": b"\xf1\x04GET / HTTP/1.1\r\nHost: a\r\n\r\n",
    "hs_h1_post_tls12_close": b"\xf1\x85POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc",
    "hs_noalpn_sniff_h2": b"\xf1\x00PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + SETTINGS + req(1, "/"),
    "hs_h2_get": b"\xf1\x02PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + SETTINGS + req(1, "/"),
    "hs_h2_sni": b"\xf1\x0aPRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + SETTINGS + req(1, "/"),
    "hs_unknown_sni": b"\xf1\x10GET / HTTP/1.1\r\n\r\n",
    "hs_tls12_renegotiate": b"\xf1\x45GET / HTTP/1.1\r\nHost: a\r\n\r\n",
    "hs_tls13_key_update": b"\xf1\x44GET / HTTP/1.1\r\nHost: a\r\n\r\n",
    "hs_garbage_records": b"\xf1\x24\x17\x03\x03\x00\x20" + b"\xaa" * 32 + b"\x15\x03\x03\x00\x02\x01\x00",
    "hs_plaintext_after": b"\xf1\x24GET / HTTP/1.1\r\n\r\n",
    "hs_h1_bad_request": b"\xf1\x04GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n",
}
for k, v in T.items():
    write("fuzz_tls", k, v)
