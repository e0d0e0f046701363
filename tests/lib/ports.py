"""Ports for the integration tests.

Each test runs in a network namespace of its own (tests/lib/isolated, when
root), so the only processes binding ports there are the test's own. Ports
are handed out from a range below the kernel's ephemeral range (so a client
connection's local port can never be the one a server is about to bind),
each checked by binding it, and never twice in one process."""
import os
import random
import socket
import threading

_lock = threading.Lock()
_FIRST, _LAST = 20000, 32767  # ip_local_port_range starts at 32768 by default
# A random start: without a namespace of its own (not root), two tests that
# start together still begin far apart.
_next = [_FIRST if os.environ.get("SHOAL_TEST_NETNS") else random.randrange(_FIRST, _LAST - 2000)]


def free_port(host="127.0.0.1"):
    """A port on host that nothing has bound, not handed out before."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with _lock:
        while _next[0] <= _LAST:
            port = _next[0]
            _next[0] += 1
            with socket.socket(family) as s:
                try:
                    s.bind((host, port))
                except OSError:
                    continue
            return port
    raise RuntimeError("no free port left in 20000-32767")
