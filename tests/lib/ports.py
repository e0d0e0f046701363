"""Ports for the integration tests.

Each test runs in a network namespace of its own (tests/lib/isolated, when
root), so the only processes binding ports there are the test's own. Ports
are handed out from a range below the kernel's ephemeral range (so a client
connection's local port can never be the one a server is about to bind),
each checked by binding it, and never twice in one process; a privileged
port (below 1024) for the tests of binding one."""
import os
import random
import socket
import threading

_lock = threading.Lock()
_FIRST, _LAST = 20000, 32767  # ip_local_port_range starts at 32768 by default
# A random start: without a namespace of its own (not root), two tests that
# start together still begin far apart.
_next = [_FIRST if os.environ.get("SHOAL_TEST_NETNS") else random.randrange(_FIRST, _LAST - 2000)]


def _bindable(host, port, reuse=False):
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as s:
        if reuse:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
            return True
        except OSError:
            return False


def free_port(host="127.0.0.1"):
    """A port on host that nothing has bound, not handed out before."""
    with _lock:
        while _next[0] <= _LAST:
            port = _next[0]
            _next[0] += 1
            if _bindable(host, port):
                return port
    raise RuntimeError("no free port left in 20000-32767")


def free_privileged_port(host="127.0.0.1"):
    """A free port below 1024 (only root, or a process with
    CAP_NET_BIND_SERVICE, may bind it), or None."""
    for port in list(range(81, 100)) + list(range(700, 1000)):
        if _bindable(host, port, reuse=True):
            return port
    return None
