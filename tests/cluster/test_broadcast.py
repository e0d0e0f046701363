"""BroadcastChannel across the workers of a cluster (docs/websocket.md,
"BroadcastChannel"): each worker's channel gets what the other worker's
channel of that name posts, never its own posts; structured clone survives
the hop; the master's per-worker queue is bounded (drops counted); a closed
channel receives nothing; oversized posts throw in the poster."""
import json
import re
import os
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cluster_util import Cluster, free_port, run_tests, wait_for  # noqa: E402

APP = r"""
const fs = require('fs');
const chat = new BroadcastChannel('chat');      // posts, and receives the other worker's posts
const listener = new BroadcastChannel('chat');  // a second member in the same worker
const ctl = new BroadcastChannel('ctl');
const seen = { chat: [], listener: [], ctl: [] };
const describe = (v) => {
  if (v && v.kind === 'clone') {
    return { kind: 'clone', from: v.from, map: v.map instanceof Map ? [...v.map] : null,
             date: v.date instanceof Date ? v.date.toISOString() : null,
             bytes: v.bytes instanceof Uint8Array ? Buffer.from(v.bytes).toString() : null,
             set: v.set instanceof Set ? [...v.set] : null, big: typeof v.big === 'bigint' ? String(v.big) : null,
             re: v.re instanceof RegExp ? v.re.source + '/' + v.re.flags : null, nested: v.nested };
  }
  if (v && v.kind === 'flood') return { kind: 'flood', i: v.i, size: v.pad.length };
  return v;
};
chat.onmessage = (e) => seen.chat.push(describe(e.data));
listener.onmessage = (e) => seen.listener.push(describe(e.data));
ctl.onmessage = (e) => seen.ctl.push(e.data);
const send = (res, v) => { res.setHeader('content-type', 'application/json'); res.end(JSON.stringify(v)); };
module.exports = (req, res) => {
  const u = new URL(req.url, 'http://x');
  const q = (k) => u.searchParams.get(k);
  const pid = process.pid;
  try {
    switch (u.pathname) {
      case '/post':
        chat.postMessage({ kind: 'text', from: pid, text: q('text') });
        return send(res, { pid });
      case '/clone':
        chat.postMessage({ kind: 'clone', from: pid, map: new Map([['k', 1], ['j', [2, 3]]]),
          date: new Date(Date.UTC(2024, 1, 29, 12)), bytes: Buffer.from('héllo'),
          set: new Set(['a', 'b']), big: 12345678901234567890n, re: /a+b/gi, nested: { deep: [1, { x: null }] } });
        return send(res, { pid });
      case '/thread': {
        // a worker thread's channel: its posts reach the other worker too
        const { Worker } = require('worker_threads');
        const w = new Worker(`const bc = new BroadcastChannel('chat');
          bc.postMessage({ kind: 'text', from: 'thread', text: 'from a thread' }); bc.close();`,
        { eval: true });
        return w.on('exit', () => send(res, { pid }));
      }
      case '/ctl':
        ctl.postMessage(q('text'));
        return send(res, { pid });
      case '/seen':
        return send(res, { pid, seen });
      case '/close':
        chat.close();
        try { chat.postMessage('after close'); return send(res, { pid, threw: null }); }
        catch (e) { return send(res, { pid, threw: e.name }); }
      case '/big':
        try { chat.postMessage(new Uint8Array(2 << 20)); return send(res, { pid, threw: null }); }
        catch (e) { return send(res, { pid, threw: e.name, message: e.message }); }
      case '/sab':
        try { chat.postMessage(new SharedArrayBuffer(8)); return send(res, { pid, threw: null }); }
        catch (e) { return send(res, { pid, threw: e.name, message: e.message }); }
      case '/block': {
        // The loop is blocked (nothing read from the master) until the test says so.
        fs.writeFileSync(q('started'), String(pid));
        while (!fs.existsSync(q('until'))) {}
        return send(res, { pid });
      }
      case '/flood': {
        const n = Number(q('n')), pad = 'x'.repeat(Number(q('size')));
        for (let i = 0; i < n; i++) chat.postMessage({ kind: 'flood', i, pad });
        return send(res, { pid });
      }
      default:
        return send(res, { pid });
    }
  } catch (e) {
    res.statusCode = 500;
    return send(res, { pid, error: String(e && e.stack) });
  }
};
"""


def get(c, path, timeout=10):
    status, _, body = c.get(path, timeout=timeout)
    assert status == 200, (status, body)
    return json.loads(body)


def two_pids(c):
    """The two workers' pids (round-robin: consecutive connections alternate)."""
    pids = set()
    assert wait_for(lambda: pids.add(get(c, "/")["pid"]) or len(pids) == 2, 10, 0)
    return sorted(pids)


def seen_on(c, pid):
    """What worker pid's channels received (asks again until that worker answers)."""
    for _ in range(200):
        r = get(c, "/seen")
        if r["pid"] == pid:
            return r["seen"]
    raise AssertionError("no answer from %d" % pid)


def cluster(shoal, extra=None):
    cfg = {"balance": "round-robin"}
    cfg.update(extra or {})
    return Cluster(shoal, APP, config=cfg).start()


def test_each_worker_gets_the_others_messages(shoal):
    c = cluster(shoal)
    try:
        a, b = two_pids(c)
        # two posts on fresh connections: round-robin sends one to each worker
        r1 = get(c, "/post?text=one")
        r2 = get(c, "/post?text=two")
        assert {r1["pid"], r2["pid"]} == {a, b}, (r1, r2)
        texts = {r1["pid"]: "one", r2["pid"]: "two"}

        def delivered():
            sa, sb = seen_on(c, a), seen_on(c, b)
            return (sa, sb) if sa["chat"] and sb["chat"] and len(sa["listener"]) == 2 and \
                len(sb["listener"]) == 2 else None
        got = wait_for(delivered, 10)
        assert got, (seen_on(c, a), seen_on(c, b))
        for pid, s in zip((a, b), got):
            other = b if pid == a else a
            # the posting channel gets the other worker's message only, not its own
            assert s["chat"] == [{"kind": "text", "from": other, "text": texts[other]}], s
            # another member in the poster's worker gets both
            assert sorted(m["text"] for m in s["listener"]) == ["one", "two"], s
    finally:
        c.close()


def test_structured_clone_crosses(shoal):
    c = cluster(shoal)
    try:
        a, b = two_pids(c)
        r = get(c, "/clone")
        other = b if r["pid"] == a else a
        s = wait_for(lambda: seen_on(c, other)["chat"], 10)
        assert s == [{"kind": "clone", "from": r["pid"], "map": [["k", 1], ["j", [2, 3]]],
                      "date": "2024-02-29T12:00:00.000Z", "bytes": "héllo", "set": ["a", "b"],
                      "big": "12345678901234567890", "re": "a+b/gi",
                      "nested": {"deep": [1, {"x": None}]}}], s
    finally:
        c.close()


def test_worker_thread_posts_cross(shoal):
    c = cluster(shoal)
    try:
        a, b = two_pids(c)
        r = get(c, "/thread")
        other = b if r["pid"] == a else a
        want = [{"kind": "text", "from": "thread", "text": "from a thread"}]
        # the other worker's channels, and the poster's own (other members than the thread's)
        assert wait_for(lambda: seen_on(c, other)["chat"] == want, 10), seen_on(c, other)
        assert wait_for(lambda: seen_on(c, r["pid"])["chat"] == want, 10), seen_on(c, r["pid"])
    finally:
        c.close()


def test_oversize_and_shared_memory_throw_in_the_poster(shoal):
    c = cluster(shoal)
    try:
        r = get(c, "/big")
        assert r["threw"] == "DataCloneError", r
        assert "exceeds the cluster BroadcastChannel limit of 1048576 bytes" in r["message"], r
        r = get(c, "/sab")
        assert r["threw"] == "DataCloneError", r
        # nothing of either reached a channel
        for pid in two_pids(c):
            s = seen_on(c, pid)
            assert s["chat"] == [] and s["listener"] == [], s
    finally:
        c.close()


def test_closed_channel_receives_nothing(shoal):
    c = cluster(shoal)
    try:
        a, b = two_pids(c)
        r = get(c, "/close")
        closer = r["pid"]
        other = b if closer == a else a
        assert r["threw"] == "InvalidStateError", r
        # the other worker posts on 'chat', then on 'ctl': both frames travel in order
        while True:
            r = get(c, "/post?text=late")
            if r["pid"] == other:
                break
        while True:
            r = get(c, "/ctl?text=sentinel")
            if r["pid"] == other:
                break
        s = wait_for(lambda: (lambda s: s if s["ctl"] else None)(seen_on(c, closer)), 10)
        assert s and s["ctl"][-1] == "sentinel", s
        assert s["chat"] == [], s  # closed: nothing more
        # its other member of 'chat' still receives
        assert [m["text"] for m in s["listener"]] == ["late"], s
    finally:
        c.close()


def metric(c, port, name):
    import http.client
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", "/metrics")
        text = conn.getresponse().read().decode()
    finally:
        conn.close()
    for line in text.splitlines():
        if line.startswith(name + " "):
            return int(float(line.split()[1]))
    raise AssertionError(name + " missing:\n" + text)


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def asan_quarantine_kib():
    """Freed memory AddressSanitizer keeps in its quarantine (scripts/test.sh
    --asan sets quarantine_size_mb): the master's RSS holds it on top of
    what it really keeps; 0 without ASan."""
    m = re.search(r"quarantine_size_mb=(\d+)", os.environ.get("ASAN_OPTIONS", ""))
    return int(m.group(1)) * 1024 if m else 0


def test_blocked_worker_bounds_the_master(shoal):
    mport = free_port()
    c = Cluster(shoal, APP, config={"metrics": {"listen": "127.0.0.1:%d" % mport}}).start()
    try:
        started, until = os.path.join(c.dir, "started"), os.path.join(c.dir, "until")
        blocked = {}
        t = threading.Thread(target=lambda: blocked.update(
            get(c, "/block?started=%s&until=%s" % (started, until), timeout=90)))
        t.start()
        assert wait_for(lambda: os.path.exists(started), 10)
        busy = int(open(started).read())
        rss0 = rss_kib(c.proc.pid)
        # ~26 MiB of base64 towards the blocked worker (twice that under ASan,
        # so that an unbounded master would still grow past the bound)
        quarantine = asan_quarantine_kib()
        n, size = (600 if quarantine else 300), 64 * 1024
        r = get(c, "/flood?n=%d&size=%d" % (n, size), timeout=120)
        assert r["pid"] != busy, "the flood ran on the blocked worker"

        def relay_done():
            d = metric(c, mport, "shoal_broadcast_dropped_total")
            r = metric(c, mport, "shoal_broadcast_relayed_total")
            return (d, r) if d + r == n else None
        done = wait_for(relay_done, 30)
        assert done, (metric(c, mport, "shoal_broadcast_dropped_total"),
                      metric(c, mport, "shoal_broadcast_relayed_total"))
        dropped, relayed = done
        # the master's own memory holds at most its queue (8 MiB) for the blocked worker
        grown = rss_kib(c.proc.pid) - rss0
        assert grown < 24 * 1024 + quarantine, "master grew by %d KiB" % grown
        assert dropped > 0 and relayed > 0, done
        open(until, "w").close()
        t.join(30)
        assert blocked.get("pid") == busy, blocked
        # every copy the master wrote reaches the blocked worker once it reads again
        assert wait_for(lambda: len(seen_on(c, busy)["chat"]) == relayed, 20), \
            (len(seen_on(c, busy)["chat"]), done)
        got = seen_on(c, busy)["chat"]
        # what arrived arrived whole and in order
        idx = [m["i"] for m in got]
        assert idx == sorted(idx) and all(m["size"] == size for m in got), idx[:20]
        print("blocked worker: %d delivered, %d dropped, master grew %d KiB" %
              (len(got), dropped, grown))
    finally:
        open(os.path.join(c.dir, "until"), "w").close()
        c.close()


if __name__ == "__main__":
    sys.exit(run_tests(globals()))
