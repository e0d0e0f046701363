'use strict';
// The Node-side clients of test_websocket.py, run under `shoal run`:
//   shoal run client.js BASE MODE     BASE e.g. ws://127.0.0.1:8080
// MODE ws: the ws client (echo, permessage-deflate, fragmentation,
// ping/pong); io-websocket / io-polling / io-default: socket.io-client with
// that transport (rooms, acknowledgements), two clients in one room;
// io-websocket-solo: the same with one client (a cluster without sticky
// routing may place two clients on different workers); io-rooms N: N
// websocket clients in one room (spread over the workers of a cluster with
// the BroadcastChannel adapter), one says something to the room, then to
// everyone: every client hears both. Prints "ok WHAT" / "FAIL WHAT".
const { WebSocket } = require('ws');
const { io } = require('socket.io-client');

const [base, mode] = process.argv.slice(2);
let failures = 0;
function check(cond, what, detail) {
  console.log(`${cond ? 'ok' : 'FAIL'} ${what}${cond || detail === undefined ? '' : `: ${detail}`}`);
  if (!cond) failures++;
}

function nextMessage(ws) {
  return new Promise((resolve) => ws.once('message', (data, isBinary) => resolve({ data, isBinary })));
}

async function wsClient() {
  const ws = new WebSocket(`${base}/ws`, { perMessageDeflate: true, rejectUnauthorized: false });
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  check(/permessage-deflate/.test(ws.extensions), 'permessage-deflate negotiated', ws.extensions);
  ws.send('hello');
  let m = await nextMessage(ws);
  check(!m.isBinary && m.data.toString() === 'hello', 'text echo');
  const bin = Buffer.from([0, 1, 2, 253, 254, 255]);
  ws.send(bin);
  m = await nextMessage(ws);
  check(m.isBinary && Buffer.compare(m.data, bin) === 0, 'binary echo');
  const big = 'shoal '.repeat(200000); // 1.2 MB, compressed
  ws.send(big);
  m = await nextMessage(ws);
  check(m.data.toString() === big, 'compressed 1.2 MB echo');
  // One message in 5 fragments (continuation frames).
  const parts = ['one ', 'two ', 'three ', 'four ', 'five'];
  parts.forEach((p, i) => ws.send(p, { fin: i === parts.length - 1 }));
  m = await nextMessage(ws);
  check(m.data.toString() === parts.join(''), 'fragmented message reassembled', m.data.toString());
  ws.ping('are you there');
  const pong = await new Promise((resolve) => ws.once('pong', resolve));
  check(pong.toString() === 'are you there', 'ping answered by pong');
  // Many messages in flight at once, in order.
  const n = 500;
  const got = [];
  const all = new Promise((resolve) => ws.on('message', (d) => {
    got.push(d.toString());
    if (got.length === n) resolve();
  }));
  for (let i = 0; i < n; i++) ws.send(`m${i}`);
  await all;
  check(got.every((g, i) => g === `m${i}`), '500 pipelined messages echoed in order');
  ws.removeAllListeners('message');
  ws.close(1000, 'done');
  const [code, reason] = await new Promise((resolve) => ws.once('close', (c, r) => resolve([c, r])));
  check(code === 1000 && reason.toString() === 'done', 'close handshake 1000', `${code} ${reason}`);
}

function ioConnect(transports) {
  const opts = { rejectUnauthorized: false, reconnection: false, forceNew: true };
  if (transports) opts.transports = transports;
  const s = io(base.replace(/^ws/, 'http'), opts);
  return new Promise((resolve, reject) => {
    s.once('hello', (info) => resolve([s, info]));
    s.once('connect_error', reject);
  });
}

async function ioClient(transport) {
  const solo = transport.endsWith('-solo'); // one client: no room across workers
  if (solo) transport = transport.slice(0, -5);
  const transports = transport === 'default' ? null : [transport];
  const [a, infoA] = await ioConnect(transports);
  const [b] = solo ? [a] : await ioConnect(transports);
  check(infoA.transport === (transport === 'websocket' ? 'websocket' : 'polling'),
    `socket.io connected over ${transport}`, infoA.transport);
  const echoed = await a.emitWithAck('echo', { n: 42, list: [1, 'two'], bin: Buffer.from('xyz') });
  check(echoed.n === 42 && echoed.list[1] === 'two' && Buffer.from(echoed.bin).toString() === 'xyz',
    'acknowledgement with data and binary', JSON.stringify(echoed));
  const joinA = await a.emitWithAck('join', 'room1');
  const joinB = await b.emitWithAck('join', 'room1');
  check(joinA.room === 'room1' && joinB.room === 'room1', 'both joined room1');
  const heard = Promise.all([...new Set([a, b])].map((s) => new Promise((resolve) => s.once('said', resolve))));
  a.emit('say', 'room1', 'hi room');
  const said = await heard;
  // In a cluster without an adapter, rooms are per worker: both were
  // placed together (sticky) or the test skips the room broadcast there.
  check(said.every((x) => x.text === 'hi room'), 'room broadcast reached both members');
  if (transport === 'default') {
    if (a.io.engine.transport.name !== 'websocket') {
      await new Promise((resolve) => a.io.engine.once('upgrade', resolve));
    }
    check(a.io.engine.transport.name === 'websocket', 'polling upgraded to websocket');
    check((await a.emitWithAck('echo', 'after upgrade')) === 'after upgrade', 'ack after the upgrade');
  }
  a.close();
  b.close();
}

async function roomsClient(n) {
  const clients = [];
  for (let i = 0; i < n; i++) clients.push(await ioConnect(['websocket']));
  const pids = new Set(clients.map(([, info]) => info.pid));
  console.log(`workers ${pids.size}`);
  await Promise.all(clients.map(([s]) => s.emitWithAck('join', 'everyone')));
  const hear = () => Promise.all(clients.map(([s]) => new Promise((resolve) => s.once('said', resolve))));
  let heard = hear();
  clients[0][0].emit('say', 'everyone', 'to the room');
  let said = await heard;
  check(said.every((x) => x.text === 'to the room'), `room broadcast reached all ${n} clients`);
  heard = hear();
  await clients[n - 1][0].emitWithAck('say-all', 'to all');
  said = await heard;
  check(said.every((x) => x.text === 'to all' && Buffer.from(x.bin).toString() === 'b'),
    `io.emit (with binary) reached all ${n} clients`);
  for (const [s] of clients) s.close();
}

// MODE reload N: N connections each send numbered messages (the echo is the
// server's acceptance) until every connection was closed by its draining
// worker (1001) and reconnected to a worker of another process; unanswered
// messages are sent again after reconnecting. Prints "open N" once all are
// open, then one JSON line: close codes, reconnections, messages lost.
// MODE scale N: the same while some workers stay (`ctl scale`): only the
// connections their worker closed must move (to another process); the
// client may finish once a line on stdin said the scale-down is over.
async function reloadClient(n, scale) {
  const conns = [];
  const firstPids = new Set();
  let opened = 0;
  let finish;
  const done = new Promise((resolve) => { finish = resolve; });
  const closeCodes = {};
  let sent = 0;
  let scaled = false;
  if (scale) {
    process.stdin.once('data', () => {
      process.stdin.pause();
      scaled = true;
      if (isDone()) finish();
    });
  }
  function isDone() {
    if (scale && !scaled) return false;
    return conns.every((c) => (scale && !c.closedPid ? true : c.moved && c.ackedAfterMove >= 3) &&
      c.pending.size === 0);
  }
  function connect(c) {
    const ws = new WebSocket(`${base}/ws`, { rejectUnauthorized: false });
    c.ws = ws;
    ws.on('open', () => {
      ws.send('pid');
      for (const [seq] of c.pending) ws.send(`m:${c.id}:${seq}`); // again: not answered
    });
    ws.on('message', (data) => {
      const text = data.toString();
      if (text.startsWith('pid:')) {
        const pid = text.slice(4);
        if (c.pid === undefined) {
          firstPids.add(pid);
          if (++opened === n) console.log(`open ${n}`);
        } else if (scale ? c.closedPid !== undefined && pid !== c.closedPid : !firstPids.has(pid)) {
          c.moved = true;
        }
        c.pid = pid;
        return;
      }
      const seq = +text.split(':')[2];
      if (c.pending.delete(seq) && c.moved) c.ackedAfterMove++;
      if (isDone()) finish();
    });
    ws.on('close', (code) => {
      closeCodes[code] = (closeCodes[code] || 0) + 1;
      if (scale && code === 1001 && !c.moved) c.closedPid = c.pid;
      setTimeout(() => connect(c), 50 + Math.floor(Math.random() * 200));
    });
    ws.on('error', () => {});
  }
  for (let i = 0; i < n; i++) {
    const c = { id: i, ws: null, pid: undefined, moved: false, ackedAfterMove: 0, pending: new Map(), seq: 0 };
    conns.push(c);
    connect(c);
  }
  const ticker = setInterval(() => {
    for (const c of conns) {
      if (c.ws.readyState !== 1 || c.pid === undefined) continue;
      if (c.moved && c.ackedAfterMove >= 3) continue; // enough: let its answers come in
      if (scale && scaled && c.closedPid === undefined) continue; // stayed: done too
      const seq = c.seq++;
      c.pending.set(seq, true);
      sent++;
      c.ws.send(`m:${c.id}:${seq}`);
    }
  }, Math.max(100, n / 2)); // at most ~2,000 messages a second in all
  // progress on stderr (shown when the test fails)
  const progress = setInterval(() => {
    const openNow = conns.filter((c) => c.ws.readyState === 1).length;
    const moved = conns.filter((c) => c.moved).length;
    const pending = conns.reduce((k, c) => k + c.pending.size, 0);
    console.error(`progress open ${openNow} moved ${moved} pending ${pending} sent ${sent} ${JSON.stringify(closeCodes)}`);
  }, 5000);
  await done;
  clearInterval(progress);
  clearInterval(ticker);
  const lost = conns.reduce((k, c) => k + c.pending.size, 0);
  const closed = conns.filter((c) => c.closedPid !== undefined).length;
  console.log(JSON.stringify({ closeCodes, moved: conns.filter((c) => c.moved).length, closed, sent, lost }));
  for (const c of conns) {
    c.ws.removeAllListeners('close');
    c.ws.close(1000);
  }
}

async function main() {
  const timer = setTimeout(() => {
    check(false, `${mode} finished in time`);
    process.exit(1);
  }, 30000);
  try {
    if (mode === 'ws') await wsClient();
    else if (mode === 'reload') {
      clearTimeout(timer);
      await reloadClient(+process.argv[4], false);
    } else if (mode === 'scale') {
      clearTimeout(timer);
      await reloadClient(+process.argv[4], true);
    }
    else if (mode === 'io-rooms') await roomsClient(+process.argv[4]);
    else await ioClient(mode.replace(/^io-/, ''));
  } catch (e) {
    check(false, `${mode} ran`, e && e.stack);
  }
  clearTimeout(timer);
  console.log(failures ? `${failures} failed` : 'all ok');
  process.exitCode = failures ? 1 : 0;
}

main();
